"""Parse and validate a service directory CSV (format in docs/needs-and-services.md)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from checkpoint.directory.details import ServiceDetails, detail_problems, pathway_from_text
from checkpoint.domain.errors import DomainError
from checkpoint.domain.needs import Pathway

COLUMNS = (
    "name",
    "provider",
    "pathways",
    "area",
    "phone",
    "email",
    "address",
    "website",
    "opening_hours",
    "notes",
    "active",
)
REQUIRED_COLUMNS = ("name", "provider", "pathways")
YES_NO = {"": True, "yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}
MAX_SHOWN = 50


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one field of one row."""

    line: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.problem}"


class DirectoryInvalid(DomainError):
    """The file has problems; nothing was imported."""

    def __init__(self, source: str, problems: list[RowProblem]) -> None:
        self.problems = problems
        listed = "\n".join(f"  {p}" for p in problems[:MAX_SHOWN])
        more = f"\n  ...and {len(problems) - MAX_SHOWN} more" if len(problems) > MAX_SHOWN else ""
        super().__init__(
            f"{source} has {len(problems)} problem(s); nothing was imported:\n{listed}{more}"
        )


def _pathways(line: int, text: str, problems: list[RowProblem]) -> tuple[Pathway, ...]:
    chosen: list[Pathway] = []
    for part in (p for p in text.replace("|", ";").split(";") if p.strip()):
        pathway = pathway_from_text(part)
        if pathway is None:
            problems.append(
                RowProblem(
                    line,
                    "pathways",
                    f"'{part.strip()}' is not a pathway "
                    f"({', '.join(p.value for p in Pathway)}; separate several with ';')",
                )
            )
        else:
            chosen.append(pathway)
    return tuple(chosen)


def _row(line: int, raw: dict[str, str | None], problems: list[RowProblem]) -> ServiceDetails:
    values = {k: (raw.get(k) or "").strip() for k in COLUMNS}
    pathways = _pathways(line, values["pathways"], problems)
    active = YES_NO.get(values["active"].lower())
    if active is None:
        problems.append(RowProblem(line, "active", f"'{values['active']}' is not yes or no"))
    details = ServiceDetails(
        name=values["name"],
        provider=values["provider"],
        pathways=pathways,
        area=values["area"],
        phone=values["phone"],
        email=values["email"],
        address=values["address"],
        website=values["website"],
        opening_hours=values["opening_hours"],
        notes=values["notes"],
        active=bool(active) if active is not None else True,
    ).cleaned()
    for name, problem in detail_problems(details):
        if name == "pathways" and values["pathways"]:
            continue  # every named pathway was wrong, and each has been reported already
        problems.append(RowProblem(line, name, problem))
    return details


def parse_directory(lines: Iterable[str], *, source: str) -> list[ServiceDetails]:
    """Return every service in a directory file, or raise DirectoryInvalid listing every problem."""
    reader = csv.DictReader(lines)
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    problems = [RowProblem(1, c, "column is missing") for c in REQUIRED_COLUMNS if c not in header]
    problems += [
        RowProblem(1, c, f"is not a column a directory file can have ({', '.join(COLUMNS)})")
        for c in header
        if c not in COLUMNS
    ]
    if problems:
        raise DirectoryInvalid(source, problems)
    rows: list[ServiceDetails] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        if None in raw:
            problems.append(RowProblem(line, "(row)", "has more cells than the header"))
            continue
        if not any((v or "").strip() for v in raw.values()):
            continue  # a blank line
        details = _row(line, raw, problems)
        key = details.name.lower()
        if key and key in seen:
            problems.append(RowProblem(line, "name", f"'{details.name}' repeats line {seen[key]}"))
        seen.setdefault(key, line)
        rows.append(details)
    if problems:
        raise DirectoryInvalid(source, problems)
    if not rows:
        raise DirectoryInvalid(source, [RowProblem(2, "name", "the file has no services")])
    return rows


def read_directory(path: Path) -> list[ServiceDetails]:
    """Read and validate a directory file."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return parse_directory(handle, source=path.name)
    except UnicodeDecodeError as error:
        raise DomainError(f"{path.name} is not UTF-8 text ({error.reason}).") from None
    except FileNotFoundError:
        raise DomainError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise DomainError(f"{path} is a directory, not a CSV file.") from None

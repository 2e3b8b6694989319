"""Parse and validate an offence catalogue CSV (format in docs/offence-catalogue.md)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from checkpoint.domain.errors import DomainError
from checkpoint.domain.offences import GRAVITY_SCORES, ModeOfTrial, OffenceFamily
from checkpoint.domain.screening import OffenceFacts

DEFAULT_CATALOGUE = Path(__file__).parent / "data" / "offences.csv"
COLUMNS = (
    "code",
    "title",
    "family",
    "mode_of_trial",
    "ho_code",
    "gravity_score",
    "legislation",
    "default_serious",
    "source",
)
REQUIRED = ("code", "title", "family", "mode_of_trial", "legislation", "source")
YES_NO = {"yes": True, "no": False}


@dataclass(frozen=True)
class CatalogueRow:
    """One validated offence from the file."""

    code: str
    title: str
    family: OffenceFamily
    mode_of_trial: ModeOfTrial
    ho_code: str
    gravity_score: int | None
    legislation: str
    default_serious: bool
    source: str


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one field of one row."""

    line: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.problem}"


class CatalogueInvalid(DomainError):
    """The file has problems; nothing was imported."""

    def __init__(self, source: str, problems: list[RowProblem]) -> None:
        self.problems = problems
        listed = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  ...and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(
            f"{source} has {len(problems)} problem(s); nothing was imported:\n{listed}{more}"
        )


def _row(line: int, raw: dict[str, str], problems: list[RowProblem]) -> CatalogueRow | None:
    values = {k: (raw.get(k) or "").strip() for k in COLUMNS}
    before = len(problems)
    for name in REQUIRED:
        if not values[name]:
            problems.append(RowProblem(line, name, "is empty"))
    family = mode = None
    try:
        family = OffenceFamily(values["family"])
    except ValueError:
        if values["family"]:
            problems.append(
                RowProblem(
                    line,
                    "family",
                    f"'{values['family']}' is not a known "
                    f"family ({', '.join(f.value for f in OffenceFamily)})",
                )
            )
    try:
        mode = ModeOfTrial(values["mode_of_trial"])
    except ValueError:
        if values["mode_of_trial"]:
            problems.append(
                RowProblem(
                    line,
                    "mode_of_trial",
                    f"'{values['mode_of_trial']}' is not one of "
                    f"{', '.join(m.value for m in ModeOfTrial)}",
                )
            )
    gravity: int | None = None
    if values["gravity_score"]:
        if values["gravity_score"].isdigit() and int(values["gravity_score"]) in GRAVITY_SCORES:
            gravity = int(values["gravity_score"])
        else:
            problems.append(
                RowProblem(
                    line, "gravity_score", f"'{values['gravity_score']}' is not 1, 2, 3 or 4"
                )
            )
    serious = YES_NO.get(values["default_serious"].lower() or "no")
    if serious is None:
        problems.append(
            RowProblem(line, "default_serious", f"'{values['default_serious']}' is not yes or no")
        )
    if len(problems) > before or family is None or mode is None:
        return None
    return CatalogueRow(
        code=values["code"],
        title=values["title"],
        family=family,
        mode_of_trial=mode,
        ho_code=values["ho_code"],
        gravity_score=gravity,
        legislation=values["legislation"],
        default_serious=bool(serious),
        source=values["source"],
    )


def parse_catalogue(lines: Iterable[str], *, source: str) -> list[CatalogueRow]:
    """Return every row of a catalogue, or raise CatalogueInvalid listing every problem."""
    reader = csv.DictReader(lines)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CatalogueInvalid(source, [RowProblem(1, c, "column is missing") for c in missing])
    problems: list[RowProblem] = []
    rows: list[CatalogueRow] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        row = _row(line, raw, problems)
        if row is None:
            continue
        if row.code in seen:
            problems.append(RowProblem(line, "code", f"'{row.code}' repeats line {seen[row.code]}"))
            continue
        seen[row.code] = line
        rows.append(row)
    if problems:
        raise CatalogueInvalid(source, problems)
    if not rows:
        raise CatalogueInvalid(source, [RowProblem(2, "code", "the file has no offences")])
    return rows


def read_catalogue(path: Path) -> list[CatalogueRow]:
    """Read and validate a catalogue file."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return parse_catalogue(handle, source=path.name)
    except UnicodeDecodeError as error:
        raise DomainError(f"{path.name} is not UTF-8 text ({error.reason}).") from None
    except FileNotFoundError:
        raise DomainError(f"There is no file {path}.") from None


def facts_from_rows(rows: list[CatalogueRow]) -> dict[str, OffenceFacts]:
    """Return the screening facts for each offence, keyed by code."""
    return {
        r.code: OffenceFacts(
            code=r.code,
            title=r.title,
            family=r.family,
            mode_of_trial=r.mode_of_trial,
            gravity_score=r.gravity_score,
        )
        for r in rows
    }


def catalogue_facts(path: Path = DEFAULT_CATALOGUE) -> dict[str, OffenceFacts]:
    """Read a catalogue file into screening facts without touching the database."""
    return facts_from_rows(read_catalogue(path))

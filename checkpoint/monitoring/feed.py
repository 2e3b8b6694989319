"""Read and validate a feed file row by row, streamed (schema in docs/monitoring.md).

Nothing here touches the database: the importer hands in the offence catalogue and takes
validated rows out, so a million-row file is never held in memory.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from checkpoint.domain.clocks import uk_date
from checkpoint.domain.disposals import Disposal
from checkpoint.domain.errors import DomainError
from checkpoint.domain.monitoring import RecordType
from checkpoint.domain.people import Sex

MAX_PROBLEMS = 1_000


class FeedFormat(StrEnum):
    """The file formats the import reads."""

    CSV = "csv"
    JSON = "json"  # a JSON array of objects, or JSON Lines (one object per line)

    @classmethod
    def for_path(cls, path: Path) -> FeedFormat:
        """Guess the format from the file name (.csv, .json, .jsonl, .ndjson)."""
        suffix = path.suffix.lower()
        if suffix == ".csv":
            return cls.CSV
        if suffix in {".json", ".jsonl", ".ndjson"}:
            return cls.JSON
        raise DomainError(f"{path.name}: cannot tell the format; give --format csv or json.")


# Column name -> maximum length for text fields; dates, times and enums are checked apart.
TEXT_FIELDS: dict[str, int] = {
    "source_system": 40,
    "source_record_id": 80,
    "pnc_id": 20,
    "force_person_id": 40,
    "given_names": 120,
    "family_name": 120,
    "address_area": 120,
    "postcode": 10,
}
COLUMNS = (
    "source_system",
    "source_record_id",
    "record_type",
    "pnc_id",
    "force_person_id",
    "given_names",
    "family_name",
    "date_of_birth",
    "sex",
    "address_area",
    "postcode",
    "offence_code",
    "offence_date",
    "event_time",
    "disposal",
    "disposal_date",
)
REQUIRED = (
    "source_system",
    "source_record_id",
    "record_type",
    "offence_code",
    "offence_date",
    "event_time",
    "disposal",
)
RECORD_TYPES = {t.value for t in RecordType}
DISPOSALS = {d.value for d in Disposal}
SEXES = {s.value for s in Sex}


@dataclass(frozen=True)
class FeedProblem:
    """What is wrong with one field of one row (row 1 is the first record, after any header)."""

    row: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.field}: {self.problem}"


class FeedInvalid(DomainError):
    """The file has problems; nothing was imported."""

    def __init__(self, source: str, problems: list[FeedProblem], count: int) -> None:
        self.problems = problems
        self.count = count
        listed = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  ...and {count - 50} more" if count > 50 else ""
        super().__init__(f"{source} has {count} problem(s); nothing was imported:\n{listed}{more}")


@dataclass(frozen=True, slots=True)
class FeedRow:
    """One validated record, ready to insert."""

    row: int
    source_system: str
    source_record_id: str
    record_type: str
    pnc_id: str
    force_person_id: str
    given_names: str
    family_name: str
    date_of_birth: date | None
    sex: str
    address_area: str
    postcode: str
    offence_id: int
    offence_date: date
    event_at: datetime
    disposal: str
    disposal_date: date | None


class Problems:
    """Collects row problems: the first MAX_PROBLEMS are kept, all are counted."""

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self.limit = limit
        self.kept: list[FeedProblem] = []
        self.count = 0

    def add(self, row: int, field: str, problem: str) -> None:
        """Record one problem."""
        self.count += 1
        if len(self.kept) < self.limit:
            self.kept.append(FeedProblem(row, field, problem))

    def __bool__(self) -> bool:
        return self.count > 0


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def raw_records(handle: IO[str], fmt: FeedFormat) -> Iterator[tuple[int, Mapping[str, Any] | None]]:
    """Yield (row number, record) from an open text file; a record that cannot be read is None."""
    if fmt is FeedFormat.CSV:
        reader = csv.DictReader(handle)
        for number, item in enumerate(reader, start=1):
            yield number, item
        return
    first = handle.read(1)
    while first and first.isspace():
        first = handle.read(1)
    if first == "[":
        # A JSON array is read whole; large feeds should use JSON Lines, which stream.
        try:
            items = json.loads(first + handle.read())
        except json.JSONDecodeError as error:
            raise DomainError(
                f"The file is not valid JSON: {error}; nothing was imported."
            ) from error
        for number, item in enumerate(items, start=1):
            yield number, item if isinstance(item, dict) else None
        return
    lines = _prepend(first, handle)
    number = 0
    for text in lines:
        if not text.strip():
            continue
        number += 1
        try:
            item = json.loads(text)
        except json.JSONDecodeError:
            yield number, None
            continue
        yield number, item if isinstance(item, dict) else None


def _prepend(first: str, handle: IO[str]) -> Iterator[str]:
    rest = handle.readline()
    yield first + rest
    yield from handle


def _date(value: str, row: int, name: str, problems: Problems) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.add(row, name, f"'{value[:40]}' is not a date (YYYY-MM-DD)")
        return None


def validate_record(
    row: int, item: Mapping[str, Any] | None, *, offences: Mapping[str, int], problems: Problems
) -> FeedRow | None:
    """Return the validated row, or None after adding its problems."""
    if item is None:
        problems.add(row, "(record)", "is not a JSON object")
        return None
    before = problems.count
    v = {name: _text(item.get(name)) for name in COLUMNS}
    for name in REQUIRED:
        if not v[name]:
            problems.add(row, name, "is empty")
    for name, limit in TEXT_FIELDS.items():
        if len(v[name]) > limit:
            problems.add(row, name, f"is longer than {limit} characters")
    if not (v["pnc_id"] or v["force_person_id"] or (v["family_name"] and v["date_of_birth"])):
        problems.add(
            row, "pnc_id", "no identity: give a PNC ID, a force person ID, or a name and birth date"
        )
    if v["record_type"] and v["record_type"] not in RECORD_TYPES:
        problems.add(
            row, "record_type", f"'{v['record_type'][:40]}' is not arrest, charge or outcome"
        )
    if v["disposal"] and v["disposal"] not in DISPOSALS:
        problems.add(row, "disposal", f"'{v['disposal'][:40]}' is not a known disposal")
    if v["sex"] and v["sex"] not in SEXES:
        problems.add(row, "sex", f"'{v['sex'][:40]}' is not female, male or not_known")
    offence_id = offences.get(v["offence_code"]) if v["offence_code"] else None
    if v["offence_code"] and offence_id is None:
        problems.add(
            row, "offence_code", f"'{v['offence_code'][:60]}' is not in the offence catalogue"
        )
    offence_date = (
        _date(v["offence_date"], row, "offence_date", problems) if v["offence_date"] else None
    )
    dob = _date(v["date_of_birth"], row, "date_of_birth", problems) if v["date_of_birth"] else None
    disposal_date = (
        _date(v["disposal_date"], row, "disposal_date", problems) if v["disposal_date"] else None
    )
    event_at: datetime | None = None
    if v["event_time"]:
        try:
            event_at = datetime.fromisoformat(v["event_time"])
        except ValueError:
            problems.add(
                row, "event_time", f"'{v['event_time'][:40]}' is not an ISO 8601 date and time"
            )
        else:
            if event_at.tzinfo is None or event_at.utcoffset() is None:
                # A time without its offset is ambiguous across the BST change (design.md).
                problems.add(row, "event_time", "has no time zone offset (e.g. +01:00 or Z)")
                event_at = None
    if offence_date and event_at and uk_date(event_at) < offence_date:
        problems.add(row, "event_time", "is before the offence date")
    if offence_date and disposal_date and disposal_date < offence_date:
        problems.add(row, "disposal_date", "is before the offence date")
    if dob and offence_date and dob >= offence_date:
        problems.add(row, "date_of_birth", "is not before the offence date")
    if v["disposal"] == Disposal.PENDING.value and disposal_date is not None:
        problems.add(row, "disposal_date", "is given for a pending disposal")
    if problems.count > before:
        return None
    assert offence_id is not None and offence_date is not None and event_at is not None
    return FeedRow(
        row=row,
        source_system=v["source_system"],
        source_record_id=v["source_record_id"],
        record_type=v["record_type"],
        pnc_id=v["pnc_id"],
        force_person_id=v["force_person_id"],
        given_names=v["given_names"],
        family_name=v["family_name"],
        date_of_birth=dob,
        sex=v["sex"],
        address_area=v["address_area"],
        postcode=v["postcode"].upper(),
        offence_id=offence_id,
        offence_date=offence_date,
        event_at=event_at,
        disposal=v["disposal"],
        disposal_date=disposal_date,
    )


def open_text(path: Path) -> IO[str]:
    """Open a feed file as UTF-8 text (a byte-order mark is allowed)."""
    return path.open(encoding="utf-8-sig", newline="")

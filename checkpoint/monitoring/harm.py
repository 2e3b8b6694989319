"""Crime harm tables: load the Cambridge CHI as the user downloads it, and look weights up.

The official Cambridge Crime Harm Index has no clear reuse licence (domain.md section 9), so
users load their own copy; the shipped table is indicative, built from public Sentencing
Council starting points, and says so everywhere it shows.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.domain.errors import DomainError
from checkpoint.monitoring.models import HarmTable, HarmWeight

if TYPE_CHECKING:
    from checkpoint.accounts.models import User

INDICATIVE_TABLE = Path(__file__).parent / "data" / "indicative-harm.csv"
INDICATIVE_NAME = "Indicative harm table (sentencing starting points)"
INDICATIVE_VERSION = "2026-11"
INDICATIVE_LABEL = f"{INDICATIVE_NAME} {INDICATIVE_VERSION} (indicative, not the Cambridge CHI)"

# Column headings differ between releases of the spreadsheet; map ours to theirs.
DEFAULT_COLUMNS: dict[str, str] = {
    "ho_code": "Home Office Offence Code",
    "category": "Offence Category",
    "days": "Harm Index (Days)",
}
INDICATIVE_COLUMNS: dict[str, str] = {
    "ho_code": "ho_code",
    "category": "category",
    "days": "days",
    "source": "source",
}


@dataclass(frozen=True)
class Weight:
    """A harm weight and the table it came from."""

    days: Decimal
    table: str


@dataclass(frozen=True)
class HarmRow:
    """One validated row of a harm table."""

    ho_code: str
    category: str
    days: Decimal
    source: str = ""


class HarmTableInvalid(DomainError):
    """The harm table has problems; nothing was loaded."""


def xlsx_supported() -> bool:
    """Return whether openpyxl is installed, so .xlsx files can be read directly."""
    return importlib.util.find_spec("openpyxl") is not None


def _xlsx_rows(data: bytes) -> Iterator[dict[str, str]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
    for row in rows:
        yield {h: "" if v is None else str(v) for h, v in zip(header, row, strict=False)}


def parse_harm_rows(
    raw: Iterable[dict[str, str]],
    *,
    columns: dict[str, str],
    source: str,
    allow_empty: bool = False,
) -> list[HarmRow]:
    """Validate a harm table's rows, reporting every problem with its line and column."""
    problems: list[str] = []
    rows: dict[str, HarmRow] = {}
    for line, item in enumerate(raw, start=2):
        values = {ours: (item.get(theirs) or "").strip() for ours, theirs in columns.items()}
        code = values.get("ho_code", "")
        if not code and not values.get("days"):
            continue  # blank spreadsheet rows
        if not code:
            problems.append(f"line {line}, {columns['ho_code']}: is empty")
            continue
        try:
            days = Decimal(values.get("days", "").replace(",", ""))
        except InvalidOperation:
            problems.append(
                f"line {line}, {columns['days']}: '{values.get('days')}' is not a number"
            )
            continue
        if days < 0:
            problems.append(f"line {line}, {columns['days']}: must not be negative")
            continue
        if code in rows:
            problems.append(f"line {line}, {columns['ho_code']}: '{code}' appears twice")
            continue
        rows[code] = HarmRow(
            ho_code=code,
            category=values.get("category", ""),
            days=days.quantize(Decimal("0.01")),
            source=values.get("source", ""),
        )
    if not rows and not problems and not allow_empty:
        problems.append(
            f"no rows found; expected columns {', '.join(repr(c) for c in columns.values())}"
        )
    if problems:
        listed = "\n".join(f"  {p}" for p in problems[:50])
        raise HarmTableInvalid(
            f"{source} has {len(problems)} problem(s); nothing was loaded:\n{listed}"
        )
    return list(rows.values())


def read_harm_file(
    path: Path, *, columns: dict[str, str] | None = None
) -> tuple[list[HarmRow], str]:
    """Read a harm table from .csv (or .xlsx when openpyxl is installed); return rows and hash."""
    columns = {**DEFAULT_COLUMNS, **(columns or {})}
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() == ".xlsx":
        if not xlsx_supported():
            raise HarmTableInvalid(
                f"{path.name}: .xlsx needs openpyxl, which is not installed; save the sheet "
                "as CSV and load that instead."
            )
        raw: Iterable[dict[str, str]] = _xlsx_rows(data)
    else:
        raw = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    return parse_harm_rows(raw, columns=columns, source=path.name), digest


@transaction.atomic
def harm_table_load(
    *,
    actor: User | None,
    path: Path,
    name: str,
    version: str,
    published_on: date | None = None,
    columns: dict[str, str] | None = None,
    indicative: bool = False,
    activate: bool = True,
) -> HarmTable:
    """Load a harm table from a file and (by default) make it the active one."""
    rows, digest = read_harm_file(path, columns=columns)
    if activate:
        HarmTable.objects.filter(active=True).update(active=False)
    table = HarmTable.objects.create(
        name=name,
        version=version,
        published_on=published_on,
        indicative=indicative,
        sha256=digest,
        loaded_at=timezone.now(),
        loaded_by=actor,
        active=activate,
    )
    HarmWeight.objects.bulk_create(
        HarmWeight(
            table=table, ho_code=r.ho_code, category=r.category, days=r.days, source=r.source
        )
        for r in rows
    )
    audit_record(
        actor=actor,
        action=AuditAction.COLLECTION,
        verb="harm_table.load",
        target=table,
        summary=f"Harm table {table.label} loaded from {path.name}: {len(rows)} codes",
        after={"sha256": digest, "codes": len(rows), "active": activate},
    )
    return table


@cache
def indicative_weights() -> dict[str, Decimal]:
    """Return the shipped indicative table's weights by Home Office code."""
    with INDICATIVE_TABLE.open(encoding="utf-8", newline="") as handle:
        rows = parse_harm_rows(
            csv.DictReader(row for row in handle if not row.startswith("#")),
            columns=INDICATIVE_COLUMNS,
            source=INDICATIVE_TABLE.name,
            allow_empty=True,
        )
    return {r.ho_code: r.days for r in rows}


def active_table() -> HarmTable | None:
    """Return the harm table in use, or None when only the shipped indicative table exists."""
    return HarmTable.objects.filter(active=True).first()


def active_table_label() -> str:
    """Return the label of the harm table weights come from."""
    table = active_table()
    return table.label if table is not None else INDICATIVE_LABEL


def harm_weight(ho_code: str) -> Weight | None:
    """Return the harm weight of a Home Office code in the active table (or the indicative one)."""
    if not ho_code:
        return None
    table = active_table()
    if table is None:
        days = indicative_weights().get(ho_code)
        return Weight(days=days, table=INDICATIVE_LABEL) if days is not None else None
    weight = HarmWeight.objects.filter(table=table, ho_code=ho_code).first()
    return Weight(days=weight.days, table=table.label) if weight is not None else None

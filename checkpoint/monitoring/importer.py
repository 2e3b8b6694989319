"""Import a feed file all or nothing, streamed in batches, and link exact identifier matches.

One transaction holds the whole file: rows are validated and inserted a batch at a time
(COPY on PostgreSQL, bulk inserts elsewhere), so memory stays flat however long the file;
any problem rolls everything back and the report names each row and field.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import connection, models, transaction
from django.utils import timezone

from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.domain.errors import DomainError
from checkpoint.domain.monitoring import LinkMethod
from checkpoint.domain.roles import Role
from checkpoint.monitoring.feed import (
    FeedFormat,
    FeedInvalid,
    FeedRow,
    Problems,
    file_sha256,
    open_text,
    raw_records,
    validate_record,
)
from checkpoint.monitoring.models import FeedImport, FeedRecord
from checkpoint.monitoring.services import follow_up_apply
from checkpoint.offences.models import Offence
from checkpoint.people.models import CustodyEvent, Person
from checkpoint.web.demo.progress import NoProgress, Progress

if TYPE_CHECKING:
    from checkpoint.accounts.models import User

BATCH_SIZE = 5_000
# Keeps IN (...) lists under SQLite's bound-parameter limit.
LOOKUP_CHUNK = 900
INSERT_COLUMNS = (
    "feed_import_id",
    "line",
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
    "offence_id",
    "offence_date",
    "event_at",
    "disposal",
    "disposal_date",
    "link_method",
    "link_reason",
    "person_id",
    "linked_at",
    "custody_event_id",
)
EVENT_COLUMNS = (
    "id",
    "person_id",
    "occurred_at",
    "offence_id",
    "offence_date",
    "disposal",
    "disposal_date",
    "source",
)


@dataclass
class FeedImportResult:
    """What an import did; `already_imported` means the same file was seen before."""

    feed_import: FeedImport
    already_imported: bool = False
    rows: int = 0
    created: int = 0
    skipped: int = 0
    linked: dict[str, int] = field(default_factory=dict)
    reoffences: int = 0
    seconds: float = 0.0


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


class _Writer:
    """Checks a batch for records already held, links exact identifiers, then inserts it.

    Exact identifiers win (docs/monitoring.md): a row whose PNC ID, or else force person ID,
    matches a person is linked as it is written, and its custody event written with it, so
    a million rows need no second pass over the table.
    """

    def __init__(self, feed_import: FeedImport, now: datetime) -> None:
        self.feed_import = feed_import
        self.now = now
        self.source = f"feed:{feed_import.pk}"
        self.created = 0
        self.skipped = 0
        self.linked = {LinkMethod.EXACT_PNC.value: 0, LinkMethod.EXACT_FORCE_ID.value: 0}
        self.postgres = connection.vendor == "postgresql"

    def flush(self, batch: list[FeedRow], problems: Problems) -> None:
        """Insert a batch; a record id repeated within this file is a row problem."""
        held = self._held(batch)
        fresh: list[FeedRow] = []
        seen: set[tuple[str, str]] = set()
        for row in batch:
            key = (row.source_system, row.source_record_id)
            earlier = held.get(key)
            if key in seen or earlier == self.feed_import.pk:
                problems.add(row.row, "source_record_id", "appears more than once in the file")
            elif earlier is not None:
                self.skipped += 1  # already imported from an earlier file: provenance kept there
            else:
                seen.add(key)
                fresh.append(row)
        if problems or not fresh:
            return
        links = self._links(fresh)
        events = self._events(fresh, links)
        values = [
            self._values(row, link, event)
            for row, link, event in zip(fresh, links, events, strict=True)
        ]
        if self.postgres:
            self._copy(FeedRecord._meta.db_table, INSERT_COLUMNS, values)
        else:
            FeedRecord.objects.bulk_create(
                (FeedRecord(**dict(zip(INSERT_COLUMNS, v, strict=True))) for v in values),
                batch_size=1_000,
            )
        self.created += len(fresh)

    def _lookup(self, model: type[models.Model], column: str, values: list[str]) -> dict[str, int]:
        """Return {value: id} for rows of `model` whose `column` is one of `values`."""
        found: dict[str, int] = {}
        if not values:
            return found
        if self.postgres:
            # One array parameter instead of thousands of bound values.
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {column}, id FROM {model._meta.db_table} WHERE {column} = ANY(%s)",  # noqa: S608
                    [values],
                )
                found.update(cursor.fetchall())
            return found
        for start in range(0, len(values), LOOKUP_CHUNK):
            chunk = values[start : start + LOOKUP_CHUNK]
            found.update(
                model._default_manager.filter(**{f"{column}__in": chunk}).values_list(column, "id")
            )
        return found

    def _held(self, batch: list[FeedRow]) -> dict[tuple[str, str], int]:
        by_system: dict[str, list[str]] = defaultdict(list)
        for row in batch:
            by_system[row.source_system].append(row.source_record_id)
        held: dict[tuple[str, str], int] = {}
        for system, ids in by_system.items():
            if self.postgres:
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT source_record_id, feed_import_id FROM {FeedRecord._meta.db_table} "  # noqa: S608
                        "WHERE source_system = %s AND source_record_id = ANY(%s)",
                        [system, ids],
                    )
                    held.update({(system, rid): imp for rid, imp in cursor.fetchall()})
                continue
            for start in range(0, len(ids), LOOKUP_CHUNK):
                found = FeedRecord.objects.filter(
                    source_system=system, source_record_id__in=ids[start : start + LOOKUP_CHUNK]
                ).values_list("source_record_id", "feed_import_id")
                held.update({(system, rid): imp for rid, imp in found})
        return held

    def _links(self, rows: list[FeedRow]) -> list[tuple[int, LinkMethod] | None]:
        by_pnc = self._lookup(Person, "pnc_id", sorted({r.pnc_id for r in rows if r.pnc_id}))
        by_force = self._lookup(
            Person,
            "force_person_id",
            sorted({r.force_person_id for r in rows if r.force_person_id}),
        )
        links: list[tuple[int, LinkMethod] | None] = []
        for row in rows:
            link: tuple[int, LinkMethod] | None = None
            if row.pnc_id in by_pnc:
                link = (by_pnc[row.pnc_id], LinkMethod.EXACT_PNC)
            elif row.force_person_id in by_force:
                link = (by_force[row.force_person_id], LinkMethod.EXACT_FORCE_ID)
            if link is not None:
                self.linked[link[1].value] += 1
            links.append(link)
        return links

    def _events(
        self, rows: list[FeedRow], links: list[tuple[int, LinkMethod] | None]
    ) -> list[int | None]:
        """Write the linked rows' custody events and return their ids, aligned with the rows."""
        linked = [(row, link[0]) for row, link in zip(rows, links, strict=True) if link]
        if not linked:
            return [None] * len(rows)
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [CustodyEvent._meta.db_table, len(linked)],
                )
                ids = [int(i) for (i,) in cursor.fetchall()]
            self._copy(
                CustodyEvent._meta.db_table,
                EVENT_COLUMNS,
                [
                    (
                        event_id,
                        person_id,
                        row.event_at,
                        row.offence_id,
                        row.offence_date,
                        row.disposal,
                        row.disposal_date,
                        self.source,
                    )
                    for event_id, (row, person_id) in zip(ids, linked, strict=True)
                ],
            )
        else:
            made = CustodyEvent.objects.bulk_create(
                [
                    CustodyEvent(
                        person_id=person_id,
                        occurred_at=row.event_at,
                        offence_id=row.offence_id,
                        offence_date=row.offence_date,
                        disposal=row.disposal,
                        disposal_date=row.disposal_date,
                        source=self.source,
                    )
                    for row, person_id in linked
                ],
                batch_size=1_000,
            )
            ids = [int(e.pk) for e in made]
        given = iter(ids)
        return [next(given) if link else None for link in links]

    def _values(
        self, row: FeedRow, link: tuple[int, LinkMethod] | None, event: int | None
    ) -> tuple[object, ...]:
        return (
            self.feed_import.pk,
            row.row,
            row.source_system,
            row.source_record_id,
            row.record_type,
            row.pnc_id,
            row.force_person_id,
            row.given_names,
            row.family_name,
            row.date_of_birth,
            row.sex,
            row.address_area,
            row.postcode,
            row.offence_id,
            row.offence_date,
            row.event_at,
            row.disposal,
            row.disposal_date,
            link[1].value if link else "",
            "",
            link[0] if link else None,
            self.now if link else None,
            event,
        )

    def _copy(self, table: str, columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
        with connection.cursor() as cursor:
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)


def feed_import(
    *,
    actor: User | None,
    path: Path,
    fmt: FeedFormat | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> FeedImportResult:
    """Import a feed file all or nothing; the same file twice changes nothing the second time."""
    if actor is not None and actor.role_enum is not Role.ADMINISTRATOR:
        raise DomainError("Only an administrator can import a feed from the force's systems.")
    progress = progress or NoProgress()
    fmt = fmt or FeedFormat.for_path(path)
    started = time.perf_counter()
    digest = file_sha256(path)
    earlier = FeedImport.objects.filter(sha256=digest).first()
    if earlier is not None:
        return FeedImportResult(feed_import=earlier, already_imported=True, rows=earlier.rows)
    total = _count_lines(path)
    offences = dict(Offence.objects.values_list("code", "pk"))
    with transaction.atomic():
        now = timezone.now()
        record = FeedImport.objects.create(
            file_name=path.name[:255],
            sha256=digest,
            file_format=fmt.value,
            imported_at=now,
            imported_by=actor,
        )
        if connection.vendor == "postgresql":
            # Check foreign keys batch by batch rather than queue millions of checks for the
            # commit; events are copied before the records that point at them.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        writer = _Writer(record, now)
        problems = Problems()
        batch: list[FeedRow] = []
        rows = 0
        progress.stage(f"Reading {path.name}", total)
        with open_text(path) as handle:
            for number, item in raw_records(handle, fmt):
                rows = number
                row = validate_record(number, item, offences=offences, problems=problems)
                if row is not None and not problems:
                    batch.append(row)
                if len(batch) >= batch_size:
                    writer.flush(batch, problems)
                    batch = []
                if number % batch_size == 0:
                    progress.advance(batch_size)
        writer.flush(batch, problems)
        progress.advance(rows % batch_size)
        if rows == 0:
            problems.add(0, "(file)", "has no records")
        if problems:
            raise FeedInvalid(path.name, problems.kept, problems.count)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's default for the rest
        linked = writer.linked
        followed = list(
            CustodyEvent.objects.filter(
                feed_record__feed_import=record, person__cases__decided_at__isnull=False
            )
            .distinct()
            .select_related("offence")
            .order_by("pk")
        )
        progress.stage("Checking follow-up windows", len(followed))
        reoffences = 0
        for event in followed:
            reoffences += len(follow_up_apply(event=event, now=now))
            progress.advance()
        seconds = time.perf_counter() - started
        record.rows = rows
        record.created = writer.created
        record.skipped = writer.skipped
        record.linked = sum(linked.values())
        record.seconds = round(seconds, 2)
        record.save(update_fields=["rows", "created", "skipped", "linked", "seconds"])
        audit_record(
            actor=actor,
            action=AuditAction.COLLECTION,
            verb="feed.import",
            target=record,
            summary=(
                f"Imported {path.name}: {writer.created} records, {writer.skipped} already held"
            ),
            after={"sha256": digest, "rows": rows, "created": writer.created},
        )
        if record.linked:
            # One combination entry per import; each record keeps its method and time.
            audit_record(
                actor=actor,
                action=AuditAction.COMBINATION,
                verb="feed_record.link_exact",
                target=record,
                summary=(
                    f"Linked {record.linked} records from {path.name} to people by exact "
                    f"identifier (feed:{record.pk})"
                ),
                after=linked,
            )
    return FeedImportResult(
        feed_import=record,
        rows=rows,
        created=writer.created,
        skipped=writer.skipped,
        linked=linked,
        reoffences=reoffences,
        seconds=seconds,
    )

"""Writes to the offence catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from checkpoint.accounts.models import User
from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.domain.errors import DomainError
from checkpoint.domain.roles import Role
from checkpoint.offences.catalogue import CatalogueRow, read_catalogue
from checkpoint.offences.models import Offence


@dataclass(frozen=True)
class ImportResult:
    """How many offences an import added, changed and left alone."""

    created: int
    updated: int
    unchanged: int


def _fields(row: CatalogueRow) -> dict[str, object]:
    return {
        "title": row.title,
        "family": row.family.value,
        "mode_of_trial": row.mode_of_trial.value,
        "ho_code": row.ho_code,
        "gravity_score": row.gravity_score,
        "legislation": row.legislation,
        "default_serious": row.default_serious,
        "source": row.source,
    }


@transaction.atomic
def offence_catalogue_import(*, actor: User | None, path: Path) -> ImportResult:
    """Add or update offences from a CSV file, matching on code; all rows or none."""
    if actor is not None and actor.role_enum is not Role.ADMINISTRATOR:
        raise DomainError("Only an administrator can change the offence catalogue.")
    rows = read_catalogue(path)
    existing = {o.code: o for o in Offence.objects.filter(code__in=[r.code for r in rows])}
    created, updated, unchanged = [], [], 0
    for row in rows:
        fields = _fields(row)
        current = existing.get(row.code)
        if current is None:
            created.append(Offence(code=row.code, **fields))
        elif any(getattr(current, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(current, name, value)
            updated.append(current)
        else:
            unchanged += 1
    Offence.objects.bulk_create(created)
    Offence.objects.bulk_update(updated, list(_fields(rows[0]).keys()))
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="offences.import",
        object_type="offences.catalogue",
        object_id=path.name,
        summary=f"Imported {path.name}: {len(created)} added, {len(updated)} changed",
        after={"added": [o.code for o in created], "changed": [o.code for o in updated]},
    )
    return ImportResult(created=len(created), updated=len(updated), unchanged=unchanged)

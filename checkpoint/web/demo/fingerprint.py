"""A SHA-256 over the demo rows, to prove the same seed gives the same data.

The dump leaves out what is not decided by the seed: automatic primary keys (foreign keys
are replaced by natural keys such as a case reference or a username), password hashes
(their salts are random by design), sign-in times, and the audit log (stamped with the
wall clock). Rows are sorted, and instants are written in UTC, so the digest is the same
on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from checkpoint.accounts.models import Team, User
from checkpoint.casework.models import Case, CaseEvent, CaseOffence
from checkpoint.people.models import CustodyEvent, Person, PersonName
from checkpoint.screening.models import ScreeningApproval, ScreeningDecision


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo is not None else value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _json(value: Any) -> str:
    """Return JSON text that is the same whichever database stored the value (jsonb sorts keys)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _table(name: str, rows: Iterable[tuple[Any, ...]]) -> list[str]:
    lines = [
        json.dumps(
            [name, *(_value(v) for v in row)],
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
            default=str,
        )
        for row in rows
    ]
    lines.sort()
    return lines


def canonical_dump() -> list[str]:
    """Return the demo rows as sorted JSON lines, free of primary keys and wall-clock values."""
    lines: list[str] = []
    lines += _table("team", Team.objects.values_list("name", "area"))
    lines += _table(
        "user",
        User.objects.values_list(
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "team__name",
            "collar_number",
            "caseload_limit",
            "is_active",
            "is_staff",
            "is_superuser",
        ),
    )
    lines += _table(
        "person",
        Person.objects.values_list(
            "force_person_id",
            "pnc_id",
            "date_of_birth",
            "sex",
            "ethnicity_self_defined",
            "ethnicity_officer_observed",
            "address_area",
            "created_at",
        ),
    )
    lines += _table(
        "name",
        PersonName.objects.values_list(
            "person__force_person_id",
            "kind",
            "given_names",
            "family_name",
        ),
    )
    lines += _table(
        "custody",
        CustodyEvent.objects.values_list(
            "person__force_person_id",
            "occurred_at",
            "offence__code",
            "offence_date",
            "disposal",
            "disposal_date",
            "source",
        ),
    )
    lines += _table(
        "case",
        Case.objects.values_list(
            "reference",
            "person__force_person_id",
            "state",
            "custody_reference",
            "team__name",
            "navigator__username",
            "referring_officer__username",
            "decided_by__username",
            "referred_at",
            "decided_at",
            "contract_started_on",
            "contract_length_months",
            "contract_extension_days",
            "state_changed_at",
        ),
    )
    lines += _table(
        "case_offence",
        CaseOffence.objects.values_list(
            "case__reference",
            "offence__code",
            "committed_on",
            "is_primary",
        ),
    )
    lines += _table(
        "case_event",
        (
            (*row[:-1], _json(row[-1]))
            for row in CaseEvent.objects.values_list(
                "case__reference",
                "occurred_at",
                "kind",
                "actor__username",
                "transition",
                "from_state",
                "to_state",
                "summary",
                "detail",
                "data",
            )
        ),
    )
    # A decision's natural key is its case and instant; JSON columns are dumped canonically.
    lines += _table(
        "screening_decision",
        (
            (*row[:6], *(_json(v) for v in row[6:9]), *row[9:12], _json(row[12]), row[13])
            for row in ScreeningDecision.objects.values_list(
                "case__reference",
                "decided_at",
                "decided_by__username",
                "policy_name",
                "policy_version",
                "policy_sha256",
                "inputs",
                "results",
                "forecast",
                "computed_outcome",
                "requested_outcome",
                "departure_reason",
                "approvals_needed",
                "limitation_last_date",
            )
        ),
    )
    lines += _table(
        "screening_approval",
        ScreeningApproval.objects.values_list(
            "decision__case__reference",
            "decision__decided_at",
            "approval",
            "granted",
            "note",
            "decided_at",
            "decided_by__username",
        ),
    )
    return lines


def demo_fingerprint() -> str:
    """Return the SHA-256 of the canonical dump of the demo rows in the database."""
    digest = hashlib.sha256()
    for line in canonical_dump():
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()

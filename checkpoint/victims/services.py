"""Writes to victims' records: only victim liaison officers and the team's supervisors.

Each write is audited (the data subject is the victim, not the person referred, so the
audit row carries no `person_id`) and noted on the case timeline without the victim's
details, since the timeline is read by everyone who works the case.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from checkpoint.accounts.models import User
from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record, snapshot
from checkpoint.casework.models import Case, CaseEvent, CaseEventKind
from checkpoint.casework.services import actor_role
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.errors import DomainError
from checkpoint.domain.roles import Role
from checkpoint.victims.models import ContactWay, RestorativeOption, Victim, VictimUpdate

EDITABLE = (
    "name",
    "phone",
    "email",
    "address",
    "preferred_contact",
    "contact_notes",
    "wants_updates",
    "views",
    "restorative_option",
    "restorative_wishes",
)
# The audit keeps which fields changed; the values of contact details stay in the record.
PRIVATE = frozenset({"name", "phone", "email", "address", "contact_notes", "views"})


def _require_liaison(actor: User, case: Case) -> None:
    role = actor_role(actor)
    if role not in {Role.VICTIM_LIAISON, Role.SUPERVISOR}:
        raise DomainError("Only victim liaison officers and supervisors keep victims' records.")
    if actor.team_id is None or case.team_id != actor.team_id:
        raise DomainError(f"{case.reference} is not a case of your team.")


def _note(case: Case, actor: User, summary: str) -> None:
    CaseEvent.objects.create(
        case=case,
        occurred_at=timezone.now(),
        kind=CaseEventKind.NOTE,
        actor=actor,
        summary=summary,
    )


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise DomainError(f"{', '.join(sorted(unknown))} cannot be set on a victim's record.")
    cleaned = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    if "name" in cleaned and not cleaned["name"]:
        raise DomainError("Give the victim's name.")
    if "restorative_option" in cleaned:
        cleaned["restorative_option"] = RestorativeOption(cleaned["restorative_option"]).value
    if cleaned.get("preferred_contact"):
        cleaned["preferred_contact"] = ContactWay(cleaned["preferred_contact"]).value
    return cleaned


def _redacted(values: dict[str, Any]) -> dict[str, Any]:
    return {k: ("(recorded)" if k in PRIVATE and v else v) for k, v in values.items()}


@transaction.atomic
def victim_record(*, actor: User, case: Case, name: str, **fields: Any) -> Victim:
    """Record a victim of the case's offence, with their views and restorative wishes."""
    _require_liaison(actor, case)
    values = _clean({"name": name, **fields})
    now = timezone.now()
    victim = Victim.objects.create(
        case=case, recorded_at=now, recorded_by=actor, changed_at=now, **values
    )
    option = RestorativeOption(victim.restorative_option).label.lower()
    _note(case, actor, f"Victim's views recorded (restorative option: {option})")
    audit_record(
        actor=actor,
        action=AuditAction.COLLECTION,
        verb="victim.record",
        target=victim,
        summary=f"{case.reference}: victim recorded",
        after=_redacted(snapshot(victim, EDITABLE)),
    )
    return victim


@transaction.atomic
def victim_change(*, actor: User, victim: Victim, **fields: Any) -> Victim:
    """Change a victim's details, views or restorative choice; the audit names each field."""
    locked = Victim.objects.select_for_update().select_related("case").get(pk=victim.pk)
    _require_liaison(actor, locked.case)
    values = _clean(fields)
    before = snapshot(locked, EDITABLE)
    changed = [k for k, v in values.items() if before[k] != v]
    if not changed:
        return locked
    for key in changed:
        setattr(locked, key, values[key])
    locked.changed_at = timezone.now()
    locked.save(update_fields=[*changed, "changed_at"])
    shown = ", ".join(k.replace("_", " ") for k in changed)
    _note(locked.case, actor, f"Victim's record changed: {shown}")
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="victim.change",
        target=locked,
        summary=f"{locked.case.reference}: victim's {shown} changed",
        before=_redacted({k: before[k] for k in changed}),
        after=_redacted({k: values[k] for k in changed}),
    )
    return locked


@transaction.atomic
def victim_update_record(
    *, actor: User, victim: Victim, given_on: date, method: ContactWay, summary: str
) -> VictimUpdate:
    """Log an update given to a victim: when, how, what was said, and by whom."""
    victim = Victim.objects.select_related("case").get(pk=victim.pk)
    _require_liaison(actor, victim.case)
    if not summary.strip():
        raise DomainError("Say what the victim was told.")
    today = uk_date(timezone.now())
    if given_on > today:
        raise DomainError("An update cannot be dated in the future.")
    update = VictimUpdate.objects.create(
        victim=victim,
        given_on=given_on,
        method=ContactWay(method).value,
        summary=summary.strip(),
        given_by=actor,
        recorded_at=timezone.now(),
    )
    _note(
        victim.case,
        actor,
        f"Update given to a victim by {ContactWay(method).label.lower()} "
        f"on {given_on.day} {given_on:%B %Y}",
    )
    audit_record(
        actor=actor,
        action=AuditAction.DISCLOSURE,
        verb="victim.update",
        target=update,
        summary=f"{victim.case.reference}: update given to a victim",
        after={"victim": victim.pk, "given_on": given_on, "method": update.method},
        recipient=f"Victim {victim.pk} of {victim.case.reference}",
    )
    return update

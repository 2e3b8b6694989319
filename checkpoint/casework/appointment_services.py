"""Writes for appointments and case notes: each on the timeline and audited, in one transaction."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from checkpoint.accounts.models import User
from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.casework.models import Appointment, Case, CaseEvent, CaseEventKind, CaseNote
from checkpoint.casework.services import actor_role
from checkpoint.domain.appointments import (
    WORKED_STATES,
    AppointmentKind,
    Attendance,
    ContactMethod,
    NoteBasis,
    booking_problems,
    is_enforceable,
    outcome_problems,
    reschedule_problems,
)
from checkpoint.domain.clocks import to_uk_time
from checkpoint.domain.errors import DomainError
from checkpoint.domain.roles import Role


def when(instant: datetime) -> str:
    """Return an instant as UK people write it: '3 December 2026 at 14:00'."""
    local = to_uk_time(instant)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def require_caseworker(actor: User, case: Case, doing: str) -> None:
    """Refuse anyone but the case's navigator or a supervisor of its team."""
    role = actor_role(actor)
    if role is Role.NAVIGATOR and case.navigator_id == actor.pk:
        return
    if role is Role.SUPERVISOR and actor.team_id is not None and case.team_id == actor.team_id:
        return
    raise DomainError(f"Only {case.reference}'s navigator or a supervisor of its team can {doing}.")


def require_worked(case: Case, doing: str) -> None:
    """Refuse work on a case no navigator is working."""
    if case.state_enum not in WORKED_STATES or case.navigator_id is None:
        raise DomainError(
            f"{case.reference} is '{case.state_enum.label}'"
            f"{'' if case.navigator_id else ' with no navigator'}, so you cannot {doing}."
        )


def refuse(problems: list[str], doing: str) -> None:
    """Raise one error naming every problem at once."""
    if problems:
        raise DomainError(f"Cannot {doing}: " + "; ".join(problems) + ".")


def _event(case: Case, actor: User, summary: str, detail: str = "", **data: object) -> None:
    CaseEvent.objects.create(
        case=case,
        occurred_at=timezone.now(),
        kind=CaseEventKind.NOTE,
        actor=actor,
        summary=summary[:300],
        detail=detail,
        data=data,
    )


def _facts(a: Appointment) -> dict[str, object]:
    return {
        "kind": a.kind,
        "starts_at": a.starts_at,
        "place": a.place,
        "replaces": a.replaces_id,
        "attendance": a.attendance or None,
        "acceptable": a.acceptable,
        "enforceable": a.enforceable,
    }


@transaction.atomic
def appointment_schedule(
    *,
    actor: User,
    case: Case,
    kind: AppointmentKind,
    starts_at: datetime,
    place: str,
    details: str = "",
) -> Appointment:
    """Book an appointment for the person (time stored in UTC, shown in UK time)."""
    doing = "book an appointment"
    case = Case.objects.select_for_update().get(pk=case.pk)
    require_caseworker(actor, case, doing)
    require_worked(case, doing)
    now = timezone.now()
    refuse(booking_problems(starts_at=starts_at, now=now, place=place), doing)
    appointment = Appointment.objects.create(
        case=case,
        kind=kind.value,
        starts_at=starts_at,
        place=place.strip(),
        details=details.strip(),
        booked_by=actor,
        booked_at=now,
    )
    summary = f"{kind.label} booked for {when(starts_at)} at {appointment.place}"
    _event(case, actor, summary, appointment.details, appointment=appointment.pk)
    audit_record(
        actor=actor,
        action=AuditAction.COLLECTION,
        verb="appointment.schedule",
        target=appointment,
        person_id=case.person_id,
        summary=f"{case.reference}: {summary}",
        after=_facts(appointment),
    )
    return appointment


@transaction.atomic
def appointment_reschedule(
    *,
    actor: User,
    appointment: Appointment,
    starts_at: datetime,
    reason: str,
    place: str = "",
) -> Appointment:
    """Move an appointment that has not happened (or was missed) by booking its replacement.

    The original stays as it was, and the new appointment names it, so the chain of
    moves can always be read back (HMPPS Refer and monitor keeps reschedules as a chain).
    """
    doing = "reschedule the appointment"
    old = Appointment.objects.select_for_update().select_related("case").get(pk=appointment.pk)
    case = old.case
    require_caseworker(actor, case, doing)
    require_worked(case, doing)
    now = timezone.now()
    place = place.strip() or old.place
    replaced = Appointment.objects.filter(replaces=old).exists()
    refuse(
        reschedule_problems(
            attendance=old.attendance_enum,
            replaced=replaced,
            old_starts_at=old.starts_at,
            new_starts_at=starts_at,
            now=now,
            place=place,
            reason=reason,
        ),
        doing,
    )
    new = Appointment.objects.create(
        case=case,
        kind=old.kind,
        starts_at=starts_at,
        place=place,
        details=old.details,
        replaces=old,
        reschedule_reason=reason.strip(),
        booked_by=actor,
        booked_at=now,
    )
    summary = (
        f"{old.kind_enum.label} moved from {when(old.starts_at)} to {when(starts_at)}"
        if old.attendance_enum is None
        else f"{old.kind_enum.label} rebooked for {when(starts_at)} after a missed appointment"
    )
    _event(case, actor, summary, reason.strip(), appointment=new.pk, replaces=old.pk)
    audit_record(
        actor=actor,
        action=AuditAction.COLLECTION,
        verb="appointment.reschedule",
        target=new,
        person_id=case.person_id,
        summary=f"{case.reference}: {summary}",
        before=_facts(old),
        after={**_facts(new), "reason": reason.strip()},
    )
    return new


@transaction.atomic
def appointment_record_outcome(
    *,
    actor: User,
    appointment: Appointment,
    attendance: Attendance,
    reason: str = "",
    acceptable: bool | None = None,
) -> Appointment:
    """Record whether the person attended, was late or did not attend, and why.

    The outcome is stored with whether it is enforceable, so a later breach proposal cites
    exactly what was recorded at the time.
    """
    doing = "record the outcome"
    locked = Appointment.objects.select_for_update().select_related("case").get(pk=appointment.pk)
    case = locked.case
    require_caseworker(actor, case, doing)
    require_worked(case, doing)
    now = timezone.now()
    if attendance is Attendance.ATTENDED:
        acceptable = None
    refuse(
        outcome_problems(
            attendance=attendance,
            reason=reason,
            acceptable=acceptable,
            starts_at=locked.starts_at,
            now=now,
            recorded=locked.attendance_enum is not None,
            replaced=Appointment.objects.filter(replaces=locked).exists(),
        ),
        doing,
    )
    before = _facts(locked)
    locked.attendance = attendance.value
    locked.outcome_reason = reason.strip()
    locked.acceptable = acceptable
    locked.enforceable = is_enforceable(attendance, acceptable)
    locked.outcome_recorded_by = actor
    locked.outcome_recorded_at = now
    locked.save(
        update_fields=[
            "attendance",
            "outcome_reason",
            "acceptable",
            "enforceable",
            "outcome_recorded_by",
            "outcome_recorded_at",
        ]
    )
    judged = ""
    if attendance is not Attendance.ATTENDED:
        judged = " (reason accepted)" if acceptable else " (reason not accepted: enforceable)"
    summary = f"{locked.kind_enum.label} on {when(locked.starts_at)}: {attendance.label}{judged}"
    _event(case, actor, summary, locked.outcome_reason, appointment=locked.pk)
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="appointment.outcome",
        target=locked,
        person_id=case.person_id,
        summary=f"{case.reference}: {summary}",
        before=before,
        after={**_facts(locked), "reason": locked.outcome_reason},
    )
    appointment.refresh_from_db()
    return appointment


@transaction.atomic
def case_note_add(
    *,
    actor: User,
    case: Case,
    basis: NoteBasis,
    text: str,
    contact_method: ContactMethod | None = None,
    appointment: Appointment | None = None,
) -> CaseNote:
    """Add a note marked as fact or opinion; a note can also record contact with the person."""
    doing = "add a note"
    require_caseworker(actor, case, doing)
    if not text.strip():
        raise DomainError("Cannot add a note: write the note.")
    if appointment is not None and appointment.case_id != case.pk:
        raise DomainError("Cannot add a note: the appointment belongs to another case.")
    note = CaseNote.objects.create(
        case=case,
        written_at=timezone.now(),
        author=actor,
        basis=basis.value,
        text=text.strip(),
        contact_method=contact_method.value if contact_method else "",
        appointment=appointment,
    )
    summary = f"Note ({basis.label.lower()})" + (
        f": contact by {contact_method.label.lower()}" if contact_method else ""
    )
    _event(case, actor, summary, note.text, note=note.pk)
    audit_record(
        actor=actor,
        action=AuditAction.COLLECTION,
        verb="case_note.add",
        target=note,
        person_id=case.person_id,
        summary=f"{case.reference}: {summary}",
        after={
            "basis": basis.value,
            "contact_method": note.contact_method or None,
            "appointment": appointment.pk if appointment else None,
        },
    )
    return note

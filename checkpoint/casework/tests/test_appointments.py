"""Appointment and note services: who may act, chains, outcomes, and what they record."""

from __future__ import annotations

import datetime as dt

import pytest

from checkpoint.audit.actions import AuditAction
from checkpoint.audit.models import AuditEvent
from checkpoint.casework.appointment_services import (
    appointment_record_outcome,
    appointment_reschedule,
    appointment_schedule,
    case_note_add,
)
from checkpoint.casework.models import Appointment, CaseEvent
from checkpoint.casework.tests.helpers import NOW, allocated_case, at, eligible_case, travel
from checkpoint.casework.work_selectors import appointments_for_case, last_contact_on
from checkpoint.domain.appointments import (
    AppointmentKind,
    Attendance,
    ChainLink,
    ContactMethod,
    NoteBasis,
    OutcomeStatus,
    chain_of,
)
from checkpoint.domain.errors import DomainError

pytestmark = pytest.mark.django_db
TOMORROW_2PM = at(dt.date(2026, 11, 26), 14)


@pytest.fixture(autouse=True)
def frozen():
    with travel(NOW):
        yield


def book(force, case, when=TOMORROW_2PM, kind=AppointmentKind.FIRST_MEETING, actor=None):
    return appointment_schedule(
        actor=actor or force.navigator, case=case, kind=kind, starts_at=when, place="Office"
    )


def test_booking_is_on_the_timeline_and_audited(force) -> None:
    case = allocated_case(force)
    appointment = book(force, case)
    assert appointment.booked_by == force.navigator and appointment.starts_at == TOMORROW_2PM
    event = CaseEvent.objects.get(case=case, data__appointment=appointment.pk)
    assert event.summary == "First meeting booked for 26 November 2026 at 14:00 at Office"
    audit = AuditEvent.objects.get(verb="appointment.schedule")
    assert audit.action == AuditAction.COLLECTION.value and audit.person_id == case.person_id


def test_only_the_navigator_or_a_team_supervisor_may_book(force) -> None:
    case = allocated_case(force)
    book(force, case, actor=force.supervisor)
    for outsider in (force.other_navigator, force.south_supervisor, force.victim_liaison):
        with pytest.raises(DomainError, match="navigator or a supervisor of its team"):
            book(force, case, actor=outsider)


def test_no_appointment_for_an_unallocated_case_or_in_the_past(force) -> None:
    with pytest.raises(DomainError, match="with no navigator"):
        book(force, eligible_case(force), actor=force.supervisor)
    case = allocated_case(force)
    with pytest.raises(DomainError, match="must be in the future; say where"):
        appointment_schedule(
            actor=force.navigator,
            case=case,
            kind=AppointmentKind.FIRST_MEETING,
            starts_at=NOW - dt.timedelta(hours=1),
            place=" ",
        )
    assert (
        not Appointment.objects.exists()
        and not AuditEvent.objects.filter(verb="appointment.schedule").exists()
    )


def test_british_summer_time_is_kept(force) -> None:
    case = allocated_case(force)
    summer = dt.datetime(2027, 6, 1, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    appointment = book(force, case, when=summer)
    appointment.refresh_from_db()
    assert appointment.starts_at == dt.datetime(2027, 6, 1, 13, 0, tzinfo=dt.UTC)
    assert "1 June 2027 at 14:00" in CaseEvent.objects.filter(case=case).last().summary


def test_reschedules_form_a_chain_and_nothing_is_deleted(force) -> None:
    case = allocated_case(force)
    first = book(force, case)
    second = appointment_reschedule(
        actor=force.navigator,
        appointment=first,
        starts_at=at(dt.date(2026, 11, 27), 10),
        reason="Job interview",
    )
    third = appointment_reschedule(
        actor=force.navigator,
        appointment=second,
        starts_at=at(dt.date(2026, 11, 27), 15),
        reason="Bus strike",
        place="Library",
    )
    with pytest.raises(DomainError, match="already rescheduled"):
        appointment_reschedule(
            actor=force.navigator,
            appointment=first,
            starts_at=at(dt.date(2026, 11, 28), 10),
            reason="again",
        )
    assert Appointment.objects.count() == 3
    links = [ChainLink(a.pk, a.replaces_id) for a in Appointment.objects.all()]
    assert chain_of(links, third.pk) == [first.pk, second.pk, third.pk]
    assert third.place == "Library" and second.place == "Office"
    rows = {r.appointment.pk: r for r in appointments_for_case(case, now=NOW)}
    assert rows[first.pk].status is OutcomeStatus.REPLACED
    assert rows[first.pk].replaced_by == second and not rows[first.pk].can_reschedule
    assert rows[third.pk].status is OutcomeStatus.UPCOMING and rows[third.pk].can_reschedule
    audit = AuditEvent.objects.get(verb="appointment.reschedule", object_id=str(second.pk))
    assert audit.before["starts_at"] and audit.after["reason"]


def test_outcomes_say_whether_they_are_enforceable(force) -> None:
    case = allocated_case(force)
    missed = book(force, case)
    late = book(
        force, case, when=at(dt.date(2026, 11, 26), 16), kind=AppointmentKind.COMMUNITY_WORK
    )
    with pytest.raises(DomainError, match="has not happened yet"):
        appointment_record_outcome(
            actor=force.navigator, appointment=missed, attendance=Attendance.ATTENDED
        )
    with travel(at(dt.date(2026, 11, 26), 18)):
        with pytest.raises(DomainError, match=r"give the reason.*say whether the reason"):
            appointment_record_outcome(
                actor=force.navigator, appointment=missed, attendance=Attendance.DID_NOT_ATTEND
            )
        appointment_record_outcome(
            actor=force.navigator,
            appointment=missed,
            attendance=Attendance.DID_NOT_ATTEND,
            reason="Overslept",
            acceptable=False,
        )
        appointment_record_outcome(
            actor=force.navigator,
            appointment=late,
            attendance=Attendance.LATE,
            reason="Train delayed",
            acceptable=True,
        )
        with pytest.raises(DomainError, match="already recorded"):
            appointment_record_outcome(
                actor=force.navigator, appointment=missed, attendance=Attendance.ATTENDED
            )
    missed.refresh_from_db()
    late.refresh_from_db()
    assert (missed.enforceable, late.enforceable) == (True, False)
    assert missed.outcome_recorded_by == force.navigator
    audit = AuditEvent.objects.get(verb="appointment.outcome", object_id=str(missed.pk))
    assert audit.before["attendance"] is None and audit.after["enforceable"] is True
    assert CaseEvent.objects.filter(
        summary__endswith="Did not attend (reason not accepted: enforceable)"
    ).exists()


def test_an_attended_appointment_cannot_be_moved(force) -> None:
    case = allocated_case(force)
    held = book(force, case)
    with travel(at(dt.date(2026, 11, 26), 15)):
        appointment_record_outcome(
            actor=force.navigator, appointment=held, attendance=Attendance.ATTENDED
        )
        with pytest.raises(DomainError, match="attended it"):
            appointment_reschedule(
                actor=force.navigator,
                appointment=held,
                starts_at=at(dt.date(2026, 11, 30), 10),
                reason="x",
            )


def test_notes_mark_fact_or_opinion_and_contact_counts(force) -> None:
    case = allocated_case(force)
    assert last_contact_on(case) is None
    case_note_add(
        actor=force.navigator,
        case=case,
        basis=NoteBasis.OPINION,
        text="Seems anxious about court.",
    )
    assert last_contact_on(case) is None
    note = case_note_add(
        actor=force.navigator,
        case=case,
        basis=NoteBasis.FACT,
        text="Phoned to confirm the meeting.",
        contact_method=ContactMethod.PHONE,
    )
    assert last_contact_on(case) == dt.date(2026, 11, 25)
    assert note.basis == "fact" and note.contact_method == "phone"
    with pytest.raises(DomainError, match="write the note"):
        case_note_add(actor=force.navigator, case=case, basis=NoteBasis.FACT, text=" ")
    with pytest.raises(DomainError, match="navigator or a supervisor"):
        case_note_add(actor=force.other_navigator, case=case, basis=NoteBasis.FACT, text="Not mine")
    assert AuditEvent.objects.filter(verb="case_note.add").count() == 2
    assert CaseEvent.objects.filter(case=case, summary="Note (opinion or assessment)").exists()

"""`checkpoint tick`: idempotent alerts for each kind, resolved when the cause goes; follow-up."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from checkpoint.audit.models import AuditEvent
from checkpoint.casework.appointment_services import (
    appointment_record_outcome,
    appointment_reschedule,
    appointment_schedule,
    case_note_add,
)
from checkpoint.casework.models import Alert, Case
from checkpoint.casework.tests.helpers import NOW, allocated_case, at, sign_contract, travel
from checkpoint.contracts.services import condition_evidence_record
from checkpoint.domain.appointments import (
    AppointmentKind,
    Attendance,
    ContactMethod,
    NoteBasis,
    WorkKind,
)
from checkpoint.domain.contracts import EvidenceKind
from checkpoint.domain.lifecycle import CaseState
from tests.factories import CaseOffenceFactory

pytestmark = pytest.mark.django_db


def tick(day: dt.date | None = None) -> dict[str, object]:
    """Run the command (as of a day, or now) and return its closing JSON line."""
    out = io.StringIO()
    args = ["--quiet"] + (["--date", day.isoformat()] if day else [])
    call_command("tick", *args, stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def open_kinds(case: Case) -> set[str]:
    return set(
        Alert.objects.filter(case=case, resolved_at__isnull=True).values_list("kind", flat=True)
    )


def snapshot() -> list[tuple]:
    return list(
        Alert.objects.order_by("id").values_list(
            "id", "case_id", "kind", "subject", "due_on", "overdue", "message", "resolved_at"
        )
    )


@pytest.fixture
def case(force) -> Case:
    with travel(NOW):
        return allocated_case(force)


def test_running_twice_gives_the_same_alerts(force, case) -> None:
    with travel(at(dt.date(2026, 12, 1), 6)):
        first = tick()
        before = snapshot()
        second = tick()
    assert first["alerts_raised"] == 1 and before
    assert second["alerts_raised"] == second["alerts_resolved"] == second["alerts_updated"] == 0
    assert snapshot() == before
    assert AuditEvent.objects.filter(verb="tick.run", actor__isnull=True).count() == 2


def test_first_appointment_not_booked_then_booked(force, case) -> None:
    with travel(at(dt.date(2026, 11, 26), 6)):
        tick()
        alert = Alert.objects.get(case=case)
        assert alert.kind == WorkKind.FIRST_APPOINTMENT and not alert.overdue
        assert alert.due_on == dt.date(2026, 11, 28)
    with travel(at(dt.date(2026, 11, 29), 6)):
        tick()
        alert.refresh_from_db()
        assert alert.overdue and alert.resolved_at is None
        appointment_schedule(
            actor=force.navigator,
            case=case,
            kind=AppointmentKind.FIRST_MEETING,
            starts_at=at(dt.date(2026, 11, 30), 10),
            place="Office",
        )
        tick()
    # Booked, but after the target: still flagged, now as booked too late.
    alert = Alert.objects.get(case=case, resolved_at__isnull=True)
    assert "after the 72-hour target" in alert.message


def test_outcome_not_recorded_becomes_overdue_then_resolves(force, case) -> None:
    with travel(NOW):
        meeting = appointment_schedule(
            actor=force.navigator,
            case=case,
            kind=AppointmentKind.FIRST_MEETING,
            starts_at=at(dt.date(2026, 11, 26), 14),
            place="Office",
        )
    with travel(at(dt.date(2026, 11, 26), 18)):
        tick()
        alert = Alert.objects.get(case=case, kind=WorkKind.OUTCOME_NOT_RECORDED)
        assert not alert.overdue and alert.subject == f"appointment:{meeting.pk}"
    tick(dt.date(2026, 11, 28))
    alert.refresh_from_db()
    assert alert.overdue
    with travel(at(dt.date(2026, 11, 28), 9)):
        appointment_record_outcome(
            actor=force.navigator, appointment=meeting, attendance=Attendance.ATTENDED
        )
        tick()
    alert.refresh_from_db()
    assert alert.resolved_at is not None
    assert open_kinds(case) == set()


def test_missed_appointment_until_rebooked(force, case) -> None:
    with travel(NOW):
        meeting = appointment_schedule(
            actor=force.navigator,
            case=case,
            kind=AppointmentKind.FIRST_MEETING,
            starts_at=at(dt.date(2026, 11, 26), 14),
            place="Office",
        )
    with travel(at(dt.date(2026, 11, 26), 16)):
        appointment_record_outcome(
            actor=force.navigator,
            appointment=meeting,
            attendance=Attendance.DID_NOT_ATTEND,
            reason="No answer",
            acceptable=False,
        )
        tick()
        assert open_kinds(case) == {WorkKind.MISSED_APPOINTMENT.value}
        appointment_reschedule(
            actor=force.navigator,
            appointment=meeting,
            starts_at=at(dt.date(2026, 11, 27), 14),
            reason="Rebooked after the miss",
        )
        tick()
        assert open_kinds(case) == set()


def test_condition_due_and_contract_ending(force, case) -> None:
    with travel(NOW):
        case = sign_contract(force, case)
    with travel(at(dt.date(2026, 12, 14), 6)):
        tick()
        alert = Alert.objects.get(case=case, kind=WorkKind.CONDITION_DUE)
        assert alert.subject == "condition:apology_letter" and alert.due_on == dt.date(2026, 12, 20)
        condition_evidence_record(
            actor=force.navigator,
            case=case,
            code="apology_letter",
            kind=EvidenceKind.EVIDENCE_RECEIVED,
            occurred_on=dt.date(2026, 12, 13),
            note="Letter received and checked",
        )
        tick()
        alert.refresh_from_db()
        assert alert.resolved_at is not None
    tick(dt.date(2027, 3, 15))
    ending = Alert.objects.get(case=case, kind=WorkKind.CONTRACT_ENDING)
    assert ending.due_on == dt.date(2027, 3, 25) and not ending.overdue


def test_s127_warning_for_a_summary_only_offence(force) -> None:
    with travel(NOW):
        case = sign_contract(force, allocated_case(force, summary_only=True))
    tick(dt.date(2027, 4, 10))  # the last date is 15 May 2027; 28 days' warning
    assert not Alert.objects.filter(case=case, kind=WorkKind.S127_NEAR).exists()
    tick(dt.date(2027, 4, 20))
    alert = Alert.objects.get(case=case, kind=WorkKind.S127_NEAR)
    assert alert.due_on == dt.date(2027, 5, 15) and "25 days left" in alert.message


def test_no_contact_for_longer_than_the_policy_allows(force, case) -> None:
    with travel(NOW):
        meeting = appointment_schedule(
            actor=force.navigator,
            case=case,
            kind=AppointmentKind.FIRST_MEETING,
            starts_at=at(dt.date(2026, 11, 26), 10),
            place="Office",
        )
    with travel(at(dt.date(2026, 11, 26), 12)):
        appointment_record_outcome(
            actor=force.navigator, appointment=meeting, attendance=Attendance.ATTENDED
        )
    tick(dt.date(2026, 12, 10))  # 14 days: within the policy
    assert open_kinds(case) == set()
    tick(dt.date(2026, 12, 11))
    assert open_kinds(case) == {WorkKind.NO_CONTACT.value}
    with travel(at(dt.date(2026, 12, 11), 9)):
        case_note_add(
            actor=force.navigator,
            case=case,
            basis=NoteBasis.FACT,
            text="Phoned; doing well",
            contact_method=ContactMethod.PHONE,
        )
        tick()
    assert open_kinds(case) == set()


def test_alerts_of_a_case_that_left_casework_are_resolved(force, case) -> None:
    tick(dt.date(2026, 11, 26))
    assert open_kinds(case) == {WorkKind.FIRST_APPOINTMENT.value}
    Case.objects.filter(pk=case.pk).update(state=CaseState.WITHDRAWN.value)
    tick(dt.date(2026, 11, 27))
    assert open_kinds(case) == set()


@pytest.mark.parametrize(
    ("state", "decided", "expected"),
    [
        (CaseState.COMPLETED, True, CaseState.FOLLOW_UP),
        (CaseState.REFERRED_FOR_PROSECUTION, True, CaseState.FOLLOW_UP),
        (CaseState.INELIGIBLE, True, CaseState.FOLLOW_UP),
        (CaseState.ALLOCATED_USUAL_PROCESS, True, CaseState.FOLLOW_UP),
        (CaseState.WITHDRAWN, True, CaseState.FOLLOW_UP),
        (CaseState.WITHDRAWN, False, CaseState.WITHDRAWN),
        (CaseState.ACTIVE, True, CaseState.ACTIVE),
    ],
)
def test_follow_up_starts_for_finished_decided_cases(
    force, state: CaseState, decided: bool, expected: CaseState
) -> None:
    with travel(NOW):
        case = CaseOffenceFactory(
            case__state=state.value,
            case__team=force.north,
            case__decided_at=timezone.now() if decided else None,
        ).case
        result = tick()
        again = tick()
    case.refresh_from_db()
    assert case.state == expected.value
    started = int(expected is CaseState.FOLLOW_UP and state is not CaseState.FOLLOW_UP)
    assert result["follow_ups_started"] == started and again["follow_ups_started"] == 0
    if started:
        event = case.events.get()
        assert event.actor is None and event.to_state == CaseState.FOLLOW_UP.value


def test_follow_up_closes_when_the_window_ends(force) -> None:
    with travel(NOW):
        case = CaseOffenceFactory(
            case__state=CaseState.FOLLOW_UP.value, case__decided_at=timezone.now()
        ).case
    assert tick(dt.date(2028, 11, 25))["closed"] == 0  # the last day of the window
    assert tick(dt.date(2028, 11, 26))["closed"] == 1
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED.value


def test_the_command_prints_a_summary(force, case) -> None:
    out = io.StringIO()
    call_command("tick", "--date", "2026-11-26", "--quiet", stdout=out)
    text = out.getvalue()
    assert "Daily check as of 26 November 2026 06:00" in text
    assert "Alerts raised:      1" in text and "Policy: checkpoint" in text


def test_a_bad_date_is_explained() -> None:
    with pytest.raises(CommandError, match="--date must be a date"):
        call_command("tick", "--date", "tomorrow")


def test_tick_leaves_alerts_raised_by_other_features_open(force, case) -> None:
    alert = Alert.objects.create(
        case=case,
        kind="new_offence",
        subject="feed record 1",
        due_on=NOW.date(),
        overdue=False,
        message="New offence while the contract is active",
        raised_at=NOW,
    )
    tick()
    alert.refresh_from_db()
    assert alert.resolved_at is None

"""Appointment rules and the work a case makes due: pure, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from checkpoint.domain.appointments import (
    AppointmentFact,
    AppointmentKind,
    Attendance,
    CaseWork,
    ChainLink,
    ConditionFact,
    OutcomeStatus,
    WorkKind,
    booking_problems,
    chain_of,
    contact_due_on,
    first_appointment_check,
    is_enforceable,
    outcome_problems,
    outcome_status,
    reschedule_problems,
    system_transition_due,
    work_due,
)
from checkpoint.domain.clocks import limitation_check
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import CaseState, Transition
from checkpoint.domain.offences import ModeOfTrial

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
FIRST = AppointmentKind.FIRST_MEETING


def appt(i: int, at: datetime, **kw: object) -> AppointmentFact:
    return AppointmentFact(id=i, kind=kw.pop("kind", FIRST), starts_at=at, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("attendance", "acceptable", "enforceable"),
    [
        (Attendance.ATTENDED, None, False),
        (Attendance.LATE, True, False),
        (Attendance.LATE, False, True),
        (Attendance.DID_NOT_ATTEND, True, False),
        (Attendance.DID_NOT_ATTEND, False, True),
    ],
)
def test_only_unexcused_absence_or_lateness_is_enforceable(
    attendance: Attendance, acceptable: bool | None, enforceable: bool
) -> None:
    assert is_enforceable(attendance, acceptable) is enforceable


def test_absence_needs_a_reason_and_a_judgement_and_the_appointment_must_have_happened() -> None:
    problems = outcome_problems(
        attendance=Attendance.DID_NOT_ATTEND,
        reason=" ",
        acceptable=None,
        starts_at=NOW + timedelta(hours=1),
        now=NOW,
        recorded=False,
        replaced=False,
    )
    assert len(problems) == 3
    assert any("not happened yet" in p for p in problems)
    assert not outcome_problems(
        attendance=Attendance.ATTENDED,
        reason="",
        acceptable=None,
        starts_at=NOW - timedelta(hours=1),
        now=NOW,
        recorded=False,
        replaced=False,
    )


def test_outcome_status_moves_from_upcoming_to_due_to_overdue() -> None:
    at = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)

    def status(now: datetime, **kw: bool) -> OutcomeStatus:
        return outcome_status(
            starts_at=at,
            now=now,
            recorded=kw.get("recorded", False),
            replaced=kw.get("replaced", False),
        )

    assert status(at - timedelta(minutes=1)) is OutcomeStatus.UPCOMING
    assert status(at) is OutcomeStatus.DUE
    assert status(datetime(2026, 11, 26, 23, 0, tzinfo=UTC)) is OutcomeStatus.DUE
    assert status(datetime(2026, 11, 27, 0, 0, tzinfo=UTC)) is OutcomeStatus.OVERDUE
    assert status(at + timedelta(days=9), recorded=True) is OutcomeStatus.RECORDED
    assert status(at + timedelta(days=9), replaced=True) is OutcomeStatus.REPLACED


def test_booking_needs_a_future_time_a_place_and_a_time_zone() -> None:
    assert booking_problems(starts_at=NOW - timedelta(hours=1), now=NOW, place="") == [
        "the appointment must be in the future",
        "say where the appointment is",
    ]
    with pytest.raises(DomainError, match="time zone"):
        booking_problems(starts_at=datetime(2026, 12, 1, 10, 0), now=NOW, place="Office")  # noqa: DTZ001


def test_only_unheld_or_missed_appointments_can_be_rescheduled_once() -> None:
    later = NOW + timedelta(days=2)
    ok = reschedule_problems(
        attendance=None,
        replaced=False,
        old_starts_at=NOW + timedelta(days=1),
        new_starts_at=later,
        now=NOW,
        place="Office",
        reason="Person is at a job interview",
    )
    assert ok == []
    missed = reschedule_problems(
        attendance=Attendance.DID_NOT_ATTEND,
        replaced=False,
        old_starts_at=NOW - timedelta(days=1),
        new_starts_at=later,
        now=NOW,
        place="Office",
        reason="Missed",
    )
    assert missed == []
    refused = reschedule_problems(
        attendance=Attendance.ATTENDED,
        replaced=True,
        old_starts_at=later,
        new_starts_at=later,
        now=NOW,
        place="Office",
        reason="",
    )
    assert len(refused) == 4


def test_a_chain_is_ordered_from_the_original() -> None:
    links = [ChainLink(3, 2), ChainLink(1, None), ChainLink(2, 1), ChainLink(9, None)]
    assert chain_of(links, 2) == [1, 2, 3]
    assert chain_of(links, 9) == [9]
    with pytest.raises(DomainError, match="replaced twice"):
        chain_of([*links, ChainLink(4, 1)], 1)
    with pytest.raises(DomainError, match="loops"):
        chain_of([ChainLink(1, 2), ChainLink(2, 1)], 1)


def test_first_appointment_target_counts_from_allocation() -> None:
    allocated = NOW
    in_time = appt(1, NOW + timedelta(hours=48))
    check = first_appointment_check(allocated_at=allocated, appointments=[in_time], target_hours=72)
    assert check.in_target and not check.needs_attention
    late = appt(2, NOW + timedelta(hours=80))
    check = first_appointment_check(allocated_at=allocated, appointments=[late], target_hours=72)
    assert check.needs_attention and check.booked_for == late.starts_at
    none = first_appointment_check(allocated_at=allocated, appointments=[], target_hours=72)
    assert none.needs_attention and none.booked_for is None


def test_a_meeting_moved_before_it_happened_no_longer_counts_but_a_missed_one_does() -> None:
    moved = appt(1, NOW + timedelta(hours=24), replaced=True)
    new = appt(2, NOW + timedelta(hours=100))
    check = first_appointment_check(allocated_at=NOW, appointments=[moved, new], target_hours=72)
    assert check.booked_for == new.starts_at and check.needs_attention
    missed = appt(1, NOW + timedelta(hours=24), replaced=True, attendance=Attendance.DID_NOT_ATTEND)
    check = first_appointment_check(allocated_at=NOW, appointments=[missed, new], target_hours=72)
    assert check.in_target and check.held and not check.needs_attention


def test_service_appointments_do_not_count_as_the_first_navigator_meeting() -> None:
    service = appt(1, NOW + timedelta(hours=5), kind=AppointmentKind.SERVICE_APPOINTMENT)
    check = first_appointment_check(allocated_at=NOW, appointments=[service], target_hours=72)
    assert check.booked_for is None


def test_contact_due_counts_from_the_last_contact_or_the_start() -> None:
    assert contact_due_on(last_contact_on=None, since=date(2026, 11, 1), every_days=14) == date(
        2026, 11, 15
    )
    assert contact_due_on(
        last_contact_on=date(2026, 11, 20), since=date(2026, 11, 1), every_days=14
    ) == date(2026, 12, 4)
    with pytest.raises(DomainError):
        contact_due_on(last_contact_on=None, since=date(2026, 11, 1), every_days=0)


def kinds(work: CaseWork) -> list[WorkKind]:
    return [i.kind for i in work_due(work)]


def test_a_fresh_allocation_asks_for_the_first_appointment() -> None:
    work = CaseWork(now=NOW, state=CaseState.ALLOCATED_DIVERSION, allocated_at=NOW)
    (item,) = work_due(work)
    assert item.kind is WorkKind.FIRST_APPOINTMENT and not item.overdue
    assert "72-hour target" in item.reason and "ends on 28 November 2026" in item.reason
    later = CaseWork(
        now=NOW + timedelta(days=4), state=CaseState.ALLOCATED_DIVERSION, allocated_at=NOW
    )
    assert work_due(later)[0].overdue


def test_unrecorded_and_missed_appointments_are_due() -> None:
    past = NOW - timedelta(days=3)
    work = CaseWork(
        now=NOW,
        state=CaseState.ACTIVE,
        allocated_at=NOW - timedelta(days=4),
        appointments=(
            appt(1, past),
            appt(
                2,
                NOW - timedelta(days=1),
                kind=AppointmentKind.COMMUNITY_WORK,
                attendance=Attendance.DID_NOT_ATTEND,
                acceptable=False,
            ),
        ),
        last_contact_on=NOW.date() - timedelta(days=2),
    )
    items = work_due(work)
    assert [i.kind for i in items] == [WorkKind.OUTCOME_NOT_RECORDED, WorkKind.MISSED_APPOINTMENT]
    assert items[0].overdue and items[0].appointment_id == 1
    assert "consider proposing a breach" in items[1].reason
    rebooked = CaseWork(
        now=NOW,
        state=CaseState.ACTIVE,
        appointments=(
            appt(2, NOW - timedelta(days=1), attendance=Attendance.DID_NOT_ATTEND, acceptable=True),
            appt(3, NOW + timedelta(days=1)),
        ),
    )
    assert kinds(rebooked) == []


def test_no_contact_for_longer_than_the_policy_allows() -> None:
    work = CaseWork(
        now=NOW,
        state=CaseState.ACTIVE,
        last_contact_on=date(2026, 11, 11),
        contact_every_days=14,
    )
    assert kinds(work) == []  # 14 days without contact is still within the policy
    work = CaseWork(
        now=NOW, state=CaseState.ACTIVE, last_contact_on=date(2026, 11, 10), contact_every_days=14
    )
    (item,) = work_due(work)
    assert item.kind is WorkKind.NO_CONTACT and "10 November 2026" in item.reason


def test_conditions_due_soon_or_overdue() -> None:
    conditions = (
        ConditionFact("VICTIM", "Write a letter of apology", date(2026, 11, 30), False, False),
        ConditionFact("ALCOHOL", "Attend alcohol service", date(2026, 11, 20), False, True),
        ConditionFact("LATER", "Far away", date(2027, 1, 30), False, False),
        ConditionFact("DONE", "Done", date(2026, 11, 20), True, False),
        ConditionFact("NOREOFFEND", "Do not reoffend", None, False, False),
        ConditionFact("BROKEN", "Do not reoffend", date(2027, 3, 1), False, False, broken=True),
    )
    items = work_due(
        CaseWork(now=NOW, state=CaseState.ACTIVE, conditions=conditions, last_contact_on=NOW.date())
    )
    assert [(i.condition_code, i.overdue) for i in items] == [
        ("ALCOHOL", True),
        ("BROKEN", True),
        ("VICTIM", False),
    ]
    assert "propose a breach" in items[1].reason


def test_contract_ending_and_ended() -> None:
    ending = CaseWork(
        now=NOW, state=CaseState.ACTIVE, contract_ends=date(2026, 12, 5), last_contact_on=NOW.date()
    )
    (item,) = work_due(ending)
    assert item.kind is WorkKind.CONTRACT_ENDING and not item.overdue
    ended = CaseWork(
        now=NOW,
        state=CaseState.ACTIVE,
        contract_ends=date(2026, 11, 20),
        last_contact_on=NOW.date(),
    )
    assert work_due(ended)[0].overdue


def test_s127_warning_uses_the_policys_days_and_orders_first_on_ties() -> None:
    limitation = limitation_check(
        mode_of_trial=ModeOfTrial.SUMMARY_ONLY, offence_date=date(2026, 6, 10), today=NOW.date()
    )
    work = CaseWork(
        now=NOW, state=CaseState.ACTIVE, limitation=limitation, last_contact_on=NOW.date()
    )
    (item,) = work_due(work)
    assert item.kind is WorkKind.S127_NEAR and item.due_on == date(2026, 12, 10)
    assert "15 days left" in item.reason
    quiet = CaseWork(
        now=NOW,
        state=CaseState.ACTIVE,
        limitation=limitation,
        last_contact_on=NOW.date(),
        s127_warning_days=7,
    )
    assert kinds(quiet) == []
    breached = CaseWork(now=NOW, state=CaseState.BREACHED, limitation=limitation)
    assert kinds(breached) == [WorkKind.S127_NEAR]


def test_closed_states_need_nothing() -> None:
    work = CaseWork(
        now=NOW, state=CaseState.COMPLETED, allocated_at=NOW, appointments=(appt(1, NOW),)
    )
    assert work_due(work) == []


def test_overdue_work_comes_first() -> None:
    work = CaseWork(
        now=NOW,
        state=CaseState.ACTIVE,
        allocated_at=NOW - timedelta(days=30),
        appointments=(appt(1, NOW - timedelta(days=5)),),
        contract_ends=date(2026, 12, 1),
    )
    items = work_due(work)
    assert [i.overdue for i in items] == sorted((i.overdue for i in items), reverse=True)


@pytest.mark.parametrize(
    ("state", "decided", "ended", "expected"),
    [
        (CaseState.COMPLETED, True, False, Transition.START_FOLLOW_UP),
        (CaseState.REFERRED_FOR_PROSECUTION, True, False, Transition.START_FOLLOW_UP),
        (CaseState.INELIGIBLE, True, False, Transition.START_FOLLOW_UP),
        (CaseState.ALLOCATED_USUAL_PROCESS, True, False, Transition.START_FOLLOW_UP),
        (CaseState.WITHDRAWN, True, False, Transition.START_FOLLOW_UP),
        (CaseState.WITHDRAWN, False, False, None),
        (CaseState.FOLLOW_UP, True, False, None),
        (CaseState.FOLLOW_UP, True, True, Transition.CLOSE),
        (CaseState.ACTIVE, True, True, None),
    ],
)
def test_the_daily_job_moves_only_finished_cases(
    state: CaseState, decided: bool, ended: bool, expected: Transition | None
) -> None:
    assert system_transition_due(state=state, decision_made=decided, follow_up_ended=ended) is (
        expected
    )

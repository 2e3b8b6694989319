"""Worklists and caseloads: what each role sees, in what order, and where it links."""

from __future__ import annotations

import datetime as dt

import pytest

from checkpoint.casework.appointment_services import appointment_schedule
from checkpoint.casework.breach_services import breach_propose
from checkpoint.casework.tests.helpers import NOW, allocated_case, at, sign_contract, travel
from checkpoint.casework.work_selectors import (
    allocation_queue,
    breach_decisions_awaited,
    navigator_capacity,
    navigator_worklist,
    team_deadline_risks,
)
from checkpoint.domain.appointments import AppointmentKind, WorkKind
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.offences import ModeOfTrial
from tests.factories import CaseOffenceFactory, OffenceFactory

pytestmark = pytest.mark.django_db


def test_capacity_uses_the_navigators_limit_or_the_policys_default(force) -> None:
    force.other_navigator.caseload_limit = 1
    force.other_navigator.save()
    for _ in range(2):
        CaseOffenceFactory(
            case__team=force.north,
            case__navigator=force.other_navigator,
            case__state=CaseState.ACTIVE.value,
        )
    CaseOffenceFactory(
        case__team=force.north,
        case__navigator=force.navigator,
        case__state=CaseState.ELIGIBLE.value,
    )
    CaseOffenceFactory(
        case__team=force.north, case__navigator=force.navigator, case__state=CaseState.CLOSED.value
    )
    rows = navigator_capacity(force.north.pk, today=dt.date(2026, 11, 25))
    assert [r.navigator for r in rows] == [force.navigator, force.other_navigator]  # most room
    mine, theirs = rows
    assert (mine.open_cases, mine.limit, mine.limit_is_default, mine.spare) == (1, 25, True, 24)
    assert theirs.over_limit and theirs.spare == -1
    assert "1 open case, limit 25 (scheme default), 24 spare" in mine.label
    assert "1 over" in theirs.label
    assert navigator_capacity(None, today=dt.date(2026, 11, 25)) == []


def test_the_allocation_queue_holds_the_teams_unallocated_worked_cases(force) -> None:
    waiting = CaseOffenceFactory(case__team=force.north, case__state=CaseState.ELIGIBLE.value).case
    CaseOffenceFactory(case__team=force.south, case__state=CaseState.ELIGIBLE.value)
    CaseOffenceFactory(case__team=force.north, case__state=CaseState.INELIGIBLE.value)
    assert list(allocation_queue(force.supervisor)) == [waiting]
    assert not allocation_queue(force.navigator).exists()


def test_the_navigator_worklist_orders_by_what_needs_doing(force) -> None:
    with travel(NOW):
        prompt = allocated_case(force)
        booked = allocated_case(force)
        appointment_schedule(
            actor=force.navigator,
            case=booked,
            kind=AppointmentKind.FIRST_MEETING,
            starts_at=at(dt.date(2026, 11, 26), 14),
            place="Office",
        )
    with travel(at(dt.date(2026, 11, 29), 9)):
        rows = navigator_worklist(force.navigator, now=at(dt.date(2026, 11, 29), 9))
        assert [(r.case, r.item.kind) for r in rows] == [
            (booked, WorkKind.OUTCOME_NOT_RECORDED),  # overdue since 28 November
            (prompt, WorkKind.FIRST_APPOINTMENT),  # overdue since 28 November 10:00
        ]
        assert all(r.item.overdue for r in rows)
        assert rows[0].url.endswith("/outcome/") and rows[0].action == "Record the outcome"
        assert rows[1].url.endswith("/appointments/new/?kind=first_meeting")
        assert navigator_worklist(force.other_navigator, now=NOW) == []
        assert navigator_worklist(force.supervisor, now=NOW) == []


def test_the_team_view_shows_overdue_work_and_legal_deadlines(force) -> None:
    assault = OffenceFactory(mode_of_trial=ModeOfTrial.SUMMARY_ONLY.value)
    with travel(NOW):
        near = CaseOffenceFactory(
            offence=assault,
            committed_on=dt.date(2026, 6, 10),
            case__team=force.north,
            case__state=CaseState.ELIGIBLE.value,
        ).case
        CaseOffenceFactory(
            offence=assault,
            committed_on=dt.date(2026, 6, 10),
            case__team=force.south,
            case__state=CaseState.ELIGIBLE.value,
        )
        fresh = allocated_case(force)
        rows = team_deadline_risks(force.supervisor, now=NOW)
    assert [(r.case, r.item.kind) for r in rows] == [(near, WorkKind.S127_NEAR)]
    assert "15 days left" in rows[0].item.reason
    with travel(at(dt.date(2026, 11, 29), 9)):
        later = team_deadline_risks(force.supervisor, now=at(dt.date(2026, 11, 29), 9))
    assert (fresh, WorkKind.FIRST_APPOINTMENT) in [(r.case, r.item.kind) for r in later]
    assert team_deadline_risks(force.navigator, now=NOW) == []


def test_breach_decisions_wait_for_the_teams_supervisors(force) -> None:
    with travel(NOW):
        case = sign_contract(force, allocated_case(force))
        proposal = breach_propose(
            actor=force.navigator,
            case=case,
            condition_codes=["no_reoffending"],
            appointments=[],
            evidence_summary="Charged with theft on 24 November.",
        )
    assert list(breach_decisions_awaited(force.supervisor)) == [proposal]
    assert not breach_decisions_awaited(force.south_supervisor).exists()
    assert not breach_decisions_awaited(force.navigator).exists()

"""Recording screening decisions: immutable records, approvals, and the case's state."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from checkpoint.audit.models import AuditEvent
from checkpoint.casework.models import CaseEvent
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.offences import ModeOfTrial, OffenceFamily
from checkpoint.domain.screening import Approval, Outcome, ScreeningInput
from checkpoint.domain.tests.screening_cases import clean_referral, offence_row
from checkpoint.screening.models import ScreeningDecision
from checkpoint.screening.selectors import known_facts, s127_override_granted
from checkpoint.screening.services import screening_approve, screening_decide
from tests.factories import CaseOffenceFactory, OffenceFactory

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def theft(db):
    return OffenceFactory(
        code="THEFT-FROM-SHOP", title="Theft from a shop", family=OffenceFamily.THEFT.value
    )


def facts(**patch: Any) -> ScreeningInput:
    return ScreeningInput.model_validate(clean_referral(**patch))


def referred(force, offence, on=dt.date(2026, 11, 15)):
    return CaseOffenceFactory(offence=offence, committed_on=on, case__team=force.north).case


def test_an_eligible_decision_is_recorded_and_moves_the_case(force, theft) -> None:
    case = referred(force, theft)
    decision = screening_decide(actor=force.custody, case=case, facts=facts())
    case.refresh_from_db()
    assert case.state == CaseState.ELIGIBLE.value
    assert decision.computed is Outcome.ELIGIBLE and not decision.departed
    assert decision.policy_name == "checkpoint-dart" and len(decision.policy_sha256) == 64
    assert decision.inputs["admission"] == "admitted"
    assert {r["code"] for r in decision.results} >= {"age.met", "offence_scope.met"}
    assert AuditEvent.objects.filter(verb="screening.decide", person_id=case.person_id).exists()
    assert CaseEvent.objects.filter(case=case, summary__startswith="Screened under").exists()


def test_needs_information_lists_questions_and_can_be_rescreened(force, theft) -> None:
    case = referred(force, theft)
    screening_decide(actor=force.custody, case=case, facts=facts(admission=None))
    case.refresh_from_db()
    assert case.state == CaseState.NEEDS_INFORMATION.value
    screening_decide(actor=force.custody, case=case, facts=facts())
    case.refresh_from_db()
    assert case.state == CaseState.ELIGIBLE.value
    assert ScreeningDecision.objects.filter(case=case).count() == 2  # a new record, no edit


def test_a_decided_case_cannot_be_screened_again(force, theft) -> None:
    case = referred(force, theft)
    screening_decide(actor=force.custody, case=case, facts=facts())
    with pytest.raises(DomainError, match="cannot be screened again"):
        screening_decide(actor=force.custody, case=case, facts=facts())


def test_decisions_are_made_today(force, theft) -> None:
    case = referred(force, theft)
    with pytest.raises(DomainError, match="made today"):
        screening_decide(actor=force.custody, case=case, facts=facts(decision_date="2026-11-20"))


def test_navigators_cannot_screen(force, theft) -> None:
    with pytest.raises(DomainError, match="custody officer or a supervisor"):
        screening_decide(actor=force.navigator, case=referred(force, theft), facts=facts())


def test_a_departure_waits_for_a_different_supervisor(force, theft) -> None:
    case = referred(force, theft)
    decision = screening_decide(
        actor=force.custody,
        case=case,
        facts=facts(admission="denied"),
        requested_outcome=Outcome.ELIGIBLE,
        departure_reason="Admitted after interview, on tape",
    )
    case.refresh_from_db()
    assert case.state == CaseState.REFERRED.value
    assert decision.needed == (Approval.DEPARTURE,)
    with pytest.raises(DomainError, match="Only a supervisor"):
        screening_approve(
            actor=force.custody,
            decision=decision,
            approval=Approval.DEPARTURE,
            granted=True,
            note="ok",
        )
    screening_approve(
        actor=force.supervisor,
        decision=decision,
        approval=Approval.DEPARTURE,
        granted=True,
        note="Admission confirmed on the recording",
    )
    case.refresh_from_db()
    assert case.state == CaseState.ELIGIBLE.value
    assert AuditEvent.objects.filter(verb="screening.approve").count() == 1


def test_a_supervisor_cannot_approve_their_own_departure(force, theft) -> None:
    decision = screening_decide(
        actor=force.supervisor,
        case=referred(force, theft),
        facts=facts(admission="denied"),
        requested_outcome=Outcome.ELIGIBLE,
        departure_reason="Reason",
    )
    with pytest.raises(DomainError, match="someone other than the decider"):
        screening_approve(
            actor=force.supervisor,
            decision=decision,
            approval=Approval.DEPARTURE,
            granted=True,
            note="ok",
        )


def test_a_refused_departure_applies_the_computed_outcome(force, theft) -> None:
    case = referred(force, theft)
    decision = screening_decide(
        actor=force.custody,
        case=case,
        facts=facts(admission="denied"),
        requested_outcome=Outcome.ELIGIBLE,
        departure_reason="Reason",
    )
    screening_approve(
        actor=force.supervisor,
        decision=decision,
        approval=Approval.DEPARTURE,
        granted=False,
        note="The denial stands",
    )
    case.refresh_from_db()
    assert case.state == CaseState.INELIGIBLE.value
    with pytest.raises(DomainError, match="not awaited"):
        screening_approve(
            actor=force.supervisor,
            decision=decision,
            approval=Approval.DEPARTURE,
            granted=True,
            note="again",
        )


def test_summary_only_offence_three_months_old_needs_an_s127_override(force) -> None:
    assault = OffenceFactory(
        code="ASSAULT-COMMON",
        title="Common assault",
        family=OffenceFamily.ASSAULT.value,
        mode_of_trial=ModeOfTrial.SUMMARY_ONLY.value,
    )
    case = referred(force, assault, on=dt.date(2026, 9, 10))
    patch = {"offences": [offence_row("ASSAULT-COMMON", "2026-09-10")]}
    decision = screening_decide(actor=force.custody, case=case, facts=facts(**patch))
    case.refresh_from_db()
    assert decision.computed is Outcome.INELIGIBLE
    assert case.state == CaseState.INELIGIBLE.value
    s127 = next(r for r in decision.results if r["code"] == "s127.contract_would_pass_limit")
    assert "10 March 2027" in s127["officer"]

    other = referred(force, assault, on=dt.date(2026, 9, 10))
    decision = screening_decide(
        actor=force.custody,
        case=other,
        facts=facts(**patch),
        requested_outcome=Outcome.ELIGIBLE,
        departure_reason="Victim wants it dealt with quickly",
    )
    assert decision.needed == (Approval.S127_OVERRIDE,)
    screening_approve(
        actor=force.supervisor,
        decision=decision,
        approval=Approval.S127_OVERRIDE,
        granted=True,
        note="Breach will be fast-tracked",
    )
    other.refresh_from_db()
    assert other.state == CaseState.ELIGIBLE.value and s127_override_granted(other)


def test_known_facts_come_from_the_records(force, theft) -> None:
    case = referred(force, theft)
    force.north.area = "North"
    force.north.save()
    known = known_facts(case)
    assert known["person"]["lives_in_force_area"] is True
    assert known["offences"] == [{"code": "THEFT-FROM-SHOP", "committed_on": "2026-11-15"}]
    assert known["history"] == {"conviction_dates": [], "previous_diversion": False}

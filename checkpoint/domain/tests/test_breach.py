"""Breach proposals and decisions, and when a case may complete: pure, no database."""

from __future__ import annotations

import pytest

from checkpoint.domain.breach import (
    BreachOutcome,
    EvidencedAppointment,
    completion_problems,
    decision_problems,
    evidence_problems,
)


def test_evidence_must_name_something_known_and_enforceable() -> None:
    assert evidence_problems(
        condition_codes=[], contract_codes=["NO-REOFFEND"], appointments=[], summary=""
    ) == [
        "name the condition or conditions not kept, or the appointments missed",
        "summarise the evidence",
    ]
    problems = evidence_problems(
        condition_codes=["MADE-UP"],
        contract_codes=["NO-REOFFEND"],
        appointments=[EvidencedAppointment(1, "first meeting on 1 December", enforceable=False)],
        summary="Missed twice",
    )
    assert problems == [
        "MADE-UP is not a condition of this contract",
        "the first meeting on 1 December is not an enforceable outcome",
    ]
    assert not evidence_problems(
        condition_codes=["NO-REOFFEND"],
        contract_codes=["NO-REOFFEND"],
        appointments=[EvidencedAppointment(1, "x", enforceable=True)],
        summary="Arrested for theft on 3 December",
    )


@pytest.mark.parametrize(
    ("excuse", "outcome", "ok"),
    [
        (True, BreachOutcome.NO_BREACH, True),
        (True, BreachOutcome.WARN, False),
        (True, BreachOutcome.END, False),
        (False, BreachOutcome.NO_BREACH, False),
        (False, BreachOutcome.WARN, True),
        (False, BreachOutcome.VARY, True),
        (False, BreachOutcome.END, True),
    ],
)
def test_the_reasonable_excuse_test_decides_which_outcomes_are_open(
    excuse: bool, outcome: BreachOutcome, ok: bool
) -> None:
    problems = decision_problems(
        excuse_reasonable=excuse, outcome=outcome, reason="Reviewed", proposer_id=1, decider_id=2
    )
    assert (problems == []) is ok


def test_a_decision_needs_a_different_person_an_answer_and_reasons() -> None:
    problems = decision_problems(
        excuse_reasonable=None, outcome=None, reason="", proposer_id=1, decider_id=1
    )
    assert len(problems) == 4
    assert "someone other than the person who proposed it" in problems[0]


def test_only_an_ended_contract_stops() -> None:
    assert [o for o in BreachOutcome if not o.contract_continues] == [BreachOutcome.END]


def test_completion_needs_every_condition_and_no_pending_breach() -> None:
    assert completion_problems(all_conditions_met=True, breach_pending=False) == []
    assert len(completion_problems(all_conditions_met=False, breach_pending=True)) == 2

"""Approvals and the final outcome of a screening decision."""

from __future__ import annotations

import pytest

from checkpoint.domain.decision import approvals_needed, final_outcome
from checkpoint.domain.eligibility import screen
from checkpoint.domain.errors import DomainError
from checkpoint.domain.screening import Approval, Outcome

from .screening_cases import build, catalogue, offence_row, policy

DART = "checkpoint-dart"


def result_for(**patch: object):  # type: ignore[no-untyped-def]
    return screen(build(**patch), policy(DART), catalogue())


def test_accepting_the_computed_result_needs_only_the_rules_approvals() -> None:
    assert approvals_needed(result_for(), Outcome.ELIGIBLE, "") == ()


def test_a_departure_needs_a_reason_and_a_supervisor() -> None:
    result = result_for(admission="denied")
    with pytest.raises(DomainError, match="give your reason"):
        approvals_needed(result, Outcome.ELIGIBLE, " ")
    assert approvals_needed(result, Outcome.ELIGIBLE, "New evidence") == (Approval.DEPARTURE,)


def test_an_s127_only_failure_is_an_override() -> None:
    result = result_for(offences=[offence_row("PUBLIC-ORDER-S5", "2026-09-25")])
    assert result.outcome is Outcome.INELIGIBLE
    assert approvals_needed(result, Outcome.ELIGIBLE, "Short contract agreed") == (
        Approval.S127_OVERRIDE,
    )


def test_final_outcome_waits_for_every_approval() -> None:
    needed = (Approval.DEPARTURE,)
    args = {"computed": Outcome.INELIGIBLE, "requested": Outcome.ELIGIBLE, "needed": needed}
    assert final_outcome(**args, granted={}) is None
    assert final_outcome(**args, granted={Approval.DEPARTURE: True}) is Outcome.ELIGIBLE
    assert final_outcome(**args, granted={Approval.DEPARTURE: False}) is Outcome.INELIGIBLE


def test_a_refused_drug_supply_approval_is_ineligible() -> None:
    assert (
        final_outcome(
            computed=Outcome.ELIGIBLE,
            requested=Outcome.ELIGIBLE,
            needed=(Approval.DRUG_SUPPLY,),
            granted={Approval.DRUG_SUPPLY: False},
        )
        is Outcome.INELIGIBLE
    )

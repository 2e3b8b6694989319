"""Every transition from every state by every role: allowed exactly when the table says so."""

from __future__ import annotations

import itertools

import pytest

from checkpoint.domain.errors import TransitionNotAllowed
from checkpoint.domain.lifecycle import (
    TRANSITION_TABLE,
    CaseFacts,
    CaseState,
    Transition,
    apply_transition,
    rule_for,
    transitions_open_to,
)
from checkpoint.domain.roles import Role


def facts_satisfying(transition: Transition, state: CaseState) -> CaseFacts:
    """Return facts that pass every guard of the row (guards are tested separately)."""
    trial = state is CaseState.ELIGIBLE and transition in {
        Transition.ALLOCATE_DIVERSION,
        Transition.ALLOCATE_USUAL_PROCESS,
    }
    withdrawn_close = state is CaseState.WITHDRAWN and transition is Transition.CLOSE
    return CaseFacts(
        trial_running=trial,
        decision_made=not withdrawn_close,
        contract_approved=True,
        all_conditions_met=True,
        follow_up_ended=True,
        reason="recorded reason",
    )


ALL = list(itertools.product(CaseState, Transition, Role))


@pytest.mark.parametrize(("state", "transition", "role"), ALL)
def test_transition_allowed_exactly_when_table_allows(
    state: CaseState, transition: Transition, role: Role
) -> None:
    rule = rule_for(transition, state)
    facts = facts_satisfying(transition, state)
    if rule is not None and role in rule.roles:
        assert apply_transition(state=state, transition=transition, role=role, facts=facts) is (
            rule.target
        )
    else:
        with pytest.raises(TransitionNotAllowed):
            apply_transition(state=state, transition=transition, role=role, facts=facts)


def test_the_table_has_one_row_per_transition_and_source() -> None:
    pairs = [(r.transition, s) for r in TRANSITION_TABLE for s in r.sources]
    assert len(pairs) == len(set(pairs))


def test_every_state_is_reachable_from_referred() -> None:
    reached, frontier = {CaseState.REFERRED}, [CaseState.REFERRED]
    while frontier:
        state = frontier.pop()
        for rule in TRANSITION_TABLE:
            if state in rule.sources and rule.target not in reached:
                reached.add(rule.target)
                frontier.append(rule.target)
    assert reached == set(CaseState)


def test_closed_is_final() -> None:
    assert not [r for r in TRANSITION_TABLE if CaseState.CLOSED in r.sources]


def test_wrong_state_names_the_state() -> None:
    with pytest.raises(TransitionNotAllowed, match="Closed"):
        apply_transition(
            state=CaseState.CLOSED,
            transition=Transition.COMPLETE,
            role=Role.SUPERVISOR,
            facts=CaseFacts(),
        )


def test_wrong_role_names_who_may() -> None:
    with pytest.raises(
        TransitionNotAllowed, match=r"navigator cannot end the contract.*Supervisor"
    ):
        apply_transition(
            state=CaseState.ACTIVE,
            transition=Transition.BREACH,
            role=Role.NAVIGATOR,
            facts=CaseFacts(reason="missed three"),
        )


def test_breach_needs_a_reason() -> None:
    with pytest.raises(TransitionNotAllowed, match="a reason must be given"):
        apply_transition(
            state=CaseState.ACTIVE,
            transition=Transition.BREACH,
            role=Role.SUPERVISOR,
            facts=CaseFacts(reason="  "),
        )


def test_all_guard_failures_are_reported_together() -> None:
    with pytest.raises(TransitionNotAllowed) as caught:
        apply_transition(
            state=CaseState.CONTRACT_OFFERED,
            transition=Transition.SIGN_CONTRACT,
            role=Role.NAVIGATOR,
            facts=CaseFacts(limitation_at_risk=True),
        )
    message = str(caught.value)
    assert "approved by a supervisor" in message
    assert "s127" in message


def test_s127_risk_blocks_an_offer_unless_a_supervisor_overrode_it() -> None:
    at_risk = CaseFacts(limitation_at_risk=True)
    with pytest.raises(TransitionNotAllowed, match="s127"):
        apply_transition(
            state=CaseState.ELIGIBLE,
            transition=Transition.OFFER_CONTRACT,
            role=Role.CUSTODY_OFFICER,
            facts=at_risk,
        )
    overridden = CaseFacts(limitation_at_risk=True, limitation_override_approved=True)
    assert (
        apply_transition(
            state=CaseState.ELIGIBLE,
            transition=Transition.OFFER_CONTRACT,
            role=Role.CUSTODY_OFFICER,
            facts=overridden,
        )
        is CaseState.CONTRACT_OFFERED
    )


def test_a_running_trial_forces_allocation_before_an_offer() -> None:
    with pytest.raises(TransitionNotAllowed, match="randomiser"):
        apply_transition(
            state=CaseState.ELIGIBLE,
            transition=Transition.OFFER_CONTRACT,
            role=Role.CUSTODY_OFFICER,
            facts=CaseFacts(trial_running=True),
        )
    with pytest.raises(TransitionNotAllowed, match="no trial"):
        apply_transition(
            state=CaseState.ELIGIBLE,
            transition=Transition.ALLOCATE_DIVERSION,
            role=Role.SYSTEM,
            facts=CaseFacts(trial_running=False),
        )


def test_follow_up_cannot_close_early() -> None:
    with pytest.raises(TransitionNotAllowed, match="follow-up window has not ended"):
        apply_transition(
            state=CaseState.FOLLOW_UP,
            transition=Transition.CLOSE,
            role=Role.SYSTEM,
            facts=CaseFacts(follow_up_ended=False),
        )


def test_a_decided_withdrawn_case_must_be_followed_up_before_closing() -> None:
    with pytest.raises(TransitionNotAllowed, match="followed up"):
        apply_transition(
            state=CaseState.WITHDRAWN,
            transition=Transition.CLOSE,
            role=Role.SUPERVISOR,
            facts=CaseFacts(decision_made=True),
        )


def test_transitions_open_to_lists_only_the_roles_rows() -> None:
    rows = transitions_open_to(Role.NAVIGATOR, CaseState.ACTIVE)
    assert {r.transition for r in rows} == {Transition.COMPLETE}
    assert transitions_open_to(Role.ANALYST, CaseState.ACTIVE) == []

"""The case lifecycle: one explicit transition table and the one function that applies it.

referred -> screened (eligible | ineligible | needs information) -> allocated (diversion |
usual process, when a trial runs) -> contract offered -> active -> completed | breached ->
referred for prosecution | withdrawn; then follow-up until closed (design.md habit 3).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from .errors import TransitionNotAllowed
from .roles import Role


class CaseState(StrEnum):
    """Where a case is in the scheme."""

    REFERRED = "referred"
    NEEDS_INFORMATION = "needs_information"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    ALLOCATED_DIVERSION = "allocated_diversion"
    ALLOCATED_USUAL_PROCESS = "allocated_usual_process"
    CONTRACT_OFFERED = "contract_offered"
    ACTIVE = "active"
    COMPLETED = "completed"
    BREACHED = "breached"
    REFERRED_FOR_PROSECUTION = "referred_for_prosecution"
    WITHDRAWN = "withdrawn"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """Return the state as users say it."""
        return STATE_LABELS[self]

    @property
    def is_open_casework(self) -> bool:
        """Return whether a navigator still has work to do on the case."""
        # An eligible case is worked too: the navigator assesses needs and builds the contract.
        return self in {
            CaseState.ELIGIBLE,
            CaseState.ALLOCATED_DIVERSION,
            CaseState.CONTRACT_OFFERED,
            CaseState.ACTIVE,
        }


STATE_LABELS: dict[CaseState, str] = {
    CaseState.REFERRED: "Referred",
    CaseState.NEEDS_INFORMATION: "Needs information",
    CaseState.ELIGIBLE: "Eligible",
    CaseState.INELIGIBLE: "Ineligible",
    CaseState.ALLOCATED_DIVERSION: "Allocated to diversion",
    CaseState.ALLOCATED_USUAL_PROCESS: "Allocated to usual process",
    CaseState.CONTRACT_OFFERED: "Contract offered",
    CaseState.ACTIVE: "Contract active",
    CaseState.COMPLETED: "Completed",
    CaseState.BREACHED: "Breached",
    CaseState.REFERRED_FOR_PROSECUTION: "Referred for prosecution",
    CaseState.WITHDRAWN: "Withdrawn",
    CaseState.FOLLOW_UP: "Follow-up",
    CaseState.CLOSED: "Closed",
}


class Transition(StrEnum):
    """A named move between states."""

    SCREEN_ELIGIBLE = "screen_eligible"
    SCREEN_INELIGIBLE = "screen_ineligible"
    SCREEN_NEEDS_INFORMATION = "screen_needs_information"
    ALLOCATE_DIVERSION = "allocate_diversion"
    ALLOCATE_USUAL_PROCESS = "allocate_usual_process"
    OFFER_CONTRACT = "offer_contract"
    SIGN_CONTRACT = "sign_contract"
    COMPLETE = "complete"
    BREACH = "breach"
    REFER_FOR_PROSECUTION = "refer_for_prosecution"
    WITHDRAW = "withdraw"
    START_FOLLOW_UP = "start_follow_up"
    CLOSE = "close"

    @property
    def label(self) -> str:
        """Return the action as a verb phrase ("offer a contract")."""
        return TRANSITION_LABELS[self]


TRANSITION_LABELS: dict[Transition, str] = {
    Transition.SCREEN_ELIGIBLE: "record an eligible decision",
    Transition.SCREEN_INELIGIBLE: "record an ineligible decision",
    Transition.SCREEN_NEEDS_INFORMATION: "record that more information is needed",
    Transition.ALLOCATE_DIVERSION: "allocate to diversion",
    Transition.ALLOCATE_USUAL_PROCESS: "allocate to the usual process",
    Transition.OFFER_CONTRACT: "offer a contract",
    Transition.SIGN_CONTRACT: "record the signed contract",
    Transition.COMPLETE: "complete the contract",
    Transition.BREACH: "end the contract for breach",
    Transition.REFER_FOR_PROSECUTION: "refer for prosecution",
    Transition.WITHDRAW: "withdraw the case",
    Transition.START_FOLLOW_UP: "start follow-up",
    Transition.CLOSE: "close the case",
}


@dataclass(frozen=True)
class CaseFacts:
    """What the guards need to know about a case at the moment of a transition."""

    trial_running: bool = False
    decision_made: bool = False
    limitation_at_risk: bool = False
    limitation_override_approved: bool = False
    contract_approved: bool = False
    all_conditions_met: bool = False
    follow_up_ended: bool = False
    reason: str = ""


@dataclass(frozen=True)
class Guard:
    """One named condition a transition needs; `message` says what is missing."""

    code: str
    message: str
    passes: Callable[[CaseFacts], bool]


@dataclass(frozen=True)
class TransitionRule:
    """A row of the transition table."""

    transition: Transition
    sources: frozenset[CaseState]
    target: CaseState
    roles: frozenset[Role]
    guards: tuple[Guard, ...] = ()
    requires_reason: bool = False
    description: str = ""


NO_TRIAL = Guard(
    "no_trial_running",
    "a trial is running, so the case must be allocated by the randomiser first",
    lambda f: not f.trial_running,
)
TRIAL = Guard(
    "trial_running",
    "no trial is running, so there is nothing to allocate",
    lambda f: f.trial_running,
)
# Magistrates' Courts Act 1980 s127: a summary-only offence must be charged within six
# months, so a contract that would end (plus breach-handling time) after that date could
# not be enforced by prosecution without a supervisor's recorded override.
LIMITATION_CLEAR = Guard(
    "limitation_clear",
    "the contract would end too close to the s127 limitation date and no supervisor "
    "override is recorded",
    lambda f: not f.limitation_at_risk or f.limitation_override_approved,
)
CONTRACT_APPROVED = Guard(
    "contract_approved",
    "the contract has not been approved by a supervisor",
    lambda f: f.contract_approved,
)
CONDITIONS_MET = Guard(
    "all_conditions_met",
    "not every condition of the contract has been met",
    lambda f: f.all_conditions_met,
)
DECISION_MADE = Guard(
    "decision_made",
    "no eligibility decision was made, so there is no follow-up window to start",
    lambda f: f.decision_made,
)
NO_DECISION = Guard(
    "no_decision_to_follow",
    "an eligibility decision was made, so the case must be followed up before closing",
    lambda f: not f.decision_made,
)
FOLLOW_UP_ENDED = Guard(
    "follow_up_ended",
    "the follow-up window has not ended yet",
    lambda f: f.follow_up_ended,
)

_SCREENERS = frozenset({Role.CUSTODY_OFFICER, Role.SUPERVISOR})
_CASEWORKERS = frozenset({Role.NAVIGATOR, Role.SUPERVISOR})
_SCREENABLE = frozenset({CaseState.REFERRED, CaseState.NEEDS_INFORMATION})

# A transition may have one row per group of source states when the guards differ.
TRANSITION_TABLE: tuple[TransitionRule, ...] = (
    TransitionRule(
        Transition.SCREEN_ELIGIBLE,
        _SCREENABLE,
        CaseState.ELIGIBLE,
        _SCREENERS,
        description="The custody decision found the person eligible.",
    ),
    TransitionRule(
        Transition.SCREEN_INELIGIBLE,
        _SCREENABLE,
        CaseState.INELIGIBLE,
        _SCREENERS,
        description="The custody decision found the person ineligible.",
    ),
    TransitionRule(
        Transition.SCREEN_NEEDS_INFORMATION,
        frozenset({CaseState.REFERRED}),
        CaseState.NEEDS_INFORMATION,
        _SCREENERS,
        description="The custody decision needs more information.",
    ),
    TransitionRule(
        Transition.ALLOCATE_DIVERSION,
        frozenset({CaseState.ELIGIBLE}),
        CaseState.ALLOCATED_DIVERSION,
        frozenset({Role.CUSTODY_OFFICER, Role.SUPERVISOR, Role.SYSTEM}),
        (TRIAL,),
        description="The trial randomiser allocated the case to diversion.",
    ),
    TransitionRule(
        Transition.ALLOCATE_USUAL_PROCESS,
        frozenset({CaseState.ELIGIBLE}),
        CaseState.ALLOCATED_USUAL_PROCESS,
        frozenset({Role.CUSTODY_OFFICER, Role.SUPERVISOR, Role.SYSTEM}),
        (TRIAL,),
        description="The trial randomiser allocated the case to the usual process.",
    ),
    TransitionRule(
        Transition.OFFER_CONTRACT,
        frozenset({CaseState.ELIGIBLE}),
        CaseState.CONTRACT_OFFERED,
        frozenset({Role.CUSTODY_OFFICER, Role.NAVIGATOR, Role.SUPERVISOR}),
        (NO_TRIAL, LIMITATION_CLEAR),
        description="A contract was offered to the person.",
    ),
    TransitionRule(
        Transition.OFFER_CONTRACT,
        frozenset({CaseState.ALLOCATED_DIVERSION}),
        CaseState.CONTRACT_OFFERED,
        frozenset({Role.CUSTODY_OFFICER, Role.NAVIGATOR, Role.SUPERVISOR}),
        (LIMITATION_CLEAR,),
        description="A contract was offered to the person.",
    ),
    TransitionRule(
        Transition.SIGN_CONTRACT,
        frozenset({CaseState.CONTRACT_OFFERED}),
        CaseState.ACTIVE,
        _CASEWORKERS,
        (CONTRACT_APPROVED, LIMITATION_CLEAR),
        description="The person signed the contract; its clock started.",
    ),
    TransitionRule(
        Transition.COMPLETE,
        frozenset({CaseState.ACTIVE}),
        CaseState.COMPLETED,
        _CASEWORKERS,
        (CONDITIONS_MET,),
        description="Every condition was met; no prosecution.",
    ),
    # Criminal Justice Act 2003 s24 ("failed without reasonable excuse") is decided by
    # a supervisor, never by the navigator who proposes it.
    TransitionRule(
        Transition.BREACH,
        frozenset({CaseState.ACTIVE}),
        CaseState.BREACHED,
        frozenset({Role.SUPERVISOR}),
        requires_reason=True,
        description="A supervisor ended the contract for breach.",
    ),
    TransitionRule(
        Transition.REFER_FOR_PROSECUTION,
        frozenset({CaseState.BREACHED}),
        CaseState.REFERRED_FOR_PROSECUTION,
        frozenset({Role.SUPERVISOR}),
        description="The case was referred for a charging decision.",
    ),
    TransitionRule(
        Transition.WITHDRAW,
        frozenset(
            {
                CaseState.REFERRED,
                CaseState.NEEDS_INFORMATION,
                CaseState.ELIGIBLE,
                CaseState.ALLOCATED_DIVERSION,
                CaseState.CONTRACT_OFFERED,
            }
        ),
        CaseState.WITHDRAWN,
        frozenset({Role.CUSTODY_OFFICER, Role.NAVIGATOR, Role.SUPERVISOR}),
        requires_reason=True,
        description="The case left the scheme before a contract started.",
    ),
    TransitionRule(
        Transition.START_FOLLOW_UP,
        frozenset(
            {
                CaseState.INELIGIBLE,
                CaseState.ALLOCATED_USUAL_PROCESS,
                CaseState.COMPLETED,
                CaseState.REFERRED_FOR_PROSECUTION,
                CaseState.WITHDRAWN,
            }
        ),
        CaseState.FOLLOW_UP,
        frozenset({Role.SUPERVISOR, Role.SYSTEM}),
        (DECISION_MADE,),
        description="Reoffending follow-up started.",
    ),
    TransitionRule(
        Transition.CLOSE,
        frozenset({CaseState.FOLLOW_UP}),
        CaseState.CLOSED,
        frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR, Role.SYSTEM}),
        (FOLLOW_UP_ENDED,),
        description="The follow-up window ended; the case is closed.",
    ),
    TransitionRule(
        Transition.CLOSE,
        frozenset({CaseState.WITHDRAWN}),
        CaseState.CLOSED,
        frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR, Role.SYSTEM}),
        (NO_DECISION,),
        description="The case was withdrawn before any decision and is closed.",
    ),
)


def rule_for(transition: Transition, state: CaseState) -> TransitionRule | None:
    """Return the table row for this transition from this state, if there is one."""
    for rule in TRANSITION_TABLE:
        if rule.transition is transition and state in rule.sources:
            return rule
    return None


def guard_failures(rule: TransitionRule, facts: CaseFacts) -> list[Guard]:
    """Return every guard of the rule that the facts do not satisfy (all are checked)."""
    return [guard for guard in rule.guards if not guard.passes(facts)]


def apply_transition(
    *, state: CaseState, transition: Transition, role: Role, facts: CaseFacts
) -> CaseState:
    """Return the state after the transition, or raise TransitionNotAllowed saying why."""
    rule = rule_for(transition, state)
    if rule is None:
        raise TransitionNotAllowed(f"A case that is '{state.label}' cannot {transition.label}.")
    if role not in rule.roles:
        allowed = ", ".join(sorted(r.label for r in rule.roles))
        raise TransitionNotAllowed(
            f"A {role.label.lower()} cannot {transition.label}; allowed: {allowed}."
        )
    problems = [guard.message for guard in guard_failures(rule, facts)]
    if rule.requires_reason and not facts.reason.strip():
        problems.append("a reason must be given")
    if problems:
        raise TransitionNotAllowed(f"Cannot {transition.label}: " + "; ".join(problems) + ".")
    return rule.target


def transitions_open_to(role: Role, state: CaseState) -> list[TransitionRule]:
    """Return the rows a user with this role could take from this state, guards aside."""
    return [rule for rule in TRANSITION_TABLE if state in rule.sources and role in rule.roles]

"""Eligibility rules as small named objects (design.md habit 4) and the engine that runs them.

Each rule checks one criterion of the policy and returns a result with a stable code, a
sentence for the officer, a sentence for the person and the policy clause it implements.
All rules run and every failure is reported, never just the first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..clocks import s127_last_date
from ..errors import DomainError
from ..offences import ModeOfTrial
from ..policy import Policy
from ..screening import (
    OffenceFacts,
    OffenceInput,
    Outcome,
    RuleResult,
    RuleStatus,
    ScreeningInput,
    ScreeningResult,
)
from .advice import LimitationClock, RiskAdvisory
from .base import Context, Rule, UnknownOffence
from .drugs import DrugSupplyConditions
from .exclusions import EXCLUSIONS, ExclusionText, StandingExclusion
from .filters import FILTER_INPUTS, FILTERS, CaseFilter, FilterText
from .history import CriminalHistory, PreviousDiversion, VictimViews
from .offence import (
    AdmissionOrNoReply,
    DomesticAbuse,
    EvidentialTest,
    GravityLimit,
    HateCrime,
    OffenceInForceArea,
    OffenceInScope,
    OffenceRecent,
    SpecificTerms,
)
from .person import LivesInForceArea, MinimumAge

__all__ = [
    "EXCLUSIONS",
    "FILTERS",
    "FILTER_INPUTS",
    "RULES",
    "Context",
    "ExclusionText",
    "FilterText",
    "Rule",
    "UnknownOffence",
    "outcome_of",
    "resolve_offences",
    "screen",
]


RULES: tuple[Rule, ...] = (
    MinimumAge(),
    LivesInForceArea(),
    OffenceInForceArea(),
    OffenceRecent(),
    AdmissionOrNoReply(),
    EvidentialTest(),
    OffenceInScope(),
    SpecificTerms(),
    GravityLimit(),
    DomesticAbuse(),
    HateCrime(),
    *(StandingExclusion(text) for text in EXCLUSIONS),
    CriminalHistory(),
    PreviousDiversion(),
    VictimViews(),
    DrugSupplyConditions(),
    *(CaseFilter(text) for text in FILTERS),
    LimitationClock(),
    RiskAdvisory(),
)


def resolve_offences(
    facts: ScreeningInput, catalogue: Mapping[str, OffenceFacts]
) -> tuple[tuple[OffenceInput, OffenceFacts], ...]:
    """Pair each offence with its catalogue facts, or raise naming every unknown code."""
    unknown = [o.code for o in facts.offences if o.code not in catalogue]
    if unknown:
        raise UnknownOffence(f"Unknown offence code(s): {', '.join(unknown)}.")
    later = [o.code for o in facts.offences if o.committed_on > facts.decision_date]
    if later:
        raise DomainError(
            f"Offence date after the decision date ({facts.decision_date:%d %B %Y}): "
            f"{', '.join(later)}."
        )
    return tuple((o, catalogue[o.code]) for o in facts.offences)


def outcome_of(results: Iterable[RuleResult]) -> Outcome:
    """Combine rule results: any failure is ineligible, else any gap needs information."""
    statuses = {r.status for r in results}
    if RuleStatus.FAIL in statuses:
        return Outcome.INELIGIBLE
    if RuleStatus.NEEDS_INFORMATION in statuses:
        return Outcome.NEEDS_INFORMATION
    return Outcome.ELIGIBLE


def screen(
    facts: ScreeningInput, policy: Policy, catalogue: Mapping[str, OffenceFacts]
) -> ScreeningResult:
    """Run every rule the policy switches on and return the outcome with all the reasons."""
    ctx = Context(facts=facts, policy=policy, offences=resolve_offences(facts, catalogue))
    results = tuple(rule.check(ctx) for rule in RULES if rule.applies(policy))
    outcome = outcome_of(results)
    approvals = tuple(
        r.approval for r in results if r.approval is not None and outcome is Outcome.ELIGIBLE
    )
    summary = [
        i.committed_on for i, f in ctx.offences if f.mode_of_trial is ModeOfTrial.SUMMARY_ONLY
    ]
    return ScreeningResult(
        policy_name=policy.policy.name,
        policy_version=policy.policy.version,
        outcome=outcome,
        results=results,
        approvals_required=approvals,
        limitation_last_date=s127_last_date(min(summary)) if summary else None,
    )

"""The standing exclusions (bail, orders, co-accused, custody likely...)."""

from __future__ import annotations

from dataclasses import dataclass

from ..policy import Policy
from ..screening import (
    RuleResult,
    RuleStatus,
)
from .base import Context, Rule


@dataclass(frozen=True)
class ExclusionText:
    """How one standing exclusion is worded."""

    field: str
    question: str
    officer: str
    person: str


EXCLUSIONS = (
    ExclusionText(
        "co_accused",
        "Is anyone else accused of this offence with the person?",
        "There is a co-accused.",
        "The scheme cannot be used when someone else is accused of the same offence.",
    ),
    ExclusionText(
        "on_bail",
        "Is the person on police or court bail for another matter?",
        "The person is on bail.",
        "The scheme cannot be offered while you are on bail for another matter.",
    ),
    ExclusionText(
        "subject_to_court_order",
        "Is the person subject to a court order?",
        "The person is subject to a court order.",
        "The scheme cannot be offered while a court order applies to you.",
    ),
    ExclusionText(
        "suspended_sentence",
        "Is the person serving a suspended sentence?",
        "The person is serving a suspended sentence.",
        "The scheme cannot be offered during a suspended sentence.",
    ),
    ExclusionText(
        "conditional_discharge",
        "Is the person subject to a conditional discharge?",
        "The person is subject to a conditional discharge.",
        "The scheme cannot be offered during a conditional discharge.",
    ),
    ExclusionText(
        "detained_for_court",
        "Is the person detained to appear at court?",
        "The person is detained for court.",
        "The scheme cannot be offered when you are being held for court.",
    ),
    ExclusionText(
        "detained_under_mental_health_act",
        "Is the person detained under the Mental Health Act?",
        "The person is detained under the Mental Health Act.",
        "The scheme cannot be offered while you are detained under the Mental "
        "Health Act; other support will be arranged.",
    ),
    ExclusionText(
        "custody_likely",
        "Is a custodial sentence the likely outcome at court?",
        "Custody is the likely sentence.",
        "The offence is serious enough that a court would be likely to impose a prison sentence.",
    ),
)


class StandingExclusion(Rule):
    """One standing exclusion, switched on or off by the policy."""

    def __init__(self, text: ExclusionText) -> None:
        self.text = text
        self.name = f"exclusion_{text.field}"
        self.clause = f"exclusions.{text.field}"

    def applies(self, policy: Policy) -> bool:
        return bool(getattr(policy.exclusions, self.text.field))

    def check(self, ctx: Context) -> RuleResult:
        value = getattr(ctx.facts.exclusions, self.text.field)
        if value is None:
            return self.unknown(self.text.question, f"Not recorded: {self.text.question}")
        if value:
            return self.result("applies", RuleStatus.FAIL, self.text.officer, self.text.person)
        return self.passed("Does not apply.")

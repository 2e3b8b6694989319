"""Rules about the person: age and where they live."""

from __future__ import annotations

from ..policy import Policy
from ..screening import (
    RuleResult,
    RuleStatus,
)
from .base import Context, Rule, _age_on


class MinimumAge(Rule):
    name, clause = "age", "person.minimum_age / person.maximum_age"

    def check(self, ctx: Context) -> RuleResult:
        born = ctx.facts.person.date_of_birth
        rules = ctx.policy.person
        if born is None:
            return self.unknown(
                "What is the person's date of birth?", "The date of birth is not recorded."
            )
        age = _age_on(born, ctx.facts.decision_date)
        if age < rules.minimum_age:
            return self.result(
                "under_minimum",
                RuleStatus.FAIL,
                f"The person is {age}; the scheme starts at {rules.minimum_age}.",
                f"The scheme is for people aged {rules.minimum_age} or over.",
            )
        if rules.maximum_age is not None and age > rules.maximum_age:
            return self.result(
                "over_maximum",
                RuleStatus.FAIL,
                f"The person is {age}; the scheme ends at {rules.maximum_age}.",
                f"The scheme is for people aged up to {rules.maximum_age}.",
            )
        return self.passed(f"Aged {age}.")


class LivesInForceArea(Rule):
    name, clause = "residence", "person.must_live_in_force_area"

    def applies(self, policy: Policy) -> bool:
        return policy.person.must_live_in_force_area

    def check(self, ctx: Context) -> RuleResult:
        lives = ctx.facts.person.lives_in_force_area
        if lives is None:
            return self.unknown(
                "Does the person live in the force area?", "Where the person lives is not recorded."
            )
        if not lives:
            return self.result(
                "outside_area",
                RuleStatus.FAIL,
                "The person lives outside the force area.",
                "The scheme is for people who live in this police force's area, because the "
                "support it offers is local.",
            )
        return self.passed("Lives in the force area.")

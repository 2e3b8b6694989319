"""The rule base class and what a rule sees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from ..errors import DomainError
from ..policy import Policy
from ..screening import (
    OffenceFacts,
    OffenceInput,
    RuleResult,
    RuleStatus,
    ScreeningInput,
)


class UnknownOffence(DomainError):
    """The referral names offence codes the catalogue does not hold."""


@dataclass(frozen=True)
class Context:
    """What a rule sees: the input, the policy and each offence with its catalogue facts."""

    facts: ScreeningInput
    policy: Policy
    offences: tuple[tuple[OffenceInput, OffenceFacts], ...]


class Rule:
    """Base for a rule: a name, a policy clause, and `check`."""

    name: str = ""
    clause: str = ""

    def applies(self, policy: Policy) -> bool:
        """Return whether the policy switches this rule on."""
        return True

    def check(self, ctx: Context) -> RuleResult:
        """Return the rule's finding."""
        raise NotImplementedError

    def result(
        self, code: str, status: RuleStatus, officer: str, person: str, **extra: object
    ) -> RuleResult:
        """Build a result carrying this rule's name and clause."""
        return RuleResult(
            code=f"{self.name}.{code}",
            rule=self.name,
            status=status,
            officer=officer,
            person=person,
            clause=self.clause,
            **extra,  # type: ignore[arg-type]
        )

    def passed(self, officer: str) -> RuleResult:
        """Build a pass."""
        return self.result("met", RuleStatus.PASS, officer, "")

    def unknown(self, question: str, officer: str) -> RuleResult:
        """Build a 'needs information' result with the question that settles it."""
        return self.result(
            "not_known",
            RuleStatus.NEEDS_INFORMATION,
            officer,
            "We need a little more information before we can decide.",
            questions=(question,),
        )


def _age_on(born: date, day: date) -> int:
    return relativedelta(day, born).years

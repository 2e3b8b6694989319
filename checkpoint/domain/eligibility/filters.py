"""Case-by-case filters some schemes apply (Turning Point's seven filters)."""

from __future__ import annotations

from dataclasses import dataclass

from ..policy import Policy
from ..screening import (
    RuleResult,
    RuleStatus,
)
from .base import Context, Rule


@dataclass(frozen=True)
class FilterText:
    """How one case-by-case filter is worded, and which answer excludes."""

    field: str
    excluded_when: bool
    question: str
    officer: str
    person: str


FILTERS = (
    FilterText(
        "public_interest",
        False,
        "Does the public interest favour diversion here?",
        "The public interest requires prosecution.",
        "In this case the public interest requires the matter to go to court.",
    ),
    FilterText(
        "sensitive_case",
        True,
        "Is this a sensitive case (for example, high profile, "
        "a public figure, or a police officer as suspect)?",
        "A sensitive case is excluded.",
        "Because of the nature of the case it has to go to court.",
    ),
    FilterText(
        "safety_check",
        True,
        "Is there a safety concern for the victim or public?",
        "A safety concern excludes diversion.",
        "Because of a safety concern the scheme cannot be offered.",
    ),
)

FILTER_INPUTS = {
    "public_interest": "public_interest_met",
    "sensitive_case": "sensitive_case",
    "safety_check": "safety_concern",
}


class CaseFilter(Rule):
    """One of a scheme's case-by-case filters (Turning Point)."""

    def __init__(self, text: FilterText) -> None:
        self.text = text
        self.name = f"filter_{text.field}"
        self.clause = f"filters.{text.field}"

    def applies(self, policy: Policy) -> bool:
        return bool(getattr(policy.filters, self.text.field))

    def check(self, ctx: Context) -> RuleResult:
        value = getattr(ctx.facts.filters, FILTER_INPUTS[self.text.field])
        if value is None:
            return self.unknown(self.text.question, f"Not recorded: {self.text.question}")
        if value is self.text.excluded_when:
            return self.result("excluded", RuleStatus.FAIL, self.text.officer, self.text.person)
        return self.passed("Filter passed.")

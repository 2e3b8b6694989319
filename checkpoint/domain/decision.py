"""Who must approve a screening decision, and what it finally decides.

An officer may record an outcome other than the computed one only with a reason, and a
departure takes effect only with a supervisor's second approval. A drug supply case needs
a supervisor's approval even when eligible; an s127 risk can only be overridden by one.
"""

from __future__ import annotations

from collections.abc import Mapping

from .errors import DomainError
from .screening import Approval, Outcome, ScreeningResult


def approvals_needed(
    result: ScreeningResult, requested: Outcome, reason: str
) -> tuple[Approval, ...]:
    """Return the supervisor approvals the recorded outcome needs before it takes effect."""
    if requested is result.outcome:
        return result.approvals_required
    if not reason.strip():
        raise DomainError(
            f"The rules give '{result.outcome.label}'. To record '{requested.label}' "
            "instead, give your reason; a supervisor must approve it."
        )
    if requested is Outcome.ELIGIBLE and result.overridable:
        return (Approval.S127_OVERRIDE,)
    return (Approval.DEPARTURE,)


def final_outcome(
    *,
    computed: Outcome,
    requested: Outcome,
    needed: tuple[Approval, ...],
    granted: Mapping[Approval, bool],
) -> Outcome | None:
    """Return the outcome in effect, or None while an approval is still awaited."""
    if any(approval not in granted for approval in needed):
        return None
    refused = {a for a in needed if not granted[a]}
    if not refused:
        return requested
    if Approval.DRUG_SUPPLY in refused:
        return Outcome.INELIGIBLE
    # A refused departure or override leaves the computed result standing.
    return computed

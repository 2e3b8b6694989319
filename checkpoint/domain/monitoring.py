"""Reoffending follow-up: feed record kinds, link methods, the follow-up window and its totals.

The trial counted reoffending as positive disposals on the PNC for offences committed in
the 24 months after the decision (domain.md sections 4 and 9); prevalence, frequency and
harm are the three measures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from .clocks import DEFAULT_FOLLOW_UP_MONTHS, follow_up_end
from .disposals import Disposal


class RecordType(StrEnum):
    """What a feed record reports."""

    ARREST = "arrest"
    CHARGE = "charge"
    OUTCOME = "outcome"

    @property
    def label(self) -> str:
        """Return the record type in words."""
        return self.value.capitalize()


class LinkMethod(StrEnum):
    """How a feed record was attached to a person."""

    EXACT_PNC = "exact_pnc"
    EXACT_FORCE_ID = "exact_force_id"
    PROBABILISTIC = "probabilistic"
    REVIEWED = "reviewed"

    @property
    def label(self) -> str:
        """Return the method in words."""
        return LINK_METHOD_LABELS[self]


LINK_METHOD_LABELS: dict[LinkMethod, str] = {
    LinkMethod.EXACT_PNC: "Exact PNC ID",
    LinkMethod.EXACT_FORCE_ID: "Exact force person ID",
    LinkMethod.PROBABILISTIC: "Probabilistic match",
    LinkMethod.REVIEWED: "Reviewed by a person",
}

# Sentencing guidelines express fines as a proportion of weekly income; the Cambridge CHI
# turns a fine-only starting point into days of work at the minimum wage (domain.md s9).
WORKING_DAY_HOURS = Decimal("7.5")


def fine_to_days(*, fine_pounds: Decimal, hourly_wage: Decimal) -> Decimal:
    """Return the days of minimum-wage work it takes to pay a fine, to two places."""
    if fine_pounds < 0 or hourly_wage <= 0:
        raise ValueError("A fine must not be negative and a wage must be positive.")
    return (fine_pounds / (hourly_wage * WORKING_DAY_HOURS)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class FollowUpWindow:
    """The days a decided case is followed: the day after the decision to the end, inclusive."""

    decided_on: date
    ends_on: date

    def covers(self, offence_date: date) -> bool:
        """Return whether an offence on this date counts as a reoffence.

        Offences on the decision day itself are left out: the decision may be about them,
        and the trial counted offences committed after it.
        """
        return self.decided_on < offence_date <= self.ends_on

    def is_over(self, today: date) -> bool:
        """Return whether the whole window has passed."""
        return today > self.ends_on


def follow_up_window(*, decided_on: date, months: int = DEFAULT_FOLLOW_UP_MONTHS) -> FollowUpWindow:
    """Return the follow-up window for a case decided on a date."""
    return FollowUpWindow(
        decided_on=decided_on, ends_on=follow_up_end(decided_on=decided_on, months=months)
    )


def counts_as_reoffence(*, window: FollowUpWindow, offence_date: date, disposal: Disposal) -> bool:
    """Return whether a custody event counts: a positive disposal for an offence in the window."""
    return disposal.is_positive and window.covers(offence_date)


@dataclass(frozen=True)
class FollowUpTotals:
    """Prevalence, frequency and harm for one case's window so far."""

    reoffended: bool
    frequency: int
    harm_days: Decimal
    unweighted: int


def follow_up_totals(harm: Iterable[Decimal | None]) -> FollowUpTotals:
    """Sum the reoffences' harm weights; offences without a weight are counted, not weighed."""
    weights = list(harm)
    known = [w for w in weights if w is not None]
    return FollowUpTotals(
        reoffended=bool(weights),
        frequency=len(weights),
        harm_days=sum(known, Decimal(0)),
        unweighted=len(weights) - len(known),
    )


# The casework Alert kind for a new offence during a contract. WorkKind has no such member
# yet (casework owns it); until it does, this value is stored as the alert's kind.
NEW_OFFENCE_ALERT_KIND = "new_offence"

# Disposals that end the matter in the person's favour raise no alert during a contract.
NO_ALERT_DISPOSALS = frozenset({Disposal.NO_FURTHER_ACTION, Disposal.ACQUITTED})


def raises_contract_alert(disposal: Disposal) -> bool:
    """Return whether a new offence with this disposal, during a contract, needs a navigator.

    An arrest arrives as 'pending' long before any sanction, and the navigator needs it then:
    the no-reoffending condition is judged by a person, not by the eventual disposal.
    """
    return disposal not in NO_ALERT_DISPOSALS

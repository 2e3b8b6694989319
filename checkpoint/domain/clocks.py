"""Legal and scheme clocks: offence age, contract end, s127 limitation, follow-up end.

Dates are calendar dates in UK time; instants must be timezone-aware and are converted to
Europe/London before their date is taken, so an arrest at 00:30 BST falls on the right day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from .errors import DomainError
from .offences import ModeOfTrial

UK_TIME = ZoneInfo("Europe/London")

# Magistrates' Courts Act 1980 s127(1): an information for a summary-only offence must be
# laid "within six months from the time when the offence was committed".
S127_LIMITATION_MONTHS = 6
DEFAULT_MAX_OFFENCE_AGE_MONTHS = 3
DEFAULT_CONTRACT_MONTHS = 4
DEFAULT_FOLLOW_UP_MONTHS = 24


def uk_date(instant: datetime) -> date:
    """Return the UK calendar date of an aware instant."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise DomainError("A date and time must carry its time zone.")
    return instant.astimezone(UK_TIME).date()


def to_uk_time(instant: datetime) -> datetime:
    """Return the instant expressed in UK time (GMT or BST)."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise DomainError("A date and time must carry its time zone.")
    return instant.astimezone(UK_TIME)


def add_months(start: date, months: int) -> date:
    """Add calendar months, clamping to the month's last day (31 Aug + 6 months = 28/29 Feb)."""
    result: date = start + relativedelta(months=months)
    return result


def offence_age_days(*, offence_date: date, on: date) -> int:
    """Return how many days old the offence is on a given date."""
    if on < offence_date:
        raise DomainError(
            f"The decision date {on:%d %B %Y} is before the offence date {offence_date:%d %B %Y}."
        )
    return (on - offence_date).days


def offence_is_recent(*, offence_date: date, on: date, max_age_months: int) -> bool:
    """Return whether the offence is less than `max_age_months` old on the date."""
    offence_age_days(offence_date=offence_date, on=on)
    return on < add_months(offence_date, max_age_months)


def s127_last_date(offence_date: date) -> date:
    """Return the last day proceedings for a summary-only offence can start.

    The day of the offence is excluded (Radcliffe v Bartholomew [1892] 1 QB 161), so an
    offence on 12 March may be charged up to and including 12 September.
    """
    return add_months(offence_date, S127_LIMITATION_MONTHS)


@dataclass(frozen=True)
class Pause:
    """A period when the contract clock stopped; an open pause has no end yet."""

    start: date
    end: date | None = None

    def days(self, *, today: date) -> int:
        """Return the whole days the clock was stopped, up to today for an open pause."""
        stop = self.end if self.end is not None else today
        if stop < self.start:
            raise DomainError(f"A pause cannot end ({stop}) before it starts ({self.start}).")
        return (stop - self.start).days


def contract_end(
    *,
    start: date,
    length_months: int = DEFAULT_CONTRACT_MONTHS,
    pauses: Iterable[Pause] = (),
    extension_days: int = 0,
    today: date,
) -> date:
    """Return the contract's end date, honouring pauses and recorded extensions."""
    if length_months <= 0:
        raise DomainError("A contract must last at least one month.")
    if extension_days < 0:
        raise DomainError("An extension cannot be negative.")
    paused = sum(p.days(today=today) for p in pauses)
    return add_months(start, length_months) + timedelta(days=paused + extension_days)


def follow_up_end(*, decided_on: date, months: int = DEFAULT_FOLLOW_UP_MONTHS) -> date:
    """Return the last day of reoffending follow-up, counted from the decision."""
    return add_months(decided_on, months)


@dataclass(frozen=True)
class LimitationCheck:
    """The s127 position of a case: whether it applies and how close the deadline is."""

    applies: bool
    last_date: date | None = None
    days_left: int | None = None
    latest_needed: date | None = None
    at_risk: bool = False
    warn: bool = False

    @property
    def expired(self) -> bool:
        """Return whether the limitation date has passed."""
        return self.days_left is not None and self.days_left < 0


def limitation_check(
    *,
    mode_of_trial: ModeOfTrial,
    offence_date: date,
    today: date,
    contract_ends: date | None = None,
    breach_margin_days: int = 28,
    warning_days: int = 28,
) -> LimitationCheck:
    """Assess the s127 clock for a case.

    `at_risk` is true when the contract's end plus the time needed to handle a breach
    (the policy's margin) would pass the last date for charging; `warn` is true when the
    deadline is within `warning_days` of today.
    """
    if mode_of_trial is not ModeOfTrial.SUMMARY_ONLY:
        return LimitationCheck(applies=False)
    last = s127_last_date(offence_date)
    days_left = (last - today).days
    latest_needed = (
        contract_ends + timedelta(days=breach_margin_days) if contract_ends is not None else None
    )
    at_risk = days_left < 0 or (latest_needed is not None and latest_needed > last)
    return LimitationCheck(
        applies=True,
        last_date=last,
        days_left=days_left,
        latest_needed=latest_needed,
        at_risk=at_risk,
        warn=days_left <= warning_days,
    )


DEFAULT_BREACH_MARGIN_DAYS = 28
"""Time to decide a breach and prepare a file before s127 bites; policies may change it."""


@dataclass(frozen=True)
class OffenceDate:
    """When one of a case's offences was committed and how it is tried."""

    committed_on: date
    mode_of_trial: ModeOfTrial


@dataclass(frozen=True)
class CaseClocks:
    """Every clock of one case, computed for one day."""

    today: date
    earliest_offence_on: date | None
    offence_age_days_at_decision: int | None
    contract_ends: date | None
    follow_up_ends: date | None
    limitation: LimitationCheck


def case_clocks(
    *,
    offences: Iterable[OffenceDate],
    today: date,
    decided_on: date | None = None,
    contract_started_on: date | None = None,
    contract_length_months: int = DEFAULT_CONTRACT_MONTHS,
    contract_extension_days: int = 0,
    pauses: Iterable[Pause] = (),
    follow_up_months: int = DEFAULT_FOLLOW_UP_MONTHS,
    breach_margin_days: int = DEFAULT_BREACH_MARGIN_DAYS,
) -> CaseClocks:
    """Compute a case's clocks; before a contract starts, assume it would start today.

    The s127 clock runs from the earliest summary-only offence: with several, the first to
    expire decides whether the whole case could still be prosecuted on breach.
    """
    offences = list(offences)
    earliest = min((o.committed_on for o in offences), default=None)
    start = contract_started_on or today
    ends = contract_end(
        start=start,
        length_months=contract_length_months,
        pauses=pauses,
        extension_days=contract_extension_days,
        today=today,
    )
    summary_only = [o.committed_on for o in offences if o.mode_of_trial is ModeOfTrial.SUMMARY_ONLY]
    limitation = (
        limitation_check(
            mode_of_trial=ModeOfTrial.SUMMARY_ONLY,
            offence_date=min(summary_only),
            today=today,
            contract_ends=ends,
            breach_margin_days=breach_margin_days,
        )
        if summary_only
        else LimitationCheck(applies=False)
    )
    return CaseClocks(
        today=today,
        earliest_offence_on=earliest,
        offence_age_days_at_decision=(
            offence_age_days(offence_date=earliest, on=decided_on)
            if earliest is not None and decided_on is not None
            else None
        ),
        contract_ends=ends if contract_started_on is not None else None,
        follow_up_ends=(
            follow_up_end(decided_on=decided_on, months=follow_up_months)
            if decided_on is not None
            else None
        ),
        limitation=limitation,
    )

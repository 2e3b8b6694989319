"""Instants for demo records: custody at any hour, casework in office hours, the daily check.

Everything is built in UK time (Europe/London, so GMT and BST are both right) and stored
as UTC; nothing reads the wall clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from random import Random

from checkpoint.domain.clocks import UK_TIME, uk_date

# Snapshot time on the as-of date: the data is "as at 06:00", so overnight arrests already
# count as referred today while the day's office work has not started.
AS_OF_TIME = time(6, 0)
DAILY_CHECK_TIME = time(6, 0)
"""When `checkpoint tick --date` acts: the daily check runs at 06:00 UK time."""

# Relative arrest frequency by UK hour: quiet mornings, busy evenings and late nights.
ARREST_HOUR_WEIGHTS = (
    6,
    5,
    4,
    3,
    2,
    1.5,
    1.5,
    2,
    3,
    4,
    4.5,
    5,
    5,
    5.5,
    6,
    6.5,
    7,
    7.5,
    8,
    8.5,
    9,
    9,
    8.5,
    7,
)
HOURS = tuple(range(24))


def at_uk(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """Return the UTC instant of a UK wall-clock time."""
    local = datetime.combine(day, time(hour, minute, second), tzinfo=UK_TIME)
    return local.astimezone(UTC)


def cutoff_for(as_of: date) -> datetime:
    """Return the instant the demo data is "as at"."""
    return at_uk(as_of, AS_OF_TIME.hour, AS_OF_TIME.minute)


def arrest_time(rng: Random, day: date) -> datetime:
    """Return a plausible arrest instant on a UK date."""
    hour = rng.choices(HOURS, weights=ARREST_HOUR_WEIGHTS)[0]
    return at_uk(day, hour, rng.randrange(60), rng.randrange(60))


def plus_hours(rng: Random, start: datetime, low: float, high: float) -> datetime:
    """Return an instant a random number of hours later, to the second."""
    return start + timedelta(seconds=round(rng.uniform(low, high) * 3600))


def office_time(rng: Random, after: datetime, min_days: int, max_days: int) -> datetime:
    """Return a weekday office-hours instant some working days after `after`, never before it."""
    day = uk_date(after)
    for _ in range(rng.randint(min_days, max_days)):
        day += timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    when = at_uk(day, rng.randint(9, 16), rng.randrange(60), rng.randrange(60))
    if when <= after:
        # Already past that time today: the work happens the next working morning.
        day += timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        when = at_uk(day, rng.randint(9, 11), rng.randrange(60), rng.randrange(60))
    return when


def daily_check_after(after: datetime) -> datetime:
    """Return the first run of the daily check (`checkpoint tick`) strictly after an instant."""
    day = uk_date(after)
    while True:
        candidate = at_uk(day, DAILY_CHECK_TIME.hour, DAILY_CHECK_TIME.minute)
        if candidate > after:
            return candidate
        day += timedelta(days=1)


def daily_check_reason(at: datetime) -> str:
    """Return the reason the daily check gives for a change it makes (as `tick_run` words it)."""
    today = uk_date(at)
    return f"Daily check on {today.day} {today:%B %Y}"


def next_office_day(day: date, days: int = 1) -> date:
    """Return the weekday `days` working days after a day (0: the day itself, or the next)."""
    for _ in range(days):
        day += timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def office_slot(rng: Random, day: date, first: int = 9, last: int = 16) -> datetime:
    """Return an appointment time on a day, on the quarter hour between two UK hours."""
    return at_uk(day, rng.randint(first, last), rng.choice((0, 15, 30, 45)))


def years_between(start: datetime, end: datetime) -> float:
    """Return the time between two instants in years."""
    return (end - start).total_seconds() / (365.25 * 86400)


def add_years(start: datetime, years: float) -> datetime:
    """Return the instant a (fractional) number of years later, to the second."""
    return start + timedelta(seconds=round(years * 365.25 * 86400))

"""Instants for demo records: custody at any hour, casework in office hours, jobs at night.

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
WEEKLY_JOB_WEEKDAY = 0  # Monday
WEEKLY_JOB_TIME = time(2, 0)

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


def weekly_job_after(after: datetime) -> datetime:
    """Return the next run of the weekly follow-up job strictly after an instant."""
    day = uk_date(after)
    while True:
        candidate = at_uk(day, WEEKLY_JOB_TIME.hour, WEEKLY_JOB_TIME.minute)
        if day.weekday() == WEEKLY_JOB_WEEKDAY and candidate > after:
            return candidate
        day += timedelta(days=1)


def years_between(start: datetime, end: datetime) -> float:
    """Return the time between two instants in years."""
    return (end - start).total_seconds() / (365.25 * 86400)


def add_years(start: datetime, years: float) -> datetime:
    """Return the instant a (fractional) number of years later, to the second."""
    return start + timedelta(seconds=round(years * 365.25 * 86400))

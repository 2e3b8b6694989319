"""The legal and scheme clocks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkpoint.domain.clocks import (
    OffenceDate,
    Pause,
    add_months,
    case_clocks,
    contract_end,
    follow_up_end,
    limitation_check,
    offence_age_days,
    offence_is_recent,
    s127_last_date,
    uk_date,
)
from checkpoint.domain.errors import DomainError
from checkpoint.domain.offences import ModeOfTrial


def test_s127_runs_six_calendar_months_excluding_the_offence_day() -> None:
    assert s127_last_date(date(2026, 3, 12)) == date(2026, 9, 12)


def test_month_ends_clamp() -> None:
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)


def test_uk_date_uses_british_summer_time() -> None:
    # 23:30 UTC on 1 July is 00:30 BST on 2 July.
    assert uk_date(datetime(2026, 7, 1, 23, 30, tzinfo=UTC)) == date(2026, 7, 2)
    # In winter UK time is UTC.
    assert uk_date(datetime(2026, 1, 1, 23, 30, tzinfo=UTC)) == date(2026, 1, 1)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(DomainError, match="time zone"):
        uk_date(datetime(2026, 1, 1, 12, 0))  # noqa: DTZ001


def test_offence_age_and_recency() -> None:
    assert offence_age_days(offence_date=date(2026, 1, 1), on=date(2026, 1, 31)) == 30
    assert offence_is_recent(offence_date=date(2026, 1, 1), on=date(2026, 3, 31), max_age_months=3)
    assert not offence_is_recent(
        offence_date=date(2026, 1, 1), on=date(2026, 4, 1), max_age_months=3
    )


def test_decision_before_offence_is_refused() -> None:
    with pytest.raises(DomainError, match="before the offence date"):
        offence_age_days(offence_date=date(2026, 2, 1), on=date(2026, 1, 1))


def test_contract_end_honours_pauses_and_extensions() -> None:
    start = date(2026, 1, 10)
    assert contract_end(start=start, today=start) == date(2026, 5, 10)
    pauses = [Pause(date(2026, 2, 1), date(2026, 2, 8)), Pause(date(2026, 3, 1))]
    # Closed pause: 7 days. Open pause counted to today (10 days).
    assert contract_end(
        start=start, pauses=pauses, extension_days=14, today=date(2026, 3, 11)
    ) == date(2026, 5, 10) + timedelta(days=31)


def test_bad_pause_and_length_are_refused() -> None:
    with pytest.raises(DomainError, match="cannot end"):
        contract_end(
            start=date(2026, 1, 1),
            pauses=[Pause(date(2026, 2, 1), date(2026, 1, 1))],
            today=date(2026, 3, 1),
        )
    with pytest.raises(DomainError, match="at least one month"):
        contract_end(start=date(2026, 1, 1), length_months=0, today=date(2026, 1, 1))


def test_follow_up_is_24_months_from_decision() -> None:
    assert follow_up_end(decided_on=date(2026, 2, 28)) == date(2028, 2, 28)


def test_limitation_does_not_apply_to_either_way_offences() -> None:
    check = limitation_check(
        mode_of_trial=ModeOfTrial.EITHER_WAY, offence_date=date(2026, 1, 1), today=date(2026, 12, 1)
    )
    assert not check.applies and not check.at_risk


def test_three_month_old_summary_offence_and_four_month_contract_is_at_risk() -> None:
    offence = date(2026, 8, 25)
    today = date(2026, 11, 25)
    check = limitation_check(
        mode_of_trial=ModeOfTrial.SUMMARY_ONLY,
        offence_date=offence,
        today=today,
        contract_ends=contract_end(start=today, today=today),
    )
    assert check.last_date == date(2027, 2, 25)
    assert check.at_risk and not check.expired


def test_limitation_warns_near_the_deadline_and_reports_expiry() -> None:
    near = limitation_check(
        mode_of_trial=ModeOfTrial.SUMMARY_ONLY,
        offence_date=date(2026, 1, 1),
        today=date(2026, 6, 20),
    )
    assert near.warn and near.days_left == 11
    gone = limitation_check(
        mode_of_trial=ModeOfTrial.SUMMARY_ONLY,
        offence_date=date(2026, 1, 1),
        today=date(2026, 7, 3),
    )
    assert gone.expired and gone.at_risk


def test_case_clocks_take_the_earliest_summary_only_offence() -> None:
    clocks = case_clocks(
        offences=[
            OffenceDate(date(2026, 10, 1), ModeOfTrial.EITHER_WAY),
            OffenceDate(date(2026, 11, 1), ModeOfTrial.SUMMARY_ONLY),
            OffenceDate(date(2026, 11, 10), ModeOfTrial.SUMMARY_ONLY),
        ],
        today=date(2026, 11, 20),
        decided_on=date(2026, 11, 20),
    )
    assert clocks.earliest_offence_on == date(2026, 10, 1)
    assert clocks.offence_age_days_at_decision == 50
    assert clocks.limitation.last_date == date(2027, 5, 1)
    assert clocks.contract_ends is None
    assert clocks.follow_up_ends == date(2028, 11, 20)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    st.integers(min_value=1, max_value=36),
)
def test_adding_months_always_moves_forward_within_the_month_count(
    start: date, months: int
) -> None:
    end = add_months(start, months)
    assert end > start
    assert (end.year - start.year) * 12 + end.month - start.month == months


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    st.integers(min_value=0, max_value=200),
)
def test_pauses_never_shorten_a_contract(start: date, paused: int) -> None:
    plain = contract_end(start=start, today=start)
    with_pause = contract_end(
        start=start, pauses=[Pause(start, start + timedelta(days=paused))], today=start
    )
    assert with_pause - plain == timedelta(days=paused)

"""Follow-up windows, reoffence counting, harm totals and fine conversion (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from checkpoint.domain.disposals import Disposal
from checkpoint.domain.monitoring import (
    LinkMethod,
    counts_as_reoffence,
    fine_to_days,
    follow_up_totals,
    follow_up_window,
    raises_contract_alert,
)


@pytest.mark.parametrize(
    ("offence_date", "inside"),
    [
        (date(2024, 3, 14), False),
        (date(2024, 3, 15), False),  # decision day: the case may be about it
        (date(2024, 3, 16), True),
        (date(2026, 3, 15), True),  # last day of the 24 months
        (date(2026, 3, 16), False),
    ],
)
def test_window_boundaries(offence_date, inside):
    window = follow_up_window(decided_on=date(2024, 3, 15))
    assert window.ends_on == date(2026, 3, 15)
    assert window.covers(offence_date) is inside


def test_window_clamps_month_ends_and_follows_policy_months():
    assert follow_up_window(decided_on=date(2024, 2, 29), months=12).ends_on == date(2025, 2, 28)
    assert follow_up_window(decided_on=date(2024, 8, 31), months=6).ends_on == date(2025, 2, 28)


def test_window_is_over_the_day_after_it_ends():
    window = follow_up_window(decided_on=date(2024, 3, 15))
    assert not window.is_over(date(2026, 3, 15))
    assert window.is_over(date(2026, 3, 16))


@pytest.mark.parametrize("disposal", list(Disposal))
def test_only_positive_disposals_count(disposal):
    window = follow_up_window(decided_on=date(2024, 3, 15))
    counted = counts_as_reoffence(window=window, offence_date=date(2024, 6, 1), disposal=disposal)
    assert counted is disposal.is_positive


def test_contract_alerts_except_when_cleared():
    assert raises_contract_alert(Disposal.PENDING)
    assert raises_contract_alert(Disposal.CHARGED)
    assert not raises_contract_alert(Disposal.NO_FURTHER_ACTION)
    assert not raises_contract_alert(Disposal.ACQUITTED)


def test_totals_count_unweighted_offences_without_weighing_them():
    totals = follow_up_totals([Decimal("365"), None, Decimal("1.5")])
    assert (totals.reoffended, totals.frequency, totals.unweighted) == (True, 3, 1)
    assert totals.harm_days == Decimal("366.5")
    assert follow_up_totals([]).reoffended is False


def test_fine_to_days_of_minimum_wage_work():
    assert fine_to_days(fine_pounds=Decimal("183.75"), hourly_wage=Decimal("12.25")) == Decimal(
        "2.00"
    )
    with pytest.raises(ValueError):
        fine_to_days(fine_pounds=Decimal(1), hourly_wage=Decimal(0))


def test_link_methods_have_labels():
    assert {m.label for m in LinkMethod} >= {"Exact PNC ID", "Reviewed by a person"}

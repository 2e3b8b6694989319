"""Cost-sensitive bands: least expected cost, ordinal, and fewer dangerous errors as cost rises."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checkpoint.domain.errors import DomainError
from checkpoint.forecasting.banding import CostMatrix, assign_bands, expected_costs
from checkpoint.forecasting.metrics import band_error_rates, confusion


def test_bands_minimise_expected_cost() -> None:
    costs = CostMatrix.build(dangerous=10, cautious=2, under_one=1, over_one=1)
    probabilities = np.array([[0.9, 0.1, 0.0], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4]])
    expected = expected_costs(probabilities, costs)
    assert assign_bands(probabilities, costs).tolist() == list(np.argmin(expected, axis=1))
    assert assign_bands(probabilities, costs).tolist() == [0, 1, 2]


def test_ties_go_to_the_higher_band() -> None:
    costs = CostMatrix.build(dangerous=1, cautious=1, under_one=1, over_one=1, high_as_moderate=1)
    # Low costs 0.5, moderate costs 0.5: the cautious choice is made.
    assert assign_bands(np.array([[0.5, 0.5, 0.0]]), costs).tolist() == [1]


def test_costs_cannot_be_negative_and_round_trip() -> None:
    with pytest.raises(DomainError):
        CostMatrix.build(dangerous=-1)
    costs = CostMatrix.build(dangerous=7, cautious=3)
    assert CostMatrix.from_config(costs.as_config()) == costs
    assert costs.as_config()["dangerous"] == 7 and costs.as_config()["cautious"] == 3


def _dangerous(truth: np.ndarray, probabilities: np.ndarray, cost: float) -> int:
    bands = assign_bands(probabilities, CostMatrix.build(dangerous=cost))
    return int(confusion(truth, bands)[2, 0])


def test_raising_the_dangerous_cost_reduces_dangerous_errors() -> None:
    rng = np.random.default_rng(7)
    probabilities = rng.dirichlet([6, 3, 1], size=5000)
    truth = np.array([rng.choice(3, p=p) for p in probabilities])
    counts = [_dangerous(truth, probabilities, cost) for cost in (1, 2, 5, 10, 20, 50)]
    assert counts == sorted(counts, reverse=True)
    assert counts[-1] < counts[0]
    rates = band_error_rates(confusion(truth, assign_bands(probabilities, CostMatrix.build())))
    assert rates["dangerous_error_rate"] is not None


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0.01, 1), st.floats(0.01, 1), st.floats(0.01, 1)),
        min_size=1,
        max_size=30,
    ),
    st.floats(0.5, 20),
    st.floats(0.01, 30),
)
def test_the_low_band_only_shrinks_as_dangerous_cost_rises(
    raw: list[tuple[float, float, float]], low: float, extra: float
) -> None:
    probabilities = np.array(raw) / np.array(raw).sum(axis=1, keepdims=True)
    cheap = assign_bands(probabilities, CostMatrix.build(dangerous=low)) == 0
    dear = assign_bands(probabilities, CostMatrix.build(dangerous=low + extra)) == 0
    assert not np.any(dear & ~cheap)

"""Accuracy and calibration measures on cases small enough to check by hand."""

from __future__ import annotations

import numpy as np
import pytest

from checkpoint.forecasting.metrics import (
    auc,
    band_error_rates,
    brier,
    calibration_bins,
    confusion,
    expected_calibration_error,
    multiclass_brier,
)


def test_auc_counts_correctly_ordered_pairs() -> None:
    # Pairs (positive, negative): (0.8, 0.3) right, (0.8, 0.6) right, (0.4, 0.3) right,
    # (0.4, 0.6) wrong: 3 of 4.
    assert auc(np.array([1, 1, 0, 0]), np.array([0.8, 0.4, 0.3, 0.6])) == pytest.approx(0.75)
    assert auc(np.array([1, 1]), np.array([0.2, 0.3])) is None


def test_brier_is_the_mean_squared_error() -> None:
    assert brier(np.array([1, 0]), np.array([0.75, 0.5])) == pytest.approx((0.0625 + 0.25) / 2)
    y = np.array([0, 1, 2])
    p = np.array([[1.0, 0, 0], [0.5, 0.5, 0], [0, 0, 1.0]])
    # Row 2: (0.5)^2 + (0.5)^2 = 0.5; the others are perfect.
    assert multiclass_brier(y, p) == pytest.approx(0.5 / 3)


def test_expected_calibration_error_by_hand() -> None:
    # Bin [0.1, 0.2): forecasts 0.1, 0.1, observed 0 and 1 -> gap |0.5 - 0.1| = 0.4 (2 rows).
    # Bin [0.9, 1.0]: forecasts 0.9, 1.0, observed 1, 1 -> gap |1 - 0.95| = 0.05 (2 rows).
    y = np.array([0, 1, 1, 1])
    p = np.array([0.1, 0.1, 0.9, 1.0])
    assert expected_calibration_error(y, p) == pytest.approx(0.5 * 0.4 + 0.5 * 0.05)
    bins = calibration_bins(y, p)
    assert [(b.count, b.observed) for b in bins] == [(2, 0.5), (2, 1.0)]


def test_perfect_calibration_has_no_error() -> None:
    y = np.array([0, 1] * 50)
    assert expected_calibration_error(y, np.full(100, 0.5)) == pytest.approx(0.0)


def test_confusion_and_harts_error_rates() -> None:
    #            forecast low  moderate  high
    # none            5           3        2
    # non-serious     2           4        1
    # serious         1           2        4
    rows = [(0, 0)] * 5 + [(0, 1)] * 3 + [(0, 2)] * 2 + [(1, 0)] * 2 + [(1, 1)] * 4
    rows += [(1, 2)] + [(2, 0)] + [(2, 1)] * 2 + [(2, 2)] * 4
    truth, band = (np.array(c) for c in zip(*rows, strict=True))
    matrix = confusion(truth, band)
    assert matrix.tolist() == [[5, 3, 2], [2, 4, 1], [1, 2, 4]]
    rates = band_error_rates(matrix)
    assert rates["dangerous_error_rate"] == pytest.approx(1 / 8)  # of 8 forecast low, 1 serious
    assert rates["dangerous_miss_rate"] == pytest.approx(1 / 7)  # of 7 serious, 1 forecast low
    assert rates["cautious_error_rate"] == pytest.approx(2 / 7)  # of 7 forecast high, 2 none
    assert rates["cautious_over_rate"] == pytest.approx(2 / 10)
    assert rates["accuracy"] == pytest.approx(13 / 24)


def test_error_rates_are_undefined_without_cases() -> None:
    rates = band_error_rates(np.zeros((3, 3), dtype=int))
    assert rates["dangerous_error_rate"] is None and rates["accuracy"] is None

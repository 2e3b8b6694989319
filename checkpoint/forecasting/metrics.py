"""Accuracy and calibration measures on plain arrays (no Django, fast to test by hand).

The headline forecast is "any proven reoffence in the window" (outcome non-serious or
serious), so AUC, Brier score and calibration are reported on P(any) = 1 - P(low); where the
data hold serious outcomes they are also reported on P(serious). Band errors follow HART's
published framing (Oswald et al. 2018; domain.md section 7).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

DEFAULT_BINS = 10


def auc(y: np.ndarray, score: np.ndarray) -> float | None:
    """Return the area under the ROC curve, or None when only one class is present."""
    y = np.asarray(y)
    if len(np.unique(y)) < 2:
        return None
    return float(roc_auc_score(y, score))


def brier(y: np.ndarray, p: np.ndarray) -> float:
    """Return the mean squared error of probabilities for a 0/1 outcome."""
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    return float(np.mean((p - y) ** 2))


def multiclass_brier(y: np.ndarray, probabilities: np.ndarray) -> float:
    """Return the three-class Brier score: mean over rows of the summed squared errors."""
    probabilities = np.asarray(probabilities, dtype=float)
    onehot = np.eye(probabilities.shape[1])[np.asarray(y, dtype=int)]
    return float(np.mean(np.sum((probabilities - onehot) ** 2, axis=1)))


@dataclass(frozen=True)
class CalibrationBin:
    """One bin of a reliability diagram."""

    lower: float
    upper: float
    count: int
    mean_predicted: float
    observed: float


def calibration_bins(
    y: np.ndarray, p: np.ndarray, bins: int = DEFAULT_BINS
) -> list[CalibrationBin]:
    """Return equal-width bins over [0, 1] with the mean forecast and observed rate in each.

    The last bin includes 1.0; empty bins are left out.
    """
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1], right=False), 0, bins - 1)
    result = []
    for b in range(bins):
        inside = which == b
        count = int(inside.sum())
        if count:
            result.append(
                CalibrationBin(
                    lower=float(edges[b]),
                    upper=float(edges[b + 1]),
                    count=count,
                    mean_predicted=float(p[inside].mean()),
                    observed=float(y[inside].mean()),
                )
            )
    return result


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = DEFAULT_BINS) -> float:
    """Return ECE: the count-weighted mean gap between forecast and observed rate per bin."""
    y = np.asarray(y)
    if len(y) == 0:
        return 0.0
    total = len(y)
    return float(
        sum(
            b.count / total * abs(b.observed - b.mean_predicted)
            for b in calibration_bins(y, p, bins)
        )
    )


def confusion(y_true: np.ndarray, y_band: np.ndarray, classes: int = 3) -> np.ndarray:
    """Return the confusion matrix: rows the true outcome, columns the forecast band."""
    matrix = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(matrix, (np.asarray(y_true, dtype=int), np.asarray(y_band, dtype=int)), 1)
    return matrix


def _share(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def band_error_rates(matrix: np.ndarray) -> dict[str, float | None]:
    """Return HART's dangerous and cautious error rates, read both ways.

    - dangerous_error_rate: of those forecast low, the share truly high (HART: 2%);
    - dangerous_miss_rate: of those truly high, the share forecast low;
    - cautious_error_rate: of those forecast high, the share truly low (HART: 12%);
    - cautious_over_rate: of those truly low, the share forecast high.
    """
    m = np.asarray(matrix)
    return {
        "dangerous_error_rate": _share(int(m[2, 0]), int(m[:, 0].sum())),
        "dangerous_miss_rate": _share(int(m[2, 0]), int(m[2, :].sum())),
        "cautious_error_rate": _share(int(m[0, 2]), int(m[:, 2].sum())),
        "cautious_over_rate": _share(int(m[0, 2]), int(m[0, :].sum())),
        "accuracy": _share(int(np.trace(m)), int(m.sum())),
    }


def binary_summary(y: np.ndarray, p: np.ndarray, bins: int = DEFAULT_BINS) -> dict[str, Any]:
    """Return AUC, Brier score, ECE, base rate, mean forecast and the reliability bins."""
    y, p = np.asarray(y), np.asarray(p, dtype=float)
    return {
        "n": len(y),
        "base_rate": float(np.mean(y)) if len(y) else None,
        "mean_predicted": float(np.mean(p)) if len(p) else None,
        "auc": auc(y, p),
        "brier": brier(y, p),
        "ece": expected_calibration_error(y, p, bins),
        "calibration": [b.__dict__ for b in calibration_bins(y, p, bins)],
    }

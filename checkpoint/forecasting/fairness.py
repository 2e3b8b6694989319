"""Per-group error rates, selection rates and calibration, measured with fairlearn.

The criterion we name and monitor is error-rate balance (equalised odds) for the decision
"forecast moderate or high" against "any reoffence in the window": the largest gap between
groups in false positive rate or false negative rate (fairlearn's
`equalized_odds_difference`). Calibration within groups is reported beside it. When the
groups' base rates differ, a calibrated forecast cannot also equalise both error rates
(Chouldechova 2017, "Fair prediction with disparate impact"), so both are shown and the
trade-off is left to the governance board, not settled silently in code.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pandas as pd
from fairlearn.metrics import (
    MetricFrame,
    count,
    demographic_parity_difference,
    equalized_odds_difference,
)

from checkpoint.forecasting.metrics import brier, expected_calibration_error

CRITERION = (
    "Error-rate balance (equalised odds): the largest gap between groups in false positive "
    "or false negative rate for the decision 'forecast moderate or high' against any "
    "reoffence in the window, reported with calibration within groups. By Chouldechova "
    "(2017) both cannot hold when base rates differ, so both are shown. Gaps are between "
    "groups of at least 30 events."
)
CRITERION_NAME = "equalised odds difference"
TOLERANCE = 0.10
SMALL_GROUP = 30


def _rate(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else math.nan


def _fpr(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    negatives = y_true == 0
    return _rate(float((y_pred[negatives] == 1).sum()), float(negatives.sum()))


def _fnr(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    positives = y_true == 1
    return _rate(float((y_pred[positives] == 0).sum()), float(positives.sum()))


def _selection(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    return float(np.mean(y_pred)) if len(y_pred) else math.nan


def _base_rate(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    return float(np.mean(y_true)) if len(y_true) else math.nan


def _mean(y_true: np.ndarray, p: np.ndarray) -> float:
    return float(np.mean(p)) if len(p) else math.nan


def _clean(value: Any) -> Any:
    if isinstance(value, float | np.floating):
        return None if math.isnan(float(value)) else round(float(value), 4)
    if isinstance(value, np.integer):
        return int(value)
    return value


def group_report(
    *,
    y_any: np.ndarray,
    p_any: np.ndarray,
    flagged: np.ndarray,
    high: np.ndarray,
    groups: pd.DataFrame,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return per-group rates and the fairness summary for each grouping column."""
    y_any = np.asarray(y_any, dtype=int)
    flagged = np.asarray(flagged, dtype=int)
    high = np.asarray(high, dtype=int)
    per_group: dict[str, Any] = {}
    summary: dict[str, Any] = {}
    for attribute in groups.columns:
        sensitive = groups[attribute].astype(str).to_numpy()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            decisions = MetricFrame(
                metrics={
                    "n": count,
                    "base_rate": _base_rate,
                    "fpr": _fpr,
                    "fnr": _fnr,
                    "selection_rate": _selection,
                },
                y_true=y_any,
                y_pred=flagged,
                sensitive_features=sensitive,
            )
            highs = MetricFrame(
                metrics={"high_rate": _selection},
                y_true=y_any,
                y_pred=high,
                sensitive_features=sensitive,
            )
            calibration = MetricFrame(
                metrics={
                    "mean_predicted": _mean,
                    "ece": expected_calibration_error,
                    "brier": brier,
                },
                y_true=y_any,
                y_pred=np.asarray(p_any, dtype=float),
                sensitive_features=sensitive,
            )
            levels = sorted(set(sensitive))
            table = pd.concat([decisions.by_group, highs.by_group, calibration.by_group], axis=1)
            per_group[attribute] = {
                str(level): {
                    k: int(v) if k == "n" else _clean(v) for k, v in table.loc[level].items()
                }
                for level in levels
            }
            big_enough = [lvl for lvl in levels if (sensitive == lvl).sum() >= SMALL_GROUP]
            gaps = {
                str(lvl): float(table.loc[lvl, "base_rate"] - table.loc[lvl, "mean_predicted"])
                for lvl in levels
            }
            if len(levels) < 2:
                summary[attribute] = {"groups": len(levels), "note": "only one group present"}
                continue
            # Gaps are measured between groups of at least SMALL_GROUP events: a handful of
            # people cannot show a rate, and would otherwise decide the headline gap.
            kept = np.isin(sensitive, big_enough)
            eod = dpd = math.nan
            if len(big_enough) >= 2:
                eod = equalized_odds_difference(
                    y_any[kept], flagged[kept], sensitive_features=sensitive[kept]
                )
                dpd = demographic_parity_difference(
                    y_any[kept], flagged[kept], sensitive_features=sensitive[kept]
                )
        fpr = [table.loc[lvl, "fpr"] for lvl in big_enough if not math.isnan(table.loc[lvl, "fpr"])]
        fnr = [table.loc[lvl, "fnr"] for lvl in big_enough if not math.isnan(table.loc[lvl, "fnr"])]
        gap_values = [abs(gaps[str(lvl)]) for lvl in big_enough]
        eod_clean = _clean(eod)
        summary[attribute] = {
            "groups": len(levels),
            "equalised_odds_difference": eod_clean,
            "demographic_parity_difference": _clean(dpd),
            "fpr_difference": _clean(max(fpr) - min(fpr)) if len(fpr) > 1 else None,
            "fnr_difference": _clean(max(fnr) - min(fnr)) if len(fnr) > 1 else None,
            "largest_calibration_gap": _clean(max(gap_values)) if gap_values else None,
            "within_tolerance": eod_clean is not None and eod_clean <= TOLERANCE,
            "small_groups": [str(lvl) for lvl in levels if lvl not in big_enough],
        }
    return per_group, summary

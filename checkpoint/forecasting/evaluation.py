"""Evaluation protocols: a temporal hold-out (train on earlier years, test on a later one, as
HART was tested on the year after its training data) and grouped, stratified k-fold.

Each protocol fits fresh models on its training part only, so no test row informs the
model that scores it. Results are plain JSON-ready dictionaries (docs/forecasting.md,
"Evaluation").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedGroupKFold

from checkpoint.forecasting.banding import CostMatrix, assign_bands
from checkpoint.forecasting.fairness import CRITERION, CRITERION_NAME, TOLERANCE, group_report
from checkpoint.forecasting.features import age_band
from checkpoint.forecasting.importer import TrainingSet
from checkpoint.forecasting.metrics import (
    band_error_rates,
    binary_summary,
    confusion,
    multiclass_brier,
)
from checkpoint.forecasting.schema import BANDS
from checkpoint.forecasting.training import TrainingConfig, train_model

Progress = Callable[[str], None]
MIN_TEST_ROWS = 20


def _groups(frame: pd.DataFrame) -> pd.DataFrame:
    groups = pd.DataFrame(index=frame.index)
    groups["sex"] = frame["sex"].astype(str)
    groups["age_band"] = [age_band(float(a)) for a in frame["age"]]
    for name in ("ethnicity", "area"):
        if name in frame:
            groups[name] = frame[name].astype(str)
    return groups


def score(
    *, y: np.ndarray, probabilities: np.ndarray, frame: pd.DataFrame, costs: CostMatrix
) -> dict[str, Any]:
    """Return every measure for a set of forecasts and the truth."""
    y = np.asarray(y, dtype=int)
    bands = assign_bands(probabilities, costs)
    p_any = 1.0 - probabilities[:, 0]
    matrix = confusion(y, bands)
    per_group, fairness = group_report(
        y_any=(y >= 1).astype(int),
        p_any=p_any,
        flagged=(bands >= 1).astype(int),
        high=(bands == 2).astype(int),
        groups=_groups(frame),
    )
    return {
        "n": len(y),
        "any": binary_summary((y >= 1).astype(int), p_any),
        "serious": binary_summary((y == 2).astype(int), probabilities[:, 2])
        if (y == 2).any()
        else None,
        "multiclass_brier": multiclass_brier(y, probabilities),
        "confusion": matrix.tolist(),
        "band_counts": {b.value: int((bands == i).sum()) for i, b in enumerate(BANDS)},
        "errors": band_error_rates(matrix),
        "groups": per_group,
        "fairness": {
            "criterion": CRITERION,
            "criterion_name": CRITERION_NAME,
            "tolerance": TOLERANCE,
            "by_attribute": fairness,
        },
    }


def temporal_holdout(
    training: TrainingSet, config: TrainingConfig, *, test_year: int | None = None
) -> dict[str, Any] | None:
    """Train on years before the test year and score the test year; None if only one year."""
    years = training.years
    if len(years) < 2:
        return None
    test_year = test_year or config.test_year or years[-1]
    event_years = training.frame["event_date"].dt.year.to_numpy()
    train_mask = event_years < test_year
    test_mask = event_years == test_year
    if train_mask.sum() < MIN_TEST_ROWS or test_mask.sum() < MIN_TEST_ROWS:
        return None
    train, test = training.subset(train_mask), training.subset(test_mask)
    model = train_model(train, config)
    probabilities = model.predict_proba_frame(test.frame)
    result = score(y=test.y, probabilities=probabilities, frame=test.frame, costs=config.costs)
    result["protocol"] = "temporal"
    result["description"] = (
        f"trained on {_span(train.years)} ({len(train.frame):,} events), "
        f"tested on {test_year} ({len(test.frame):,} events)"
    )
    result["train_years"] = train.years
    result["test_year"] = test_year
    return result


def kfold(
    training: TrainingSet, config: TrainingConfig, *, folds: int | None = None
) -> dict[str, Any]:
    """Score out-of-fold forecasts from k models, keeping each person in one fold."""
    folds = folds or config.folds
    y = training.y
    smallest = int(np.bincount(y, minlength=3)[np.bincount(y, minlength=3) > 0].min())
    folds = max(2, min(folds, smallest))
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=config.seed)
    probabilities = np.zeros((len(y), 3))
    for train_index, test_index in splitter.split(
        np.zeros(len(y)), y, groups=training.frame["person_id"].to_numpy()
    ):
        mask = np.zeros(len(y), dtype=bool)
        mask[train_index] = True
        model = train_model(training.subset(mask), config)
        probabilities[test_index] = model.predict_proba_frame(
            training.frame.iloc[test_index].reset_index(drop=True)
        )
    result = score(y=y, probabilities=probabilities, frame=training.frame, costs=config.costs)
    result["protocol"] = "kfold"
    result["description"] = f"{folds}-fold cross-validation, grouped by person, stratified"
    result["folds"] = folds
    return result


def evaluate(
    training: TrainingSet,
    config: TrainingConfig,
    *,
    protocols: tuple[str, ...] = ("temporal", "kfold"),
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run the chosen protocols; the headline is the temporal hold-out when it is possible."""
    results: dict[str, Any] = {"kind": config.kind.value, "temporal": None, "kfold": None}
    if "temporal" in protocols:
        if progress:
            progress(f"{config.kind.value}: temporal hold-out")
        results["temporal"] = temporal_holdout(training, config)
    if "kfold" in protocols:
        if progress:
            progress(f"{config.kind.value}: {config.folds}-fold cross-validation")
        results["kfold"] = kfold(training, config)
    headline = results["temporal"] or results["kfold"]
    results["headline"] = headline["protocol"] if headline else None
    return results


def headline_figures(result: dict[str, Any]) -> dict[str, Any]:
    """Return the overall AUC, Brier score, ECE and per-group error rates of a result."""
    chosen = result.get(result.get("headline") or "")
    if not chosen:
        return {}
    groups = {
        attribute: {
            level: {"fpr": rates["fpr"], "fnr": rates["fnr"], "n": rates["n"]}
            for level, rates in levels.items()
        }
        for attribute, levels in chosen["groups"].items()
    }
    return {
        "protocol": chosen["protocol"],
        "n": chosen["n"],
        "auc": _round(chosen["any"]["auc"]),
        "brier": _round(chosen["any"]["brier"]),
        "ece": _round(chosen["any"]["ece"]),
        "serious_auc": _round(chosen["serious"]["auc"]) if chosen["serious"] else None,
        "dangerous_error_rate": _round(chosen["errors"]["dangerous_error_rate"]),
        "cautious_error_rate": _round(chosen["errors"]["cautious_error_rate"]),
        "group_error_rates": groups,
        "equalised_odds_difference": {
            attribute: summary.get("equalised_odds_difference")
            for attribute, summary in chosen["fairness"]["by_attribute"].items()
        },
    }


def _span(years: list[int]) -> str:
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}-{years[-1]}"


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)

"""Evaluation protocols, per-group fairness measures and the self-contained report."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from checkpoint.forecasting.banding import CostMatrix
from checkpoint.forecasting.evaluation import (
    evaluate,
    headline_figures,
    kfold,
    score,
    temporal_holdout,
)
from checkpoint.forecasting.fairness import CRITERION, group_report
from checkpoint.forecasting.importer import TrainingSet
from checkpoint.forecasting.report import render_report
from checkpoint.forecasting.vocabulary import ModelKind

from .conftest import fast_config


def test_the_temporal_hold_out_trains_on_earlier_years_only(training: TrainingSet) -> None:
    result = temporal_holdout(training, fast_config(ModelKind.LOGISTIC))
    assert result is not None
    assert result["test_year"] == 2023 and max(result["train_years"]) == 2022
    assert result["n"] == int((training.frame["event_date"].dt.year == 2023).sum())
    one_year = training.subset((training.frame["event_date"].dt.year == 2020).to_numpy())
    assert temporal_holdout(one_year, fast_config(ModelKind.LOGISTIC)) is None


def test_kfold_scores_every_row_out_of_fold(training: TrainingSet) -> None:
    result = kfold(training, fast_config(ModelKind.OGRS3), folds=3)
    assert result["n"] == len(training.frame) and result["folds"] == 3
    assert sum(result["band_counts"].values()) == len(training.frame)
    assert np.array(result["confusion"]).sum() == len(training.frame)


def test_evaluate_reports_the_headline_figures(training: TrainingSet) -> None:
    result = evaluate(training, fast_config(ModelKind.OGRS3), protocols=("temporal", "kfold"))
    assert result["headline"] == "temporal"
    figures = headline_figures(result)
    assert {"auc", "brier", "ece", "group_error_rates", "dangerous_error_rate"} <= set(figures)
    assert figures["auc"] > 0.6
    assert set(figures["group_error_rates"]) == {"sex", "age_band", "ethnicity", "area"}
    page = render_report(title="t", summary=[("rows", 1)], evaluations={"OGRS3": result})
    assert page.count("data:image/png;base64,") >= 6 and "Chouldechova" in page


def test_group_rates_by_hand() -> None:
    # Group a: truths 1,1,0,0 flagged 1,0,1,0 -> FPR 1/2, FNR 1/2.
    # Group b: truths 1,0,0,0 flagged 1,0,0,0 -> FPR 0, FNR 0.
    y = np.array([1, 1, 0, 0, 1, 0, 0, 0])
    flagged = np.array([1, 0, 1, 0, 1, 0, 0, 0])
    groups = pd.DataFrame({"g": ["a"] * 4 + ["b"] * 4})
    per_group, summary = group_report(
        y_any=y, p_any=np.full(8, 0.4), flagged=flagged, high=np.zeros(8), groups=groups
    )
    assert per_group["g"]["a"]["fpr"] == 0.5 and per_group["g"]["a"]["fnr"] == 0.5
    assert per_group["g"]["b"]["fpr"] == 0.0 and per_group["g"]["b"]["selection_rate"] == 0.25
    assert per_group["g"]["a"]["n"] == 4
    # Both groups are under 30 events, so no gap is claimed from them.
    assert summary["g"]["equalised_odds_difference"] is None
    assert summary["g"]["small_groups"] == ["a", "b"]
    big = pd.DataFrame({"g": np.repeat(["a", "b"], 40)})
    _, summary = group_report(
        y_any=np.concatenate([np.tile(y[:4], 10), np.tile(y[4:], 10)]),
        p_any=np.full(80, 0.4),
        flagged=np.concatenate([np.tile(flagged[:4], 10), np.tile(flagged[4:], 10)]),
        high=np.zeros(80),
        groups=big,
    )
    assert summary["g"]["equalised_odds_difference"] == 0.5
    assert summary["g"]["fpr_difference"] == 0.5 and summary["g"]["small_groups"] == []


def test_score_names_the_fairness_criterion(training: TrainingSet) -> None:
    y = training.y
    probabilities = np.tile([0.6, 0.3, 0.1], (len(y), 1))
    result = score(y=y, probabilities=probabilities, frame=training.frame, costs=CostMatrix.build())
    assert result["fairness"]["criterion"] == CRITERION
    assert result["any"]["mean_predicted"] == pytest.approx(0.4)
    # A constant forecast treats every group alike: no error-rate gap.
    assert result["fairness"]["by_attribute"]["sex"]["equalised_odds_difference"] == 0.0

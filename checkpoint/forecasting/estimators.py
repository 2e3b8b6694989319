"""The three models behind one interface, as objects skops can save without pickle.

Every model returns calibrated probabilities for the three ordered outcomes (none,
non-serious, serious). The learned models use the ordinal decomposition of Frank and Hall
(2001): one binary model for "any reoffence" and one for "a serious reoffence", each
calibrated on data it was not fitted on; P(moderate) is the difference. OGRS3 gives
P(any) from its published formula; the serious share of reoffending is learnt from the
training data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from checkpoint.forecasting.features import FeatureEncoder, _sanctions_field
from checkpoint.forecasting.ogrs3 import ogrs3_group, ogrs3_logit
from checkpoint.forecasting.vocabulary import CalibrationMethod, EnsembleAlgorithm, ModelKind

EPSILON = 1e-6
MIN_CLASS_ROWS = 5
ISOTONIC_MIN_CLASS_ROWS = 1000
THREADED_ROWS = 20_000


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), EPSILON, 1 - EPSILON)
    result: np.ndarray = np.log(p / (1 - p))
    return result


def _sigmoid(z: np.ndarray) -> np.ndarray:
    result: np.ndarray = 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))
    return result


class Calibrator:
    """Map a raw probability to a calibrated one: Platt scaling, isotonic, or unchanged."""

    def __init__(self, method: str = CalibrationMethod.NONE.value) -> None:
        self.method = method
        self.slope = 1.0
        self.intercept = 0.0
        self.x = np.zeros(0)
        self.y = np.zeros(0)

    def fit(self, p: np.ndarray, t: np.ndarray) -> Calibrator:
        """Fit on out-of-sample probabilities `p` and 0/1 outcomes `t`."""
        method = CalibrationMethod(self.method)
        if method is CalibrationMethod.SIGMOID:
            # Platt (1999): a one-variable logistic regression on the raw score's logit.
            lr = LogisticRegression(C=1e6, max_iter=1000).fit(_logit(p).reshape(-1, 1), t)
            self.slope = float(lr.coef_[0, 0])
            self.intercept = float(lr.intercept_[0])
        elif method is CalibrationMethod.ISOTONIC:
            iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(p, t)
            self.x = np.asarray(iso.X_thresholds_, dtype=float)
            self.y = np.asarray(iso.y_thresholds_, dtype=float)
        return self

    def transform(self, p: np.ndarray) -> np.ndarray:
        """Return calibrated probabilities."""
        method = CalibrationMethod(self.method)
        if method is CalibrationMethod.SIGMOID:
            return _sigmoid(self.slope * _logit(p) + self.intercept)
        if method is CalibrationMethod.ISOTONIC and len(self.x):
            return np.asarray(np.interp(p, self.x, self.y), dtype=float)
        return np.asarray(p, dtype=float)


class BinaryHead:
    """One calibrated yes/no model, or a constant rate when the data hold too few of a class."""

    def __init__(self) -> None:
        self.model: Any = None
        self.calibrator = Calibrator()
        self.constant = 0.0

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Return calibrated probabilities of 'yes'."""
        if self.model is None:
            return np.full(X.shape[0], self.constant)
        return self.calibrator.transform(self.model.predict_proba(X)[:, 1])


class OrdinalForecaster(BaseEstimator):  # type: ignore[misc]
    """A learned ordinal model: calibrated P(any reoffence) and P(serious reoffence)."""

    def __init__(
        self,
        algorithm: str = "logistic",
        params: dict[str, Any] | None = None,
        calibration: str = CalibrationMethod.AUTO.value,
        calibration_folds: int = 5,
        holdout_rows: int = 10_000,
        random_state: int = 1,
    ) -> None:
        self.algorithm = algorithm
        self.params = params
        self.calibration = calibration
        self.calibration_folds = calibration_folds
        self.holdout_rows = holdout_rows
        self.random_state = random_state

    def _make(self) -> Any:
        params = dict(self.params or {})
        if self.algorithm == "logistic":
            return Pipeline(
                [
                    ("scale", StandardScaler()),
                    (
                        "model",
                        LogisticRegression(
                            C=float(params.get("C", 1.0)),
                            max_iter=int(params.get("max_iter", 2000)),
                        ),
                    ),
                ]
            )
        if self.algorithm == EnsembleAlgorithm.RANDOM_FOREST.value:
            defaults = {"n_estimators": 150, "min_samples_leaf": 20, "max_features": "sqrt"}
            return RandomForestClassifier(
                **{**defaults, **params}, n_jobs=-1, random_state=self.random_state
            )
        defaults = {
            "max_iter": 200,
            "learning_rate": 0.05,
            "max_leaf_nodes": 31,
            "min_samples_leaf": 40,
            "l2_regularization": 1.0,
        }
        return HistGradientBoostingClassifier(
            **{**defaults, **params}, random_state=self.random_state
        )

    def _method(self, t: np.ndarray) -> str:
        if self.calibration != CalibrationMethod.AUTO.value:
            return self.calibration
        smaller = int(min(t.sum(), len(t) - t.sum()))
        # Isotonic calibration overfits small samples (scikit-learn user guide, 1.16).
        return (
            CalibrationMethod.ISOTONIC.value
            if smaller >= ISOTONIC_MIN_CLASS_ROWS
            else CalibrationMethod.SIGMOID.value
        )

    def _fit_head(self, X: np.ndarray, t: np.ndarray) -> BinaryHead:
        head = BinaryHead()
        positives = int(t.sum())
        negatives = len(t) - positives
        head.constant = float(t.mean()) if len(t) else 0.0
        if min(positives, negatives) < MIN_CLASS_ROWS:
            return head
        if len(t) >= self.holdout_rows:
            X_fit, X_cal, t_fit, t_cal = train_test_split(
                X, t, test_size=0.2, stratify=t, random_state=self.random_state
            )
            head.model = self._make().fit(X_fit, t_fit)
            raw = head.model.predict_proba(X_cal)[:, 1]
            head.calibrator = Calibrator(self._method(t_cal)).fit(raw, t_cal)
        else:
            folds = min(self.calibration_folds, positives, negatives)
            if folds >= 2 and self.calibration != CalibrationMethod.NONE.value:
                cv = StratifiedKFold(folds, shuffle=True, random_state=self.random_state)
                raw = cross_val_predict(self._make(), X, t, cv=cv, method="predict_proba")[:, 1]
                head.calibrator = Calibrator(self._method(t)).fit(raw, t)
            head.model = self._make().fit(X, t)
        if isinstance(head.model, RandomForestClassifier):
            # One forecast at a time: threads cost more than they save.
            head.model.set_params(n_jobs=1)
        return head

    def fit(self, X: np.ndarray, y: np.ndarray) -> OrdinalForecaster:
        """Fit both heads on encoded features and outcome classes 0, 1, 2."""
        y = np.asarray(y, dtype=int)
        # On small data OpenMP threads cost more than they save, badly so on a busy machine.
        with threadpool_limits(limits=1 if len(y) < THREADED_ROWS else None, user_api="openmp"):
            self.any_ = self._fit_head(X, (y >= 1).astype(int))
            self.serious_ = self._fit_head(X, (y == 2).astype(int))
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Return P(none), P(non-serious), P(serious) for each row."""
        p_any = np.clip(self.any_.predict(X), 0.0, 1.0)
        p_serious = np.minimum(np.clip(self.serious_.predict(X), 0.0, 1.0), p_any)
        return np.column_stack([1.0 - p_any, p_any - p_serious, p_serious])


class Ogrs3Forecaster(BaseEstimator):  # type: ignore[misc]
    """OGRS3's published score, optionally recalibrated to local base rates, split by severity.

    Recalibration fits only an intercept and a slope on OGRS3's logit (the published
    coefficients are kept); it is recorded in the model configuration.
    """

    def __init__(
        self,
        years: int = 2,
        recalibrate: bool = True,
        assumed_age_at_first_offence: float = 18.0,
    ) -> None:
        self.years = years
        self.recalibrate = recalibrate
        self.assumed_age_at_first_offence = assumed_age_at_first_offence

    def logits(self, rows: Sequence[Mapping[str, Any]]) -> np.ndarray:
        """Return OGRS3's linear predictor for canonical rows."""
        out = np.empty(len(rows))
        for i, row in enumerate(rows):
            age = float(row["age"])
            sanctions_name = _sanctions_field(row.keys())
            previous = int(row[sanctions_name]) if sanctions_name else 0
            recorded = row.get("age_at_first_offence")
            if recorded in (None, ""):
                # Data without an age at first sanction (Rossi, recid): assume an adult
                # record starting at 18, or now for a first sanction. Recorded on the card.
                first = age if previous == 0 else min(self.assumed_age_at_first_offence, age)
            else:
                first = float(str(recorded))
            out[i] = ogrs3_logit(
                sex=str(row.get("sex") or "not_known"),
                age=age,
                previous_sanctions=previous,
                age_at_first_sanction=first,
                group=ogrs3_group(
                    family=row.get("current_offence") or None,
                    code=str(row.get("current_offence_code") or ""),
                ),
                years=self.years,
            )
        return out

    def fit(self, rows: Sequence[Mapping[str, Any]], y: np.ndarray) -> Ogrs3Forecaster:
        """Learn the optional recalibration and the serious share of reoffending."""
        y = np.asarray(y, dtype=int)
        self.calibrator_ = Calibrator(CalibrationMethod.NONE.value)
        any_ = (y >= 1).astype(int)
        if self.recalibrate and min(any_.sum(), len(any_) - any_.sum()) >= MIN_CLASS_ROWS:
            self.calibrator_ = Calibrator(CalibrationMethod.SIGMOID.value).fit(
                _sigmoid(self.logits(rows)), any_
            )
        reoffenders = int(any_.sum())
        self.serious_share_ = float((y == 2).sum() / reoffenders) if reoffenders else 0.0
        return self

    def predict_proba(self, rows: Sequence[Mapping[str, Any]]) -> np.ndarray:
        """Return P(none), P(non-serious), P(serious) for canonical rows."""
        p_any = self.calibrator_.transform(_sigmoid(self.logits(rows)))
        p_serious = p_any * self.serious_share_
        return np.column_stack([1.0 - p_any, p_any - p_serious, p_serious])


class ForecastModel:
    """What an artefact holds: the fields, the encoder, the estimator and the band costs."""

    def __init__(
        self,
        kind: str = ModelKind.LOGISTIC.value,
        fields: list[str] | None = None,
        encoder: FeatureEncoder | None = None,
        estimator: Any = None,
        costs: list[list[float]] | None = None,
        follow_up_months: int = 24,
    ) -> None:
        self.kind = kind
        self.fields = fields or []
        self.encoder = encoder or FeatureEncoder()
        self.estimator = estimator
        self.costs = costs or []
        self.follow_up_months = follow_up_months

    @property
    def reference(self) -> dict[str, Any]:
        """Return the typical person (training medians and modes) factors are measured from."""
        return dict(self.encoder.reference)

    def predict_proba_rows(self, rows: Sequence[Mapping[str, Any]]) -> np.ndarray:
        """Return the three outcome probabilities for forecast inputs."""
        if self.kind == ModelKind.OGRS3.value:
            return np.asarray(
                self.estimator.predict_proba([self.encoder.complete(r) for r in rows])
            )
        return np.asarray(self.estimator.predict_proba(self.encoder.transform_rows(rows)))

    def predict_proba_frame(self, frame: pd.DataFrame) -> np.ndarray:
        """Return the three outcome probabilities for a canonical frame."""
        if self.kind == ModelKind.OGRS3.value:
            rows = frame[self.fields].to_dict("records")
            return np.asarray(self.estimator.predict_proba(rows))
        return np.asarray(self.estimator.predict_proba(self.encoder.transform_frame(frame)))


TRUSTED_TYPES = frozenset(
    {
        "checkpoint.forecasting.estimators.ForecastModel",
        "checkpoint.forecasting.estimators.OrdinalForecaster",
        "checkpoint.forecasting.estimators.Ogrs3Forecaster",
        "checkpoint.forecasting.estimators.BinaryHead",
        "checkpoint.forecasting.estimators.Calibrator",
        "checkpoint.forecasting.features.FeatureEncoder",
        "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
        "sklearn.tree._tree.Tree",
    }
)
"""The only types an artefact may contain beyond skops' defaults (checked before loading)."""

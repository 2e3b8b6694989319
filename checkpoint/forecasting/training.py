"""Fit one of the three models on a training set, from a configuration stored with it."""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from checkpoint.domain.errors import DomainError
from checkpoint.forecasting.banding import (
    DEFAULT_CAUTIOUS_COST,
    DEFAULT_DANGEROUS_COST,
    DEFAULT_OVER_COST,
    DEFAULT_UNDER_COST,
    CostMatrix,
)
from checkpoint.forecasting.estimators import ForecastModel, Ogrs3Forecaster, OrdinalForecaster
from checkpoint.forecasting.features import FeatureEncoder, model_fields
from checkpoint.forecasting.importer import TrainingSet
from checkpoint.forecasting.vocabulary import CalibrationMethod, EnsembleAlgorithm, ModelKind

OGRS3_FIELDS = (
    "age",
    "sex",
    "prior_sanctions",
    "prior_convictions",
    "age_at_first_offence",
    "current_offence",
    "current_offence_code",
)


@dataclass(frozen=True)
class TrainingConfig:
    """Everything that decides how a model is fitted; stored on its registry row and card."""

    kind: ModelKind = ModelKind.ENSEMBLE
    seed: int = 1
    dangerous_cost: float = DEFAULT_DANGEROUS_COST
    cautious_cost: float = DEFAULT_CAUTIOUS_COST
    under_cost: float = DEFAULT_UNDER_COST
    over_cost: float = DEFAULT_OVER_COST
    calibration: CalibrationMethod = CalibrationMethod.AUTO
    algorithm: EnsembleAlgorithm = EnsembleAlgorithm.GRADIENT_BOOSTING
    logistic_c: float = 1.0
    params: dict[str, Any] = field(default_factory=dict)
    ogrs3_recalibrate: bool = True
    assumed_age_at_first_offence: float = 18.0
    sensitive_features: tuple[str, ...] = ()
    folds: int = 5
    test_year: int | None = None

    @property
    def costs(self) -> CostMatrix:
        """Return the band cost matrix."""
        return CostMatrix.build(
            dangerous=self.dangerous_cost,
            cautious=self.cautious_cost,
            under_one=self.under_cost,
            over_one=self.over_cost,
        )

    def as_dict(self) -> dict[str, Any]:
        """Return the configuration as plain JSON-ready data."""
        data = asdict(self)
        data["kind"] = self.kind.value
        data["calibration"] = self.calibration.value
        data["algorithm"] = self.algorithm.value
        data["sensitive_features"] = list(self.sensitive_features)
        data["costs"] = self.costs.as_config()
        return data


def config_from_toml(path: Path, *, base: TrainingConfig | None = None) -> TrainingConfig:
    """Read settings from the [model] table of a TOML file over a base configuration."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DomainError(f"There is no file {path}.") from None
    except tomllib.TOMLDecodeError as error:
        raise DomainError(f"{path.name} is not valid TOML: {error}.") from None
    table = data.get("model", {})
    return config_from_dict(table, base=base)


def config_from_dict(
    table: dict[str, Any], *, base: TrainingConfig | None = None
) -> TrainingConfig:
    """Return a configuration with the given keys changed, checking names and values."""
    base = base or TrainingConfig()
    known = set(TrainingConfig.__dataclass_fields__)
    unknown = set(table) - known
    if unknown:
        raise DomainError(
            f"Unknown model setting(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(sorted(known))}."
        )
    values = dict(table)
    try:
        if "kind" in values:
            values["kind"] = ModelKind(values["kind"])
        if "calibration" in values:
            values["calibration"] = CalibrationMethod(values["calibration"])
        if "algorithm" in values:
            values["algorithm"] = EnsembleAlgorithm(values["algorithm"])
    except ValueError as error:
        raise DomainError(str(error)) from None
    if "sensitive_features" in values:
        values["sensitive_features"] = tuple(values["sensitive_features"])
    return replace(base, **values)


def fields_for(kind: ModelKind, available: tuple[str, ...], config: TrainingConfig) -> list[str]:
    """Return the fields a model of this kind uses on data holding `available`."""
    if kind is ModelKind.OGRS3:
        # OGRS3's published scale has no place for ethnicity or area.
        return [name for name in OGRS3_FIELDS if name in available]
    return model_fields(available, sensitive=config.sensitive_features, learned=True)


def train_model(training: TrainingSet, config: TrainingConfig) -> ForecastModel:
    """Fit a model of the configured kind on the whole training set."""
    fields = fields_for(config.kind, training.fields, config)
    if not fields:
        raise DomainError("The data hold no fields a model could use.")
    frame = training.frame
    encoder = FeatureEncoder().fit(frame, fields)
    y = training.y
    estimator: Any
    if config.kind is ModelKind.OGRS3:
        years = 1 if training.follow_up_months <= 12 else 2
        estimator = Ogrs3Forecaster(
            years=years,
            recalibrate=config.ogrs3_recalibrate,
            assumed_age_at_first_offence=config.assumed_age_at_first_offence,
        ).fit(frame[fields].to_dict("records"), y)
    else:
        algorithm = "logistic" if config.kind is ModelKind.LOGISTIC else config.algorithm.value
        params = (
            {"C": config.logistic_c, **config.params}
            if config.kind is ModelKind.LOGISTIC
            else dict(config.params)
        )
        estimator = OrdinalForecaster(
            algorithm=algorithm,
            params=params,
            calibration=config.calibration.value,
            random_state=config.seed,
        ).fit(encoder.transform_frame(frame), y)
    return ForecastModel(
        kind=config.kind.value,
        fields=fields,
        encoder=encoder,
        estimator=estimator,
        costs=[list(row) for row in config.costs.values],
        follow_up_months=training.follow_up_months,
    )

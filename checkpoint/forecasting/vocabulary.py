"""Names for the model registry: kinds of model, their status and what they forecast for."""

from __future__ import annotations

from enum import StrEnum


class ModelKind(StrEnum):
    """The three models behind one interface (docs/forecasting.md, "Models")."""

    OGRS3 = "ogrs3"
    LOGISTIC = "logistic"
    ENSEMBLE = "ensemble"

    @property
    def label(self) -> str:
        """Return the kind in words."""
        return KIND_LABELS[self]


KIND_LABELS: dict[ModelKind, str] = {
    ModelKind.OGRS3: "OGRS3 (published Ministry of Justice coefficients)",
    ModelKind.LOGISTIC: "Regularised logistic regression",
    ModelKind.ENSEMBLE: "Cost-sensitive tree ensemble (HART-style)",
}


class ModelStatus(StrEnum):
    """Where a model version is in its governance: only an approved one forecasts."""

    DRAFT = "draft"
    APPROVED = "approved"
    RETIRED = "retired"

    @property
    def label(self) -> str:
        """Return the status in words."""
        return self.value.capitalize()


class ForecastPurpose(StrEnum):
    """What a model is approved for; one approved model at a time per purpose."""

    CUSTODY_SCREENING = "custody_screening"

    @property
    def label(self) -> str:
        """Return the purpose in words."""
        return "Advisory risk forecast at custody screening"


class EnsembleAlgorithm(StrEnum):
    """The tree ensemble behind the HART-style model."""

    GRADIENT_BOOSTING = "gradient_boosting"
    RANDOM_FOREST = "random_forest"


class CalibrationMethod(StrEnum):
    """How a model's raw scores are turned into calibrated probabilities."""

    AUTO = "auto"
    SIGMOID = "sigmoid"
    ISOTONIC = "isotonic"
    NONE = "none"

"""Reads of the model registry and of stored forecasts."""

from __future__ import annotations

from django.db.models import QuerySet

from checkpoint.domain.errors import DomainError
from checkpoint.forecasting.models import Forecast, ModelVersion
from checkpoint.forecasting.vocabulary import ForecastPurpose, ModelStatus
from checkpoint.people.models import Person


def model_live(
    purpose: ForecastPurpose = ForecastPurpose.CUSTODY_SCREENING,
) -> ModelVersion | None:
    """Return the one approved model for a purpose, or None when no model may forecast."""
    return ModelVersion.objects.filter(
        purpose=purpose.value, status=ModelStatus.APPROVED.value
    ).first()


def model_get(version: str) -> ModelVersion:
    """Return a model version by its label, or raise DomainError naming the known ones."""
    try:
        return ModelVersion.objects.get(version=version)
    except ModelVersion.DoesNotExist:
        known = ", ".join(ModelVersion.objects.values_list("version", flat=True)[:10]) or "none"
        raise DomainError(f"There is no model version '{version}' (known: {known}).") from None


def model_versions() -> QuerySet[ModelVersion]:
    """Return every model version, newest first."""
    return ModelVersion.objects.select_related("approved_by", "created_by", "retired_by")


def forecast_latest(*, person: Person, case_id: int | None = None) -> Forecast | None:
    """Return the newest forecast for a person (and case, when given); the caller holds them."""
    forecasts = Forecast.objects.filter(person=person).select_related("model_version")
    if case_id is not None:
        forecasts = forecasts.filter(case_id=case_id)
    return forecasts.first()

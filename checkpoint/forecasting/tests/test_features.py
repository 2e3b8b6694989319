"""Features: history counts at a date, one encoder for training and forecasts, no proxies."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from checkpoint.domain.disposals import Disposal
from checkpoint.domain.errors import DomainError
from checkpoint.domain.offences import OffenceFamily
from checkpoint.forecasting.features import (
    FeatureEncoder,
    PastEvent,
    age_band,
    features_from_history,
    model_fields,
)
from checkpoint.forecasting.importer import TrainingSet
from checkpoint.forecasting.schema import SENSITIVE_FIELDS


def test_history_is_counted_by_type_and_recency_before_the_day() -> None:
    events = [
        PastEvent(date(2010, 5, 1), OffenceFamily.THEFT, Disposal.CAUTION),
        PastEvent(date(2015, 1, 1), OffenceFamily.ASSAULT, Disposal.CONVICTED, serious=True),
        PastEvent(date(2023, 9, 1), OffenceFamily.DRUG_POSSESSION, Disposal.NO_FURTHER_ACTION),
        PastEvent(date(2023, 12, 1), OffenceFamily.BURGLARY, Disposal.CHARGED),
        PastEvent(date(2024, 6, 1), OffenceFamily.THEFT, Disposal.PENDING),  # the day itself
    ]
    fields = features_from_history(
        date_of_birth=date(1990, 6, 2),
        sex="male",
        as_of=date(2024, 6, 1),
        events=events,
        current_family=OffenceFamily.THEFT,
        current_code="theft-from-shop",
    )
    assert fields == {
        "age": 33,
        "sex": "male",
        "current_offence": "theft",
        "current_offence_code": "THEFT-FROM-SHOP",
        "prior_arrests": 4,
        "prior_charges": 2,
        "prior_convictions": 1,
        "prior_sanctions": 3,
        "prior_violent": 1,
        "prior_acquisitive": 2,
        "prior_drug": 0,
        "prior_serious": 1,
        "arrests_last_12_months": 2,
        "sanctions_last_24_months": 1,
        "age_at_first_offence": 19,
    }


def test_a_first_offender_is_first_sanctioned_now() -> None:
    fields = features_from_history(
        date_of_birth=date(2000, 1, 1), sex="female", as_of=date(2024, 1, 1), events=[]
    )
    assert fields["age_at_first_offence"] == fields["age"] == 24
    assert fields["prior_sanctions"] == 0 and "ethnicity" not in fields


def test_sensitive_fields_are_never_features_unless_enabled() -> None:
    available = ["age", "sex", "prior_convictions", "ethnicity", "area", "current_offence_code"]
    assert model_fields(available) == ["age", "sex", "prior_convictions"]
    assert not set(model_fields(available)) & set(SENSITIVE_FIELDS)
    assert model_fields(available, sensitive=["area"])[-1] == "area"
    assert "current_offence_code" in model_fields(available, learned=False)
    with pytest.raises(DomainError, match="cannot be enabled"):
        model_fields(available, sensitive=["postcode"])
    with pytest.raises(DomainError, match="hold no"):
        model_fields(["age"], sensitive=["ethnicity"])


def test_training_rows_and_forecast_inputs_encode_identically(training: TrainingSet) -> None:
    fields = model_fields(training.fields)
    encoder = FeatureEncoder().fit(training.frame, fields)
    rows = training.frame[fields].head(50).to_dict("records")
    assert np.allclose(
        encoder.transform_frame(training.frame.head(50)), encoder.transform_rows(rows)
    )
    assert "career_years" in encoder.columns and "sanction_rate" in encoder.columns
    assert not any(c.startswith(("ethnicity", "area")) for c in encoder.columns)


def test_missing_inputs_take_the_typical_value(training: TrainingSet) -> None:
    encoder = FeatureEncoder().fit(training.frame, ["age", "sex", "prior_convictions"])
    completed = encoder.complete({"sex": "female"})
    assert completed["age"] == encoder.reference["age"]
    assert completed["prior_convictions"] == encoder.reference["prior_convictions"]


@pytest.mark.parametrize(
    ("age", "band"),
    [(17, "under 18"), (18, "18-24"), (24.9, "18-24"), (25, "25-34"), (49, "35-49"), (50, "50+")],
)
def test_age_bands(age: float, band: str) -> None:
    assert age_band(age) == band

"""The three models behind one interface: probabilities, bands, factors, artefacts."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio

from checkpoint.forecasting.artefacts import (
    ArtefactRefused,
    artefact_cache_clear,
    artefact_load,
    artefact_save,
)
from checkpoint.forecasting.estimators import ForecastModel
from checkpoint.forecasting.importer import TrainingSet
from checkpoint.forecasting.predict import factor_text, input_hash, predict
from checkpoint.forecasting.training import train_model
from checkpoint.forecasting.vocabulary import ModelKind

from .conftest import fast_config


@pytest.mark.parametrize("kind", list(ModelKind))
def test_every_kind_gives_ordered_probabilities(
    kind: ModelKind, models: dict[ModelKind, ForecastModel], training: TrainingSet
) -> None:
    probabilities = models[kind].predict_proba_frame(training.frame)
    assert probabilities.shape == (len(training.frame), 3)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert (probabilities >= 0).all()
    # Better than chance on the data it learnt from, and roughly calibrated in the mean.
    any_ = 1 - probabilities[:, 0]
    assert abs(any_.mean() - (training.y >= 1).mean()) < 0.05


@pytest.mark.parametrize("kind", list(ModelKind))
def test_a_forecast_has_a_band_probabilities_and_plain_factors(
    kind: ModelKind, models: dict[ModelKind, ForecastModel]
) -> None:
    inputs = {
        "age": 19,
        "sex": "male",
        "current_offence": "theft",
        "current_offence_code": "THEFT-FROM-SHOP",
        "prior_arrests": 14,
        "prior_charges": 9,
        "prior_convictions": 7,
        "prior_sanctions": 11,
        "prior_violent": 2,
        "prior_acquisitive": 7,
        "prior_drug": 1,
        "prior_serious": 0,
        "arrests_last_12_months": 4,
        "sanctions_last_24_months": 5,
        "age_at_first_offence": 13,
    }
    prediction = predict(models[kind], inputs)
    assert set(prediction.probabilities) == {"low", "moderate", "high"}
    assert sum(prediction.probabilities.values()) == pytest.approx(1, abs=1e-5)
    assert prediction.band.value != "low"
    assert 1 <= len(prediction.factors) <= 3
    assert prediction.factors[0].direction == "raises"
    assert all(f.text.endswith("the forecast") for f in prediction.factors)
    assert predict(models[kind], inputs) == prediction  # deterministic


def test_factor_sentences_read_naturally() -> None:
    assert factor_text("prior_convictions", 7, True) == "7 previous convictions raise the forecast"
    assert factor_text("prior_convictions", 1, True) == "1 previous conviction raises the forecast"
    assert factor_text("prior_convictions", 0, False) == (
        "Having no previous convictions lowers the forecast"
    )
    assert factor_text("age", 52, False) == "Being aged 52 lowers the forecast"
    assert factor_text("current_offence", "drug_possession", True) == (
        "The current offence (drug possession) raises the forecast"
    )


def test_input_hash_ignores_key_order() -> None:
    assert input_hash({"a": 1, "b": "x"}) == input_hash({"b": "x", "a": 1})
    assert input_hash({"a": 1}) != input_hash({"a": 2})


def test_ethnicity_and_area_do_not_change_forecasts_unless_enabled(
    models: dict[ModelKind, ForecastModel], training: TrainingSet
) -> None:
    frame = training.frame.copy()
    shuffled = frame.copy()
    shuffled["ethnicity"] = np.roll(frame["ethnicity"].to_numpy(), 7)
    shuffled["area"] = "Nowhere"
    for kind, model in models.items():
        assert "ethnicity" not in model.fields and "area" not in model.fields, kind
        assert np.array_equal(model.predict_proba_frame(frame), model.predict_proba_frame(shuffled))
    enabled = train_model(
        training, fast_config(ModelKind.LOGISTIC, sensitive_features=("ethnicity",))
    )
    assert "ethnicity" in enabled.fields
    assert any(c.startswith("ethnicity=") for c in enabled.encoder.columns)
    assert not np.array_equal(
        enabled.predict_proba_frame(frame), enabled.predict_proba_frame(shuffled)
    )


def test_ogrs3_never_uses_sensitive_fields(training: TrainingSet) -> None:
    model = train_model(training, fast_config(ModelKind.OGRS3, sensitive_features=("area",)))
    assert "area" not in model.fields


def test_artefacts_round_trip_and_refuse_tampering(
    models: dict[ModelKind, ForecastModel], tmp_path: Path, training: TrainingSet
) -> None:
    path = tmp_path / "m.skops"
    sha = artefact_save(models[ModelKind.ENSEMBLE], path)
    assert zipfile.is_zipfile(path)  # skops format, not a pickle
    artefact_cache_clear()
    loaded = artefact_load(path, sha256=sha, use_cache=False)
    assert np.array_equal(
        loaded.predict_proba_frame(training.frame.head(20)),
        models[ModelKind.ENSEMBLE].predict_proba_frame(training.frame.head(20)),
    )
    with pytest.raises(ArtefactRefused, match="has changed"):
        artefact_load(path, sha256="0" * 64, use_cache=False)
    with pytest.raises(ArtefactRefused, match="missing"):
        artefact_load(tmp_path / "gone.skops", sha256=sha, use_cache=False)


def test_artefacts_with_untrusted_types_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.skops"
    sio.dump({"payload": Path("/etc/passwd")}, path)
    from checkpoint.forecasting.artefacts import sha256_file

    with pytest.raises(ArtefactRefused, match="untrusted types"):
        artefact_load(path, sha256=sha256_file(path), use_cache=False)

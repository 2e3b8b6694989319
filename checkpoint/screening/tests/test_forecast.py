"""The advisory forecast at the custody desk: made by the approved model only, and recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from checkpoint.domain.offences import OffenceFamily
from checkpoint.domain.screening import ScreeningInput
from checkpoint.domain.tests.screening_cases import clean_referral
from checkpoint.forecasting.artefacts import artefact_cache_clear
from checkpoint.forecasting.models import Forecast
from checkpoint.forecasting.services import model_approve, model_train
from checkpoint.forecasting.tests.conftest import fast_config, small_training
from checkpoint.forecasting.vocabulary import ModelKind
from checkpoint.screening.services import screening_decide
from tests.factories import PASSWORD, CaseOffenceFactory, OffenceFactory

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def case(force):
    theft = OffenceFactory(code="THEFT-FROM-SHOP", family=OffenceFamily.THEFT.value)
    return CaseOffenceFactory(
        offence=theft, committed_on=dt.date(2026, 11, 15), case__team=force.north
    ).case


@pytest.fixture
def model_dir(settings, tmp_path: Path):
    settings.CHECKPOINT_MODEL_DIR = tmp_path / "models"
    artefact_cache_clear()
    yield settings.CHECKPOINT_MODEL_DIR
    artefact_cache_clear()


@pytest.fixture
def approved(force, model_dir: Path):
    version = model_train(
        actor=force.analyst,
        training=small_training(rows=400, seed=7),
        config=fast_config(ModelKind.OGRS3),
    )
    return model_approve(actor=force.administrator, version=version, note="Board approval")


def test_without_an_approved_model_there_is_no_forecast(force, case, model_dir) -> None:
    decision = screening_decide(
        actor=force.custody, case=case, facts=ScreeningInput.model_validate(clean_referral())
    )
    assert decision.forecast is None and not Forecast.objects.exists()


def test_the_decision_records_the_approved_models_forecast(force, case, approved) -> None:
    # A caller cannot slip in a forecast of its own for a live decision.
    facts = ScreeningInput.model_validate(
        clean_referral(forecast={"band": "low", "model_version": "made-up"})
    )
    decision = screening_decide(actor=force.custody, case=case, facts=facts)
    forecast = Forecast.objects.get()
    assert decision.forecast["model_version"] == approved.version
    assert decision.forecast["input_hash"] == forecast.input_hash
    assert decision.inputs["forecast"]["model_version"] == approved.version
    advisory = next(r for r in decision.results if r["rule"] == "forecast")
    assert advisory["status"] == "advisory"
    assert decision.computed_outcome == "eligible"  # advice never decides


def test_the_custody_page_shows_the_forecast_as_advisory_once_a_day(
    client, force, case, approved
) -> None:
    client.login(username="custody", password=PASSWORD)
    url = reverse("screen-case", kwargs={"reference": case.reference})
    first = client.get(url).content.decode()
    client.get(url)
    assert "Risk forecast" in first and "Advisory" in first
    assert Forecast.objects.count() == 1

"""Registry governance and stored forecasts against the database, each change audited."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction

from checkpoint.audit.actions import AuditAction
from checkpoint.audit.models import AuditEvent
from checkpoint.domain.disposals import Disposal
from checkpoint.domain.errors import DomainError
from checkpoint.domain.offences import OffenceFamily
from checkpoint.forecasting.cards import CardFormat, CardKind, render_card
from checkpoint.forecasting.importer import TrainingSet
from checkpoint.forecasting.models import Forecast, ModelVersion
from checkpoint.forecasting.selectors import forecast_latest, model_live
from checkpoint.forecasting.services import (
    forecast_record,
    forecast_reproduce,
    model_approve,
    model_retire,
    model_rollback,
    model_train,
)
from checkpoint.forecasting.vocabulary import ModelKind, ModelStatus
from checkpoint.people.models import CustodyEvent
from tests.factories import CaseFactory, OffenceFactory, PersonFactory

from .conftest import fast_config

AS_OF = dt.date(2026, 11, 20)


def train(actor: object, training: TrainingSet, kind: ModelKind = ModelKind.OGRS3) -> ModelVersion:
    return model_train(actor=actor, training=training, config=fast_config(kind))  # type: ignore[arg-type]


def person_with_history():
    person = PersonFactory(date_of_birth=dt.date(2001, 4, 2))
    theft = OffenceFactory(code="THEFT-FROM-SHOP", family=OffenceFamily.THEFT.value)
    assault = OffenceFactory(code="ASSAULT-COMMON", family=OffenceFamily.ASSAULT.value)
    for days, offence, disposal in (
        (2000, theft, Disposal.CAUTION),
        (900, assault, Disposal.CONVICTED),
        (300, theft, Disposal.CONVICTED),
        (100, theft, Disposal.NO_FURTHER_ACTION),
        (0, theft, Disposal.PENDING),
    ):
        when = dt.datetime.combine(AS_OF - dt.timedelta(days=days), dt.time(14), tzinfo=dt.UTC)
        CustodyEvent.objects.create(
            person=person,
            occurred_at=when,
            offence=offence,
            offence_date=when.date(),
            disposal=disposal.value,
            source="test",
        )
    return person


@pytest.mark.django_db
def test_training_registers_an_audited_draft_with_artefact_and_report(
    force, small, model_dir: Path
) -> None:
    version = train(force.analyst, small)
    assert version.status_enum is ModelStatus.DRAFT
    assert Path(version.artefact_path).is_file() and Path(version.report_path).is_file()
    assert Path(version.artefact_path).parent == model_dir
    assert len(version.artefact_sha256) == 64
    assert version.training_fingerprint == small.fingerprint
    assert version.features and "ethnicity" not in version.features
    assert version.metrics["headline"]["auc"] > 0.55
    assert "data:image/png;base64," in version.report_html
    event = AuditEvent.objects.get(verb="model.train")
    assert event.action == AuditAction.COMBINATION.value and event.actor == force.analyst
    with pytest.raises(DomainError, match="analyst or an administrator"):
        train(force.custody, small)


@pytest.mark.django_db
def test_only_an_approved_model_forecasts(force, small, model_dir: Path) -> None:
    person = person_with_history()
    assert forecast_record(actor=force.custody, person=person, as_of=AS_OF) is None
    version = train(force.analyst, small)
    # A draft never forecasts.
    assert forecast_record(actor=force.custody, person=person, as_of=AS_OF) is None
    model_approve(actor=force.administrator, version=version, note="Board minute 12")
    forecast = forecast_record(actor=force.custody, person=person, as_of=AS_OF)
    assert forecast is not None and forecast.model_version == version
    model_retire(actor=force.administrator, version=version, note="Withdrawn for review")
    # Retiring the live model stops every forecast.
    assert forecast_record(actor=force.custody, person=person, as_of=AS_OF) is None
    assert Forecast.objects.count() == 1


@pytest.mark.django_db
def test_a_forecast_stores_its_inputs_and_reasons_and_is_audited(
    force, small, model_dir: Path
) -> None:
    version = train(force.analyst, small, ModelKind.ENSEMBLE)
    model_approve(actor=None, version=version, note="Operator approval at installation")
    person = person_with_history()
    case = CaseFactory(person=person)
    forecast = forecast_record(actor=force.custody, person=person, case=case, as_of=AS_OF)
    assert forecast is not None
    assert forecast.inputs["prior_arrests"] == 4
    assert forecast.inputs["prior_sanctions"] == 3
    assert forecast.inputs["prior_convictions"] == 2
    assert forecast.inputs["current_offence"] == "theft"  # the event on the day itself
    assert forecast.inputs["age"] == 25 and forecast.inputs["age_at_first_offence"] == 20
    assert "ethnicity" not in forecast.inputs and "area" not in forecast.inputs
    assert set(forecast.probabilities) == {"low", "moderate", "high"}
    assert forecast.band in {"low", "moderate", "high"}
    assert all(f["text"].endswith("the forecast") for f in forecast.factors)
    assert forecast_latest(person=person, case_id=case.pk) == forecast
    event = AuditEvent.objects.get(verb="forecast.record")
    assert event.person_id == person.pk and event.action == AuditAction.COLLECTION.value
    assert event.after["model_version"] == version.version
    with pytest.raises(DomainError):
        forecast_record(actor=force.navigator, person=person, as_of=AS_OF)


@pytest.mark.django_db
def test_every_stored_forecast_can_be_reproduced(force, small, model_dir: Path) -> None:
    version = train(force.analyst, small, ModelKind.ENSEMBLE)
    model_approve(actor=force.administrator, version=version, note="Approved")
    forecast = forecast_record(actor=force.custody, person=person_with_history(), as_of=AS_OF)
    assert forecast is not None
    stored = Forecast.objects.get(pk=forecast.pk)  # through the JSON round trip
    assert forecast_reproduce(stored)
    stored.inputs["prior_arrests"] = 40
    assert not forecast_reproduce(stored)  # the inputs no longer match their hash
    stored.refresh_from_db()
    Path(version.artefact_path).write_bytes(b"not the model")
    assert not forecast_reproduce(stored)  # the artefact changed on disk


@pytest.mark.django_db
def test_approval_is_for_administrators_and_retires_the_live_model(
    force, small, model_dir: Path
) -> None:
    first = train(force.analyst, small)
    second = train(force.analyst, small, ModelKind.LOGISTIC)
    for someone in (force.analyst, force.supervisor, force.custody):
        with pytest.raises(DomainError, match="administrator"):
            model_approve(actor=someone, version=first, note="x")
    with pytest.raises(DomainError, match="note"):
        model_approve(actor=force.administrator, version=first, note=" ")
    model_approve(actor=force.administrator, version=first, note="First approval")
    with pytest.raises(DomainError, match="already"):
        model_approve(actor=force.administrator, version=first, note="again")
    model_approve(actor=force.administrator, version=second, note="Better calibrated")
    first.refresh_from_db()
    assert first.status_enum is ModelStatus.RETIRED and "Replaced by" in first.retirement_note
    assert model_live() == second
    assert ModelVersion.objects.filter(status=ModelStatus.APPROVED.value).count() == 1
    verbs = list(AuditEvent.objects.order_by("id").values_list("verb", "object_id"))
    assert ("model.retire", str(first.pk)) in verbs
    assert verbs[-1] == ("model.approve", str(second.pk))


@pytest.mark.django_db
def test_the_database_refuses_two_live_models(force, small, model_dir: Path) -> None:
    first = train(force.analyst, small)
    second = train(force.analyst, small)
    ModelVersion.objects.filter(pk=first.pk).update(status=ModelStatus.APPROVED.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        ModelVersion.objects.filter(pk=second.pk).update(status=ModelStatus.APPROVED.value)


@pytest.mark.django_db
def test_rollback_re_approves_the_previous_live_version(force, small, model_dir: Path) -> None:
    with pytest.raises(DomainError, match="no earlier"):
        model_rollback(actor=force.administrator, note="nothing yet")
    first = train(force.analyst, small)
    second = train(force.analyst, small)
    model_approve(actor=force.administrator, version=first, note="v1")
    model_approve(actor=force.administrator, version=second, note="v2")
    with pytest.raises(DomainError, match="administrator"):
        model_rollback(actor=force.analyst, note="x")
    back = model_rollback(actor=force.administrator, note="v2 misbehaved in week one")
    assert back == first and model_live() == first
    second.refresh_from_db()
    assert second.status_enum is ModelStatus.RETIRED
    assert "Rollback: v2 misbehaved" in ModelVersion.objects.get(pk=first.pk).approval_note


@pytest.mark.django_db
def test_approval_refuses_an_altered_artefact(force, small, model_dir: Path) -> None:
    version = train(force.analyst, small)
    Path(version.artefact_path).write_bytes(b"tampered")
    with pytest.raises(DomainError, match="has changed"):
        model_approve(actor=force.administrator, version=version, note="ok")


@pytest.mark.django_db
def test_sensitive_features_need_a_named_administrator_and_show_on_the_card(
    force, small, model_dir: Path
) -> None:
    config = fast_config(ModelKind.LOGISTIC, sensitive_features=("ethnicity",))
    with pytest.raises(DomainError, match="administrator"):
        model_train(actor=force.analyst, training=small, config=config, sensitive_reason="x")
    with pytest.raises(DomainError, match="administrator"):
        model_train(actor=None, training=small, config=config, sensitive_reason="x")
    with pytest.raises(DomainError, match="reason"):
        model_train(actor=force.administrator, training=small, config=config)
    version = model_train(
        actor=force.administrator,
        training=small,
        config=config,
        sensitive_reason="Research comparison only; never to be approved",
    )
    assert "ethnicity" in version.features and version.sensitive_enabled_by == force.administrator
    card = render_card(version, CardKind.MODEL_CARD, CardFormat.MARKDOWN)
    assert "SENSITIVE FEATURES ENABLED: ethnicity" in card
    assert "Research comparison only" in card
    plain = render_card(train(force.analyst, small), CardKind.MODEL_CARD, CardFormat.MARKDOWN)
    assert "No sensitive field is a feature" in plain


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(CardKind))
def test_transparency_documents_render_from_the_registry(
    force, small, model_dir: Path, kind: CardKind
) -> None:
    version = train(force.analyst, small)
    model_approve(actor=force.administrator, version=version, note="Approved by the board")
    markdown = render_card(version, kind, CardFormat.MARKDOWN)
    page = render_card(version, kind, CardFormat.HTML)
    assert version.version in markdown and version.version in page
    assert page.startswith("<!DOCTYPE html>")
    if kind is CardKind.ALGO_CARE:
        for heading in (
            "Advisory",
            "Lawful",
            "Granularity",
            "Ownership",
            "Challengeable",
            "Accuracy",
            "Responsible",
            "Explainable",
        ):
            assert f"| {heading} |" in markdown
    if kind is CardKind.ATRS:
        assert "Tier 1: public summary" in markdown and "5. Risks" in markdown
    if kind is CardKind.MODEL_CARD:
        assert "equalised odds" in markdown.lower() and version.artefact_sha256 in markdown


@pytest.mark.django_db
def test_the_custody_page_partial_shows_the_forecast_as_advisory(
    force, small, model_dir: Path
) -> None:
    from django.template.loader import render_to_string

    assert "no model is approved" in render_to_string(
        "forecasting/includes/advisory_forecast.html", {"forecast": None}
    )
    version = train(force.analyst, small)
    model_approve(actor=force.administrator, version=version, note="Approved")
    forecast = forecast_record(actor=force.custody, person=person_with_history(), as_of=AS_OF)
    page = render_to_string("forecasting/includes/advisory_forecast.html", {"forecast": forecast})
    assert "Advisory" in page and "does not decide" in page and version.version in page
    assert forecast is not None and all(f["text"] in page for f in forecast.factors)

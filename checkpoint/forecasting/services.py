"""Writes to the model registry and stored forecasts, each audited in its own transaction.

Governance (docs/forecasting.md): any analyst or administrator may train a model, which
starts as a draft. Only an administrator may approve, retire or roll back; approving a
version retires the live one, so exactly one model forecasts per purpose. Only an approved
model ever forecasts: with none approved, `forecast_record` returns None.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.disposals import Disposal
from checkpoint.domain.errors import DomainError
from checkpoint.domain.offences import OffenceFamily
from checkpoint.domain.people import Ethnicity
from checkpoint.domain.roles import Role
from checkpoint.forecasting.artefacts import (
    ArtefactRefused,
    artefact_load,
    artefact_save,
)
from checkpoint.forecasting.estimators import ForecastModel
from checkpoint.forecasting.evaluation import evaluate, headline_figures
from checkpoint.forecasting.features import PastEvent, features_from_history
from checkpoint.forecasting.importer import TrainingSet
from checkpoint.forecasting.models import Forecast, ModelVersion
from checkpoint.forecasting.predict import input_hash, predict
from checkpoint.forecasting.report import render_report
from checkpoint.forecasting.selectors import model_live
from checkpoint.forecasting.serious import SeriousList
from checkpoint.forecasting.training import TrainingConfig, fields_for, train_model
from checkpoint.forecasting.vocabulary import ForecastPurpose, ModelKind, ModelStatus

if TYPE_CHECKING:
    from checkpoint.accounts.models import User
    from checkpoint.casework.models import Case
    from checkpoint.offences.models import Offence
    from checkpoint.people.models import Person

DEFAULT_MODEL_NAME = "checkpoint-risk"
TRAINER_ROLES = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
FORECASTER_ROLES = frozenset({Role.CUSTODY_OFFICER, Role.SUPERVISOR, Role.ADMINISTRATOR})
Progress = Callable[[str], None]
# The ONS high-level groups, in the short form training files use (synth.ETHNIC_GROUPS).
SHORT_ETHNIC_GROUPS = {"A": "Asian", "B": "Black", "M": "Mixed", "W": "White", "O": "Other"}


def model_dir() -> Path:
    """Return where artefacts and reports are written (setting CHECKPOINT_MODEL_DIR)."""
    configured = getattr(settings, "CHECKPOINT_MODEL_DIR", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "models"


def _authorise_trainer(actor: User | None) -> None:
    # None is the command line run by the installation's operator.
    if actor is not None and actor.role_enum not in TRAINER_ROLES:
        raise DomainError("Only an analyst or an administrator can train a model.")


def _authorise_administrator(actor: User | None, doing: str) -> None:
    if actor is not None and actor.role_enum is not Role.ADMINISTRATOR:
        raise DomainError(f"Only an administrator can {doing} a model.")


def _next_version(kind: ModelKind, now: Any) -> str:
    base = f"{kind.value}-{now:%Y%m%d-%H%M%S}"
    label, n = base, 1
    while ModelVersion.objects.filter(version=label).exists():
        n += 1
        label = f"{base}-{n}"
    return label


def _training_summary(training: TrainingSet) -> dict[str, Any]:
    counts = training.frame["y"].value_counts().to_dict()
    years = training.years
    return {
        "rows": len(training.frame),
        "source": training.source,
        "mapping": training.mapping,
        "description": training.description,
        "years": [years[0], years[-1]] if years else [],
        "follow_up_months": training.follow_up_months,
        "outcomes": {
            "none": int(counts.get(0, 0)),
            "non_serious": int(counts.get(1, 0)),
            "serious": int(counts.get(2, 0)),
        },
        "fields_in_data": list(training.fields),
        "audit_fields": list(training.audit_fields),
        "serious_list": training.serious.as_config(),
        "notes": list(training.notes),
    }


def _assumption_notes(
    training: TrainingSet, config: TrainingConfig, fields: list[str]
) -> list[str]:
    notes = []
    if config.kind is ModelKind.OGRS3:
        if "age_at_first_offence" not in training.fields:
            notes.append(
                "OGRS3: the data hold no age at first sanction; a career starting at "
                f"{config.assumed_age_at_first_offence:g} was assumed for people with earlier "
                "sanctions."
            )
        if "prior_sanctions" not in training.fields:
            notes.append(
                "OGRS3: previous sanctions were read from previous convictions, which "
                "leaves out cautions."
            )
        notes.append(
            "OGRS3 keeps its published coefficients; "
            + (
                "an intercept and slope were refitted to local base rates."
                if config.ogrs3_recalibrate
                else "no recalibration was applied."
            )
        )
    left_out = [f for f in training.audit_fields if f not in fields]
    if left_out:
        notes.append(
            f"{', '.join(left_out)} were held for fairness measures only, not used as features."
        )
    return notes


def model_train(
    *,
    actor: User | None,
    training: TrainingSet,
    config: TrainingConfig,
    name: str = DEFAULT_MODEL_NAME,
    sensitive_reason: str = "",
    kfold: bool = False,
    progress: Progress | None = None,
) -> ModelVersion:
    """Evaluate, fit and register a draft model with its artefact, report and metrics.

    Ethnicity or area become features only when `config.sensitive_features` names them,
    the actor is an administrator and a reason is given; all three are recorded.
    """
    _authorise_trainer(actor)
    if config.sensitive_features:
        if actor is None or actor.role_enum is not Role.ADMINISTRATOR:
            raise DomainError(
                "Only a named administrator can enable ethnicity or area as model features."
            )
        if not sensitive_reason.strip():
            raise DomainError("Give the reason for enabling a sensitive feature.")
    fields = fields_for(config.kind, training.fields, config)
    # OGRS3 has no place for them, so only what the model really uses is recorded as enabled.
    sensitive = [name for name in config.sensitive_features if name in fields]
    protocols = ("temporal", "kfold") if kfold else ("temporal",)
    evaluation = evaluate(training, config, protocols=protocols, progress=progress)
    if evaluation["temporal"] is None and evaluation["kfold"] is None:
        evaluation = evaluate(training, config, protocols=("kfold",), progress=progress)
    if progress:
        progress(
            f"{config.kind.value}: fitting the final model on all {len(training.frame):,} events"
        )
    model = train_model(training, config)
    now = timezone.now()
    version = _next_version(config.kind, now)
    directory = model_dir()
    artefact = directory / f"{version}.skops"
    sha256 = artefact_save(model, artefact)
    notes = list(training.notes) + _assumption_notes(training, config, fields)
    summary = _training_summary(training)
    report = render_report(
        title=f"Evaluation report: model {version}",
        summary=[
            ("model", f"{version} ({config.kind.label})"),
            ("training data", f"{training.source} via mapping '{training.mapping}'"),
            ("events", len(training.frame)),
            ("years", "-".join(str(y) for y in summary["years"])),
            ("follow-up window (months)", training.follow_up_months),
            ("features", ", ".join(fields)),
            ("training-data SHA-256", training.fingerprint),
            ("dangerous-error cost", config.dangerous_cost),
            ("cautious-error cost", config.cautious_cost),
        ],
        evaluations={config.kind.label: evaluation},
        notes=notes,
    )
    report_path = directory / f"{version}.report.html"
    report_path.write_text(report, encoding="utf-8")
    summary["notes"] = notes
    with transaction.atomic():
        row = ModelVersion.objects.create(
            name=name,
            version=version,
            kind=config.kind.value,
            status=ModelStatus.DRAFT.value,
            features=fields,
            sensitive_features=sensitive,
            sensitive_enabled_by=actor if sensitive else None,
            sensitive_reason=sensitive_reason.strip() if sensitive else "",
            training_fingerprint=training.fingerprint,
            training_rows=len(training.frame),
            training_source=f"{training.source} (mapping: {training.mapping})"[:300],
            training_summary=summary,
            config=config.as_dict(),
            metrics={"evaluation": evaluation, "headline": headline_figures(evaluation)},
            report_path=str(report_path),
            report_html=report,
            artefact_path=str(artefact),
            artefact_sha256=sha256,
            created_at=now,
            created_by=actor,
        )
        # Training combines many people's records into one model (DPA 2018 s62 "combination").
        audit_record(
            actor=actor,
            action=AuditAction.COMBINATION,
            verb="model.train",
            target=row,
            summary=f"Trained {version} on {len(training.frame):,} events from {training.source}",
            after={
                "version": version,
                "kind": config.kind.value,
                "features": fields,
                "sensitive_features": sensitive,
                "training_fingerprint": row.training_fingerprint,
                "artefact_sha256": sha256,
            },
        )
    return row


def model_load(version: ModelVersion, *, use_cache: bool = True) -> ForecastModel:
    """Return a version's model after checking its artefact's hash and types."""
    return artefact_load(
        Path(version.artefact_path), sha256=version.artefact_sha256, use_cache=use_cache
    )


def _retire(row: ModelVersion, *, actor: User | None, note: str, now: Any) -> None:
    before = row.status
    row.status = ModelStatus.RETIRED.value
    row.retired_at, row.retired_by, row.retirement_note = now, actor, note
    row.save(update_fields=["status", "retired_at", "retired_by", "retirement_note"])
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="model.retire",
        target=row,
        summary=f"Retired {row.version}: {note}",
        before={"status": before},
        after={"status": row.status, "note": note},
    )


@transaction.atomic
def model_approve(*, actor: User | None, version: ModelVersion, note: str) -> ModelVersion:
    """Make a version the live model for its purpose, retiring the one it replaces."""
    _authorise_administrator(actor, "approve")
    if not note.strip():
        raise DomainError("Give the reason for approving the model (an approval note).")
    # Lock every version of the purpose so two approvals cannot race.
    rows = {
        r.pk: r for r in ModelVersion.objects.select_for_update().filter(purpose=version.purpose)
    }
    row = rows[version.pk]
    if row.status_enum is ModelStatus.APPROVED:
        raise DomainError(f"{row.version} is already the approved model.")
    try:
        model_load(row, use_cache=False)
    except ArtefactRefused as error:
        raise DomainError(f"{row.version} cannot be approved: {error}") from None
    now = timezone.now()
    for other in rows.values():
        if other.status_enum is ModelStatus.APPROVED:
            _retire(other, actor=actor, note=f"Replaced by {row.version}.", now=now)
    before = row.status
    row.status = ModelStatus.APPROVED.value
    row.approved_at, row.approved_by, row.approval_note = now, actor, note.strip()
    row.save(update_fields=["status", "approved_at", "approved_by", "approval_note"])
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="model.approve",
        target=row,
        summary=f"Approved {row.version} for live advisory forecasts",
        before={"status": before},
        after={"status": row.status, "note": row.approval_note},
    )
    version.refresh_from_db()
    return version


@transaction.atomic
def model_retire(*, actor: User | None, version: ModelVersion, note: str) -> ModelVersion:
    """Take a version out of use; retiring the live model stops all forecasts."""
    _authorise_administrator(actor, "retire")
    if not note.strip():
        raise DomainError("Give the reason for retiring the model.")
    row = ModelVersion.objects.select_for_update().get(pk=version.pk)
    if row.status_enum is ModelStatus.RETIRED:
        raise DomainError(f"{row.version} is already retired.")
    _retire(row, actor=actor, note=note.strip(), now=timezone.now())
    version.refresh_from_db()
    return version


@transaction.atomic
def model_rollback(
    *,
    actor: User | None,
    note: str,
    purpose: ForecastPurpose = ForecastPurpose.CUSTODY_SCREENING,
) -> ModelVersion:
    """Re-approve the most recently live earlier version, retiring the current one."""
    _authorise_administrator(actor, "roll back")
    current = ModelVersion.objects.filter(
        purpose=purpose.value, status=ModelStatus.APPROVED.value
    ).first()
    earlier = (
        ModelVersion.objects.filter(
            purpose=purpose.value, status=ModelStatus.RETIRED.value, approved_at__isnull=False
        )
        .exclude(pk=current.pk if current else 0)
        .order_by("-retired_at", "-approved_at")
        .first()
    )
    if earlier is None:
        raise DomainError("There is no earlier approved version to roll back to.")
    return model_approve(
        actor=actor, version=earlier, note=f"Rollback: {note.strip()}" if note.strip() else ""
    )


def _short_ethnic_group(code: str) -> str:
    try:
        ethnicity = Ethnicity(code)
    except ValueError:
        return "not recorded"
    return SHORT_ETHNIC_GROUPS.get(ethnicity.value.split("_", 1)[0], "not recorded")


def forecast_inputs(
    *,
    model: ForecastModel,
    serious: SeriousList,
    person: Person,
    as_of: date,
    current_offence: Offence | None = None,
) -> dict[str, Any]:
    """Return the model's inputs for a person from their custody history before `as_of`."""
    history = list(person.custody_events.select_related("offence").order_by("occurred_at"))
    events = [
        PastEvent(
            on=uk_date(e.occurred_at),
            family=OffenceFamily(e.offence.family),
            disposal=Disposal(e.disposal),
            serious=serious.is_serious(code=e.offence.code, family=e.offence.family),
        )
        for e in history
    ]
    if current_offence is None:
        # The event being screened is usually already recorded on the day itself.
        today = [e for e in history if uk_date(e.occurred_at) == as_of]
        current_offence = today[-1].offence if today else None
    fields = features_from_history(
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        as_of=as_of,
        events=events,
        current_family=(
            OffenceFamily(current_offence.family) if current_offence else OffenceFamily.OTHER
        ),
        current_code=current_offence.code if current_offence else "",
        ethnicity=_short_ethnic_group(person.ethnicity_self_defined)
        if "ethnicity" in model.fields
        else "",
        area=(person.address_area or "not recorded") if "area" in model.fields else "",
    )
    # Store only what the model uses: no personal data beyond the forecast's needs.
    return {name: fields[name] for name in model.fields if name in fields}


def _serious_list(version: ModelVersion) -> SeriousList:
    stored = version.training_summary.get("serious_list", {})
    return SeriousList(
        codes=frozenset(stored.get("codes", [])),
        families=frozenset(OffenceFamily(f) for f in stored.get("families", [])),
        source=stored.get("source", "stored"),
        not_serious_codes=frozenset(stored.get("not_serious_codes", [])),
    )


def forecast_record(
    *,
    actor: User | None,
    person: Person,
    case: Case | None = None,
    as_of: date,
    current_offence: Offence | None = None,
) -> Forecast | None:
    """Forecast with the approved model, store and audit it; None when no model is approved."""
    if actor is not None and actor.role_enum not in FORECASTER_ROLES:
        raise DomainError("Only custody officers, supervisors and administrators can forecast.")
    live = model_live()
    if live is None:
        return None
    model = model_load(live)
    inputs = forecast_inputs(
        model=model,
        serious=_serious_list(live),
        person=person,
        as_of=as_of,
        current_offence=current_offence,
    )
    prediction = predict(model, inputs)
    with transaction.atomic():
        forecast = Forecast.objects.create(
            person=person,
            case=case,
            model_version=live,
            as_of=as_of,
            inputs=inputs,
            input_hash=input_hash(inputs),
            band=prediction.band.value,
            probabilities=prediction.probabilities,
            factors=[f.as_dict() for f in prediction.factors],
            created_at=timezone.now(),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.COLLECTION,
            verb="forecast.record",
            target=forecast,
            person_id=person.pk,
            summary=f"Advisory forecast '{prediction.band.value}' by model {live.version}",
            after={
                "model_version": live.version,
                "band": prediction.band.value,
                "probabilities": prediction.probabilities,
                "input_hash": forecast.input_hash,
                "case": case.reference if case is not None else None,
            },
        )
    return forecast


def forecast_reproduce(forecast: Forecast) -> bool:
    """Recompute a stored forecast from its inputs with its model version; True if identical."""
    if input_hash(forecast.inputs) != forecast.input_hash:
        return False
    try:
        model = model_load(forecast.model_version, use_cache=False)
    except ArtefactRefused:
        return False
    prediction = predict(model, forecast.inputs)
    return (
        prediction.band.value == forecast.band
        and prediction.probabilities == forecast.probabilities
        and [f.as_dict() for f in prediction.factors] == forecast.factors
    )

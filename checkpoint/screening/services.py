"""Screening writes: record a decision, record a supervisor's approval. Both audited."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from checkpoint.accounts.models import User
from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.casework.models import Case, CaseEvent, CaseEventKind
from checkpoint.casework.services import actor_role, case_transition
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.decision import approvals_needed
from checkpoint.domain.eligibility import screen
from checkpoint.domain.errors import DomainError
from checkpoint.domain.forecast import RiskBand
from checkpoint.domain.lifecycle import CaseState, Transition
from checkpoint.domain.roles import Role
from checkpoint.domain.screening import (
    Approval,
    ForecastInput,
    Outcome,
    ScreeningInput,
    ScreeningResult,
)
from checkpoint.forecasting.models import Forecast
from checkpoint.forecasting.selectors import forecast_latest, model_live
from checkpoint.forecasting.services import forecast_record
from checkpoint.offences.selectors import offence_facts
from checkpoint.policies.loader import LoadedPolicy, policy_in_force
from checkpoint.screening.models import ScreeningApproval, ScreeningDecision
from checkpoint.screening.selectors import (
    granted_map,
    latest_decision,
    outcome_in_effect,
    pending_approvals,
)

SCREENABLE = {CaseState.REFERRED, CaseState.NEEDS_INFORMATION}
TRANSITION_FOR = {
    Outcome.ELIGIBLE: Transition.SCREEN_ELIGIBLE,
    Outcome.INELIGIBLE: Transition.SCREEN_INELIGIBLE,
    Outcome.NEEDS_INFORMATION: Transition.SCREEN_NEEDS_INFORMATION,
}


def advisory_forecast(*, actor: User, case: Case, today: date) -> Forecast | None:
    """Return today's advisory forecast for the case, made by the approved model if needed.

    One forecast a day per case is enough: reopening the custody page must not pile up
    identical forecasts. None when no model is approved (an unapproved model never forecasts).
    """
    live = model_live()
    if live is None:
        return None
    latest = forecast_latest(person=case.person, case_id=case.pk)
    if latest is not None and latest.as_of == today and latest.model_version_id == live.pk:
        return latest
    primary = case.offences.select_related("offence").filter(is_primary=True).first()
    return forecast_record(
        actor=actor,
        person=case.person,
        case=case,
        as_of=today,
        current_offence=primary.offence if primary else None,
    )


def forecast_input(forecast: Forecast | None) -> ForecastInput | None:
    """Return the forecast as the rules see it (band, model version, factors in words)."""
    if forecast is None:
        return None
    return ForecastInput(
        band=RiskBand(forecast.band),
        model_version=forecast.model_version.version,
        factors=[f["text"] for f in forecast.factors],
    )


def current_policy(day: Any) -> LoadedPolicy:
    """Return the force's policy in force on a day."""
    return policy_in_force(settings.CHECKPOINT_SCHEME, day, settings.CHECKPOINT_POLICY_DIR)


def screening_check(*, facts: ScreeningInput, policy: LoadedPolicy) -> ScreeningResult:
    """Run the rules against the database's offence catalogue without recording anything."""
    return screen(facts, policy.policy, offence_facts(o.code for o in facts.offences))


def result_rows(result: ScreeningResult) -> list[dict[str, Any]]:
    """Return the rule results as JSON-ready rows (for the record and the API)."""
    return [
        {
            **asdict(r),
            "status": r.status.value,
            "approval": r.approval.value if r.approval else None,
            "overridable_by": r.overridable_by.value if r.overridable_by else None,
        }
        for r in result.results
    ]


def _apply(*, actor: User, case: Case, outcome: Outcome, reason: str) -> None:
    # NEEDS_INFORMATION can only be entered from REFERRED; a repeat stays where it is.
    if outcome is Outcome.NEEDS_INFORMATION and case.state_enum is CaseState.NEEDS_INFORMATION:
        return
    case_transition(actor=actor, case=case, transition=TRANSITION_FOR[outcome], reason=reason)


@transaction.atomic
def screening_decide(
    *,
    actor: User,
    case: Case,
    facts: ScreeningInput,
    requested_outcome: Outcome | None = None,
    departure_reason: str = "",
    policy: LoadedPolicy | None = None,
) -> ScreeningDecision:
    """Record an eligibility decision; it takes effect now unless a supervisor must approve it."""
    if actor_role(actor) not in {Role.CUSTODY_OFFICER, Role.SUPERVISOR}:
        raise DomainError("Only a custody officer or a supervisor can record a decision.")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.state_enum not in SCREENABLE:
        raise DomainError(
            f"{case.reference} is '{case.state_enum.label}', so it cannot be screened again."
        )
    today = uk_date(timezone.now())
    if facts.decision_date != today:
        raise DomainError(
            f"A live decision is made today ({today:%d %B %Y}), not on "
            f"{facts.decision_date:%d %B %Y}. Use the dry run to test other dates."
        )
    policy = policy or current_policy(today)
    # A live decision uses the approved model's forecast, never one supplied by the caller.
    forecast = advisory_forecast(actor=actor, case=case, today=today)
    facts = facts.model_copy(update={"forecast": forecast_input(forecast)})
    result = screening_check(facts=facts, policy=policy)
    requested = requested_outcome or result.outcome
    needed = approvals_needed(result, requested, departure_reason)
    decision = ScreeningDecision.objects.create(
        case=case,
        decided_at=timezone.now(),
        decided_by=actor,
        policy_name=policy.name,
        policy_version=policy.policy.policy.version,
        policy_sha256=policy.sha256,
        inputs=facts.model_dump(mode="json"),
        results=result_rows(result),
        forecast=(
            {
                "forecast_id": forecast.pk,
                "model_version": forecast.model_version.version,
                "band": forecast.band,
                "probabilities": forecast.probabilities,
                "factors": forecast.factors,
                "input_hash": forecast.input_hash,
            }
            if forecast is not None
            else None
        ),
        computed_outcome=result.outcome.value,
        requested_outcome=requested.value,
        departure_reason=departure_reason.strip(),
        approvals_needed=[a.value for a in needed],
        limitation_last_date=result.limitation_last_date,
    )
    failing = [r.code for r in result.failures]
    summary = f"Screened under {policy.policy.label}: {result.outcome.label.lower()}"
    if requested is not result.outcome:
        summary += f"; recorded as {requested.label.lower()}"
    if needed:
        summary += f"; awaiting {', '.join(a.label.lower() for a in needed)}"
    CaseEvent.objects.create(
        case=case,
        occurred_at=decision.decided_at,
        kind=CaseEventKind.NOTE,
        actor=actor,
        summary=summary[:300],
        detail="\n".join(r.officer for r in result.results if r.code in failing or r.questions),
        data={"screening_decision": decision.pk},
    )
    audit_record(
        actor=actor,
        action=AuditAction.COLLECTION,
        verb="screening.decide",
        target=decision,
        person_id=case.person_id,
        summary=f"{case.reference}: {summary}"[:300],
        after={
            "policy": policy.policy.label,
            "computed": result.outcome.value,
            "requested": requested.value,
            "failing_rules": failing,
            "approvals_needed": [a.value for a in needed],
            "departure_reason": departure_reason.strip(),
        },
    )
    if not needed:
        _apply(
            actor=actor,
            case=case,
            outcome=requested,
            reason=departure_reason or f"Decision under {policy.policy.label}",
        )
    return decision


@transaction.atomic
def screening_approve(
    *, actor: User, decision: ScreeningDecision, approval: Approval, granted: bool, note: str
) -> ScreeningDecision:
    """Record a supervisor's second decision; when none is awaited, the outcome takes effect."""
    if actor_role(actor) is not Role.SUPERVISOR:
        raise DomainError("Only a supervisor can approve a screening decision.")
    if decision.decided_by_id == actor.pk:
        raise DomainError("A second approval must come from someone other than the decider.")
    if not note.strip():
        raise DomainError("Give a note explaining your decision.")
    decision = ScreeningDecision.objects.select_for_update().get(pk=decision.pk)
    if approval not in pending_approvals(decision):
        raise DomainError(f"'{approval.label}' is not awaited on this decision.")
    case = Case.objects.get(pk=decision.case_id)
    if latest_decision(case) != decision:
        raise DomainError("A newer screening decision replaced this one.")
    ScreeningApproval.objects.create(
        decision=decision,
        approval=approval.value,
        granted=granted,
        note=note.strip(),
        decided_at=timezone.now(),
        decided_by=actor,
    )
    verdict = "granted" if granted else "refused"
    CaseEvent.objects.create(
        case=case,
        occurred_at=timezone.now(),
        kind=CaseEventKind.NOTE,
        actor=actor,
        summary=f"{approval.label} {verdict}",
        detail=note.strip(),
        data={"screening_decision": decision.pk},
    )
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="screening.approve",
        target=decision,
        person_id=case.person_id,
        summary=f"{case.reference}: {approval.label} {verdict}",
        after={
            "approval": approval.value,
            "granted": granted,
            "note": note.strip(),
            "answers": {a.value: g for a, g in granted_map(decision).items()},
        },
    )
    outcome = outcome_in_effect(decision)
    if outcome is not None:
        _apply(actor=actor, case=case, outcome=outcome, reason=note.strip())
    return decision

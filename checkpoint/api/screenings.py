"""API endpoints for custody screening: the same services and scoping as the custody page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from checkpoint.accounts.access import user_can
from checkpoint.accounts.models import User
from checkpoint.audit.services import audit_consultation
from checkpoint.casework.selectors import case_get_for_user
from checkpoint.domain.errors import DomainError
from checkpoint.domain.roles import Capability
from checkpoint.domain.screening import Outcome, ScreeningInput, ScreeningResult
from checkpoint.screening.models import ScreeningDecision
from checkpoint.screening.selectors import (
    decision_get_for_user,
    outcome_in_effect,
    pending_approvals,
)
from checkpoint.screening.services import (
    current_policy,
    result_rows,
    screening_check,
    screening_decide,
)

router = Router(tags=["screenings"])


class ScreeningRequest(Schema):
    """A decision to record (or, with dry_run, only to check) for a referred case."""

    case_reference: str
    facts: ScreeningInput
    requested_outcome: Outcome | None = None
    departure_reason: str = ""
    dry_run: bool = False


class ScreeningOut(Schema):
    """A screening decision with every reason."""

    id: int | None
    case_reference: str
    policy: str
    policy_version: int
    computed_outcome: Outcome
    requested_outcome: Outcome
    outcome_in_effect: Outcome | None
    approvals_needed: list[str]
    approvals_pending: list[str]
    s127_last_date: date | None
    reasons: list[dict[str, Any]]
    questions: list[str]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _from_record(decision: ScreeningDecision) -> ScreeningOut:
    return ScreeningOut(
        id=decision.pk,
        case_reference=decision.case.reference,
        policy=decision.policy_name,
        policy_version=decision.policy_version,
        computed_outcome=decision.computed,
        requested_outcome=decision.requested,
        outcome_in_effect=outcome_in_effect(decision),
        approvals_needed=decision.approvals_needed,
        approvals_pending=[a.value for a in pending_approvals(decision)],
        s127_last_date=decision.limitation_last_date,
        reasons=decision.results,
        questions=[q for r in decision.results for q in r.get("questions", [])],
    )


def _from_check(reference: str, result: ScreeningResult) -> ScreeningOut:
    return ScreeningOut(
        id=None,
        case_reference=reference,
        policy=result.policy_name,
        policy_version=result.policy_version,
        computed_outcome=result.outcome,
        requested_outcome=result.outcome,
        outcome_in_effect=None,
        approvals_needed=[a.value for a in result.approvals_required],
        approvals_pending=[a.value for a in result.approvals_required],
        s127_last_date=result.limitation_last_date,
        reasons=result_rows(result),
        questions=list(result.questions),
    )


@router.post("/", response={200: ScreeningOut, 201: ScreeningOut})
def create_screening(request: HttpRequest, body: ScreeningRequest) -> Status[ScreeningOut]:
    """Screen a referred case under the policy in force; record it unless dry_run is set."""
    user = _user(request)
    if not user_can(user, Capability.REFER):
        raise HttpError(403, "Your role cannot record eligibility decisions.")
    case = case_get_for_user(user, body.case_reference)
    try:
        if body.dry_run:
            policy = current_policy(body.facts.decision_date)
            result = screening_check(facts=body.facts, policy=policy)
            return Status(200, _from_check(case.reference, result))
        decision = screening_decide(
            actor=user,
            case=case,
            facts=body.facts,
            requested_outcome=body.requested_outcome,
            departure_reason=body.departure_reason,
        )
    except DomainError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, _from_record(decision))


@router.get("/{decision_id}", response=ScreeningOut)
def get_screening(request: HttpRequest, decision_id: int) -> ScreeningOut:
    """Return a recorded decision whose case you may see."""
    user = _user(request)
    decision = decision_get_for_user(user, decision_id)
    audit_consultation(
        actor=user,
        target=decision,
        person_id=decision.case.person_id,
        summary=f"Read screening decision {decision.pk} through the API",
    )
    return _from_record(decision)

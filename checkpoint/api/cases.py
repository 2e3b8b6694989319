"""API endpoints for cases, scoped exactly as the web pages are."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router

from checkpoint.accounts.access import user_can
from checkpoint.accounts.models import User
from checkpoint.api.schemas import CaseOut, CaseSummaryOut, ClocksOut, EventOut, OffenceOut
from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_consultation, audit_record
from checkpoint.casework import selectors
from checkpoint.casework.models import Case
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.roles import Capability

router = Router(tags=["cases"])
PAGE_LIMIT = 200


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API's authentication guarantees a user
    return user


def _summary(case: Case) -> CaseSummaryOut:
    return CaseSummaryOut(
        reference=case.reference,
        state=case.state,
        person_id=case.person.force_person_id,
        referred_at=case.referred_at,
        navigator=case.navigator.username if case.navigator else None,
    )


@router.get("/", response=list[CaseSummaryOut])
def list_cases(request: HttpRequest, state: str = "") -> list[CaseSummaryOut]:
    """List the cases you may see, newest first (at most 200)."""
    user = _user(request)
    if not user_can(user, Capability.VIEW_CASES):
        return []
    cases = selectors.cases_visible_to(user)
    if state:
        cases = cases.filter(state=state)
    found = list(cases[:PAGE_LIMIT])
    audit_record(
        actor=user,
        action=AuditAction.CONSULTATION,
        verb="case.list",
        object_type="api",
        object_id="",
        summary=f"Listed {len(found)} cases through the API",
        after={"cases": [c.reference for c in found]},
    )
    return [_summary(c) for c in found]


@router.get("/{reference}", response={200: CaseOut, 404: dict})
def get_case(request: HttpRequest, reference: str) -> CaseOut:
    """Return one case with its offences, clocks and timeline; 404 outside your scope."""
    user = _user(request)
    if not user_can(user, Capability.VIEW_CASES):
        raise Http404("No such case.")
    case = selectors.case_get_for_user(user, reference)
    audit_consultation(
        actor=user,
        target=case,
        person_id=case.person_id,
        summary=f"Read case {case.reference} through the API",
    )
    clocks = selectors.case_clocks_for(case, today=uk_date(timezone.now()))
    return CaseOut(
        **_summary(case).dict(),
        decided_at=case.decided_at,
        offences=[
            OffenceOut(
                code=co.offence.code,
                title=co.offence.title,
                mode_of_trial=co.offence.mode_of_trial,
                committed_on=co.committed_on,
            )
            for co in case.offences.all()
        ],
        clocks=ClocksOut(
            offence_age_days_at_decision=clocks.offence_age_days_at_decision,
            contract_ends=clocks.contract_ends,
            follow_up_ends=clocks.follow_up_ends,
            s127_applies=clocks.limitation.applies,
            s127_last_date=clocks.limitation.last_date,
            s127_at_risk=clocks.limitation.at_risk,
        ),
        timeline=[
            EventOut(
                occurred_at=e.occurred_at,
                kind=e.kind,
                summary=e.summary,
                from_state=e.from_state,
                to_state=e.to_state,
                actor=e.actor.username if e.actor else None,
            )
            for e in selectors.case_timeline(case)
        ],
    )

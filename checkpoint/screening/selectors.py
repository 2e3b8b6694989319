"""Reads for screening: what the records already say about a referral, and decision queues."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from checkpoint.accounts.models import Team, User
from checkpoint.casework.models import Case
from checkpoint.casework.selectors import case_scope
from checkpoint.domain.decision import final_outcome
from checkpoint.domain.disposals import Disposal
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.screening import Approval, Outcome
from checkpoint.screening.models import ScreeningDecision

# States a person only reaches by taking part in the scheme.
DIVERTED_STATES = [
    CaseState.ACTIVE,
    CaseState.COMPLETED,
    CaseState.BREACHED,
    CaseState.REFERRED_FOR_PROSECUTION,
]


def known_facts(case: Case) -> dict[str, Any]:
    """Return what the records already say, in the screening input's shape.

    Conviction dates come from the person's custody history and earlier participation from
    their other cases, so the officer does not retype what the force already holds.
    """
    person = case.person
    area = person.address_area.strip()
    lives_here = Team.objects.filter(area__iexact=area).exists() if area else None
    convictions = sorted(
        e.disposal_date or e.occurred_at.date()
        for e in person.custody_events.filter(disposal=Disposal.CONVICTED.value)
    )
    earlier = (
        person.cases.exclude(pk=case.pk)
        .filter(events__to_state__in=[s.value for s in DIVERTED_STATES])
        .exists()
    )
    return {
        "person": {
            "date_of_birth": person.date_of_birth.isoformat(),
            "lives_in_force_area": lives_here,
        },
        "offences": [
            {"code": co.offence.code, "committed_on": co.committed_on.isoformat()}
            for co in case.offences.select_related("offence")
        ],
        "history": {
            "conviction_dates": [d.isoformat() for d in convictions],
            "previous_diversion": earlier,
        },
    }


def decisions_for_case(case: Case) -> QuerySet[ScreeningDecision]:
    """Return a case's screening decisions, newest first (the caller holds the case)."""
    return (
        ScreeningDecision.objects.filter(case=case)
        .select_related("decided_by")
        .prefetch_related("approvals__decided_by")
    )


def granted_map(decision: ScreeningDecision) -> dict[Approval, bool]:
    """Return the answers supervisors have given so far."""
    return {Approval(a.approval): a.granted for a in decision.approvals.all()}


def outcome_in_effect(decision: ScreeningDecision) -> Outcome | None:
    """Return the decision's outcome in effect, or None while approvals are awaited."""
    return final_outcome(
        computed=decision.computed,
        requested=decision.requested,
        needed=decision.needed,
        granted=granted_map(decision),
    )


def pending_approvals(decision: ScreeningDecision) -> list[Approval]:
    """Return the approvals still awaited."""
    answered = granted_map(decision)
    return [a for a in decision.needed if a not in answered]


def awaiting_approval_for(user: User) -> list[ScreeningDecision]:
    """Return decisions in the user's scope that wait for a supervisor's approval."""
    decisions = (
        ScreeningDecision.objects.filter(
            case__in=Case.objects.filter(case_scope(user)),
            case__state__in=[CaseState.REFERRED.value, CaseState.NEEDS_INFORMATION.value],
        )
        .select_related("case__person", "decided_by")
        .prefetch_related("approvals", "case__person__names")
    )
    return [d for d in decisions if pending_approvals(d)]


def latest_decision(case: Case) -> ScreeningDecision | None:
    """Return the case's most recent screening decision."""
    return ScreeningDecision.objects.filter(case=case).order_by("-decided_at", "-id").first()


def s127_override_granted(case: Case) -> bool:
    """Return whether a supervisor overrode the s127 risk on the case's latest decision."""
    latest = latest_decision(case)
    return latest is not None and granted_map(latest).get(Approval.S127_OVERRIDE, False)


def decision_get_for_user(user: User, pk: int) -> ScreeningDecision:
    """Return one decision whose case the user may see, or raise 404."""
    try:
        return ScreeningDecision.objects.select_related("case").get(
            pk=pk, case__in=Case.objects.filter(case_scope(user))
        )
    except ScreeningDecision.DoesNotExist:
        raise Http404("No such decision.") from None

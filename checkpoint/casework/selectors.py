"""Reads of cases, always scoped to what the requesting user's role may see (habit 6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, DateTimeField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.http import Http404

from checkpoint.accounts.models import User
from checkpoint.casework.models import Case, CaseEvent
from checkpoint.domain.clocks import (
    UK_TIME,
    CaseClocks,
    OffenceDate,
    Pause,
    add_months,
    case_clocks,
    uk_date,
)
from checkpoint.domain.disposals import POSITIVE_DISPOSALS
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.offences import ModeOfTrial
from checkpoint.domain.roles import Role
from checkpoint.people.models import CustodyEvent, Person

NOTHING = Q(pk__in=[])


def case_scope(user: User) -> Q:
    """Return the filter for the cases a user may see; unknown roles see nothing."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    role = user.role_enum
    if role is Role.ADMINISTRATOR:
        return Q()
    if role is Role.NAVIGATOR:
        return Q(navigator=user)
    if role in {Role.SUPERVISOR, Role.VICTIM_LIAISON}:
        return Q(team=user.team) if user.team_id is not None else NOTHING
    if role is Role.CUSTODY_OFFICER:
        # The desk sees what it referred or decided, and anything waiting for a decision.
        return (
            Q(referring_officer=user)
            | Q(decided_by=user)
            | Q(state__in=[CaseState.REFERRED.value, CaseState.NEEDS_INFORMATION.value])
        )
    # Analysts see aggregate figures only, never an individual case.
    return NOTHING


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Return the cases the user may see, with what lists need already joined."""
    return (
        Case.objects.filter(case_scope(user))
        .select_related("person", "navigator", "team")
        .prefetch_related("person__names")
    )


def case_get_for_user(user: User, reference: str) -> Case:
    """Return one case by reference, or raise 404 if it does not exist or is out of scope."""
    try:
        return (
            cases_visible_to(user)
            .select_related("referring_officer")
            .prefetch_related("offences__offence")
            .get(reference=reference)
        )
    except Case.DoesNotExist:
        raise Http404("No such case.") from None


def case_timeline(case: Case) -> QuerySet[CaseEvent]:
    """Return a case's timeline, newest first (the caller already holds the case)."""
    return case.events.select_related("actor").order_by("-occurred_at", "-id")


def case_clocks_for(case: Case, *, today: date) -> CaseClocks:
    """Compute the clocks of a case from its offences and dates."""
    offences = [
        OffenceDate(
            committed_on=co.committed_on,
            mode_of_trial=ModeOfTrial(co.offence.mode_of_trial),
        )
        for co in case.offences.select_related("offence")
    ]
    return case_clocks(
        offences=offences,
        today=today,
        decided_on=uk_date(case.decided_at) if case.decided_at else None,
        contract_started_on=case.contract_started_on,
        contract_length_months=case.contract_length_months,
        contract_extension_days=case.contract_extension_days,
        pauses=_pauses(case),
    )


def _pauses(case: Case) -> list[Pause]:
    """Return the contract's approved pauses (contracts depend on cases, so import late)."""
    if case.contract_started_on is None:
        return []
    from checkpoint.contracts.selectors import contract_pauses

    return contract_pauses(case)


def caseload_for(user: User) -> QuerySet[Case]:
    """Return a navigator's open cases, the longest-untouched first."""
    open_states = [s.value for s in CaseState if s.is_open_casework]
    return (
        cases_visible_to(user)
        .filter(navigator=user, state__in=open_states)
        .order_by("state_changed_at")
    )


@dataclass(frozen=True)
class NavigatorLoad:
    """One navigator's open cases against their limit."""

    navigator: User
    open_cases: int

    @property
    def over_limit(self) -> bool:
        """Return whether the navigator holds more cases than their limit."""
        limit = self.navigator.caseload_limit
        return limit is not None and self.open_cases > limit


def team_loads(user: User) -> list[NavigatorLoad]:
    """Return each navigator in the supervisor's team with their open caseload."""
    if user.role_enum is not Role.SUPERVISOR or user.team_id is None:
        return []
    open_states = [s.value for s in CaseState if s.is_open_casework]
    navigators = User.objects.filter(
        team_id=user.team_id, role=Role.NAVIGATOR.value, is_active=True
    ).annotate(open_cases=Count("caseload", filter=Q(caseload__state__in=open_states)))
    return [NavigatorLoad(navigator=n, open_cases=n.open_cases) for n in navigators]


def state_counts(user: User) -> dict[CaseState, int]:
    """Return how many visible cases are in each state (zero for states with none)."""
    rows = Case.objects.filter(case_scope(user)).values("state").annotate(n=Count("id"))
    found = {CaseState(row["state"]): row["n"] for row in rows}
    return {state: found.get(state, 0) for state in CaseState}


def unallocated_for_team(user: User) -> QuerySet[Case]:
    """Return the team's diversion cases that still need a navigator."""
    return cases_visible_to(user).filter(
        navigator__isnull=True,
        state__in=[
            CaseState.ELIGIBLE.value,
            CaseState.ALLOCATED_DIVERSION.value,
            CaseState.CONTRACT_OFFERED.value,
        ],
    )


@dataclass(frozen=True)
class CaseWithClocks:
    """A case and its clocks, for worklists that sort and flag by deadline."""

    case: Case
    clocks: CaseClocks

    @property
    def s127_warning(self) -> bool:
        """Return whether the s127 deadline needs attention."""
        return self.clocks.limitation.applies and (
            self.clocks.limitation.warn or self.clocks.limitation.at_risk
        )


def with_clocks(cases: QuerySet[Case], *, today: date) -> list[CaseWithClocks]:
    """Attach clocks to each case, the nearest s127 deadline first."""
    rows = [
        CaseWithClocks(case=c, clocks=case_clocks_for(c, today=today))
        for c in cases.prefetch_related("offences__offence")
    ]
    far = date.max
    return sorted(rows, key=lambda r: r.clocks.limitation.last_date or far)


@dataclass(frozen=True)
class HeadlineFigures:
    """Scheme-wide aggregate figures for analysts; no individual is identifiable."""

    people: int
    cases: int
    by_state: dict[CaseState, int]
    decided_last_year: int
    eligible_share: float | None
    completion_rate: float | None
    followed_up_cases: int
    reoffended_within_window: float | None


def headline_figures(*, today: date, follow_up_months: int = 24) -> HeadlineFigures:
    """Compute the scheme's headline figures across all cases (aggregates only)."""
    by_state_rows = Case.objects.values("state").annotate(n=Count("id"))
    found = {CaseState(r["state"]): r["n"] for r in by_state_rows}
    by_state = {s: found.get(s, 0) for s in CaseState}
    year_ago = datetime.combine(add_months(today, -12), time.min, tzinfo=UK_TIME)
    decided = Case.objects.filter(decided_at__gte=year_ago)
    decided_n = decided.count()
    eligible_n = decided.exclude(state=CaseState.INELIGIBLE.value).count()
    finished = Case.objects.filter(contract_started_on__isnull=False).exclude(
        state=CaseState.ACTIVE.value
    )
    finished_n = finished.count()
    completed_n = finished.filter(events__to_state=CaseState.COMPLETED.value).distinct().count()
    window_start = datetime.combine(add_months(today, -follow_up_months), time.min, tzinfo=UK_TIME)
    followed = Case.objects.filter(decided_at__isnull=False, decided_at__lt=window_start)
    # Whole days keep the query portable between SQLite and PostgreSQL; the figure is a
    # headline, the evaluation module counts exact calendar windows.
    window = timedelta(days=round(follow_up_months * 365.25 / 12))
    reoffence = CustodyEvent.objects.filter(
        person=OuterRef("person"),
        occurred_at__gt=OuterRef("decided_at"),
        occurred_at__lte=ExpressionWrapper(
            OuterRef("decided_at") + window, output_field=DateTimeField()
        ),
        disposal__in=[d.value for d in POSITIVE_DISPOSALS],
    )
    followed_n = followed.count()
    reoffended_n = followed.filter(Exists(reoffence)).count() if followed_n else 0
    return HeadlineFigures(
        people=Person.objects.count(),
        cases=sum(by_state.values()),
        by_state=by_state,
        decided_last_year=decided_n,
        eligible_share=eligible_n / decided_n if decided_n else None,
        completion_rate=completed_n / finished_n if finished_n else None,
        followed_up_cases=followed_n,
        reoffended_within_window=reoffended_n / followed_n if followed_n else None,
    )

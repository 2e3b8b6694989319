"""Reads for casework: appointments, notes, caseloads, worklists, breaches and documents.

Worklists are computed live from the records with the same rules the daily tick uses
(`checkpoint.domain.appointments.work_due`), so a page never shows stale work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from checkpoint.accounts.models import User
from checkpoint.casework.models import (
    Alert,
    Appointment,
    BreachProposal,
    Case,
    CaseDocument,
    CaseEvent,
    CaseEventKind,
    CaseNote,
)
from checkpoint.casework.scheme import CaseworkSettings, casework_settings
from checkpoint.casework.selectors import (
    case_get_for_user,
    case_scope,
    cases_visible_to,
)
from checkpoint.contracts.selectors import conditions_for, contract_end_date
from checkpoint.domain.appointments import (
    NO_LIMITATION,
    S127_STATES,
    WORKED_STATES,
    AppointmentFact,
    AppointmentKind,
    Attendance,
    CaseWork,
    ConditionFact,
    DueItem,
    OutcomeStatus,
    WorkKind,
    first_appointment_check,
    outcome_status,
    work_due,
)
from checkpoint.domain.clocks import LimitationCheck, contract_end, limitation_check, uk_date
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.offences import ModeOfTrial
from checkpoint.domain.roles import Role

WORKED = [s.value for s in WORKED_STATES]
# Unallocated and breached cases still carry the s127 clock, so supervisors watch them too.
WATCHED = [s.value for s in S127_STATES]


# --- Appointments and notes -------------------------------------------------------------------


@dataclass(frozen=True)
class AppointmentRow:
    """An appointment as the case page shows it."""

    appointment: Appointment
    status: OutcomeStatus
    replaced_by: Appointment | None

    @property
    def can_record(self) -> bool:
        """Return whether an outcome can be recorded now."""
        return self.status in {OutcomeStatus.DUE, OutcomeStatus.OVERDUE}

    @property
    def can_reschedule(self) -> bool:
        """Return whether the appointment can be moved (not happened, or missed)."""
        return self.replaced_by is None and self.appointment.attendance in {
            "",
            Attendance.DID_NOT_ATTEND.value,
        }


def appointments_for_case(case: Case, *, now: datetime) -> list[AppointmentRow]:
    """Return a case's appointments, latest first, each with its outcome status and chain."""
    appointments = list(
        Appointment.objects.filter(case=case)
        .select_related("booked_by", "outcome_recorded_by", "replaces")
        .order_by("-starts_at", "-id")
    )
    replaced_by = {a.replaces_id: a for a in appointments if a.replaces_id is not None}
    return [
        AppointmentRow(
            appointment=a,
            status=outcome_status(
                starts_at=a.starts_at,
                now=now,
                recorded=bool(a.attendance),
                replaced=a.pk in replaced_by,
            ),
            replaced_by=replaced_by.get(a.pk),
        )
        for a in appointments
    ]


def appointment_get_for_user(user: User, reference: str, pk: int) -> Appointment:
    """Return one appointment of a case the user may see, or raise 404."""
    case = case_get_for_user(user, reference)
    try:
        return Appointment.objects.select_related("case").get(case=case, pk=pk)
    except Appointment.DoesNotExist:
        raise Http404("No such appointment.") from None


def appointment_is_replaced(appointment: Appointment) -> bool:
    """Return whether a later appointment replaced this one."""
    return Appointment.objects.filter(replaces=appointment).exists()


def notes_for_case(case: Case) -> QuerySet[CaseNote]:
    """Return a case's notes, newest first."""
    return CaseNote.objects.filter(case=case).select_related("author", "appointment")


def enforceable_outcomes(case: Case) -> QuerySet[Appointment]:
    """Return the case's recorded outcomes that can support a breach (HMPPS: enforceable)."""
    return Appointment.objects.filter(case=case, enforceable=True).order_by("-starts_at")


# --- Facts for the rules ---------------------------------------------------------------------


def allocated_at(case: Case) -> datetime | None:
    """Return when the case first reached a navigator (the first-appointment clock's start)."""
    first = (
        CaseEvent.objects.filter(case=case, kind=CaseEventKind.ASSIGNED)
        .order_by("occurred_at", "id")
        .values_list("occurred_at", flat=True)
        .first()
    )
    return first


def last_contact_on(case: Case) -> date | None:
    """Return the UK day of the last contact: an attended appointment or a contact note."""
    seen = (
        Appointment.objects.filter(
            case=case, attendance__in=[Attendance.ATTENDED.value, Attendance.LATE.value]
        )
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    noted = (
        CaseNote.objects.filter(case=case)
        .exclude(contact_method="")
        .order_by("-written_at")
        .values_list("written_at", flat=True)
        .first()
    )
    days = [uk_date(i) for i in (seen, noted) if i is not None]
    return max(days, default=None)


def appointment_facts(case: Case) -> tuple[AppointmentFact, ...]:
    """Return the case's appointments as the rules take them."""
    appointments = list(Appointment.objects.filter(case=case))
    replaced = {a.replaces_id for a in appointments if a.replaces_id is not None}
    return tuple(
        AppointmentFact(
            id=a.pk,
            kind=AppointmentKind(a.kind),
            starts_at=a.starts_at,
            attendance=Attendance(a.attendance) if a.attendance else None,
            acceptable=a.acceptable,
            replaced=a.pk in replaced,
        )
        for a in appointments
    )


def case_limitation(
    case: Case, *, today: date, contract_ends: date | None, rules: CaseworkSettings
) -> LimitationCheck:
    """Return the s127 position with the policy's breach margin and warning period.

    Before a contract starts, it is judged as if it started today (as the case page does),
    so a case that could no longer be enforced is flagged while something can be done.
    """
    summary_only = [
        co.committed_on
        for co in case.offences.all()  # uses the worklists' prefetch when there is one
        if co.offence.mode_of_trial == ModeOfTrial.SUMMARY_ONLY.value
    ]
    if not summary_only:
        return NO_LIMITATION
    ends = contract_ends or contract_end(
        start=today, length_months=case.contract_length_months, today=today
    )
    return limitation_check(
        mode_of_trial=ModeOfTrial.SUMMARY_ONLY,
        offence_date=min(summary_only),
        today=today,
        contract_ends=ends,
        breach_margin_days=rules.clocks.s127_breach_margin_days,
        warning_days=rules.clocks.s127_warning_days,
    )


def case_work(case: Case, *, now: datetime, rules: CaseworkSettings | None = None) -> CaseWork:
    """Gather everything the rules need to say what a case needs doing."""
    today = uk_date(now)
    rules = rules or casework_settings(today)
    state = case.state_enum
    started = case.contract_started_on is not None
    contract_ends = contract_end_date(case, today=today) if started else None
    worked = state in WORKED_STATES and case.navigator_id is not None
    conditions: tuple[ConditionFact, ...] = ()
    if state is CaseState.ACTIVE:
        conditions = tuple(
            ConditionFact(
                code=v.code,
                title=v.title,
                due_on=v.due_on,
                met=v.met,
                overdue=v.overdue,
                broken=v.broken,
            )
            for v in conditions_for(case, today=today)
        )
    return CaseWork(
        now=now,
        state=state,
        allocated_at=allocated_at(case) if worked else None,
        appointments=appointment_facts(case) if worked else (),
        conditions=conditions,
        contract_ends=contract_ends if state is CaseState.ACTIVE else None,
        limitation=case_limitation(case, today=today, contract_ends=contract_ends, rules=rules),
        last_contact_on=last_contact_on(case) if worked else None,
        first_appointment_hours=rules.casework.first_appointment_hours,
        contact_every_days=rules.casework.contact_every_days,
        s127_warning_days=rules.clocks.s127_warning_days,
    )


def due_for_case(
    case: Case, *, now: datetime, rules: CaseworkSettings | None = None
) -> list[DueItem]:
    """Return what the case needs doing now, most pressing first."""
    return work_due(case_work(case, now=now, rules=rules))


def first_appointment_prompt(case: Case, *, now: datetime) -> dict[str, object] | None:
    """Return the first-appointment target for the case page while it is still unmet."""
    if case.state_enum not in WORKED_STATES or case.navigator_id is None:
        return None
    start = allocated_at(case)
    if start is None:
        return None
    rules = casework_settings(uk_date(now))
    check = first_appointment_check(
        allocated_at=start,
        appointments=appointment_facts(case),
        target_hours=rules.casework.first_appointment_hours,
    )
    if not check.needs_attention:
        return None
    return {"check": check, "hours": rules.casework.first_appointment_hours}


# --- Worklists ------------------------------------------------------------------------------


ACTIONS: dict[WorkKind, str] = {
    WorkKind.OUTCOME_NOT_RECORDED: "Record the outcome",
    WorkKind.MISSED_APPOINTMENT: "Book another appointment",
    WorkKind.FIRST_APPOINTMENT: "Book the first appointment",
    WorkKind.CONDITION_DUE: "Review the condition",
    WorkKind.CONTRACT_ENDING: "Complete or propose a breach",
    WorkKind.S127_NEAR: "Review the deadline",
    WorkKind.NO_CONTACT: "Record a contact",
}


@dataclass(frozen=True)
class WorkRow:
    """One worklist line: the case, what it needs, why, and where to do it."""

    case: Case
    item: DueItem
    url: str
    action: str


def contract_url(case: Case) -> str:
    """Return the case's contract page, or its case page while contracts are not mounted."""
    try:
        return reverse("contract-detail", kwargs={"reference": case.reference})
    except NoReverseMatch:
        return reverse("case-detail", kwargs={"reference": case.reference}) + "#contract"


def resolve_at(case: Case, item: DueItem) -> tuple[str, str]:
    """Return the link and its words for the page where a worklist item is resolved."""
    ref = case.reference
    detail = reverse("case-detail", kwargs={"reference": ref})
    kind = item.kind
    if kind is WorkKind.OUTCOME_NOT_RECORDED and item.appointment_id:
        url = reverse("appointment-outcome", kwargs={"reference": ref, "pk": item.appointment_id})
    elif kind is WorkKind.MISSED_APPOINTMENT and item.appointment_id:
        url = reverse(
            "appointment-reschedule", kwargs={"reference": ref, "pk": item.appointment_id}
        )
    elif kind is WorkKind.FIRST_APPOINTMENT:
        url = (
            reverse("appointment-new", kwargs={"reference": ref})
            + f"?kind={AppointmentKind.FIRST_MEETING.value}"
        )
    elif kind is WorkKind.NO_CONTACT:
        url = reverse("case-note-new", kwargs={"reference": ref}) + "?contact=1"
    elif kind is WorkKind.CONDITION_DUE:
        url = contract_url(case)
    elif kind is WorkKind.CONTRACT_ENDING:
        url = detail + "#outcome"
    else:
        url = detail
    return url, ACTIONS[kind]


def _rows(cases: Iterable[Case], *, now: datetime) -> list[WorkRow]:
    rules = casework_settings(uk_date(now))
    rows = []
    for case in cases:
        for item in due_for_case(case, now=now, rules=rules):
            url, action = resolve_at(case, item)
            rows.append(WorkRow(case=case, item=item, url=url, action=action))
    return sorted(rows, key=lambda r: (*r.item.sort_key, r.case.reference))


def _worked_cases(user: User) -> QuerySet[Case]:
    return (
        Case.objects.filter(case_scope(user))
        .filter(state__in=WATCHED)
        .select_related("person", "navigator", "team")
        .prefetch_related("person__names", "offences__offence")
    )


def navigator_caseload(user: User) -> QuerySet[Case]:
    """Return the cases a navigator is working (an allocated eligible case included)."""
    if user.role_enum is not Role.NAVIGATOR:
        return Case.objects.none()
    return (
        cases_visible_to(user).filter(navigator=user, state__in=WORKED).order_by("state_changed_at")
    )


def navigator_worklist(user: User, *, now: datetime) -> list[WorkRow]:
    """Return everything the navigator's caseload needs doing, most pressing first."""
    if user.role_enum is not Role.NAVIGATOR:
        return []
    return _rows(_worked_cases(user).filter(navigator=user), now=now)


# What a supervisor watches across the team: the legal clock, and anything already late.
RISK_KINDS = frozenset({WorkKind.S127_NEAR, WorkKind.CONTRACT_ENDING})


def team_deadline_risks(user: User, *, now: datetime) -> list[WorkRow]:
    """Return the team's overdue work and near legal or contract deadlines."""
    if user.role_enum is not Role.SUPERVISOR:
        return []
    return [
        r
        for r in _rows(_worked_cases(user), now=now)
        if r.item.overdue or r.item.kind in RISK_KINDS
    ]


@dataclass(frozen=True)
class NavigatorCapacity:
    """A navigator's open cases against their limit (theirs, or the policy's default)."""

    navigator: User
    open_cases: int
    limit: int
    limit_is_default: bool

    @property
    def spare(self) -> int:
        """Return how many more cases the navigator can take (negative when over)."""
        return self.limit - self.open_cases

    @property
    def over_limit(self) -> bool:
        """Return whether the navigator holds more cases than their limit."""
        return self.open_cases > self.limit

    @property
    def label(self) -> str:
        """Return 'Sam Jones: 12 open cases, limit 25 (13 spare)' for a choice list."""
        left = f"{self.spare} spare" if self.spare >= 0 else f"{-self.spare} over"
        default = " (scheme default)" if self.limit_is_default else ""
        return (
            f"{self.navigator.display_name}: {self.open_cases} open "
            f"case{'s' if self.open_cases != 1 else ''}, limit {self.limit}{default}, {left}"
        )


def navigator_capacity(team_id: int | None, *, today: date) -> list[NavigatorCapacity]:
    """Return each active navigator of a team with their open caseload, most room first."""
    if team_id is None:
        return []
    default = casework_settings(today).casework.default_caseload_limit
    navigators = User.objects.filter(
        team_id=team_id, role=Role.NAVIGATOR.value, is_active=True
    ).annotate(open_cases=Count("caseload", filter=Q(caseload__state__in=WORKED)))
    loads = [
        NavigatorCapacity(
            navigator=n,
            open_cases=n.open_cases,
            limit=n.caseload_limit if n.caseload_limit is not None else default,
            limit_is_default=n.caseload_limit is None,
        )
        for n in navigators
    ]
    return sorted(loads, key=lambda c: (-c.spare, c.navigator.display_name))


def allocation_queue(user: User) -> QuerySet[Case]:
    """Return the team's cases waiting for a navigator, oldest decision first."""
    if user.role_enum is not Role.SUPERVISOR:
        return Case.objects.none()
    return (
        Case.objects.filter(case_scope(user))
        .filter(navigator__isnull=True, state__in=WORKED)
        .select_related("person", "team")
        .prefetch_related("person__names")
        .order_by("decided_at", "referred_at")
    )


# --- Breach, completion and documents -------------------------------------------------------


def breach_proposals_for(case: Case, *, today: date | None = None) -> list[BreachProposal]:
    """Return a case's breach proposals with their decisions, newest first (breach history).

    Each proposal carries `named_conditions`: the titles of the conditions it names.
    """
    proposals = list(
        BreachProposal.objects.filter(case=case)
        .select_related("proposed_by", "decision__decided_by")
        .prefetch_related("appointments")
        .order_by("-proposed_at", "-id")
    )
    if proposals:
        day = today or uk_date(timezone.now())
        titles = {v.code: v.title for v in conditions_for(case, today=day)}
        for proposal in proposals:
            proposal.named_conditions = [titles.get(c, c) for c in proposal.condition_codes]  # type: ignore[attr-defined]
    return proposals


def pending_breach(case: Case) -> BreachProposal | None:
    """Return the case's proposal that still waits for a decision, if any."""
    return (
        BreachProposal.objects.filter(case=case, decision__isnull=True)
        .order_by("-proposed_at")
        .first()
    )


def breach_decisions_awaited(user: User) -> QuerySet[BreachProposal]:
    """Return proposals in a supervisor's scope waiting for a decision, oldest first."""
    if user.role_enum is not Role.SUPERVISOR:
        return BreachProposal.objects.none()
    return (
        BreachProposal.objects.filter(
            decision__isnull=True,
            case__in=Case.objects.filter(case_scope(user)),
            case__state=CaseState.ACTIVE.value,
        )
        .select_related("case__person", "proposed_by")
        .prefetch_related("case__person__names")
        .order_by("proposed_at")
    )


def proposal_get_for_user(user: User, reference: str, pk: int) -> BreachProposal:
    """Return one breach proposal of a case the user may see, or raise 404."""
    case = case_get_for_user(user, reference)
    try:
        return BreachProposal.objects.select_related("case", "proposed_by").get(case=case, pk=pk)
    except BreachProposal.DoesNotExist:
        raise Http404("No such breach proposal.") from None


def documents_for_case(case: Case) -> QuerySet[CaseDocument]:
    """Return the documents produced for a case (without their bytes), newest first."""
    return CaseDocument.objects.filter(case=case).defer("content").select_related("produced_by")


def document_get_for_user(user: User, reference: str, pk: int) -> CaseDocument:
    """Return one document of a case the user may see, or raise 404."""
    case = case_get_for_user(user, reference)
    try:
        return CaseDocument.objects.select_related("case").get(case=case, pk=pk)
    except CaseDocument.DoesNotExist:
        raise Http404("No such document.") from None


def open_alerts_for(case: Case) -> QuerySet[Alert]:
    """Return the alerts the daily job raised on a case that are still open."""
    return Alert.objects.filter(case=case, resolved_at__isnull=True).order_by("due_on")


def flagged_alerts(cases: QuerySet[Case]) -> QuerySet[Alert]:
    """Return open alerts raised by other features (a new offence from the feed) on cases.

    The worklist rules recompute their own items; these come from outside and stay open
    until a person deals with them, so they are listed separately and first.
    """
    return (
        Alert.objects.filter(case__in=cases, resolved_at__isnull=True)
        .exclude(kind__in=[k.value for k in WorkKind])
        .select_related("case__person")
        .prefetch_related("case__person__names")
        .order_by("due_on")
    )

"""Casework pages: allocation, appointments, notes, breach, completion and documents.

Each view fetches through a scoped selector, validates with a form, calls one service and
redirects to the case page; a refusal from a service is shown on the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from checkpoint.accounts.access import require_capability
from checkpoint.accounts.models import User
from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.casework import work_selectors as work
from checkpoint.casework.access import is_case_worker
from checkpoint.casework.appointment_services import (
    appointment_record_outcome,
    appointment_reschedule,
    appointment_schedule,
    case_note_add,
    when,
)
from checkpoint.casework.breach_services import breach_decide, breach_propose
from checkpoint.casework.completion_services import case_complete
from checkpoint.casework.models import Appointment, Case
from checkpoint.casework.scheme import casework_settings
from checkpoint.casework.selectors import case_clocks_for, case_get_for_user
from checkpoint.casework.services import case_assign_navigator
from checkpoint.casework.work_forms import (
    AllocationForm,
    AppointmentForm,
    BreachDecisionForm,
    BreachProposalForm,
    NoteForm,
    OutcomeForm,
    RescheduleForm,
)
from checkpoint.contracts.selectors import all_conditions_met, conditions_for
from checkpoint.domain.appointments import AppointmentKind, NoteBasis
from checkpoint.domain.breach import BreachOutcome
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.roles import Capability
from checkpoint.web.pdf import pdf_response


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # LoginRequiredMiddleware guarantees a signed-in user
    return user


def _worker_case(request: HttpRequest, reference: str) -> tuple[User, Case]:
    """Return the user and a case they do casework on; others may see it but not act."""
    user = _user(request)
    case = case_get_for_user(user, reference)
    if not is_case_worker(user, case):
        raise PermissionDenied("Only the case's navigator or a team supervisor can do this.")
    return user, case


def _to_case(case: Case, anchor: str = "") -> HttpResponse:
    response = redirect("case-detail", reference=case.reference)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


# --- Allocation ------------------------------------------------------------------------------


@require_capability(Capability.ALLOCATE)
def case_allocate(request: HttpRequest, reference: str) -> HttpResponse:
    """Allocate or transfer a case, showing each navigator's caseload against their limit."""
    user = _user(request)
    case = case_get_for_user(user, reference)
    today = uk_date(timezone.now())
    capacity = work.navigator_capacity(user.team_id, today=today)
    form = AllocationForm(
        request.POST or None,
        capacity=capacity,
        initial={"navigator": str(case.navigator_id) if case.navigator_id else None},
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen()
        try:
            case_assign_navigator(
                actor=user,
                case=case,
                navigator=chosen.navigator,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            hours = casework_settings(today).casework.first_appointment_hours
            messages.success(
                request,
                f"{case.reference} is allocated to {chosen.navigator.display_name}. They are "
                f"asked to hold the first appointment within {hours} hours.",
            )
            return _to_case(case)
    return render(
        request,
        "casework/allocate.html",
        {"case": case, "form": form, "capacity": capacity, "today": today},
    )


# --- Appointments and notes ----------------------------------------------------------------


@require_capability(Capability.VIEW_CASES)
def appointment_new(request: HttpRequest, reference: str) -> HttpResponse:
    """Book an appointment for the person."""
    user, case = _worker_case(request, reference)
    kind = request.GET.get("kind")
    initial = {"kind": kind} if kind in {k.value for k in AppointmentKind} else {}
    form = AppointmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = appointment_schedule(
                actor=user,
                case=case,
                kind=AppointmentKind(form.cleaned_data["kind"]),
                starts_at=form.starts_at(),
                place=form.cleaned_data["place"],
                details=form.cleaned_data["details"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{appointment.kind_enum.label} booked for {when(appointment.starts_at)}.",
            )
            return _to_case(case, "appointments")
    return render(request, "casework/appointment_form.html", {"case": case, "form": form})


@require_capability(Capability.VIEW_CASES)
def appointment_outcome(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """Record whether the person attended an appointment."""
    user, case = _worker_case(request, reference)
    appointment = work.appointment_get_for_user(user, reference, pk)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attendance, reason, acceptable = form.outcome()
        try:
            appointment_record_outcome(
                actor=user,
                appointment=appointment,
                attendance=attendance,
                reason=reason,
                acceptable=acceptable,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Outcome recorded: {attendance.label.lower()}.")
            return _to_case(case, "appointments")
    return render(
        request,
        "casework/appointment_outcome.html",
        {"case": case, "appointment": appointment, "form": form},
    )


@require_capability(Capability.VIEW_CASES)
def appointment_reschedule_view(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """Move an appointment, or rebook a missed one, keeping the original."""
    user, case = _worker_case(request, reference)
    appointment = work.appointment_get_for_user(user, reference, pk)
    form = RescheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = appointment_reschedule(
                actor=user,
                appointment=appointment,
                starts_at=form.starts_at(),
                place=form.cleaned_data["place"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Booked for {when(new.starts_at)}.")
            return _to_case(case, "appointments")
    return render(
        request,
        "casework/appointment_reschedule.html",
        {
            "case": case,
            "appointment": appointment,
            "form": form,
            "replaced": work.appointment_is_replaced(appointment),
        },
    )


@require_capability(Capability.VIEW_CASES)
def case_note_new(request: HttpRequest, reference: str) -> HttpResponse:
    """Add a note, marked fact or opinion; a note can record a contact."""
    user, case = _worker_case(request, reference)
    initial = {"basis": NoteBasis.FACT.value} if request.GET.get("contact") else {}
    form = NoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case_note_add(
                actor=user,
                case=case,
                basis=NoteBasis(form.cleaned_data["basis"]),
                text=form.cleaned_data["text"],
                contact_method=form.method(),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Note added.")
            return _to_case(case, "notes")
    return render(
        request,
        "casework/note_form.html",
        {"case": case, "form": form, "contact": bool(request.GET.get("contact"))},
    )


# --- Breach and completion -----------------------------------------------------------------


def _proposal_choices(case: Case) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    today = uk_date(timezone.now())
    conditions = [
        (v.code, f"{v.title} ({v.status_label.lower()})") for v in conditions_for(case, today=today)
    ]
    appointments = [
        (
            str(a.pk),
            f"{a.kind_enum.label} on {when(a.starts_at)}: "
            f"{a.attendance_enum.label.lower() if a.attendance_enum else ''}"
            f"{' (' + a.outcome_reason + ')' if a.outcome_reason else ''}",
        )
        for a in work.enforceable_outcomes(case)
    ]
    return conditions, appointments


@require_capability(Capability.VIEW_CASES)
def breach_propose_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Propose a breach with the evidence, for a supervisor to decide."""
    user, case = _worker_case(request, reference)
    conditions, appointments = _proposal_choices(case)
    form = BreachProposalForm(
        request.POST or None, conditions=conditions, appointments=appointments
    )
    if request.method == "POST" and form.is_valid():
        chosen = Appointment.objects.filter(
            case=case, pk__in=[int(pk) for pk in form.cleaned_data["appointments"]]
        )
        try:
            breach_propose(
                actor=user,
                case=case,
                condition_codes=form.cleaned_data["conditions"],
                appointments=list(chosen),
                evidence_summary=form.cleaned_data["evidence_summary"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Breach proposed. A supervisor will decide it.")
            return _to_case(case, "outcome")
    return render(request, "casework/breach_propose.html", {"case": case, "form": form})


@require_capability(Capability.ALLOCATE)
def breach_decide_view(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """Decide a proposed breach: no breach, warn, vary, or end and refer for prosecution."""
    user, case = _worker_case(request, reference)
    proposal = work.proposal_get_for_user(user, reference, pk)
    form = BreachDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        excuse, outcome, reason = form.decision()
        try:
            decision = breach_decide(
                actor=user,
                proposal=proposal,
                excuse_reasonable=excuse,
                outcome=outcome,
                reason=reason,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Decision recorded: {decision.outcome_enum.label.lower()}.")
            if decision.outcome_enum is BreachOutcome.VARY:
                # The variation itself is requested and approved on the contract page.
                return redirect(work.contract_url(case))
            return _to_case(case, "outcome")
    today = uk_date(timezone.now())
    history = [p for p in work.breach_proposals_for(case) if p.pk != proposal.pk]
    contract_url = work.contract_url(case)
    titles = {v.code: v.title for v in conditions_for(case, today=today)}
    return render(
        request,
        "casework/breach_decide.html",
        {
            "case": case,
            "proposal": proposal,
            "form": form,
            "history": history,
            "clocks": case_clocks_for(case, today=today),
            "named": [(code, titles.get(code, code)) for code in proposal.condition_codes],
            "decided": hasattr(proposal, "decision"),
            "contract_url": contract_url,
        },
    )


@require_capability(Capability.VIEW_CASES)
def case_complete_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Confirm and record completion: outcome code, completion letter, then follow-up."""
    user, case = _worker_case(request, reference)
    today = uk_date(timezone.now())
    error = ""
    if request.method == "POST":
        try:
            case_complete(actor=user, case=case)
        except DomainError as refused:
            error = str(refused)
        else:
            messages.success(
                request, f"{case.reference} is completed. The completion letter is ready."
            )
            return _to_case(case, "outcome")
    rules = casework_settings(today)
    return render(
        request,
        "casework/complete.html",
        {
            "case": case,
            "conditions": conditions_for(case, today=today),
            "all_met": case.state_enum is CaseState.ACTIVE
            and all_conditions_met(case, today=today),
            "pending": work.pending_breach(case),
            "outcome_code": rules.outcomes.completion_outcome_code,
            "policy": rules.policy,
            "error": error,
        },
    )


@require_capability(Capability.VIEW_CASES)
def case_document(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """Show a produced document exactly as it was produced; opening it is logged."""
    user = _user(request)
    document = work.document_get_for_user(user, reference, pk)
    audit_record(
        actor=user,
        action=AuditAction.CONSULTATION,
        verb="document.view",
        target=document,
        person_id=document.case.person_id,
        summary=f"Opened {document.filename}",
    )
    if request.GET.get("format") == "html":
        # The same text as the PDF, for screen readers (WCAG 2.2).
        response = HttpResponse(document.html, content_type="text/html; charset=utf-8")
        response["Cache-Control"] = "no-store"
        return response
    return pdf_response(bytes(document.content), document.filename)

"""Needs pages: the case's needs record, the assessment, status changes and the self-report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from checkpoint.accounts.access import require_capability
from checkpoint.accounts.models import User
from checkpoint.audit.services import audit_consultation
from checkpoint.casework.access import is_case_worker
from checkpoint.casework.models import Case
from checkpoint.casework.selectors import case_get_for_user
from checkpoint.domain.errors import DomainError
from checkpoint.domain.needs import AssessmentStage, Pathway, PathwayStatus
from checkpoint.domain.roles import Capability
from checkpoint.needs.access import NEEDS_STATES, may_view_needs, require_state
from checkpoint.needs.forms import (
    AssessmentForm,
    PathwayStatusForm,
    SelfReportForm,
    assessment_initial,
)
from checkpoint.needs.instrument import current_instrument
from checkpoint.needs.sections import case_section
from checkpoint.needs.selectors import (
    assessments_for_case,
    latest_assessment,
    latest_self_report,
    needs_for_case,
    self_report_answers,
    self_reports_for,
)
from checkpoint.needs.services import needs_assess, pathway_status_change, self_report_record


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # LoginRequiredMiddleware guarantees a signed-in user
    return user


def _readable_case(request: HttpRequest, reference: str) -> Case:
    user = _user(request)
    case = case_get_for_user(user, reference)
    if not may_view_needs(user):
        raise PermissionDenied("Your role cannot see a person's needs.")
    return case


def _workable_case(request: HttpRequest, reference: str, doing: str) -> Case:
    """Return a case the user may record needs on; refuse with 403 if they may only read it."""
    case = _readable_case(request, reference)
    if not is_case_worker(_user(request), case):
        raise PermissionDenied(
            f"Only the navigator of {case.reference} or a supervisor of its team can {doing}."
        )
    return case


def _stage(request: HttpRequest) -> AssessmentStage:
    value = request.GET.get("stage") or request.POST.get("stage") or AssessmentStage.START.value
    try:
        return AssessmentStage(value)
    except ValueError:
        raise Http404("No such stage.") from None


def _closed(request: HttpRequest, case: Case, doing: str) -> HttpResponse | None:
    try:
        require_state(case, NEEDS_STATES, doing)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("needs-case", reference=case.reference)
    return None


@require_capability(Capability.VIEW_CASES)
def needs_case(request: HttpRequest, reference: str) -> HttpResponse:
    """Show a case's needs: each pathway's status and history, assessments and self-reports."""
    user = _user(request)
    case = _readable_case(request, reference)
    audit_consultation(
        actor=user, target=case, person_id=case.person_id, summary=f"Viewed needs of {reference}"
    )
    section = case_section(user, case) or {
        "case": case,
        "pathways": needs_for_case(case),
        "can_record": False,
    }
    responses = [(response, self_report_answers(response)) for response in self_reports_for(case)]
    return render(
        request,
        "needs/case.html",
        {
            "case": case,
            "section": section,
            "assessments": assessments_for_case(case),
            "responses": responses,
            "on_needs_page": True,
            "has_history": any(p.history for p in section["pathways"]),
        },
    )


@require_capability(Capability.VIEW_CASES)
def needs_assess_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Record (or correct) the start or end assessment of the nine pathways."""
    user = _user(request)
    case = _workable_case(request, reference, "assess needs")
    stage = _stage(request)
    if (closed := _closed(request, case, "assess needs")) is not None:
        return closed
    previous = latest_assessment(case, stage)
    start = latest_assessment(case, AssessmentStage.START)
    if stage is AssessmentStage.END and start is None:
        messages.error(request, "Record the start assessment before the end assessment.")
        return redirect("needs-case", reference=case.reference)
    # The end assessment starts from the start's answers, so the navigator records changes.
    initial = assessment_initial(previous or start)
    if previous is None:
        initial.pop("summary", None)
    form = AssessmentForm(
        request.POST or None,
        initial=initial,
        correcting=f"a {stage.label.lower()} assessment" if previous else "",
    )
    if request.method == "POST" and form.is_valid():
        try:
            needs_assess(
                actor=user,
                case=case,
                stage=stage,
                answers=form.answers(),
                summary=form.cleaned_data["summary"],
                correction_reason=form.cleaned_data.get("correction_reason", ""),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{stage.label} assessment recorded.")
            return redirect("needs-case", reference=case.reference)
    return render(
        request,
        "needs/assess.html",
        {"case": case, "form": form, "stage": stage, "previous": previous},
    )


@require_capability(Capability.VIEW_CASES)
def pathway_status_view(request: HttpRequest, reference: str, pathway: str) -> HttpResponse:
    """Record a new status for one pathway, with the date it took effect."""
    user = _user(request)
    case = _workable_case(request, reference, "change a pathway's status")
    try:
        chosen = Pathway(pathway)
    except ValueError:
        raise Http404("No such pathway.") from None
    if (closed := _closed(request, case, "change a pathway's status")) is not None:
        return closed
    view = next(p for p in needs_for_case(case) if p.pathway is chosen)
    form = PathwayStatusForm(request.POST or None, options=view.status_options)
    if request.method == "POST" and form.is_valid():
        try:
            pathway_status_change(
                actor=user,
                case=case,
                pathway=chosen,
                status=PathwayStatus(form.cleaned_data["status"]),
                note=form.cleaned_data["note"],
                effective_on=form.cleaned_data["effective_on"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{chosen.label} is now "
                f"'{PathwayStatus(form.cleaned_data['status']).label.lower()}'.",
            )
            return redirect("needs-case", reference=case.reference)
    return render(request, "needs/pathway_status.html", {"case": case, "form": form, "view": view})


@require_capability(Capability.VIEW_CASES)
def self_report_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Record the person's answers to the self-report at the start or the end."""
    user = _user(request)
    case = _workable_case(request, reference, "record a self-report")
    stage = _stage(request)
    if (closed := _closed(request, case, "record a self-report")) is not None:
        return closed
    try:
        loaded = current_instrument()
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("needs-case", reference=case.reference)
    previous = latest_self_report(case, stage)
    form = SelfReportForm(
        request.POST or None,
        instrument=loaded.instrument,
        correcting=f"a {stage.label.lower()} self-report" if previous else "",
    )
    if request.method == "POST" and form.is_valid():
        try:
            self_report_record(
                actor=user,
                case=case,
                stage=stage,
                answers=form.answers(),
                correction_reason=form.cleaned_data.get("correction_reason", ""),
                instrument=loaded,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Self-report ({stage.label.lower()}) recorded.")
            return redirect("needs-case", reference=case.reference)
    return render(
        request,
        "needs/self_report.html",
        {
            "case": case,
            "form": form,
            "stage": stage,
            "instrument": loaded.instrument,
            "previous": previous,
        },
    )

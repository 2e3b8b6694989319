"""Directory pages: browse and maintain services, refer with consent, track referrals, gaps."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from checkpoint.accounts.access import require_capability
from checkpoint.accounts.models import User
from checkpoint.audit.services import audit_consultation
from checkpoint.casework.access import is_case_worker
from checkpoint.casework.models import Case
from checkpoint.casework.selectors import case_get_for_user
from checkpoint.directory import selectors
from checkpoint.directory.forms import (
    DirectoryFilterForm,
    GapsForm,
    ReasonForm,
    ReferralForm,
    ReferralStatusForm,
    ServiceForm,
)
from checkpoint.directory.models import Service
from checkpoint.directory.sections import case_section
from checkpoint.directory.services import (
    REFERRAL_STATES,
    details_of,
    may_maintain_directory,
    referral_create,
    referral_status_change,
    service_create,
    service_deactivate,
    service_reactivate,
    service_update,
)
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.errors import DomainError
from checkpoint.domain.needs import Pathway, ReferralStatus, referral_status_options
from checkpoint.domain.roles import Capability
from checkpoint.needs.access import may_view_needs, require_state
from checkpoint.needs.selectors import needs_for_case

GAPS_DEFAULT_DAYS = 182


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # LoginRequiredMiddleware guarantees a signed-in user
    return user


def _maintainer(request: HttpRequest) -> User:
    user = _user(request)
    if not may_maintain_directory(user):
        raise PermissionDenied("Only supervisors and administrators can change the directory.")
    return user


def _referrals_case(request: HttpRequest, reference: str) -> Case:
    user = _user(request)
    case = case_get_for_user(user, reference)
    if not may_view_needs(user):
        raise PermissionDenied("Your role cannot see a person's referrals.")
    return case


@require_capability(Capability.VIEW_CASES)
def directory_index(request: HttpRequest) -> HttpResponse:
    """Browse the directory by pathway and area, or search it."""
    user = _user(request)
    form = DirectoryFilterForm(request.GET or None, areas=selectors.directory_areas())
    data = form.cleaned_data if form.is_valid() else {}
    maintainer = may_maintain_directory(user)
    services = selectors.service_search(
        pathway=form.chosen_pathway(),
        area=data.get("area", ""),
        text=data.get("q", ""),
        include_inactive=maintainer and bool(data.get("inactive")),
    )
    return render(
        request,
        "directory/index.html",
        {
            "nav": "directory",
            "form": form,
            "services": services,
            "filtered": any(data.values()),
            "can_maintain": maintainer,
        },
    )


@require_capability(Capability.VIEW_CASES)
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one service's details."""
    service = selectors.service_get(pk)
    return render(
        request,
        "directory/service.html",
        {"service": service, "can_maintain": may_maintain_directory(_user(request))},
    )


@require_capability(Capability.VIEW_CASES)
def service_create_view(request: HttpRequest) -> HttpResponse:
    """Add a service to the directory."""
    user = _maintainer(request)
    form = ServiceForm(request.POST or None, areas=selectors.directory_areas())
    if request.method == "POST" and form.is_valid():
        try:
            service = service_create(actor=user, details=form.details())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"'{service.name}' added to the directory.")
            return redirect("directory-service", pk=service.pk)
    return render(request, "directory/service_form.html", {"form": form, "service": None})


@require_capability(Capability.VIEW_CASES)
def service_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a service's details."""
    user = _maintainer(request)
    service = selectors.service_get(pk)
    current = details_of(service)
    initial = {
        **{name: getattr(current, name) for name in ServiceForm.base_fields if name != "pathways"},
        "pathways": [p.value for p in current.pathways],
    }
    form = ServiceForm(request.POST or None, initial=initial, areas=selectors.directory_areas())
    if request.method == "POST" and form.is_valid():
        try:
            service_update(actor=user, service=service, details=form.details(active=service.active))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Changes saved.")
            return redirect("directory-service", pk=service.pk)
    return render(request, "directory/service_form.html", {"form": form, "service": service})


@require_capability(Capability.VIEW_CASES)
def service_active_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm and record deactivating (or reactivating) a service, with a reason."""
    user = _maintainer(request)
    service = selectors.service_get(pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        change = service_reactivate if not service.active else service_deactivate
        try:
            change(actor=user, service=service, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            word = "reactivated" if not service.active else "deactivated"
            messages.success(request, f"'{service.name}' {word}.")
            return redirect("directory-service", pk=service.pk)
    return render(request, "directory/service_active.html", {"form": form, "service": service})


@require_capability(Capability.VIEW_AGGREGATES)
def gaps_view(request: HttpRequest) -> HttpResponse:
    """Report gaps in provision for the governance board: no counts of named people."""
    today = uk_date(timezone.now())
    form = GapsForm(
        request.GET or None,
        initial={
            "since": today - timedelta(days=GAPS_DEFAULT_DAYS),
            "until": today,
            "days": selectors.DEFAULT_ACCEPT_DAYS,
        },
    )
    data = form.cleaned_data if form.is_valid() else {}
    until = data.get("until") or today
    since = data.get("since") or until - timedelta(days=GAPS_DEFAULT_DAYS)
    days = data.get("days") or selectors.DEFAULT_ACCEPT_DAYS
    report = selectors.provision_gaps(since, until=until, days=days)
    return render(
        request,
        "directory/gaps.html",
        {"nav": "directory", "form": form, "report": report},
    )


@require_capability(Capability.VIEW_CASES)
def case_referrals(request: HttpRequest, reference: str) -> HttpResponse:
    """Show a case's referrals to services, with their history."""
    user = _user(request)
    case = _referrals_case(request, reference)
    audit_consultation(
        actor=user,
        target=case,
        person_id=case.person_id,
        summary=f"Viewed referrals of {case.reference}",
    )
    section = case_section(user, case) or {
        "case": case,
        "referrals": selectors.referrals_for_case(case),
    }
    return render(
        request,
        "directory/case.html",
        {"case": case, "section": section, "on_referrals_page": True},
    )


@require_capability(Capability.VIEW_CASES)
def referral_create_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Refer the person to a service: choose it, record consent, check, then send."""
    user = _user(request)
    case = _referrals_case(request, reference)
    if not is_case_worker(user, case):
        raise PermissionDenied(
            f"Only the navigator of {case.reference} or a supervisor of its team can refer."
        )
    try:
        require_state(case, REFERRAL_STATES, "make a referral")
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("directory-case", reference=case.reference)
    source = request.POST if request.method == "POST" else request.GET
    try:
        pathway = Pathway(source.get("pathway") or "")
    except ValueError:
        pathway = None
    area = selectors.case_area(case)
    everywhere = source.get("everywhere") == "yes"
    services = (
        selectors.services_for_pathway(pathway, None if everywhere else area)
        if pathway is not None
        else Service.objects.none()
    )
    action = request.POST.get("action", "")
    form = ReferralForm(
        request.POST if request.method == "POST" else None,
        services=services,
        initial={"pathway": pathway.value if pathway else ""},
    )
    context = {
        "case": case,
        "form": form,
        "pathway": pathway,
        "pathways": needs_for_case(case),
        "area": area,
        "everywhere": everywhere,
        "services": services,
    }
    if request.method == "POST" and form.is_valid():
        if action == "send":
            try:
                referral_create(
                    actor=user,
                    case=case,
                    service=form.cleaned_data["service"],
                    pathway=Pathway(form.cleaned_data["pathway"]),
                    consent_to_share=form.cleaned_data["consent"] == "yes",
                    shared_information=form.cleaned_data["shared_information"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, f"Referral to {form.cleaned_data['service'].name} recorded as sent."
                )
                return redirect("directory-case", reference=case.reference)
        elif action == "check":
            return render(request, "directory/refer_confirm.html", context)
    return render(request, "directory/refer.html", context)


@require_capability(Capability.VIEW_CASES)
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a referral and its history, and record what happened next."""
    user = _user(request)
    referral = selectors.referral_get_for_user(user, pk)
    if not may_view_needs(user):
        raise PermissionDenied("Your role cannot see a person's referrals.")
    can_update = is_case_worker(user, referral.case) and not referral.status_enum.is_final
    form = ReferralStatusForm(
        request.POST or None, options=referral_status_options(referral.status_enum)
    )
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied("You cannot update this referral.")
        if form.is_valid():
            try:
                referral_status_change(
                    actor=user,
                    referral=referral,
                    status=ReferralStatus(form.cleaned_data["status"]),
                    outcome=form.cleaned_data["outcome"],
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                status = ReferralStatus(form.cleaned_data["status"])
                messages.success(request, f"Referral marked {status.label.lower()}.")
                return redirect("directory-case", reference=referral.case.reference)
    else:
        audit_consultation(
            actor=user,
            target=referral,
            person_id=referral.case.person_id,
            summary=f"Viewed referral to {referral.service.name}",
        )
    return render(
        request,
        "directory/referral.html",
        {"referral": referral, "case": referral.case, "form": form, "can_update": can_update},
    )

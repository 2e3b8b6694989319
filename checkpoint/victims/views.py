"""Victim liaison pages: a case's victims, a victim's record, and updates given to them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from checkpoint.accounts.access import require_capability
from checkpoint.accounts.models import User
from checkpoint.audit.services import audit_consultation
from checkpoint.casework.selectors import case_get_for_user
from checkpoint.domain.errors import DomainError
from checkpoint.domain.roles import Capability
from checkpoint.victims import selectors
from checkpoint.victims.forms import VictimForm, VictimUpdateForm
from checkpoint.victims.models import ContactWay
from checkpoint.victims.services import victim_change, victim_record, victim_update_record


def _liaison(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # LoginRequiredMiddleware guarantees a signed-in user
    if not selectors.sees_victim_details(user):
        raise PermissionDenied("Only victim liaison officers and supervisors see victims.")
    return user


@require_capability(Capability.VIEW_CASES)
def victim_new(request: HttpRequest, reference: str) -> HttpResponse:
    """Record a victim of a case's offence."""
    user = _liaison(request)
    case = case_get_for_user(user, reference)
    form = VictimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            victim = victim_record(actor=user, case=case, **form.values())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The victim's record is saved.")
            return redirect("victim-detail", pk=victim.pk)
    return render(request, "victims/victim_form.html", {"case": case, "form": form})


@require_capability(Capability.VIEW_CASES)
def victim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a victim's record and updates; opening it is logged as a consultation."""
    user = _liaison(request)
    victim = selectors.victim_get_for_user(user, pk)
    audit_consultation(
        actor=user,
        target=victim,
        person_id=None,
        summary=f"Viewed a victim of {victim.case.reference}",
    )
    return render(
        request,
        "victims/victim_detail.html",
        {
            "victim": victim,
            "case": victim.case,
            "updates": selectors.updates_for(victim),
            "update_form": VictimUpdateForm(),
        },
    )


@require_capability(Capability.VIEW_CASES)
def victim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a victim's details, views or restorative choice."""
    user = _liaison(request)
    victim = selectors.victim_get_for_user(user, pk)
    initial = {
        field: getattr(victim, field)
        for field in VictimForm.base_fields
        if field != "wants_updates"
    }
    initial["wants_updates"] = "yes" if victim.wants_updates else "no"
    form = VictimForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            victim_change(actor=user, victim=victim, **form.values())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The victim's record is updated.")
            return redirect("victim-detail", pk=victim.pk)
    return render(
        request, "victims/victim_form.html", {"case": victim.case, "form": form, "victim": victim}
    )


@require_capability(Capability.VIEW_CASES)
def victim_update_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Log an update given to a victim."""
    user = _liaison(request)
    victim = selectors.victim_get_for_user(user, pk)
    form = VictimUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            victim_update_record(
                actor=user,
                victim=victim,
                given_on=form.cleaned_data["given_on"],
                method=ContactWay(form.cleaned_data["method"]),
                summary=form.cleaned_data["summary"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The update is logged.")
            return redirect("victim-detail", pk=victim.pk)
    return render(
        request,
        "victims/update_form.html",
        {"victim": victim, "case": victim.case, "form": form},
    )

"""The custody screening page and supervisors' approvals."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from checkpoint.accounts.access import require_capability
from checkpoint.accounts.models import User
from checkpoint.casework.selectors import case_get_for_user
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.errors import DomainError
from checkpoint.domain.roles import Capability
from checkpoint.domain.screening import Approval, RuleStatus
from checkpoint.screening.forms import ApprovalForm, ScreeningForm
from checkpoint.screening.selectors import decision_get_for_user, known_facts
from checkpoint.screening.services import (
    SCREENABLE,
    advisory_forecast,
    current_policy,
    forecast_input,
    screening_approve,
    screening_check,
    screening_decide,
)

GROUPS = (
    (RuleStatus.FAIL, "Why not eligible"),
    (RuleStatus.NEEDS_INFORMATION, "What is still needed"),
    (RuleStatus.ADVISORY, "For your judgement"),
)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # LoginRequiredMiddleware guarantees a signed-in user
    return user


@require_capability(Capability.REFER)
def screen_case(request: HttpRequest, reference: str) -> HttpResponse:
    """Check a referral against the policy in force, then record the decision."""
    user = _user(request)
    case = case_get_for_user(user, reference)
    if case.state_enum not in SCREENABLE:
        messages.error(request, f"{case.reference} has already been decided.")
        return redirect("case-detail", reference=case.reference)
    today = uk_date(timezone.now())
    try:
        policy = current_policy(today)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("case-detail", reference=case.reference)
    known = known_facts(case)
    forecast = advisory_forecast(actor=user, case=case, today=today)
    families = {co.offence.family for co in case.offences.select_related("offence")}
    families |= {co.offence.code for co in case.offences.select_related("offence")}
    initial = {
        "lives_in_force_area": {True: "yes", False: "no"}.get(
            known["person"]["lives_in_force_area"], ""
        )
    }
    form = ScreeningForm(
        request.POST or None, initial=initial, policy=policy.policy, offence_families=families
    )
    result = None
    if request.method == "POST" and form.is_valid():
        facts = form.to_facts(known, today).model_copy(
            update={"forecast": forecast_input(forecast)}
        )
        if request.POST.get("action") == "record":
            try:
                decision = screening_decide(
                    actor=user,
                    case=case,
                    facts=facts,
                    requested_outcome=form.requested(),
                    departure_reason=form.cleaned_data.get("departure_reason", ""),
                    policy=policy,
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                pending = decision.needed
                messages.success(
                    request,
                    f"Decision recorded: {decision.requested.label.lower()}"
                    + (
                        f", awaiting {', '.join(a.label.lower() for a in pending)}."
                        if pending
                        else "."
                    ),
                )
                return redirect("case-detail", reference=case.reference)
        result = screening_check(facts=facts, policy=policy)
    grouped = (
        [(title, [r for r in result.results if r.status is status]) for status, title in GROUPS]
        if result
        else []
    )
    passes = [r for r in result.results if r.status is RuleStatus.PASS] if result else []
    return render(
        request,
        "screening/screen.html",
        {
            "case": case,
            "form": form,
            "policy": policy,
            "known": known,
            "result": result,
            "forecast": forecast,
            "grouped": grouped,
            "passes": passes,
        },
    )


@require_POST
@require_capability(Capability.ALLOCATE)
def approve_decision(request: HttpRequest, pk: int, approval: str) -> HttpResponse:
    """Record a supervisor's approval or refusal of a screening decision."""
    user = _user(request)
    decision = decision_get_for_user(user, pk)
    form = ApprovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or refuse, and explain your decision.")
    else:
        try:
            screening_approve(
                actor=user,
                decision=decision,
                approval=Approval(approval),
                granted=form.cleaned_data["granted"] == "yes",
                note=form.cleaned_data["note"],
            )
        except (DomainError, ValueError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Your decision is recorded.")
    return redirect("case-detail", reference=decision.case.reference)

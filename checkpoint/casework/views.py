"""Case pages: referral, the case page with its timeline, and case actions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from checkpoint.accounts.access import require_capability, user_can
from checkpoint.accounts.models import User
from checkpoint.accounts.selectors import navigators_in_team
from checkpoint.audit.services import audit_consultation
from checkpoint.casework import selectors
from checkpoint.casework.forms import AssignForm, ReferralForm, TransitionForm
from checkpoint.casework.models import Case
from checkpoint.casework.sections import case_section
from checkpoint.casework.services import (
    NewPerson,
    ReferredOffence,
    case_assign_navigator,
    case_transition,
    referral_submit,
)
from checkpoint.casework.work_selectors import flagged_alerts
from checkpoint.contracts.sections import case_section as contract_section
from checkpoint.directory.sections import case_section as directory_section
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import Transition, TransitionRule, transitions_open_to
from checkpoint.domain.people import Ethnicity, Sex
from checkpoint.domain.roles import Capability
from checkpoint.linkage.sections import referral_matches
from checkpoint.linkage.selectors import Candidate
from checkpoint.monitoring.sections import case_section as monitoring_section
from checkpoint.needs.sections import case_section as needs_section
from checkpoint.people.selectors import person_get_for_user
from checkpoint.screening.forms import ApprovalForm
from checkpoint.screening.selectors import decisions_for_case, outcome_in_effect, pending_approvals
from checkpoint.screening.services import SCREENABLE
from checkpoint.victims.sections import case_section as victims_section

# Eligibility decisions are recorded on the screening page, so they carry the policy, the
# inputs and every reason; the generic form never offers them.
SCREENING_ONLY = frozenset(
    {Transition.SCREEN_ELIGIBLE, Transition.SCREEN_INELIGIBLE, Transition.SCREEN_NEEDS_INFORMATION}
)
# Completion records the outcome code and writes the letter; ending for breach follows a
# supervisor's breach decision and produces the prosecution file (docs/casework.md). Both
# have their own pages, so the generic form never offers them.
OWN_PAGES = frozenset({Transition.COMPLETE, Transition.BREACH})


def manual_transitions(user: User, case: Case) -> list[TransitionRule]:
    """Return the changes the user may record by hand on this case."""
    role = user.role_enum
    if role is None:
        return []
    return [
        r
        for r in transitions_open_to(role, case.state_enum)
        if r.transition not in SCREENING_ONLY | OWN_PAGES
    ]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # LoginRequiredMiddleware guarantees a signed-in user
    return user


@require_capability(Capability.REFER)
def case_refer_view(request: HttpRequest) -> HttpResponse:
    """Start a referral from custody, for a new person or one already on the index."""
    user = _user(request)
    person_id = request.GET.get("person") or request.POST.get("person") or ""
    person = person_get_for_user(user, person_id) if person_id else None
    form = ReferralForm(request.POST or None, existing_person=person is not None)
    candidates: list[Candidate] = []
    if request.method == "POST" and form.is_valid() and person is None:
        # Catch earlier records (and earlier participation) before adding a new nominal.
        candidates = referral_matches(user, form.cleaned_data)
        if candidates and not form.cleaned_data.get("none_of_these"):
            form.add_error(
                "none_of_these",
                "This person may already be on the index. Refer one of the people shown, "
                "or confirm that none of them is this person.",
            )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        offences = [ReferredOffence(offence=data["offence"], committed_on=data["committed_on"])]
        if data.get("second_offence"):
            offences.append(
                ReferredOffence(
                    offence=data["second_offence"], committed_on=data["second_committed_on"]
                )
            )
        new_person = None
        if person is None:
            new_person = NewPerson(
                given_names=data["given_names"],
                family_name=data["family_name"],
                date_of_birth=data["date_of_birth"],
                sex=Sex(data["sex"]),
                ethnicity_self_defined=Ethnicity(data["ethnicity_self_defined"]),
                ethnicity_officer_observed=Ethnicity(data["ethnicity_officer_observed"]),
                address_area=data["address_area"],
                pnc_id=data["pnc_id"],
            )
        try:
            case = referral_submit(
                actor=user,
                person=person,
                new_person=new_person,
                offences=offences,
                custody_reference=data["custody_reference"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Referral {case.reference} created.")
            return redirect("case-detail", reference=case.reference)
    return render(
        request,
        "casework/refer.html",
        {"nav": "refer", "form": form, "person": person, "candidates": candidates},
    )


@require_capability(Capability.VIEW_CASES)
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """Show a case, its clocks and its timeline; viewing it is logged as a consultation."""
    user = _user(request)
    case = selectors.case_get_for_user(user, reference)
    audit_consultation(
        actor=user, target=case, person_id=case.person_id, summary=f"Viewed case {case.reference}"
    )
    rules = manual_transitions(user, case)
    assign_form = None
    if user_can(user, Capability.ALLOCATE) and case.state_enum.is_open_casework:
        assign_form = AssignForm(
            navigators=navigators_in_team(user.team_id), initial={"navigator": case.navigator_id}
        )
    decisions = [
        (
            d,
            [(a, ApprovalForm(auto_id=f"id_{d.pk}_{a.value}_%s")) for a in pending_approvals(d)],
            outcome_in_effect(d),
        )
        for d in decisions_for_case(case)
    ]
    context = {
        "case": case,
        "decisions": decisions,
        "can_screen": user_can(user, Capability.REFER) and case.state_enum in SCREENABLE,
        "can_approve": user_can(user, Capability.ALLOCATE),
        "clocks": selectors.case_clocks_for(case, today=uk_date(timezone.now())),
        "timeline": selectors.case_timeline(case),
        "transition_form": TransitionForm(rules=rules) if rules else None,
        "assign_form": assign_form,
        # Each feature builds its own part of the page, or None when the user sees nothing.
        "work": case_section(user, case),
        "contract_section": contract_section(user, case),
        "needs_section": needs_section(user, case),
        "directory_section": directory_section(user, case),
        "victims_section": victims_section(user, case),
        "monitoring_section": monitoring_section(user, case),
        "flagged": flagged_alerts(Case.objects.filter(pk=case.pk)),
    }
    return render(request, "casework/case_detail.html", context)


@require_POST
@require_capability(Capability.VIEW_CASES)
def case_transition_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Apply a lifecycle transition chosen on the case page."""
    user = _user(request)
    case = selectors.case_get_for_user(user, reference)
    form = TransitionForm(request.POST, rules=manual_transitions(user, case))
    if form.is_valid():
        try:
            case_transition(
                actor=user,
                case=case,
                transition=Transition(form.cleaned_data["transition"]),
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{case.reference} is now '{case.state_enum.label}'.")
            if not selectors.cases_visible_to(user).filter(pk=case.pk).exists():
                # The change took the case out of this user's scope (e.g. the desk withdrew
                # someone else's referral), so its page would now answer 404.
                return redirect("home")
    else:
        messages.error(request, "Choose what has happened to the case.")
    return redirect("case-detail", reference=case.reference)


@require_POST
@require_capability(Capability.ALLOCATE)
def case_assign_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Allocate or transfer a case to a navigator."""
    user = _user(request)
    case = selectors.case_get_for_user(user, reference)
    form = AssignForm(request.POST, navigators=navigators_in_team(user.team_id))
    if form.is_valid():
        try:
            case_assign_navigator(
                actor=user,
                case=case,
                navigator=form.cleaned_data["navigator"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{case.reference} allocated.")
    else:
        messages.error(request, "Choose a navigator from your team.")
    return redirect("case-detail", reference=case.reference)

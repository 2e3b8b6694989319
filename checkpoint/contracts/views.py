"""Contract pages: the builder, approval, offer, signature, variations, progress and the PDF.

Every view fetches the case through the scoped `case_get_for_user` (404 outside scope);
the services decide who may do what and say why not.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from checkpoint.accounts.access import require_capability
from checkpoint.accounts.models import User
from checkpoint.audit.services import audit_consultation
from checkpoint.casework.access import is_case_worker, is_team_supervisor
from checkpoint.casework.models import Case
from checkpoint.casework.selectors import case_clocks_for, case_get_for_user
from checkpoint.contracts import selectors
from checkpoint.contracts.forms import (
    AddConditionForm,
    ClockDateForm,
    ContractBuilderForm,
    DecisionForm,
    EvidenceForm,
    ExtendForm,
    HoursForm,
    ReasonForm,
    RemoveConditionForm,
    SignForm,
    add_problems,
    builder_initial,
    today_initial,
)
from checkpoint.contracts.models import SignatureMethod, VersionStatus
from checkpoint.contracts.services import (
    DRAFTABLE,
    community_hours_log,
    condition_evidence_record,
    contract_decide,
    contract_draft,
    contract_offer,
    contract_sign,
    contract_submit,
    rules_in_force,
    variation_decide,
    variation_request,
)
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.contracts import (
    ContractInvalid,
    EvidenceKind,
    RuleKind,
    VariationKind,
    format_day,
    wording_preview,
)
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.roles import Capability
from checkpoint.screening.selectors import s127_override_granted
from checkpoint.web.pdf import pdf_response, render_pdf


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # LoginRequiredMiddleware guarantees a signed-in user
    return user


def _today() -> Any:
    return uk_date(timezone.now())


def _back(case: Case) -> HttpResponse:
    return redirect("contract-detail", reference=case.reference)


def _fail(form: Form, error: DomainError) -> None:
    """Put a service's refusal on the form: every problem of an invalid contract, or one."""
    if isinstance(error, ContractInvalid):
        add_problems(form, error.problems)
    else:
        form.add_error(None, str(error))


def _page(request: HttpRequest, case: Case, **forms: Any) -> HttpResponse:
    """Render the contract page; bound forms passed in replace the empty ones."""
    user = _user(request)
    today = _today()
    version = selectors.current_contract(case)
    draft = selectors.working_draft(case)
    approved = selectors.approved_version(case)
    works = is_case_worker(user, case)
    supervises = is_team_supervisor(user, case)
    state = case.state_enum
    active = state is CaseState.ACTIVE
    conditions = selectors.conditions_of(approved) if approved is not None else []
    can_build = (
        works and state in DRAFTABLE and (draft is None or draft.status_enum is VersionStatus.DRAFT)
    )
    builder = forms.get("builder")
    if builder is None and can_build:
        try:
            catalogue = rules_in_force(today).catalogue.catalogue
        except DomainError as error:
            messages.error(request, str(error))
        else:
            source = draft or approved
            builder = ContractBuilderForm(
                catalogue=catalogue,
                initial=builder_initial(selectors.conditions_of(source)) if source else None,
            )
    clocks = case_clocks_for(case, today=today)
    has_hours = any(c.rule == RuleKind.HOURS_LOGGED.value for c in conditions)
    awaiting = draft is not None and draft.status_enum is VersionStatus.AWAITING_APPROVAL
    versions = selectors.versions_for(case)
    refused_last = bool(versions) and versions[0].status_enum is VersionStatus.REFUSED
    shown = {
        # A form passed in carries the user's input and its errors, so it is always shown.
        "builder": builder if can_build or "builder" in forms else None,
        "decide_form": DecisionForm()
        if supervises and awaiting and draft is not None and draft.created_by_id != user.pk
        else None,
        "hours_form": HoursForm(initial=today_initial(today))
        if works and active and has_hours
        else None,
        "evidence_form": EvidenceForm(conditions=conditions, initial=today_initial(today))
        if works and active and any(RuleKind(c.rule).accepts for c in conditions)
        else None,
    }
    shown.update({k: v for k, v in forms.items() if k != "builder"})
    context = {
        "case": case,
        "version": version,
        "draft": draft,
        "approved": approved,
        "versions": versions,
        "refused": versions[0] if refused_last else None,
        "views": selectors.conditions_for(case, today=today),
        "ends_on": selectors.contract_end_date(case, today=today),
        "signed": selectors.signed_version(case),
        "clocks": clocks,
        "override": s127_override_granted(case),
        "works": works,
        "supervises": supervises,
        "can_submit": works and draft is not None and draft.status_enum is VersionStatus.DRAFT,
        "can_offer": works
        and approved is not None
        and approved.offered_at is None
        and state in DRAFTABLE,
        "can_sign": works
        and state is CaseState.CONTRACT_OFFERED
        and approved is not None
        and approved.offered_at is not None,
        "active": active,
        "paused": any(p.end is None for p in selectors.contract_pauses(case)) if active else False,
        "variation_kinds": list(VariationKind) if works and active else [],
        "variations": selectors.variations_for(case),
        "pauses": selectors.pauses_for(case),
        "hours": selectors.hours_for(case),
        "evidence": selectors.evidence_for(case),
        **shown,
    }
    return render(request, "contracts/contract.html", context)


@require_capability(Capability.VIEW_CASES)
def contract_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """Show a case's contract and, before signing, the builder; saving records a draft."""
    user = _user(request)
    case = case_get_for_user(user, reference)
    if request.method != "POST":
        audit_consultation(
            actor=user,
            target=case,
            person_id=case.person_id,
            summary=f"Viewed the contract of {case.reference}",
        )
        return _page(request, case)
    try:
        catalogue = rules_in_force(_today()).catalogue.catalogue
    except DomainError as error:
        messages.error(request, str(error))
        return _back(case)
    form = ContractBuilderForm(request.POST, catalogue=catalogue)
    if form.is_valid():
        try:
            version = contract_draft(
                actor=user, case=case, choices=form.choices(), reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, f"Draft saved as version {version.number}.")
            return _back(case)
    return _page(request, case, builder=form)


@require_POST
@require_capability(Capability.VIEW_CASES)
def contract_submit_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Send the draft to a supervisor."""
    case = case_get_for_user(_user(request), reference)
    try:
        version = contract_submit(actor=_user(request), case=case)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Version {version.number} sent for approval.")
    return _back(case)


@require_POST
@require_capability(Capability.ALLOCATE)
def contract_decide_view(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    """Record a supervisor's approval or refusal of a submitted version."""
    user = _user(request)
    case = case_get_for_user(user, reference)
    version = selectors.version_get_for_user(user, reference, number)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            contract_decide(
                actor=user, version=version, approved=form.approved, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            _fail(form, error)
        else:
            verdict = "approved" if form.approved else "refused"
            messages.success(request, f"Version {version.number} {verdict}.")
            return _back(case)
    return _page(request, case, decide_form=form)


@require_POST
@require_capability(Capability.VIEW_CASES)
def contract_offer_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Offer the approved contract to the person."""
    user = _user(request)
    case = case_get_for_user(user, reference)
    try:
        contract_offer(actor=user, case=case)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Contract offered. Print the contract for the person to sign.")
    return _back(case)


@require_capability(Capability.VIEW_CASES)
def contract_sign_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Record the person's consent and signature, after checking the answers with the user."""
    user = _user(request)
    case = case_get_for_user(user, reference)
    version = selectors.approved_version(case)
    if case.state_enum is not CaseState.CONTRACT_OFFERED or version is None:
        messages.error(request, "There is no offered contract to sign.")
        return _back(case)
    if request.method != "POST":
        audit_consultation(
            actor=user,
            target=version,
            person_id=case.person_id,
            summary=f"Opened the contract of {case.reference} to record the signature",
        )
    form = SignForm(request.POST or None, initial={"signature": case.person.display_name})
    confirming = False
    action = request.POST.get("action")
    if request.method == "POST" and form.is_valid() and action != "change":
        if action == "confirm":
            data = form.cleaned_data
            try:
                contract_sign(
                    actor=user,
                    case=case,
                    signature_method=SignatureMethod(data["signature_method"]),
                    signature=data["signature"],
                    explanation_given=data["explanation_given"],
                    copy_given=data["copy_given"],
                    adjustments=data["adjustments"],
                )
            except DomainError as error:
                _fail(form, error)
            else:
                messages.success(request, "Signature recorded. The contract has started.")
                return _back(case)
        else:
            confirming = True
    context = {
        "case": case,
        "version": version,
        "conditions": selectors.conditions_of(version),
        "form": form,
        "confirming": confirming,
        "method_label": dict(SignatureMethod.choices).get(
            form.cleaned_data.get("signature_method", "") if confirming else "", ""
        ),
    }
    return render(request, "contracts/sign.html", context)


def _variation_form(
    kind: VariationKind, case: Case, data: Any, request: HttpRequest
) -> Form | None:
    today = _today()
    approved = selectors.approved_version(case)
    conditions = selectors.conditions_of(approved) if approved else []
    if kind is VariationKind.ADD:
        code = request.GET.get("code") or request.POST.get("code") or ""
        spec = rules_in_force(today).catalogue.catalogue.spec(code) if code else None
        return AddConditionForm(data, spec=spec) if spec else None
    if kind is VariationKind.REMOVE:
        return RemoveConditionForm(data, conditions=conditions)
    if kind is VariationKind.EXTEND:
        return ExtendForm(data, conditions=conditions)
    label = "Paused from" if kind is VariationKind.PAUSE else "Restarted on"
    return ClockDateForm(data, label=label, initial=today_initial(today))


@require_capability(Capability.VIEW_CASES)
def variation_view(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    """Ask for a variation of one kind; adding a condition first asks which."""
    user = _user(request)
    case = case_get_for_user(user, reference)
    try:
        chosen = VariationKind(kind)
    except ValueError:
        raise Http404("No such variation.") from None
    if case.state_enum is not CaseState.ACTIVE:
        messages.error(request, "Only a contract in force can be varied.")
        return _back(case)
    try:
        form = _variation_form(chosen, case, request.POST or None, request)
        catalogue = rules_in_force(_today()).catalogue.catalogue
    except DomainError as error:
        messages.error(request, str(error))
        return _back(case)
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            variation_request(
                actor=user,
                case=case,
                kind=chosen,
                reason=data["reason"],
                choice=form.choice() if isinstance(form, AddConditionForm) else None,
                code=data.get("code") or "",
                days=data.get("days"),
                on=data.get("on"),
            )
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, f"Request to {chosen.label} sent to a supervisor.")
            return _back(case)
    approved = selectors.approved_version(case)
    present = {c.code for c in selectors.conditions_of(approved)} if approved else set()
    context = {
        "case": case,
        "kind": chosen,
        "form": form or ReasonForm(),
        "choosing": chosen is VariationKind.ADD and form is None,
        "addable": [(c, wording_preview(c)) for c in catalogue.conditions if c.code not in present],
        "ends_on": selectors.contract_end_date(case, today=_today()),
    }
    return render(request, "contracts/variation.html", context)


@require_POST
@require_capability(Capability.ALLOCATE)
def variation_decide_view(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """Record a supervisor's decision on a variation."""
    user = _user(request)
    case = case_get_for_user(user, reference)
    variation = selectors.variation_get_for_user(user, reference, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or refuse, and explain your decision.")
        return _back(case)
    try:
        variation_decide(
            actor=user, variation=variation, approved=form.approved, note=form.cleaned_data["note"]
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        verdict = "approved" if form.approved else "refused"
        messages.success(request, f"Variation {verdict}.")
    return _back(case)


@require_POST
@require_capability(Capability.VIEW_CASES)
def hours_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Log a day's community work."""
    user = _user(request)
    case = case_get_for_user(user, reference)
    form = HoursForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            community_hours_log(
                actor=user,
                case=case,
                worked_on=data["worked_on"],
                hours=data["hours"],
                placement=data["placement"],
                verified_by=data["verified_by"],
                note=data["note"],
            )
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, "Hours logged.")
            return _back(case)
    return _page(request, case, hours_form=form)


@require_POST
@require_capability(Capability.VIEW_CASES)
def evidence_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Record evidence toward a condition."""
    user = _user(request)
    case = case_get_for_user(user, reference)
    approved = selectors.approved_version(case)
    conditions = selectors.conditions_of(approved) if approved else []
    form = EvidenceForm(request.POST, conditions=conditions)
    if form.is_valid():
        data = form.cleaned_data
        try:
            condition_evidence_record(
                actor=user,
                case=case,
                code=data["code"],
                kind=EvidenceKind(data["kind"]),
                occurred_on=data["occurred_on"],
                amount=data["amount"],
                note=data["note"],
            )
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, "Evidence recorded.")
            return _back(case)
    return _page(request, case, evidence_form=form)


@require_capability(Capability.VIEW_CASES)
def contract_document(request: HttpRequest, reference: str) -> HttpResponse:
    """Return the plain-language contract as a PDF; opening it is logged as a consultation."""
    user = _user(request)
    case = case_get_for_user(user, reference)
    version = selectors.current_contract(case)
    if version is None:
        raise Http404("This case has no contract yet.")
    audit_consultation(
        actor=user,
        target=version,
        person_id=case.person_id,
        summary=f"Opened the contract document (version {version.number}) of {case.reference}",
    )
    pdf = render_pdf("contracts/document.html", document_context(case))
    return pdf_response(pdf, f"contract-{case.reference}-v{version.number}.pdf")


def document_context(case: Case) -> dict[str, Any]:
    """Return what the contract document shows, in plain words."""
    version = selectors.current_contract(case)
    assert version is not None
    signed = selectors.signed_version(case)
    offences = [
        f"{co.offence.title.lower()} on {co.committed_on.day} {co.committed_on:%B %Y}"
        for co in case.offences.select_related("offence")
    ]
    approved = version.status_enum in {VersionStatus.APPROVED, VersionStatus.SUPERSEDED}
    return {
        "case": case,
        "person_name": case.person.display_name,
        "offences": offences,
        "version": version,
        "draft": not approved,
        # The date is repeated only where the wording does not already say it.
        "conditions": [
            (c, c.due_on is not None and format_day(c.due_on) not in c.wording)
            for c in selectors.conditions_of(version)
        ],
        "length_months": version.length_months,
        "starts_on": case.contract_started_on,
        "ends_on": selectors.contract_end_date(case, today=_today()),
        "navigator": case.navigator,
        "team": case.team,
        "consent": getattr(signed, "consent", None) if signed else None,
        "force_name": settings.CHECKPOINT_FORCE_NAME,
    }

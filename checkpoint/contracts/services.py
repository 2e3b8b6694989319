"""Contract writes: draft, approve, offer, sign, vary, pause, and record progress.

Every function takes an actor, runs in one transaction, writes the audit log and puts an
entry on the case's timeline. The case's state changes only through `case_transition`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from checkpoint.accounts.models import User
from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.casework.access import is_case_worker, is_team_supervisor
from checkpoint.casework.models import Case, CaseEvent, CaseEventKind
from checkpoint.casework.services import actor_role, case_transition
from checkpoint.contracts.catalogue import LoadedCatalogue, catalogue_named
from checkpoint.contracts.models import (
    MAX_HOURS_A_DAY,
    CommunityWorkLog,
    ConditionEvidence,
    Contract,
    ContractApproval,
    ContractCondition,
    ContractConsent,
    ContractPause,
    ContractVersion,
    SignatureMethod,
    Variation,
    VariationStatus,
    VersionStatus,
)
from checkpoint.contracts.selectors import (
    approved_version,
    contract_clock,
    terms_of,
    working_draft,
)
from checkpoint.domain.clocks import add_months, limitation_check, uk_date
from checkpoint.domain.contracts import (
    Choice,
    ContractClock,
    ContractInvalid,
    EvidenceKind,
    Period,
    Problem,
    RuleKind,
    Term,
    VariationKind,
    build_term,
    composition_problems,
    due_problems,
    format_amount,
    format_day,
    propose,
    shape_of,
    vary_clock,
)
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import CaseState, Transition
from checkpoint.domain.offences import ModeOfTrial
from checkpoint.policies.loader import LoadedPolicy
from checkpoint.screening.selectors import s127_override_granted
from checkpoint.screening.services import current_policy

# A contract is written and agreed before it starts; afterwards it changes only by variation.
DRAFTABLE = frozenset(
    {CaseState.ELIGIBLE, CaseState.ALLOCATED_DIVERSION, CaseState.CONTRACT_OFFERED}
)
OFFERABLE = frozenset({CaseState.ELIGIBLE, CaseState.ALLOCATED_DIVERSION})


@dataclass(frozen=True)
class Rules:
    """The policy in force and the condition catalogue it names."""

    policy: LoadedPolicy
    catalogue: LoadedCatalogue


def rules_in_force(day: date) -> Rules:
    """Return the policy in force on a day and its condition catalogue."""
    policy = current_policy(day)
    return Rules(
        policy=policy, catalogue=catalogue_named(policy.policy.casework.conditions_catalogue)
    )


def _now() -> datetime:
    return timezone.now()


def _require_caseworker(actor: User, case: Case, doing: str) -> None:
    """Allow the case's own navigator, or a supervisor of the case's team."""
    actor_role(actor)  # refuses a user without a role
    if not is_case_worker(actor, case):
        raise DomainError(f"Only the case's navigator or a supervisor of its team can {doing}.")


def _require_supervisor(actor: User, case: Case, doing: str) -> None:
    if not is_team_supervisor(actor, case):
        raise DomainError(f"Only a supervisor of the case's team can {doing}.")


def _require_state(case: Case, states: frozenset[CaseState], doing: str) -> None:
    if case.state_enum not in states:
        raise DomainError(f"{case.reference} is '{case.state_enum.label}', so you cannot {doing}.")


def _note(
    case: Case,
    actor: User,
    summary: str,
    *,
    detail: str = "",
    at: datetime | None = None,
    **data: Any,
) -> None:
    CaseEvent.objects.create(
        case=case,
        occurred_at=at or _now(),
        kind=CaseEventKind.NOTE,
        actor=actor,
        summary=summary[:300],
        detail=detail,
        data=data,
    )


def _terms_record(terms: Sequence[Term]) -> list[dict[str, Any]]:
    return [
        {"code": t.code, "parameters": dict(t.parameters), "due_on": t.due_on, "wording": t.wording}
        for t in terms
    ]


def _lock_contract(case: Case) -> Contract:
    contract, _ = Contract.objects.get_or_create(case=case, defaults={"created_at": _now()})
    return Contract.objects.select_for_update().get(pk=contract.pk)


def _next_number(contract: Contract) -> int:
    last = contract.versions.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def _write_conditions(version: ContractVersion, terms: Sequence[Term]) -> None:
    ContractCondition.objects.bulk_create(
        ContractCondition(
            version=version,
            position=i,
            code=t.code,
            title=t.title,
            category=t.category.value,
            pathway=t.pathway.value if t.pathway else "",
            rule=t.rule.value,
            target=t.target,
            parameters=dict(t.parameters),
            wording=t.wording,
            due_on=t.due_on,
        )
        for i, t in enumerate(terms, start=1)
    )


def _new_version(
    contract: Contract,
    *,
    terms: Sequence[Term],
    status: VersionStatus,
    actor: User,
    reason: str,
    catalogue_name: str,
    catalogue_version: int,
    catalogue_sha256: str,
    policy_name: str,
    policy_version: int,
    length_months: int,
) -> ContractVersion:
    version = ContractVersion.objects.create(
        contract=contract,
        number=_next_number(contract),
        status=status.value,
        reason=reason,
        created_by=actor,
        created_at=_now(),
        catalogue_name=catalogue_name,
        catalogue_version=catalogue_version,
        catalogue_sha256=catalogue_sha256,
        policy_name=policy_name,
        policy_version=policy_version,
        length_months=length_months,
    )
    _write_conditions(version, terms)
    return version


def _supersede_approved(contract: Contract, keep: ContractVersion) -> None:
    contract.versions.filter(status=VersionStatus.APPROVED.value).exclude(pk=keep.pk).update(
        status=VersionStatus.SUPERSEDED.value
    )


# Drafting and approval ------------------------------------------------------------------


@transaction.atomic
def contract_draft(
    *, actor: User, case: Case, choices: Sequence[Choice], reason: str = ""
) -> ContractVersion:
    """Record a draft contract built from the catalogue named by the policy in force.

    A draft by the same person replaces their own unsubmitted draft; anything else starts a
    new version, so every version someone else saw is kept.
    """
    _require_caseworker(actor, case, "draft a contract")
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_state(case, DRAFTABLE, "draft a contract")
    today = uk_date(_now())
    rules = rules_in_force(today)
    months = rules.policy.policy.clocks.contract_months
    # The clock starts at signing, so the draft assumes it starts today.
    period = Period(start=today, end=add_months(today, months))
    proposal = propose(
        rules.catalogue.catalogue,
        choices,
        casework=rules.policy.policy.casework,
        period=period,
    )
    if not proposal.ok:
        raise ContractInvalid(proposal.problems)
    contract = _lock_contract(case)
    working = working_draft(case)
    if working is not None and working.status_enum is VersionStatus.AWAITING_APPROVAL:
        raise DomainError(
            f"Version {working.number} is waiting for a supervisor's decision; "
            "it cannot be changed until then."
        )
    reason = reason.strip() or ("First draft" if working is None else "Redrafted")
    before = None
    if working is not None and working.created_by_id == actor.pk:
        before = _terms_record(terms_of(working))
        working.conditions.all().delete()
        working.reason = reason
        working.catalogue_name = rules.catalogue.name
        working.catalogue_version = rules.catalogue.version
        working.catalogue_sha256 = rules.catalogue.sha256
        working.policy_name = rules.policy.name
        working.policy_version = rules.policy.policy.policy.version
        working.length_months = months
        working.save()
        _write_conditions(working, proposal.terms)
        version = working
    else:
        if working is not None:
            working.status = VersionStatus.SUPERSEDED.value
            working.save(update_fields=["status"])
        version = _new_version(
            contract,
            terms=proposal.terms,
            status=VersionStatus.DRAFT,
            actor=actor,
            reason=reason,
            catalogue_name=rules.catalogue.name,
            catalogue_version=rules.catalogue.version,
            catalogue_sha256=rules.catalogue.sha256,
            policy_name=rules.policy.name,
            policy_version=rules.policy.policy.policy.version,
            length_months=months,
        )
    titles = ", ".join(t.title for t in proposal.terms)
    _note(
        case,
        actor,
        f"Contract version {version.number} drafted: {titles}",
        detail=reason,
        contract_version=version.pk,
    )
    audit_record(
        actor=actor,
        action=AuditAction.COLLECTION if before is None else AuditAction.ALTERATION,
        verb="contract.draft",
        target=version,
        person_id=case.person_id,
        summary=f"{case.reference}: contract version {version.number} drafted",
        before={"conditions": before} if before is not None else None,
        after={
            "version": version.number,
            "catalogue": rules.catalogue.catalogue.label,
            "policy": rules.policy.policy.label,
            "conditions": _terms_record(proposal.terms),
            "reason": reason,
        },
    )
    return version


@transaction.atomic
def contract_submit(*, actor: User, case: Case) -> ContractVersion:
    """Send the draft to a supervisor for approval."""
    _require_caseworker(actor, case, "submit a contract")
    _require_state(case, DRAFTABLE, "submit a contract")
    _lock_contract(case)
    version = working_draft(case)
    if version is None or version.status_enum is not VersionStatus.DRAFT:
        raise DomainError("There is no draft contract to submit.")
    version.status = VersionStatus.AWAITING_APPROVAL.value
    version.submitted_by = actor
    version.submitted_at = _now()
    version.save(update_fields=["status", "submitted_by", "submitted_at"])
    _note(
        case,
        actor,
        f"Contract version {version.number} submitted for approval",
        contract_version=version.pk,
    )
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="contract.submit",
        target=version,
        person_id=case.person_id,
        summary=f"{case.reference}: contract version {version.number} submitted",
        before={"status": VersionStatus.DRAFT.value},
        after={"status": version.status},
    )
    return version


def _recheck(terms: Sequence[Term], *, today: date, rules: Rules, months: int) -> list[Problem]:
    """Check a version again under today's policy, as a contract starting today."""
    casework = rules.policy.policy.casework
    shapes = [shape_of(t) for t in terms]
    return due_problems(terms, Period(today, add_months(today, months))) + composition_problems(
        shapes, casework=casework, limits=rules.catalogue.catalogue.limits
    )


@transaction.atomic
def contract_decide(
    *, actor: User, version: ContractVersion, approved: bool, note: str = ""
) -> ContractVersion:
    """Record a supervisor's approval or refusal of a submitted version (not their own)."""
    version = ContractVersion.objects.select_for_update().get(pk=version.pk)
    case = Case.objects.get(pk=version.contract.case_id)
    _require_supervisor(actor, case, "approve a contract")
    if version.created_by_id == actor.pk:
        raise DomainError("A contract must be approved by someone other than its drafter.")
    if version.status_enum is not VersionStatus.AWAITING_APPROVAL:
        raise DomainError(f"Version {version.number} is not waiting for approval.")
    _require_state(case, DRAFTABLE, "approve a contract")
    note = note.strip()
    if not approved and not note:
        raise DomainError("Say why the contract is refused, so the navigator can redraft it.")
    if approved:
        today = uk_date(_now())
        problems = _recheck(
            terms_of(version),
            today=today,
            rules=rules_in_force(today),
            months=version.length_months,
        )
        if problems:
            raise ContractInvalid(problems)
    now = _now()
    ContractApproval.objects.create(
        version=version, decided_by=actor, decided_at=now, approved=approved, note=note
    )
    version.status = (VersionStatus.APPROVED if approved else VersionStatus.REFUSED).value
    version.save(update_fields=["status"])
    if approved:
        _supersede_approved(version.contract, keep=version)
    verdict = "approved" if approved else "refused"
    _note(
        case,
        actor,
        f"Contract version {version.number} {verdict}",
        detail=note,
        at=now,
        contract_version=version.pk,
    )
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb=f"contract.{'approve' if approved else 'refuse'}",
        target=version,
        person_id=case.person_id,
        summary=f"{case.reference}: contract version {version.number} {verdict}",
        before={"status": VersionStatus.AWAITING_APPROVAL.value},
        after={"status": version.status, "note": note},
    )
    return version


def contract_approve(*, actor: User, version: ContractVersion, note: str = "") -> ContractVersion:
    """Approve a submitted version."""
    return contract_decide(actor=actor, version=version, approved=True, note=note)


def contract_refuse(*, actor: User, version: ContractVersion, note: str) -> ContractVersion:
    """Refuse a submitted version, saying why."""
    return contract_decide(actor=actor, version=version, approved=False, note=note)


# Offer and signature ------------------------------------------------------------------


@transaction.atomic
def contract_offer(*, actor: User, case: Case) -> Case:
    """Offer the approved contract to the person; the case becomes 'contract offered'.

    The transition table refuses the offer when the s127 date is at risk, unless the latest
    screening decision records a supervisor's override.
    """
    _require_caseworker(actor, case, "offer a contract")
    _require_state(case, DRAFTABLE, "offer a contract")
    _lock_contract(case)
    version = approved_version(case)
    if version is None:
        raise DomainError("A supervisor must approve the contract before it is offered.")
    if version.offered_at is not None:
        raise DomainError(f"Version {version.number} has already been offered.")
    now = _now()
    version.offered_by = actor
    version.offered_at = now
    version.save(update_fields=["offered_by", "offered_at"])
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="contract.offer",
        target=version,
        person_id=case.person_id,
        summary=f"{case.reference}: contract version {version.number} offered",
        after={"version": version.number, "offered_at": now},
    )
    if case.state_enum in OFFERABLE:
        return case_transition(
            actor=actor,
            case=case,
            transition=Transition.OFFER_CONTRACT,
            reason=f"Contract version {version.number} offered",
            at=now,
            limitation_override_approved=s127_override_granted(case),
        )
    # Already offered: the person is offered the newly approved version instead.
    _note(
        case,
        actor,
        f"Contract version {version.number} offered",
        at=now,
        contract_version=version.pk,
    )
    return case


@transaction.atomic
def contract_sign(
    *,
    actor: User,
    case: Case,
    signature_method: SignatureMethod,
    signature: str,
    explanation_given: bool,
    copy_given: bool = False,
    adjustments: str = "",
) -> ContractConsent:
    """Record the person's consent and signature on the offered version; the clock starts."""
    _require_caseworker(actor, case, "record a signature")
    _require_state(case, frozenset({CaseState.CONTRACT_OFFERED}), "record a signature")
    _lock_contract(case)
    version = approved_version(case)
    if version is None:
        raise DomainError("There is no approved contract to sign.")
    if version.offered_at is None:
        raise DomainError(f"Offer version {version.number} to the person before they sign it.")
    if not explanation_given:
        raise DomainError(
            "The contract must be explained to the person, in words they understand, "
            "before they sign it."
        )
    signature = signature.strip()
    if SignatureMethod(signature_method) is SignatureMethod.ON_PAPER:
        signature = signature or "Signed on paper"
    elif not signature:
        raise DomainError("Type the person's full name as they signed it.")
    today = uk_date(_now())
    problems = due_problems(
        terms_of(version), Period(today, add_months(today, version.length_months))
    )
    if problems:
        raise ContractInvalid(problems)
    if case.contract_length_months != version.length_months:
        Case.objects.filter(pk=case.pk).update(contract_length_months=version.length_months)
        case.contract_length_months = version.length_months
    now = _now()
    consent = ContractConsent.objects.create(
        version=version,
        signed_at=now,
        signature_method=SignatureMethod(signature_method).value,
        signature=signature,
        witnessed_by=actor,
        explanation_given=True,
        copy_given=copy_given,
        adjustments=adjustments.strip(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.COLLECTION,
        verb="contract.sign",
        target=consent,
        person_id=case.person_id,
        summary=f"{case.reference}: contract version {version.number} signed",
        after={
            "version": version.number,
            "signature_method": consent.signature_method,
            "signature": signature,
            "witnessed_by": actor.username,
            "copy_given": copy_given,
            "adjustments": consent.adjustments,
            "length_months": version.length_months,
        },
    )
    case_transition(
        actor=actor,
        case=case,
        transition=Transition.SIGN_CONTRACT,
        reason=f"Contract version {version.number} signed; witnessed by {actor.display_name}",
        at=now,
        contract_approved=True,
        limitation_override_approved=s127_override_granted(case),
    )
    return consent


# Variations and pauses -----------------------------------------------------------------


def _signed_clock(case: Case) -> ContractClock:
    clock = contract_clock(case)
    if clock is None:
        raise DomainError("The contract has not been signed, so it cannot be varied.")
    return clock


def _limitation_at_risk(case: Case, *, ends_on: date, today: date, margin_days: int) -> bool:
    """Return whether a contract ending on a day leaves too little time to prosecute (s127)."""
    summary_only = [
        co.committed_on
        for co in case.offences.select_related("offence")
        if co.offence.mode_of_trial == ModeOfTrial.SUMMARY_ONLY.value
    ]
    if not summary_only:
        return False
    check = limitation_check(
        mode_of_trial=ModeOfTrial.SUMMARY_ONLY,
        offence_date=min(summary_only),
        today=today,
        contract_ends=ends_on,
        breach_margin_days=margin_days,
    )
    return check.at_risk


def _check_variation(
    case: Case,
    version: ContractVersion,
    kind: VariationKind,
    details: dict[str, Any],
    *,
    today: date,
    rules: Rules,
) -> tuple[list[Term], ContractClock]:
    """Return the terms and clock an approved variation would give, or raise saying why not."""
    clock = _signed_clock(case)
    terms = terms_of(version)
    codes = [t.code for t in terms]
    code = details.get("code") or ""
    if kind is VariationKind.ADD:
        spec = rules.catalogue.catalogue.spec(code)
        if spec is None:
            raise DomainError(f"'{code}' is not a condition in {rules.catalogue.catalogue.label}.")
        due = details.get("due_on")
        due_on = date.fromisoformat(due) if isinstance(due, str) else due
        term, problems = build_term(
            spec, Choice(code=code, parameters=details.get("parameters", {}), due_on=due_on)
        )
        if term is not None:
            problems += due_problems([term], Period(today, clock.ends_on(today=today)))
            terms = [*terms, term]
        if problems:
            raise ContractInvalid(problems)
    elif kind is VariationKind.REMOVE:
        if code not in codes:
            raise DomainError(f"The contract has no condition '{code}' to remove.")
        terms = [t for t in terms if t.code != code]
    elif kind is VariationKind.EXTEND:
        days = int(details.get("days") or 0)
        clock = vary_clock(clock, kind, today=today, days=days)
        if code:
            target = next((t for t in terms if t.code == code), None)
            if target is None or target.due_on is None:
                raise DomainError(f"The contract has no condition '{code}' with a due date.")
            moved = date.fromordinal(target.due_on.toordinal() + days)
            terms = [_moved(t, moved) if t.code == code else t for t in terms]
        margin = rules.policy.policy.clocks.s127_breach_margin_days
        at_risk = _limitation_at_risk(
            case, ends_on=clock.ends_on(today=today), today=today, margin_days=margin
        )
        if at_risk and not s127_override_granted(case):
            raise DomainError(
                "Extending the contract would leave too little time to prosecute a "
                "summary-only offence if it were breached (Magistrates' Courts Act 1980 s127), "
                "and no supervisor override is recorded."
            )
    else:
        on = details.get("on")
        on_day = date.fromisoformat(on) if isinstance(on, str) else on
        clock = vary_clock(clock, kind, today=today, on=on_day)
    if kind.makes_version:
        problems = composition_problems(
            [shape_of(t) for t in terms],
            casework=rules.policy.policy.casework,
            limits=rules.catalogue.catalogue.limits,
        )
        if problems:
            raise ContractInvalid(problems)
    return terms, clock


def _moved(term: Term, due_on: date) -> Term:
    """Return the term due on a later day, its wording filled in again."""
    old = format_day(term.due_on) if term.due_on else ""
    wording = term.wording.replace(old, format_day(due_on)) if old else term.wording
    return replace(term, due_on=due_on, wording=wording)


def _describe(kind: VariationKind, details: dict[str, Any], version: ContractVersion) -> str:
    code = details.get("code") or ""
    title = next((c.title for c in version.conditions.all() if c.code == code), code)
    if kind is VariationKind.ADD:
        return f"add '{details.get('title') or code}'"
    if kind is VariationKind.REMOVE:
        return f"remove '{title}'"
    if kind is VariationKind.EXTEND:
        also = f" and give more time for '{title}'" if code else ""
        return f"extend the contract by {details.get('days')} days{also}"
    on = details.get("on")
    day = format_day(date.fromisoformat(on)) if isinstance(on, str) else str(on)
    return f"{kind.label} from {day}" if kind is VariationKind.PAUSE else f"{kind.label} on {day}"


@transaction.atomic
def variation_request(
    *,
    actor: User,
    case: Case,
    kind: VariationKind,
    reason: str,
    choice: Choice | None = None,
    code: str = "",
    days: int | None = None,
    on: date | None = None,
) -> Variation:
    """Ask a supervisor to change the signed contract: add, remove, extend, pause or resume."""
    _require_caseworker(actor, case, "ask for a variation")
    _require_state(case, frozenset({CaseState.ACTIVE}), "vary the contract")
    reason = reason.strip()
    if not reason:
        raise DomainError("Give a reason for the variation.")
    contract = _lock_contract(case)
    version = approved_version(case)
    if version is None:
        raise DomainError("There is no approved contract to vary.")
    today = uk_date(_now())
    rules = rules_in_force(today)
    details: dict[str, Any] = {}
    if kind is VariationKind.ADD:
        if choice is None:
            raise DomainError("Choose the condition to add.")
        spec = rules.catalogue.catalogue.spec(choice.code)
        details = {
            "code": choice.code,
            "title": spec.title if spec else choice.code,
            "parameters": {k: v for k, v in choice.parameters.items()},
            "due_on": choice.due_on.isoformat() if choice.due_on else None,
        }
    elif kind is VariationKind.REMOVE:
        details = {"code": code}
    elif kind is VariationKind.EXTEND:
        details = {"days": days, "code": code}
    else:
        if on is None:
            raise DomainError(f"Give the date to {kind.label}.")
        details = {"on": on.isoformat()}
        waiting = contract.variations.filter(
            kind=kind.value, status=VariationStatus.REQUESTED.value
        )
        if waiting.exists():
            raise DomainError(f"A request to {kind.label} is already waiting for a decision.")
    terms, _ = _check_variation(case, version, kind, details, today=today, rules=rules)
    if kind is VariationKind.ADD:
        # Keep the parameters as the catalogue typed them, not as they were typed in.
        added = terms[-1]
        details["parameters"] = dict(added.parameters)
        details["wording"] = added.wording
    now = _now()
    variation = Variation.objects.create(
        contract=contract,
        kind=kind.value,
        reason=reason,
        details=details,
        requested_by=actor,
        requested_at=now,
    )
    what = _describe(kind, details, version)
    _note(
        case,
        actor,
        f"Variation requested: {what}",
        detail=reason,
        at=now,
        contract_variation=variation.pk,
    )
    audit_record(
        actor=actor,
        action=AuditAction.COLLECTION,
        verb="contract.variation_request",
        target=variation,
        person_id=case.person_id,
        summary=f"{case.reference}: variation requested: {what}",
        after={"kind": kind.value, "details": details, "reason": reason},
    )
    return variation


def contract_pause(*, actor: User, case: Case, start: date, reason: str) -> Variation:
    """Ask for the contract clock to stop from a day (a supervisor approves it)."""
    return variation_request(
        actor=actor, case=case, kind=VariationKind.PAUSE, reason=reason, on=start
    )


def contract_resume(*, actor: User, case: Case, end: date, reason: str) -> Variation:
    """Ask for the paused contract clock to restart on a day (a supervisor approves it)."""
    return variation_request(
        actor=actor, case=case, kind=VariationKind.RESUME, reason=reason, on=end
    )


@transaction.atomic
def variation_decide(*, actor: User, variation: Variation, approved: bool, note: str) -> Variation:
    """Record a supervisor's decision on a variation; an approval takes effect at once.

    Adding, removing or extending makes a new approved version (the old one is kept as
    superseded); extending also adds days to the case's contract; pausing and resuming
    open and close a pause, which moves the contract's end date.
    """
    variation = Variation.objects.select_for_update().get(pk=variation.pk)
    case = Case.objects.select_for_update().get(pk=variation.contract.case_id)
    _require_supervisor(actor, case, "decide a variation")
    if variation.requested_by_id == actor.pk:
        raise DomainError("A variation must be decided by someone other than who asked for it.")
    if variation.status_enum is not VariationStatus.REQUESTED:
        raise DomainError("This variation has already been decided.")
    _require_state(case, frozenset({CaseState.ACTIVE}), "vary the contract")
    note = note.strip()
    if not note:
        raise DomainError("Give a note explaining your decision.")
    version = approved_version(case)
    if version is None:
        raise DomainError("There is no approved contract to vary.")
    kind = variation.kind_enum
    now = _now()
    what = _describe(kind, variation.details, version)
    before: dict[str, Any] = {"version": version.number}
    after: dict[str, Any] = {"approved": approved, "note": note}
    if approved:
        today = uk_date(now)
        rules = rules_in_force(today)
        terms, clock = _check_variation(
            case, version, kind, variation.details, today=today, rules=rules
        )
        if kind.makes_version:
            adds = kind is VariationKind.ADD
            new = _new_version(
                variation.contract,
                terms=terms,
                status=VersionStatus.APPROVED,
                actor=variation.requested_by,
                reason=f"Variation: {what}. {variation.reason}",
                catalogue_name=rules.catalogue.name if adds else version.catalogue_name,
                catalogue_version=rules.catalogue.version if adds else version.catalogue_version,
                catalogue_sha256=rules.catalogue.sha256 if adds else version.catalogue_sha256,
                policy_name=rules.policy.name if adds else version.policy_name,
                policy_version=(
                    rules.policy.policy.policy.version if adds else version.policy_version
                ),
                length_months=version.length_months,
            )
            ContractApproval.objects.create(
                version=new, decided_by=actor, decided_at=now, approved=True, note=note
            )
            _supersede_approved(variation.contract, keep=new)
            variation.resulting_version = new
            after["version"] = new.number
        if kind is VariationKind.EXTEND:
            before["extension_days"] = case.contract_extension_days
            case.contract_extension_days = clock.extension_days
            case.save(update_fields=["contract_extension_days"])
            after["extension_days"] = clock.extension_days
        elif kind is VariationKind.PAUSE:
            assert clock.open_pause is not None
            variation.pause = ContractPause.objects.create(
                contract=variation.contract,
                start=clock.open_pause.start,
                reason=variation.reason,
                approved_by=actor,
                approved_at=now,
            )
        elif kind is VariationKind.RESUME:
            pause = ContractPause.objects.select_for_update().get(
                contract=variation.contract, end__isnull=True
            )
            pause.end = date.fromisoformat(variation.details["on"])
            pause.save(update_fields=["end"])
            variation.pause = pause
        if kind.moves_clock:
            after["contract_ends_on"] = clock.ends_on(today=today)
    variation.status = (VariationStatus.APPROVED if approved else VariationStatus.REFUSED).value
    variation.decided_by = actor
    variation.decided_at = now
    variation.decision_note = note
    variation.save()
    verdict = "approved" if approved else "refused"
    _note(
        case,
        actor,
        f"Variation {verdict}: {what}",
        detail=note,
        at=now,
        contract_variation=variation.pk,
    )
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="contract.variation_decide",
        target=variation,
        person_id=case.person_id,
        summary=f"{case.reference}: variation {verdict}: {what}",
        before=before,
        after=after,
    )
    return variation


# Progress: evidence and community hours -------------------------------------------------


def _active_version(case: Case, doing: str) -> ContractVersion:
    _require_state(case, frozenset({CaseState.ACTIVE}), doing)
    version = approved_version(case)
    if version is None or case.contract_started_on is None:
        raise DomainError("The contract has not been signed.")
    return version


def _check_day(case: Case, day: date, what: str) -> None:
    today = uk_date(_now())
    if day > today:
        raise DomainError(f"The {what} cannot be in the future.")
    assert case.contract_started_on is not None
    if day < case.contract_started_on:
        raise DomainError(
            f"The {what} is before the contract started ({format_day(case.contract_started_on)})."
        )


@transaction.atomic
def condition_evidence_record(
    *,
    actor: User,
    case: Case,
    code: str,
    kind: EvidenceKind,
    occurred_on: date,
    amount: Decimal | int = 1,
    note: str = "",
) -> ConditionEvidence:
    """Record evidence toward a condition: a session attended or missed, a letter, tag days."""
    _require_caseworker(actor, case, "record evidence")
    version = _active_version(case, "record evidence")
    condition = version.conditions.filter(code=code).first()
    if condition is None:
        raise DomainError(f"The contract has no condition '{code}'.")
    rule = RuleKind(condition.rule)
    if kind not in rule.accepts:
        allowed = ", ".join(sorted(k.label.lower() for k in rule.accepts)) or "nothing"
        raise DomainError(f"For '{condition.title}' you can record: {allowed}.")
    _check_day(case, occurred_on, "date of the evidence")
    amount = Decimal(amount)
    if amount <= 0 or amount != amount.to_integral_value():
        raise DomainError("The amount must be a whole number, 1 or more.")
    note = note.strip()
    if kind is EvidenceKind.EVIDENCE_RECEIVED and not note:
        raise DomainError("Say what evidence was received (for example, the apology letter).")
    evidence = ConditionEvidence.objects.create(
        condition=condition,
        kind=kind.value,
        occurred_on=occurred_on,
        amount=amount,
        note=note,
        recorded_by=actor,
        recorded_at=_now(),
    )
    how_many = f" ({format_amount(amount)})" if amount != 1 else ""
    summary = f"{kind.label}{how_many} for '{condition.title}' on {format_day(occurred_on)}"
    _note(case, actor, summary, detail=note, contract_evidence=evidence.pk)
    audit_record(
        actor=actor,
        action=AuditAction.COLLECTION,
        verb="contract.evidence",
        target=evidence,
        person_id=case.person_id,
        summary=f"{case.reference}: {summary}",
        after={
            "condition": code,
            "kind": kind.value,
            "occurred_on": occurred_on,
            "amount": str(amount),
            "note": note,
        },
    )
    return evidence


@transaction.atomic
def community_hours_log(
    *,
    actor: User,
    case: Case,
    worked_on: date,
    hours: Decimal,
    placement: str,
    verified_by: str,
    note: str = "",
) -> CommunityWorkLog:
    """Log a day's unpaid community work; the hours count toward the community condition."""
    _require_caseworker(actor, case, "log community hours")
    version = _active_version(case, "log community hours")
    if not version.conditions.filter(rule=RuleKind.HOURS_LOGGED.value).exists():
        raise DomainError("The contract has no community-work condition to log hours against.")
    _check_day(case, worked_on, "day of the work")
    hours = Decimal(hours)
    if hours <= 0 or hours > MAX_HOURS_A_DAY:
        raise DomainError(f"Hours in a day must be more than 0 and at most {MAX_HOURS_A_DAY}.")
    # Lock the case so two entries for the same day cannot both pass the daily limit.
    Case.objects.select_for_update().get(pk=case.pk)
    already = CommunityWorkLog.objects.filter(case=case, worked_on=worked_on).aggregate(
        total=Sum("hours")
    )["total"] or Decimal(0)
    if already + hours > MAX_HOURS_A_DAY:
        raise DomainError(
            f"{format_amount(already)} hours are already logged on {format_day(worked_on)}; "
            f"a day can hold at most {MAX_HOURS_A_DAY}."
        )
    placement, verified_by = placement.strip(), verified_by.strip()
    if not placement or not verified_by:
        raise DomainError("Give the placement and who confirmed the hours.")
    log = CommunityWorkLog.objects.create(
        case=case,
        worked_on=worked_on,
        hours=hours,
        placement=placement,
        verified_by=verified_by,
        note=note.strip(),
        recorded_by=actor,
        recorded_at=_now(),
    )
    summary = f"{format_amount(hours)} hours of community work on {format_day(worked_on)}"
    _note(
        case,
        actor,
        summary,
        detail=f"{placement}; confirmed by {verified_by}",
        community_work=log.pk,
    )
    audit_record(
        actor=actor,
        action=AuditAction.COLLECTION,
        verb="contract.hours",
        target=log,
        person_id=case.person_id,
        summary=f"{case.reference}: {summary}",
        after={
            "worked_on": worked_on,
            "hours": str(hours),
            "placement": placement,
            "verified_by": verified_by,
        },
    )
    return log

"""Reads of contracts. The public ones other apps call are listed in docs/contracts.md.

Functions that take a case trust the caller to have fetched it through the scoped
`case_get_for_user`; functions that take a user scope by `case_scope` themselves.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from checkpoint.accounts.models import User
from checkpoint.casework.models import Case
from checkpoint.casework.selectors import case_scope
from checkpoint.contracts.models import (
    CommunityWorkLog,
    ConditionEvidence,
    Contract,
    ContractCondition,
    ContractPause,
    ContractVersion,
    Variation,
    VariationStatus,
    VersionStatus,
)
from checkpoint.domain.clocks import Pause, uk_date
from checkpoint.domain.contracts import (
    Category,
    ContractClock,
    Entry,
    RuleKind,
    Status,
    Term,
    evaluate,
)
from checkpoint.domain.disposals import POSITIVE_DISPOSALS
from checkpoint.people.models import CustodyEvent

NO_NEW_OFFENCE = RuleKind.NO_NEW_OFFENCE.value
WORKING = [VersionStatus.DRAFT.value, VersionStatus.AWAITING_APPROVAL.value]


@dataclass(frozen=True)
class ConditionView:
    """One condition of a case's contract and where it stands today."""

    code: str
    title: str
    wording: str
    category: str
    due_on: date | None
    met: bool
    met_on: date | None
    progress: str
    overdue: bool
    broken: bool = False
    rule: str = ""
    condition_id: int | None = None

    @property
    def category_label(self) -> str:
        """Return the category as users say it."""
        return Category(self.category).label

    @property
    def status_label(self) -> str:
        """Return one word or two for a status tag."""
        if self.broken:
            return "Broken"
        if self.met:
            return "Met"
        if self.overdue:
            return "Overdue"
        return "In progress"


def contract_for(case: Case) -> Contract | None:
    """Return the case's contract, if one was ever drafted."""
    return Contract.objects.filter(case=case).first()


def _versions(case: Case) -> QuerySet[ContractVersion]:
    return ContractVersion.objects.filter(contract__case=case).select_related(
        "created_by", "submitted_by", "offered_by"
    )


def current_contract(case: Case) -> ContractVersion | None:
    """Return the version in effect: the latest approved one, else the latest draft."""
    versions = _versions(case).order_by("-number")
    approved = versions.filter(status=VersionStatus.APPROVED.value).first()
    return approved or versions.filter(status__in=WORKING).first()


def working_draft(case: Case) -> ContractVersion | None:
    """Return the draft or submitted version being worked on, if there is one."""
    return _versions(case).filter(status__in=WORKING).order_by("-number").first()


def approved_version(case: Case) -> ContractVersion | None:
    """Return the approved version, if there is one."""
    return _versions(case).filter(status=VersionStatus.APPROVED.value).order_by("-number").first()


def versions_for(case: Case) -> list[ContractVersion]:
    """Return every version of the case's contract, newest first, with what pages show."""
    return list(
        _versions(case)
        .order_by("-number")
        .prefetch_related(
            Prefetch("conditions", queryset=ContractCondition.objects.order_by("position")),
            "approvals__decided_by",
        )
        .select_related("consent__witnessed_by")
    )


def signed_version(case: Case) -> ContractVersion | None:
    """Return the version the person signed."""
    return (
        _versions(case)
        .filter(consent__isnull=False)
        .select_related("consent__witnessed_by")
        .order_by("-number")
        .first()
    )


def conditions_of(version: ContractVersion) -> list[ContractCondition]:
    """Return a version's conditions in order."""
    return list(version.conditions.order_by("position"))


def terms_of(version: ContractVersion) -> list[Term]:
    """Return a version's conditions as domain terms."""
    return [c.term for c in conditions_of(version)]


def contract_pauses(case: Case) -> list[Pause]:
    """Return the approved pauses of the case's contract, as the clocks take them."""
    return [
        Pause(start=p.start, end=p.end)
        for p in ContractPause.objects.filter(contract__case=case).order_by("start")
    ]


def pauses_for(case: Case) -> list[ContractPause]:
    """Return the pause records, with who approved them."""
    return list(
        ContractPause.objects.filter(contract__case=case)
        .select_related("approved_by")
        .order_by("start")
    )


def contract_clock(case: Case) -> ContractClock | None:
    """Return the signed contract's clock, or None before signing."""
    if case.contract_started_on is None:
        return None
    return ContractClock(
        start=case.contract_started_on,
        length_months=case.contract_length_months,
        pauses=tuple(contract_pauses(case)),
        extension_days=case.contract_extension_days,
    )


def contract_end_date(case: Case, *, today: date) -> date | None:
    """Return the day the contract ends, honouring approved pauses and extensions."""
    clock = contract_clock(case)
    return clock.ends_on(today=today) if clock is not None else None


def new_offence_dates(case: Case, *, since: date) -> list[date]:
    """Return the dates of offences committed since a day that ended in a positive disposal."""
    return sorted(
        CustodyEvent.objects.filter(
            person_id=case.person_id,
            offence_date__gte=since,
            disposal__in=[d.value for d in POSITIVE_DISPOSALS],
        ).values_list("offence_date", flat=True)
    )


def _entries(case: Case, version: ContractVersion, since: date) -> dict[str, list[Entry]]:
    """Return the evidence of every condition code, counted across the contract's versions."""
    by_code: dict[str, list[Entry]] = defaultdict(list)
    counted = ConditionEvidence.objects.filter(condition__version__contract_id=version.contract_id)
    for code, kind, on, amount in counted.values_list(
        "condition__code", "kind", "occurred_on", "amount"
    ):
        by_code[f"{code}:{kind}"].append(Entry(on, amount))
    by_code["hours"] = [
        Entry(on, hours)
        for on, hours in CommunityWorkLog.objects.filter(case=case).values_list(
            "worked_on", "hours"
        )
    ]
    by_code["offences"] = [Entry(on) for on in new_offence_dates(case, since=since)]
    return by_code


def _entries_for(term: Term, entries: dict[str, list[Entry]]) -> list[Entry]:
    if term.rule is RuleKind.HOURS_LOGGED:
        return entries.get("hours", [])
    if term.rule is RuleKind.NO_NEW_OFFENCE:
        return entries.get("offences", [])
    counts = term.rule.counts
    return entries.get(f"{term.code}:{counts.value}", []) if counts else []


def condition_statuses(
    case: Case, version: ContractVersion, *, today: date
) -> list[tuple[ContractCondition, Status]]:
    """Return each condition of a version with its status today."""
    conditions = conditions_of(version)
    started = case.contract_started_on
    ends = contract_end_date(case, today=today)
    entries = _entries(case, version, started) if started is not None else {}
    return [
        (
            condition,
            evaluate(
                rule=RuleKind(condition.rule),
                target=condition.target,
                entries=_entries_for(condition.term, entries),
                due_on=condition.due_on,
                today=today,
                started_on=started,
                ends_on=ends,
            ),
        )
        for condition in conditions
    ]


def conditions_for(case: Case, *, today: date) -> list[ConditionView]:
    """Return the conditions of the case's current contract and where each stands today."""
    version = current_contract(case)
    if version is None:
        return []
    ends = contract_end_date(case, today=today)
    return [
        ConditionView(
            code=condition.code,
            title=condition.title,
            wording=condition.wording,
            category=condition.category,
            # Not reoffending runs to the end of the contract, so that is its due date.
            due_on=condition.due_on
            or (ends if condition.rule == RuleKind.NO_NEW_OFFENCE else None),
            met=status.met,
            met_on=status.met_on,
            progress=status.progress,
            overdue=status.overdue,
            broken=status.broken,
            rule=condition.rule,
            condition_id=condition.pk,
        )
        for condition, status in condition_statuses(case, version, today=today)
    ]


def all_conditions_met(case: Case, *, today: date) -> bool:
    """Return whether the signed contract's every condition has been met (none broken)."""
    version = current_contract(case)
    if version is None or case.contract_started_on is None:
        return False
    views = conditions_for(case, today=today)
    return bool(views) and all(v.met and not v.broken for v in views)


def variations_for(case: Case) -> list[Variation]:
    """Return the contract's variations, newest first."""
    return list(
        Variation.objects.filter(contract__case=case)
        .select_related("requested_by", "decided_by", "resulting_version", "pause")
        .order_by("-requested_at", "-id")
    )


def hours_for(case: Case) -> list[CommunityWorkLog]:
    """Return the community-work log, newest first."""
    return list(
        CommunityWorkLog.objects.filter(case=case)
        .select_related("recorded_by")
        .order_by("-worked_on", "-recorded_at")
    )


def evidence_for(case: Case) -> list[ConditionEvidence]:
    """Return the evidence recorded on the contract, newest first."""
    return list(
        ConditionEvidence.objects.filter(condition__version__contract__case=case)
        .select_related("condition", "recorded_by")
        .order_by("-occurred_on", "-recorded_at")
    )


def contract_summary(case: Case) -> dict[str, Any]:
    """Return the contract as the prosecution file tells it: terms, signature, status, changes.

    An empty dict means the case never had a contract.
    """
    version = current_contract(case)
    if version is None:
        return {}
    today = uk_date(timezone.now())
    signed = signed_version(case)
    consent = getattr(signed, "consent", None) if signed is not None else None
    approval = version.approvals.filter(approved=True).select_related("decided_by").last()
    views = conditions_for(case, today=today)
    return {
        "version": version.number,
        "status": version.status,
        "catalogue": version.catalogue_label,
        "policy": f"{version.policy_name} v{version.policy_version}",
        "approved_by": approval.decided_by.display_name if approval else None,
        "approved_on": uk_date(approval.decided_at) if approval else None,
        "signed_version": signed.number if signed else None,
        "signed_on": uk_date(consent.signed_at) if consent else None,
        "signature": consent.signature if consent else None,
        "witnessed_by": consent.witnessed_by.display_name if consent else None,
        "started_on": case.contract_started_on,
        "ends_on": contract_end_date(case, today=today),
        "length_months": case.contract_length_months,
        "extension_days": case.contract_extension_days,
        "conditions": [
            {
                "code": v.code,
                "title": v.title,
                "category": v.category,
                "wording": v.wording,
                "due_on": v.due_on,
                "status": v.status_label.lower(),
                "met_on": v.met_on,
                "progress": v.progress,
            }
            for v in views
        ],
        "pauses": [{"start": p.start, "end": p.end, "reason": p.reason} for p in pauses_for(case)],
        "variations": [
            {
                "kind": v.kind,
                "reason": v.reason,
                "details": v.details,
                "requested_by": v.requested_by.display_name,
                "requested_on": uk_date(v.requested_at),
                "status": v.status,
                "decided_by": v.decided_by.display_name if v.decided_by else None,
                "decided_on": uk_date(v.decided_at) if v.decided_at else None,
                "decision_note": v.decision_note,
                "version": v.resulting_version.number if v.resulting_version else None,
            }
            for v in reversed(variations_for(case))
        ],
    }


def contracts_awaiting_approval(user: User) -> QuerySet[ContractVersion]:
    """Return submitted versions in the user's scope that wait for a supervisor."""
    return (
        ContractVersion.objects.filter(
            status=VersionStatus.AWAITING_APPROVAL.value,
            contract__case__in=Case.objects.filter(case_scope(user)),
        )
        .select_related("contract__case__person", "created_by")
        .order_by("submitted_at")
    )


def variations_awaiting_decision(user: User) -> QuerySet[Variation]:
    """Return requested variations in the user's scope that wait for a supervisor."""
    return (
        Variation.objects.filter(
            status=VariationStatus.REQUESTED.value,
            contract__case__in=Case.objects.filter(case_scope(user)),
        )
        .select_related("contract__case__person", "requested_by")
        .order_by("requested_at")
    )


def variation_get_for_user(user: User, reference: str, pk: int) -> Variation:
    """Return one variation of a case the user may see, or raise 404."""
    try:
        return Variation.objects.select_related("contract__case").get(
            pk=pk,
            contract__case__reference=reference,
            contract__case__in=Case.objects.filter(case_scope(user)),
        )
    except Variation.DoesNotExist:
        raise Http404("No such variation.") from None


def version_get_for_user(user: User, reference: str, number: int) -> ContractVersion:
    """Return one version of a case's contract the user may see, or raise 404."""
    try:
        return ContractVersion.objects.select_related("contract__case").get(
            number=number,
            contract__case__reference=reference,
            contract__case__in=Case.objects.filter(case_scope(user)),
        )
    except ContractVersion.DoesNotExist:
        raise Http404("No such contract version.") from None

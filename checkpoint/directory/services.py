"""Writes to the service directory and to referrals. All audited.

Directory entries are configuration (no personal data): supervisors and administrators
maintain them, and each change is audited as an alteration with no data subject. A
referral discloses a person's details to an outside service, so it is refused without
their recorded consent and audited as a disclosure naming the recipient (DPA 2018 s62).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from checkpoint.accounts.models import User
from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.casework.models import Case, CaseEvent, CaseEventKind
from checkpoint.casework.services import actor_role
from checkpoint.directory.csvfile import read_directory
from checkpoint.directory.details import ServiceDetails, detail_problems
from checkpoint.directory.models import (
    ReferralStatusChange,
    Service,
    ServicePathway,
    ServiceReferral,
)
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.needs import (
    Pathway,
    ReferralStatus,
    check_referral_status_change,
)
from checkpoint.domain.roles import Role
from checkpoint.needs.access import require_case_worker, require_state

DEMO_DIRECTORY = Path(__file__).parent / "data" / "demo-services.csv"
DIRECTORY_MAINTAINERS = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})
# Referrals are made while the navigator is working with the person.
REFERRAL_STATES = frozenset(
    {
        CaseState.ELIGIBLE,
        CaseState.ALLOCATED_DIVERSION,
        CaseState.CONTRACT_OFFERED,
        CaseState.ACTIVE,
    }
)
OPEN_REFERRAL = frozenset({ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.ATTENDED})


def may_maintain_directory(user: User | None) -> bool:
    """Return whether a user may change the directory (supervisors and administrators)."""
    return (
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role_enum in DIRECTORY_MAINTAINERS
    )


def _require_maintainer(actor: User | None) -> None:
    # No actor is the command line, run by whoever operates the installation.
    if actor is not None and actor_role(actor) not in DIRECTORY_MAINTAINERS:
        raise DomainError("Only a supervisor or an administrator can change the directory.")


def _check(details: ServiceDetails, *, exclude: int | None = None) -> ServiceDetails:
    details = details.cleaned()
    problems = detail_problems(details)
    if problems:
        raise DomainError(" ".join(f"{problem}." for _, problem in problems))
    clash = Service.objects.filter(name__iexact=details.name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise DomainError(f"There is already a service called '{details.name}'.")
    return details


def _fields(details: ServiceDetails) -> dict[str, object]:
    return {
        "name": details.name,
        "provider": details.provider,
        "area": details.area,
        "phone": details.phone,
        "email": details.email,
        "address": details.address,
        "website": details.website,
        "opening_hours": details.opening_hours,
        "notes": details.notes,
    }


def details_of(service: Service) -> ServiceDetails:
    """Return a service's current details."""
    return ServiceDetails(
        name=service.name,
        provider=service.provider,
        pathways=tuple(service.pathway_list),
        area=service.area,
        phone=service.phone,
        email=service.email,
        address=service.address,
        website=service.website,
        opening_hours=service.opening_hours,
        notes=service.notes,
        active=service.active,
    )


def _set_pathways(service: Service, pathways: tuple[Pathway, ...]) -> None:
    ServicePathway.objects.filter(service=service).exclude(
        pathway__in=[p.value for p in pathways]
    ).delete()
    have = set(service.pathways.values_list("pathway", flat=True))
    ServicePathway.objects.bulk_create(
        ServicePathway(service=service, pathway=p.value) for p in pathways if p.value not in have
    )


@transaction.atomic
def service_create(*, actor: User | None, details: ServiceDetails) -> Service:
    """Add a service to the directory."""
    _require_maintainer(actor)
    details = _check(details)
    now = timezone.now()
    service = Service.objects.create(
        **_fields(details), active=details.active, created_at=now, updated_at=now
    )
    _set_pathways(service, details.pathways)
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="directory.service_create",
        target=service,
        summary=f"Added '{service.name}' to the service directory",
        after=details.as_record(),
    )
    return service


@transaction.atomic
def service_update(*, actor: User | None, service: Service, details: ServiceDetails) -> Service:
    """Change a service's details (its active flag changes only by (de)activating it)."""
    _require_maintainer(actor)
    service = Service.objects.select_for_update().get(pk=service.pk)
    details = _check(details, exclude=service.pk)
    before = details_of(service)
    for name, value in _fields(details).items():
        setattr(service, name, value)
    service.updated_at = timezone.now()
    service.save()
    _set_pathways(service, details.pathways)
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="directory.service_update",
        target=service,
        summary=f"Changed '{service.name}' in the service directory",
        before=before.as_record(),
        after=details_of(service).as_record(),
    )
    return service


def _set_active(*, actor: User | None, service: Service, active: bool, reason: str) -> Service:
    _require_maintainer(actor)
    if not reason.strip():
        raise DomainError(
            f"Say why you are {'reactivating' if active else 'deactivating'} '{service.name}'."
        )
    service = Service.objects.select_for_update().get(pk=service.pk)
    if service.active == active:
        raise DomainError(f"'{service.name}' is already {'active' if active else 'inactive'}.")
    service.active = active
    service.updated_at = timezone.now()
    service.save(update_fields=["active", "updated_at"])
    word = "Reactivated" if active else "Deactivated"
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="directory.service_activate" if active else "directory.service_deactivate",
        target=service,
        summary=f"{word} '{service.name}' in the service directory",
        before={"active": not active},
        after={"active": active, "reason": reason.strip()},
    )
    return service


@transaction.atomic
def service_deactivate(*, actor: User | None, service: Service, reason: str) -> Service:
    """Stop offering a service for new referrals; its referrals and history stay."""
    return _set_active(actor=actor, service=service, active=False, reason=reason)


@transaction.atomic
def service_reactivate(*, actor: User | None, service: Service, reason: str) -> Service:
    """Offer a deactivated service for referrals again."""
    return _set_active(actor=actor, service=service, active=True, reason=reason)


@dataclass(frozen=True)
class ImportResult:
    """How many services an import added, changed and left alone."""

    created: int
    updated: int
    unchanged: int


@transaction.atomic
def directory_import(*, actor: User | None, path: Path) -> ImportResult:
    """Add or update services from a CSV file, matching on name; every row or none."""
    _require_maintainer(actor)
    rows = [r.cleaned() for r in read_directory(path)]
    existing = {s.name.lower(): s for s in Service.objects.prefetch_related("pathways")}
    now = timezone.now()
    created: list[str] = []
    updated: list[str] = []
    unchanged = 0
    for details in rows:
        current = existing.get(details.name.lower())
        if current is None:
            service = Service.objects.create(
                **_fields(details), active=details.active, created_at=now, updated_at=now
            )
            _set_pathways(service, details.pathways)
            created.append(service.name)
        elif details_of(current) != details:
            for name, value in _fields(details).items():
                setattr(current, name, value)
            current.active = details.active
            current.updated_at = now
            current.save()
            _set_pathways(current, details.pathways)
            updated.append(current.name)
        else:
            unchanged += 1
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="directory.import",
        object_type="directory.services",
        object_id=path.name,
        summary=f"Imported {path.name}: {len(created)} added, {len(updated)} changed",
        after={"added": created, "changed": updated},
    )
    return ImportResult(created=len(created), updated=len(updated), unchanged=unchanged)


def directory_load_demo(actor: User | None = None) -> ImportResult:
    """Load the shipped fictional services for the demo; running it again changes nothing."""
    return directory_import(actor=actor, path=DEMO_DIRECTORY)


@transaction.atomic
def referral_create(
    *,
    actor: User,
    case: Case,
    service: Service,
    pathway: Pathway,
    consent_to_share: bool,
    shared_information: str,
    reason: str = "",
) -> ServiceReferral:
    """Refer the case's person to a service; refused unless they consented to sharing."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    require_case_worker(actor, case, "refer the person to a service")
    require_state(case, REFERRAL_STATES, "make a referral")
    if not consent_to_share:
        raise DomainError(
            "The referral was not sent: record that the person agrees to their details being "
            f"shared with {service.name} first. Without their consent, nothing is shared."
        )
    if not shared_information.strip():
        raise DomainError("Say what information the person agreed may be shared.")
    service = Service.objects.get(pk=service.pk)
    if not service.active:
        raise DomainError(f"'{service.name}' is no longer active in the directory.")
    if pathway not in service.pathway_list:
        raise DomainError(f"'{service.name}' does not offer support with {pathway.label}.")
    open_one = (
        ServiceReferral.objects.filter(
            case=case, service=service, status__in=[s.value for s in OPEN_REFERRAL]
        )
        .order_by("-sent_at")
        .first()
    )
    if open_one is not None:
        raise DomainError(
            f"{case.reference} already has an open referral to '{service.name}' "
            f"(sent {timezone.localtime(open_one.sent_at):%d %B %Y}); update that one instead."
        )
    now = timezone.now()
    referral = ServiceReferral.objects.create(
        case=case,
        service=service,
        pathway=pathway.value,
        consent_to_share=True,
        consent_recorded_at=now,
        consent_recorded_by=actor,
        shared_information=shared_information.strip(),
        reason=reason.strip(),
        sent_at=now,
        sent_by=actor,
        status=ReferralStatus.SENT.value,
        status_changed_at=now,
    )
    ReferralStatusChange.objects.create(
        referral=referral,
        from_status="",
        to_status=ReferralStatus.SENT.value,
        changed_at=now,
        changed_by=actor,
        note=reason.strip(),
    )
    CaseEvent.objects.create(
        case=case,
        occurred_at=now,
        kind=CaseEventKind.NOTE,
        actor=actor,
        summary=f"Referred to {service.name} ({pathway.label}), with consent to share"[:300],
        detail=f"Shared: {shared_information.strip()}"
        + (f"\nReason: {reason.strip()}" if reason.strip() else ""),
        data={"service_referral": referral.pk},
    )
    audit_record(
        actor=actor,
        action=AuditAction.DISCLOSURE,
        verb="directory.referral",
        target=referral,
        person_id=case.person_id,
        summary=f"{case.reference}: referred to {service.name} for {pathway.label}",
        after={
            "service": service.name,
            "pathway": pathway.value,
            "consent_to_share": True,
            "shared_information": shared_information.strip(),
            "reason": reason.strip(),
        },
        recipient=f"{service.name} ({service.provider})"[:200],
    )
    return referral


@transaction.atomic
def referral_status_change(
    *, actor: User, referral: ServiceReferral, status: ReferralStatus, outcome: str = ""
) -> ServiceReferral:
    """Record what happened to a referral; only the allowed changes are accepted."""
    referral = (
        ServiceReferral.objects.select_for_update()
        .select_related("case", "service")
        .get(pk=referral.pk)
    )
    case = referral.case
    require_case_worker(actor, case, "update its referrals")
    before = referral.status_enum
    check_referral_status_change(before, status, outcome)
    now = timezone.now()
    referral.status = status.value
    referral.status_changed_at = now
    changed = ["status", "status_changed_at"]
    if outcome.strip():
        referral.outcome = outcome.strip()
        changed.append("outcome")
    referral.save(update_fields=changed)
    ReferralStatusChange.objects.create(
        referral=referral,
        from_status=before.value,
        to_status=status.value,
        changed_at=now,
        changed_by=actor,
        note=outcome.strip(),
    )
    CaseEvent.objects.create(
        case=case,
        occurred_at=now,
        kind=CaseEventKind.NOTE,
        actor=actor,
        summary=f"Referral to {referral.service.name}: {status.label.lower()}"[:300],
        detail=outcome.strip(),
        data={"service_referral": referral.pk},
    )
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="directory.referral_status",
        target=referral,
        person_id=case.person_id,
        summary=f"{case.reference}: referral to {referral.service.name} {status.label.lower()}",
        before={"status": before.value},
        after={"status": status.value, "outcome": outcome.strip()},
    )
    return referral

"""Writes to cases. Every function takes an actor, runs in one transaction and is audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from checkpoint.accounts.models import Team, User
from checkpoint.accounts.selectors import team_for_area
from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.casework.models import Case, CaseEvent, CaseEventKind, CaseOffence
from checkpoint.casework.selectors import case_clocks_for
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import CaseFacts, CaseState, Transition, apply_transition
from checkpoint.domain.people import Ethnicity, Sex
from checkpoint.domain.roles import Role
from checkpoint.offences.models import Offence
from checkpoint.people.models import Person
from checkpoint.people.services import person_create

SCREENING_TRANSITIONS = frozenset({Transition.SCREEN_ELIGIBLE, Transition.SCREEN_INELIGIBLE})


@dataclass(frozen=True)
class ReferredOffence:
    """An offence named at referral and the day it was committed."""

    offence: Offence
    committed_on: date


def actor_role(actor: User | None) -> Role:
    """Return the role an actor acts in; no user means a scheduled job acting as the system."""
    if actor is None:
        return Role.SYSTEM
    role = actor.role_enum
    if role is None:
        raise DomainError(f"{actor.username} has no role, so cannot change cases.")
    return role


@transaction.atomic
def case_refer(
    *,
    actor: User,
    person: Person,
    offences: Sequence[ReferredOffence],
    custody_reference: str = "",
    team: Team | None = None,
    referred_at: datetime | None = None,
) -> Case:
    """Open a case for a person referred from custody, with its offences."""
    if actor_role(actor) not in {Role.CUSTODY_OFFICER, Role.SUPERVISOR}:
        raise DomainError("Only a custody officer or a supervisor can refer a case.")
    if not offences:
        raise DomainError("A referral needs at least one offence.")
    now = referred_at or timezone.now()
    today = uk_date(now)
    for item in offences:
        if item.committed_on > today:
            raise DomainError(
                f"The offence date {item.committed_on:%d %B %Y} for '{item.offence.title}' "
                "is in the future."
            )
    case = Case.objects.create(
        reference=f"PENDING-{timezone.now().timestamp()}",
        person=person,
        state=CaseState.REFERRED.value,
        custody_reference=custody_reference,
        team=team,
        referring_officer=actor,
        referred_at=now,
        state_changed_at=now,
    )
    # The reference comes from the primary key, so two desks referring at once never clash.
    case.reference = f"CP-{today.year}-{case.pk:06d}"
    case.save(update_fields=["reference"])
    CaseOffence.objects.bulk_create(
        CaseOffence(
            case=case, offence=item.offence, committed_on=item.committed_on, is_primary=(i == 0)
        )
        for i, item in enumerate(offences)
    )
    titles = ", ".join(item.offence.title for item in offences)
    CaseEvent.objects.create(
        case=case,
        occurred_at=now,
        kind=CaseEventKind.REFERRED,
        actor=actor,
        to_state=CaseState.REFERRED.value,
        summary=f"Referred from custody: {titles}",
    )
    audit_record(
        actor=actor,
        action=AuditAction.COLLECTION,
        verb="case.refer",
        target=case,
        person_id=person.pk,
        summary=f"Referred {case.reference} for {titles}",
        after={
            "reference": case.reference,
            "offences": [
                {"code": item.offence.code, "committed_on": item.committed_on} for item in offences
            ],
        },
    )
    return case


@transaction.atomic
def case_transition(
    *,
    actor: User | None,
    case: Case,
    transition: Transition,
    reason: str = "",
    at: datetime | None = None,
    trial_running: bool = False,
    contract_approved: bool = False,
    all_conditions_met: bool = False,
    limitation_override_approved: bool = False,
) -> Case:
    """Move a case through the lifecycle: the only code that changes a case's state.

    Facts that live on the case (decision made, s127 risk, follow-up ended) are derived
    here; approvals that other services own are passed in by those services.
    """
    now = at or timezone.now()
    # Lock the row so two people acting on the same case cannot both move it.
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.state != case.state:
        raise DomainError(
            f"{case.reference} changed while you were working on it: it is now "
            f"'{locked.state_enum.label}'. Reload the case and try again."
        )
    clocks = case_clocks_for(locked, today=uk_date(now))
    facts = CaseFacts(
        trial_running=trial_running,
        decision_made=locked.decided_at is not None,
        limitation_at_risk=clocks.limitation.at_risk,
        limitation_override_approved=limitation_override_approved,
        contract_approved=contract_approved,
        all_conditions_met=all_conditions_met,
        follow_up_ended=clocks.follow_up_ends is not None and clocks.today > clocks.follow_up_ends,
        reason=reason,
    )
    before = locked.state_enum
    after = apply_transition(
        state=before, transition=transition, role=actor_role(actor), facts=facts
    )
    locked.state = after.value
    locked.state_changed_at = now
    changed = ["state", "state_changed_at"]
    if transition in SCREENING_TRANSITIONS:
        locked.decided_at = now
        locked.decided_by = actor
        changed += ["decided_at", "decided_by"]
    if transition is Transition.SIGN_CONTRACT:
        locked.contract_started_on = uk_date(now)
        changed.append("contract_started_on")
    locked.save(update_fields=changed)
    CaseEvent.objects.create(
        case=locked,
        occurred_at=now,
        kind=CaseEventKind.TRANSITION,
        actor=actor,
        transition=transition.value,
        from_state=before.value,
        to_state=after.value,
        summary=f"{before.label} → {after.label}",
        detail=reason,
    )
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="case.transition",
        target=locked,
        person_id=locked.person_id,
        summary=f"{locked.reference}: {transition.label}",
        before={"state": before.value},
        after={"state": after.value, "reason": reason},
    )
    case.refresh_from_db()
    return case


@transaction.atomic
def case_assign_navigator(*, actor: User, case: Case, navigator: User, reason: str = "") -> Case:
    """Give a case to a navigator of the supervisor's team."""
    if actor_role(actor) is not Role.SUPERVISOR:
        raise DomainError("Only a supervisor can allocate a case to a navigator.")
    if navigator.role_enum is not Role.NAVIGATOR or not navigator.is_active:
        raise DomainError(f"{navigator.display_name} is not an active navigator.")
    if actor.team_id is None or navigator.team_id != actor.team_id:
        raise DomainError(f"{navigator.display_name} is not in your team.")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    previous = locked.navigator
    if previous is not None and previous.pk != navigator.pk and not reason.strip():
        raise DomainError("Give a reason for moving the case to another navigator.")
    now = timezone.now()
    locked.navigator = navigator
    locked.team_id = navigator.team_id
    locked.save(update_fields=["navigator", "team"])
    summary = (
        f"Transferred from {previous.display_name} to {navigator.display_name}"
        if previous is not None
        else f"Allocated to {navigator.display_name}"
    )
    CaseEvent.objects.create(
        case=locked,
        occurred_at=now,
        kind=CaseEventKind.ASSIGNED,
        actor=actor,
        summary=summary,
        detail=reason,
    )
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="case.assign",
        target=locked,
        person_id=locked.person_id,
        summary=f"{locked.reference}: {summary}",
        before={"navigator": previous.username if previous else None},
        after={"navigator": navigator.username, "reason": reason},
    )
    case.refresh_from_db()
    return case


@dataclass(frozen=True)
class NewPerson:
    """The details of someone not yet on the index, as given at the custody desk."""

    given_names: str
    family_name: str
    date_of_birth: date
    sex: Sex
    ethnicity_self_defined: Ethnicity = Ethnicity.NOT_STATED
    ethnicity_officer_observed: Ethnicity = Ethnicity.NOT_STATED
    address_area: str = ""
    pnc_id: str = ""


@transaction.atomic
def referral_submit(
    *,
    actor: User,
    person: Person | None,
    new_person: NewPerson | None,
    offences: Sequence[ReferredOffence],
    custody_reference: str = "",
) -> Case:
    """Refer someone from custody, adding them to the index first if they are new."""
    if (person is None) == (new_person is None):
        raise DomainError("A referral is for one person: an existing one or a new one.")
    if person is None:
        assert new_person is not None
        person = person_create(
            actor=actor,
            given_names=new_person.given_names,
            family_name=new_person.family_name,
            date_of_birth=new_person.date_of_birth,
            sex=new_person.sex,
            ethnicity_self_defined=new_person.ethnicity_self_defined,
            ethnicity_officer_observed=new_person.ethnicity_officer_observed,
            address_area=new_person.address_area,
            pnc_id=new_person.pnc_id,
        )
    return case_refer(
        actor=actor,
        person=person,
        offences=offences,
        custody_reference=custody_reference,
        team=team_for_area(person.address_area),
    )

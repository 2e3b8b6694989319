"""Reads of victims' records, scoped by role: contact details go to victim liaison only.

Victim liaison officers and the team's supervisors see everything about a victim of a
case in their team. The case's navigator (and an administrator) sees only the victim's
restorative choice and wishes, which the contract's victim condition needs, and never who
the victim is or how to reach them (domain.md section 11: suspects and victims are kept
apart). Custody officers and analysts see nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import Http404

from checkpoint.accounts.models import User
from checkpoint.casework.models import Case, CaseEvent, CaseEventKind
from checkpoint.casework.selectors import case_scope
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.roles import Role
from checkpoint.screening.selectors import latest_decision
from checkpoint.victims.models import RestorativeOption, Victim, VictimUpdate

LIAISON_ROLES = frozenset({Role.VICTIM_LIAISON, Role.SUPERVISOR})


def sees_victim_details(user: User) -> bool:
    """Return whether the user's role may see victims' contact details and views."""
    return user.is_active and user.role_enum in LIAISON_ROLES and user.team_id is not None


@dataclass(frozen=True)
class RestorativeWishes:
    """What a navigator may know about a victim: the restorative choice and wishes only."""

    number: int
    option: RestorativeOption
    wishes: str

    @property
    def option_label(self) -> str:
        """Return the restorative option in words."""
        return self.option.label


def _in_scope(user: User, case: Case) -> bool:
    return Case.objects.filter(case_scope(user), pk=case.pk).exists()


def victims_for_case(user: User, case: Case) -> list[Victim]:
    """Return the case's full victim records, for liaison officers and supervisors only."""
    if not sees_victim_details(user) or not _in_scope(user, case):
        return []
    return list(
        Victim.objects.filter(case=case)
        .select_related("recorded_by")
        .prefetch_related("updates__given_by")
        .order_by("recorded_at", "id")
    )


# Who may know what the victim wants from the restorative condition, and nothing more: the
# navigator who writes the contract, and administrators overseeing the record.
WISHES_ROLES = frozenset({Role.NAVIGATOR, Role.ADMINISTRATOR})


def restorative_wishes_for_case(user: User, case: Case) -> list[RestorativeWishes]:
    """Return the victims' restorative choices and wishes, without who they are."""
    if not user.is_active or user.role_enum not in WISHES_ROLES or not _in_scope(user, case):
        return []
    # Only the two fields leave the database, so contact details cannot leak by accident.
    rows = (
        Victim.objects.filter(case=case)
        .order_by("recorded_at", "id")
        .values_list("restorative_option", "restorative_wishes")
    )
    return [
        RestorativeWishes(number=i, option=RestorativeOption(option), wishes=wishes)
        for i, (option, wishes) in enumerate(rows, 1)
    ]


def victim_get_for_user(user: User, pk: int) -> Victim:
    """Return one victim of a case in the user's scope, or 404 (also for navigators)."""
    if not sees_victim_details(user):
        raise Http404("No such victim.")
    try:
        return Victim.objects.select_related("case__person", "recorded_by").get(
            pk=pk, case__in=Case.objects.filter(case_scope(user))
        )
    except Victim.DoesNotExist:
        raise Http404("No such victim.") from None


def updates_for(victim: Victim) -> list[VictimUpdate]:
    """Return the updates given to a victim, newest first (the caller holds the victim)."""
    return list(victim.updates.select_related("given_by").order_by("-given_on", "-recorded_at"))


# The moments a victim should hear about (the Code of Practice for Victims of Crime asks
# that victims are told of key decisions in their case).
TELL_VICTIM_AT = frozenset(
    {
        CaseState.ACTIVE,
        CaseState.COMPLETED,
        CaseState.REFERRED_FOR_PROSECUTION,
        CaseState.WITHDRAWN,
    }
)
NEEDS_VIEWS_IN = frozenset(
    {
        CaseState.ELIGIBLE,
        CaseState.ALLOCATED_DIVERSION,
        CaseState.CONTRACT_OFFERED,
        CaseState.ACTIVE,
    }
)
WATCHED = NEEDS_VIEWS_IN | TELL_VICTIM_AT | {CaseState.BREACHED, CaseState.FOLLOW_UP}


@dataclass(frozen=True)
class VictimWork:
    """A case whose victim needs contact, and why."""

    case: Case
    reason: str
    since: date


def _no_identifiable_victim(case: Case) -> bool:
    decision = latest_decision(case)
    if decision is None:
        return False
    victim = (decision.inputs or {}).get("victim") or {}
    return victim.get("has_victim") is False


def cases_needing_victim_contact(user: User) -> list[VictimWork]:
    """Return the team's cases where a victim's views are missing or an update is owed."""
    if not sees_victim_details(user):
        return []
    cases = (
        Case.objects.filter(case_scope(user), state__in=[s.value for s in WATCHED])
        .select_related("person", "navigator")
        .prefetch_related("person__names", "victims__updates")
        .order_by("state_changed_at")
    )
    work = []
    for case in cases:
        victims = list(case.victims.all())
        if not victims:
            if case.state_enum in NEEDS_VIEWS_IN and not _no_identifiable_victim(case):
                work.append(
                    VictimWork(
                        case=case,
                        reason="No victim is recorded: ask for the victim's views and "
                        "restorative wishes.",
                        since=uk_date(case.decided_at or case.referred_at),
                    )
                )
            continue
        moment = (
            CaseEvent.objects.filter(
                case=case,
                kind=CaseEventKind.TRANSITION,
                to_state__in=[s.value for s in TELL_VICTIM_AT],
            )
            .order_by("-occurred_at")
            .first()
        )
        if moment is None:
            continue
        told_on = uk_date(moment.occurred_at)
        for number, victim in enumerate(victims, 1):
            if not victim.wants_updates:
                continue
            # Taking the victim's views is a contact too: they heard where the case stood.
            heard = [u.given_on for u in victim.updates.all()] + [uk_date(victim.recorded_at)]
            if max(heard) < told_on:
                state = CaseState(moment.to_state).label.lower()
                work.append(
                    VictimWork(
                        case=case,
                        reason=f"Victim {number} asked for updates and has not been told "
                        f"that the case became '{state}' on {told_on.day} {told_on:%B %Y}.",
                        since=told_on,
                    )
                )
    return sorted(work, key=lambda w: (w.since, w.case.reference))

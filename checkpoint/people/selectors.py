"""Reads of people, scoped by role: a person is visible through a case the user may see."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from checkpoint.accounts.models import User
from checkpoint.casework.models import Case
from checkpoint.casework.selectors import case_scope
from checkpoint.domain.roles import Role
from checkpoint.people.models import CustodyEvent, Person

SEARCH_LIMIT = 50


def people_visible_to(user: User) -> QuerySet[Person]:
    """Return the people a user may see; analysts and users without a role see none."""
    if not user.is_authenticated or not user.is_active:
        return Person.objects.none()
    role = user.role_enum
    people = Person.objects.prefetch_related("names")
    # Custody officers must check the nominal index at referral; the DPO answers subject
    # access requests. Everyone else reaches a person through a case they may see.
    if role in {Role.CUSTODY_OFFICER, Role.ADMINISTRATOR}:
        return people
    if role in {Role.NAVIGATOR, Role.SUPERVISOR, Role.VICTIM_LIAISON}:
        visible_cases = Case.objects.filter(case_scope(user), person=OuterRef("pk"))
        return people.filter(Exists(visible_cases))
    return Person.objects.none()


def person_get_for_user(user: User, force_person_id: str) -> Person:
    """Return one person, or raise 404 if they do not exist or are out of the user's scope."""
    try:
        return people_visible_to(user).get(force_person_id=force_person_id)
    except Person.DoesNotExist:
        raise Http404("No such person.") from None


def person_search(user: User, query: str) -> list[Person]:
    """Find visible people by name (any order of words), force ID or PNC ID."""
    words = [w for w in query.split() if w]
    if not words:
        return []
    by_identifier = Q(force_person_id__iexact=query.strip()) | Q(pnc_id__iexact=query.strip())
    by_name = Q()
    for word in words:
        by_name &= Q(names__given_names__icontains=word) | Q(names__family_name__icontains=word)
    found = people_visible_to(user).filter(by_identifier | by_name).distinct()
    return list(found.order_by("force_person_id")[:SEARCH_LIMIT])


def custody_history(person: Person) -> QuerySet[CustodyEvent]:
    """Return a person's custody events, newest first (the caller already holds the person)."""
    return person.custody_events.select_related("offence").order_by("-occurred_at")

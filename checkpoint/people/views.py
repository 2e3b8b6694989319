"""Person pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from checkpoint.accounts.access import require_capability, user_can
from checkpoint.accounts.models import User
from checkpoint.audit.services import audit_consultation
from checkpoint.casework.selectors import cases_visible_to
from checkpoint.domain.roles import Capability
from checkpoint.people.selectors import custody_history, person_get_for_user


@require_capability(Capability.SEARCH_PEOPLE)
def person_detail(request: HttpRequest, force_person_id: str) -> HttpResponse:
    """Show a person, their names, their visible cases and their custody history."""
    user = request.user
    assert isinstance(user, User)
    person = person_get_for_user(user, force_person_id)
    audit_consultation(
        actor=user,
        target=person,
        person_id=person.pk,
        summary=f"Viewed person {person.force_person_id}",
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "cases": cases_visible_to(user).filter(person=person),
            "history": custody_history(person),
            "can_refer": user_can(user, Capability.REFER),
        },
    )

"""Hooks other features call: probable matches for the referral form."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from checkpoint.accounts.models import User
from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.linkage.selectors import Candidate, probable_matches
from checkpoint.people.selectors import people_visible_to

PNC_REASON = "same PNC ID"


def referral_matches(user: User, cleaned_person_data: dict[str, Any]) -> list[Candidate]:
    """Return people on the index who are probably the person being referred, with reasons.

    Only people the user may see are searched (custody officers see the whole index). The
    search and every person shown are logged as consultations (DPA 2018 s62).
    """
    people = people_visible_to(user)
    given = (cleaned_person_data.get("given_names") or "").strip()
    family = (cleaned_person_data.get("family_name") or "").strip()
    born = cleaned_person_data.get("date_of_birth")
    pnc_id = (cleaned_person_data.get("pnc_id") or "").strip().upper()
    if not user.is_authenticated or not (given or family or pnc_id):
        return []
    found: list[Candidate] = []
    # An exact identifier wins: the PNC ID names one person whatever the spelling.
    by_pnc = people.filter(pnc_id=pnc_id).first() if pnc_id else None
    if by_pnc is not None:
        found.append(Candidate(person=by_pnc, probability=1.0, reasons=(PNC_REASON,)))
    for candidate in probable_matches(
        given_names=given,
        family_name=family,
        date_of_birth=born,
        sex=cleaned_person_data.get("sex") or None,
        area=cleaned_person_data.get("address_area") or None,
        people=people,
    ):
        if by_pnc is None or candidate.person.pk != by_pnc.pk:
            found.append(candidate)
    found = found[:5]
    searched = {
        "given_names": given,
        "family_name": family,
        "date_of_birth": born,
        "sex": cleaned_person_data.get("sex") or "",
        "address_area": cleaned_person_data.get("address_area") or "",
        "pnc_id": pnc_id,
    }
    with transaction.atomic():
        audit_record(
            actor=user,
            action=AuditAction.CONSULTATION,
            verb="linkage.referral_search",
            object_type="people.person",
            summary=(
                f"Searched the index for {given} {family.upper()}"
                f"{f' born {born:%d %B %Y}' if born else ''}: {len(found)} probable match(es)"
            ),
            after={
                "searched": searched,
                "shown": [[c.person.force_person_id, round(c.probability, 3)] for c in found],
            },
        )
        for candidate in found:
            audit_record(
                actor=user,
                action=AuditAction.CONSULTATION,
                verb="person.view_as_probable_match",
                target=candidate.person,
                person_id=candidate.person.pk,
                summary=f"Shown {candidate.person.force_person_id} as a probable match at referral",
            )
    return found

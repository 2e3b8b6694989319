"""Writes to people's records, each audited as collection or alteration of personal data."""

from __future__ import annotations

import secrets
from datetime import date

from django.db import transaction
from django.utils import timezone

from checkpoint.accounts.models import User
from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.errors import DomainError
from checkpoint.domain.people import Ethnicity, Sex
from checkpoint.domain.roles import Role
from checkpoint.people.models import Person, PersonName

OLDEST_PLAUSIBLE_AGE_YEARS = 120


def new_force_person_id() -> str:
    """Return a fresh identifier for a nominal created in this system."""
    return f"CP{secrets.token_hex(5).upper()}"


@transaction.atomic
def person_create(
    *,
    actor: User,
    given_names: str,
    family_name: str,
    date_of_birth: date,
    sex: Sex,
    ethnicity_self_defined: Ethnicity = Ethnicity.NOT_STATED,
    ethnicity_officer_observed: Ethnicity = Ethnicity.NOT_STATED,
    address_area: str = "",
    force_person_id: str = "",
    pnc_id: str = "",
    aliases: list[tuple[str, str]] | None = None,
) -> Person:
    """Record a new person (a nominal) with their primary name and any aliases."""
    if actor.role_enum not in {Role.CUSTODY_OFFICER, Role.SUPERVISOR, Role.ADMINISTRATOR}:
        raise DomainError("Your role cannot add people to the nominal index.")
    given_names, family_name = given_names.strip(), family_name.strip()
    if not given_names or not family_name:
        raise DomainError("Give both a given name and a family name.")
    today = uk_date(timezone.now())
    if date_of_birth > today:
        raise DomainError(f"The date of birth {date_of_birth:%d %B %Y} is in the future.")
    if today.year - date_of_birth.year > OLDEST_PLAUSIBLE_AGE_YEARS:
        raise DomainError(f"The date of birth {date_of_birth:%d %B %Y} is not plausible.")
    force_person_id = force_person_id.strip() or new_force_person_id()
    pnc_id = pnc_id.strip().upper()
    if Person.objects.filter(force_person_id=force_person_id).exists():
        raise DomainError(f"Force person ID {force_person_id} is already in use.")
    if pnc_id and Person.objects.filter(pnc_id=pnc_id).exists():
        raise DomainError(f"PNC ID {pnc_id} already belongs to someone on the index.")
    person = Person.objects.create(
        force_person_id=force_person_id,
        pnc_id=pnc_id or None,
        date_of_birth=date_of_birth,
        sex=sex.value,
        ethnicity_self_defined=ethnicity_self_defined.value,
        ethnicity_officer_observed=ethnicity_officer_observed.value,
        address_area=address_area.strip(),
        created_at=timezone.now(),
    )
    names = [
        PersonName(
            person=person,
            kind=PersonName.Kind.PRIMARY,
            given_names=given_names,
            family_name=family_name,
        )
    ]
    names += [
        PersonName(person=person, kind=PersonName.Kind.ALIAS, given_names=g, family_name=f)
        for g, f in (aliases or [])
    ]
    PersonName.objects.bulk_create(names)
    audit_record(
        actor=actor,
        action=AuditAction.COLLECTION,
        verb="person.create",
        target=person,
        person_id=person.pk,
        summary=f"Added {given_names} {family_name.upper()} to the index",
        after={
            "force_person_id": force_person_id,
            "pnc_id": pnc_id or None,
            "names": [[n.given_names, n.family_name, n.kind] for n in names],
            "date_of_birth": date_of_birth,
            "sex": sex.value,
            "address_area": person.address_area,
        },
    )
    return person

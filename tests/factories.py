"""factory_boy factories: each builds only what a test needs."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from checkpoint.accounts.models import Team, User
from checkpoint.casework.models import Case, CaseOffence
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.offences import ModeOfTrial, OffenceFamily
from checkpoint.domain.people import Sex
from checkpoint.domain.roles import Role
from checkpoint.people.models import Person, PersonName

PASSWORD = "correct-horse-battery"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    area = factory.Sequence(lambda n: f"Area {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Officer{n}")
    role = Role.NAVIGATOR.value
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class OffenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "offences.Offence"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TEST-OFFENCE-{n}")
    title = factory.Sequence(lambda n: f"Test offence {n}")
    family = OffenceFamily.THEFT.value
    mode_of_trial = ModeOfTrial.EITHER_WAY.value
    legislation = "Theft Act 1968 s1"
    source = "test"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    force_person_id = factory.Sequence(lambda n: f"T{n:07d}")
    date_of_birth = dt.date(1990, 3, 12)
    sex = Sex.MALE.value
    address_area = "North"
    created_at = factory.LazyFunction(timezone.now)
    name = factory.RelatedFactory(
        "tests.factories.PersonNameFactory", factory_related_name="person"
    )


class PersonNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonName

    kind = PersonName.Kind.PRIMARY
    given_names = "John"
    family_name = factory.Sequence(lambda n: f"Smith{n}")


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"CP-2026-{n:06d}")
    person = factory.SubFactory(PersonFactory)
    state = CaseState.REFERRED.value
    referred_at = factory.LazyFunction(timezone.now)
    state_changed_at = factory.LazyFunction(timezone.now)


class CaseOffenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseOffence

    case = factory.SubFactory(CaseFactory)
    offence = factory.SubFactory(OffenceFactory)
    committed_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))
    is_primary = True

"""Victims' records: kept apart, seen in full only by victim liaison and supervisors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from checkpoint.audit.models import AuditEvent
from checkpoint.casework.models import CaseEvent
from checkpoint.casework.tests.helpers import NOW, allocated_case, sign_contract, travel
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.tests.screening_cases import build, offence_row
from checkpoint.screening.services import screening_decide
from checkpoint.victims.models import ContactWay, RestorativeOption, Victim
from checkpoint.victims.sections import case_section
from checkpoint.victims.selectors import (
    cases_needing_victim_contact,
    restorative_wishes_for_case,
    victim_get_for_user,
    victims_for_case,
)
from checkpoint.victims.services import victim_change, victim_record, victim_update_record
from tests.factories import PASSWORD, CaseOffenceFactory, OffenceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("checkpoint.casework.tests.urls")]
PHONE = "07700 900123"


@pytest.fixture(autouse=True)
def frozen():
    with travel(NOW):
        yield


@pytest.fixture
def case(force):
    return allocated_case(force)


@pytest.fixture
def victim(force, case) -> Victim:
    return victim_record(
        actor=force.victim_liaison,
        case=case,
        name="Mrs Shopkeeper",
        phone=PHONE,
        email="shop@example.invalid",
        views="Angry at first; happy for him to get help.",
        restorative_option=RestorativeOption.LETTER_OF_APOLOGY,
        restorative_wishes="Wants to know why he did it.",
    )


def test_navigators_see_only_the_restorative_wishes(force, case, victim) -> None:
    (wishes,) = restorative_wishes_for_case(force.navigator, case)
    assert wishes.option is RestorativeOption.LETTER_OF_APOLOGY
    assert wishes.wishes == "Wants to know why he did it."
    assert not hasattr(wishes, "name") and not hasattr(wishes, "phone")
    assert victims_for_case(force.navigator, case) == []
    with pytest.raises(Exception, match="No such victim"):
        victim_get_for_user(force.navigator, victim.pk)
    section = case_section(force.navigator, case)
    assert section is not None and not section["full"] and "victims" not in section
    assert PHONE not in repr(section) and "Mrs Shopkeeper" not in repr(section)


def test_liaison_and_supervisors_of_the_team_see_everything(force, case, victim) -> None:
    for user in (force.victim_liaison, force.supervisor):
        assert victims_for_case(user, case) == [victim]
        assert victim_get_for_user(user, victim.pk) == victim
        assert case_section(user, case)["full"]
    for outsider in (force.south_supervisor, force.other_navigator, force.custody):
        assert victims_for_case(outsider, case) == []
        with pytest.raises(Exception, match="No such victim"):
            victim_get_for_user(outsider, victim.pk)
    assert restorative_wishes_for_case(force.other_navigator, case) == []  # not their case
    assert len(restorative_wishes_for_case(force.administrator, case)) == 1
    case.referring_officer = force.custody
    case.save()
    assert restorative_wishes_for_case(force.custody, case) == []  # can see the case, not this
    assert case_section(force.custody, case) is None
    assert case_section(force.analyst, case) is None


def test_only_liaison_and_supervisors_write_and_the_record_is_audited(force, case, victim) -> None:
    with pytest.raises(DomainError, match="Only victim liaison"):
        victim_record(actor=force.navigator, case=case, name="X")
    with pytest.raises(DomainError, match="not a case of your team"):
        victim_record(actor=force.south_supervisor, case=case, name="X")
    victim_change(actor=force.supervisor, victim=victim, phone="07700 900999", wants_updates=False)
    victim.refresh_from_db()
    assert victim.phone == "07700 900999" and not victim.wants_updates
    change = AuditEvent.objects.get(verb="victim.change")
    assert change.after == {"phone": "(recorded)", "wants_updates": False}
    assert change.person_id is None  # the victim is not the person referred
    created = AuditEvent.objects.get(verb="victim.record")
    assert PHONE not in str(created.after) and created.after["restorative_option"] == (
        "letter_of_apology"
    )
    timeline = " ".join(CaseEvent.objects.filter(case=case).values_list("summary", flat=True))
    assert "Victim's views recorded (restorative option: letter of apology)" in timeline
    assert "Victim's record changed: phone, wants updates" in timeline
    assert PHONE not in timeline and "Mrs Shopkeeper" not in timeline


def test_updates_are_logged_and_cannot_be_in_the_future(force, case, victim) -> None:
    update = victim_update_record(
        actor=force.victim_liaison,
        victim=victim,
        given_on=dt.date(2026, 11, 25),
        method=ContactWay.PHONE,
        summary="Told her the contract includes a letter of apology.",
    )
    assert update.given_by == force.victim_liaison
    audit = AuditEvent.objects.get(verb="victim.update")
    assert audit.action == "disclosure" and audit.recipient.startswith("Victim")
    with pytest.raises(DomainError, match="future"):
        victim_update_record(
            actor=force.victim_liaison,
            victim=victim,
            given_on=dt.date(2026, 11, 26),
            method=ContactWay.PHONE,
            summary="x",
        )


def test_liaison_home_lists_cases_needing_victim_contact(force, case) -> None:
    (work,) = cases_needing_victim_contact(force.victim_liaison)
    assert work.case == case and "No victim is recorded" in work.reason
    assert cases_needing_victim_contact(force.navigator) == []
    victim = victim_record(actor=force.victim_liaison, case=case, name="Mr Owner")
    assert cases_needing_victim_contact(force.victim_liaison) == []
    with travel(NOW + dt.timedelta(days=1)):
        case = sign_contract(force, case)  # a key decision the victim should hear about
        (work,) = cases_needing_victim_contact(force.victim_liaison)
        assert "has not been told that the case became 'contract active'" in work.reason
        victim_update_record(
            actor=force.victim_liaison,
            victim=victim,
            given_on=dt.date(2026, 11, 26),
            method=ContactWay.LETTER,
            summary="Contract signed; letter of apology to follow.",
        )
        assert cases_needing_victim_contact(force.victim_liaison) == []


def test_no_identifiable_victim_needs_no_contact(force) -> None:
    offence = OffenceFactory(code="THEFT-FROM-SHOP", family="theft")
    case = CaseOffenceFactory(
        offence=offence, committed_on=dt.date(2026, 11, 15), case__team=force.north
    ).case
    facts = build(
        offences=[offence_row("THEFT-FROM-SHOP", "2026-11-15")],
        victim={"has_victim": False, "views_recorded": None, "opposes_diversion": None},
    )
    screening_decide(actor=force.custody, case=case, facts=facts)
    case.refresh_from_db()
    assert case.state == CaseState.ELIGIBLE.value
    assert cases_needing_victim_contact(force.victim_liaison) == []


def sign_in(client, user) -> None:
    assert client.login(username=user.username, password=PASSWORD)


def test_pages_for_liaison_and_refusal_for_navigators(client, force, case, victim) -> None:
    sign_in(client, force.victim_liaison)
    home = client.get(reverse("home")).content.decode()
    assert "Victims to contact" in home
    page = client.get(reverse("victim-detail", kwargs={"pk": victim.pk})).content.decode()
    assert PHONE in page and "Angry at first" in page
    assert AuditEvent.objects.filter(verb="victim.view", actor=force.victim_liaison).exists()
    response = client.post(
        reverse("victim-new", kwargs={"reference": case.reference}),
        {
            "name": "Second victim",
            "wants_updates": "no",
            "restorative_option": "restorative_meeting",
            "restorative_wishes": "Would meet him with a facilitator.",
        },
        follow=True,
    )
    assert b"The victim&#x27;s record is saved." in response.content
    second = Victim.objects.get(name="Second victim")
    client.post(
        reverse("victim-update-new", kwargs={"pk": second.pk}),
        {
            "given_on_day": "25",
            "given_on_month": "11",
            "given_on_year": "2026",
            "method": "phone",
            "summary": "Explained the restorative meeting.",
        },
    )
    assert second.updates.count() == 1
    client.post(
        reverse("victim-edit", kwargs={"pk": second.pk}),
        {"name": "Second victim", "wants_updates": "yes", "restorative_option": "none"},
    )
    second.refresh_from_db()
    assert second.wants_updates and second.restorative_option == "none"

    sign_in(client, force.navigator)
    assert client.get(reverse("victim-detail", kwargs={"pk": victim.pk})).status_code == 403
    new = reverse("victim-new", kwargs={"reference": case.reference})
    assert client.get(new).status_code == 403


def test_the_case_page_section_shows_each_role_what_it_may_see(force, case, victim) -> None:
    def section(user) -> str:
        context = {"victims_section": case_section(user, case), "case": case}
        return render_to_string("victims/includes/case_section.html", context)

    full = section(force.victim_liaison)
    assert "Mrs Shopkeeper" in full and reverse("victim-detail", kwargs={"pk": victim.pk}) in full
    wishes = section(force.navigator)
    assert "Letter of apology" in wishes and "Wants to know why he did it." in wishes
    assert "Mrs Shopkeeper" not in wishes and PHONE not in wishes and "Angry" not in wishes

"""Each role's home page, the referral journey and case actions through the web pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from checkpoint.casework.models import Case
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.offences import ModeOfTrial
from tests.factories import PASSWORD, CaseOffenceFactory, OffenceFactory, PersonFactory

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def sign_in(client, user) -> None:
    assert client.login(username=user.username, password=PASSWORD)


def test_sign_in_page_and_sign_in(client, force) -> None:
    page = client.get(reverse("login"))
    assert page.status_code == 200 and b"Sign in to Checkpoint" in page.content
    wrong = client.post(reverse("login"), {"username": "nav", "password": "nope"})
    assert b"There is a problem" in wrong.content
    right = client.post(reverse("login"), {"username": "nav", "password": PASSWORD})
    assert right.status_code == 302 and right.url == reverse("home")


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        ("custody", b"Custody desk"),
        ("navigator", b"My caseload"),
        ("supervisor", b"Team overview"),
        ("victim_liaison", b"Victim liaison"),
        ("analyst", b"Headline figures"),
        ("administrator", b"Administration"),
    ],
)
def test_each_role_has_its_home(client, force, role: str, heading: bytes) -> None:
    CaseOffenceFactory(
        case__navigator=force.navigator, case__team=force.north, case__state=CaseState.ACTIVE.value
    )
    sign_in(client, getattr(force, role))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert heading in response.content


def test_navigator_caseload_lists_their_cases_with_s127_warning(client, force) -> None:
    offence = OffenceFactory(mode_of_trial=ModeOfTrial.SUMMARY_ONLY.value, title="Common assault")
    case = CaseOffenceFactory(
        offence=offence,
        committed_on=dt.date(2026, 6, 10),
        case__navigator=force.navigator,
        case__team=force.north,
        case__state=CaseState.ACTIVE.value,
        case__contract_started_on=dt.date(2026, 9, 1),
    ).case
    sign_in(client, force.navigator)
    content = client.get(reverse("home")).content.decode()
    assert case.reference in content
    assert "10 Dec 2026" in content and "15 days left" in content


def test_supervisor_sees_unallocated_and_caseloads(client, force) -> None:
    waiting = CaseOffenceFactory(case__team=force.north, case__state=CaseState.ELIGIBLE.value).case
    sign_in(client, force.supervisor)
    content = client.get(reverse("home")).content.decode()
    assert waiting.reference in content
    assert force.navigator.display_name in content


def test_custody_officer_refers_a_new_person_through_the_form(client, force) -> None:
    OffenceFactory(code="THEFT-FROM-SHOP", title="Theft from a shop")
    sign_in(client, force.custody)
    form = client.get(reverse("case-refer"))
    assert form.status_code == 200
    response = client.post(
        reverse("case-refer"),
        {
            "given_names": "Jon",
            "family_name": "Smyth",
            "date_of_birth_day": "12",
            "date_of_birth_month": "3",
            "date_of_birth_year": "1990",
            "sex": "male",
            "ethnicity_self_defined": "NOT_STATED",
            "ethnicity_officer_observed": "W_BRITISH",
            "address_area": "North",
            "offence": "THEFT-FROM-SHOP",
            "committed_on_day": "20",
            "committed_on_month": "11",
            "committed_on_year": "2026",
        },
        follow=True,
    )
    case = Case.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "case-detail", kwargs={"reference": case.reference}
    )
    assert b"Jon SMYTH" in response.content and b"Referred from custody" in response.content


def test_impossible_dates_are_explained_and_nothing_is_saved(client, force) -> None:
    OffenceFactory(code="THEFT-FROM-SHOP")
    sign_in(client, force.custody)
    response = client.post(
        reverse("case-refer"),
        {
            "given_names": "Jon",
            "family_name": "Smyth",
            "date_of_birth_day": "31",
            "date_of_birth_month": "2",
            "date_of_birth_year": "1990",
            "sex": "male",
            "offence": "NOT-A-CODE",
            "committed_on_day": "",
            "committed_on_month": "11",
            "committed_on_year": "2026",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "The date of birth must be a real date" in content
    assert "The date of the offence must include a day" in content
    assert "is not an offence in the catalogue" in content
    assert 'value="Jon"' in content  # what was typed is kept
    assert not Case.objects.exists()


def test_referral_for_someone_on_the_index(client, force) -> None:
    person = PersonFactory()
    OffenceFactory(code="THEFT-FROM-SHOP")
    sign_in(client, force.custody)
    url = reverse("case-refer") + f"?person={person.force_person_id}"
    assert person.display_name.encode() in client.get(url).content
    client.post(
        url,
        {
            "offence": "THEFT-FROM-SHOP",
            "committed_on_day": "20",
            "committed_on_month": "11",
            "committed_on_year": "2026",
        },
    )
    assert Case.objects.get().person == person


def test_case_page_records_a_transition_and_shows_it_on_the_timeline(client, force) -> None:
    case = CaseOffenceFactory(case__state=CaseState.REFERRED.value).case
    sign_in(client, force.custody)
    page = client.get(reverse("case-detail", kwargs={"reference": case.reference}))
    assert b"Withdraw the case" in page.content
    assert b"Record an eligible decision" not in page.content  # only through screening
    response = client.post(
        reverse("case-transition", kwargs={"reference": case.reference}),
        {"transition": "withdraw", "reason": "Victim withdrew the complaint"},
        follow=True,
    )
    assert b"is now &#x27;Withdrawn&#x27;" in response.content
    assert response.redirect_chain[-1][0] == reverse("home")  # no longer in the desk's scope
    case.refresh_from_db()
    assert case.events.get().summary == "Referred → Withdrawn"


def test_the_generic_form_cannot_record_an_eligibility_decision(client, force) -> None:
    case = CaseOffenceFactory(case__state=CaseState.REFERRED.value).case
    sign_in(client, force.custody)
    client.post(
        reverse("case-transition", kwargs={"reference": case.reference}),
        {"transition": "screen_eligible"},
    )
    case.refresh_from_db()
    assert case.state == CaseState.REFERRED.value


def test_a_refused_transition_is_explained(client, force) -> None:
    case = CaseOffenceFactory(case__state=CaseState.REFERRED.value).case
    sign_in(client, force.custody)
    response = client.post(
        reverse("case-transition", kwargs={"reference": case.reference}),
        {"transition": "withdraw", "reason": ""},
        follow=True,
    )
    assert b"a reason must be given" in response.content
    case.refresh_from_db()
    assert case.state == CaseState.REFERRED.value


def test_supervisor_allocates_from_the_case_page(client, force) -> None:
    case = CaseOffenceFactory(
        case__team=force.north, case__state=CaseState.CONTRACT_OFFERED.value
    ).case
    sign_in(client, force.supervisor)
    client.post(
        reverse("case-assign", kwargs={"reference": case.reference}),
        {"navigator": force.navigator.pk},
    )
    case.refresh_from_db()
    assert case.navigator == force.navigator


def test_search_partial_for_htmx(client, force) -> None:
    person = PersonFactory()
    sign_in(client, force.custody)
    full = client.get(reverse("search"), {"q": person.force_person_id})
    partial = client.get(reverse("search"), {"q": person.force_person_id}, HTTP_HX_REQUEST="true")
    assert b"<html" in full.content and b"<html" not in partial.content
    assert person.force_person_id.encode() in partial.content


def test_empty_search_says_what_to_try(client, force) -> None:
    sign_in(client, force.custody)
    response = client.get(reverse("search"), {"q": "Nobody Here"})
    assert b"No results" in response.content


def test_friendly_404(client, force) -> None:
    sign_in(client, force.navigator)
    response = client.get("/no/such/page/")
    assert response.status_code == 404 and b"Page not found" in response.content


def test_field_errors_and_hints_are_tied_to_their_inputs(client, force) -> None:
    OffenceFactory(code="THEFT-FROM-SHOP")
    sign_in(client, force.custody)
    content = client.post(reverse("case-refer"), {"given_names": "Jo"}).content.decode()
    # The error and hint are announced with the input (WCAG 1.3.1, 3.3.1).
    assert 'id="id_family_name_error"' in content
    assert 'aria-describedby="id_family_name_error"' in content
    assert 'aria-invalid="true"' in content
    assert 'id="id_date_of_birth_helptext"' in content
    assert "<legend" in content  # date inputs are grouped in a fieldset


def test_error_summary_links_reach_date_inputs(client, force) -> None:
    sign_in(client, force.custody)
    content = client.post(reverse("case-refer"), {"given_names": "Jo"}).content.decode()
    assert 'href="#id_date_of_birth_0"' in content


def test_a_new_referral_first_shows_probable_earlier_records(client, force) -> None:
    from checkpoint.people.models import Person

    OffenceFactory(code="THEFT-FROM-SHOP")
    existing = PersonFactory(
        date_of_birth=dt.date(1990, 12, 3), name__given_names="John", name__family_name="Smith"
    )
    sign_in(client, force.custody)
    answers = {
        "given_names": "Jon",
        "family_name": "Smyth",
        "date_of_birth_day": "12",
        "date_of_birth_month": "3",
        "date_of_birth_year": "1990",
        "sex": "male",
        "ethnicity_self_defined": "NOT_STATED",
        "ethnicity_officer_observed": "NOT_STATED",
        "offence": "THEFT-FROM-SHOP",
        "committed_on_day": "20",
        "committed_on_month": "11",
        "committed_on_year": "2026",
    }
    first = client.post(reverse("case-refer"), answers).content.decode()
    assert "Is this the same person?" in first and existing.force_person_id in first
    assert not Case.objects.exists()
    client.post(reverse("case-refer"), {**answers, "none_of_these": "on"})
    assert Case.objects.count() == 1 and Person.objects.count() == 2


def test_a_new_offence_alert_reaches_the_navigator_and_the_case_page(client, force) -> None:
    from checkpoint.casework.models import Alert

    case = CaseOffenceFactory(
        case__navigator=force.navigator, case__team=force.north, case__state=CaseState.ACTIVE.value
    ).case
    Alert.objects.create(
        case=case,
        kind="new_offence",
        subject="feed record 7",
        due_on=dt.date(2026, 11, 25),
        overdue=False,
        raised_at=NOW,
        message="New offence on 20 November 2026, during the contract.",
    )
    sign_in(client, force.navigator)
    home = client.get(reverse("home")).content.decode()
    assert "from the reoffending feed" in home and "New offence on 20 November 2026" in home
    page = client.get(reverse("case-detail", kwargs={"reference": case.reference}))
    assert "New offence on 20 November 2026" in page.content.decode()

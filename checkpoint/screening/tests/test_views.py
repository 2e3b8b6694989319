"""The custody screening page: check, record, depart, and the supervisor's approval."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.offences import ModeOfTrial, OffenceFamily
from checkpoint.screening.models import ScreeningDecision
from tests.factories import PASSWORD, CaseOffenceFactory, OffenceFactory

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
ANSWERS = {
    "admission": "admitted",
    "evidential_test_met": "yes",
    "lives_in_force_area": "yes",
    "offence_in_force_area": "yes",
    "domestic_related": "no",
    "hate_crime": "no",
    "exclusions_checked": "on",
    "has_victim": "yes",
    "victim_views_recorded": "yes",
    "victim_opposes": "no",
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def case(force):
    theft = OffenceFactory(
        code="THEFT-FROM-SHOP", title="Theft from a shop", family=OffenceFamily.THEFT.value
    )
    return CaseOffenceFactory(
        offence=theft,
        committed_on=dt.date(2026, 11, 15),
        case__team=force.north,
        case__referring_officer=force.custody,
    ).case


def url(case) -> str:
    return reverse("screen-case", kwargs={"reference": case.reference})


def sign_in(client, user) -> None:
    assert client.login(username=user.username, password=PASSWORD)


def test_check_shows_the_result_without_recording(client, force, case) -> None:
    sign_in(client, force.custody)
    page = client.get(url(case))
    assert page.status_code == 200 and b"checkpoint-dart v1" in page.content
    response = client.post(url(case), {**ANSWERS, "action": "check"})
    content = response.content.decode()
    assert "Result:" in content and "Eligible" in content
    assert not ScreeningDecision.objects.exists()


def test_unanswered_questions_need_information_and_name_the_question(client, force, case) -> None:
    sign_in(client, force.custody)
    answers = {k: v for k, v in ANSWERS.items() if k != "admission"}
    content = client.post(url(case), {**answers, "action": "check"}).content.decode()
    assert "Needs information" in content
    assert "Did the person admit the offence, give no reply, or deny it?" in content


def test_recording_moves_the_case_and_shows_the_decision(client, force, case) -> None:
    sign_in(client, force.custody)
    response = client.post(
        url(case), {**ANSWERS, "action": "record", "requested_outcome": "computed"}, follow=True
    )
    case.refresh_from_db()
    assert case.state == CaseState.ELIGIBLE.value
    assert b"Decision recorded: eligible." in response.content
    assert b"Eligibility decisions" in response.content


def test_a_departure_without_a_reason_is_refused_and_nothing_recorded(client, force, case) -> None:
    sign_in(client, force.custody)
    response = client.post(
        url(case),
        {**ANSWERS, "admission": "denied", "action": "record", "requested_outcome": "eligible"},
    )
    assert b"give your reason" in response.content
    assert not ScreeningDecision.objects.exists()


def test_supervisor_approves_a_departure_from_the_case_page(client, force, case) -> None:
    sign_in(client, force.custody)
    client.post(
        url(case),
        {
            **ANSWERS,
            "admission": "denied",
            "action": "record",
            "requested_outcome": "eligible",
            "departure_reason": "Admission made on arrival, on body camera",
        },
    )
    decision = ScreeningDecision.objects.get()
    sign_in(client, force.supervisor)
    page = client.get(reverse("case-detail", kwargs={"reference": case.reference}))
    assert b"Awaiting supervisor" in page.content
    client.post(
        reverse("screening-approve", kwargs={"pk": decision.pk, "approval": "departure"}),
        {"granted": "yes", "note": "Footage reviewed"},
    )
    case.refresh_from_db()
    assert case.state == CaseState.ELIGIBLE.value


def test_s127_risk_is_explained_on_the_page(client, force) -> None:
    assault = OffenceFactory(
        code="ASSAULT-COMMON",
        title="Common assault",
        family=OffenceFamily.ASSAULT.value,
        mode_of_trial=ModeOfTrial.SUMMARY_ONLY.value,
    )
    case = CaseOffenceFactory(
        offence=assault, committed_on=dt.date(2026, 9, 1), case__team=force.north
    ).case
    sign_in(client, force.custody)
    content = client.post(url(case), {**ANSWERS, "action": "check"}).content.decode()
    assert "Ineligible" in content and "1 March 2027" in content
    assert "Only a supervisor&#x27;s override can allow it." in content


def test_drug_supply_questions_appear_only_for_supply_offences(client, force, case) -> None:
    sign_in(client, force.custody)
    assert b"Drug supply" not in client.get(url(case)).content


def test_others_cannot_screen(client, force, case) -> None:
    sign_in(client, force.navigator)
    assert client.get(url(case)).status_code == 403
    sign_in(client, force.south_supervisor)
    assert client.get(url(case)).status_code == 404

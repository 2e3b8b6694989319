"""POST /api/v1/screenings: scoped, validated, audited, and the same rules as the page."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine

from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.offences import OffenceFamily
from checkpoint.domain.tests.screening_cases import clean_referral
from checkpoint.screening.models import ScreeningDecision
from tests.factories import PASSWORD, CaseOffenceFactory, OffenceFactory

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def case(force):
    theft = OffenceFactory(code="THEFT-FROM-SHOP", family=OffenceFamily.THEFT.value)
    return CaseOffenceFactory(
        offence=theft, committed_on=dt.date(2026, 11, 15), case__team=force.north
    ).case


def post(client, body):
    return client.post("/api/v1/screenings/", json.dumps(body), content_type="application/json")


def test_dry_run_checks_without_recording(client, force, case) -> None:
    client.login(username="custody", password=PASSWORD)
    response = post(
        client, {"case_reference": case.reference, "facts": clean_referral(), "dry_run": True}
    )
    assert response.status_code == 200
    assert response.json()["computed_outcome"] == "eligible"
    assert not ScreeningDecision.objects.exists()


def test_recording_through_the_api(client, force, case) -> None:
    client.login(username="custody", password=PASSWORD)
    response = post(
        client, {"case_reference": case.reference, "facts": clean_referral(admission="denied")}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["computed_outcome"] == "ineligible" and body["outcome_in_effect"] == "ineligible"
    assert any(r["code"] == "admission.denied" for r in body["reasons"])
    case.refresh_from_db()
    assert case.state == CaseState.INELIGIBLE.value
    again = client.get(f"/api/v1/screenings/{body['id']}")
    assert again.status_code == 200 and again.json()["id"] == body["id"]


def test_bad_input_names_the_problem(client, force, case) -> None:
    client.login(username="custody", password=PASSWORD)
    unknown = post(
        client,
        {
            "case_reference": case.reference,
            "facts": clean_referral(
                offences=[{"code": "NOT-A-CODE", "committed_on": "2026-11-20"}]
            ),
        },
    )
    assert unknown.status_code == 400 and "NOT-A-CODE" in unknown.json()["detail"]
    typo = post(
        client, {"case_reference": case.reference, "facts": clean_referral(admision="admitted")}
    )
    assert typo.status_code == 422 and "admision" in typo.content.decode()
    bad_date = post(
        client,
        {"case_reference": case.reference, "facts": clean_referral(decision_date="2026-02-30")},
    )
    assert bad_date.status_code == 422
    assert not ScreeningDecision.objects.exists()


def test_roles_and_scope(client, force, case) -> None:
    client.login(username="nav", password=PASSWORD)
    assert (
        post(client, {"case_reference": case.reference, "facts": clean_referral()}).status_code
        == 403
    )
    client.login(username="sup2", password=PASSWORD)
    assert (
        post(client, {"case_reference": case.reference, "facts": clean_referral()}).status_code
        == 404
    )

"""Directory pages: browsing, maintaining, the consent step, status updates and gaps."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from checkpoint.audit.models import AuditEvent
from checkpoint.directory.details import ServiceDetails
from checkpoint.directory.forms import NO_CONSENT
from checkpoint.directory.models import Service, ServiceReferral
from checkpoint.directory.sections import case_section
from checkpoint.directory.services import referral_create, service_create
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.needs import Pathway
from tests.factories import PASSWORD, CaseFactory

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.urls("checkpoint.directory.tests.urls")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def case(force):
    return CaseFactory(state=CaseState.ACTIVE.value, team=force.north, navigator=force.navigator)


@pytest.fixture
def hub(force):
    return service_create(
        actor=None,
        details=ServiceDetails(
            name="Harbour Housing (demo)",
            provider="Harbour Trust",
            pathways=(Pathway.HOUSING,),
            area="North",
            phone="01632 960003",
        ),
    )


def sign_in(client, user) -> None:
    assert client.login(username=user.username, password=PASSWORD)


def test_browse_and_filter(client, force, hub) -> None:
    sign_in(client, force.navigator)
    page = client.get(reverse("directory-index"))
    assert b"Harbour Housing (demo)" in page.content and b"Add a service" not in page.content
    filtered = client.get(reverse("directory-index"), {"pathway": "drugs"})
    assert b"Harbour Housing" not in filtered.content and b"No service matches" in filtered.content
    south = client.get(reverse("directory-index"), {"area": "South"})
    assert b"Harbour Housing" not in south.content
    assert client.get(reverse("directory-service", kwargs={"pk": hub.pk})).status_code == 200


def test_analysts_do_not_browse_but_see_the_gaps(client, force, hub) -> None:
    sign_in(client, force.analyst)
    assert client.get(reverse("directory-index")).status_code == 403
    page = client.get(reverse("directory-gaps"))
    assert page.status_code == 200
    assert b"Pathways with no active service" in page.content
    sign_in(client, force.navigator)
    assert client.get(reverse("directory-gaps")).status_code == 403


def test_gaps_report_period_is_checked(client, force, hub) -> None:
    sign_in(client, force.supervisor)
    page = client.get(
        reverse("directory-gaps"),
        {
            "since_day": "1",
            "since_month": "11",
            "since_year": "2026",
            "until_day": "1",
            "until_month": "10",
            "until_year": "2026",
        },
    )
    assert b"The end of the period must be on or after its start" in page.content
    page = client.get(reverse("directory-gaps"), {"days": "30"})
    assert b"not accepted within 30 days" in page.content
    assert b"South" in page.content  # the south team's area has no housing service


def test_a_supervisor_adds_edits_and_deactivates_with_confirmation(client, force) -> None:
    sign_in(client, force.navigator)
    assert client.get(reverse("directory-service-create")).status_code == 403
    sign_in(client, force.supervisor)
    url = reverse("directory-service-create")
    bad = client.post(url, {"name": "Clinic (demo)", "provider": "NHS", "email": "x@"})
    assert b"Choose at least one pathway" in bad.content
    bad = client.post(
        url, {"name": "Clinic (demo)", "provider": "NHS", "pathways": ["drugs"], "email": "x@"}
    )
    assert b"Enter an email address like name@example.org" in bad.content
    assert not Service.objects.exists()
    response = client.post(
        url,
        {
            "name": "Clinic (demo)",
            "provider": "NHS",
            "pathways": ["drugs", "physical_health"],
            "email": "clinic@nhs.example",
        },
        follow=True,
    )
    assert b"&#x27;Clinic (demo)&#x27; added to the directory." in response.content
    service = Service.objects.get(name="Clinic (demo)")
    edit = reverse("directory-service-edit", kwargs={"pk": service.pk})
    page = client.get(edit).content.decode()
    assert 'value="drugs" checked' in page and 'value="clinic@nhs.example"' in page
    client.post(edit, {"name": "Clinic (demo)", "provider": "NHS Trust", "pathways": ["drugs"]})
    service.refresh_from_db()
    assert service.provider == "NHS Trust" and service.pathway_list == [Pathway.DRUGS]
    active = reverse("directory-service-active", kwargs={"pk": service.pk})
    confirm = client.get(active)
    assert (
        b"Deactivate Clinic (demo)?" in confirm.content and b"Yes, deactivate it" in confirm.content
    )
    assert b"Give the reason" in client.post(active, {"reason": ""}).content
    client.post(active, {"reason": "Contract ended"})
    service.refresh_from_db()
    assert not service.active
    assert b"Reactivate" in client.get(active).content


def test_the_consent_step_then_confirmation_then_send(client, force, case, hub) -> None:
    sign_in(client, force.navigator)
    url = reverse("directory-refer", kwargs={"reference": case.reference})
    first = client.get(url)
    assert b"Choose the pathway the referral is for" in first.content
    page = client.get(url, {"pathway": "housing"}).content.decode()
    assert "Harbour Housing (demo)" in page and "Consent to share" in page
    data = {
        "pathway": "housing",
        "service": str(hub.pk),
        "reason": "Sofa-surfing",
        "shared_information": "Name and phone number",
        "consent": "no",
        "action": "check",
    }
    refused = client.post(url, data).content.decode()
    assert "You cannot send a referral unless the person agrees" in refused
    assert NO_CONSENT.split(".")[0] in refused
    data["consent"] = "yes"
    check = client.post(url, data).content.decode()
    assert "Check the referral before you send it" in check
    assert not ServiceReferral.objects.exists()
    response = client.post(url, {**data, "action": "send"}, follow=True)
    assert b"Referral to Harbour Housing (demo) recorded as sent." in response.content
    referral = ServiceReferral.objects.get()
    assert referral.shared_information == "Name and phone number"
    assert AuditEvent.objects.filter(action="disclosure", person_id=case.person_id).exists()


def test_no_service_for_a_pathway_is_a_gap_message(client, force, case, hub) -> None:
    sign_in(client, force.navigator)
    url = reverse("directory-refer", kwargs={"reference": case.reference})
    page = client.get(url, {"pathway": "drugs"})
    assert b"No active service offers support with drugs" in page.content
    assert b"gap in provision" in page.content


def test_referral_pages_are_scoped(client, force, case, hub) -> None:
    referral = referral_create(
        actor=force.navigator,
        case=case,
        service=hub,
        pathway=Pathway.HOUSING,
        consent_to_share=True,
        shared_information="Name",
    )
    detail = reverse("directory-referral", kwargs={"pk": referral.pk})
    sign_in(client, force.south_navigator)
    assert client.get(detail).status_code == 404
    assert (
        client.get(reverse("directory-case", kwargs={"reference": case.reference})).status_code
        == 404
    )
    sign_in(client, force.victim_liaison)
    assert client.get(detail).status_code == 403
    sign_in(client, force.administrator)
    page = client.get(detail)
    assert page.status_code == 200 and b"Record what happened" not in page.content
    assert client.post(detail, {"status": "accepted"}).status_code == 403


def test_status_update_offers_only_allowed_changes(client, force, case, hub) -> None:
    referral = referral_create(
        actor=force.navigator,
        case=case,
        service=hub,
        pathway=Pathway.HOUSING,
        consent_to_share=True,
        shared_information="Name",
    )
    sign_in(client, force.supervisor)
    url = reverse("directory-referral", kwargs={"pk": referral.pk})
    page = client.get(url).content.decode()
    assert 'value="accepted"' in page and 'value="completed"' not in page
    assert (
        "Say why the referral was declined"
        in client.post(url, {"status": "declined"}).content.decode()
    )
    response = client.post(url, {"status": "accepted"}, follow=True)
    assert b"Referral marked accepted." in response.content
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_the_case_section(client, force, case, hub) -> None:
    section = case_section(force.navigator, case)
    assert section["can_refer"] and section["referrals"] == []
    html = render_to_string("directory/includes/case_section.html", {"section": section})
    assert "No referrals yet" in html and "Refer to a service" in html
    assert case_section(force.custody, case) is None
    closed = CaseFactory(state=CaseState.CLOSED.value, team=force.north)
    assert case_section(force.supervisor, closed) is None
    page = client.get(reverse("directory-case", kwargs={"reference": case.reference}))
    assert page.status_code == 302  # not signed in
    sign_in(client, force.navigator)
    page = client.get(reverse("directory-case", kwargs={"reference": case.reference}))
    assert b"Refer to a service" in page.content


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("directory-index", {}),
        ("directory-gaps", {}),
        ("directory-service-create", {}),
        ("directory-service", {"pk": 1}),
        ("directory-service-edit", {"pk": 1}),
        ("directory-service-active", {"pk": 1}),
        ("directory-case", {"reference": "CP-2026-000001"}),
        ("directory-refer", {"reference": "CP-2026-000001"}),
        ("directory-referral", {"pk": 1}),
    ],
)
@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in(client, name, kwargs) -> None:
    for method in (client.get, client.post):
        response = method(reverse(name, kwargs=kwargs))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))

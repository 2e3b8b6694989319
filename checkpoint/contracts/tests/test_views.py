"""Contract pages: builder, approval, offer, signature, variations, progress, the PDF."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse

from checkpoint.audit.actions import AuditAction
from checkpoint.audit.models import AuditEvent
from checkpoint.contracts.models import (
    CommunityWorkLog,
    ConditionEvidence,
    ContractConsent,
    ContractVersion,
    Variation,
    VersionStatus,
)
from checkpoint.contracts.sections import case_section
from checkpoint.contracts.selectors import current_contract
from checkpoint.contracts.services import contract_draft, contract_offer, contract_submit
from checkpoint.contracts.tests.helpers import (
    NOW,
    approved_case,
    durham_choices,
    eligible_case,
    signed_case,
)
from checkpoint.contracts.views import document_context
from checkpoint.domain.lifecycle import CaseState
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("checkpoint.contracts.tests.urls"),
]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def sign_in(client, user) -> None:
    assert client.login(username=user.username, password=PASSWORD)


def url(name: str, case, **kwargs) -> str:
    return reverse(name, kwargs={"reference": case.reference, **kwargs})


def date_fields(prefix: str, day: dt.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


BUILDER = {
    "no_reoffending__include": "on",
    "apology_letter__include": "on",
    **date_fields("apology_letter__due", dt.date(2026, 12, 20)),
    "unpaid_work__include": "on",
    "unpaid_work__hours": "24",
    **date_fields("unpaid_work__due", dt.date(2027, 3, 1)),
    "reason": "First draft after the needs assessment",
}


def test_the_builder_shows_the_catalogue_and_saves_a_draft(client, force) -> None:
    case = eligible_case(force)
    sign_in(client, force.navigator)
    page = client.get(url("contract-detail", case))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Build the contract" in content and "Unpaid work in the community" in content
    assert "You will do [hours of unpaid work] hours of unpaid work" in content
    assert 'class="govuk-input govuk-input--width-3"' in content
    # Django points aria-describedby at "<id>_helptext": the hint must carry that id.
    assert 'aria-describedby="id_unpaid_work__hours_helptext"' in content
    assert 'class="govuk-hint" id="id_unpaid_work__hours_helptext"' in content
    assert "(optional)" not in content.split("Build the contract")[1].split("Reason for")[0]
    assert AuditEvent.objects.filter(
        action=AuditAction.CONSULTATION.value, person_id=case.person_id
    ).exists()
    response = client.post(url("contract-detail", case), BUILDER, follow=True)
    assert "Draft saved as version 1." in response.content.decode()
    version = current_contract(case)
    assert [c.code for c in version.conditions.all()] == [
        "no_reoffending",
        "apology_letter",
        "unpaid_work",
    ]
    assert version.reason == "First draft after the needs assessment"
    assert "You will do 24 hours of unpaid work in the community by 1 March 2027." in (
        response.content.decode()
    )


def test_builder_problems_are_shown_beside_their_fields(client, force) -> None:
    case = eligible_case(force)
    sign_in(client, force.navigator)
    data = {**BUILDER, "unpaid_work__hours": "50", "no_reoffending__include": ""}
    for part in ("day", "month", "year"):
        del data[f"apology_letter__due_{part}"]
    response = client.post(url("contract-detail", case), data)
    content = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in content
    assert "Enter the date &#x27;Letter of apology&#x27; is due" in content
    assert "Every contract must include the condition not to reoffend" in content
    assert "Community work must be between 18 and 36 hours; this contract asks for 50" in content
    assert 'href="#id_unpaid_work__hours"' in content
    assert not ContractVersion.objects.exists()


def test_pages_are_scoped_to_the_case(client, force) -> None:
    case = eligible_case(force)
    for user, expected in (
        (force.other_navigator, 404),
        (force.south_supervisor, 404),
        (force.analyst, 403),
        (force.supervisor, 200),
    ):
        client.logout()
        sign_in(client, user)
        assert client.get(url("contract-detail", case)).status_code == expected, user
        assert client.get(url("contract-document", case)).status_code in {expected, 404}


def test_anonymous_users_are_sent_to_sign_in(client, force) -> None:
    case = eligible_case(force)
    for name, extra in (
        ("contract-detail", {}),
        ("contract-sign", {}),
        ("contract-document", {}),
        ("variation-request", {"kind": "pause"}),
        ("variation-decide", {"pk": 1}),
        ("contract-decide", {"number": 1}),
    ):
        response = client.post(url(name, case, **extra))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_submit_approve_and_offer_through_the_page(client, force) -> None:
    case = eligible_case(force)
    contract_draft(actor=force.navigator, case=case, choices=durham_choices())
    sign_in(client, force.navigator)
    client.post(url("contract-submit", case))
    assert current_contract(case).status == VersionStatus.AWAITING_APPROVAL
    # The drafter sees no decision form; the supervisor does.
    assert "Supervisor's decision" not in client.get(url("contract-detail", case)).content.decode()
    client.logout()
    sign_in(client, force.supervisor)
    page = client.get(url("contract-detail", case)).content.decode()
    assert "Supervisor's decision on version 1" in page
    refused = client.post(url("contract-decide", case, number=1), {"decision": "refuse"})
    assert "Say why the contract is refused" in refused.content.decode()
    client.post(url("contract-decide", case, number=1), {"decision": "approve", "note": "Good"})
    assert current_contract(case).status == VersionStatus.APPROVED
    client.logout()
    sign_in(client, force.navigator)
    response = client.post(url("contract-offer", case), follow=True)
    case.refresh_from_db()
    assert case.state == CaseState.CONTRACT_OFFERED.value
    assert "Record the person's signature" in response.content.decode()


def test_a_navigator_cannot_reach_the_supervisors_decision(client, force) -> None:
    case = eligible_case(force)
    contract_draft(actor=force.navigator, case=case, choices=durham_choices())
    contract_submit(actor=force.navigator, case=case)
    sign_in(client, force.navigator)
    response = client.post(url("contract-decide", case, number=1), {"decision": "approve"})
    assert response.status_code == 403


def test_signature_is_confirmed_before_it_is_recorded(client, force) -> None:
    case = approved_case(force)
    contract_offer(actor=force.navigator, case=case)
    sign_in(client, force.navigator)
    page = client.get(url("contract-sign", case)).content.decode()
    assert "Record the person's signature" in page and "Letter of apology" in page
    answers = {
        "explanation_given": "on",
        "signature_method": "typed_name",
        "signature": "John Smith",
        "adjustments": "Read aloud",
    }
    missing = client.post(url("contract-sign", case), {"signature_method": "typed_name"})
    assert "Confirm that you explained the contract" in missing.content.decode()
    check = client.post(url("contract-sign", case), {**answers, "action": "check"})
    assert "Check before recording the signature" in check.content.decode()
    assert not ContractConsent.objects.exists()
    done = client.post(url("contract-sign", case), {**answers, "action": "confirm"}, follow=True)
    assert "The contract has started." in done.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.ACTIVE.value
    assert ContractConsent.objects.get().adjustments == "Read aloud"


def test_progress_is_recorded_on_the_page(client, force) -> None:
    case = signed_case(force)
    sign_in(client, force.navigator)
    page = client.get(url("contract-detail", case)).content.decode()
    assert "Log community work" in page and "0 of 18 hours" in page
    hours = client.post(
        url("contract-hours", case),
        {
            **date_fields("worked_on", dt.date(2026, 11, 25)),
            "hours": "6.5",
            "placement": "Food bank",
            "verified_by": "A. Manager",
        },
        follow=True,
    )
    assert "6.5 of 18 hours" in hours.content.decode()
    too_many = client.post(
        url("contract-hours", case),
        {
            **date_fields("worked_on", dt.date(2026, 11, 25)),
            "hours": "6",
            "placement": "Food bank",
            "verified_by": "A. Manager",
        },
    )
    assert "a day can hold at most 12" in too_many.content.decode()
    assert CommunityWorkLog.objects.count() == 1
    evidence = client.post(
        url("contract-evidence", case),
        {
            "code": "apology_letter",
            "kind": "evidence_received",
            **date_fields("occurred_on", dt.date(2026, 11, 25)),
            "amount": "1",
            "note": "Letter received",
        },
        follow=True,
    )
    assert "Recorded on 25 November 2026" in evidence.content.decode()
    assert ConditionEvidence.objects.count() == 1


def test_variation_pages(client, force) -> None:
    case = signed_case(force)
    sign_in(client, force.navigator)
    choose = client.get(url("variation-request", case, kind="add")).content.decode()
    assert "Which condition?" in choose and "Debt and money advice" in choose
    assert "Letter of apology" not in choose  # already in the contract
    form = client.get(url("variation-request", case, kind="add") + "?code=debt_advice")
    assert "Number of appointments" in form.content.decode()
    pause = client.post(
        url("variation-request", case, kind="pause"),
        {**date_fields("on", dt.date(2026, 11, 25)), "reason": "In hospital"},
        follow=True,
    )
    assert "Request to pause the contract sent to a supervisor." in pause.content.decode()
    variation = Variation.objects.get()
    assert client.get(url("variation-request", case, kind="bogus")).status_code == 404
    client.logout()
    sign_in(client, force.supervisor)
    client.post(
        url("variation-decide", case, pk=variation.pk), {"decision": "approve", "note": "Seen"}
    )
    variation.refresh_from_db()
    assert variation.status == "approved" and variation.pause is not None
    page = client.get(url("contract-detail", case)).content.decode()
    assert "Paused" in page and "Ask to restart the contract after a pause" in page


def test_the_contract_document_is_a_pdf_and_its_reading_is_audited(client, force) -> None:
    case = signed_case(force)
    context = document_context(case)
    assert context["person_name"] == case.person.display_name
    assert context["offences"] == ["theft from a shop on 15 November 2026"]
    html = render_to_string("contracts/document.html", context)
    assert case.person.display_name in html
    assert "you can be prosecuted in court for the original offence" in html
    assert "You will write a letter to say sorry" in html and "by 20 December 2026" in html
    assert "Due by" not in html  # every shipped wording already says when
    sign_in(client, force.navigator)
    response = client.get(url("contract-document", case))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(verb="contractversion.view", person_id=case.person_id).exists()


def test_a_draft_document_says_it_is_a_draft(force) -> None:
    case = eligible_case(force)
    contract_draft(actor=force.navigator, case=case, choices=durham_choices())
    html = render_to_string("contracts/document.html", document_context(case))
    assert "DRAFT" in html and "from the day you sign" in html


def test_case_section_for_the_case_page(force) -> None:
    case = signed_case(force)
    section = case_section(force.navigator, case)
    assert section is not None and section["version"].number == 1
    assert len(section["conditions"]) == 5 and section["ends_on"] == dt.date(2027, 3, 25)
    html = render_to_string("contracts/includes/case_section.html", {"contract_section": section})
    assert "Open the contract" in html and "0 of 18 hours" in html
    assert case_section(force.analyst, case) is None
    referred = eligible_case(force, state=CaseState.REFERRED)
    assert case_section(force.navigator, referred) is None
    fresh = eligible_case(force)
    assert "Build the contract" in render_to_string(
        "contracts/includes/case_section.html",
        {"contract_section": case_section(force.navigator, fresh)},
    )


@override_settings(CHECKPOINT_FORCE_NAME="Durham Constabulary")
def test_the_document_names_the_force(force) -> None:
    case = signed_case(force)
    assert document_context(case)["force_name"] == "Durham Constabulary"


def test_a_refusal_is_shown_to_the_navigator(client, force) -> None:
    case = eligible_case(force)
    version = contract_draft(actor=force.navigator, case=case, choices=durham_choices())
    contract_submit(actor=force.navigator, case=case)
    sign_in(client, force.supervisor)
    client.post(
        url("contract-decide", case, number=version.number),
        {"decision": "refuse", "note": "Drop the tag"},
    )
    client.logout()
    sign_in(client, force.navigator)
    page = client.get(url("contract-detail", case)).content.decode()
    assert "Version 1 was refused by" in page and "Drop the tag" in page
    assert "Build the contract" in page  # the builder starts from scratch again


def test_a_victim_liaison_officer_sees_the_contract_but_cannot_change_it(client, force) -> None:
    case = signed_case(force)
    sign_in(client, force.victim_liaison)
    page = client.get(url("contract-detail", case)).content.decode()
    assert "Letter of apology" in page and "Log community work" not in page
    response = client.post(
        url("contract-hours", case),
        {
            **date_fields("worked_on", dt.date(2026, 11, 25)),
            "hours": "2",
            "placement": "Park",
            "verified_by": "B",
        },
    )
    assert "Only the case&#x27;s navigator or a supervisor" in response.content.decode()
    assert not CommunityWorkLog.objects.exists()

"""Casework pages and the worklists on the home pages, through the web client."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from checkpoint.audit.models import AuditEvent
from checkpoint.casework.appointment_services import (
    appointment_record_outcome,
    appointment_schedule,
)
from checkpoint.casework.breach_services import breach_propose
from checkpoint.casework.models import Appointment, BreachDecision, CaseNote
from checkpoint.casework.tests.helpers import (
    NOW,
    allocated_case,
    at,
    eligible_case,
    sign_contract,
    travel,
)
from checkpoint.domain.appointments import AppointmentKind, Attendance
from checkpoint.domain.lifecycle import CaseState
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("checkpoint.casework.tests.urls"),
]


@pytest.fixture(autouse=True)
def frozen():
    with travel(NOW):
        yield


def sign_in(client, user) -> None:
    assert client.login(username=user.username, password=PASSWORD)


def case_url(case, name: str = "case-detail", **kwargs) -> str:
    return reverse(name, kwargs={"reference": case.reference, **kwargs})


def test_supervisor_allocates_seeing_caseloads(client, force) -> None:
    case = eligible_case(force)
    sign_in(client, force.supervisor)
    home = client.get(reverse("home")).content.decode()
    assert case_url(case, "case-allocate") in home and "Caseloads" in home
    assert "Allocate to a navigator" in client.get(case_url(case)).content.decode()
    page = client.get(case_url(case, "case-allocate")).content.decode()
    assert "0 open cases, limit 25 (scheme default), 25 spare" in page
    response = client.post(
        case_url(case, "case-allocate"), {"navigator": force.navigator.pk}, follow=True
    )
    case.refresh_from_db()
    assert case.navigator == force.navigator
    assert "first appointment within 72 hours" in response.content.decode()
    # The navigator is prompted on the case page and on their worklist.
    sign_in(client, force.navigator)
    home = client.get(reverse("home")).content.decode()
    assert "What needs doing" in home and "No first appointment booked" in home
    assert case_url(case, "appointment-new") + "?kind=first_meeting" in home
    page = client.get(case_url(case)).content.decode()
    assert "Book the first appointment to take place by 28 November 2026, 10:00" in page


def test_transfer_needs_a_reason(client, force) -> None:
    case = allocated_case(force)
    sign_in(client, force.supervisor)
    response = client.post(case_url(case, "case-allocate"), {"navigator": force.other_navigator.pk})
    assert "Give a reason for moving the case" in response.content.decode()
    client.post(
        case_url(case, "case-allocate"),
        {"navigator": force.other_navigator.pk, "reason": "Leave cover"},
    )
    case.refresh_from_db()
    assert case.navigator == force.other_navigator


def test_navigators_cannot_allocate(client, force) -> None:
    case = allocated_case(force)
    sign_in(client, force.navigator)
    assert client.get(case_url(case, "case-allocate")).status_code == 403


def test_book_an_appointment_in_uk_time(client, force) -> None:
    case = allocated_case(force)
    sign_in(client, force.navigator)
    assert client.get(case_url(case, "appointment-new")).status_code == 200
    response = client.post(
        case_url(case, "appointment-new"),
        {
            "kind": "first_meeting",
            "on_day": "1",
            "on_month": "6",
            "on_year": "2027",
            "at": "14:30",
            "place": "Checkpoint office",
        },
        follow=True,
    )
    appointment = Appointment.objects.get()
    assert appointment.starts_at == dt.datetime(2027, 6, 1, 13, 30, tzinfo=dt.UTC)  # BST
    assert "First meeting booked for 1 June 2027 at 14:30" in response.content.decode()


def test_booking_errors_are_shown_and_nothing_is_saved(client, force) -> None:
    case = allocated_case(force)
    sign_in(client, force.navigator)
    response = client.post(
        case_url(case, "appointment-new"),
        {"kind": "first_meeting", "on_day": "1", "on_month": "1", "on_year": "2026", "at": "25:00"},
    )
    content = response.content.decode()
    assert "There is a problem" in content and "must be a real time" in content
    assert "Enter where the appointment is" in content
    response = client.post(
        case_url(case, "appointment-new"),
        {
            "kind": "first_meeting",
            "on_day": "1",
            "on_month": "1",
            "on_year": "2026",
            "at": "10:00",
            "place": "Office",
        },
    )
    assert "the appointment must be in the future" in response.content.decode()
    assert not Appointment.objects.exists()


def test_outcome_reschedule_and_note_pages(client, force) -> None:
    case = allocated_case(force)
    appointment = appointment_schedule(
        actor=force.navigator,
        case=case,
        kind=AppointmentKind.FIRST_MEETING,
        starts_at=at(dt.date(2026, 11, 26), 14),
        place="Office",
    )
    with travel(at(dt.date(2026, 11, 26), 16)):
        sign_in(client, force.navigator)  # sessions last a working day
        response = client.post(
            case_url(case, "appointment-outcome", pk=appointment.pk),
            {"attendance": "did_not_attend"},
        )
        assert "say whether the reason was acceptable" in response.content.decode()
        client.post(
            case_url(case, "appointment-outcome", pk=appointment.pk),
            {"attendance": "did_not_attend", "reason": "Unwell", "acceptable": "yes"},
        )
        appointment.refresh_from_db()
        assert appointment.attendance == "did_not_attend" and appointment.enforceable is False
        page = client.get(case_url(case)).content.decode()
        assert "Missed appointment" in page and "Rebook" in page
        client.post(
            case_url(case, "appointment-reschedule", pk=appointment.pk),
            {
                "on_day": "28",
                "on_month": "11",
                "on_year": "2026",
                "at": "10:00",
                "reason": "Was unwell",
            },
        )
        assert Appointment.objects.get(replaces=appointment).place == "Office"
        client.post(
            case_url(case, "case-note-new"),
            {"basis": "opinion", "text": "Genuinely unwell, I think.", "contact_method": "phone"},
        )
        page = client.get(case_url(case)).content.decode()
    note = CaseNote.objects.get()
    assert note.basis == "opinion" and note.contact_method == "phone"
    assert "Opinion or assessment" in page and "Genuinely unwell" in page
    assert "Rebooked for 28 Nov 2026, 10:00" in page


def test_people_who_do_not_work_the_case_cannot_act(client, force) -> None:
    case = allocated_case(force)
    sign_in(client, force.victim_liaison)
    assert client.get(case_url(case)).status_code == 200
    assert client.get(case_url(case, "appointment-new")).status_code == 403
    assert client.get(case_url(case, "case-note-new")).status_code == 403
    sign_in(client, force.other_navigator)
    assert client.get(case_url(case, "appointment-new")).status_code == 404


def test_breach_is_proposed_decided_and_the_file_opened(client, force) -> None:
    case = sign_contract(force, allocated_case(force, summary_only=True))
    meeting = appointment_schedule(
        actor=force.navigator,
        case=case,
        kind=AppointmentKind.NAVIGATOR_MEETING,
        starts_at=at(dt.date(2026, 11, 27), 10),
        place="Office",
    )
    with travel(at(dt.date(2026, 11, 28), 10)):
        appointment_record_outcome(
            actor=force.navigator,
            appointment=meeting,
            attendance=Attendance.DID_NOT_ATTEND,
            reason="None",
            acceptable=False,
        )
        sign_in(client, force.navigator)
        form = client.get(case_url(case, "breach-propose")).content.decode()
        assert "Letter of apology" in form and "Navigator meeting on 27 November 2026" in form
        client.post(
            case_url(case, "breach-propose"),
            {"appointments": [meeting.pk], "evidence_summary": "Missed without excuse."},
        )
        proposal = case.breach_proposals.get()
        decide = case_url(case, "breach-decide", pk=proposal.pk)
        assert client.get(decide).status_code == 403  # navigators do not decide
        sign_in(client, force.supervisor)
        home = client.get(reverse("home")).content.decode()
        assert "Breach decisions waiting for you" in home and decide in home
        page = client.get(decide).content.decode()
        assert "proceedings must start by 15 May 2027" in page
        response = client.post(
            decide,
            {"excuse_reasonable": "no", "outcome": "end", "reason": "No engagement at all."},
            follow=True,
        )
    case.refresh_from_db()
    assert case.state == CaseState.REFERRED_FOR_PROSECUTION.value
    decision = BreachDecision.objects.get()
    assert "Prosecution file (PDF)" in response.content.decode()
    pdf = client.get(case_url(case, "case-document", pk=decision.prosecution_file_id))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    html = client.get(
        case_url(case, "case-document", pk=decision.prosecution_file_id) + "?format=html"
    )
    assert b"15 May 2027" in html.content
    assert AuditEvent.objects.filter(verb="casedocument.view").count() == 0
    assert AuditEvent.objects.filter(verb="document.view").count() == 2


def test_the_generic_form_no_longer_offers_completion_or_breach(client, force) -> None:
    case = sign_contract(force, allocated_case(force))
    sign_in(client, force.supervisor)
    page = client.get(case_url(case)).content.decode()
    assert "End the contract for breach" not in page and "Complete the contract" not in page
    assert "Propose a breach" in page and "Complete the case" in page


def test_completion_page_explains_what_is_missing(client, force) -> None:
    case = sign_contract(force, allocated_case(force))
    sign_in(client, force.navigator)
    page = client.get(case_url(case, "case-complete")).content.decode()
    assert "Not every condition is met yet" in page
    response = client.post(case_url(case, "case-complete")).content.decode()
    assert "There is a problem" in response and "not every condition" in response


def test_home_pages_have_helpful_empty_states(client, force) -> None:
    sign_in(client, force.navigator)
    assert b"Nothing is due." in client.get(reverse("home")).content
    sign_in(client, force.supervisor)
    content = client.get(reverse("home")).content
    assert b"Nothing is overdue" in content and b"Every eligible case has a navigator" in content


def test_other_teams_proposals_are_not_found(client, force) -> None:
    case = sign_contract(force, allocated_case(force))
    proposal = breach_propose(
        actor=force.navigator,
        case=case,
        condition_codes=["no_reoffending"],
        appointments=[],
        evidence_summary="Charged with theft.",
    )
    sign_in(client, force.south_supervisor)
    assert client.get(case_url(case, "breach-decide", pk=proposal.pk)).status_code == 404


@override_settings(ROOT_URLCONF="config.urls")
def test_the_case_page_works_without_the_victims_and_contract_urls(client, force) -> None:
    case = sign_contract(force, allocated_case(force))
    sign_in(client, force.navigator)
    assert client.get(case_url(case)).status_code == 200


def test_a_decision_to_vary_goes_on_to_the_contract_page(client, force) -> None:
    case = sign_contract(force, allocated_case(force))
    proposal = breach_propose(
        actor=force.navigator,
        case=case,
        condition_codes=["unpaid_work"],
        appointments=[],
        evidence_summary="No placement hours in three weeks.",
    )
    sign_in(client, force.supervisor)
    response = client.post(
        case_url(case, "breach-decide", pk=proposal.pk),
        {"excuse_reasonable": "no", "outcome": "vary", "reason": "Move to evening placements."},
    )
    assert response.status_code == 302
    assert response.url == reverse("contract-detail", kwargs={"reference": case.reference})
    case.refresh_from_db()
    assert case.state == CaseState.ACTIVE.value
    page = client.get(case_url(case)).content.decode()
    assert "Vary the contract" in page and "Unpaid work in the community" in page

"""Needs pages: scope, who may record, the assessment table, statuses and the self-report."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from checkpoint.audit.models import AuditEvent
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.needs import AssessmentStage, Pathway, PathwayStatus
from checkpoint.needs.models import NeedsAssessment, PathwayStatusChange, SelfReportResponse
from checkpoint.needs.sections import case_section
from checkpoint.needs.selectors import current_status
from checkpoint.needs.services import needs_assess
from checkpoint.needs.tests.conftest import answers
from tests.factories import PASSWORD, CaseFactory

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.urls("checkpoint.needs.tests.urls")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def sign_in(client, user) -> None:
    assert client.login(username=user.username, password=PASSWORD)


def form_data(**levels: str) -> dict[str, str]:
    data = {"stage": "start", "summary": "Sofa-surfing since August"}
    for p in Pathway:
        level, _, wanted = levels.get(p.value, "none").partition(":")
        data[f"{p.value}_level"] = level
        data[f"{p.value}_support"] = "yes" if wanted == "yes" else "no"
        data[f"{p.value}_notes"] = ""
    return data


def test_the_needs_page_is_scoped_and_audited(client, force, case) -> None:
    url = reverse("needs-case", kwargs={"reference": case.reference})
    sign_in(client, force.south_navigator)
    assert client.get(url).status_code == 404
    sign_in(client, force.victim_liaison)  # sees the case, not its needs
    assert client.get(url).status_code == 403
    sign_in(client, force.navigator)
    page = client.get(url)
    assert page.status_code == 200
    assert b"No needs assessment has been recorded yet" in page.content
    assert b"Assess needs" in page.content
    assert AuditEvent.objects.filter(
        verb="case.view", action="consultation", person_id=case.person_id
    ).exists()


def test_an_administrator_reads_needs_but_cannot_record(client, force, case) -> None:
    sign_in(client, force.administrator)
    page = client.get(reverse("needs-case", kwargs={"reference": case.reference}))
    assert page.status_code == 200 and b"Assess needs" not in page.content
    url = reverse("needs-assess", kwargs={"reference": case.reference})
    assert client.get(url).status_code == 403


def test_the_assessment_form_records_all_nine_pathways(client, force, case) -> None:
    sign_in(client, force.navigator)
    url = reverse("needs-assess", kwargs={"reference": case.reference}) + "?stage=start"
    page = client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert all(p.label in content for p in Pathway)
    response = client.post(url, form_data(drugs="high:yes", housing="medium:no"), follow=True)
    assert b"Start of contract assessment recorded." in response.content
    assessment = NeedsAssessment.objects.get(case=case)
    assert assessment.summary == "Sofa-surfing since August"
    assert current_status(case, Pathway.DRUGS) is PathwayStatus.SUPPORT_REQUIRED
    assert b"Support declined" in response.content


def test_assessment_errors_are_shown_beside_the_pathway(client, force, case) -> None:
    sign_in(client, force.navigator)
    url = reverse("needs-assess", kwargs={"reference": case.reference})
    data = form_data(finances="none:yes")
    data["alcohol_level"] = ""
    content = client.post(url, data).content.decode()
    assert "There is a problem" in content
    assert "Choose the level of need for alcohol" in content
    assert "Finances: choose a level of need" in content
    assert not NeedsAssessment.objects.exists()


def test_correcting_asks_for_a_reason_and_starts_from_the_old_answers(client, force, case) -> None:
    needs_assess(
        actor=force.navigator,
        case=case,
        stage=AssessmentStage.START,
        answers=answers(drugs="high:yes"),
    )
    sign_in(client, force.navigator)
    url = reverse("needs-assess", kwargs={"reference": case.reference}) + "?stage=start"
    page = client.get(url).content.decode()
    assert "Correct the start of contract assessment" in page
    assert '<option value="high" selected>' in page
    content = client.post(url, form_data(drugs="low:yes")).content.decode()
    assert "Say why you are correcting it" in content
    data = {**form_data(drugs="low:yes"), "correction_reason": "Wrong level"}
    client.post(url, data)
    assert NeedsAssessment.objects.filter(case=case).count() == 2


def test_the_end_assessment_waits_for_the_start(client, force, case) -> None:
    sign_in(client, force.navigator)
    url = reverse("needs-assess", kwargs={"reference": case.reference}) + "?stage=end"
    response = client.get(url, follow=True)
    assert b"Record the start assessment before the end assessment." in response.content
    assert client.get(url.replace("end", "middle")).status_code == 404


def test_a_case_before_its_decision_cannot_be_assessed(client, force) -> None:
    case = CaseFactory(state=CaseState.REFERRED.value, team=force.north, navigator=force.navigator)
    sign_in(client, force.navigator)
    url = reverse("needs-assess", kwargs={"reference": case.reference})
    response = client.get(url, follow=True)
    assert b"is &#x27;Referred&#x27;, so you cannot assess needs" in response.content


def test_status_change_page_offers_only_allowed_statuses(client, force, case) -> None:
    needs_assess(
        actor=force.navigator,
        case=case,
        stage=AssessmentStage.START,
        answers=answers(housing="high:yes"),
    )
    sign_in(client, force.supervisor)
    url = reverse(
        "needs-pathway-status", kwargs={"reference": case.reference, "pathway": "housing"}
    )
    page = client.get(url).content.decode()
    assert 'value="in_progress"' in page and 'value="support_required"' not in page
    content = client.post(url, {"status": "support_declined", "note": ""}).content.decode()
    assert "add a note saying why" in content
    day = {"effective_on_day": "24", "effective_on_month": "11", "effective_on_year": "2026"}
    content = client.post(url, {"status": "in_progress", **day}).content.decode()
    assert "last changed on 25 November 2026" in content
    day["effective_on_day"] = "25"
    response = client.post(url, {"status": "in_progress", **day}, follow=True)
    assert b"Housing is now &#x27;in progress&#x27;." in response.content
    change = PathwayStatusChange.objects.filter(case=case).last()
    assert change.status == "in_progress" and change.effective_on == dt.date(2026, 11, 25)
    assert client.get(url.replace("housing", "knitting")).status_code == 404


def test_the_self_report_form(client, force, case) -> None:
    sign_in(client, force.navigator)
    url = reverse("needs-self-report", kwargs={"reference": case.reference}) + "?stage=start"
    page = client.get(url).content.decode()
    assert "16. I feel in charge of how my days go." in page
    assert "Prefer not to say" in page and "not Crime-PICS II" in page
    data = {"stage": "start", **{f"item_{s}{n}": "3" for s in "ap" for n in range(1, 9)}}
    data["item_p8"] = "skip"
    del data["item_a4"]
    content = client.post(url, data).content.decode()
    assert "Choose an answer to statement 4, or &#x27;Prefer not to say&#x27;" in content
    data["item_a4"] = "2"
    response = client.post(url, data, follow=True)
    assert b"Self-report (start of contract) recorded." in response.content
    stored = SelfReportResponse.objects.get(case=case)
    assert stored.item_scores["p8"] is None and stored.item_scores["a4"] == 2
    assert b"Attitudes to offending" in response.content


def test_the_case_section(force, case) -> None:
    assert case_section(force.custody, case) is None
    assert case_section(force.victim_liaison, case) is None
    section = case_section(force.navigator, case)
    assert section is not None and section["can_record"] is True
    assert len(section["pathways"]) == 9
    assert case_section(force.administrator, case)["can_record"] is False
    referred = CaseFactory(state=CaseState.REFERRED.value, team=force.north)
    assert case_section(force.supervisor, referred) is None


def test_the_case_section_template_renders(client, force, case) -> None:
    from django.template.loader import render_to_string

    needs_assess(
        actor=force.navigator,
        case=case,
        stage=AssessmentStage.START,
        answers=answers(drugs="high:yes"),
    )
    html = render_to_string(
        "needs/includes/case_section.html", {"section": case_section(force.navigator, case)}
    )
    assert "Needs" in html and "Support required" in html
    assert reverse("needs-case", kwargs={"reference": case.reference}) in html


@override_settings(CHECKPOINT_SELF_REPORT_INSTRUMENT="missing-v1")
def test_a_missing_instrument_is_explained(client, force, case) -> None:
    sign_in(client, force.navigator)
    url = reverse("needs-self-report", kwargs={"reference": case.reference})
    response = client.get(url, follow=True)
    assert b"is not installed" in response.content


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("needs-case", {"reference": "CP-2026-000001"}),
        ("needs-assess", {"reference": "CP-2026-000001"}),
        ("needs-pathway-status", {"reference": "CP-2026-000001", "pathway": "drugs"}),
        ("needs-self-report", {"reference": "CP-2026-000001"}),
    ],
)
@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in(client, name, kwargs) -> None:
    for method in (client.get, client.post):
        response = method(reverse(name, kwargs=kwargs))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))

"""Issue 5 in a real browser: allocation to signed contract to completion, and a breach
ending in a prosecution file before the s127 date. Accessibility is checked on the way."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from playwright.sync_api import Page, expect

from checkpoint.casework.models import Appointment, CaseCompletion, CaseDocument
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.offences import OffenceFamily
from tests.factories import PASSWORD, CaseOffenceFactory, OffenceFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
START = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def fill_date(page: Page, prefix: str, day: dt.date) -> None:
    page.fill(f"#id_{prefix}_0", str(day.day))
    page.fill(f"#id_{prefix}_1", str(day.month))
    page.fill(f"#id_{prefix}_2", str(day.year))


def no_serious_findings(page: Page) -> None:
    assert axe_violations(page) == [], page.url


def sign_out(page: Page) -> None:
    page.get_by_role("button", name=re.compile("^Sign out")).click()


@pytest.fixture
def eligible(force):
    theft = OffenceFactory(
        code="THEFT-FROM-SHOP", title="Theft from a shop", family=OffenceFamily.THEFT.value
    )
    return CaseOffenceFactory(
        offence=theft,
        committed_on=dt.date(2026, 11, 15),
        case__state=CaseState.ELIGIBLE.value,
        case__team=force.north,
        case__decided_at=START - dt.timedelta(hours=20),
    ).case


def test_navigator_takes_a_case_from_allocation_to_completion(
    page: Page, live_server, force, eligible
) -> None:
    base = live_server.url
    with time_machine.travel(START, tick=True) as clock:
        # The supervisor allocates from the team overview.
        sign_in(page, base, "sup", PASSWORD)
        page.get_by_role("link", name=eligible.reference).first.click()
        page.get_by_role("link", name=re.compile("Allocate")).first.click()
        no_serious_findings(page)
        page.get_by_label(re.compile(force.navigator.last_name)).check()
        page.get_by_role("button", name="Allocate").click()
        expect(page.get_by_text(re.compile("allocated", re.I)).first).to_be_visible()
        sign_out(page)

        # The navigator books and holds the first meeting.
        sign_in(page, base, "nav", PASSWORD)
        no_serious_findings(page)
        page.goto(f"{base}/cases/{eligible.reference}/appointments/new/")
        no_serious_findings(page)
        page.get_by_label("First meeting").check()
        fill_date(page, "on", dt.date(2026, 11, 26))
        page.get_by_label("Time").fill("10:00")
        page.get_by_label("Place").fill("Durham police station")
        page.get_by_role("button", name="Book the appointment").click()
        expect(page.get_by_text(re.compile("booked for")).first).to_be_visible()
        meeting = Appointment.objects.get(case=eligible)
        clock.move_to(dt.datetime(2026, 11, 26, 11, 0, tzinfo=dt.UTC))
        sign_in(page, base, "nav", PASSWORD)  # a new shift: the session lasts eight hours
        page.goto(f"{base}/cases/{eligible.reference}/appointments/{meeting.pk}/outcome/")
        page.check("input[name=attendance][value=attended]")
        page.get_by_role("button", name="Record the outcome").click()
        expect(page.get_by_text("Outcome recorded: attended.")).to_be_visible()

        # The navigator builds the contract from the catalogue and sends it for approval.
        page.goto(f"{base}/contracts/{eligible.reference}/")
        no_serious_findings(page)
        page.check("[name=no_reoffending__include]")
        page.check("[name=apology_letter__include]")
        fill_date(page, "apology_letter__due", dt.date(2026, 12, 20))
        page.check("[name=unpaid_work__include]")
        page.fill("[name=unpaid_work__hours]", "18")
        fill_date(page, "unpaid_work__due", dt.date(2027, 3, 1))
        page.fill("[name=reason]", "Agreed at the first meeting")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_text("Draft saved as version 1.")).to_be_visible()
        page.get_by_role("button", name=re.compile("Send version 1 for approval")).click()
        sign_out(page)

        # A supervisor approves it.
        sign_in(page, base, "sup", PASSWORD)
        page.goto(f"{base}/contracts/{eligible.reference}/")
        page.check("input[name=decision][value=approve]")
        page.fill("[name=note]", "Proportionate and achievable")
        page.get_by_role("button", name="Record decision").first.click()
        expect(page.get_by_text(re.compile("approved", re.I)).first).to_be_visible()
        sign_out(page)

        # The navigator offers it and records the person's signature: the clock starts.
        sign_in(page, base, "nav", PASSWORD)
        page.goto(f"{base}/contracts/{eligible.reference}/")
        page.get_by_role("button", name=re.compile("Offer version 1")).click()
        expect(page.get_by_text("Contract offered.", exact=False).first).to_be_visible()
        page.goto(f"{base}/contracts/{eligible.reference}/sign/")
        no_serious_findings(page)
        page.check("[name=explanation_given]")
        page.check("input[name=signature_method][value=typed_name]")
        page.fill("[name=signature]", "John Smith")
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("button", name="Record the signature and start the contract").click()
        expect(page.get_by_text("The contract has started.")).to_be_visible()

        # Progress: the apology letter arrives and the unpaid work is done.
        clock.move_to(dt.datetime(2027, 1, 10, 12, 0, tzinfo=dt.UTC))
        sign_in(page, base, "nav", PASSWORD)
        page.goto(f"{base}/contracts/{eligible.reference}/")
        for day, hours in ((dt.date(2027, 1, 8), "9"), (dt.date(2027, 1, 9), "9")):
            fill_date(page, "worked_on", day)
            page.fill("[name=hours]", hours)
            page.fill("[name=placement]", "Community garden")
            page.fill("[name=verified_by]", "Site supervisor")
            page.get_by_role("button", name="Log hours").click()
        expect(page.get_by_text("18 of 18 hours").first).to_be_visible()
        evidence = page.locator("form", has=page.get_by_role("button", name="Record evidence"))
        evidence.locator("[name=code]").select_option("apology_letter")
        evidence.locator("input[name=kind][value=evidence_received]").check()
        evidence.locator("#id_occurred_on_0").fill("5")
        evidence.locator("#id_occurred_on_1").fill("1")
        evidence.locator("#id_occurred_on_2").fill("2027")
        evidence.locator("[name=note]").fill("Letter received and passed to the victim")
        evidence.get_by_role("button", name="Record evidence").click()
        expect(page.get_by_text("Recorded on 5 January 2027").first).to_be_visible()

        # After the contract ends with no reoffence, the navigator completes the case.
        clock.move_to(dt.datetime(2027, 3, 30, 10, 0, tzinfo=dt.UTC))
        sign_in(page, base, "nav", PASSWORD)
        page.goto(f"{base}/cases/{eligible.reference}/complete/")
        no_serious_findings(page)
        page.get_by_role("button", name="Complete the case").click()
        expect(page.get_by_text(re.compile("is completed"))).to_be_visible()

    eligible.refresh_from_db()
    assert eligible.state == CaseState.COMPLETED.value
    completion = CaseCompletion.objects.get(case=eligible)
    assert completion.outcome_code == "22"
    assert CaseDocument.objects.filter(case=eligible).exists()  # the completion letter


def test_a_breach_ends_in_a_prosecution_file_before_the_s127_date(
    page: Page, live_server, force
) -> None:
    from checkpoint.contracts.tests.helpers import signed_case

    base = live_server.url
    with time_machine.travel(START, tick=True) as clock:
        # A summary-only offence (drunk and disorderly) diverted five days after it happened.
        case = signed_case(force, summary_only=True, committed_on=dt.date(2026, 11, 20))
        last_day = dt.date(2027, 5, 20)  # Magistrates' Courts Act 1980 s127: six months

        # The person misses a meeting without a good reason.
        sign_in(page, base, "nav", PASSWORD)
        page.goto(f"{base}/cases/{case.reference}/appointments/new/")
        page.get_by_label("Navigator meeting").check()
        fill_date(page, "on", dt.date(2026, 12, 2))
        page.get_by_label("Time").fill("14:00")
        page.get_by_label("Place").fill("Durham police station")
        page.get_by_role("button", name="Book the appointment").click()
        meeting = Appointment.objects.get(case=case)
        clock.move_to(dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC))
        sign_in(page, base, "nav", PASSWORD)
        page.goto(f"{base}/cases/{case.reference}/appointments/{meeting.pk}/outcome/")
        page.check("input[name=attendance][value=did_not_attend]")
        page.fill("[name=reason]", "Said he forgot")
        page.check("input[name=acceptable][value=no]")
        page.get_by_role("button", name="Record the outcome").click()

        # The navigator proposes a breach with the evidence.
        page.goto(f"{base}/cases/{case.reference}/breach/propose/")
        no_serious_findings(page)
        page.locator("[name=appointments]").first.check()
        page.locator("[name=conditions]").first.check()
        page.fill(
            "[name=evidence_summary]",
            "Missed the meeting on 2 December without excuse; no contact since despite two calls.",
        )
        page.get_by_role("button", name="Propose the breach").click()
        expect(page.get_by_text("Breach proposed.").first).to_be_visible()
        sign_out(page)

        # A supervisor finds no reasonable excuse and ends the contract.
        sign_in(page, base, "sup", PASSWORD)
        proposal = case.breach_proposals.get()
        page.goto(f"{base}/cases/{case.reference}/breach/{proposal.pk}/decide/")
        no_serious_findings(page)
        page.check("input[name=excuse_reasonable][value=no]")
        page.check("input[name=outcome][value=end]")
        page.fill(
            "[name=reason]",
            "Failed without reasonable excuse (Criminal Justice Act 2003 "
            "s24); further contact refused.",
        )
        page.get_by_role("button", name="Record the decision").click()
        expect(page.get_by_text(re.compile("Decision recorded")).first).to_be_visible()
        today = dt.date(2026, 12, 3)

    case.refresh_from_db()
    assert case.state == CaseState.REFERRED_FOR_PROSECUTION.value
    prosecution_file = CaseDocument.objects.get(case=case, kind="prosecution_file")
    assert prosecution_file.content.startswith(b"%PDF")
    assert "20 May 2027" in prosecution_file.html  # the s127 last date, prominent
    assert today < last_day

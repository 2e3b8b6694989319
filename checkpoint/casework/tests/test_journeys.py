"""Whole journeys through the services, from the custody decision to the case's end.

Each step must leave its mark on the case timeline (CaseEvent) and in the audit log
(AuditEvent): the journeys assert both.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from checkpoint.audit.models import AuditEvent
from checkpoint.casework.appointment_services import (
    appointment_record_outcome,
    appointment_reschedule,
    appointment_schedule,
    case_note_add,
)
from checkpoint.casework.breach_services import breach_decide, breach_propose
from checkpoint.casework.completion_services import case_complete
from checkpoint.casework.models import CaseCompletion, CaseEvent, DocumentKind
from checkpoint.casework.services import case_assign_navigator
from checkpoint.casework.tests.helpers import (
    NOW,
    allocated_case,
    at,
    eligible_case,
    sign_contract,
    travel,
)
from checkpoint.casework.work_selectors import allocation_queue, due_for_case
from checkpoint.contracts.services import community_hours_log, condition_evidence_record
from checkpoint.domain.appointments import (
    AppointmentKind,
    Attendance,
    ContactMethod,
    NoteBasis,
    WorkKind,
)
from checkpoint.domain.breach import BreachOutcome
from checkpoint.domain.contracts import EvidenceKind
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import CaseState

pytestmark = pytest.mark.django_db


def verbs(case) -> list[str]:
    return list(
        AuditEvent.objects.filter(person_id=case.person_id)
        .order_by("occurred_at", "id")
        .values_list("verb", flat=True)
    )


def summaries(case) -> list[str]:
    return list(case.events.order_by("occurred_at", "id").values_list("summary", flat=True))


def test_from_an_eligible_decision_to_completion_with_outcome_22_and_follow_up(force) -> None:
    with travel(NOW):
        case = eligible_case(force)
        assert case.state == CaseState.ELIGIBLE.value
        assert case in allocation_queue(force.supervisor)
        case_assign_navigator(actor=force.supervisor, case=case, navigator=force.navigator)
        case.refresh_from_db()
        assert case not in allocation_queue(force.supervisor)
        # The navigator is prompted to book the first appointment within 72 hours.
        (prompt,) = due_for_case(case, now=NOW)
        assert prompt.kind is WorkKind.FIRST_APPOINTMENT and "72-hour target" in prompt.reason
        first = appointment_schedule(
            actor=force.navigator,
            case=case,
            kind=AppointmentKind.FIRST_MEETING,
            starts_at=at(dt.date(2026, 11, 26), 14),
            place="Checkpoint office, Durham",
        )
        assert due_for_case(case, now=NOW) == []

    with travel(at(dt.date(2026, 11, 26), 15)):
        appointment_record_outcome(
            actor=force.navigator, appointment=first, attendance=Attendance.ATTENDED
        )
        case_note_add(
            actor=force.navigator,
            case=case,
            basis=NoteBasis.FACT,
            text="Met at the office. Said he is sofa-surfing since October.",
            contact_method=ContactMethod.IN_PERSON,
            appointment=first,
        )
        case_note_add(
            actor=force.navigator,
            case=case,
            basis=NoteBasis.OPINION,
            text="Appears motivated; housing is the main driver.",
        )
        case = sign_contract(force, case)
        assert case.state == CaseState.ACTIVE.value
        work = appointment_schedule(
            actor=force.navigator,
            case=case,
            kind=AppointmentKind.COMMUNITY_WORK,
            starts_at=at(dt.date(2026, 12, 5), 9),
            place="Food bank, Durham",
        )

    with travel(at(dt.date(2026, 12, 20), 16)):
        appointment_record_outcome(
            actor=force.navigator,
            appointment=work,
            attendance=Attendance.LATE,
            reason="Bus cancelled",
            acceptable=True,
        )
        work.refresh_from_db()
        assert work.enforceable is False
        for day in (dt.date(2026, 12, 5), dt.date(2026, 12, 12), dt.date(2026, 12, 19)):
            community_hours_log(
                actor=force.navigator,
                case=case,
                worked_on=day,
                hours=Decimal(6),
                placement="Food bank",
                verified_by="A. Manager",
            )
        condition_evidence_record(
            actor=force.navigator,
            case=case,
            code="apology_letter",
            kind=EvidenceKind.EVIDENCE_RECEIVED,
            occurred_on=dt.date(2026, 12, 18),
            note="Letter received and checked",
        )
        with pytest.raises(DomainError, match="not every condition"):
            case_complete(actor=force.navigator, case=case)  # not reoffending runs to the end

    with travel(at(dt.date(2027, 3, 26), 11)):
        completion = case_complete(actor=force.navigator, case=case)
    case.refresh_from_db()
    assert case.state == CaseState.COMPLETED.value
    assert completion.outcome_code == "22" and completion.policy.startswith("checkpoint")
    assert CaseCompletion.objects.get(case=case) == completion
    letter = completion.letter
    assert letter.kind == DocumentKind.COMPLETION_LETTER and bytes(letter.content)[:4] == b"%PDF"
    assert "You have completed your Checkpoint contract" in letter.html
    assert "Home Office crime outcome 22" in letter.html and "Theft from a shop" in letter.html

    with travel(at(dt.date(2027, 3, 27), 6)):
        call_command("tick", "--quiet", stdout=_Sink())
    case.refresh_from_db()
    assert case.state == CaseState.FOLLOW_UP.value

    timeline = summaries(case)
    for expected in (
        "Screened under",
        "Referred → Eligible",
        "Allocated to",
        "First meeting booked for 26 November 2026 at 14:00",
        "First meeting on 26 November 2026 at 14:00: Attended",
        "Note (fact): contact by in person",
        "Note (opinion or assessment)",
        "Contract active → Completed",
        "Outcome 22 recorded",
        "Completed → Follow-up",
    ):
        assert any(expected in s for s in timeline), expected
    logged = verbs(case)
    for expected in (
        "screening.decide",
        "case.assign",
        "appointment.schedule",
        "appointment.outcome",
        "case_note.add",
        "case.complete",
        "document.completion_letter",
    ):
        assert expected in logged, expected
    assert logged.count("case.transition") == 5  # eligible, offered, signed, completed, follow-up
    follow_up = AuditEvent.objects.filter(verb="case.transition").order_by("-id").first()
    assert follow_up is not None and follow_up.actor is None and follow_up.actor_label == "system"


def test_breach_ends_in_a_prosecution_file_before_the_s127_date(force) -> None:
    with travel(NOW):
        case = allocated_case(force, summary_only=True)  # common assault on 15 November 2026
        first = appointment_schedule(
            actor=force.navigator,
            case=case,
            kind=AppointmentKind.FIRST_MEETING,
            starts_at=at(dt.date(2026, 11, 26), 14),
            place="Checkpoint office",
        )
    with travel(at(dt.date(2026, 11, 26), 15)):
        appointment_record_outcome(
            actor=force.navigator, appointment=first, attendance=Attendance.ATTENDED
        )
        case = sign_contract(force, case)
        meeting = appointment_schedule(
            actor=force.navigator,
            case=case,
            kind=AppointmentKind.NAVIGATOR_MEETING,
            starts_at=at(dt.date(2026, 12, 3), 10),
            place="Checkpoint office",
        )
    with travel(at(dt.date(2026, 12, 3), 12)):
        appointment_record_outcome(
            actor=force.navigator,
            appointment=meeting,
            attendance=Attendance.DID_NOT_ATTEND,
            reason="Said he overslept",
            acceptable=False,
        )
        rebooked = appointment_reschedule(
            actor=force.navigator,
            appointment=meeting,
            starts_at=at(dt.date(2026, 12, 10), 10),
            reason="Missed; rebooked and warned by phone",
        )
        assert rebooked.replaces == meeting
    with travel(at(dt.date(2026, 12, 10), 12)):
        appointment_record_outcome(
            actor=force.navigator,
            appointment=rebooked,
            attendance=Attendance.DID_NOT_ATTEND,
            reason="None given",
            acceptable=False,
        )
        meeting.refresh_from_db()
        rebooked.refresh_from_db()
        proposal = breach_propose(
            actor=force.navigator,
            case=case,
            condition_codes=[],
            appointments=[meeting, rebooked],
            evidence_summary="Missed two meetings in a row without a reasonable excuse; "
            "no contact since 26 November despite three calls.",
        )
        with pytest.raises(DomainError, match="Only a supervisor"):
            breach_decide(
                actor=force.navigator,
                proposal=proposal,
                excuse_reasonable=False,
                outcome=BreachOutcome.END,
                reason="x",
            )
        decision = breach_decide(
            actor=force.supervisor,
            proposal=proposal,
            excuse_reasonable=False,
            outcome=BreachOutcome.END,
            reason="Two unexcused absences and no engagement: the contract has failed.",
        )
    case.refresh_from_db()
    assert case.state == CaseState.REFERRED_FOR_PROSECUTION.value
    file = decision.prosecution_file
    assert file is not None and bytes(file.content)[:4] == b"%PDF"
    file.refresh_from_db()
    assert file.produced_at.date() < dt.date(2027, 5, 15)
    assert file.data["s127_last_date"] == "2027-05-15"
    # The date is the first thing in the file, above the person and the offences.
    deadline = file.html.index("s127 LAST DATE TO START PROCEEDINGS: 15 May 2027")
    assert deadline < file.html.index("<h2>The person</h2>")
    assert "Criminal Justice Act 1988 s39" in file.html and "Summary only" in file.html
    assert "Missed two meetings in a row" in file.html  # the evidence
    assert "Said he overslept" in file.html  # the appointments record
    assert "No: the person failed to comply without reasonable excuse" in file.html

    timeline = summaries(case)
    for expected in (
        "Navigator meeting on 3 December 2026 at 10:00: Did not attend (reason not accepted",
        "Navigator meeting rebooked for 10 December 2026 at 10:00 after a missed appointment",
        "Breach proposed",
        "Breach decision: end the contract and refer for prosecution",
        "Contract active → Breached",
        "Prosecution file produced; s127 last date 15 May 2027",
        "Breached → Referred for prosecution",
    ):
        assert any(expected in s for s in timeline), expected
    logged = verbs(case)
    for expected in (
        "appointment.reschedule",
        "breach.propose",
        "breach.decide",
        "document.prosecution_file",
    ):
        assert expected in logged, expected
    disclosed = AuditEvent.objects.get(verb="document.prosecution_file")
    assert disclosed.recipient and disclosed.after["sha256"] == file.sha256


def test_warn_and_no_breach_keep_the_contract_running(force) -> None:
    with travel(NOW):
        case = sign_contract(force, allocated_case(force))
        meeting = appointment_schedule(
            actor=force.navigator,
            case=case,
            kind=AppointmentKind.NAVIGATOR_MEETING,
            starts_at=at(dt.date(2026, 11, 27), 10),
            place="Office",
        )
    with travel(at(dt.date(2026, 11, 27), 12)):
        appointment_record_outcome(
            actor=force.navigator,
            appointment=meeting,
            attendance=Attendance.DID_NOT_ATTEND,
            reason="Forgot",
            acceptable=False,
        )
        meeting.refresh_from_db()
        first = breach_propose(
            actor=force.navigator,
            case=case,
            condition_codes=[],
            appointments=[meeting],
            evidence_summary="Missed a meeting.",
        )
        with pytest.raises(DomainError, match="waits for a supervisor"):
            breach_propose(
                actor=force.navigator,
                case=case,
                condition_codes=[],
                appointments=[meeting],
                evidence_summary="Again",
            )
        with pytest.raises(DomainError, match="must be 'no breach'"):
            breach_decide(
                actor=force.supervisor,
                proposal=first,
                excuse_reasonable=True,
                outcome=BreachOutcome.WARN,
                reason="Had a reason",
            )
        breach_decide(
            actor=force.supervisor,
            proposal=first,
            excuse_reasonable=False,
            outcome=BreachOutcome.WARN,
            reason="First miss: formal warning given by phone.",
        )
        second = breach_propose(
            actor=force.navigator,
            case=case,
            condition_codes=["apology_letter"],
            appointments=[],
            evidence_summary="Letter not written yet.",
        )
        breach_decide(
            actor=force.supervisor,
            proposal=second,
            excuse_reasonable=True,
            outcome=BreachOutcome.NO_BREACH,
            reason="In hospital for a week: a reasonable excuse.",
        )
    case.refresh_from_db()
    assert case.state == CaseState.ACTIVE.value
    assert not case.documents.exists()
    assert CaseEvent.objects.filter(case=case, summary__startswith="Breach decision: warn").exists()


def test_a_supervisor_cannot_decide_their_own_proposal(force) -> None:
    with travel(NOW):
        case = sign_contract(force, allocated_case(force))
        proposal = breach_propose(
            actor=force.supervisor,
            case=case,
            condition_codes=["no_reoffending"],
            appointments=[],
            evidence_summary="Arrested for theft.",
        )
        with pytest.raises(DomainError, match="someone other than"):
            breach_decide(
                actor=force.supervisor,
                proposal=proposal,
                excuse_reasonable=False,
                outcome=BreachOutcome.END,
                reason="Reoffended",
            )


def test_evidence_must_be_enforceable_and_on_the_contract(force) -> None:
    with travel(NOW):
        case = sign_contract(force, allocated_case(force))
        meeting = appointment_schedule(
            actor=force.navigator,
            case=case,
            kind=AppointmentKind.NAVIGATOR_MEETING,
            starts_at=at(dt.date(2026, 11, 27), 10),
            place="Office",
        )
    with travel(at(dt.date(2026, 11, 27), 12)):
        appointment_record_outcome(
            actor=force.navigator,
            appointment=meeting,
            attendance=Attendance.DID_NOT_ATTEND,
            reason="Child ill",
            acceptable=True,
        )
        meeting.refresh_from_db()
        with pytest.raises(DomainError) as refused:
            breach_propose(
                actor=force.navigator,
                case=case,
                condition_codes=["made_up"],
                appointments=[meeting],
                evidence_summary=" ",
            )
    message = str(refused.value)
    assert "made_up is not a condition" in message
    assert "not an enforceable outcome" in message and "summarise the evidence" in message


class _Sink:
    """Swallow a command's output."""

    def write(self, text: str) -> None:
        """Ignore the text."""

    def flush(self) -> None:
        """Nothing to flush."""

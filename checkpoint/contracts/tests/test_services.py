"""Contract services against the database: the workflow, versions, variations and progress."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from checkpoint.audit.actions import AuditAction
from checkpoint.audit.models import AuditEvent
from checkpoint.casework.models import CaseEvent, CaseEventKind
from checkpoint.contracts.models import (
    ContractPause,
    ContractVersion,
    SignatureMethod,
    Variation,
    VariationStatus,
    VersionStatus,
)
from checkpoint.contracts.selectors import (
    all_conditions_met,
    conditions_for,
    contract_end_date,
    contract_summary,
    current_contract,
)
from checkpoint.contracts.services import (
    community_hours_log,
    condition_evidence_record,
    contract_approve,
    contract_draft,
    contract_offer,
    contract_pause,
    contract_refuse,
    contract_resume,
    contract_sign,
    contract_submit,
    variation_decide,
    variation_request,
)
from checkpoint.contracts.tests.helpers import (
    NOW,
    TODAY,
    approved_case,
    durham_choices,
    eligible_case,
    grant_s127_override,
    signed_case,
)
from checkpoint.domain.contracts import Choice, ContractInvalid, EvidenceKind, VariationKind
from checkpoint.domain.disposals import Disposal
from checkpoint.domain.errors import DomainError, TransitionNotAllowed
from checkpoint.domain.lifecycle import CaseState
from checkpoint.people.models import CustodyEvent
from tests.factories import OffenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def on(day: dt.date):
    """Travel to 10:00 UTC on a day."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC), tick=False)


def view(case, code: str, today: dt.date):
    return next(v for v in conditions_for(case, today=today) if v.code == code)


# The workflow ----------------------------------------------------------------------------


def test_draft_submit_approve_offer_sign_starts_the_contract(force) -> None:
    case = eligible_case(force)
    version = contract_draft(actor=force.navigator, case=case, choices=durham_choices())
    assert version.number == 1 and version.status == VersionStatus.DRAFT
    assert version.catalogue_label == "checkpoint-conditions v1"
    assert (version.policy_name, version.length_months) == ("checkpoint-dart", 4)
    assert version.conditions.first().code == "no_reoffending"
    assert current_contract(case) == version
    contract_submit(actor=force.navigator, case=case)
    contract_approve(actor=force.supervisor, version=version, note="Fits the needs assessment")
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED
    contract_offer(actor=force.navigator, case=case)
    case.refresh_from_db()
    assert case.state == CaseState.CONTRACT_OFFERED.value
    assert contract_end_date(case, today=TODAY) is None
    consent = contract_sign(
        actor=force.navigator,
        case=case,
        signature_method=SignatureMethod.TYPED_NAME,
        signature="John Smith",
        explanation_given=True,
        adjustments="Read aloud",
    )
    case.refresh_from_db()
    assert case.state == CaseState.ACTIVE.value
    assert case.contract_started_on == TODAY
    assert contract_end_date(case, today=TODAY) == dt.date(2027, 3, 25)
    assert consent.witnessed_by == force.navigator and consent.version == version
    verbs = list(
        AuditEvent.objects.filter(person_id=case.person_id)
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "contract.draft",
        "contract.submit",
        "contract.approve",
        "contract.offer",
        "case.transition",
        "contract.sign",
        "case.transition",
    ]
    summaries = list(case.events.order_by("id").values_list("kind", "summary"))
    assert (CaseEventKind.NOTE, "Contract version 1 submitted for approval") in summaries
    assert (CaseEventKind.NOTE, "Contract version 1 approved") in summaries
    assert summaries[-1] == (CaseEventKind.TRANSITION, "Contract offered → Contract active")
    assert "witnessed by" in case.events.order_by("id").last().detail


def test_the_drafter_cannot_approve_and_only_a_team_supervisor_can(force) -> None:
    case = eligible_case(force)
    version = contract_draft(actor=force.supervisor, case=case, choices=durham_choices())
    contract_submit(actor=force.supervisor, case=case)
    with pytest.raises(DomainError, match="someone other than its drafter"):
        contract_approve(actor=force.supervisor, version=version)
    with pytest.raises(DomainError, match="supervisor of the case's team"):
        contract_approve(actor=force.navigator, version=version)
    with pytest.raises(DomainError, match="supervisor of the case's team"):
        contract_approve(actor=force.south_supervisor, version=version)


def test_a_refusal_needs_a_reason_and_the_next_draft_is_a_new_version(force) -> None:
    case = eligible_case(force)
    first = contract_draft(actor=force.navigator, case=case, choices=durham_choices())
    contract_submit(actor=force.navigator, case=case)
    with pytest.raises(DomainError, match="Say why"):
        contract_refuse(actor=force.supervisor, version=first, note=" ")
    contract_refuse(actor=force.supervisor, version=first, note="Too many hours for a carer")
    first.refresh_from_db()
    assert first.status == VersionStatus.REFUSED
    assert current_contract(case) is None
    second = contract_draft(
        actor=force.navigator, case=case, choices=durham_choices()[:3], reason="Fewer conditions"
    )
    assert second.number == 2 and second.reason == "Fewer conditions"
    assert ContractVersion.objects.filter(contract__case=case).count() == 2


def test_a_draft_is_replaced_by_its_author_but_kept_when_someone_else_redrafts(force) -> None:
    case = eligible_case(force)
    draft = contract_draft(actor=force.navigator, case=case, choices=durham_choices())
    again = contract_draft(actor=force.navigator, case=case, choices=durham_choices()[:2])
    assert again.pk == draft.pk and again.conditions.count() == 2
    audit = AuditEvent.objects.filter(verb="contract.draft").order_by("id").last()
    assert audit.action == AuditAction.ALTERATION.value and len(audit.before["conditions"]) == 5
    by_supervisor = contract_draft(actor=force.supervisor, case=case, choices=durham_choices())
    assert by_supervisor.number == 2
    draft.refresh_from_db()
    assert draft.status == VersionStatus.SUPERSEDED


def test_a_submitted_version_is_locked(force) -> None:
    case = eligible_case(force)
    contract_draft(actor=force.navigator, case=case, choices=durham_choices())
    contract_submit(actor=force.navigator, case=case)
    with pytest.raises(DomainError, match="waiting for a supervisor's decision"):
        contract_draft(actor=force.navigator, case=case, choices=durham_choices())


def test_an_invalid_contract_is_refused_with_every_problem(force) -> None:
    case = eligible_case(force)
    choices = [
        Choice("unpaid_work", {"hours": "40"}, due_on=dt.date(2027, 6, 1)),
        Choice("drug_treatment", {"service": "A"}, due_on=dt.date(2027, 1, 1)),
        Choice("alcohol_treatment", {"service": "B"}, due_on=dt.date(2027, 1, 1)),
        Choice("housing_advice", {"service": "C"}, due_on=dt.date(2027, 1, 1)),
    ]
    with pytest.raises(ContractInvalid) as caught:
        contract_draft(actor=force.navigator, case=case, choices=choices)
    text = str(caught.value)
    for expected in (
        "not to reoffend",
        "at most 2 pathway interventions",
        "between 18 and 36 hours",
        "after the contract would end on 25 March 2027",
    ):
        assert expected in text
    assert not ContractVersion.objects.exists()


def test_role_scope_and_state_refusals(force) -> None:
    case = eligible_case(force)
    for user in (force.other_navigator, force.south_supervisor, force.custody):
        with pytest.raises(DomainError, match="navigator or a supervisor of its team"):
            contract_draft(actor=user, case=case, choices=durham_choices())
    referred = eligible_case(force, state=CaseState.REFERRED)
    with pytest.raises(DomainError, match="'Referred', so you cannot draft"):
        contract_draft(actor=force.navigator, case=referred, choices=durham_choices())
    with pytest.raises(DomainError, match="approve the contract before it is offered"):
        contract_offer(actor=force.navigator, case=case)


# s127 ----------------------------------------------------------------------------------


def test_an_offer_is_refused_when_the_s127_date_is_at_risk(force) -> None:
    # Offence on 1 October: s127 ends 1 April 2027; a contract from today ends 25 March,
    # and the 28-day breach margin runs past 1 April.
    case = approved_case(force, summary_only=True, committed_on=dt.date(2026, 10, 1))
    with pytest.raises(TransitionNotAllowed, match="s127 limitation date"):
        contract_offer(actor=force.navigator, case=case)
    case.refresh_from_db()
    assert case.state == CaseState.ELIGIBLE.value
    assert current_contract(case).offered_at is None  # the whole offer was rolled back


def test_a_granted_s127_override_lets_the_offer_and_signature_through(force) -> None:
    case = approved_case(force, summary_only=True, committed_on=dt.date(2026, 10, 1))
    grant_s127_override(force, case)
    contract_offer(actor=force.navigator, case=case)
    case.refresh_from_db()
    contract_sign(
        actor=force.navigator,
        case=case,
        signature_method=SignatureMethod.ON_PAPER,
        signature="",
        explanation_given=True,
    )
    case.refresh_from_db()
    assert case.state == CaseState.ACTIVE.value
    assert current_contract(case).consent.signature == "Signed on paper"


def test_a_recent_summary_offence_needs_no_override(force) -> None:
    case = approved_case(force, summary_only=True, committed_on=dt.date(2026, 11, 20))
    contract_offer(actor=force.navigator, case=case)
    case.refresh_from_db()
    assert case.state == CaseState.CONTRACT_OFFERED.value


# Signing ----------------------------------------------------------------------------------


def test_signing_needs_an_offer_an_explanation_and_a_name(force) -> None:
    case = approved_case(force)
    with pytest.raises(DomainError, match="'Eligible', so you cannot record a signature"):
        contract_sign(
            actor=force.navigator,
            case=case,
            signature_method=SignatureMethod.TYPED_NAME,
            signature="John Smith",
            explanation_given=True,
        )
    contract_offer(actor=force.navigator, case=case)
    case.refresh_from_db()
    with pytest.raises(DomainError, match="must be explained"):
        contract_sign(
            actor=force.navigator,
            case=case,
            signature_method=SignatureMethod.TYPED_NAME,
            signature="John Smith",
            explanation_given=False,
        )
    with pytest.raises(DomainError, match="full name"):
        contract_sign(
            actor=force.navigator,
            case=case,
            signature_method=SignatureMethod.TYPED_NAME,
            signature=" ",
            explanation_given=True,
        )
    assert case.events.filter(summary__contains="active").count() == 0


def test_a_late_signature_with_a_due_date_already_past_is_refused(force) -> None:
    case = approved_case(force)
    contract_offer(actor=force.navigator, case=case)
    case.refresh_from_db()
    with on(dt.date(2026, 12, 22)), pytest.raises(ContractInvalid, match="Letter of apology"):
        contract_sign(
            actor=force.navigator,
            case=case,
            signature_method=SignatureMethod.TYPED_NAME,
            signature="John Smith",
            explanation_given=True,
        )


# Variations -------------------------------------------------------------------------------


def test_an_addition_beyond_the_policy_limit_is_refused_when_asked(force) -> None:
    case = signed_case(force)
    with pytest.raises(ContractInvalid, match="at most 5 conditions; this one has 6"):
        variation_request(
            actor=force.navigator,
            case=case,
            kind=VariationKind.ADD,
            reason="Debt is driving the shoplifting",
            choice=Choice(
                "debt_advice", {"service": "Citizens Advice"}, due_on=dt.date(2027, 2, 1)
            ),
        )
    assert not Variation.objects.exists()


def test_remove_then_add_gives_versions_two_and_three(force) -> None:
    case = signed_case(force)
    first = current_contract(case)
    remove = variation_request(
        actor=force.navigator,
        case=case,
        kind=VariationKind.REMOVE,
        code="gps_tag",
        reason="The monitoring provider has no capacity",
    )
    with pytest.raises(DomainError, match="Only a supervisor"):
        variation_decide(actor=force.navigator, variation=remove, approved=True, note="ok")
    variation_decide(actor=force.supervisor, variation=remove, approved=True, note="Agreed")
    add = variation_request(
        actor=force.navigator,
        case=case,
        kind=VariationKind.ADD,
        reason="Debt advice instead",
        choice=Choice("debt_advice", {"service": "Citizens Advice"}, due_on=dt.date(2027, 2, 1)),
    )
    variation_decide(actor=force.supervisor, variation=add, approved=True, note="Agreed")
    versions = list(ContractVersion.objects.filter(contract__case=case).order_by("number"))
    assert [(v.number, v.status) for v in versions] == [
        (1, VersionStatus.SUPERSEDED),
        (2, VersionStatus.SUPERSEDED),
        (3, VersionStatus.APPROVED),
    ]
    assert [c.code for c in versions[0].conditions.all()] == [
        c.code for c in first.conditions.all()
    ]
    assert "gps_tag" not in {c.code for c in versions[2].conditions.all()}
    assert "debt_advice" in {c.code for c in versions[2].conditions.all()}
    assert add.details["parameters"] == {"service": "Citizens Advice", "sessions": 2}
    with pytest.raises(DomainError, match="already been decided"):
        variation_decide(actor=force.supervisor, variation=add, approved=True, note="again")
    add.refresh_from_db()
    assert add.status == VariationStatus.APPROVED and add.resulting_version == versions[2]
    assert versions[2].approvals.get().decided_by == force.supervisor
    assert (
        CaseEvent.objects.filter(case=case, summary__startswith="Variation approved").count() == 2
    )


def test_a_supervisor_cannot_decide_their_own_request(force) -> None:
    case = signed_case(force)
    pause = contract_pause(actor=force.supervisor, case=case, start=TODAY, reason="Bereavement")
    with pytest.raises(DomainError, match="someone other than who asked"):
        variation_decide(actor=force.supervisor, variation=pause, approved=True, note="ok")
    with pytest.raises(DomainError, match="supervisor of the case's team"):
        variation_decide(actor=force.south_supervisor, variation=pause, approved=True, note="ok")


def test_the_no_reoffending_condition_cannot_be_removed(force) -> None:
    case = signed_case(force)
    with pytest.raises(ContractInvalid, match="must include the condition not to reoffend"):
        variation_request(
            actor=force.navigator,
            case=case,
            kind=VariationKind.REMOVE,
            code="no_reoffending",
            reason="Wrong",
        )


def test_an_extension_adds_days_and_can_move_a_due_date(force) -> None:
    case = signed_case(force)
    variation = variation_request(
        actor=force.navigator,
        case=case,
        kind=VariationKind.EXTEND,
        days=14,
        code="unpaid_work",
        reason="Placement closed over Christmas",
    )
    refused = variation_request(
        actor=force.navigator, case=case, kind=VariationKind.EXTEND, days=7, reason="Second"
    )
    variation_decide(actor=force.supervisor, variation=refused, approved=False, note="Not needed")
    variation_decide(actor=force.supervisor, variation=variation, approved=True, note="Fair")
    case.refresh_from_db()
    assert case.contract_extension_days == 14
    assert contract_end_date(case, today=TODAY) == dt.date(2027, 4, 8)
    work = current_contract(case).conditions.get(code="unpaid_work")
    assert work.due_on == dt.date(2027, 3, 15) and "by 15 March 2027" in work.wording
    assert current_contract(case).number == 2
    audit = AuditEvent.objects.filter(verb="contract.variation_decide").order_by("id").last()
    assert audit.before["extension_days"] == 0 and audit.after["extension_days"] == 14


def test_an_extension_past_the_s127_date_needs_an_override(force) -> None:
    # Offence on 15 November: s127 ends 15 May; the contract ends 25 March + 28 days' margin.
    case = signed_case(force, summary_only=True, committed_on=dt.date(2026, 11, 15))
    with pytest.raises(DomainError, match="s127"):
        variation_request(
            actor=force.navigator, case=case, kind=VariationKind.EXTEND, days=30, reason="Ill"
        )
    variation_request(
        actor=force.navigator, case=case, kind=VariationKind.EXTEND, days=14, reason="Ill"
    )


def test_a_pause_moves_the_end_date_and_resuming_fixes_it(force) -> None:
    case = signed_case(force)
    with on(dt.date(2027, 1, 10)):
        pause = contract_pause(
            actor=force.navigator, case=case, start=dt.date(2027, 1, 8), reason="In hospital"
        )
        assert contract_end_date(case, today=dt.date(2027, 1, 10)) == dt.date(2027, 3, 25)
        variation_decide(actor=force.supervisor, variation=pause, approved=True, note="Seen")
        with pytest.raises(DomainError, match="already waiting"):
            contract_resume(actor=force.navigator, case=case, end=dt.date(2027, 1, 9), reason="x")
            contract_resume(actor=force.navigator, case=case, end=dt.date(2027, 1, 9), reason="y")
    assert contract_end_date(case, today=dt.date(2027, 1, 10)) == dt.date(2027, 3, 27)
    assert contract_end_date(case, today=dt.date(2027, 1, 20)) == dt.date(2027, 4, 6)
    with on(dt.date(2027, 1, 22)):
        resume = Variation.objects.get(kind=VariationKind.RESUME.value)
        variation_decide(actor=force.supervisor, variation=resume, approved=True, note="Home")
    stored = ContractPause.objects.get()
    assert (stored.start, stored.end, stored.approved_by) == (
        dt.date(2027, 1, 8),
        dt.date(2027, 1, 9),
        force.supervisor,
    )
    assert contract_end_date(case, today=dt.date(2027, 3, 1)) == dt.date(2027, 3, 26)


def test_variations_need_an_active_contract_and_a_reason(force) -> None:
    case = approved_case(force)
    with pytest.raises(DomainError, match="so you cannot vary the contract"):
        contract_pause(actor=force.navigator, case=case, start=TODAY, reason="x")
    active = signed_case(force)
    with pytest.raises(DomainError, match="Give a reason"):
        contract_pause(actor=force.navigator, case=active, start=TODAY, reason=" ")


# Progress -----------------------------------------------------------------------------------


def test_hours_and_evidence_make_conditions_met_and_all_met_at_the_end(force) -> None:
    case = signed_case(force)
    with on(dt.date(2026, 12, 10)):
        community_hours_log(
            actor=force.navigator,
            case=case,
            worked_on=dt.date(2026, 12, 5),
            hours=Decimal("7.5"),
            placement="Food bank",
            verified_by="A. Manager",
        )
        condition_evidence_record(
            actor=force.navigator,
            case=case,
            code="apology_letter",
            kind=EvidenceKind.EVIDENCE_RECEIVED,
            occurred_on=dt.date(2026, 12, 9),
            note="Letter received and checked",
        )
    partial = view(case, "unpaid_work", dt.date(2026, 12, 10))
    assert partial.progress == "7.5 of 18 hours" and not partial.met
    letter = view(case, "apology_letter", dt.date(2026, 12, 10))
    assert letter.met and letter.met_on == dt.date(2026, 12, 9)
    with on(dt.date(2027, 2, 20)):
        for day in (dt.date(2027, 1, 9), dt.date(2027, 1, 16)):
            community_hours_log(
                actor=force.navigator,
                case=case,
                worked_on=day,
                hours=Decimal(6),
                placement="Food bank",
                verified_by="A. Manager",
            )
        for day in (dt.date(2026, 12, 14), dt.date(2027, 1, 11)):
            condition_evidence_record(
                actor=force.navigator,
                case=case,
                code="drug_treatment",
                kind=EvidenceKind.SESSION_ATTENDED,
                occurred_on=day,
            )
        condition_evidence_record(
            actor=force.navigator,
            case=case,
            code="gps_tag",
            kind=EvidenceKind.DAYS_COMPLETED,
            occurred_on=dt.date(2027, 1, 31),
            amount=28,
        )
    work = view(case, "unpaid_work", dt.date(2027, 2, 20))
    assert work.met and work.met_on == dt.date(2027, 1, 16) and work.progress == "19.5 of 18 hours"
    assert not all_conditions_met(case, today=dt.date(2027, 3, 24))  # not reoffending: not yet
    assert all_conditions_met(case, today=dt.date(2027, 3, 25))
    no_offence = view(case, "no_reoffending", dt.date(2027, 3, 25))
    assert no_offence.met and no_offence.due_on == dt.date(2027, 3, 25)


def test_a_new_offence_breaks_the_no_reoffending_condition(force) -> None:
    case = signed_case(force)
    CustodyEvent.objects.create(
        person=case.person,
        occurred_at=timezone.now(),
        offence=OffenceFactory(code="CRIMINAL-DAMAGE"),
        offence_date=dt.date(2027, 1, 3),
        disposal=Disposal.CHARGED.value,
        source="test",
    )
    CustodyEvent.objects.create(
        person=case.person,
        occurred_at=timezone.now(),
        offence=OffenceFactory(code="CRIMINAL-DAMAGE"),
        offence_date=dt.date(2027, 1, 2),
        disposal=Disposal.NO_FURTHER_ACTION.value,
        source="test",
    )
    broken = view(case, "no_reoffending", dt.date(2027, 1, 10))
    assert broken.broken and broken.progress == "New offence committed on 3 January 2027"
    assert not all_conditions_met(case, today=dt.date(2027, 4, 1))


def test_overdue_conditions_are_flagged(force) -> None:
    case = signed_case(force)
    letter = view(case, "apology_letter", dt.date(2026, 12, 21))
    assert letter.overdue and letter.status_label == "Overdue"


def test_hours_are_checked(force) -> None:
    case = signed_case(force)

    def log(day: dt.date, hours: str):
        return community_hours_log(
            actor=force.navigator,
            case=case,
            worked_on=day,
            hours=Decimal(hours),
            placement="Park",
            verified_by="B. Warden",
        )

    with on(dt.date(2026, 12, 10)):
        log(dt.date(2026, 12, 1), "8")
        with pytest.raises(DomainError, match="8 hours are already logged"):
            log(dt.date(2026, 12, 1), "4.5")
        with pytest.raises(DomainError, match="at most 12"):
            log(dt.date(2026, 12, 2), "13")
        with pytest.raises(DomainError, match="future"):
            log(dt.date(2026, 12, 11), "2")
        with pytest.raises(DomainError, match="before the contract started"):
            log(dt.date(2026, 11, 24), "2")
    audit = AuditEvent.objects.get(verb="contract.hours")
    assert audit.person_id == case.person_id and audit.after["hours"] == "8"


def test_evidence_must_suit_the_condition(force) -> None:
    case = signed_case(force)
    with pytest.raises(DomainError, match="you can record: evidence received"):
        condition_evidence_record(
            actor=force.navigator,
            case=case,
            code="apology_letter",
            kind=EvidenceKind.SESSION_ATTENDED,
            occurred_on=TODAY,
        )
    with pytest.raises(DomainError, match="Say what evidence"):
        condition_evidence_record(
            actor=force.navigator,
            case=case,
            code="apology_letter",
            kind=EvidenceKind.EVIDENCE_RECEIVED,
            occurred_on=TODAY,
        )
    with pytest.raises(DomainError, match="no condition 'reparation'"):
        condition_evidence_record(
            actor=force.navigator,
            case=case,
            code="reparation",
            kind=EvidenceKind.EVIDENCE_RECEIVED,
            occurred_on=TODAY,
            note="x",
        )
    with pytest.raises(DomainError, match="navigator or a supervisor"):
        condition_evidence_record(
            actor=force.victim_liaison,
            case=case,
            code="drug_treatment",
            kind=EvidenceKind.SESSION_MISSED,
            occurred_on=TODAY,
        )
    missed = condition_evidence_record(
        actor=force.navigator,
        case=case,
        code="drug_treatment",
        kind=EvidenceKind.SESSION_MISSED,
        occurred_on=TODAY,
        note="Did not attend; no reason given",
    )
    assert missed.pk and view(case, "drug_treatment", TODAY).progress == "0 of 2 sessions"


def test_evidence_counts_across_versions(force) -> None:
    case = signed_case(force)
    condition_evidence_record(
        actor=force.navigator,
        case=case,
        code="drug_treatment",
        kind=EvidenceKind.SESSION_ATTENDED,
        occurred_on=TODAY,
    )
    extend = variation_request(
        actor=force.navigator, case=case, kind=VariationKind.EXTEND, days=7, reason="Holiday"
    )
    variation_decide(actor=force.supervisor, variation=extend, approved=True, note="ok")
    assert current_contract(case).number == 2
    assert view(case, "drug_treatment", TODAY).progress == "1 of 2 sessions"


# The prosecution file's summary ---------------------------------------------------------------


def test_contract_summary_tells_the_story(force) -> None:
    assert contract_summary(eligible_case(force)) == {}
    case = signed_case(force)
    pause = contract_pause(actor=force.navigator, case=case, start=TODAY, reason="Court date")
    variation_decide(actor=force.supervisor, variation=pause, approved=True, note="ok")
    summary = contract_summary(case)
    assert summary["version"] == 1 and summary["signed_on"] == TODAY
    assert (
        summary["signature"] == "John Smith"
        and summary["approved_by"] == force.supervisor.display_name
    )
    assert summary["started_on"] == TODAY and summary["ends_on"] == dt.date(2027, 3, 25)
    assert summary["conditions"][0]["code"] == "no_reoffending"
    assert summary["conditions"][1]["wording"].startswith("You will write a letter")
    assert summary["conditions"][1]["status"] == "in progress"
    assert summary["variations"][0]["kind"] == "pause"
    assert summary["variations"][0]["status"] == "approved"
    assert summary["pauses"][0]["reason"] == "Court date"

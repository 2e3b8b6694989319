"""Case services against the database: state changes, timeline and audit in one transaction."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction

from checkpoint.audit.actions import AuditAction
from checkpoint.audit.models import AuditEvent
from checkpoint.casework.models import Case, CaseEvent, CaseEventKind
from checkpoint.casework.services import (
    NewPerson,
    ReferredOffence,
    case_assign_navigator,
    case_refer,
    case_transition,
    referral_submit,
)
from checkpoint.domain.errors import DomainError, TransitionNotAllowed
from checkpoint.domain.lifecycle import CaseState, Transition
from checkpoint.domain.offences import ModeOfTrial
from checkpoint.domain.people import Sex
from checkpoint.people.models import Person
from tests.factories import CaseFactory, CaseOffenceFactory, OffenceFactory, PersonFactory

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_refer_opens_a_case_with_timeline_and_audit(force, frozen) -> None:
    person = PersonFactory()
    offence = OffenceFactory(code="THEFT-FROM-SHOP", title="Theft from a shop")
    case = case_refer(
        actor=force.custody,
        person=person,
        offences=[ReferredOffence(offence, dt.date(2026, 11, 20))],
        custody_reference="CU/123",
        team=force.north,
    )
    assert case.reference == f"CP-2026-{case.pk:06d}"
    assert case.state == CaseState.REFERRED.value
    assert case.offences.get().is_primary
    event = case.events.get()
    assert event.kind == CaseEventKind.REFERRED and event.actor == force.custody
    audit = AuditEvent.objects.get(verb="case.refer")
    assert audit.action == AuditAction.COLLECTION.value
    assert audit.person_id == person.pk and audit.actor == force.custody
    assert audit.after["offences"][0]["code"] == "THEFT-FROM-SHOP"


def test_refer_refuses_future_offences_and_wrong_roles(force, frozen) -> None:
    person = PersonFactory()
    offence = OffenceFactory()
    with pytest.raises(DomainError, match="in the future"):
        case_refer(
            actor=force.custody,
            person=person,
            offences=[ReferredOffence(offence, dt.date(2026, 12, 1))],
        )
    with pytest.raises(DomainError, match="custody officer or a supervisor"):
        case_refer(
            actor=force.navigator,
            person=person,
            offences=[ReferredOffence(offence, dt.date(2026, 11, 1))],
        )
    assert not Case.objects.exists()


def test_referral_for_a_new_person_adds_them_to_the_index(force, frozen) -> None:
    offence = OffenceFactory()
    case = referral_submit(
        actor=force.custody,
        person=None,
        new_person=NewPerson(
            given_names="Jon",
            family_name="Smyth",
            date_of_birth=dt.date(1990, 3, 12),
            sex=Sex.MALE,
            address_area="North",
            pnc_id="14/0123456k",
        ),
        offences=[ReferredOffence(offence, dt.date(2026, 11, 24))],
    )
    person = Person.objects.get()
    assert case.person == person and person.pnc_id == "14/0123456K"
    assert case.team == force.north  # the team that serves the person's area
    assert set(AuditEvent.objects.values_list("verb", flat=True)) == {"person.create", "case.refer"}


def test_a_failed_referral_leaves_nothing_behind(force, frozen) -> None:
    PersonFactory(pnc_id="14/0000001A")
    offence = OffenceFactory()
    with pytest.raises(DomainError, match="already belongs"):
        referral_submit(
            actor=force.custody,
            person=None,
            new_person=NewPerson(
                given_names="A",
                family_name="B",
                date_of_birth=dt.date(1990, 1, 1),
                sex=Sex.FEMALE,
                pnc_id="14/0000001A",
            ),
            offences=[ReferredOffence(offence, dt.date(2026, 11, 24))],
        )
    assert Person.objects.count() == 1 and not Case.objects.exists()
    assert not AuditEvent.objects.exists()


def test_transition_moves_state_and_records_event_and_audit(force, frozen) -> None:
    case = CaseOffenceFactory(case__team=force.north).case
    case_transition(actor=force.custody, case=case, transition=Transition.SCREEN_ELIGIBLE)
    case.refresh_from_db()
    assert case.state == CaseState.ELIGIBLE.value
    assert case.decided_at == NOW
    event = CaseEvent.objects.get(case=case, kind=CaseEventKind.TRANSITION)
    assert (event.from_state, event.to_state) == ("referred", "eligible")
    audit = AuditEvent.objects.get(verb="case.transition")
    assert audit.before == {"state": "referred"} and audit.after["state"] == "eligible"
    assert audit.action == AuditAction.ALTERATION.value


def test_forbidden_transition_changes_nothing(force, frozen) -> None:
    case = CaseOffenceFactory().case
    with pytest.raises(TransitionNotAllowed):
        case_transition(actor=force.navigator, case=case, transition=Transition.SCREEN_ELIGIBLE)
    case.refresh_from_db()
    assert case.state == CaseState.REFERRED.value
    assert not CaseEvent.objects.exists() and not AuditEvent.objects.exists()


def test_summary_only_offence_three_months_old_cannot_be_offered_a_contract(force, frozen) -> None:
    offence = OffenceFactory(mode_of_trial=ModeOfTrial.SUMMARY_ONLY.value)
    case = CaseOffenceFactory(
        offence=offence, committed_on=dt.date(2026, 8, 25), case__state=CaseState.ELIGIBLE.value
    ).case
    with pytest.raises(TransitionNotAllowed, match="s127"):
        case_transition(actor=force.custody, case=case, transition=Transition.OFFER_CONTRACT)
    case_transition(
        actor=force.custody,
        case=case,
        transition=Transition.OFFER_CONTRACT,
        limitation_override_approved=True,
    )
    assert case.state == CaseState.CONTRACT_OFFERED.value


def test_a_stale_page_cannot_overwrite_a_newer_state(force, frozen) -> None:
    case = CaseOffenceFactory().case
    stale = Case.objects.get(pk=case.pk)
    case_transition(actor=force.custody, case=case, transition=Transition.SCREEN_INELIGIBLE)
    with pytest.raises(DomainError, match="changed while you were working"):
        case_transition(actor=force.custody, case=stale, transition=Transition.SCREEN_ELIGIBLE)


def test_signing_starts_the_contract_clock(force, frozen) -> None:
    case = CaseOffenceFactory(case__state=CaseState.CONTRACT_OFFERED.value).case
    case_transition(
        actor=force.navigator,
        case=case,
        transition=Transition.SIGN_CONTRACT,
        contract_approved=True,
    )
    assert case.contract_started_on == dt.date(2026, 11, 25)


def test_follow_up_closes_only_after_24_months(force) -> None:
    with time_machine.travel(NOW, tick=False):
        case = CaseOffenceFactory(case__state=CaseState.REFERRED.value).case
        case_transition(actor=force.custody, case=case, transition=Transition.SCREEN_INELIGIBLE)
        case_transition(actor=None, case=case, transition=Transition.START_FOLLOW_UP)
        with pytest.raises(TransitionNotAllowed, match="not ended"):
            case_transition(actor=None, case=case, transition=Transition.CLOSE)
    with time_machine.travel(NOW + dt.timedelta(days=732), tick=False):
        case_transition(actor=None, case=case, transition=Transition.CLOSE)
    assert case.state == CaseState.CLOSED.value
    assert AuditEvent.objects.filter(actor__isnull=True, actor_label="system").count() == 2


def test_assign_and_transfer_need_a_supervisor_and_a_reason(force, frozen) -> None:
    case = CaseFactory(state=CaseState.ELIGIBLE.value, team=force.north)
    with pytest.raises(DomainError, match="Only a supervisor"):
        case_assign_navigator(actor=force.navigator, case=case, navigator=force.navigator)
    with pytest.raises(DomainError, match="not in your team"):
        case_assign_navigator(actor=force.supervisor, case=case, navigator=force.south_navigator)
    case_assign_navigator(actor=force.supervisor, case=case, navigator=force.navigator)
    with pytest.raises(DomainError, match="reason"):
        case_assign_navigator(actor=force.supervisor, case=case, navigator=force.other_navigator)
    case_assign_navigator(
        actor=force.supervisor,
        case=case,
        navigator=force.other_navigator,
        reason="Navigator on leave",
    )
    case.refresh_from_db()
    assert case.navigator == force.other_navigator
    assert AuditEvent.objects.filter(verb="case.assign").count() == 2


def test_changes_cannot_be_audited_outside_a_transaction(force) -> None:
    from checkpoint.audit.services import AuditOutsideTransaction, audit_record

    connection = transaction.get_connection()
    # pytest-django wraps each test in a transaction; step outside it to prove the guard.
    in_block = connection.in_atomic_block
    connection.in_atomic_block = False
    try:
        with pytest.raises(AuditOutsideTransaction):
            audit_record(
                actor=force.custody,
                action=AuditAction.ALTERATION,
                verb="x.y",
                object_type="x",
                object_id="1",
            )
    finally:
        connection.in_atomic_block = in_block


def test_case_clocks_take_the_decision_day_in_uk_time(force) -> None:
    from checkpoint.casework.selectors import case_clocks_for

    # 23:30 UTC on 1 July is 00:30 BST on 2 July: the decision was made on 2 July.
    decided = dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC)
    case = CaseOffenceFactory(case__decided_at=decided, committed_on=dt.date(2026, 6, 20)).case
    clocks = case_clocks_for(case, today=dt.date(2026, 7, 2))
    assert clocks.offence_age_days_at_decision == 12
    assert clocks.follow_up_ends == dt.date(2028, 7, 2)


def test_case_clocks_honour_approved_contract_pauses(force) -> None:
    from django.utils import timezone

    from checkpoint.casework.selectors import case_clocks_for
    from checkpoint.contracts.models import Contract, ContractPause

    case = CaseOffenceFactory(
        case__state=CaseState.ACTIVE.value, case__contract_started_on=dt.date(2026, 9, 1)
    ).case
    contract = Contract.objects.create(case=case, created_at=timezone.now())
    ContractPause.objects.create(
        contract=contract,
        start=dt.date(2026, 10, 1),
        end=dt.date(2026, 10, 15),
        reason="In hospital",
        approved_by=force.supervisor,
        approved_at=timezone.now(),
    )
    clocks = case_clocks_for(case, today=dt.date(2026, 11, 1))
    assert clocks.contract_ends == dt.date(2027, 1, 15)  # 1 January plus 14 paused days

"""The demo force: every state shown, valid timelines and casework, reproducible, usable."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import re
from collections import Counter
from datetime import date, timedelta
from unittest.mock import patch

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, F, Q
from django.template.loader import render_to_string

from checkpoint.accounts.models import Team, User
from checkpoint.audit.models import AuditEvent
from checkpoint.casework.alert_services import tick_run
from checkpoint.casework.documents import (
    completion_letter_context,
    filename_for,
    prosecution_file_context,
)
from checkpoint.casework.models import (
    Alert,
    Appointment,
    BreachDecision,
    BreachProposal,
    Case,
    CaseCompletion,
    CaseDocument,
    CaseEvent,
    CaseEventKind,
    CaseNote,
    DocumentKind,
)
from checkpoint.casework.work_selectors import (
    allocated_at,
    appointment_facts,
    navigator_worklist,
    team_deadline_risks,
)
from checkpoint.contracts.catalogue import catalogue_named
from checkpoint.contracts.models import ContractVersion
from checkpoint.contracts.selectors import (
    all_conditions_met,
    approved_version,
    current_contract,
    signed_version,
)
from checkpoint.directory.models import ServiceReferral
from checkpoint.domain.appointments import (
    Attendance,
    WorkKind,
    first_appointment_check,
    is_enforceable,
)
from checkpoint.domain.breach import BreachOutcome
from checkpoint.domain.clocks import (
    OffenceDate,
    add_months,
    case_clocks,
    offence_is_recent,
    uk_date,
)
from checkpoint.domain.contracts import render_wording
from checkpoint.domain.decision import approvals_needed
from checkpoint.domain.disposals import POSITIVE_DISPOSALS, Disposal
from checkpoint.domain.eligibility import screen
from checkpoint.domain.lifecycle import CaseFacts, CaseState, Transition, apply_transition
from checkpoint.domain.needs import (
    Pathway,
    PathwayStatus,
    ReferralStatus,
    check_pathway_status_change,
    check_referral_status_change,
)
from checkpoint.domain.offences import ModeOfTrial
from checkpoint.domain.roles import Role
from checkpoint.domain.screening import Approval, Outcome, RuleStatus, ScreeningInput
from checkpoint.needs.models import NeedsAssessment, PathwayStatusChange, SelfReportResponse
from checkpoint.offences.catalogue import DEFAULT_CATALOGUE
from checkpoint.offences.selectors import offence_facts
from checkpoint.offences.services import offence_catalogue_import
from checkpoint.people.models import CustodyEvent, Person, PersonName
from checkpoint.policies.loader import policy_in_force
from checkpoint.screening.models import ScreeningApproval, ScreeningDecision
from checkpoint.screening.selectors import (
    outcome_in_effect,
    pending_approvals,
    s127_override_granted,
)
from checkpoint.screening.services import result_rows
from checkpoint.victims.models import Victim
from checkpoint.web.demo.cases import PASSING
from checkpoint.web.demo.casework import DOCUMENT_DAYS
from checkpoint.web.demo.documents import Rendering
from checkpoint.web.demo.fingerprint import demo_fingerprint
from checkpoint.web.demo.generator import (
    DemoResult,
    calibration,
    catalogue_offences,
    demo_load,
    plan_demo,
    reoffended_within,
)
from checkpoint.web.demo.identifiers import PNC_CHECK_LETTERS
from checkpoint.web.demo.offences import IN_SCOPE_FAMILIES
from checkpoint.web.demo.population import PRIOR_BANDS
from checkpoint.web.demo.progress import NoProgress
from checkpoint.web.demo.staff import DEMO_PASSWORD, STAFF
from checkpoint.web.demo.timing import cutoff_for

AS_OF = date(2025, 6, 15)
PEOPLE = 250
SCREENING = {Transition.SCREEN_ELIGIBLE.value, Transition.SCREEN_INELIGIBLE.value}
SCREENED = {
    Transition.SCREEN_ELIGIBLE.value: Outcome.ELIGIBLE,
    Transition.SCREEN_INELIGIBLE.value: Outcome.INELIGIBLE,
    Transition.SCREEN_NEEDS_INFORMATION.value: Outcome.NEEDS_INFORMATION,
}
ALLOCATION = {Transition.ALLOCATE_DIVERSION.value, Transition.ALLOCATE_USUAL_PROCESS.value}
OPEN_STATES = [s.value for s in CaseState if s.is_open_casework]


@pytest.fixture
def loaded(db: None) -> DemoResult:
    """Load a small demo force."""
    return demo_load(people=PEOPLE, seed=7, as_of=AS_OF)


def _cases() -> list[Case]:
    return list(
        Case.objects.select_related("navigator")
        .prefetch_related("offences__offence", "events__actor")
        .order_by("reference")
    )


@pytest.mark.django_db
def test_every_case_state_appears(loaded: DemoResult) -> None:
    states = Counter(Case.objects.values_list("state", flat=True))
    # At 06:00 the daily check has just moved every finished case into follow-up, and a
    # decision to end a contract refers it for prosecution at once, so those states are
    # only ever seen on timelines.
    assert {CaseState(s) for s in states} == set(CaseState) - PASSING
    reached = set(CaseEvent.objects.exclude(to_state="").values_list("to_state", flat=True))
    assert {CaseState(s) for s in reached} == set(CaseState)
    assert loaded.cases_by_state == {s: states[s.value] for s in CaseState}


@pytest.mark.django_db
def test_every_timeline_replays_through_the_transition_table(loaded: DemoResult) -> None:
    cutoff = cutoff_for(AS_OF)
    for case in _cases():
        override = s127_override_granted(case)
        offences = [
            OffenceDate(co.committed_on, ModeOfTrial(co.offence.mode_of_trial))
            for co in case.offences.all()
        ]
        events = sorted(case.events.all(), key=lambda e: (e.occurred_at, e.pk))
        assert events[0].kind == CaseEventKind.REFERRED
        assert events[0].occurred_at == case.referred_at
        times = [e.occurred_at for e in events]
        assert times == sorted(set(times)), case.reference
        assert times[-1] <= cutoff
        transitions = [e for e in events if e.kind == CaseEventKind.TRANSITION]
        trial = any(e.transition in ALLOCATION for e in transitions)
        state, decided, signed_on = CaseState.REFERRED, None, None
        for event in transitions:
            assert event.from_state == state.value, case.reference
            today = uk_date(event.occurred_at)
            clocks = case_clocks(
                offences=offences,
                today=today,
                decided_on=uk_date(decided) if decided else None,
                contract_started_on=signed_on,
            )
            facts = CaseFacts(
                trial_running=trial,
                decision_made=decided is not None,
                limitation_at_risk=clocks.limitation.at_risk,
                limitation_override_approved=override,
                contract_approved=True,
                all_conditions_met=True,
                follow_up_ended=(
                    clocks.follow_up_ends is not None and today > clocks.follow_up_ends
                ),
                reason=event.detail,
            )
            role = event.actor.role_enum if event.actor else Role.SYSTEM
            assert role is not None
            state = apply_transition(
                state=state, transition=Transition(event.transition), role=role, facts=facts
            )
            assert event.to_state == state.value
            assert event.summary == f"{CaseState(event.from_state).label} → {state.label}"
            if role is Role.NAVIGATOR:
                assert event.actor == case.navigator, case.reference
            if event.transition in SCREENING:
                decided = event.occurred_at
            if event.transition == Transition.SIGN_CONTRACT.value:
                signed_on = today
        assert state.value == case.state
        assert case.decided_at == decided
        assert case.contract_started_on == signed_on
        last = transitions[-1].occurred_at if transitions else case.referred_at
        assert case.state_changed_at == last


@pytest.mark.django_db
def test_eligible_cases_are_for_recent_in_scope_offences(loaded: DemoResult) -> None:
    eligible = Case.objects.filter(events__transition=Transition.SCREEN_ELIGIBLE.value)
    assert eligible.exists()
    for case in eligible.prefetch_related("offences__offence"):
        assert case.decided_at is not None
        for co in case.offences.all():
            assert co.offence.family in {f.value for f in IN_SCOPE_FAMILIES}, co.offence.code
            assert not co.offence.default_serious
            assert offence_is_recent(
                offence_date=co.committed_on, on=uk_date(case.decided_at), max_age_months=3
            )


@pytest.mark.django_db
def test_some_live_case_is_near_its_s127_date(loaded: DemoResult) -> None:
    today = AS_OF
    warned = []
    for case in Case.objects.filter(state=CaseState.ACTIVE.value).prefetch_related(
        "offences__offence"
    ):
        clocks = case_clocks(
            offences=[
                OffenceDate(co.committed_on, ModeOfTrial(co.offence.mode_of_trial))
                for co in case.offences.all()
            ],
            today=today,
            contract_started_on=case.contract_started_on,
        )
        if clocks.limitation.applies and 0 <= (clocks.limitation.days_left or -1) <= 28:
            warned.append(case.reference)
    assert warned


@pytest.mark.django_db
def test_same_seed_and_date_give_the_same_data_and_another_seed_does_not(
    loaded: DemoResult,
) -> None:
    first = demo_fingerprint()
    demo_load(people=PEOPLE, seed=7, as_of=AS_OF, replace=True)
    assert demo_fingerprint() == first
    other = demo_load(people=PEOPLE, seed=8, as_of=AS_OF, replace=True)
    assert demo_fingerprint() != first
    # --replace removed the previous load's decisions and approvals with its cases.
    planned = [d for c in other.plan.cases for d in c.decisions]
    assert ScreeningDecision.objects.count() == len(planned)
    assert ScreeningApproval.objects.count() == sum(len(d.approvals) for d in planned)
    assert set(ScreeningDecision.objects.values_list("case__reference", flat=True)) == {
        c.reference for c in other.plan.cases if c.decisions
    }
    demo_load(people=PEOPLE, seed=7, as_of=AS_OF + timedelta(days=1), replace=True)
    assert demo_fingerprint() != first


@pytest.mark.django_db
def test_prior_disposals_and_reoffending_follow_the_calibration() -> None:
    offence_catalogue_import(actor=None, path=DEFAULT_CATALOGUE)
    plan = plan_demo(people=6000, seed=11, as_of=AS_OF, offences=catalogue_offences())
    figures = calibration(plan)
    for label, _, _, share in PRIOR_BANDS:
        assert figures.prior_shares[label] == pytest.approx(share, abs=0.025), label
    assert figures.one_year_by_band["none"] == pytest.approx(0.11, abs=0.03)
    prolific = [
        p
        for p in plan.people
        if p.priors >= 11
        and p.index_at is not None
        and p.index_at <= plan.cutoff - timedelta(days=548)
    ]
    rate = sum(reoffended_within(p, 365) for p in prolific) / len(prolific)
    assert rate == pytest.approx(0.47, abs=0.09)
    rates = list(figures.one_year_by_band.values())
    assert rates == sorted(rates)
    assert figures.contract_reoffending == pytest.approx(0.056, abs=0.035)


@pytest.mark.django_db
def test_the_database_holds_the_planned_histories(loaded: DemoResult) -> None:
    plan = loaded.plan
    index = {p.force_person_id: p for p in plan.people}
    assert Person.objects.count() == PEOPLE
    assert CustodyEvent.objects.count() == sum(len(p.custody) for p in plan.people)
    positive = [d.value for d in POSITIVE_DISPOSALS]
    for person in Person.objects.all():
        planned = index[person.force_person_id]
        assert planned.index_at is not None
        priors = CustodyEvent.objects.filter(
            person=person, occurred_at__lt=planned.index_at, disposal__in=positive
        ).count()
        assert priors == planned.priors


@pytest.mark.django_db
def test_people_look_like_a_force_area(loaded: DemoResult) -> None:
    people = list(Person.objects.all())
    for person in people:
        age = (AS_OF - person.date_of_birth).days / 365.25
        assert 18 <= age < 76
        assert re.fullmatch(r"DUR\d{8}", person.force_person_id)
        if person.pnc_id:
            match = re.fullmatch(r"(\d{2})/(\d{7})([A-Z])", person.pnc_id)
            assert match, person.pnc_id
            number = int(match.group(1) + match.group(2))
            assert match.group(3) == PNC_CHECK_LETTERS[number % 23]
        assert person.created_at.microsecond == 0
    assert sum(bool(p.pnc_id) for p in people) > 0.8 * len(people)
    assert PersonName.objects.filter(kind=PersonName.Kind.PRIMARY).count() == len(people)
    areas = Counter(p.address_area for p in people)
    assert set(areas) <= {"North", "South", "Out of area"}
    assert sum(p.sex == "male" for p in people) > 0.7 * len(people)
    references = list(Case.objects.values_list("reference", flat=True))
    assert all(re.fullmatch(r"CP-\d{4}-\d{6}", r) for r in references)
    for event in CustodyEvent.objects.all():
        arrested = uk_date(event.occurred_at)
        assert event.offence_date <= arrested
        if event.disposal_date is not None:
            assert arrested <= event.disposal_date <= AS_OF
    # Whole seconds everywhere, so SQLite and PostgreSQL store (and fingerprint) the same.
    assert all(t.microsecond == 0 for t in CaseEvent.objects.values_list("occurred_at", flat=True))
    assert all(
        t.microsecond == 0 for t in CustodyEvent.objects.values_list("occurred_at", flat=True)
    )


@pytest.mark.django_db
def test_demo_accounts_exist_with_their_roles_and_can_sign_in(loaded: DemoResult) -> None:
    for spec in STAFF:
        user = User.objects.get(username=spec.username)
        assert user.role_enum is spec.role
        assert (user.team.area if user.team else None) == spec.area
        assert user.collar_number and user.first_name and user.last_name
        assert authenticate(username=spec.username, password=DEMO_PASSWORD) == user
    navigators = User.objects.filter(role=Role.NAVIGATOR.value)
    assert navigators.count() == 8
    assert set(navigators.values_list("caseload_limit", flat=True)) == {25}
    assert AuditEvent.objects.filter(verb="demo.load").count() == 1


@pytest.mark.django_db
def test_navigators_hold_open_caseloads_in_their_own_team(loaded: DemoResult) -> None:
    loads = User.objects.filter(role=Role.NAVIGATOR.value).annotate(
        open_cases=Count("caseload", filter=Q(caseload__state__in=OPEN_STATES))
    )
    assert all(n.open_cases >= 1 for n in loads), {n.username: n.open_cases for n in loads}
    assert not Case.objects.exclude(navigator=None).exclude(navigator__team=F("team")).exists()


@pytest.mark.django_db
def test_command_loads_and_if_empty_leaves_a_loaded_database_alone() -> None:
    out = io.StringIO()
    call_command(
        "demo-data",
        "--people",
        "80",
        "--seed",
        "3",
        "--as-of",
        "2025-06-15",
        "--fingerprint",
        stdout=out,
        verbosity=0,
    )
    text = out.getvalue()
    assert "80 people" in text
    fingerprint = re.search(r"Fingerprint: ([0-9a-f]{64})", text)
    assert fingerprint and fingerprint.group(1) == demo_fingerprint()
    out = io.StringIO()
    call_command("demo-data", "--people", "500", "--if-empty", stdout=out, verbosity=0)
    assert "already holds 80 people" in out.getvalue()
    assert Person.objects.count() == 80
    with pytest.raises(CommandError, match="--replace"):
        call_command("demo-data", "--people", "50", stdout=io.StringIO(), verbosity=0)
    logins = io.StringIO()
    call_command("demo-logins", stdout=logins)
    assert "navigator8" in logins.getvalue() and DEMO_PASSWORD in logins.getvalue()
    assert "http://127.0.0.1:8000/" in logins.getvalue()


def _decisions() -> dict[int, list[ScreeningDecision]]:
    found: dict[int, list[ScreeningDecision]] = {}
    for decision in (
        ScreeningDecision.objects.select_related("decided_by")
        .prefetch_related("approvals__decided_by")
        .order_by("decided_at", "pk")
    ):
        found.setdefault(decision.case_id, []).append(decision)
    return found


@pytest.mark.django_db
def test_every_screening_step_is_a_decision_of_the_rules(loaded: DemoResult) -> None:
    decisions = _decisions()
    screened = pending = approved = 0
    for case in Case.objects.select_related("decided_by").prefetch_related("events__actor"):
        steps = sorted(
            (e for e in case.events.all() if e.transition in SCREENED),
            key=lambda e: e.occurred_at,
        )
        mine = decisions.get(case.pk, [])
        taken = [d for d in mine if outcome_in_effect(d) is not None]
        assert len(taken) == len(steps), case.reference
        for step, decision in zip(steps, taken, strict=True):
            # The outcome in effect (the rules', or one a supervisor approved) is the step's.
            assert outcome_in_effect(decision) is SCREENED[step.transition], case.reference
            assert decision.decided_by.role_enum in {Role.CUSTODY_OFFICER, Role.SUPERVISOR}
            if not decision.needed:
                assert decision.requested is decision.computed
                assert decision.decided_at == step.occurred_at
                assert decision.decided_by == step.actor
                continue
            approved += 1
            answers = list(decision.approvals.all())
            assert {Approval(a.approval) for a in answers} == set(decision.needed)
            for answer in answers:
                assert answer.granted and answer.note
                assert answer.decided_by.role_enum is Role.SUPERVISOR
                assert answer.decided_by != decision.decided_by
                assert decision.decided_at < answer.decided_at < step.occurred_at
                assert step.actor == answer.decided_by
        screened += bool(steps)
        # A decision still waiting for a supervisor leaves the referral where it was.
        for decision in mine[len(taken) :]:
            assert pending_approvals(decision), case.reference
            assert case.state in {CaseState.REFERRED.value, CaseState.NEEDS_INFORMATION.value}
            pending += 1
        finals = [e for e in steps if e.transition in SCREENING]
        assert case.decided_by == (finals[-1].actor if finals else None), case.reference
    assert screened and approved
    assert ScreeningDecision.objects.count() == sum(len(v) for v in decisions.values())


@pytest.mark.django_db
def test_stored_decisions_replay_exactly_under_their_policy(loaded: DemoResult) -> None:
    scheme, directory = settings.CHECKPOINT_SCHEME, settings.CHECKPOINT_POLICY_DIR
    cases = {
        c.pk: c for c in Case.objects.select_related("person").prefetch_related("offences__offence")
    }
    convicted: dict[int, list[date]] = {}
    for person_id, on in CustodyEvent.objects.filter(disposal=Disposal.CONVICTED.value).values_list(
        "person_id", "disposal_date"
    ):
        assert on is not None  # a conviction always has its court date
        convicted.setdefault(person_id, []).append(on)
    areas = set(Team.objects.values_list("area", flat=True))
    for decision in ScreeningDecision.objects.all():
        facts = ScreeningInput.model_validate(decision.inputs)
        assert facts.model_dump(mode="json") == decision.inputs
        day = facts.decision_date
        assert day == uk_date(decision.decided_at)
        policy = policy_in_force(scheme, day, directory)
        assert (decision.policy_name, decision.policy_version, decision.policy_sha256) == (
            policy.name,
            policy.policy.policy.version,
            policy.sha256,
        )
        result = screen(facts, policy.policy, offence_facts(o.code for o in facts.offences))
        rows = json.loads(json.dumps(result_rows(result), cls=DjangoJSONEncoder))
        assert rows == decision.results
        assert result.outcome is decision.computed
        assert result.limitation_last_date == decision.limitation_last_date
        needed = approvals_needed(result, decision.requested, decision.departure_reason)
        assert needed == decision.needed
        # The input is the case's own data, as the records stood on the day.
        case = cases[decision.case_id]
        person = case.person
        assert facts.person.date_of_birth == person.date_of_birth
        assert facts.person.lives_in_force_area == (person.address_area in areas)
        assert [(o.code, o.committed_on) for o in facts.offences] == [
            (co.offence.code, co.committed_on)
            for co in sorted(case.offences.all(), key=lambda co: not co.is_primary)
        ]
        assert facts.history.conviction_dates == sorted(
            on for on in convicted.get(person.pk, []) if on <= day
        )
        assert facts.history.previous_diversion is False


@pytest.mark.django_db
def test_timelines_quote_the_rules_reasons(loaded: DemoResult) -> None:
    decisions = _decisions()
    failing: Counter[str] = Counter()
    for event in CaseEvent.objects.filter(
        transition__in=[
            Transition.SCREEN_INELIGIBLE.value,
            Transition.SCREEN_NEEDS_INFORMATION.value,
        ]
    ):
        decision = next(
            d
            for d in decisions[event.case_id]
            if outcome_in_effect(d) is SCREENED[event.transition]
            and d.decided_at <= event.occurred_at
        )
        fails = [r for r in decision.results if r["status"] == RuleStatus.FAIL.value]
        if event.transition == Transition.SCREEN_INELIGIBLE.value:
            assert event.data["reasons"] == [r["code"] for r in fails]
            failing.update(r["code"] for r in fails)
        else:
            assert event.data["questions"] == [q for r in decision.results for q in r["questions"]]
        for row in decision.results:
            if row["status"] in {RuleStatus.FAIL.value, RuleStatus.NEEDS_INFORMATION.value}:
                assert row["officer"] in event.detail
        assert decision.policy_name in event.data["policy"]
    # A realistic spread of reasons, all of them the rules' own codes.
    assert len(failing) >= 5, failing
    assert "exclusion_on_bail.applies" in failing


# --- Casework ---------------------------------------------------------------------------------


def _transitions(transition: Transition) -> list[CaseEvent]:
    return list(
        CaseEvent.objects.filter(transition=transition.value)
        .select_related("case__navigator", "case__team")
        .order_by("case__reference")
    )


@pytest.mark.django_db
def test_every_active_case_has_an_approved_contract_signed_when_the_timeline_says(
    loaded: DemoResult,
) -> None:
    active = list(Case.objects.filter(state=CaseState.ACTIVE.value).select_related("navigator"))
    assert active
    for case in active:
        version = signed_version(case)
        assert version is not None, case.reference
        assert version == approved_version(case) == current_contract(case)
        consent = version.consent
        signed = CaseEvent.objects.get(case=case, transition=Transition.SIGN_CONTRACT.value)
        offered = CaseEvent.objects.get(case=case, transition=Transition.OFFER_CONTRACT.value)
        assert consent.signed_at == signed.occurred_at, case.reference
        assert case.contract_started_on == uk_date(consent.signed_at)
        assert consent.witnessed_by == case.navigator == signed.actor
        assert consent.explanation_given and consent.signature
        assert signed.detail == (
            f"Contract version {version.number} signed; witnessed by {case.navigator.display_name}"
        )
        assert version.offered_at == offered.occurred_at
        assert offered.detail == f"Contract version {version.number} offered"
        approval = version.approvals.get(approved=True)
        assert approval.decided_by.role_enum is Role.SUPERVISOR
        assert approval.decided_by != version.created_by
        assert approval.decided_by.team == case.team
        assert version.created_at < version.submitted_at < approval.decided_at
        assert approval.decided_at < offered.occurred_at
        # Conditions are the catalogue's, worded by it, due within the contract.
        catalogue = catalogue_named(version.catalogue_name).catalogue
        ends = add_months(case.contract_started_on, version.length_months)
        codes = []
        for condition in version.conditions.all():
            spec = catalogue.spec(condition.code)
            assert spec is not None
            assert condition.wording == render_wording(spec, condition.parameters, condition.due_on)
            assert condition.due_on is None or case.contract_started_on < condition.due_on < ends
            codes.append(condition.code)
        assert "no_reoffending" in codes and len(codes) <= 5
    # Nothing waits for a supervisor on a case that can no longer be contracted.
    waiting = ContractVersion.objects.filter(status="awaiting_approval")
    assert {v.contract.case.state for v in waiting.select_related("contract__case")} <= {
        CaseState.ELIGIBLE.value,
        CaseState.ALLOCATED_DIVERSION.value,
    }


@pytest.mark.django_db
def test_completed_contracts_met_every_condition_and_recent_ones_have_a_completion_record(
    loaded: DemoResult,
) -> None:
    completed = _transitions(Transition.COMPLETE)
    assert completed
    recorded = 0
    for event in completed:
        case = event.case
        assert all_conditions_met(case, today=uk_date(event.occurred_at)), case.reference
        assert not all_conditions_met(case, today=uk_date(event.occurred_at) - timedelta(days=30))
        completion = CaseCompletion.objects.filter(case=case).select_related("letter").first()
        if event.occurred_at < cutoff_for(AS_OF) - timedelta(days=DOCUMENT_DAYS):
            assert completion is None  # completed before completion records (see the docs)
            continue
        assert completion is not None, case.reference
        recorded += 1
        assert completion.outcome_code == "22"
        assert completion.completed_at == event.occurred_at
        assert completion.completed_by == event.actor == case.navigator
        letter = completion.letter
        assert letter.kind == DocumentKind.COMPLETION_LETTER
        assert bytes(letter.content).startswith(b"%PDF")
        assert letter.sha256 == hashlib.sha256(bytes(letter.content)).hexdigest()
        # End assessment and self-report, as well as the start ones.
        assert {a.stage for a in NeedsAssessment.objects.filter(case=case)} == {"start", "end"}
        assert {r.stage for r in SelfReportResponse.objects.filter(case=case)} == {"start", "end"}
    assert recorded


@pytest.mark.django_db
def test_recent_breaches_were_decided_by_a_supervisor_and_referred_with_the_file(
    loaded: DemoResult,
) -> None:
    cutoff = cutoff_for(AS_OF)
    decided = 0
    for event in _transitions(Transition.BREACH):
        case = event.case
        decision = BreachDecision.objects.filter(proposal__case=case).first()
        if event.occurred_at < cutoff - timedelta(days=DOCUMENT_DAYS):
            assert decision is None
            continue
        assert decision is not None, case.reference
        decided += 1
        proposal = decision.proposal
        assert proposal.proposed_by == case.navigator
        assert decision.decided_by.role_enum is Role.SUPERVISOR
        assert decision.decided_by != proposal.proposed_by
        assert decision.outcome == BreachOutcome.END and decision.excuse_reasonable is False
        assert decision.reason == event.detail
        assert proposal.proposed_at < decision.decided_at < event.occurred_at
        refer = CaseEvent.objects.get(case=case, transition=Transition.REFER_FOR_PROSECUTION.value)
        document = decision.prosecution_file
        assert document is not None and document.kind == DocumentKind.PROSECUTION_FILE
        assert refer.detail == f"Prosecution file {document.filename} produced"
        assert event.occurred_at < document.produced_at < refer.occurred_at
        assert proposal.condition_codes or proposal.appointments.exists()
        assert all(a.enforceable for a in proposal.appointments.all())
    # A small demo may have no recent breach; every proposal's evidence is still checked.
    for proposal in BreachProposal.objects.prefetch_related("appointments"):
        assert all(a.enforceable for a in proposal.appointments.all())
    assert decided or not any(
        e.occurred_at >= cutoff - timedelta(days=DOCUMENT_DAYS)
        for e in _transitions(Transition.BREACH)
    )


@pytest.mark.django_db
def test_documents_are_what_the_live_services_would_produce(loaded: DemoResult) -> None:
    documents = list(CaseDocument.objects.select_related("case", "produced_by"))
    assert any(d.kind == DocumentKind.COMPLETION_LETTER for d in documents)
    for document in documents:
        case = document.case
        context: dict[str, object]
        if document.kind == DocumentKind.COMPLETION_LETTER:
            completion = CaseCompletion.objects.get(letter=document)
            with patch("django.utils.timezone.now", return_value=document.produced_at):
                context = completion_letter_context(
                    case,
                    outcome_code=completion.outcome_code,
                    completed_at=completion.completed_at,
                    completed_by=completion.completed_by,
                )
            template = "casework/documents/completion_letter.html"
        else:
            decision = BreachDecision.objects.get(prosecution_file=document)
            later = CustodyEvent.objects.filter(
                person=case.person, occurred_at__gt=document.produced_at
            )
            if later.exists():
                continue  # the database now knows of arrests the file could not
            with patch("django.utils.timezone.now", return_value=document.produced_at):
                context = prosecution_file_context(
                    case,
                    decision=decision,
                    produced_at=document.produced_at,
                    produced_by=document.produced_by,
                )
            template = "casework/documents/prosecution_file.html"
        html = render_to_string(template, {"force_name": settings.CHECKPOINT_FORCE_NAME, **context})
        assert html == document.html, document.filename
        assert document.filename == filename_for(
            case, DocumentKind(document.kind), uk_date(document.produced_at)
        )


@pytest.mark.django_db
def test_appointments_follow_the_rules(loaded: DemoResult) -> None:
    cutoff = cutoff_for(AS_OF)
    appointments = list(Appointment.objects.select_related("case", "replaces"))
    assert appointments
    outcomes: Counter[str] = Counter()
    for a in appointments:
        assert a.booked_at < a.starts_at, a
        if a.attendance:
            outcomes[a.attendance] += 1
            attendance = Attendance(a.attendance)
            assert a.outcome_recorded_at is not None and a.starts_at <= a.outcome_recorded_at
            assert a.outcome_recorded_at <= cutoff
            assert a.enforceable == is_enforceable(attendance, a.acceptable)
            if attendance is Attendance.ATTENDED:
                assert a.acceptable is None and not a.outcome_reason
            else:
                assert a.acceptable is not None and a.outcome_reason
        else:
            assert a.acceptable is None and a.enforceable is None
        if a.replaces is not None:
            old = a.replaces
            assert old.attendance in ("", Attendance.DID_NOT_ATTEND.value)
            assert a.reschedule_reason and a.starts_at != old.starts_at
            assert a.booked_at < a.starts_at and (old.attendance or a.booked_at < old.starts_at)
    total = sum(outcomes.values())
    assert outcomes[Attendance.ATTENDED.value] > 0.8 * total
    assert outcomes[Attendance.LATE.value] and outcomes[Attendance.DID_NOT_ATTEND.value]
    assert any(a.replaces is not None and a.replaces.attendance == "" for a in appointments)
    assert any(a.replaces is not None and a.replaces.attendance for a in appointments)
    # Most first meetings are held within the policy's 72 hours of allocation.
    checks = []
    for case in Case.objects.filter(navigator__isnull=False):
        allocated = allocated_at(case)
        facts = appointment_facts(case)
        if allocated is None or not any(f.attendance for f in facts):
            continue
        checks.append(
            first_appointment_check(
                allocated_at=allocated, appointments=facts, target_hours=72
            ).in_target
        )
    assert checks and 0.75 < sum(checks) / len(checks) < 1


@pytest.mark.django_db
def test_navigators_see_a_short_worklist_and_the_alerts_agree(loaded: DemoResult) -> None:
    now = cutoff_for(AS_OF)
    due: set[tuple[str, str, str, date]] = set()
    for navigator in User.objects.filter(role=Role.NAVIGATOR.value):
        rows = navigator_worklist(navigator, now=now)
        assert len(rows) <= 12, (navigator.username, [r.item.reason for r in rows])
        slipped = [
            r
            for r in rows
            if r.item.overdue
            and r.item.kind not in {WorkKind.S127_NEAR, WorkKind.CONTRACT_ENDING}
            and not r.item.reason.endswith("propose a breach with the evidence.")
        ]
        assert len(slipped) <= 2, [r.item.reason for r in slipped]
        assert not [r for r in rows if r.item.kind is WorkKind.NO_CONTACT and r.item.overdue][2:]
        due |= {(r.case.reference, r.item.kind.value, r.item.subject, r.item.due_on) for r in rows}
    for supervisor in User.objects.filter(role=Role.SUPERVISOR.value):
        assert len(team_deadline_risks(supervisor, now=now)) <= 30
    alerts = {
        (a.case.reference, a.kind, a.subject, a.due_on)
        for a in Alert.objects.filter(
            resolved_at__isnull=True,
            case__navigator__isnull=False,
            kind__in=[k.value for k in WorkKind],
        )
        .exclude(case__state=CaseState.BREACHED.value)
        .select_related("case")
    }
    assert alerts == due
    assert loaded.tick is not None and loaded.tick.raised == Alert.objects.count()
    assert AuditEvent.objects.filter(verb="tick.run").count() == 1


@pytest.mark.django_db
def test_the_daily_check_at_the_snapshot_changes_nothing(loaded: DemoResult) -> None:
    before = demo_fingerprint()
    summary = tick_run(now=cutoff_for(AS_OF))
    assert (summary.raised, summary.updated, summary.resolved) == (0, 0, 0)
    assert (summary.follow_ups_started, summary.closed, summary.problems) == (0, 0, [])
    assert demo_fingerprint() == before


@pytest.mark.django_db
def test_needs_referrals_and_victims_are_recorded_as_the_services_would(
    loaded: DemoResult,
) -> None:
    assessments = list(NeedsAssessment.objects.prefetch_related("needs"))
    assert assessments
    for assessment in assessments:
        assert sorted(n.pathway for n in assessment.needs.all()) == sorted(p.value for p in Pathway)
        assert not [n for n in assessment.needs.all() if n.support_wanted and n.level == "none"]
    history: dict[tuple[int, str], list[PathwayStatusChange]] = {}
    for change in PathwayStatusChange.objects.order_by("changed_at", "pk"):
        history.setdefault((change.case_id, change.pathway), []).append(change)
    for changes in history.values():
        current = None
        for change in changes:
            assert change.previous_status == (current.value if current else "")
            status = PathwayStatus(change.status)
            check_pathway_status_change(change.pathway_enum, current, status, change.note)
            current = status
    referrals = list(ServiceReferral.objects.prefetch_related("status_changes"))
    assert referrals and any(r.status == ReferralStatus.COMPLETED for r in referrals)
    for referral in referrals:
        assert referral.consent_to_share and referral.shared_information
        assert referral.consent_recorded_at == referral.sent_at
        steps = list(referral.status_changes.order_by("changed_at"))
        assert steps[0].to_status == ReferralStatus.SENT and steps[-1].to_status == referral.status
        for before, after in itertools.pairwise(steps):
            check_referral_status_change(
                ReferralStatus(before.to_status), ReferralStatus(after.to_status), after.note
            )
    victims = list(Victim.objects.prefetch_related("updates").select_related("case", "recorded_by"))
    assert victims and any(v.updates.exists() for v in victims)
    for victim in victims:
        assert victim.recorded_by.role_enum in {Role.VICTIM_LIAISON, Role.SUPERVISOR}
        assert victim.recorded_by.team == victim.case.team
    notes = Counter(CaseNote.objects.values_list("basis", flat=True))
    assert notes["fact"] > notes["opinion"] > 0


@pytest.mark.django_db
def test_replace_removes_every_casework_row(loaded: DemoResult) -> None:
    other = demo_load(people=60, seed=9, as_of=AS_OF, replace=True)
    work = [c.work for c in other.plan.cases if c.work is not None]
    assert Appointment.objects.count() == sum(len(w.appointments) for w in work)
    assert CaseNote.objects.count() == sum(len(w.notes) for w in work)
    assert ContractVersion.objects.count() == sum(
        len(w.contract.versions) for w in work if w.contract
    )
    assert ServiceReferral.objects.count() == sum(len(w.referrals) for w in work)
    assert Victim.objects.count() == sum(len(w.victims) for w in work)
    assert CaseDocument.objects.count() == sum(len(w.documents) for w in work)
    assert Alert.objects.filter(case__in=Case.objects.all()).count() == Alert.objects.count()
    assert set(Appointment.objects.values_list("case__reference", flat=True)) <= {
        c.reference for c in other.plan.cases
    }


@pytest.mark.django_db
def test_documents_rendered_in_a_child_process_are_the_same(
    loaded: DemoResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = loaded.plan.documents
    assert documents
    stored = {d.filename: bytes(d.content) for d in CaseDocument.objects.all()}
    monkeypatch.setattr("checkpoint.web.demo.documents.PARALLEL_FROM", 1)
    rendering = Rendering(documents, force_name=settings.CHECKPOINT_FORCE_NAME).start()
    assert rendering.future is not None  # forked where the platform can
    rendering.finish(NoProgress())
    assert {d.filename: d.pdf for d in documents} == stored

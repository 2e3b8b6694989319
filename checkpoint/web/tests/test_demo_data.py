"""The demo force: every state shown, valid timelines, reproducible, calibrated, usable."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, F, Q

from checkpoint.accounts.models import Team, User
from checkpoint.audit.models import AuditEvent
from checkpoint.casework.models import Case, CaseEvent, CaseEventKind
from checkpoint.domain.clocks import (
    OffenceDate,
    case_clocks,
    offence_is_recent,
    uk_date,
)
from checkpoint.domain.decision import approvals_needed
from checkpoint.domain.disposals import POSITIVE_DISPOSALS, Disposal
from checkpoint.domain.eligibility import screen
from checkpoint.domain.lifecycle import CaseFacts, CaseState, Transition, apply_transition
from checkpoint.domain.offences import ModeOfTrial
from checkpoint.domain.roles import Role
from checkpoint.domain.screening import Approval, Outcome, RuleStatus, ScreeningInput
from checkpoint.offences.catalogue import DEFAULT_CATALOGUE
from checkpoint.offences.selectors import offence_facts
from checkpoint.offences.services import offence_catalogue_import
from checkpoint.people.models import CustodyEvent, Person, PersonName
from checkpoint.policies.loader import policy_in_force
from checkpoint.screening.models import ScreeningApproval, ScreeningDecision
from checkpoint.screening.selectors import outcome_in_effect, pending_approvals
from checkpoint.screening.services import result_rows
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
    assert {CaseState(s) for s in states} == set(CaseState)
    assert loaded.cases_by_state == {s: states[s.value] for s in CaseState}


@pytest.mark.django_db
def test_every_timeline_replays_through_the_transition_table(loaded: DemoResult) -> None:
    cutoff = cutoff_for(AS_OF)
    for case in _cases():
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
                limitation_override_approved=bool(event.data.get("limitation_override_approved")),
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

"""Checkpoint referrals and their timelines, walked through the domain's transition table.

Every step goes through `apply_transition` with the facts the case would have at that
moment (decision made, s127 risk from the real clocks, follow-up ended), so a generated
timeline is always one the live system could have produced. Every screening step is a
decision of the real eligibility rules under the policy in force that day: the walk says
what it would like, builds the input to fit, and records whatever the rules give.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum, StrEnum
from random import Random
from typing import Any, TypeVar

from checkpoint.casework.models import CaseEventKind
from checkpoint.domain.clocks import (
    OffenceDate,
    case_clocks,
    contract_end,
    follow_up_end,
    uk_date,
)
from checkpoint.domain.decision import approvals_needed, final_outcome
from checkpoint.domain.lifecycle import CaseFacts, CaseState, Transition, apply_transition
from checkpoint.domain.roles import Role
from checkpoint.domain.screening import Approval
from checkpoint.domain.screening import Outcome as Screened
from checkpoint.web.demo.decisions import (
    OVERRIDE_SHARE,
    ApprovalPlan,
    Circumstance,
    DecisionPlan,
    Particulars,
    Screener,
    Unknown,
    revealed,
    screening_input,
)
from checkpoint.web.demo.offences import OffenceInfo, OffencePicker
from checkpoint.web.demo.population import PersonPlan, Reoffence, convictions_by, reoffences
from checkpoint.web.demo.staff import AREAS, STAFF, staff_with
from checkpoint.web.demo.timing import (
    at_uk,
    daily_check_after,
    daily_check_reason,
    office_time,
    plus_hours,
)
from checkpoint.web.demo.wording import (
    BREACH_FURTHER_OFFENCE,
    BREACH_NONCOMPLIANCE,
    TRIAL_NAME,
    WITHDRAW_BEFORE_OFFER,
    WITHDRAW_DECLINED,
    WITHDRAW_REOFFENDED,
    WITHDRAW_S127,
    WITHDRAW_UNDECIDED,
    approval_note,
    decision_detail,
    decision_note,
    s127_departure,
)

T = TypeVar("T")
ROLE_OF = {s.username: s.role for s in STAFF}
BREACH_STEPS = 3
"""Seconds from a decision to end a contract to the referral for prosecution it makes."""
COMPLETE_REASON = "Every condition of the contract was met."
"""The reason `case_complete` gives its transition."""
CLOSE_UNDECIDED = "Withdrawn before any decision: there is nothing to follow up."
TRIAL_DAYS = 270
"""A randomised trial of drug-possession referrals has been running for nine months."""
OPEN_CASEWORK = frozenset(s for s in CaseState if s.is_open_casework)
SCREEN = {
    Screened.ELIGIBLE: Transition.SCREEN_ELIGIBLE,
    Screened.INELIGIBLE: Transition.SCREEN_INELIGIBLE,
    Screened.NEEDS_INFORMATION: Transition.SCREEN_NEEDS_INFORMATION,
}
# The states a case never holds at the snapshot time (06:00, when the daily check runs):
# the daily check starts follow-up for every finished case with a decision, and a supervisor's
# decision to end a contract moves it through "breached" to "referred for prosecution" at once.
PASSING = frozenset(
    {
        CaseState.INELIGIBLE,
        CaseState.ALLOCATED_USUAL_PROCESS,
        CaseState.COMPLETED,
        CaseState.BREACHED,
        CaseState.REFERRED_FOR_PROSECUTION,
    }
)
WANTED = {
    CaseState.ELIGIBLE: Screened.ELIGIBLE,
    CaseState.INELIGIBLE: Screened.INELIGIBLE,
    CaseState.NEEDS_INFORMATION: Screened.NEEDS_INFORMATION,
}


class Slot(Enum):
    """An actor decided only after navigators are balanced across a team."""

    NAVIGATOR = "navigator"


Actor = str | Slot | None
"""A demo username, the case's navigator-to-be, or None for the system."""


class Outcome(StrEnum):
    """What happened to the index offence, for its custody event's disposal."""

    PENDING = "pending"
    USUAL_PROCESS = "usual_process"
    NO_DECISION = "no_decision"
    DEFERRED = "deferred"
    PROSECUTED = "prosecuted"


@dataclass
class EventPlan:
    """One timeline entry to write."""

    occurred_at: datetime
    kind: CaseEventKind
    actor: Actor
    summary: str
    transition: Transition | None = None
    from_state: CaseState | None = None
    to_state: CaseState | None = None
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    refs: dict[str, Any] = field(default_factory=dict)
    """Planned records the entry names, written into `data` as their primary keys."""


@dataclass
class CasePlan:
    """One case to write."""

    person: PersonPlan
    arrested_at: datetime
    referred_at: datetime
    area: str
    referring_officer: str
    screen: CaseState
    circumstances: list[Circumstance]
    unknowns: list[Unknown]
    particulars: Particulars
    offences: list[tuple[OffenceInfo, date]]
    in_trial: bool
    forced: bool = False
    events: list[EventPlan] = field(default_factory=list)
    state: CaseState = CaseState.REFERRED
    state_changed_at: datetime | None = None
    decided_at: datetime | None = None
    decided_by: str | None = None
    decisions: list[DecisionPlan] = field(default_factory=list)
    signed_at: datetime | None = None
    contract_started_on: date | None = None
    assigned_at: datetime | None = None
    left_open_at: datetime | None = None
    override: bool = False
    navigator: str | None = None
    outcome: Outcome = Outcome.PENDING
    outcome_at: datetime | None = None
    reference: str = ""
    custody_reference: str = ""
    breach_decided_at: datetime | None = None
    """When a supervisor decides (or would decide, after the snapshot) to end the contract."""
    breach_reason: str = ""
    breach_cause_at: datetime | None = None
    """The arrest a breach for a further offence follows."""
    work: Any = None
    """The case's casework (`checkpoint.web.demo.casework.CaseWork`), planned after the walk."""

    @property
    def has_victim(self) -> bool:
        """Return whether the offence has an identifiable victim (as screening recorded)."""
        return self.particulars.victim_opposes is not None

    def offence_dates(self) -> list[OffenceDate]:
        """Return the offences as the domain clocks take them."""
        return [OffenceDate(on, o.mode_of_trial) for o, on in self.offences]


class _Stop(Exception):
    """The walk reached the snapshot time or the state it was asked to stop at."""


@dataclass
class Script:
    """Fixed answers for a walk that must end in a given state."""

    stop_at: CaseState | None = None
    answers: dict[str, Any] = field(default_factory=dict)


class Walker:
    """Walk one case from referral until the snapshot time (or a scripted stop)."""

    def __init__(
        self,
        case: CasePlan,
        rng: Random,
        picker: OffencePicker,
        screener: Screener,
        cutoff: datetime,
        script: Script | None = None,
    ) -> None:
        self.case, self.rng, self.picker, self.cutoff = case, rng, picker, cutoff
        self.screener = screener
        self.script = script or Script()
        self.supervisor = staff_with(Role.SUPERVISOR, case.area)[0].username
        self.other_supervisor = next(
            s.username for s in staff_with(Role.SUPERVISOR) if s.username != self.supervisor
        )

    def choose(self, name: str, natural: Callable[[], T]) -> T:
        """Return the scripted answer to a decision, or draw the natural one."""
        if name in self.script.answers:
            return self.script.answers[name]  # type: ignore[no-any-return]
        return natural()

    def run(self) -> CasePlan:
        """Walk the case and return it with its events and final state."""
        case = self.case
        case.events.append(
            EventPlan(
                occurred_at=case.referred_at,
                kind=CaseEventKind.REFERRED,
                actor=case.referring_officer,
                to_state=CaseState.REFERRED,
                summary="Referred from custody: " + ", ".join(o.title for o, _ in case.offences),
            )
        )
        case.state_changed_at = case.referred_at
        try:
            if self.script.stop_at is CaseState.REFERRED:
                raise _Stop
            self._walk()
        except _Stop:
            pass
        return case

    # Steps -------------------------------------------------------------------------------

    def facts(self, at: datetime, reason: str = "") -> CaseFacts:
        """Return what the guards would see at an instant, computed by the domain clocks."""
        case = self.case
        today = uk_date(at)
        clocks = case_clocks(
            offences=case.offence_dates(),
            today=today,
            decided_on=uk_date(case.decided_at) if case.decided_at else None,
            contract_started_on=case.contract_started_on,
        )
        return CaseFacts(
            trial_running=case.in_trial,
            decision_made=case.decided_at is not None,
            limitation_at_risk=clocks.limitation.at_risk,
            limitation_override_approved=case.override,
            contract_approved=True,
            all_conditions_met=True,
            follow_up_ended=clocks.follow_up_ends is not None and today > clocks.follow_up_ends,
            reason=reason,
        )

    def _checked(self, at: datetime) -> datetime:
        last = self.case.events[-1].occurred_at
        if at <= last:
            at = last + timedelta(minutes=self.rng.randint(1, 30))
        if at > self.cutoff:
            raise _Stop
        return at

    def go(
        self,
        transition: Transition,
        at: datetime,
        actor: Actor,
        *,
        reason: str = "",
        detail: str = "",
        data: dict[str, Any] | None = None,
    ) -> datetime:
        """Take one transition through the domain, record it, and return when it happened."""
        case = self.case
        at = self._checked(at)
        role = (
            Role.SYSTEM
            if actor is None
            else (Role.NAVIGATOR if isinstance(actor, Slot) else ROLE_OF[actor])
        )
        before = case.state
        after = apply_transition(
            state=before, transition=transition, role=role, facts=self.facts(at, reason)
        )
        case.events.append(
            EventPlan(
                occurred_at=at,
                kind=CaseEventKind.TRANSITION,
                actor=actor,
                summary=f"{before.label} → {after.label}",
                transition=transition,
                from_state=before,
                to_state=after,
                detail=reason or detail,
                data=data or {},
            )
        )
        case.state, case.state_changed_at = after, at
        if transition in (Transition.SCREEN_ELIGIBLE, Transition.SCREEN_INELIGIBLE):
            assert isinstance(actor, str)
            case.decided_at, case.decided_by = at, actor
        if transition is Transition.SIGN_CONTRACT:
            case.signed_at, case.contract_started_on = at, uk_date(at)
        if (
            case.assigned_at is not None
            and case.left_open_at is None
            and (after not in OPEN_CASEWORK)
        ):
            case.left_open_at = at
        if after is self.script.stop_at:
            raise _Stop
        return at

    def assign(self, at: datetime) -> datetime:
        """Record the supervisor giving the case to a navigator (named later)."""
        at = self._checked(at)
        self.case.events.append(
            EventPlan(
                occurred_at=at,
                kind=CaseEventKind.ASSIGNED,
                actor=self.supervisor,
                summary="",
            )
        )
        self.case.assigned_at = at
        return at

    def note(self, at: datetime, actor: str, summary: str, detail: str = "") -> None:
        """Record a timeline note (a decision awaiting approval, or an approval)."""
        self.case.events.append(
            EventPlan(
                occurred_at=at, kind=CaseEventKind.NOTE, actor=actor, summary=summary, detail=detail
            )
        )

    def _custody_on_duty(self) -> str:
        return self.rng.choice((self.case.referring_officer, self.supervisor))

    def decide(
        self,
        t: datetime,
        decider: str,
        *,
        want: Screened,
        circumstances: list[Circumstance],
        unknowns: list[Unknown],
    ) -> tuple[datetime, Screened]:
        """Screen the referral with the real rules and record what they give.

        The input is built to give `want`, but the outcome recorded is the rules'. The one
        departure is the one the live system allows: asking a supervisor to override an
        s127 risk, which takes effect only when the supervisor grants it.
        """
        case, rng = self.case, self.rng
        t = self._checked(t)
        day = uk_date(t)
        loaded = self.screener.policies.on(day)
        facts = screening_input(
            day=day,
            policy=loaded.policy,
            date_of_birth=case.person.date_of_birth,
            lives_in_area=case.person.area in AREAS,
            offences=case.offences,
            particulars=case.particulars,
            convictions=convictions_by(case.person, self.picker, cutoff=self.cutoff, day=day),
            circumstances=circumstances,
            unknowns=unknowns,
        )
        result = self.screener.run(facts, loaded)
        requested, reason = result.outcome, ""
        if (
            want is Screened.ELIGIBLE
            and result.outcome is Screened.INELIGIBLE
            and result.overridable
            and self.choose("override", lambda: rng.random() < OVERRIDE_SHARE)
        ):
            assert result.limitation_last_date is not None
            requested, reason = Screened.ELIGIBLE, s127_departure(result.limitation_last_date)
        needed = approvals_needed(result, requested, reason)
        decision = DecisionPlan(t, decider, loaded, facts, result, requested, reason, needed)
        case.decisions.append(decision)
        label = loaded.policy.label
        data: dict[str, Any] = {"policy": label}
        if result.failures:
            data["reasons"] = [r.code for r in result.failures]
        if result.questions:
            data["questions"] = list(result.questions)
        if not needed:
            detail = decision_detail(result, label)
            if (
                requested is Screened.NEEDS_INFORMATION
                and case.state is CaseState.NEEDS_INFORMATION
            ):
                # Still waiting for an answer: the live service records it and stays put.
                self.note(t, decider, decision_note(result, label, requested, []), detail)
                return t, requested
            t = self.go(SCREEN[requested], t, decider, detail=detail, data=data)
            return t, requested
        self.note(
            t,
            decider,
            decision_note(result, label, requested, list(needed)),
            "\n".join(filter(None, [decision_detail(result, label), reason])),
        )
        # A supervisor other than the decider answers in office hours; the outcome takes
        # effect with the answer.
        approver = self.supervisor if decider != self.supervisor else self.other_supervisor
        at = self._checked(office_time(rng, t, 0, 1))
        if at + timedelta(seconds=len(needed)) > self.cutoff:
            raise _Stop
        for approval in needed:
            text = approval_note(approval, facts, result.limitation_last_date)
            decision.approvals.append(ApprovalPlan(approval, True, text, at, approver))
            self.note(at, approver, f"{approval.label} granted", text)
            at += timedelta(seconds=1)
        outcome = final_outcome(
            computed=result.outcome,
            requested=requested,
            needed=needed,
            granted={a.approval: a.granted for a in decision.approvals},
        )
        assert outcome is requested
        if Approval.S127_OVERRIDE in needed:
            case.override = True
        data["approvals"] = [a.value for a in needed]
        t = self.go(SCREEN[outcome], at, approver, detail=decision.approvals[-1].note, data=data)
        return t, outcome

    def _walk(self) -> None:
        case, rng = self.case, self.rng
        t = plus_hours(rng, case.referred_at, 0.25, 3)
        t, screened = self.decide(
            t,
            case.referring_officer,
            want=WANTED[case.screen],
            circumstances=case.circumstances,
            unknowns=case.unknowns,
        )
        if screened is Screened.NEEDS_INFORMATION:
            t = office_time(rng, t, 1, 8)
            decider = self._custody_on_duty()
            after = self.choose(
                "after_info",
                lambda: rng.choices(
                    (CaseState.ELIGIBLE, CaseState.INELIGIBLE, CaseState.WITHDRAWN),
                    weights=(0.7, 0.2, 0.1),
                )[0],
            )
            if after is CaseState.WITHDRAWN:
                self._withdraw_undecided(t, decider)
                return
            if after is CaseState.INELIGIBLE and not case.circumstances:
                # The missing answer, once found, rules the referral out.
                case.circumstances = [revealed(rng, case.unknowns)]
            t, screened = self.decide(
                t, decider, want=WANTED[after], circumstances=case.circumstances, unknowns=[]
            )
            if screened is Screened.NEEDS_INFORMATION:
                # Only a policy asking for more than the demo answers gets here.
                self._withdraw_undecided(office_time(rng, t, 1, 8), decider)
                return
        if screened is Screened.INELIGIBLE:
            case.outcome, case.outcome_at = Outcome.USUAL_PROCESS, t
            self.follow_up(t)
            return
        if case.in_trial:
            t += timedelta(seconds=rng.randint(20, 300))
            usual = self.choose("usual_process", lambda: rng.random() < 0.5)
            arm = "usual process" if usual else "diversion"
            data = {"trial": TRIAL_NAME, "arm": arm}
            detail = f"{TRIAL_NAME}: the concealed randomiser allocated {arm}."
            if usual:
                t = self.go(Transition.ALLOCATE_USUAL_PROCESS, t, None, detail=detail, data=data)
                case.outcome, case.outcome_at = Outcome.USUAL_PROCESS, t
                self.follow_up(t)
                return
            t = self.go(Transition.ALLOCATE_DIVERSION, t, None, detail=detail, data=data)
        t = self.assign(office_time(rng, t, 0, 2))
        if self.choose("withdraw_before_offer", lambda: rng.random() < 0.04):
            t = self.go(
                Transition.WITHDRAW,
                office_time(rng, t, 1, 5),
                Slot.NAVIGATOR,
                reason=rng.choice(WITHDRAW_BEFORE_OFFER),
            )
            self._usual_after(t)
            return
        # The first meeting, the needs assessment and the supervisor's approval of the
        # contract come before the offer, so it is made two working days or more later.
        t = self._checked(office_time(rng, t, 2, 6))
        if not self._limitation_cleared(t):
            return
        # The detail is the contract service's ("Contract version 1 offered"), filled in
        # once the casework is planned.
        t = self.go(Transition.OFFER_CONTRACT, t, Slot.NAVIGATOR)
        t = self._checked(office_time(rng, t, 1, 8))
        further = self._first_reoffence(signed_at=t)
        if further is not None and further.at <= t:
            when = max(office_time(rng, further.at, 1, 3), t)
            t = self.go(Transition.WITHDRAW, when, Slot.NAVIGATOR, reason=WITHDRAW_REOFFENDED)
            self._usual_after(t)
            return
        if self.choose("declines", lambda: rng.random() < 0.06):
            reason = rng.choice(WITHDRAW_DECLINED)
            if reason == WITHDRAW_DECLINED[1]:
                # Three appointments to sign were missed first.
                t = office_time(rng, t, 9, 14)
            t = self.go(Transition.WITHDRAW, t, Slot.NAVIGATOR, reason=reason)
            self._usual_after(t)
            return
        if not self._limitation_cleared(t):
            return
        t = self.go(Transition.SIGN_CONTRACT, t, Slot.NAVIGATOR)
        case.outcome, case.outcome_at = Outcome.DEFERRED, t
        assert case.contract_started_on is not None
        ends = contract_end(start=case.contract_started_on, today=case.contract_started_on)
        if further is not None and uk_date(further.at) <= ends:
            reason = (
                f"{BREACH_FURTHER_OFFENCE}: {further.offence.title}, "
                f"arrested {uk_date(further.at):%d %B %Y}."
            )
            self._breach(office_time(rng, further.at, 3, 10), reason, cause=further.at)
            return
        if self.choose("noncompliance", lambda: rng.random() < 0.07):
            day = case.contract_started_on + timedelta(days=rng.randint(28, 100))
            self._breach(office_time(rng, at_uk(day, 8), 0, 0), rng.choice(BREACH_NONCOMPLIANCE))
            return
        t = self.go(
            Transition.COMPLETE,
            office_time(rng, at_uk(ends, 8), 0, 6),
            Slot.NAVIGATOR,
            detail=COMPLETE_REASON,
        )
        self.follow_up(t)

    def _withdraw_undecided(self, t: datetime, actor: str) -> None:
        t = self.go(Transition.WITHDRAW, t, actor, reason=self.rng.choice(WITHDRAW_UNDECIDED))
        self.case.outcome, self.case.outcome_at = Outcome.NO_DECISION, t
        self.follow_up(t)

    def _limitation_cleared(self, t: datetime) -> bool:
        """Return whether a contract can go ahead at t; if not, withdraw the case (s127).

        A supervisor can only override the s127 risk on the screening decision, so a risk
        that appears after screening (the offer came too late) ends the referral.
        """
        if not self.facts(t).limitation_at_risk or self.case.override:
            return True
        t = self.go(Transition.WITHDRAW, t, self.supervisor, reason=WITHDRAW_S127)
        self._usual_after(t)
        return False

    def _first_reoffence(self, *, signed_at: datetime) -> Reoffence | None:
        found = reoffences(self.case.person, self.picker, cutoff=self.cutoff, signed_at=signed_at)
        return found[0] if found else None

    def _usual_after(self, t: datetime) -> None:
        self.case.outcome, self.case.outcome_at = Outcome.USUAL_PROCESS, t
        self.follow_up(t)

    def _breach(self, decided: datetime, reason: str, cause: datetime | None = None) -> None:
        """End the contract as `breach_decide` does: breached, file produced, referred.

        The supervisor decides on the navigator's proposal (planned with the casework); the
        two transitions follow the decision within seconds, in the same transaction.
        """
        case = self.case
        last = case.events[-1].occurred_at
        if decided <= last:
            decided = last + timedelta(minutes=self.rng.randint(1, 30))
        # Kept even when the decision falls after the snapshot: the navigator's proposal may
        # already be waiting for it.
        case.breach_decided_at, case.breach_reason = decided, reason
        case.breach_cause_at = cause
        if decided + timedelta(seconds=BREACH_STEPS) > self.cutoff:
            raise _Stop
        t = self.go(
            Transition.BREACH, decided + timedelta(seconds=1), self.supervisor, reason=reason
        )
        # The detail names the prosecution file, filled in once the casework is planned.
        t = self.go(
            Transition.REFER_FOR_PROSECUTION,
            decided + timedelta(seconds=BREACH_STEPS),
            self.supervisor,
        )
        case.outcome, case.outcome_at = Outcome.PROSECUTED, t
        self.follow_up(t)

    def follow_up(self, t: datetime) -> None:
        """Let the daily check start follow-up and close it, as `checkpoint tick` does.

        A case withdrawn before any decision has nothing to follow up; the daily check
        leaves it for a supervisor, who closes it.
        """
        case = self.case
        if case.decided_at is None:
            self.go(
                Transition.CLOSE,
                office_time(self.rng, t, 2, 10),
                self.supervisor,
                detail=CLOSE_UNDECIDED,
            )
            return
        t = daily_check_after(t)
        t = self.go(Transition.START_FOLLOW_UP, t, None, detail=daily_check_reason(t))
        ends = follow_up_end(decided_on=uk_date(case.decided_at))
        t = daily_check_after(at_uk(ends, 6))
        self.go(Transition.CLOSE, t, None, detail=daily_check_reason(t))

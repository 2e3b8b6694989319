"""The scheme's three years of referrals: who was referred when, and in what state each is.

Referrals arrive at a steady monthly rate; each is walked through the lifecycle. Small
demos cannot show every state by chance, so any state still missing afterwards is made by
re-walking a case with a script (an earlier or later referral and fixed answers), and a
few live contracts are set up to show the s127 warning.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from random import Random
from typing import Any

from checkpoint.casework.models import CaseEventKind
from checkpoint.domain.clocks import case_clocks, uk_date
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.offences import OffenceFamily
from checkpoint.domain.roles import Role
from checkpoint.web.demo.cases import PASSING, TRIAL_DAYS, CasePlan, Script, Slot, Walker
from checkpoint.web.demo.decisions import (
    Circumstance,
    Screener,
    draw_circumstances,
    draw_particulars,
    draw_unknowns,
    in_scope,
)
from checkpoint.web.demo.offences import OffenceInfo, OffencePicker
from checkpoint.web.demo.population import PersonPlan
from checkpoint.web.demo.referrals import (
    OffenceChoice,
    case_area,
    pick_offences,
    referring_officer,
)
from checkpoint.web.demo.staff import AREAS, CUSTODY_SUITE, STAFF, SUITE_CODE, staff_with
from checkpoint.web.demo.timing import arrest_time, at_uk, plus_hours

HISTORY_MONTHS = 36
RECENT_MONTHS = 6
MONTH = timedelta(days=30.44)
MAX_MONTHLY_REFERRALS = 40.0
MAX_CASE_SHARE = 0.6

NAMES = {s.username: f"{s.first_name} {s.last_name}" for s in STAFF}
SUITE_OF_OFFICER = {officer: SUITE_CODE[area] for area, officer in CUSTODY_SUITE.items()}


def monthly_rates(people: int) -> tuple[float, float]:
    """Return referrals a month (older months, last six months) for a force of this size."""
    # Forty a month keeps eight navigators at 10-25 open cases each (Durham took about 400
    # a year). Small demos get a busier recent half-year so every navigator has cases.
    base = min(MAX_MONTHLY_REFERRALS, people / 100)
    recent = min(MAX_MONTHLY_REFERRALS, max(base, people / 25))
    return base, recent


def referral_times(rng: Random, people: int, cutoff: datetime) -> list[datetime]:
    """Return the arrest instants of the referrals of the last three years, oldest first."""
    base, recent = monthly_rates(people)
    arrests: list[datetime] = []
    carry = 0.0
    for month in reversed(range(HISTORY_MONTHS)):
        carry += recent if month < RECENT_MONTHS else base
        count, carry = int(carry), carry - int(carry)
        start = cutoff - MONTH * (month + 1)
        for _ in range(count):
            day = uk_date(start + MONTH * rng.random())
            arrests.append(arrest_time(rng, day))
    return sorted(a for a in arrests if a < cutoff - timedelta(hours=2))


@dataclass(frozen=True)
class Target:
    """How to make a case that is in a given state at the snapshot time."""

    days_back: tuple[float, float]
    screen: CaseState = CaseState.ELIGIBLE
    trial: bool = False
    answers: dict[str, Any] = field(default_factory=dict)


_CONTRACT = {"withdraw_before_offer": False, "override": True, "declines": False}
_COMPLETE = {**_CONTRACT, "noncompliance": False}
# Every state a case can be in at 06:00 (the states in PASSING never are: the daily check, or
# the supervisor's decision to end a contract, moves a case on from them at once).
TARGETS: dict[CaseState, Target] = {
    CaseState.REFERRED: Target((0.06, 0.15)),
    CaseState.NEEDS_INFORMATION: Target((1, 5), screen=CaseState.NEEDS_INFORMATION),
    CaseState.ELIGIBLE: Target((0.3, 1.2)),
    CaseState.ALLOCATED_DIVERSION: Target((0.3, 2), trial=True, answers={"usual_process": False}),
    CaseState.CONTRACT_OFFERED: Target((6, 12), answers=_CONTRACT),
    CaseState.ACTIVE: Target((20, 90), answers=_CONTRACT),
    # Withdrawn before any decision, waiting for a supervisor to close it.
    CaseState.WITHDRAWN: Target(
        (1, 4), screen=CaseState.NEEDS_INFORMATION, answers={"after_info": CaseState.WITHDRAWN}
    ),
    CaseState.FOLLOW_UP: Target((200, 500), answers=_COMPLETE),
    CaseState.CLOSED: Target((780, 1000), answers=_COMPLETE),
}
assert not set(TARGETS) & PASSING and set(TARGETS) | PASSING == set(CaseState)


# A demo of a few hundred cases or more shows more than one case in the short-lived states,
# so every home page has something on it (a force this size would, most mornings).
SHOWCASE_FROM_CASES = 300
SHOWCASE_MINIMUM: dict[CaseState, int] = {
    CaseState.REFERRED: 2,
    CaseState.NEEDS_INFORMATION: 3,
    CaseState.ELIGIBLE: 2,
    CaseState.ALLOCATED_DIVERSION: 2,
    CaseState.CONTRACT_OFFERED: 3,
    CaseState.WITHDRAWN: 2,
}


class Scheme:
    """Build every case of the demo force."""

    def __init__(
        self,
        rng: Random,
        picker: OffencePicker,
        screener: Screener,
        people: list[PersonPlan],
        cutoff: datetime,
    ) -> None:
        self.rng, self.picker, self.people, self.cutoff = rng, picker, people, cutoff
        self.screener = screener
        # The scheme starts with its first policy: nobody is referred before there is one.
        self.starts = screener.policies.first_day or uk_date(cutoff)
        self.cases: list[CasePlan] = []

    def build(self) -> list[CasePlan]:
        """Refer, walk, fill any missing state, then staff and number the cases."""
        # A tiny demo still needs one case per state, if it has the people for them.
        enough = min(len(self.people), len(CaseState))
        limit = max(int(len(self.people) * MAX_CASE_SHARE), enough)
        arrests = referral_times(self.rng, len(self.people), self.cutoff)
        while len(arrests) < enough:
            arrests.append(
                arrest_time(
                    self.rng, uk_date(self.cutoff - MONTH * self.rng.uniform(1, HISTORY_MONTHS))
                )
            )
        for arrested in sorted(arrests):
            if len(self.cases) >= limit:
                break
            if uk_date(arrested) < self.starts:
                continue
            person = self._free_person(arrested)
            if person is not None:
                self.cases.append(self._walk(self._natural(person, arrested)))
        self._fill_missing_states()
        self._show_s127_warnings()
        self.cases.sort(key=lambda c: (c.referred_at, c.person.number))
        self._allocate_navigators()
        self._number()
        return self.cases

    # Referrals --------------------------------------------------------------------------

    def _free_person(self, arrested: datetime) -> PersonPlan | None:
        for _ in range(200):
            person = self.people[self.rng.randrange(len(self.people))]
            if not person.has_case and person.adult_from() <= uk_date(arrested):
                return person
        return None

    def _natural(self, person: PersonPlan, arrested: datetime) -> CasePlan:
        rng = self.rng
        circumstances: list[Circumstance] = []
        if person.area not in AREAS:
            screen = CaseState.INELIGIBLE
        else:
            u = rng.random()
            screen = (
                CaseState.ELIGIBLE
                if u < 0.78
                else CaseState.NEEDS_INFORMATION
                if u < 0.86
                else CaseState.INELIGIBLE
            )
        if screen is CaseState.INELIGIBLE:
            circumstances = draw_circumstances(rng, lives_in_area=person.area in AREAS)
        offences = pick_offences(
            rng, self.picker, arrested, circumstances, fits=self._fits(arrested)
        )
        return self._case(person, arrested, screen, circumstances, offences)

    def _fits(self, arrested: datetime) -> Callable[[OffenceInfo], bool]:
        """Return whether the policy in force at the arrest covers an offence."""
        policy = self.screener.policies.on(uk_date(arrested)).policy
        return lambda offence: in_scope(policy, offence)

    def _case(
        self,
        person: PersonPlan,
        arrested: datetime,
        screen: CaseState,
        circumstances: list[Circumstance],
        offences: list[Any],
        *,
        trial: bool | None = None,
    ) -> CasePlan:
        rng = self.rng
        area = case_area(rng, person)
        referred = plus_hours(rng, arrested, 1.5, 8)
        if referred > self.cutoff:
            referred = self.cutoff - timedelta(minutes=rng.randint(5, 60))
        in_window = referred >= self.cutoff - timedelta(days=TRIAL_DAYS)
        natural_trial = in_window and offences[0][0].family is OffenceFamily.DRUG_POSSESSION
        policy = self.screener.policies.on(uk_date(arrested)).policy
        particulars = draw_particulars(rng, offences, policy)
        unknowns = (
            draw_unknowns(rng, policy, offences, particulars)
            if screen is CaseState.NEEDS_INFORMATION
            else []
        )
        person.has_case, person.index_at = True, arrested
        return CasePlan(
            person=person,
            arrested_at=arrested,
            referred_at=referred,
            area=area,
            referring_officer=referring_officer(rng, area),
            screen=screen,
            circumstances=circumstances,
            unknowns=unknowns,
            particulars=particulars,
            offences=offences,
            in_trial=natural_trial if trial is None else trial,
        )

    def _walk(self, case: CasePlan, script: Script | None = None) -> CasePlan:
        walk_rng = Random(self.rng.getrandbits(64))
        return Walker(case, walk_rng, self.picker, self.screener, self.cutoff, script).run()

    # Scripted cases ---------------------------------------------------------------------

    def _scripted(
        self, donor: CasePlan, state: CaseState, target: Target, *, s127_showcase: bool = False
    ) -> CasePlan | None:
        """Re-walk a donor's person so their case ends in `state`; None if it cannot."""
        person = donor.person
        rng = self.rng
        extra = 0.0
        suppressed = person.reoffending_suppressed
        for _ in range(12):
            back = rng.uniform(*target.days_back) + extra
            arrested = self.cutoff - timedelta(
                seconds=round(back * 86400 + rng.uniform(1.6, 8.5) * 3600)
            )
            if state is CaseState.REFERRED:
                # Brought into custody in the small hours of the snapshot day.
                arrested = at_uk(uk_date(self.cutoff), rng.randint(0, 1), rng.randrange(60))
            if s127_showcase:
                # Committed 165 days before the snapshot, arrested 45 days later: a live
                # contract whose s127 date falls about three weeks from now.
                arrested = self.cutoff - timedelta(
                    seconds=round((120 + extra) * 86400 + rng.uniform(2, 10) * 3600)
                )
            if person.adult_from() > uk_date(arrested) or uk_date(arrested) < self.starts:
                break
            circumstances = [Circumstance.ON_BAIL] if target.screen is CaseState.INELIGIBLE else []
            choice = (
                OffenceChoice.DRUG_POSSESSION
                if target.trial
                else OffenceChoice.SUMMARY_ONLY
                if s127_showcase
                else OffenceChoice.NOT_DRUG_POSSESSION
            )
            offences = pick_offences(
                rng,
                self.picker,
                arrested,
                circumstances,
                fits=self._fits(arrested),
                choice=choice,
                late=False,
            )
            if s127_showcase:
                offences = [(offences[0][0], uk_date(arrested) - timedelta(days=45))]
            person.has_case, person.reoffending_suppressed = False, True
            case = self._case(
                person, arrested, target.screen, circumstances, offences, trial=target.trial
            )
            case.forced = True
            self._walk(case, Script(stop_at=state, answers=target.answers))
            if case.state is state:
                return case
            extra += (target.days_back[1] - target.days_back[0]) + 2
        person.has_case, person.index_at = True, donor.arrested_at
        person.reoffending_suppressed = suppressed
        return None

    def _replace(self, donor: CasePlan, state: CaseState, *, s127_showcase: bool = False) -> bool:
        case = self._scripted(donor, state, TARGETS[state], s127_showcase=s127_showcase)
        if case is None:
            return False
        self.cases[self.cases.index(donor)] = case
        return True

    def _minimum(self, state: CaseState) -> int:
        return SHOWCASE_MINIMUM.get(state, 1) if len(self.cases) >= SHOWCASE_FROM_CASES else 1

    def _donors(self, ideal: datetime) -> list[CasePlan]:
        counts = Counter(c.state for c in self.cases)
        candidates = [
            c
            for c in self.cases
            if not c.forced and counts[c.state] > self._minimum(c.state) and c.person.area in AREAS
        ]
        return sorted(
            candidates,
            key=lambda c: (
                -counts[c.state],
                abs((c.referred_at - ideal).total_seconds()),
                c.person.number,
            ),
        )

    def _fill_missing_states(self) -> None:
        for state, target in TARGETS.items():
            ideal = self.cutoff - timedelta(days=sum(target.days_back) / 2)
            while sum(c.state is state for c in self.cases) < self._minimum(state):
                donor = next((d for d in self._donors(ideal)[:10] if self._replace(d, state)), None)
                if donor is None:
                    break

    def _show_s127_warnings(self) -> None:
        """Make sure a few live contracts are close to their s127 date, as a force's would be."""
        today = uk_date(self.cutoff)
        wanted = 1 if len(self.cases) < 100 else 3
        warned = 0
        for case in self.cases:
            if case.state is not CaseState.ACTIVE:
                continue
            clocks = case_clocks(
                offences=case.offence_dates(),
                today=today,
                contract_started_on=case.contract_started_on,
            )
            if clocks.limitation.applies and 0 <= (clocks.limitation.days_left or -1) <= 28:
                warned += 1
        ideal = self.cutoff - timedelta(days=120)
        for donor in self._donors(ideal):
            if warned >= wanted:
                break
            if self._replace(donor, CaseState.ACTIVE, s127_showcase=True):
                warned += 1

    # Staffing and numbering -------------------------------------------------------------

    def _allocate_navigators(self) -> None:
        """Give each allocated case to the least-loaded navigator of its team at the time."""
        open_until: dict[str, list[float]] = {}
        for case in sorted(
            (c for c in self.cases if c.assigned_at is not None),
            key=lambda c: (c.assigned_at, c.person.number),
        ):
            assert case.assigned_at is not None
            now = case.assigned_at.timestamp()
            navigators = [s.username for s in staff_with(Role.NAVIGATOR, case.area)]
            loads = {}
            for name in navigators:
                ends = open_until.setdefault(name, [])
                while ends and ends[0] <= now:
                    heapq.heappop(ends)
                loads[name] = len(ends)
            lightest = min(loads.values())
            chosen = self.rng.choice([n for n in navigators if loads[n] == lightest])
            end = case.left_open_at.timestamp() if case.left_open_at else float("inf")
            heapq.heappush(open_until[chosen], end)
            case.navigator = chosen
            for event in case.events:
                if event.actor is Slot.NAVIGATOR:
                    event.actor = chosen
                if event.kind is CaseEventKind.ASSIGNED and not event.summary:
                    event.summary = f"Allocated to {NAMES[chosen]}"

    def _number(self) -> None:
        """Give cases their references, and custody records their suite numbers."""
        for number, case in enumerate(self.cases, start=1):
            case.reference = f"CP-{uk_date(case.referred_at).year}-{number:06d}"
        counters: dict[tuple[str, int], int] = {}
        for case in sorted(self.cases, key=lambda c: (c.arrested_at, c.person.number)):
            suite = SUITE_OF_OFFICER[case.referring_officer]
            year = uk_date(case.arrested_at).year % 100
            key = (suite, year)
            counters[key] = counters.get(key, self.rng.randint(1, 40)) + self.rng.randint(3, 12)
            case.custody_reference = f"{suite}/{year:02d}/{counters[key]:05d}"

"""Casework for demo cases: what navigators, supervisors and victim liaison recorded.

Planned after the walk for every case a navigator was given, around the instants its
timeline already holds (allocation, offer, signature, completion, breach, withdrawal):

- a first meeting, within the policy's first-appointment target for most; then meetings at
  about the policy's contact frequency, each booked at the one before, with outcomes
  (mostly attended; some late, a few missed with acceptable or unacceptable reasons, as
  `checkpoint.domain.appointments` judges them), reschedule chains and case notes;
- the start needs assessment and self-report at the first meeting (the end ones at the
  last meeting of a completed contract), pathway statuses and their history;
- referrals to the demo directory's services with recorded consent, and their progress;
- the contract built from the condition catalogue with the real `propose`, drafted by the
  navigator and approved by a supervisor before the offer, signed at the signing instant,
  and the evidence, sessions, tag days and community hours that keep its conditions;
- victims' records and the updates they asked for;
- breach proposals and supervisors' decisions, completion records and their documents.

Every timeline entry is worded as the service that writes the record words it, and every
instant is unique within its case. Nothing here reads the database or the clock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from random import Random
from typing import Any

from checkpoint.casework.appointment_services import when
from checkpoint.casework.models import CaseEventKind
from checkpoint.contracts.catalogue import LoadedCatalogue, catalogue_named
from checkpoint.contracts.models import SignatureMethod, VersionStatus
from checkpoint.domain.appointments import AppointmentKind, Attendance, ContactMethod, NoteBasis
from checkpoint.domain.breach import BreachOutcome
from checkpoint.domain.clocks import UK_TIME, add_months, uk_date
from checkpoint.domain.contracts import (
    Category,
    Choice,
    EvidenceKind,
    Period,
    RuleKind,
    Term,
    format_amount,
    format_day,
    propose,
)
from checkpoint.domain.lifecycle import Transition
from checkpoint.domain.needs import (
    AssessmentStage,
    NeedLevel,
    Pathway,
    PathwayStatus,
    ReferralStatus,
    check_pathway_need,
    check_pathway_status_change,
    check_referral_status_change,
    initial_pathway_status,
    score_self_report,
)
from checkpoint.domain.offences import OffenceFamily
from checkpoint.domain.roles import Role
from checkpoint.needs.instrument import LoadedInstrument
from checkpoint.policies.loader import LoadedPolicy
from checkpoint.victims.models import ContactWay, RestorativeOption
from checkpoint.web.demo import casework_text as text
from checkpoint.web.demo.cases import CasePlan, EventPlan
from checkpoint.web.demo.decisions import PolicyBook
from checkpoint.web.demo.documents import completion_letter, prosecution_file
from checkpoint.web.demo.names import FAMILY, FEMALE_MIDDLE, MALE_MIDDLE
from checkpoint.web.demo.records import (
    AppointmentPlan,
    ApprovalRecord,
    AssessmentPlan,
    CaseWork,
    CompletionPlan,
    ConsentRecord,
    ContractPlan,
    DecisionPlan,
    EvidencePlan,
    NeedAnswer,
    NotePlan,
    ProposalPlan,
    ReferralChange,
    ReferralPlan,
    SelfReportPlan,
    StatusChangePlan,
    VersionPlan,
    VictimPlan,
    VictimUpdatePlan,
    WorkLogPlan,
)
from checkpoint.web.demo.staff import NORTH, STAFF, staff_with
from checkpoint.web.demo.timing import at_uk, next_office_day, office_slot, office_time
from checkpoint.web.demo.wording import (
    BREACH_FURTHER_OFFENCE,
    BREACH_NONCOMPLIANCE,
    WITHDRAW_DECLINED,
)

NAMES = {s.username: f"{s.first_name} {s.last_name}" for s in STAFF}
OLD_REFERRAL = "Prosecution file sent for a charging decision on the original offence."
MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)

# How the people on the scheme behave, and how navigators work.
FIRST_SOONER_SHARE = 0.15
"""First meetings held the day the case is allocated (when it comes in early)."""
FIRST_LATE_SHARE = 0.06
"""First meetings the person could only make a working day later than offered."""
MOVED_SHARE = 0.05
MISSED_SHARE = 0.05
LATE_SHARE = 0.05
MISSED_ACCEPTED_SHARE = 0.6
SESSION_MISSED_SHARE = 0.04
REFUSED_SHARE = 0.08
"""Contract drafts a supervisor sends back once before approving the redraft."""
CONTACT_NOTE_SHARE = 0.45
MEETING_NOTE_SHARE = 0.3
OPINION_SHARE = 0.3
SECOND_VICTIM_SHARE = 0.08
VICTIM_UPDATES_SHARE = 0.8
EXTRA_REFERRAL_SHARE = 0.35
REFERRAL_DECLINED_SHARE = 0.15
# What is left for the navigator at 06:00 on the snapshot day: yesterday's outcomes not yet
# recorded, a missed appointment not yet rebooked, an older outcome forgotten.
PENDING_OUTCOME_SHARE = 0.25
FORGOTTEN_OUTCOME_SHARE = 0.02
UNREBOOKED_MISS_SHARE = 0.6
RECENT_MISSED_SHARE = 0.2
"""Of navigator meetings in the two days before 06:00: some people miss them."""

CONTRACT_CODE: dict[Pathway, str] = {
    Pathway.ALCOHOL: "alcohol_treatment",
    Pathway.DRUGS: "drug_treatment",
    Pathway.MENTAL_HEALTH: "mental_health_support",
    Pathway.HOUSING: "housing_advice",
    Pathway.FINANCES: "debt_advice",
    Pathway.EMPLOYMENT: "employment_support",
    Pathway.RELATIONSHIPS: "relationships_support",
    Pathway.SEXUAL_EXPLOITATION: "exploitation_support",
    Pathway.PHYSICAL_HEALTH: "gp_registration",
}
VICTIM_CODE: dict[str, str] = {
    RestorativeOption.LETTER_OF_APOLOGY.value: "apology_letter",
    RestorativeOption.REPARATION.value: "reparation",
    RestorativeOption.RESTORATIVE_MEETING.value: "restorative_meeting",
}
RESTORATIVE_WEIGHTS: dict[str, float] = {
    RestorativeOption.NONE.value: 0.45,
    RestorativeOption.LETTER_OF_APOLOGY.value: 0.3,
    RestorativeOption.REPARATION.value: 0.12,
    RestorativeOption.RESTORATIVE_MEETING.value: 0.08,
    RestorativeOption.OTHER.value: 0.05,
}
NEED_SHARE: dict[Pathway, float] = {
    Pathway.ALCOHOL: 0.22,
    Pathway.DRUGS: 0.22,
    Pathway.HOUSING: 0.18,
    Pathway.MENTAL_HEALTH: 0.3,
    Pathway.SEXUAL_EXPLOITATION: 0.03,
    Pathway.PHYSICAL_HEALTH: 0.12,
    Pathway.FINANCES: 0.3,
    Pathway.EMPLOYMENT: 0.35,
    Pathway.RELATIONSHIPS: 0.2,
}
NEED_BY_FAMILY: dict[OffenceFamily, dict[Pathway, float]] = {
    OffenceFamily.DRUG_POSSESSION: {Pathway.DRUGS: 0.6},
    OffenceFamily.DRUG_SUPPLY: {Pathway.DRUGS: 0.5, Pathway.FINANCES: 0.2},
    OffenceFamily.DRUG_PRODUCTION: {Pathway.DRUGS: 0.5},
    OffenceFamily.THEFT: {Pathway.FINANCES: 0.25, Pathway.DRUGS: 0.15},
    OffenceFamily.FRAUD: {Pathway.FINANCES: 0.3},
    OffenceFamily.PUBLIC_ORDER: {Pathway.ALCOHOL: 0.35},
    OffenceFamily.ASSAULT: {Pathway.ALCOHOL: 0.3, Pathway.RELATIONSHIPS: 0.15},
    OffenceFamily.CRIMINAL_DAMAGE: {Pathway.ALCOHOL: 0.3},
    OffenceFamily.HARASSMENT: {Pathway.RELATIONSHIPS: 0.3},
    OffenceFamily.MALICIOUS_COMMUNICATIONS: {Pathway.RELATIONSHIPS: 0.25},
}
LEVEL_WEIGHTS = {NeedLevel.LOW: 0.35, NeedLevel.MEDIUM: 0.4, NeedLevel.HIGH: 0.25}
WANTS_SUPPORT = {NeedLevel.LOW: 0.4, NeedLevel.MEDIUM: 0.75, NeedLevel.HIGH: 0.9}
LEVEL_ORDER = [NeedLevel.NONE, NeedLevel.LOW, NeedLevel.MEDIUM, NeedLevel.HIGH]
SESSIONS: dict[str, tuple[int, ...]] = {
    "alcohol_treatment": (3, 4, 4, 5, 6),
    "drug_treatment": (3, 4, 4, 5, 6),
    "mental_health_support": (3, 4, 5),
    "psychologist_sessions": (3, 4, 6),
    "relationships_support": (3, 4),
    "exploitation_support": (2, 3, 4),
    "housing_advice": (2, 3),
    "debt_advice": (2, 3),
    "employment_support": (2, 3, 4),
    "drug_awareness": (1, 2),
    "alcohol_awareness": (1, 2),
    "victim_awareness": (1, 2),
}
"""Sessions a condition asks for (within the catalogue's limits)."""
DOCUMENT_DAYS = 90
"""How far back completions and breach decisions are recorded with their documents.

Each produces a PDF, and rendering one takes WeasyPrint 50 to 300 ms: three years of them
would triple the load's time. Contracts that ended earlier have their whole casework but
ended through the timeline's transition alone (as the generic change form used to do).
"""
DUE_DAYS: dict[Category, tuple[int, int]] = {
    Category.VICTIM: (28, 56),
    Category.PATHWAY: (70, 105),
    Category.AWARENESS: (35, 70),
    Category.COMMUNITY: (84, 112),
    Category.MONITORING: (56, 100),
}
"""Days from the start of the contract to a condition's due date, by category."""


@dataclass(frozen=True)
class ServiceInfo:
    """A directory service as the planner needs it."""

    name: str
    provider: str
    area: str
    pathways: frozenset[Pathway]


@dataclass(frozen=True)
class OffenceDetail:
    """What a document says about an offence beyond its title."""

    legislation: str
    ho_code: str


@dataclass
class Environment:
    """What the planner reads once: the snapshot, policies, catalogue, services, instrument."""

    cutoff: datetime
    policies: PolicyBook
    services: Sequence[ServiceInfo]
    instrument: LoadedInstrument
    offences: Mapping[str, OffenceDetail]
    force_name: str
    catalogues: dict[str, LoadedCatalogue] = field(default_factory=dict)

    def policy(self, day: date) -> LoadedPolicy:
        """Return the policy in force on a day."""
        return self.policies.on(day)

    def catalogue(self, day: date) -> LoadedCatalogue:
        """Return the condition catalogue the policy in force on a day names."""
        name = self.policy(day).policy.casework.conditions_catalogue
        if name not in self.catalogues:
            self.catalogues[name] = catalogue_named(name)
        return self.catalogues[name]

    def services_for(self, pathway: Pathway, area: str) -> list[ServiceInfo]:
        """Return the active services for a pathway in an area (or force-wide)."""
        return [s for s in self.services if pathway in s.pathways and s.area in ("", area)]


def plan_casework(rng: Random, cases: Sequence[CasePlan], env: Environment) -> None:
    """Plan the casework of every case a navigator was given (in place, on `case.work`)."""
    for case in cases:
        # One draw per case whatever happens, so a change to one case leaves the rest alone.
        case_rng = Random(rng.getrandbits(64))
        if case.navigator is not None and case.assigned_at is not None:
            Builder(case, case_rng, env).build()
        case.events.sort(key=lambda e: e.occurred_at)


def _moment(case: CasePlan, transition: Transition, after: datetime) -> EventPlan | None:
    return next(
        (
            e
            for e in case.events
            if e.kind is CaseEventKind.TRANSITION
            and e.transition is transition
            and e.occurred_at > after
        ),
        None,
    )


def _quarter(at: datetime) -> datetime:
    """Return the first quarter hour at or after an instant."""
    base = at.replace(second=0, microsecond=0)
    if base < at:
        base += MINUTE
    return base + timedelta(minutes=(-base.minute) % 15)


def _before_quarter(at: datetime) -> datetime:
    """Return the last quarter hour at or before an instant (appointments start on them)."""
    base = at.replace(second=0, microsecond=0)
    return base - timedelta(minutes=base.minute % 15)


def _hour(at: datetime) -> int:
    return at.astimezone(UK_TIME).hour


def _office_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= DAY
    return day


def _days(appointments: Sequence[AppointmentPlan]) -> str:
    days = [format_day(uk_date(a.starts_at)) for a in appointments]
    if len(days) <= 1:
        return "".join(days) or "the dates recorded"
    return ", ".join(days[:-1]) + " and " + days[-1]


class Builder:
    """Plan one case's casework."""

    def __init__(self, case: CasePlan, rng: Random, env: Environment) -> None:
        assert case.navigator is not None and case.assigned_at is not None
        self.case, self.rng, self.env = case, rng, env
        self.cutoff = env.cutoff
        self.work = CaseWork()
        case.work = self.work
        self.nav = case.navigator
        self.area = case.area
        self.office = text.OFFICE[case.area]
        self.supervisor = staff_with(Role.SUPERVISOR, case.area)[0].username
        liaison = staff_with(Role.VICTIM_LIAISON, case.area)
        self.liaison = liaison[0].username if liaison else self.supervisor
        self.used = {e.occurred_at for e in case.events}
        self.assigned = case.assigned_at
        self.offer = _moment(case, Transition.OFFER_CONTRACT, self.assigned)
        self.sign = _moment(case, Transition.SIGN_CONTRACT, self.assigned)
        self.complete = _moment(case, Transition.COMPLETE, self.assigned)
        self.withdraw = _moment(case, Transition.WITHDRAW, self.assigned)
        self.breach = _moment(case, Transition.BREACH, self.assigned)
        self.refer = _moment(case, Transition.REFER_FOR_PROSECUTION, self.assigned)
        # The navigator works the case until it completes, is withdrawn, or a supervisor
        # decides to end it for breach; an open case, until the snapshot.
        end: datetime | None = None
        if self.complete is not None:
            end = self.complete.occurred_at
        elif self.withdraw is not None:
            end = self.withdraw.occurred_at
        elif self.breach is not None:
            assert case.breach_decided_at is not None
            end = case.breach_decided_at
        self.end = end
        self.limit = end if end is not None else self.cutoff
        # A completed contract's records are all made before its last meeting.
        self.final_at = (
            _before_quarter(self.complete.occurred_at - timedelta(minutes=50))
            if self.complete
            else None
        )
        self.name = f"{case.person.given_names} {case.person.family_name}"
        self.first_held: AppointmentPlan | None = None
        self.referral_for: dict[Pathway, ReferralPlan] = {}
        self.status: dict[Pathway, PathwayStatus] = {}
        self.needs: tuple[NeedAnswer, ...] = ()
        self.signed_version: VersionPlan | None = None
        self.concern = (rng.uniform(1.6, 3.4), rng.uniform(1.8, 3.8))
        self.proposed = self._proposal_time()

    # Instants and entries ---------------------------------------------------------------

    def stamp(self, at: datetime) -> datetime:
        """Return the instant, moved on a second at a time until the case has none like it."""
        at = at.replace(microsecond=0)
        while at in self.used:
            at += timedelta(seconds=1)
        self.used.add(at)
        return at

    def entry(self, at: datetime, actor: str, summary: str, detail: str = "", **refs: Any) -> None:
        """Add a timeline note, as the service writing the record adds it."""
        self.case.events.append(
            EventPlan(
                occurred_at=at,
                kind=CaseEventKind.NOTE,
                actor=actor,
                summary=summary[:300],
                detail=detail,
                refs=refs,
            )
        )

    def working(self, at: datetime) -> bool:
        """Return whether the navigator could record something at an instant."""
        return at <= self.limit

    def in_time(self, at: datetime, after: datetime) -> datetime:
        """Return when a record is made: at `at`, or before a completed contract's last meeting.

        The navigator brings everything up to date before the last meeting, so a completed
        contract's evidence is all recorded by then.
        """
        final = self.final_at
        if final is None or at <= final - 10 * MINUTE or after >= final - 10 * MINUTE:
            return at
        room = int((final - 10 * MINUTE - after).total_seconds() // 60)
        return final - timedelta(minutes=10 + self.rng.randint(0, max(0, min(room - 1, 240))))

    def documented(self, ended: datetime) -> bool:
        """Return whether a contract that ended then has its completion or breach records."""
        return ended >= self.cutoff - timedelta(days=DOCUMENT_DAYS)

    def after(self, at: datetime, low: int, high: int) -> datetime:
        """Return an office-hours instant some working days after another."""
        return office_time(self.rng, at, low, high)

    # Appointments and notes -------------------------------------------------------------

    def book(
        self,
        kind: AppointmentKind,
        starts_at: datetime,
        *,
        booked_at: datetime,
        place: str | None = None,
        details: str = "",
        replaces: AppointmentPlan | None = None,
        reason: str = "",
    ) -> AppointmentPlan | None:
        """Book an appointment (or move one), unless the case had left the navigator by then."""
        if not self.working(booked_at) or starts_at <= booked_at:
            return None
        if self.end is not None and starts_at >= self.end:
            return None
        booked_at = self.stamp(booked_at)
        appointment = AppointmentPlan(
            kind=kind,
            starts_at=starts_at,
            place=place or (replaces.place if replaces else self.office),
            booked_by=self.nav,
            booked_at=booked_at,
            details=replaces.details if replaces else details,
            replaces=replaces,
            reschedule_reason=reason,
        )
        self.work.appointments.append(appointment)
        if replaces is None:
            summary = f"{kind.label} booked for {when(starts_at)} at {appointment.place}"
            self.entry(booked_at, self.nav, summary, appointment.details, appointment=appointment)
        else:
            replaces.replaced_by = appointment
            summary = (
                f"{kind.label} moved from {when(replaces.starts_at)} to {when(starts_at)}"
                if replaces.attendance is None
                else f"{kind.label} rebooked for {when(starts_at)} after a missed appointment"
            )
            self.entry(
                booked_at, self.nav, summary, reason, appointment=appointment, replaces=replaces
            )
        return appointment

    def record(
        self,
        appointment: AppointmentPlan,
        attendance: Attendance,
        at: datetime,
        *,
        reason: str = "",
        acceptable: bool | None = None,
    ) -> bool:
        """Record an appointment's outcome as `appointment_record_outcome` does."""
        at = self.in_time(at, appointment.starts_at)
        if not self.working(at) or at < appointment.starts_at:
            return False
        at = self.stamp(at)
        if attendance is Attendance.ATTENDED:
            reason, acceptable = "", None
        appointment.attendance = attendance
        appointment.outcome_reason = reason
        appointment.acceptable = acceptable
        appointment.outcome_by = self.nav
        appointment.outcome_at = at
        judged = ""
        if attendance is not Attendance.ATTENDED:
            judged = " (reason accepted)" if acceptable else " (reason not accepted: enforceable)"
        summary = (
            f"{appointment.kind.label} on {when(appointment.starts_at)}: {attendance.label}{judged}"
        )
        self.entry(at, self.nav, summary, reason, appointment=appointment)
        return True

    def note(
        self,
        at: datetime,
        words: str,
        *,
        basis: NoteBasis = NoteBasis.FACT,
        method: ContactMethod | None = None,
        appointment: AppointmentPlan | None = None,
    ) -> NotePlan | None:
        """Add a case note (fact or opinion), perhaps recording contact, as `case_note_add` does."""
        if not self.working(at):
            return None
        at = self.stamp(at)
        note = NotePlan(at, self.nav, basis, words, method, appointment)
        self.work.notes.append(note)
        summary = f"Note ({basis.label.lower()})" + (
            f": contact by {method.label.lower()}" if method else ""
        )
        self.entry(at, self.nav, summary, words, note=note)
        return note

    def service_outcome_time(self, appointment: AppointmentPlan) -> datetime:
        """Return when a service's confirmation is recorded: that afternoon or next morning."""
        day = uk_date(appointment.starts_at)
        if _hour(appointment.starts_at) < 15 and self.rng.random() < 0.7:
            return at_uk(day, self.rng.randint(16, 17), self.rng.randrange(0, 30))
        return at_uk(next_office_day(day, 1), self.rng.randint(9, 11), self.rng.randrange(60))

    def left_open(self, appointment: AppointmentPlan) -> bool:
        """Return whether, at 06:00, the outcome is still to be recorded (a worklist item)."""
        if self.end is not None:
            return False
        age = self.cutoff - appointment.starts_at
        if age < timedelta(hours=20):
            return self.rng.random() < PENDING_OUTCOME_SHARE
        if age < timedelta(days=5):
            return self.rng.random() < FORGOTTEN_OUTCOME_SHARE
        return False

    def hold(
        self,
        appointment: AppointmentPlan,
        *,
        outcome_at: datetime | None = None,
        attendance: Attendance | None = None,
        acceptable: bool | None = None,
        free: bool = True,
        settled: bool = False,
    ) -> Attendance | None:
        """Decide and record what happened at an appointment; None if nothing is recorded.

        With `free` the person may be late or miss it; otherwise they attend (or do what
        `attendance` says). A `settled` outcome is never left to record at 06:00.
        """
        if appointment.starts_at > self.cutoff or not self.working(appointment.starts_at):
            return None
        if not settled and self.left_open(appointment):
            return None
        rng = self.rng
        if attendance is None:
            attendance = Attendance.ATTENDED
            if free:
                u = rng.random()
                recent = self.end is None and self.cutoff - appointment.starts_at < 2 * DAY
                if u < (RECENT_MISSED_SHARE if recent else MISSED_SHARE):
                    attendance = Attendance.DID_NOT_ATTEND
                elif u < MISSED_SHARE + LATE_SHARE:
                    attendance = Attendance.LATE
        reason = ""
        if attendance is Attendance.DID_NOT_ATTEND:
            if acceptable is None:
                acceptable = rng.random() < MISSED_ACCEPTED_SHARE
            reason = rng.choice(text.MISSED_ACCEPTED if acceptable else text.MISSED_NOT_ACCEPTED)
        elif attendance is Attendance.LATE:
            if acceptable is None:
                acceptable = rng.random() < 0.75
            reason = rng.choice(text.LATE_ACCEPTED if acceptable else text.LATE_NOT_ACCEPTED)
        at = outcome_at or appointment.starts_at + timedelta(minutes=rng.randint(45, 100))
        if not self.record(appointment, attendance, at, reason=reason, acceptable=acceptable):
            return None
        return attendance

    def move(self, appointment: AppointmentPlan, latest: datetime | None) -> AppointmentPlan:
        """Move an appointment before it happens, if a later slot fits; return the one kept."""
        rng = self.rng
        moved_at = appointment.booked_at + (appointment.starts_at - appointment.booked_at) * (
            rng.uniform(0.3, 0.8)
        )
        starts = office_slot(
            rng, next_office_day(uk_date(appointment.starts_at), rng.randint(1, 2))
        )
        if (latest is not None and starts > latest) or moved_at > self.cutoff:
            return appointment
        moved = self.book(
            appointment.kind,
            starts,
            booked_at=moved_at,
            replaces=appointment,
            reason=rng.choice(text.MOVED),
        )
        return moved or appointment

    def after_missed(
        self, appointment: AppointmentPlan, latest: datetime | None, days: int = 3
    ) -> AppointmentPlan | None:
        """Phone after a missed appointment and rebook it; None if it is not rebooked."""
        rng = self.rng
        assert appointment.outcome_at is not None
        called = appointment.outcome_at + timedelta(minutes=rng.randint(20, 180))
        if rng.random() < 0.8:
            self.note(
                called,
                text.AFTER_MISSED.format(reason=appointment.outcome_reason),
                method=ContactMethod.PHONE,
            )
        else:
            self.note(called, text.NO_ANSWER)
        starts = office_slot(
            rng, next_office_day(uk_date(appointment.starts_at), rng.randint(1, days))
        )
        if latest is not None and starts > latest:
            return None
        return self.book(
            appointment.kind,
            starts,
            booked_at=called + MINUTE,
            replaces=appointment,
            reason=rng.choice(text.REBOOKED),
        )

    def caught_up(self, appointment: AppointmentPlan) -> bool:
        """Return whether the navigator has followed up a missed appointment by 06:00."""
        recent = self.cutoff - appointment.starts_at < timedelta(days=2)
        return not (self.end is None and recent and self.rng.random() < UNREBOOKED_MISS_SHARE)

    # The whole case ---------------------------------------------------------------------

    def build(self) -> None:
        """Plan everything, then word the walker's transitions as the services do."""
        self.victims()
        self.first_meeting()
        if self.first_held is not None:
            self.start_needs()
            self.start_referrals()
            self.draft_contract()
        self.meetings()
        if self.sign is not None:
            self.keep_conditions()
        self.close_referrals()
        self.breach_records()
        self.completion_records()
        self.victim_updates()
        self.word_transitions()

    # Victims ----------------------------------------------------------------------------

    def victims(self) -> None:
        """Record the victim's views soon after the decision (victim liaison, or a supervisor)."""
        case, rng = self.case, self.rng
        if not case.has_victim or case.decided_at is None:
            return
        count = 2 if rng.random() < SECOND_VICTIM_SHARE else 1
        at = self.after(max(case.decided_at, self.assigned - 2 * DAY), 0, 2)
        options = list(RESTORATIVE_WEIGHTS)
        town = "Northtown" if self.area == NORTH else "Southvale"
        for _ in range(count):
            if at > self.cutoff:
                return
            at = self.stamp(at)
            option = rng.choices(options, weights=[RESTORATIVE_WEIGHTS[o] for o in options])[0]
            given = rng.choice(FEMALE_MIDDLE if rng.random() < 0.55 else MALE_MIDDLE)
            family = rng.choice(FAMILY)
            way = rng.choice(
                (ContactWay.PHONE, ContactWay.PHONE, ContactWay.EMAIL, ContactWay.LETTER)
            )
            views = (
                text.VICTIM_VIEWS_OPPOSE
                if case.particulars.victim_opposes
                else text.VICTIM_VIEWS_SUPPORT
            )
            self.work.victims.append(
                VictimPlan(
                    name=f"{given} {family}",
                    phone=f"07700 900{rng.randrange(1000):03d}",
                    email=f"{given}.{family}@example.com".lower(),
                    address=f"{rng.randint(1, 98)} {rng.choice(text.STREETS)}, {town}",
                    preferred_contact=way.value,
                    contact_notes=rng.choice(text.CONTACT_NOTES_VICTIM),
                    wants_updates=rng.random() < VICTIM_UPDATES_SHARE,
                    views=rng.choice(views),
                    restorative_option=option,
                    restorative_wishes=rng.choice(text.RESTORATIVE_WISHES[option]),
                    recorded_at=at,
                    recorded_by=self.liaison,
                )
            )
            label = RestorativeOption(option).label.lower()
            self.entry(at, self.liaison, f"Victim's views recorded (restorative option: {label})")
            at += timedelta(minutes=rng.randint(20, 90))

    def victim_updates(self) -> None:
        """Tell each victim who asked for updates of the key decisions, a few days after."""
        moments: list[tuple[datetime, str]] = []
        if self.sign is not None:
            moments.append((self.sign.occurred_at, "active"))
        if self.complete is not None:
            moments.append((self.complete.occurred_at, "completed"))
        if self.refer is not None:
            moments.append((self.refer.occurred_at, "referred_for_prosecution"))
        if self.withdraw is not None:
            moments.append((self.withdraw.occurred_at, "withdrawn"))
        for victim in self.work.victims:
            if not victim.wants_updates:
                continue
            for moment, what in moments:
                if victim.recorded_at >= moment:
                    continue
                at = self.after(moment, 1, 4)
                if at > self.cutoff:
                    continue
                at = self.stamp(at)
                way = ContactWay(victim.preferred_contact or ContactWay.PHONE.value)
                given = uk_date(at)
                victim.updates.append(
                    VictimUpdatePlan(
                        given_on=given,
                        method=way.value,
                        summary=text.VICTIM_UPDATES[what].format(day=format_day(uk_date(moment))),
                        given_by=self.liaison,
                        recorded_at=at,
                    )
                )
                self.entry(
                    at,
                    self.liaison,
                    f"Update given to a victim by {way.label.lower()} on {given.day} {given:%B %Y}",
                )

    # The first meeting ------------------------------------------------------------------

    def first_meeting(self) -> None:
        """Book the first meeting on allocation and hold it: most within the target."""
        rng = self.rng
        # Booked as soon as the navigator sees the allocation (next morning if it came late).
        booked = self.assigned + timedelta(minutes=rng.randint(5, 50))
        if _hour(booked) >= 17:
            booked = self.after(booked, 1, 1)
        day = next_office_day(uk_date(self.assigned), 1)
        if rng.random() < FIRST_LATE_SHARE:
            day = next_office_day(day, 1)
        starts = office_slot(rng, day)
        if rng.random() < FIRST_SOONER_SHARE and _hour(booked) < 12:
            starts = _quarter(booked + timedelta(hours=rng.randint(2, 4)))
        bound = self.offer.occurred_at if self.offer is not None else self.end
        latest = bound - timedelta(hours=3) if bound is not None else None
        if latest is not None and starts > latest:
            starts = _quarter(max(booked + timedelta(hours=1), latest))
        if starts <= booked + timedelta(minutes=30):
            starts = _quarter(booked + timedelta(minutes=45))
        first = self.book(
            AppointmentKind.FIRST_MEETING,
            starts,
            booked_at=booked,
            details=text.FIRST_MEETING_DETAILS,
        )
        if first is None:
            return
        # Before an offer there must be time to move or rebook it and still meet first.
        room = latest is None or at_uk(next_office_day(uk_date(first.starts_at), 3), 8) < latest
        moved = False
        if room and rng.random() < MOVED_SHARE:
            kept = self.move(first, latest)
            moved, first = kept is not first, kept
        outcome = self.hold(first, free=room and not moved)
        if outcome is Attendance.DID_NOT_ATTEND:
            if not self.caught_up(first):
                return
            again = self.after_missed(first, latest, days=2)
            if again is None:
                return
            first = again
            outcome = self.hold(first, free=False, settled=latest is not None)
        if outcome is None:
            return
        self.first_held = first
        assert first.outcome_at is not None
        self.note(first.outcome_at + MINUTE, text.FIRST_MEETING_NOTE, appointment=first)
        if rng.random() < 0.4:
            self.note(
                first.outcome_at + 2 * MINUTE,
                rng.choice(text.FIRST_MEETING_OPINIONS),
                basis=NoteBasis.OPINION,
                appointment=first,
            )

    # Needs, self-reports and referrals --------------------------------------------------

    def required_pathways(self) -> set[Pathway]:
        """Return the pathways a planned breach needs the contract to hold."""
        if self.case.breach_reason == BREACH_NONCOMPLIANCE[1]:
            return {Pathway.ALCOHOL}
        return set()

    def start_needs(self) -> None:
        """Assess the nine pathways and take the self-report at the first meeting."""
        first = self.first_held
        assert first is not None and first.outcome_at is not None
        rng = self.rng
        family = self.case.offences[0][0].family
        required = self.required_pathways()
        levels = list(LEVEL_WEIGHTS)
        answers = []
        for pathway in Pathway:
            share = NEED_SHARE[pathway] + NEED_BY_FAMILY.get(family, {}).get(pathway, 0.0)
            if pathway in required:
                level, wanted = NeedLevel.HIGH, True
            elif rng.random() < share:
                level = rng.choices(levels, weights=[LEVEL_WEIGHTS[x] for x in levels])[0]
                wanted = rng.random() < WANTS_SUPPORT[level]
            else:
                level, wanted = NeedLevel.NONE, False
            check_pathway_need(pathway, level, wanted)
            notes = (
                rng.choice(text.NEED_NOTES[pathway])
                if level is not NeedLevel.NONE and rng.random() < 0.7
                else ""
            )
            answers.append(NeedAnswer(pathway, level, wanted, notes))
        self.needs = tuple(answers)
        with_need = sorted(
            (a for a in answers if a.level is not NeedLevel.NONE),
            key=lambda a: -LEVEL_ORDER.index(a.level),
        )
        if with_need:
            main = " and ".join(a.pathway.label.lower() for a in with_need[:2])
            summary = f"Main needs: {main}. " + (
                "Wants support and agreed to referrals."
                if any(a.support_wanted for a in with_need)
                else "Does not want support at present."
            )
        else:
            summary = text.NO_NEEDS_SUMMARY
        at = first.outcome_at + timedelta(minutes=rng.randint(5, 20))
        self.assess(AssessmentStage.START, at, answers, summary)
        self.self_report(AssessmentStage.START, at + 3 * MINUTE)

    def assess(
        self, stage: AssessmentStage, at: datetime, answers: Sequence[NeedAnswer], summary: str
    ) -> None:
        """Record an assessment as `needs_assess` does, seeding first statuses."""
        if not self.working(at):
            return
        at = self.stamp(at)
        order = list(Pathway)
        ordered = tuple(sorted(answers, key=lambda a: order.index(a.pathway)))
        assessment = AssessmentPlan(stage, at, self.nav, summary, ordered)
        self.work.assessments.append(assessment)
        for a in ordered:
            status = initial_pathway_status(a.level, a.support_wanted)
            if status is not None and a.pathway not in self.status:
                self.status[a.pathway] = status
                self.work.status_changes.append(
                    StatusChangePlan(
                        pathway=a.pathway,
                        previous=None,
                        status=status,
                        effective_on=uk_date(at),
                        changed_at=at,
                        changed_by=self.nav,
                        note=f"From the {stage.label.lower()} assessment",
                        seeded=True,
                    )
                )
        with_need = [a for a in ordered if a.level is not NeedLevel.NONE]
        described = (
            "; ".join(f"{a.pathway.label} {a.level.label.lower()}" for a in with_need)
            or "no needs identified"
        )
        self.entry(
            at,
            self.nav,
            f"Needs assessed ({stage.label.lower()}): {described}",
            summary,
            needs_assessment=assessment,
        )

    def self_report(self, stage: AssessmentStage, at: datetime) -> None:
        """Record the person's answers and scores as `self_report_record` does."""
        if not self.working(at):
            return
        rng = self.rng
        spec = self.env.instrument.instrument
        scale = spec.scale
        better = 0.0 if stage is AssessmentStage.START else rng.uniform(0.2, 0.9)
        first_subscale = spec.subscales[0].code
        answers: dict[str, int | None] = {}
        for item in spec.items:
            concern = self.concern[0 if item.subscale == first_subscale else 1] - better
            value = min(scale.max, max(scale.min, round(rng.gauss(concern, 0.75))))
            answer = scale.min + scale.max - value if item.reverse else value
            answers[item.code] = None if rng.random() < 0.03 else answer
        scored = score_self_report(spec, answers)
        at = self.stamp(at)
        report = SelfReportPlan(
            stage=stage,
            recorded_at=at,
            recorded_by=self.nav,
            item_scores=scored.answers,
            subscale_scores={code: s.as_json() for code, s in scored.subscales.items()},
        )
        self.work.self_reports.append(report)
        scores = "; ".join(
            f"{spec.subscale(code).label.lower()} "
            + (f"{s.score:g}" if s.score is not None else "not scored (too many unanswered)")
            for code, s in scored.subscales.items()
        )
        self.entry(
            at,
            self.nav,
            f"Self-report recorded ({stage.label.lower()}): {scores}",
            self_report=report,
        )

    def start_referrals(self) -> None:
        """Refer the person, with their consent, for the pathways they want support with."""
        first = self.first_held
        assert first is not None and first.outcome_at is not None
        rng = self.rng
        wanted = sorted(
            (a for a in self.needs if a.support_wanted),
            key=lambda a: (a.pathway not in self.required_pathways(), -LEVEL_ORDER.index(a.level)),
        )
        at = first.outcome_at + timedelta(minutes=rng.randint(25, 40))
        most = 2 + (rng.random() < EXTRA_REFERRAL_SHARE)
        for answer in wanted:
            if len(self.work.referrals) >= most:
                break
            options = self.env.services_for(answer.pathway, self.area)
            if not options or (answer.pathway is Pathway.PHYSICAL_HEALTH and rng.random() < 0.5):
                continue
            self.refer_to(rng.choice(options), answer.pathway, at)
            at += timedelta(minutes=rng.randint(2, 6))

    def refer_to(self, service: ServiceInfo, pathway: Pathway, at: datetime) -> None:
        """Send a referral as `referral_create` does (consent recorded at the same moment)."""
        if not self.working(at):
            return
        at = self.stamp(at)
        reason = text.REFERRAL_REASONS[pathway]
        referral = ReferralPlan(
            service=service.name,
            pathway=pathway,
            shared_information=text.SHARED_INFORMATION,
            reason=reason,
            sent_at=at,
            sent_by=self.nav,
            changes=[ReferralChange(None, ReferralStatus.SENT, at, self.nav, reason)],
        )
        self.work.referrals.append(referral)
        self.referral_for.setdefault(pathway, referral)
        self.entry(
            at,
            self.nav,
            f"Referred to {service.name} ({pathway.label}), with consent to share",
            f"Shared: {text.SHARED_INFORMATION}\nReason: {reason}",
            service_referral=referral,
        )
        # Most services take the person on within a week; a few turn an extra referral down.
        answered = self.after(at, 1, 5)
        extra = len(self.work.referrals) > 1
        if extra and self.rng.random() < REFERRAL_DECLINED_SHARE:
            declined = self.rng.choice(text.REFERRAL_DECLINED)
            self.referral_change(referral, ReferralStatus.DECLINED, answered, declined)
        elif self.referral_change(referral, ReferralStatus.ACCEPTED, answered):
            self.pathway_status(pathway, PathwayStatus.IN_PROGRESS, answered + MINUTE)

    def referral_change(
        self, referral: ReferralPlan, status: ReferralStatus, at: datetime, outcome: str = ""
    ) -> bool:
        """Record a referral's new status as `referral_status_change` does."""
        if not self.working(at) or at <= referral.changes[-1].changed_at:
            return False
        check_referral_status_change(referral.status, status, outcome)
        at = self.stamp(at)
        referral.changes.append(ReferralChange(referral.status, status, at, self.nav, outcome))
        self.entry(
            at,
            self.nav,
            f"Referral to {referral.service}: {status.label.lower()}",
            outcome,
            service_referral=referral,
        )
        return True

    def pathway_status(
        self, pathway: Pathway, status: PathwayStatus, at: datetime, note: str = ""
    ) -> None:
        """Change a pathway's status as `pathway_status_change` does, when allowed."""
        current = self.status.get(pathway)
        if current is status or not self.working(at):
            return
        check_pathway_status_change(pathway, current, status, note)
        at = self.stamp(at)
        self.status[pathway] = status
        change = StatusChangePlan(pathway, current, status, uk_date(at), at, self.nav, note)
        self.work.status_changes.append(change)
        words = f"{current.label} → {status.label}" if current else status.label
        self.entry(at, self.nav, f"{pathway.label}: {words}", note, pathway_status_change=change)

    def close_referrals(self) -> None:
        """Withdraw the referrals still open when a case leaves Checkpoint without completing."""
        if self.end is None or self.complete is not None:
            return
        at = self.end + timedelta(minutes=self.rng.randint(10, 40))
        if at > self.cutoff:
            return
        limit, self.limit = self.limit, self.cutoff
        for referral in self.work.referrals:
            if not referral.status.is_final:
                self.referral_change(referral, ReferralStatus.WITHDRAWN, at, text.REFERRAL_ENDED)
                at += 2 * MINUTE
        self.limit = limit

    # The contract -----------------------------------------------------------------------

    def planned_start(self) -> date:
        """Return the day the contract starts (or, before signing, is expected to)."""
        if self.sign is not None:
            return uk_date(self.sign.occurred_at)
        if self.offer is not None:
            return next_office_day(uk_date(self.offer.occurred_at), 3)
        assert self.first_held is not None
        return next_office_day(uk_date(self.first_held.starts_at), 7)

    def draft_contract(self) -> None:
        """Draft, submit and have approved the contract between the first meeting and the offer."""
        first = self.first_held
        assert first is not None and first.outcome_at is not None
        rng = self.rng
        drafted = first.outcome_at + timedelta(minutes=rng.randint(40, 150))
        if _hour(drafted) >= 18:
            drafted = self.after(drafted, 1, 1)
        offer = self.offer.occurred_at if self.offer is not None else None
        if offer is not None and drafted >= offer - timedelta(hours=2):
            drafted = first.outcome_at + timedelta(minutes=20)
        if not self.working(drafted):
            return
        day = uk_date(drafted)
        loaded, catalogue = self.env.policy(day), self.env.catalogue(day)
        months = loaded.policy.clocks.contract_months
        terms = self.terms(drafted, catalogue, loaded)
        drafted = self.stamp(drafted)
        contract = ContractPlan(created_at=drafted)
        self.work.contract = contract
        version = self.version(contract, 1, terms, drafted, loaded, catalogue, months)
        submitted = drafted + timedelta(minutes=rng.randint(5, 40))
        decided = self.after(submitted, 0, 1)
        if offer is not None and decided >= offer - timedelta(minutes=30):
            decided = submitted + (offer - submitted) * rng.uniform(0.3, 0.7)
        # A case that leaves before a supervisor could decide keeps its draft unsubmitted:
        # a submitted version could never be decided once the case is withdrawn.
        if self.end is not None and decided > self.end:
            return
        if not self.submit(version, submitted):
            return
        if rng.random() < REFUSED_SHARE:
            # The supervisor sends it back once; the navigator redrafts within the hour or two.
            redrafted = decided + timedelta(minutes=rng.randint(30, 120))
            approved = self.after(redrafted, 0, 1)
            in_time = offer is None or approved < offer - timedelta(minutes=30)
            if in_time and (self.end is None or approved <= self.end):
                if not self.decide(
                    version, decided, approved=False, note=rng.choice(text.REFUSAL_NOTES)
                ):
                    return
                if not self.working(redrafted):
                    return
                version = self.version(
                    contract,
                    2,
                    terms,
                    self.stamp(redrafted),
                    loaded,
                    catalogue,
                    months,
                    reason=text.REDRAFT_REASON,
                )
                if not self.submit(version, redrafted + timedelta(minutes=rng.randint(3, 15))):
                    return
                decided = approved
        if not self.decide(version, decided, approved=True, note=rng.choice(text.APPROVAL_NOTES)):
            return
        if self.offer is not None:
            version.offered_by, version.offered_at = self.nav, self.offer.occurred_at
        if self.sign is not None:
            self.signed_version = version
            typed = rng.random() < 0.8
            version.consent = ConsentRecord(
                signed_at=self.sign.occurred_at,
                signature_method=(
                    SignatureMethod.TYPED_NAME if typed else SignatureMethod.ON_PAPER
                ).value,
                signature=self.name if typed else "Signed on paper",
                witnessed_by=self.nav,
                copy_given=rng.random() < 0.95,
                adjustments=rng.choice(text.ADJUSTMENTS) if rng.random() < 0.05 else "",
            )

    def version(
        self,
        contract: ContractPlan,
        number: int,
        terms: tuple[Term, ...],
        at: datetime,
        loaded: LoadedPolicy,
        catalogue: LoadedCatalogue,
        months: int,
        *,
        reason: str = "First draft",
    ) -> VersionPlan:
        """Draft a version as `contract_draft` does (a refused one is kept as it was)."""
        version = VersionPlan(
            number=number,
            status=VersionStatus.DRAFT.value,
            reason=reason,
            created_by=self.nav,
            created_at=at,
            catalogue_name=catalogue.name,
            catalogue_version=catalogue.version,
            catalogue_sha256=catalogue.sha256,
            policy_name=loaded.name,
            policy_version=loaded.policy.policy.version,
            length_months=months,
            terms=terms,
        )
        contract.versions.append(version)
        self.entry(
            at,
            self.nav,
            f"Contract version {number} drafted: {version.titles}",
            reason,
            contract_version=version,
        )
        return version

    def submit(self, version: VersionPlan, at: datetime) -> bool:
        """Send the draft for approval as `contract_submit` does."""
        if not self.working(at):
            return False
        at = self.stamp(at)
        version.status = VersionStatus.AWAITING_APPROVAL.value
        version.submitted_by, version.submitted_at = self.nav, at
        self.entry(
            at,
            self.nav,
            f"Contract version {version.number} submitted for approval",
            contract_version=version,
        )
        return True

    def decide(self, version: VersionPlan, at: datetime, *, approved: bool, note: str) -> bool:
        """Record a supervisor's approval or refusal as `contract_decide` does."""
        if not self.working(at):
            return False
        at = self.stamp(at)
        version.approvals.append(ApprovalRecord(self.supervisor, at, approved, note))
        version.status = (VersionStatus.APPROVED if approved else VersionStatus.REFUSED).value
        verdict = "approved" if approved else "refused"
        self.entry(
            at,
            self.supervisor,
            f"Contract version {version.number} {verdict}",
            note,
            contract_version=version,
        )
        return True

    def terms(
        self, drafted: datetime, catalogue: LoadedCatalogue, loaded: LoadedPolicy
    ) -> tuple[Term, ...]:
        """Choose conditions from the catalogue and build them with the real `propose`."""
        rng = self.rng
        casework = loaded.policy.casework
        spec_of = catalogue.catalogue.spec
        day = uk_date(drafted)
        months = loaded.policy.clocks.contract_months
        start = max(self.planned_start(), day)
        last = add_months(day, months) - DAY

        def due(category: Category) -> date:
            low, high = DUE_DAYS[category]
            return min(start + timedelta(days=rng.randint(low, high)), last)

        choices: list[Choice] = [Choice("no_reoffending")]
        victim = next((v for v in self.work.victims if v.recorded_at < drafted), None)
        if victim is not None and victim.restorative_option in VICTIM_CODE:
            code = VICTIM_CODE[victim.restorative_option]
            what = {"what": rng.choice(text.REPARATION_WHAT)} if code == "reparation" else {}
            choices.append(Choice(code, what, due(Category.VICTIM)))
        required = self.required_pathways()
        pathways = sorted(
            (a for a in self.needs if a.support_wanted and a.level is not NeedLevel.LOW),
            key=lambda a: (
                a.pathway not in required,
                -LEVEL_ORDER.index(a.level),
                list(Pathway).index(a.pathway),
            ),
        )
        taken = 0
        for answer in pathways:
            if taken >= casework.max_pathway_interventions:
                break
            code = CONTRACT_CODE[answer.pathway]
            if code == "mental_health_support" and rng.random() < 0.3:
                code = "psychologist_sessions"
            spec = spec_of(code)
            if spec is None:
                continue
            parameters: dict[str, object] = {}
            if spec.parameter("service") is not None:
                referral = self.referral_for.get(answer.pathway)
                if referral is None or referral.status is ReferralStatus.DECLINED:
                    continue
                parameters["service"] = referral.service
            if spec.parameter("sessions") is not None:
                parameters["sessions"] = self.sessions(code, spec.parameter("sessions"))
            choices.append(Choice(code, parameters, due(Category.PATHWAY)))
            taken += 1
        awareness = self.awareness()
        spec = spec_of(awareness) if awareness else None
        if awareness and spec is not None and len(choices) < casework.max_conditions - 1:
            sessions = self.sessions(awareness, spec.parameter("sessions"))
            choices.append(Choice(awareness, {"sessions": sessions}, due(Category.AWARENESS)))
        hours_needed = self.case.breach_reason == BREACH_NONCOMPLIANCE[2]
        if len(choices) < casework.max_conditions and (hours_needed or rng.random() < 0.55):
            low, high = casework.community_hours_min, casework.community_hours_max
            options = [h for h in (18, 24, 30, 36) if low <= h <= high] or [low]
            hours = rng.choice(options)
            choices.append(Choice("unpaid_work", {"hours": hours}, due(Category.COMMUNITY)))
        elif len(choices) < casework.max_conditions and rng.random() < 0.1:
            tag_due = due(Category.MONITORING)
            days = min(rng.choice((28, 35, 42)), (tag_due - start).days - 14)
            if days >= 7:
                choices.append(Choice("gps_tag", {"days": days}, tag_due))
        proposal = propose(
            catalogue.catalogue,
            choices,
            casework=casework,
            period=Period(day, add_months(day, months)),
        )
        if not proposal.ok:
            raise ValueError(
                f"{self.case.reference}: the demo built a contract the rules refuse: "
                + "; ".join(p.message for p in proposal.problems)
            )
        return proposal.terms

    def awareness(self) -> str | None:
        """Return the awareness course the contract asks for, if any."""
        rng = self.rng
        family = self.case.offences[0][0].family
        if family in (OffenceFamily.DRUG_POSSESSION, OffenceFamily.DRUG_SUPPLY):
            return "drug_awareness" if rng.random() < 0.35 else None
        if any(a.pathway is Pathway.ALCOHOL and a.level is not NeedLevel.NONE for a in self.needs):
            return "alcohol_awareness" if rng.random() < 0.3 else None
        return "victim_awareness" if self.case.has_victim and rng.random() < 0.15 else None

    def sessions(self, code: str, parameter: Any) -> int:
        """Return how many sessions a condition asks for, within its parameter's limits."""
        value = self.rng.choice(SESSIONS.get(code, (2, 3)))
        if parameter is not None and parameter.minimum is not None:
            value = max(value, parameter.minimum)
        if parameter is not None and parameter.maximum is not None:
            value = min(value, parameter.maximum)
        return int(value)

    # Meetings ---------------------------------------------------------------------------

    def anchors(self) -> list[tuple[datetime, str]]:
        """Return the meetings the timeline fixes: offer, signature, the last one."""
        rng = self.rng
        anchors: list[tuple[datetime, str]] = []
        if self.offer is not None:
            anchors.append((_before_quarter(self.offer.occurred_at - 40 * MINUTE), "offer"))
        if self.withdraw is not None and self.withdraw.detail == WITHDRAW_DECLINED[1]:
            assert self.offer is not None
            # Three appointments to sign, spread between the offer and the withdrawal.
            offer, gone = self.offer.occurred_at, self.withdraw.occurred_at
            step = (gone - offer) / 4
            for k in (1, 2, 3):
                day = next_office_day(uk_date(offer + step * k), 0)
                anchors.append((office_slot(rng, day), "sign_try"))
        elif self.withdraw is not None and self.withdraw.detail == WITHDRAW_DECLINED[0]:
            gone = self.withdraw.occurred_at
            anchors.append((_before_quarter(gone - 40 * MINUTE), "decline"))
        if self.sign is not None:
            anchors.append((_before_quarter(self.sign.occurred_at - 45 * MINUTE), "sign"))
        elif self.offer is not None and self.end is None:
            # Offered and waiting: the signing meeting is booked for the coming days.
            day = next_office_day(uk_date(self.cutoff), rng.randint(1, 4))
            anchors.append((office_slot(rng, day), "sign"))
        if self.final_at is not None:
            anchors.append((self.final_at, "final"))
        return sorted(anchors)

    def gap(self, previous: datetime) -> timedelta:
        """Return the time to the next regular meeting: weekly at first, then fortnightly."""
        rng = self.rng
        every = self.env.policy(uk_date(previous)).policy.casework.contact_every_days
        start = uk_date(self.sign.occurred_at) if self.sign is not None else None
        if start is None or uk_date(previous) < start + timedelta(days=28):
            return timedelta(days=rng.randint(6, 8))
        return timedelta(days=rng.randint(max(7, every - 5), max(7, every - 1)))

    def missed_from(self) -> datetime | None:
        """Return from when the person stops coming, for a breach over missed meetings."""
        if self.case.breach_reason != BREACH_NONCOMPLIANCE[0] or self.proposed is None:
            return None
        return self.proposed - timedelta(days=24)

    def meetings(self) -> None:
        """Hold navigator meetings from the first until the case leaves the navigator."""
        previous = self.first_held
        if previous is None:
            return
        rng = self.rng
        anchors = self.anchors()
        missed_from = self.missed_from()
        while True:
            regular = office_slot(
                rng, next_office_day(uk_date(previous.starts_at) + self.gap(previous.starts_at), 0)
            )
            purpose = "regular"
            if anchors and anchors[0][0] < regular + 2 * DAY:
                starts, purpose = anchors.pop(0)
            else:
                starts = regular
            if starts <= previous.starts_at + timedelta(hours=1):
                continue
            stopped = purpose == "regular" and missed_from is not None and starts >= missed_from
            details = {
                "offer": text.OFFER_DETAILS,
                "final": text.FINAL_DETAILS,
                "regular": rng.choice(text.MEETING_DETAILS),
            }.get(purpose, text.SIGN_DETAILS)
            place = self.office
            if purpose == "regular" and rng.random() < 0.15:
                place = rng.choice(text.OTHER_VENUES[self.area])
            booked = (previous.outcome_at or previous.starts_at + timedelta(minutes=50)) + MINUTE
            meeting = self.book(
                AppointmentKind.NAVIGATOR_MEETING,
                starts,
                booked_at=booked,
                details=details,
                place=place,
            )
            if meeting is None:
                return
            latest = anchors[0][0] - DAY if anchors else None
            if purpose == "regular" and not stopped and rng.random() < MOVED_SHARE:
                meeting = self.move(meeting, latest)
            if purpose == "sign_try" or stopped:
                # Not coming any more: each missed meeting is followed by a call nobody answers.
                if self.hold(meeting, attendance=Attendance.DID_NOT_ATTEND, acceptable=False):
                    assert meeting.outcome_at is not None
                    self.note(meeting.outcome_at + timedelta(minutes=30), text.NO_ANSWER)
                    previous = meeting
                    continue
                return
            if purpose == "final":
                assert self.final_at is not None
                outcome = self.hold(
                    meeting, outcome_at=self.final_at + 40 * MINUTE, free=False, settled=True
                )
            else:
                outcome = self.hold(
                    meeting, free=purpose == "regular", settled=purpose != "regular"
                )
            if outcome is None:
                return
            if outcome is Attendance.DID_NOT_ATTEND:
                if not self.caught_up(meeting):
                    return
                again = self.after_missed(meeting, latest)
                if again is not None:
                    if self.hold(again, free=False) is None:
                        return
                    meeting = again
                else:
                    previous = meeting
                    continue
            self.after_meeting(meeting, purpose)
            if purpose == "final":
                return
            previous = meeting

    def after_meeting(self, meeting: AppointmentPlan, purpose: str) -> None:
        """Write what a held meeting leads to: notes, the end assessment, a call between."""
        rng = self.rng
        assert meeting.outcome_at is not None
        at = meeting.outcome_at + MINUTE
        fixed = {
            "offer": text.OFFER_NOTE,
            "sign": text.SIGN_NOTE,
            "decline": text.WITHDRAW_NOTES["decline"],
        }
        if purpose in fixed:
            self.note(at, fixed[purpose], appointment=meeting)
        elif purpose == "final":
            self.final_assessment(meeting)
            opinion = rng.choice(text.FINAL_OPINIONS)
            self.note(at, opinion, basis=NoteBasis.OPINION, appointment=meeting)
        elif rng.random() < MEETING_NOTE_SHARE:
            if rng.random() < OPINION_SHARE:
                opinion = rng.choice(text.MEETING_OPINIONS)
                self.note(at, opinion, basis=NoteBasis.OPINION, appointment=meeting)
            else:
                self.note(at, rng.choice(text.MEETING_FACTS), appointment=meeting)
        if purpose == "regular" and rng.random() < CONTACT_NOTE_SHARE:
            day = next_office_day(uk_date(meeting.starts_at), rng.randint(3, 5))
            call = at_uk(day, rng.randint(9, 16), rng.randrange(60))
            if call <= self.cutoff and (self.final_at is None or call < self.final_at):
                method = rng.choice(
                    (ContactMethod.PHONE, ContactMethod.PHONE, ContactMethod.MESSAGE)
                )
                self.note(call, rng.choice(text.CONTACT_NOTES), method=method)

    def final_assessment(self, meeting: AppointmentPlan) -> None:
        """Take the end assessment and self-report at the last meeting of the contract."""
        rng = self.rng
        if not any(a.stage is AssessmentStage.START for a in self.work.assessments):
            return
        answers = []
        for answer in self.needs:
            level = answer.level
            if level is NeedLevel.HIGH:
                level = rng.choice((NeedLevel.MEDIUM, NeedLevel.LOW))
            elif level is NeedLevel.MEDIUM:
                level = rng.choice((NeedLevel.LOW, NeedLevel.LOW, NeedLevel.NONE))
            elif level is NeedLevel.LOW and rng.random() < 0.6:
                level = NeedLevel.NONE
            wanted = answer.support_wanted and level is not NeedLevel.NONE and rng.random() < 0.6
            answers.append(NeedAnswer(answer.pathway, level, wanted))
        at = meeting.starts_at + timedelta(minutes=20)
        summary = text.END_SUMMARY.format(better=rng.choice(text.END_BETTER))
        self.assess(AssessmentStage.END, at, answers, summary)
        self.self_report(AssessmentStage.END, at + 3 * MINUTE)

    # Keeping the conditions ---------------------------------------------------------------

    def keep_conditions(self) -> None:
        """Record the sessions, evidence, tag days and hours that keep each condition."""
        version = self.signed_version
        if version is None or self.sign is None:
            return
        start = uk_date(self.sign.occurred_at)
        for term in version.terms:
            if term.rule is RuleKind.SESSIONS_ATTENDED:
                self.sessions_held(term, start)
            elif term.rule is RuleKind.HOURS_LOGGED:
                self.community_work(term, start)
            elif term.rule is RuleKind.DAYS_COMPLETED:
                self.tag_days(term, start)
            elif term.rule is RuleKind.EVIDENCE_RECORDED:
                self.evidence_once(term, start)

    def slot_after(self, day: date, booked: datetime, first: int, last: int) -> datetime:
        """Return an appointment time on (or after) a day, comfortably after its booking."""
        starts = office_slot(self.rng, next_office_day(day, 0), first, last)
        if starts <= booked + timedelta(hours=1):
            starts = office_slot(self.rng, next_office_day(uk_date(booked), 1), first, last)
        return starts

    def last_day(self, start: date) -> date:
        """Return the contract's last day: evidence after it does not count."""
        return add_months(start, self.env.policy(start).policy.clocks.contract_months) - DAY

    def finish_by(self, due: date) -> date:
        """Return the day a condition's last session falls on: usually well before it is due."""
        rng = self.rng
        slack = rng.randint(1, 3) if rng.random() < 0.3 else rng.randint(4, 25)
        return _office_on_or_before(due - timedelta(days=slack))

    def breach_misses(self, code: str) -> bool:
        """Return whether this condition's sessions are the ones a breach rests on."""
        reason = self.case.breach_reason
        return (code == "alcohol_treatment" and reason == BREACH_NONCOMPLIANCE[1]) or (
            code == "unpaid_work" and reason == BREACH_NONCOMPLIANCE[2]
        )

    def evidence(
        self,
        term: Term,
        kind: EvidenceKind,
        day: date,
        at: datetime,
        note: str,
        amount: int = 1,
    ) -> EvidencePlan | None:
        """Record evidence against a condition as `condition_evidence_record` does."""
        at = self.in_time(at, at_uk(day, 8))
        if not self.working(at):
            return None
        at = self.stamp(at)
        evidence = EvidencePlan(term.code, kind, day, Decimal(amount), note, self.nav, at)
        self.work.evidence.append(evidence)
        how_many = f" ({format_amount(Decimal(amount))})" if amount != 1 else ""
        self.entry(
            at,
            self.nav,
            f"{kind.label}{how_many} for '{term.title}' on {format_day(day)}",
            note,
            contract_evidence=evidence,
        )
        return evidence

    def sessions_held(self, term: Term, start: date) -> None:
        """Book and record the sessions a condition asks for, with evidence for each."""
        rng = self.rng
        assert term.due_on is not None and self.sign is not None
        referral = self.referral_for.get(term.pathway) if term.pathway else None
        service = str(term.parameters.get("service", ""))
        if term.code in text.COURSE_PLACES:
            hub = text.HUB[self.area]
            place = text.COURSE_PLACES[term.code].format(hub=hub, office=self.office)
            who = "the course provider"
        elif term.code == "psychologist_sessions":
            place, who = text.PSYCHOLOGIST.format(office=self.office), "the psychologist"
        else:
            place, who = service or self.office, service or "the service"
        first = start + timedelta(days=rng.randint(3, 8))
        if referral is not None and len(referral.changes) > 1:
            first = max(first, uk_date(referral.changes[1].changed_at) + 2 * DAY)
        first = next_office_day(first, 0)
        finish = max(self.finish_by(term.due_on), first)
        step = max(2, min(rng.randint(6, 9), (finish - first).days // max(term.target - 1, 1)))
        days = [first + timedelta(days=step * k) for k in range(term.target)]
        misses = self.breach_misses(term.code)
        booked = self.sign.occurred_at + 5 * MINUTE
        attended = 0
        day = first
        while attended < term.target:
            # A missed session is made up a few days after the last one planned.
            wanted = days.pop(0) if days else day + timedelta(days=rng.randint(3, 6))
            starts = self.slot_after(wanted, booked, 9, 15)
            day = uk_date(starts)
            if day > self.last_day(start) or (
                misses and self.proposed is not None and starts >= self.proposed
            ):
                return
            session = self.book(
                AppointmentKind.SERVICE_APPOINTMENT,
                starts,
                booked_at=booked,
                place=place,
                details=f"{term.title}: session {attended + 1} of {term.target}",
            )
            if session is None:
                return
            outcome_at = self.service_outcome_time(session)
            if misses:
                outcome = self.hold(
                    session,
                    outcome_at=outcome_at,
                    attendance=Attendance.DID_NOT_ATTEND,
                    acceptable=False,
                )
            elif rng.random() < SESSION_MISSED_SHARE:
                outcome = self.hold(
                    session, outcome_at=outcome_at, attendance=Attendance.DID_NOT_ATTEND
                )
            else:
                outcome = self.hold(session, outcome_at=outcome_at, free=False)
            if outcome is None or session.outcome_at is None:
                return
            booked = session.outcome_at + MINUTE
            if outcome is Attendance.DID_NOT_ATTEND:
                self.evidence(
                    term,
                    EvidenceKind.SESSION_MISSED,
                    day,
                    session.outcome_at,
                    text.MISSED_SESSION_NOTE,
                )
                continue
            attended += 1
            confirmed = text.SESSION_NOTE.format(who=who)
            self.evidence(term, EvidenceKind.SESSION_ATTENDED, day, session.outcome_at, confirmed)
            if referral is None:
                continue
            if attended == 1 and referral.status is ReferralStatus.ACCEPTED:
                self.referral_change(
                    referral, ReferralStatus.ATTENDED, session.outcome_at + 2 * MINUTE
                )
            if attended == term.target and referral.status is ReferralStatus.ATTENDED:
                done = f"{term.target} appointment{'s' if term.target != 1 else ''}"
                closed = self.referral_change(
                    referral,
                    ReferralStatus.COMPLETED,
                    session.outcome_at + 3 * MINUTE,
                    text.REFERRAL_COMPLETED.format(sessions=done),
                )
                if closed and term.pathway is not None:
                    self.pathway_status(
                        term.pathway, PathwayStatus.DONE, session.outcome_at + 4 * MINUTE
                    )

    def evidence_once(self, term: Term, start: date) -> None:
        """Record the one piece of evidence a condition asks for, before it is due."""
        rng = self.rng
        assert term.due_on is not None
        earliest = start + timedelta(days=7)
        latest = max(self.finish_by(term.due_on), earliest)
        day = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
        day = min(next_office_day(day, 0), _office_on_or_before(term.due_on))
        if day < start:
            day = start
        at = at_uk(day, rng.randint(10, 16), rng.randrange(60))
        if term.code == "gp_registration":
            self.pathway_status(
                Pathway.PHYSICAL_HEALTH, PathwayStatus.IN_PROGRESS, self.sign_time() + 20 * MINUTE
            )
        note = text.EVIDENCE_NOTES[term.code]
        recorded = self.evidence(term, EvidenceKind.EVIDENCE_RECEIVED, day, at, note)
        if term.code == "gp_registration" and recorded is not None:
            done = recorded.recorded_at + MINUTE
            self.pathway_status(Pathway.PHYSICAL_HEALTH, PathwayStatus.DONE, done)

    def sign_time(self) -> datetime:
        """Return when the contract was signed."""
        assert self.sign is not None
        return self.sign.occurred_at

    def tag_days(self, term: Term, start: date) -> None:
        """Record the monitoring provider's weekly reports of days the tag was worn."""
        rng = self.rng
        worn, week = 0, start + timedelta(days=rng.randint(1, 3))
        while worn < term.target:
            week += timedelta(days=7)
            amount = min(7, term.target - worn)
            report = at_uk(next_office_day(week, 1), rng.randint(9, 12), rng.randrange(60))
            if report > self.limit:
                return
            self.evidence(term, EvidenceKind.DAYS_COMPLETED, week, report, text.TAG_NOTE, amount)
            worn += amount

    def community_work(self, term: Term, start: date) -> None:
        """Book community work sessions and log the hours the placement confirms."""
        rng = self.rng
        assert term.due_on is not None
        placement, supervisor = rng.choice(text.PLACEMENTS[self.area])
        misses = self.breach_misses(term.code)
        target = Decimal(term.target)
        done = Decimal(0)
        day = next_office_day(start + timedelta(days=rng.randint(7, 12)), 0)
        finish = self.finish_by(term.due_on)
        booked = self.sign_time() + 7 * MINUTE
        while done < target:
            starts = self.slot_after(day, booked, 9, 13)
            day = uk_date(starts)
            dropping = misses and done >= target / 3
            if day > self.last_day(start) or (
                dropping and self.proposed is not None and starts >= self.proposed
            ):
                return
            session = self.book(
                AppointmentKind.COMMUNITY_WORK,
                starts,
                booked_at=booked,
                place=placement,
                details=f"{term.title}: {placement}",
            )
            if session is None:
                return
            recorded = at_uk(next_office_day(day, 1), rng.randint(9, 11), rng.randrange(60))
            if dropping:
                outcome = self.hold(
                    session,
                    outcome_at=recorded,
                    attendance=Attendance.DID_NOT_ATTEND,
                    acceptable=False,
                )
            elif rng.random() < SESSION_MISSED_SHARE:
                outcome = self.hold(
                    session, outcome_at=recorded, attendance=Attendance.DID_NOT_ATTEND
                )
            else:
                outcome = self.hold(session, outcome_at=recorded, free=False)
            if outcome is None or session.outcome_at is None:
                return
            booked = session.outcome_at + MINUTE
            if outcome is not Attendance.DID_NOT_ATTEND:
                hours = (
                    Decimal(rng.choice((3, 4, 5, 6, 6, 7))) + Decimal(rng.choice((0, 0, 5))) / 10
                )
                hours = min(target - done, hours)
                at = self.stamp(session.outcome_at + timedelta(seconds=1))
                log = WorkLogPlan(day, hours, placement, supervisor, "", self.nav, at)
                self.work.work_log.append(log)
                self.entry(
                    at,
                    self.nav,
                    f"{format_amount(hours)} hours of community work on {format_day(day)}",
                    f"{placement}; confirmed by {supervisor}",
                    community_work=log,
                )
                done += hours
            sessions_left = int((target - done) / 5) + 1
            room = (finish - day).days // sessions_left if finish > day else 2
            gap = rng.randint(4, 9) if dropping else max(2, min(rng.randint(4, 9), room))
            day = next_office_day(day + timedelta(days=gap), 0)

    # Breach -----------------------------------------------------------------------------

    def _proposal_time(self) -> datetime | None:
        """Return when the navigator proposes the breach the walker planned, if one is."""
        case, rng = self.case, self.rng
        decided = case.breach_decided_at
        if decided is None:
            return None
        earliest = decided - timedelta(days=5)
        if case.breach_cause_at is not None:
            earliest = max(earliest, office_time(rng, case.breach_cause_at, 1, 1))
        proposed = office_time(rng, max(earliest, decided - timedelta(days=4)), 0, 1)
        if proposed >= decided - timedelta(hours=2):
            proposed = max(earliest, decided - timedelta(hours=rng.randint(3, 6)))
        if proposed >= decided:
            proposed = decided - timedelta(minutes=30)
        return proposed

    def breach_records(self) -> None:
        """Record the navigator's proposal and, when it came before 06:00, the decision."""
        case = self.case
        proposed = self.proposed
        version = self.signed_version
        if proposed is None or proposed > self.cutoff or version is None:
            return
        if self.breach is not None and not self.documented(self.breach.occurred_at):
            if self.refer is not None:
                self.refer.detail = OLD_REFERRAL
            return
        decided = case.breach_decided_at
        assert decided is not None
        reason = case.breach_reason
        signed = [t.code for t in version.terms]
        missed = [
            a
            for a in self.work.appointments
            if a.enforceable and a.outcome_at is not None and a.outcome_at < proposed
        ]
        codes: list[str] = []
        evidence: list[AppointmentPlan] = []
        if reason.startswith(BREACH_FURTHER_OFFENCE):
            codes = ["no_reoffending"]
            offence, arrested = reason.split(": ", 1)[-1].rsplit(", arrested ", 1)
            facts = {"day": arrested.rstrip("."), "offence": offence.lower()}
            summary = text.BREACH_SUMMARIES["offence"].format(**facts)
            self.note(proposed - timedelta(minutes=30), text.ARRESTED_NOTE.format(**facts))
        elif reason == BREACH_NONCOMPLIANCE[1]:
            codes = [c for c in ("alcohol_treatment",) if c in signed]
            evidence = [a for a in missed if a.kind is AppointmentKind.SERVICE_APPOINTMENT]
            service = next(
                (str(t.parameters.get("service")) for t in version.terms if t.code in codes),
                "the service",
            )
            summary = text.BREACH_SUMMARIES["treatment"].format(
                service=service, days=_days(evidence)
            )
        elif reason == BREACH_NONCOMPLIANCE[2]:
            codes = [c for c in ("unpaid_work",) if c in signed]
            evidence = [a for a in missed if a.kind is AppointmentKind.COMMUNITY_WORK]
            target = next((t.target for t in version.terms if t.code in codes), 0)
            done = sum((w.hours for w in self.work.work_log), Decimal(0))
            summary = text.BREACH_SUMMARIES["hours"].format(
                done=format_amount(done), target=target, days=_days(evidence)
            )
        else:
            evidence = [a for a in missed if a.kind.with_navigator][-3:]
            summary = text.BREACH_SUMMARIES["appointments"].format(days=_days(evidence))
        if not codes and not evidence:
            codes = ["no_reoffending"]
        at = self.stamp(proposed)
        proposal = ProposalPlan(at, self.nav, codes, evidence, summary)
        self.work.proposals.append(proposal)
        named = ", ".join(codes) or "appointments missed"
        self.entry(
            at,
            self.nav,
            f"Breach proposed ({named}); waiting for a supervisor's decision",
            summary,
            breach_proposal=proposal,
        )
        if self.breach is None or self.refer is None:
            return  # still waiting for the supervisor at 06:00
        decided = self.stamp(decided)
        decision = DecisionPlan(decided, self.supervisor, False, BreachOutcome.END, reason)
        proposal.decision = decision
        self.entry(
            decided,
            self.supervisor,
            f"Breach decision: {BreachOutcome.END.label.lower()}",
            reason,
            breach_decision=decision,
        )
        produced = self.stamp(decided + timedelta(seconds=2))
        document = prosecution_file(case, self.work, proposal, produced, self.env)
        decision.prosecution_file = document
        self.work.documents.append(document)
        words = "Prosecution file produced"
        last = document.data.get("s127_last_date")
        if last is not None:
            words += f"; s127 last date {last.day} {last:%B %Y}"
        self.entry(produced, self.supervisor, words, document=document)
        self.refer.detail = f"Prosecution file {document.filename} produced"

    # Completion -------------------------------------------------------------------------

    def completion_records(self) -> None:
        """Record the outcome code and the completion letter, as `case_complete` does."""
        if self.complete is None or self.signed_version is None:
            return
        completed = self.complete.occurred_at
        if not self.documented(completed):
            return
        actor = self.complete.actor
        assert isinstance(actor, str)
        policy = self.env.policy(uk_date(completed)).policy
        code = policy.outcomes.completion_outcome_code
        letter = completion_letter(self.case, self.work, code, completed, actor, self.env)
        self.work.documents.append(letter)
        completion = CompletionPlan(completed, actor, code, policy.label, letter)
        self.work.completion = completion
        self.entry(
            self.stamp(completed),
            actor,
            f"Outcome {code} recorded under {policy.label}; completion letter produced",
            completion=completion,
            document=letter,
        )

    # Wording the walker's transitions ---------------------------------------------------

    def word_transitions(self) -> None:
        """Give the offer and the signature the reasons the contract services give them."""
        contract = self.work.contract
        version = contract.approved if contract is not None else None
        number = version.number if version is not None else 1
        if self.offer is not None:
            self.offer.detail = f"Contract version {number} offered"
        if self.sign is not None:
            self.sign.detail = f"Contract version {number} signed; witnessed by {NAMES[self.nav]}"

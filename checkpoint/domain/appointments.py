"""Appointments, contacts and the work a diverted case makes due.

The rules here decide which attendance outcomes are enforceable, when an outcome is due or
overdue, how reschedules chain, whether the first appointment met the policy's target and
what a case needs doing today. Worklists (read live) and the daily `checkpoint tick` (which
stores alerts) both call `work_due`, so they can never disagree about what is due.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from .clocks import UK_TIME, LimitationCheck, uk_date
from .errors import DomainError
from .lifecycle import CaseState, Transition


class AppointmentKind(StrEnum):
    """What an appointment is for."""

    FIRST_MEETING = "first_meeting"
    NAVIGATOR_MEETING = "navigator_meeting"
    SERVICE_APPOINTMENT = "service_appointment"
    COMMUNITY_WORK = "community_work"

    @property
    def label(self) -> str:
        """Return the kind as users say it."""
        return APPOINTMENT_KIND_LABELS[self]

    @property
    def with_navigator(self) -> bool:
        """Return whether the navigator holds the appointment (not a service or work site)."""
        return self in {AppointmentKind.FIRST_MEETING, AppointmentKind.NAVIGATOR_MEETING}


APPOINTMENT_KIND_LABELS: dict[AppointmentKind, str] = {
    AppointmentKind.FIRST_MEETING: "First meeting",
    AppointmentKind.NAVIGATOR_MEETING: "Navigator meeting",
    AppointmentKind.SERVICE_APPOINTMENT: "Service appointment",
    AppointmentKind.COMMUNITY_WORK: "Community work",
}


class Attendance(StrEnum):
    """What happened at an appointment (HMPPS Refer and monitor: yes / late / no)."""

    ATTENDED = "attended"
    LATE = "late"
    DID_NOT_ATTEND = "did_not_attend"

    @property
    def label(self) -> str:
        """Return the outcome as users say it."""
        return ATTENDANCE_LABELS[self]

    @property
    def counts_as_contact(self) -> bool:
        """Return whether the person was seen (late still counts as contact)."""
        return self is not Attendance.DID_NOT_ATTEND


ATTENDANCE_LABELS: dict[Attendance, str] = {
    Attendance.ATTENDED: "Attended",
    Attendance.LATE: "Attended late",
    Attendance.DID_NOT_ATTEND: "Did not attend",
}


class NoteBasis(StrEnum):
    """Whether a case note records facts or a professional opinion.

    Data Protection Act 2018 s38(2): personal data based on facts must, so far as possible,
    be distinguished from personal data based on personal assessments.
    """

    FACT = "fact"
    OPINION = "opinion"

    @property
    def label(self) -> str:
        """Return the basis as users say it."""
        return {NoteBasis.FACT: "Fact", NoteBasis.OPINION: "Opinion or assessment"}[self]


class ContactMethod(StrEnum):
    """How a contact recorded in a note happened."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"
    MESSAGE = "message"
    LETTER = "letter"

    @property
    def label(self) -> str:
        """Return the method as users say it."""
        return self.value.replace("_", " ").capitalize()


# --- Outcomes -----------------------------------------------------------------------------

OUTCOME_GRACE_DAYS = 1
"""An outcome is due once the appointment starts and overdue after the end of the next day."""


def is_enforceable(attendance: Attendance, acceptable: bool | None) -> bool:
    """Return whether an outcome can count as a failure to comply.

    HMPPS community payback marks every contact outcome enforceable or not; here an absence
    or lateness is enforceable only when the reason given was not acceptable, which is the
    conditional-caution test of failing "without reasonable excuse" (Criminal Justice Act
    2003 s24).
    """
    return attendance is not Attendance.ATTENDED and acceptable is False


def outcome_problems(
    *,
    attendance: Attendance,
    reason: str,
    acceptable: bool | None,
    starts_at: datetime,
    now: datetime,
    recorded: bool,
    replaced: bool,
) -> list[str]:
    """Return every reason an outcome cannot be recorded as given (empty when it can)."""
    problems = []
    if recorded:
        problems.append("an outcome is already recorded for this appointment")
    if replaced:
        problems.append("the appointment was rescheduled, so record the outcome of the new one")
    if now < starts_at:
        problems.append(f"the appointment has not happened yet (it is on {_when(starts_at)})")
    if attendance is not Attendance.ATTENDED:
        if not reason.strip():
            problems.append("give the reason the person gave (or 'none given')")
        if acceptable is None:
            problems.append("say whether the reason was acceptable")
    return problems


def outcome_overdue_on(starts_at: datetime) -> date:
    """Return the first UK day on which an unrecorded outcome counts as overdue."""
    return uk_date(starts_at) + timedelta(days=OUTCOME_GRACE_DAYS + 1)


class OutcomeStatus(StrEnum):
    """Where an appointment's outcome stands."""

    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    RECORDED = "recorded"
    REPLACED = "replaced"

    @property
    def label(self) -> str:
        """Return the status as users say it."""
        return {
            OutcomeStatus.UPCOMING: "Upcoming",
            OutcomeStatus.DUE: "Outcome to record",
            OutcomeStatus.OVERDUE: "Outcome overdue",
            OutcomeStatus.RECORDED: "Recorded",
            OutcomeStatus.REPLACED: "Rescheduled",
        }[self]


def outcome_status(
    *, starts_at: datetime, now: datetime, recorded: bool, replaced: bool
) -> OutcomeStatus:
    """Return whether an appointment's outcome is upcoming, due, overdue or settled."""
    if recorded:
        return OutcomeStatus.RECORDED
    if replaced:
        return OutcomeStatus.REPLACED
    if now < starts_at:
        return OutcomeStatus.UPCOMING
    if uk_date(now) >= outcome_overdue_on(starts_at):
        return OutcomeStatus.OVERDUE
    return OutcomeStatus.DUE


@dataclass(frozen=True)
class AppointmentFact:
    """What the rules need to know about one appointment."""

    id: int
    kind: AppointmentKind
    starts_at: datetime
    attendance: Attendance | None = None
    acceptable: bool | None = None
    replaced: bool = False

    @property
    def enforceable(self) -> bool:
        """Return whether the recorded outcome can count as a failure to comply."""
        return self.attendance is not None and is_enforceable(self.attendance, self.acceptable)


# --- Booking and rescheduling ---------------------------------------------------------------


def booking_problems(*, starts_at: datetime, now: datetime, place: str) -> list[str]:
    """Return every reason an appointment cannot be booked for this time and place."""
    problems = []
    if starts_at.tzinfo is None or starts_at.utcoffset() is None:
        raise DomainError("An appointment time must carry its time zone.")
    if starts_at <= now:
        problems.append("the appointment must be in the future")
    if not place.strip():
        problems.append("say where the appointment is")
    return problems


def reschedule_problems(
    *,
    attendance: Attendance | None,
    replaced: bool,
    old_starts_at: datetime,
    new_starts_at: datetime,
    now: datetime,
    place: str,
    reason: str,
) -> list[str]:
    """Return every reason an appointment cannot be moved (HMPPS: reschedules form a chain).

    Only an appointment that has not happened, or that the person missed, can be moved;
    nothing is deleted: the new appointment records the one it replaces.
    """
    problems = []
    if replaced:
        problems.append("it was already rescheduled, so move the latest appointment instead")
    if attendance is not None and attendance is not Attendance.DID_NOT_ATTEND:
        problems.append("the person attended it, so book a new appointment instead")
    if new_starts_at == old_starts_at:
        problems.append("choose a different date or time")
    if not reason.strip():
        problems.append("give the reason it is being moved")
    problems += booking_problems(starts_at=new_starts_at, now=now, place=place)
    return problems


@dataclass(frozen=True)
class ChainLink:
    """An appointment and the one it replaced, if any."""

    id: int
    replaces: int | None


def chain_of(links: Iterable[ChainLink], member: int) -> list[int]:
    """Return the reschedule chain holding `member`, the original appointment first."""
    by_id = {link.id: link for link in links}
    if member not in by_id:
        raise DomainError(f"Appointment {member} is not in the chain.")
    replaced_by: dict[int, int] = {}
    for link in by_id.values():
        if link.replaces is not None:
            if link.replaces in replaced_by:
                raise DomainError(f"Appointment {link.replaces} was replaced twice.")
            replaced_by[link.replaces] = link.id
    start, seen = member, {member}
    while (previous := by_id[start].replaces) is not None and previous in by_id:
        if previous in seen:
            raise DomainError("The reschedule chain loops back on itself.")
        seen.add(previous)
        start = previous
    chain = [start]
    while chain[-1] in replaced_by:
        chain.append(replaced_by[chain[-1]])
    return chain


# --- The first appointment ------------------------------------------------------------------


@dataclass(frozen=True)
class FirstAppointmentCheck:
    """Whether the first navigator appointment is booked within the policy's target."""

    due_by: datetime
    booked_for: datetime | None
    held: bool

    @property
    def in_target(self) -> bool:
        """Return whether the appointment is (or was) booked for a time within the target."""
        return self.booked_for is not None and self.booked_for <= self.due_by

    @property
    def needs_attention(self) -> bool:
        """Return whether the worklist should flag it: not yet held, and unbooked or late."""
        return not self.held and not self.in_target


def first_appointment_check(
    *,
    allocated_at: datetime,
    appointments: Sequence[AppointmentFact],
    target_hours: int,
) -> FirstAppointmentCheck:
    """Check the first navigator appointment against the target counted from allocation.

    The target is met when the first meeting takes place within `target_hours` of the
    case reaching its navigator. A meeting moved before it happened no longer counts; one
    the person missed does (it was booked in time; the miss is its own worklist item).
    """
    due_by = allocated_at + timedelta(hours=target_hours)
    candidates = sorted(
        (
            a
            for a in appointments
            if a.kind.with_navigator and not (a.replaced and a.attendance is None)
        ),
        key=lambda a: a.starts_at,
    )
    first = candidates[0] if candidates else None
    return FirstAppointmentCheck(
        due_by=due_by,
        booked_for=first.starts_at if first else None,
        held=any(a.attendance is not None for a in candidates),
    )


# --- Contact --------------------------------------------------------------------------------


def contact_due_on(*, last_contact_on: date | None, since: date, every_days: int) -> date:
    """Return the last day by which the next contact should happen."""
    if every_days < 1:
        raise DomainError("Contact frequency must be at least one day.")
    return (last_contact_on or since) + timedelta(days=every_days)


# --- What a case needs doing ----------------------------------------------------------------


class WorkKind(StrEnum):
    """A reason a case appears on a worklist (and an alert the daily tick raises)."""

    OUTCOME_NOT_RECORDED = "outcome_not_recorded"
    MISSED_APPOINTMENT = "missed_appointment"
    FIRST_APPOINTMENT = "first_appointment"
    CONDITION_DUE = "condition_due"
    CONTRACT_ENDING = "contract_ending"
    S127_NEAR = "s127_near"
    NO_CONTACT = "no_contact"

    @property
    def label(self) -> str:
        """Return the kind as a worklist heading."""
        return WORK_KIND_LABELS[self]


WORK_KIND_LABELS: dict[WorkKind, str] = {
    WorkKind.OUTCOME_NOT_RECORDED: "Appointment outcome to record",
    WorkKind.MISSED_APPOINTMENT: "Missed appointment",
    WorkKind.FIRST_APPOINTMENT: "First appointment",
    WorkKind.CONDITION_DUE: "Condition due",
    WorkKind.CONTRACT_ENDING: "Contract ending",
    WorkKind.S127_NEAR: "s127 limitation date",
    WorkKind.NO_CONTACT: "No recent contact",
}

# Ties on the due date are broken by how much harm a slip would do: the legal clock first.
KIND_ORDER: tuple[WorkKind, ...] = (
    WorkKind.S127_NEAR,
    WorkKind.MISSED_APPOINTMENT,
    WorkKind.OUTCOME_NOT_RECORDED,
    WorkKind.FIRST_APPOINTMENT,
    WorkKind.CONDITION_DUE,
    WorkKind.CONTRACT_ENDING,
    WorkKind.NO_CONTACT,
)

CONDITION_SOON_DAYS = 7
"""A condition not yet met appears on the worklist this many days before it is due."""
CONTRACT_ENDING_DAYS = 14
"""A running contract appears on the worklist this many days before it ends."""
REBOOK_WITHIN_DAYS = 2
"""After a missed appointment, another should be booked within this many days."""


@dataclass(frozen=True)
class ConditionFact:
    """What the rules need to know about one contract condition."""

    code: str
    title: str
    due_on: date | None
    met: bool
    overdue: bool
    broken: bool = False


NO_LIMITATION = LimitationCheck(applies=False)


@dataclass(frozen=True)
class CaseWork:
    """Everything `work_due` needs about one case, gathered for one moment."""

    now: datetime
    state: CaseState
    allocated_at: datetime | None = None
    appointments: tuple[AppointmentFact, ...] = ()
    conditions: tuple[ConditionFact, ...] = ()
    contract_ends: date | None = None
    limitation: LimitationCheck = NO_LIMITATION
    last_contact_on: date | None = None
    first_appointment_hours: int = 72
    contact_every_days: int = 14
    s127_warning_days: int = 28

    @property
    def today(self) -> date:
        """Return the UK date of the moment."""
        return uk_date(self.now)


@dataclass(frozen=True)
class DueItem:
    """One thing a case needs doing, and why."""

    kind: WorkKind
    subject: str
    due_on: date
    overdue: bool
    reason: str
    appointment_id: int | None = None
    condition_code: str = ""

    @property
    def sort_key(self) -> tuple[bool, date, int]:
        """Order overdue work first, then the nearest due date, then the graver kind."""
        return (not self.overdue, self.due_on, KIND_ORDER.index(self.kind))


# States in which a navigator is working the case and the reminders apply. An eligible
# case with a navigator (no trial running) is being worked towards its contract.
WORKED_STATES = frozenset(
    {
        CaseState.ELIGIBLE,
        CaseState.ALLOCATED_DIVERSION,
        CaseState.CONTRACT_OFFERED,
        CaseState.ACTIVE,
    }
)
# A breached case still has a legal clock until it is referred for prosecution.
S127_STATES = WORKED_STATES | {CaseState.BREACHED}


def work_due(work: CaseWork) -> list[DueItem]:
    """Return everything the case needs doing at `work.now`, most pressing first."""
    items: list[DueItem] = []
    today = work.today
    if work.state in S127_STATES:
        items += _s127(work)
    if work.state in WORKED_STATES:
        items += _appointments(work)
        items += _first_appointment(work)
        items += _contact(work)
    if work.state is CaseState.ACTIVE:
        items += _conditions(work)
        items += _contract_end(work, today)
    return sorted(items, key=lambda i: i.sort_key)


def _when(instant: datetime) -> str:
    local = instant.astimezone(UK_TIME)
    return f"{local:%d %B %Y} at {local:%H:%M}".lstrip("0")


def _day(day: date) -> str:
    return f"{day:%d %B %Y}".lstrip("0")


def _appointments(work: CaseWork) -> list[DueItem]:
    items = []
    later_booked = [a.starts_at for a in work.appointments if not a.replaced]
    for a in work.appointments:
        status = outcome_status(
            starts_at=a.starts_at,
            now=work.now,
            recorded=a.attendance is not None,
            replaced=a.replaced,
        )
        if status in {OutcomeStatus.DUE, OutcomeStatus.OVERDUE}:
            items.append(
                DueItem(
                    kind=WorkKind.OUTCOME_NOT_RECORDED,
                    subject=f"appointment:{a.id}",
                    due_on=uk_date(a.starts_at),
                    overdue=status is OutcomeStatus.OVERDUE,
                    reason=f"{a.kind.label} on {_when(a.starts_at)}: record whether the person "
                    "attended.",
                    appointment_id=a.id,
                )
            )
        elif (
            a.attendance is Attendance.DID_NOT_ATTEND
            and not a.replaced
            and not any(s > a.starts_at for s in later_booked)
        ):
            due = uk_date(a.starts_at) + timedelta(days=REBOOK_WITHIN_DAYS)
            judged = (
                "the reason was not acceptable, so consider proposing a breach"
                if a.enforceable
                else "the reason was accepted"
            )
            items.append(
                DueItem(
                    kind=WorkKind.MISSED_APPOINTMENT,
                    subject=f"appointment:{a.id}",
                    due_on=due,
                    overdue=work.today > due,
                    reason=f"Missed the {a.kind.label.lower()} on {_when(a.starts_at)} "
                    f"({judged}). Nothing later is booked: book another appointment.",
                    appointment_id=a.id,
                )
            )
    return items


def _first_appointment(work: CaseWork) -> list[DueItem]:
    if work.allocated_at is None:
        return []
    check = first_appointment_check(
        allocated_at=work.allocated_at,
        appointments=work.appointments,
        target_hours=work.first_appointment_hours,
    )
    if not check.needs_attention:
        return []
    target = f"{work.first_appointment_hours}-hour"
    if check.booked_for is None:
        late = work.now > check.due_by
        reason = (
            f"No first appointment booked; the {target} target from allocation "
            f"{'passed on' if late else 'ends on'} {_when(check.due_by)}."
        )
        overdue = late
    else:
        reason = (
            f"The first appointment is booked for {_when(check.booked_for)}, after the "
            f"{target} target ({_when(check.due_by)}). Bring it forward if you can."
        )
        overdue = True
    return [
        DueItem(
            kind=WorkKind.FIRST_APPOINTMENT,
            subject="first-appointment",
            due_on=uk_date(check.due_by),
            overdue=overdue,
            reason=reason,
        )
    ]


def _contact(work: CaseWork) -> list[DueItem]:
    since = uk_date(work.allocated_at) if work.allocated_at is not None else None
    if since is None and work.last_contact_on is None:
        return []
    due = contact_due_on(
        last_contact_on=work.last_contact_on,
        since=since or work.today,
        every_days=work.contact_every_days,
    )
    if work.today <= due:
        return []
    last = (
        f"The last contact was on {_day(work.last_contact_on)}"
        if work.last_contact_on
        else "There has been no contact since allocation"
    )
    return [
        DueItem(
            kind=WorkKind.NO_CONTACT,
            subject="contact",
            due_on=due,
            overdue=True,
            reason=f"{last}; the policy asks for contact at least every "
            f"{work.contact_every_days} days.",
        )
    ]


def _conditions(work: CaseWork) -> list[DueItem]:
    items = []
    for c in work.conditions:
        if c.broken:
            items.append(
                DueItem(
                    kind=WorkKind.CONDITION_DUE,
                    subject=f"condition:{c.code}",
                    due_on=c.due_on or work.today,
                    overdue=True,
                    reason=f"'{c.title}' has been broken: propose a breach with the evidence.",
                    condition_code=c.code,
                )
            )
            continue
        if c.met or c.due_on is None:
            continue
        soon = (c.due_on - work.today).days <= CONDITION_SOON_DAYS
        if not (c.overdue or soon):
            continue
        overdue = c.overdue or work.today > c.due_on
        items.append(
            DueItem(
                kind=WorkKind.CONDITION_DUE,
                subject=f"condition:{c.code}",
                due_on=c.due_on,
                overdue=overdue,
                reason=f"'{c.title}' is not met yet and "
                f"{'was due on' if overdue else 'is due on'} {_day(c.due_on)}.",
                condition_code=c.code,
            )
        )
    return items


def _contract_end(work: CaseWork, today: date) -> list[DueItem]:
    ends = work.contract_ends
    if ends is None or (ends - today).days > CONTRACT_ENDING_DAYS:
        return []
    ended = today > ends
    reason = (
        f"The contract ended on {_day(ends)} and the case is still active: complete it if "
        "every condition is met, or propose a breach."
        if ended
        else f"The contract ends on {_day(ends)}: check every condition is met before then."
    )
    return [
        DueItem(
            kind=WorkKind.CONTRACT_ENDING,
            subject="contract-end",
            due_on=ends,
            overdue=ended,
            reason=reason,
        )
    ]


def _s127(work: CaseWork) -> list[DueItem]:
    lim = work.limitation
    if not lim.applies or lim.last_date is None or lim.days_left is None:
        return []
    near = lim.days_left <= work.s127_warning_days
    if not (near or lim.at_risk):
        return []
    if lim.expired:
        reason = (
            f"The s127 limitation date passed on {_day(lim.last_date)}: a summary-only "
            "offence can no longer be prosecuted."
        )
    else:
        reason = (
            f"Proceedings for the summary-only offence must start by {_day(lim.last_date)} "
            f"({lim.days_left} day{'s' if lim.days_left != 1 else ''} left, Magistrates' "
            "Courts Act 1980 s127)."
        )
        if lim.at_risk and lim.latest_needed is not None:
            reason += (
                f" The contract plus time to handle a breach runs to {_day(lim.latest_needed)}."
            )
    return [
        DueItem(
            kind=WorkKind.S127_NEAR,
            subject="s127",
            due_on=lim.last_date,
            overdue=lim.expired or lim.at_risk,
            reason=reason,
        )
    ]


# --- Scheduled lifecycle housekeeping -------------------------------------------------------

FOLLOW_UP_FROM = frozenset(
    {
        CaseState.INELIGIBLE,
        CaseState.ALLOCATED_USUAL_PROCESS,
        CaseState.COMPLETED,
        CaseState.REFERRED_FOR_PROSECUTION,
        CaseState.WITHDRAWN,
    }
)


def system_transition_due(
    *, state: CaseState, decision_made: bool, follow_up_ended: bool
) -> Transition | None:
    """Return the change the daily job should make to a case, if any.

    A decided case that has left the scheme's active work starts its reoffending
    follow-up (domain.md section 4: 24 months from the decision); a follow-up whose window
    has ended is closed. A case withdrawn before any decision is left for a person.
    """
    if state in FOLLOW_UP_FROM and decision_made:
        return Transition.START_FOLLOW_UP
    if state is CaseState.FOLLOW_UP and follow_up_ended:
        return Transition.CLOSE
    return None

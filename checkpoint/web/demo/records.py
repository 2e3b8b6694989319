"""The casework rows a demo case will have, planned before anything is written.

Each class holds what the service that writes the row would store, with other planned rows
named by reference (not by primary key); `casework_writer` turns them into model rows and
keeps the row each one became in `row`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from checkpoint.domain.appointments import AppointmentKind, Attendance, ContactMethod, NoteBasis
from checkpoint.domain.breach import BreachOutcome
from checkpoint.domain.contracts import EvidenceKind, Term
from checkpoint.domain.needs import (
    AssessmentStage,
    NeedLevel,
    Pathway,
    PathwayStatus,
    ReferralStatus,
)


@dataclass(eq=False)
class AppointmentPlan:
    """An appointment, its reschedule link and its outcome (`appointment_*` services)."""

    kind: AppointmentKind
    starts_at: datetime
    place: str
    booked_by: str
    booked_at: datetime
    details: str = ""
    replaces: AppointmentPlan | None = None
    reschedule_reason: str = ""
    attendance: Attendance | None = None
    outcome_reason: str = ""
    acceptable: bool | None = None
    outcome_by: str | None = None
    outcome_at: datetime | None = None
    replaced_by: AppointmentPlan | None = None
    row: Any = None

    @property
    def enforceable(self) -> bool | None:
        """Return whether the outcome can support a breach (None before it is recorded)."""
        if self.attendance is None:
            return None
        return self.attendance is not Attendance.ATTENDED and self.acceptable is False

    @property
    def depth(self) -> int:
        """Return how many appointments this one replaces, one after another."""
        return 0 if self.replaces is None else self.replaces.depth + 1


@dataclass(eq=False)
class NotePlan:
    """A case note marked fact or opinion, perhaps recording contact (`case_note_add`)."""

    written_at: datetime
    author: str
    basis: NoteBasis
    text: str
    contact_method: ContactMethod | None = None
    appointment: AppointmentPlan | None = None
    row: Any = None


@dataclass(eq=False)
class ApprovalRecord:
    """A supervisor's decision on a submitted contract version (`contract_decide`)."""

    decided_by: str
    decided_at: datetime
    approved: bool
    note: str = ""
    row: Any = None


@dataclass(eq=False)
class ConsentRecord:
    """The person's consent and signature on the offered version (`contract_sign`)."""

    signed_at: datetime
    signature_method: str
    signature: str
    witnessed_by: str
    copy_given: bool
    adjustments: str = ""
    row: Any = None


@dataclass(eq=False)
class VersionPlan:
    """One version of a contract, its conditions and what happened to it."""

    number: int
    status: str
    reason: str
    created_by: str
    created_at: datetime
    catalogue_name: str
    catalogue_version: int
    catalogue_sha256: str
    policy_name: str
    policy_version: int
    length_months: int
    terms: tuple[Term, ...]
    submitted_by: str | None = None
    submitted_at: datetime | None = None
    offered_by: str | None = None
    offered_at: datetime | None = None
    approvals: list[ApprovalRecord] = field(default_factory=list)
    consent: ConsentRecord | None = None
    row: Any = None
    condition_rows: dict[str, Any] = field(default_factory=dict)

    @property
    def titles(self) -> str:
        """Return the conditions' titles, as the draft's timeline entry lists them."""
        return ", ".join(t.title for t in self.terms)


@dataclass(eq=False)
class ContractPlan:
    """A case's contract: its versions (the last approved one is the one in effect)."""

    created_at: datetime
    versions: list[VersionPlan] = field(default_factory=list)
    row: Any = None

    @property
    def approved(self) -> VersionPlan | None:
        """Return the approved version, if there is one."""
        return next((v for v in reversed(self.versions) if v.status == "approved"), None)


@dataclass(eq=False)
class EvidencePlan:
    """Evidence recorded against a condition of the signed version."""

    code: str
    kind: EvidenceKind
    occurred_on: date
    amount: Decimal
    note: str
    recorded_by: str
    recorded_at: datetime
    row: Any = None


@dataclass(eq=False)
class WorkLogPlan:
    """A day's unpaid community work (`community_hours_log`)."""

    worked_on: date
    hours: Decimal
    placement: str
    verified_by: str
    note: str
    recorded_by: str
    recorded_at: datetime
    row: Any = None


@dataclass(frozen=True)
class NeedAnswer:
    """One pathway's answers in an assessment."""

    pathway: Pathway
    level: NeedLevel
    support_wanted: bool
    notes: str = ""


@dataclass(eq=False)
class AssessmentPlan:
    """A needs assessment of the nine pathways (`needs_assess`)."""

    stage: AssessmentStage
    assessed_at: datetime
    assessed_by: str
    summary: str
    answers: tuple[NeedAnswer, ...]
    row: Any = None


@dataclass(eq=False)
class StatusChangePlan:
    """One entry in a pathway's status history."""

    pathway: Pathway
    previous: PathwayStatus | None
    status: PathwayStatus
    effective_on: date
    changed_at: datetime
    changed_by: str
    note: str
    seeded: bool = False
    """Set by an assessment (no timeline entry of its own) rather than `pathway_status_change`."""
    row: Any = None


@dataclass(eq=False)
class SelfReportPlan:
    """The person's self-report answers and scores (`self_report_record`)."""

    stage: AssessmentStage
    recorded_at: datetime
    recorded_by: str
    item_scores: dict[str, int | None]
    subscale_scores: dict[str, dict[str, float | int | None]]
    row: Any = None


@dataclass(eq=False)
class ReferralChange:
    """One entry in a referral's status history."""

    from_status: ReferralStatus | None
    to_status: ReferralStatus
    changed_at: datetime
    changed_by: str
    note: str


@dataclass(eq=False)
class ReferralPlan:
    """A referral to a directory service with the person's consent (`referral_create`)."""

    service: str
    pathway: Pathway
    shared_information: str
    reason: str
    sent_at: datetime
    sent_by: str
    changes: list[ReferralChange] = field(default_factory=list)
    row: Any = None

    @property
    def status(self) -> ReferralStatus:
        """Return the latest status."""
        return self.changes[-1].to_status

    @property
    def outcome(self) -> str:
        """Return the latest outcome given (declined, withdrawn or completed)."""
        return next((c.note for c in reversed(self.changes[1:]) if c.note), "")


@dataclass(eq=False)
class VictimUpdatePlan:
    """An update given to a victim (`victim_update_record`)."""

    given_on: date
    method: str
    summary: str
    given_by: str
    recorded_at: datetime
    row: Any = None


@dataclass(eq=False)
class VictimPlan:
    """A victim's record (`victim_record`), kept apart from the person referred."""

    name: str
    phone: str
    email: str
    address: str
    preferred_contact: str
    contact_notes: str
    wants_updates: bool
    views: str
    restorative_option: str
    restorative_wishes: str
    recorded_at: datetime
    recorded_by: str
    updates: list[VictimUpdatePlan] = field(default_factory=list)
    row: Any = None


@dataclass(eq=False)
class DocumentPlan:
    """A document produced for the case: rendered from a template, kept as produced."""

    kind: str
    template: str
    context: dict[str, Any]
    filename: str
    produced_at: datetime
    produced_by: str
    data: dict[str, Any]
    refs: dict[str, Any] = field(default_factory=dict)
    html: str = ""
    pdf: bytes = b""
    row: Any = None


@dataclass(eq=False)
class DecisionPlan:
    """A supervisor's decision on a breach proposal (`breach_decide`)."""

    decided_at: datetime
    decided_by: str
    excuse_reasonable: bool
    outcome: BreachOutcome
    reason: str
    prosecution_file: DocumentPlan | None = None
    row: Any = None


@dataclass(eq=False)
class ProposalPlan:
    """A navigator's breach proposal with its evidence (`breach_propose`)."""

    proposed_at: datetime
    proposed_by: str
    condition_codes: list[str]
    appointments: list[AppointmentPlan]
    evidence_summary: str
    decision: DecisionPlan | None = None
    row: Any = None


@dataclass(eq=False)
class CompletionPlan:
    """The completion record with the outcome code (`case_complete`)."""

    completed_at: datetime
    completed_by: str
    outcome_code: str
    policy: str
    letter: DocumentPlan
    row: Any = None


@dataclass(eq=False)
class CaseWork:
    """Everything recorded while the case was worked, besides its timeline."""

    appointments: list[AppointmentPlan] = field(default_factory=list)
    notes: list[NotePlan] = field(default_factory=list)
    contract: ContractPlan | None = None
    evidence: list[EvidencePlan] = field(default_factory=list)
    work_log: list[WorkLogPlan] = field(default_factory=list)
    assessments: list[AssessmentPlan] = field(default_factory=list)
    status_changes: list[StatusChangePlan] = field(default_factory=list)
    self_reports: list[SelfReportPlan] = field(default_factory=list)
    referrals: list[ReferralPlan] = field(default_factory=list)
    victims: list[VictimPlan] = field(default_factory=list)
    proposals: list[ProposalPlan] = field(default_factory=list)
    completion: CompletionPlan | None = None
    documents: list[DocumentPlan] = field(default_factory=list)

"""Cases: one referral of one person for one or more offences, and its timeline."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from checkpoint.domain.appointments import (
    AppointmentKind,
    Attendance,
    ContactMethod,
    NoteBasis,
    WorkKind,
)
from checkpoint.domain.breach import BreachOutcome
from checkpoint.domain.clocks import DEFAULT_CONTRACT_MONTHS
from checkpoint.domain.lifecycle import CaseState, Transition


class Case(models.Model):
    """A referral to the scheme and everything that follows from it.

    The state changes only through `checkpoint.casework.services.case_transition`.
    """

    reference = models.CharField(max_length=20, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    state = models.CharField(
        max_length=32,
        choices=[(s.value, s.label) for s in CaseState],
        default=CaseState.REFERRED.value,
        db_index=True,
    )
    custody_reference = models.CharField(max_length=40, blank=True)
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="cases", null=True, blank=True
    )
    navigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="caseload",
    )
    referring_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    referred_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    contract_started_on = models.DateField(null=True, blank=True)
    contract_length_months = models.PositiveSmallIntegerField(default=DEFAULT_CONTRACT_MONTHS)
    contract_extension_days = models.PositiveIntegerField(default=0)
    state_changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-referred_at"]
        indexes = [
            models.Index(fields=["navigator", "state"]),
            models.Index(fields=["team", "state"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def state_enum(self) -> CaseState:
        """Return the state as an enum."""
        return CaseState(self.state)


class CaseOffence(models.Model):
    """An offence the case is about, with when it was committed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="offences")
    offence = models.ForeignKey("offences.Offence", on_delete=models.PROTECT, related_name="+")
    committed_on = models.DateField(help_text="The (first) day of the offence.")
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "committed_on"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.offence_id}"


class CaseEventKind(models.TextChoices):
    """What kind of entry a timeline row is."""

    REFERRED = "referred", "Referred"
    TRANSITION = "transition", "State changed"
    ASSIGNED = "assigned", "Navigator assigned"
    NOTE = "note", "Note"


class CaseEvent(models.Model):
    """One entry on a case's timeline; written by services, never edited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=CaseEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    transition = models.CharField(
        max_length=32, blank=True, choices=[(t.value, t.label) for t in Transition]
    )
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32, blank=True)
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["case", "occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.occurred_at:%Y-%m-%d} {self.summary}"


# --- Appointments, notes, breach, completion and alerts (docs/casework.md) -----------------


class Appointment(models.Model):
    """A meeting, service appointment or work session the person is expected at.

    Rows are never deleted: a reschedule books a new appointment that names the one it
    replaces, and the outcome is recorded once, by `appointment_record_outcome`.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appointments")
    kind = models.CharField(max_length=24, choices=[(k.value, k.label) for k in AppointmentKind])
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    reschedule_reason = models.TextField(blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    booked_at = models.DateTimeField()
    attendance = models.CharField(
        max_length=20, blank=True, choices=[(a.value, a.label) for a in Attendance]
    )
    outcome_reason = models.TextField(blank=True)
    acceptable = models.BooleanField(null=True, blank=True)
    enforceable = models.BooleanField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["case", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def kind_enum(self) -> AppointmentKind:
        """Return the kind as an enum."""
        return AppointmentKind(self.kind)

    @property
    def attendance_enum(self) -> Attendance | None:
        """Return the recorded outcome, or None before it is recorded."""
        return Attendance(self.attendance) if self.attendance else None


class CaseNote(models.Model):
    """A navigator's note, marked as fact or opinion (Data Protection Act 2018 s38(2))."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    written_at = models.DateTimeField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(max_length=10, choices=[(b.value, b.label) for b in NoteBasis])
    text = models.TextField()
    contact_method = models.CharField(
        max_length=12,
        blank=True,
        choices=[(m.value, m.label) for m in ContactMethod],
        help_text="Set when the note records contact with the person.",
    )
    appointment = models.ForeignKey(
        Appointment, null=True, blank=True, on_delete=models.PROTECT, related_name="notes"
    )

    class Meta:
        ordering = ["-written_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.basis} {self.written_at:%Y-%m-%d}"


class BreachProposal(models.Model):
    """A navigator's proposal that the person breached the contract, with the evidence."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="breach_proposals")
    proposed_at = models.DateTimeField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    condition_codes = models.JSONField(default=list, blank=True)
    appointments = models.ManyToManyField(Appointment, blank=True, related_name="breach_proposals")
    evidence_summary = models.TextField()

    class Meta:
        ordering = ["-proposed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} breach proposed {self.proposed_at:%Y-%m-%d}"


class DocumentKind(models.TextChoices):
    """What a produced document is."""

    PROSECUTION_FILE = "prosecution_file", "Prosecution file"
    COMPLETION_LETTER = "completion_letter", "Completion letter"


class CaseDocument(models.Model):
    """A PDF produced for a case, kept exactly as it was produced."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=24, choices=DocumentKind.choices)
    produced_at = models.DateTimeField()
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(max_length=120)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    html = models.TextField(help_text="The HTML the PDF was rendered from (an accessible copy).")
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-produced_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class BreachDecision(models.Model):
    """A supervisor's decision on a breach proposal (Criminal Justice Act 2003 s24 test)."""

    proposal = models.OneToOneField(
        BreachProposal, on_delete=models.PROTECT, related_name="decision"
    )
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    excuse_reasonable = models.BooleanField()
    outcome = models.CharField(max_length=12, choices=[(o.value, o.label) for o in BreachOutcome])
    reason = models.TextField()
    prosecution_file = models.ForeignKey(
        CaseDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.outcome}"

    @property
    def outcome_enum(self) -> BreachOutcome:
        """Return the decision as an enum."""
        return BreachOutcome(self.outcome)


class CaseCompletion(models.Model):
    """The record that a contract was completed, with the crime outcome code recorded."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="completion")
    completed_at = models.DateTimeField()
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome_code = models.CharField(
        max_length=12, help_text="The crime outcome recorded, e.g. Home Office outcome 22."
    )
    policy = models.CharField(max_length=80, help_text="The policy that set the outcome code.")
    letter = models.ForeignKey(CaseDocument, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.case_id} completed, outcome {self.outcome_code}"


class Alert(models.Model):
    """Something due or overdue on a case, raised by the daily `checkpoint tick`.

    One row per case, kind, subject and due date, so running the job twice changes
    nothing; an alert whose cause has gone is resolved, never deleted.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=24, choices=[(k.value, k.label) for k in WorkKind])
    subject = models.CharField(max_length=80)
    due_on = models.DateField()
    overdue = models.BooleanField(default=False)
    message = models.TextField()
    raised_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "subject", "due_on"], name="one_alert_per_cause"
            )
        ]
        indexes = [models.Index(fields=["case", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.subject} {self.due_on}"

    @property
    def kind_enum(self) -> WorkKind:
        """Return the kind as an enum."""
        return WorkKind(self.kind)

"""Contracts: versions of conditions, consent, approvals, variations, pauses and evidence.

Every version is kept. Once a version is submitted it is never edited: a change makes a new
version (a redraft before signing, an approved variation after). Rows are written only by
`checkpoint.contracts.services`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from checkpoint.domain.contracts import (
    Category,
    EvidenceKind,
    RuleKind,
    Term,
    VariationKind,
    format_amount,
)
from checkpoint.domain.needs import Pathway

MAX_HOURS_A_DAY = Decimal(12)


class Contract(models.Model):
    """A case's contract: the container of its versions, variations and pauses."""

    case = models.OneToOneField("casework.Case", on_delete=models.PROTECT, related_name="contract")
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Contract for case {self.case_id}"


class VersionStatus(models.TextChoices):
    """Where a version of the contract is."""

    DRAFT = "draft", "Draft"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
    SUPERSEDED = "superseded", "Superseded"


class ContractVersion(models.Model):
    """One version of the contract's conditions, and the rules it was built under."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    reason = models.TextField(help_text="Why this version was made.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    catalogue_name = models.CharField(max_length=80)
    catalogue_version = models.PositiveIntegerField()
    catalogue_sha256 = models.CharField(max_length=64)
    policy_name = models.CharField(max_length=80)
    policy_version = models.PositiveIntegerField()
    length_months = models.PositiveSmallIntegerField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    offered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="one_number_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} v{self.number} ({self.status})"

    @property
    def status_enum(self) -> VersionStatus:
        """Return the status as an enum."""
        return VersionStatus(self.status)

    @property
    def catalogue_label(self) -> str:
        """Return 'name v1' of the catalogue the version was built from."""
        return f"{self.catalogue_name} v{self.catalogue_version}"


class ContractCondition(models.Model):
    """One condition of a version: a snapshot of the catalogue entry and its wording."""

    version = models.ForeignKey(
        ContractVersion, on_delete=models.PROTECT, related_name="conditions"
    )
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=[(c.value, c.label) for c in Category])
    pathway = models.CharField(
        max_length=30, blank=True, choices=[(p.value, p.label) for p in Pathway]
    )
    rule = models.CharField(max_length=20, choices=[(r.value, r.value) for r in RuleKind])
    target = models.PositiveIntegerField()
    parameters = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    wording = models.TextField()
    due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="one_code_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.version_id} {self.code}"

    @property
    def term(self) -> Term:
        """Return the condition as the domain's term."""
        return Term(
            code=self.code,
            title=self.title,
            category=Category(self.category),
            pathway=Pathway(self.pathway) if self.pathway else None,
            rule=RuleKind(self.rule),
            target=self.target,
            parameters=dict(self.parameters),
            wording=self.wording,
            due_on=self.due_on,
        )


class ConditionEvidence(models.Model):
    """Something a navigator recorded against a condition: a session, a letter, tag days."""

    condition = models.ForeignKey(
        ContractCondition, on_delete=models.PROTECT, related_name="evidence"
    )
    kind = models.CharField(max_length=20, choices=[(k.value, k.label) for k in EvidenceKind])
    occurred_on = models.DateField()
    amount = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal(1))
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["occurred_on", "recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="evidence_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.condition_id} {self.kind} {self.occurred_on}"

    @property
    def amount_text(self) -> str:
        """Return the amount without trailing zeros."""
        return format_amount(Decimal(self.amount))

    @property
    def kind_enum(self) -> EvidenceKind:
        """Return the kind as an enum."""
        return EvidenceKind(self.kind)


class CommunityWorkLog(models.Model):
    """Hours of unpaid community work on one day; they count toward the community condition."""

    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, related_name="community_work"
    )
    worked_on = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=2)
    placement = models.CharField(max_length=200)
    verified_by = models.CharField(
        max_length=200, help_text="The placement supervisor who confirmed the hours."
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["worked_on", "recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=MAX_HOURS_A_DAY),
                name="community_hours_in_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.worked_on} {self.hours}h"

    @property
    def hours_text(self) -> str:
        """Return the hours without trailing zeros (6.5, 8)."""
        return format_amount(Decimal(self.hours))


class SignatureMethod(models.TextChoices):
    """How the person's signature was captured."""

    TYPED_NAME = "typed_name", "Full name typed as signed on the paper copy"
    ON_PAPER = "on_paper", "Signed on paper (kept on file)"


class ContractConsent(models.Model):
    """The person's consent to an approved version, their signature and who witnessed it."""

    version = models.OneToOneField(
        ContractVersion, on_delete=models.PROTECT, related_name="consent"
    )
    signed_at = models.DateTimeField()
    signature_method = models.CharField(max_length=20, choices=SignatureMethod.choices)
    signature = models.CharField(max_length=200)
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    explanation_given = models.BooleanField()
    copy_given = models.BooleanField(default=False)
    adjustments = models.TextField(
        blank=True, help_text="Interpreter, reading support or other adjustments made."
    )

    def __str__(self) -> str:
        return f"{self.version_id} signed {self.signed_at:%Y-%m-%d}"


class ContractApproval(models.Model):
    """A supervisor's decision on a version submitted for approval."""

    version = models.ForeignKey(ContractVersion, on_delete=models.PROTECT, related_name="approvals")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    approved = models.BooleanField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["decided_at"]

    def __str__(self) -> str:
        return f"{self.version_id} {'approved' if self.approved else 'refused'}"


class ContractPause(models.Model):
    """A period when the contract clock stopped; an open pause has no end yet."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="pauses")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    reason = models.TextField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField()

    class Meta:
        ordering = ["contract", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract"],
                condition=models.Q(end__isnull=True),
                name="one_open_pause_per_contract",
            ),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="pause_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} paused {self.start} to {self.end or 'now'}"


class VariationStatus(models.TextChoices):
    """Where a requested variation is."""

    REQUESTED = "requested", "Requested"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class Variation(models.Model):
    """A requested change to a signed contract, its reason and the supervisor's decision."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="variations")
    kind = models.CharField(
        max_length=10, choices=[(k.value, k.label.capitalize()) for k in VariationKind]
    )
    reason = models.TextField()
    details = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=VariationStatus.choices, default=VariationStatus.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    resulting_version = models.ForeignKey(
        ContractVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pause = models.ForeignKey(
        ContractPause, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["contract", "requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.kind} ({self.status})"

    @property
    def kind_enum(self) -> VariationKind:
        """Return the kind as an enum."""
        return VariationKind(self.kind)

    @property
    def status_enum(self) -> VariationStatus:
        """Return the status as an enum."""
        return VariationStatus(self.status)

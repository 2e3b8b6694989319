"""Needs assessments on the nine pathways, their dated status history, and self-reports.

Every row is inserted by a service in `checkpoint.needs.services` and never edited: a
correction is a new row, and the latest row wins.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from checkpoint.domain.needs import AssessmentStage, NeedLevel, Pathway, PathwayStatus

PATHWAY_CHOICES = [(p.value, p.label) for p in Pathway]
STAGE_CHOICES = [(s.value, s.label) for s in AssessmentStage]
STATUS_CHOICES = [(s.value, s.label) for s in PathwayStatus]


class NeedsAssessment(models.Model):
    """A navigator's assessment of the nine pathways at the start or the end of a contract."""

    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, related_name="needs_assessments"
    )
    stage = models.CharField(max_length=10, choices=STAGE_CHOICES)
    assessed_at = models.DateTimeField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(blank=True)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        help_text="The earlier assessment at this stage that this one corrects.",
    )
    correction_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "stage", "-assessed_at", "-id"]
        indexes = [models.Index(fields=["case", "stage", "assessed_at"])]
        constraints = [
            # One first assessment per stage; corrections chain from it one by one.
            models.UniqueConstraint(
                fields=["case", "stage"],
                condition=models.Q(supersedes__isnull=True),
                name="needs_one_first_assessment_per_stage",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.stage} {self.assessed_at:%Y-%m-%d}"

    @property
    def stage_enum(self) -> AssessmentStage:
        """Return the stage as an enum."""
        return AssessmentStage(self.stage)


class PathwayNeed(models.Model):
    """One pathway's answers in an assessment."""

    assessment = models.ForeignKey(NeedsAssessment, on_delete=models.CASCADE, related_name="needs")
    pathway = models.CharField(max_length=30, choices=PATHWAY_CHOICES)
    level = models.CharField(max_length=10, choices=[(n.value, n.label) for n in NeedLevel])
    support_wanted = models.BooleanField()
    notes = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "pathway"], name="needs_one_answer_per_pathway"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.pathway} {self.level}"

    @property
    def pathway_enum(self) -> Pathway:
        """Return the pathway as an enum."""
        return Pathway(self.pathway)

    @property
    def level_enum(self) -> NeedLevel:
        """Return the level as an enum."""
        return NeedLevel(self.level)


class PathwayStatusChange(models.Model):
    """One dated entry in a pathway's status history; append-only."""

    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, related_name="pathway_status_changes"
    )
    pathway = models.CharField(max_length=30, choices=PATHWAY_CHOICES)
    previous_status = models.CharField(max_length=20, choices=STATUS_CHOICES, blank=True)
    status = models.CharField(max_length=20, choices=STATUS_CHOICES)
    effective_on = models.DateField(help_text="The day the status changed (UK date).")
    changed_at = models.DateTimeField(help_text="When the change was recorded.")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "pathway", "effective_on", "changed_at", "id"]
        indexes = [models.Index(fields=["case", "pathway", "effective_on"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.pathway} {self.status} {self.effective_on}"

    @property
    def pathway_enum(self) -> Pathway:
        """Return the pathway as an enum."""
        return Pathway(self.pathway)

    @property
    def status_enum(self) -> PathwayStatus:
        """Return the status as an enum."""
        return PathwayStatus(self.status)


class SelfReportResponse(models.Model):
    """The person's answers to the self-report instrument, with its name and version."""

    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="self_reports")
    stage = models.CharField(max_length=10, choices=STAGE_CHOICES)
    instrument_name = models.CharField(max_length=80)
    instrument_version = models.PositiveIntegerField()
    instrument_sha256 = models.CharField(max_length=64)
    item_scores = models.JSONField(
        encoder=DjangoJSONEncoder, help_text="Answer per item code; null is 'prefer not to say'."
    )
    subscale_scores = models.JSONField(
        encoder=DjangoJSONEncoder,
        help_text="Per subscale: score (null if too many missing), answered, missing, items.",
    )
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        help_text="The earlier response at this stage that this one corrects.",
    )
    correction_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "stage", "-recorded_at", "-id"]
        indexes = [models.Index(fields=["case", "stage", "recorded_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "stage"],
                condition=models.Q(supersedes__isnull=True),
                name="needs_one_first_self_report_per_stage",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.stage} {self.instrument_name} v{self.instrument_version}"

    @property
    def stage_enum(self) -> AssessmentStage:
        """Return the stage as an enum."""
        return AssessmentStage(self.stage)

    @property
    def instrument_label(self) -> str:
        """Return the instrument's name and version."""
        return f"{self.instrument_name} v{self.instrument_version}"

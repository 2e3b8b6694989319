"""Linkage models (versioned, trained on the force's own people) and the review queue."""

from django.conf import settings as django_settings
from django.db import models


class LinkageModel(models.Model):
    """A trained splink model: settings with m and u, thresholds, data fingerprint, metrics.

    Rows are only inserted (by `linkage_model_train`); one at a time is active.
    """

    class Status(models.TextChoices):
        CANDIDATE = "candidate", "Candidate"
        ACTIVE = "active", "Active"
        RETIRED = "retired", "Retired"

    version = models.CharField(max_length=40, unique=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CANDIDATE)
    settings = models.JSONField(help_text="splink settings with trained m and u probabilities.")
    auto_link_threshold = models.FloatField(default=0.95)
    review_threshold = models.FloatField(default=0.6)
    training_fingerprint = models.CharField(max_length=64)
    training_rows = models.PositiveIntegerField(default=0)
    metrics = models.JSONField(default=dict)
    trained_at = models.DateTimeField()
    trained_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-trained_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="active"), name="one_active_linkage"
            ),
            models.CheckConstraint(
                condition=models.Q(review_threshold__lte=models.F("auto_link_threshold")),
                name="review_band_below_auto_link",
            ),
        ]

    def __str__(self) -> str:
        return f"linkage {self.version} ({self.status})"


class ReviewItem(models.Model):
    """A feed record and a person the model is unsure about, and the analyst's decision.

    One row per (record, person) pair, ever: a decided pair is never asked again.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting review"
        CONFIRMED = "confirmed", "Same person"
        REJECTED = "rejected", "Not the same person"

    record = models.ForeignKey(
        "monitoring.FeedRecord", on_delete=models.CASCADE, related_name="linkage_reviews"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="linkage_reviews"
    )
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    model_version = models.CharField(max_length=40)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    queued_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-score", "queued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["record", "person"], name="one_review_per_pair")
        ]
        indexes = [models.Index(fields=["status", "-score"])]

    def __str__(self) -> str:
        return f"{self.record_id}~{self.person_id} {self.status}"

    @property
    def status_enum(self) -> "ReviewItem.Status":
        """Return the status as an enum."""
        return ReviewItem.Status(self.status)

"""The model registry and stored forecasts (docs/forecasting.md, "Governance").

Rows change only through `checkpoint.forecasting.services`, each change audited.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from checkpoint.domain.forecast import RiskBand
from checkpoint.forecasting.vocabulary import ForecastPurpose, ModelKind, ModelStatus


class ModelVersion(models.Model):
    """One trained model: a versioned skops artefact with everything needed to govern it."""

    name = models.CharField(max_length=80)
    version = models.CharField(max_length=80, unique=True, help_text="The label people use.")
    purpose = models.CharField(
        max_length=40,
        choices=[(p.value, p.label) for p in ForecastPurpose],
        default=ForecastPurpose.CUSTODY_SCREENING.value,
    )
    kind = models.CharField(max_length=20, choices=[(k.value, k.label) for k in ModelKind])
    status = models.CharField(
        max_length=20,
        choices=[(s.value, s.label) for s in ModelStatus],
        default=ModelStatus.DRAFT.value,
        db_index=True,
    )
    features = models.JSONField(default=list, help_text="The input fields the model uses.")
    sensitive_features = models.JSONField(
        default=list, help_text="Ethnicity or area fields enabled as features (normally none)."
    )
    sensitive_enabled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sensitive_reason = models.TextField(blank=True)
    training_fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the data.")
    training_rows = models.PositiveIntegerField()
    training_source = models.CharField(max_length=300)
    training_summary = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    config = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    metrics = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    report_path = models.CharField(max_length=500, blank=True)
    report_html = models.TextField(blank=True)
    artefact_path = models.CharField(max_length=500)
    artefact_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approval_note = models.TextField(blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    retirement_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One live model per purpose: the database refuses a second approval.
            models.UniqueConstraint(
                fields=["purpose"],
                condition=models.Q(status="approved"),
                name="one_approved_model_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return self.version

    @property
    def kind_enum(self) -> ModelKind:
        """Return the kind as an enum."""
        return ModelKind(self.kind)

    @property
    def status_enum(self) -> ModelStatus:
        """Return the status as an enum."""
        return ModelStatus(self.status)

    @property
    def is_live(self) -> bool:
        """Return whether this version makes forecasts now."""
        return self.status_enum is ModelStatus.APPROVED


class Forecast(models.Model):
    """One advisory forecast for a person, reproducible from its inputs and model version."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="forecasts")
    case = models.ForeignKey(
        "casework.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forecasts",
    )
    model_version = models.ForeignKey(
        ModelVersion, on_delete=models.PROTECT, related_name="forecasts"
    )
    as_of = models.DateField(help_text="The day the history was read up to (exclusive).")
    inputs = models.JSONField(encoder=DjangoJSONEncoder)
    input_hash = models.CharField(max_length=64, db_index=True)
    band = models.CharField(max_length=12, choices=[(b.value, b.label) for b in RiskBand])
    probabilities = models.JSONField(help_text="low, moderate and high, summing to 1.")
    factors = models.JSONField(default=list, help_text="The main factors in plain words.")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "created_at"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.band} ({self.model_version_id})"

    @property
    def band_enum(self) -> RiskBand:
        """Return the band as an enum."""
        return RiskBand(self.band)

    @property
    def factor_texts(self) -> list[str]:
        """Return the main factors as sentences, most influential first."""
        return [f["text"] for f in self.factors]

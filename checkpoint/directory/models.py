"""The directory of local services, and referrals of people to them with recorded consent."""

from django.conf import settings
from django.db import models

from checkpoint.domain.needs import Pathway, ReferralStatus

PATHWAY_CHOICES = [(p.value, p.label) for p in Pathway]
REFERRAL_STATUS_CHOICES = [(s.value, s.label) for s in ReferralStatus]


class Service(models.Model):
    """A local service a navigator can refer people to. Deactivated, never deleted."""

    name = models.CharField(max_length=200, unique=True)
    provider = models.CharField(max_length=200)
    area = models.CharField(
        max_length=120, blank=True, help_text="The area it serves; blank means the whole force."
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    website = models.URLField(blank=True)
    opening_hours = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["active", "area"])]

    def __str__(self) -> str:
        return self.name

    @property
    def pathway_list(self) -> list[Pathway]:
        """Return the pathways the service covers, in the standard order."""
        chosen = {Pathway(p.pathway) for p in self.pathways.all()}
        return [p for p in Pathway if p in chosen]

    @property
    def area_label(self) -> str:
        """Return the area it serves in words."""
        return self.area or "Whole force"


class ServicePathway(models.Model):
    """A pathway a service covers (a table, so filtering works on SQLite and PostgreSQL)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="pathways")
    pathway = models.CharField(max_length=30, choices=PATHWAY_CHOICES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "pathway"], name="directory_pathway_once")
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.pathway}"


class ServiceReferral(models.Model):
    """A referral of a case's person to a service, made only with their recorded consent."""

    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, related_name="service_referrals"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    pathway = models.CharField(max_length=30, choices=PATHWAY_CHOICES)
    consent_to_share = models.BooleanField()
    consent_recorded_at = models.DateTimeField()
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_information = models.TextField(help_text="What the person agreed may be shared.")
    reason = models.TextField(blank=True, help_text="Why the person is being referred.")
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=REFERRAL_STATUS_CHOICES, default=ReferralStatus.SENT.value
    )
    status_changed_at = models.DateTimeField()
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["case", "sent_at"]),
            models.Index(fields=["pathway", "sent_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.service_id} ({self.status})"

    @property
    def status_enum(self) -> ReferralStatus:
        """Return the status as an enum."""
        return ReferralStatus(self.status)

    @property
    def pathway_enum(self) -> Pathway:
        """Return the pathway as an enum."""
        return Pathway(self.pathway)


class ReferralStatusChange(models.Model):
    """One entry in a referral's status history; append-only. The first records 'sent'."""

    referral = models.ForeignKey(
        ServiceReferral, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=REFERRAL_STATUS_CHOICES, blank=True)
    to_status = models.CharField(max_length=20, choices=REFERRAL_STATUS_CHOICES)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["referral", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.from_status} → {self.to_status}"

    @property
    def to_enum(self) -> ReferralStatus:
        """Return the new status as an enum."""
        return ReferralStatus(self.to_status)

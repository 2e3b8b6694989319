"""Feed imports, follow-up reoffences and harm tables (docs/monitoring.md)."""

from django.conf import settings
from django.db import models

from checkpoint.domain.disposals import Disposal
from checkpoint.domain.monitoring import LinkMethod, RecordType


class FeedImport(models.Model):
    """One file of arrests, charges and outcomes, imported all or nothing."""

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, unique=True, help_text="The same file imports once.")
    file_format = models.CharField(max_length=8)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(
        default=0, help_text="Records already held from an earlier file."
    )
    linked = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class FeedRecord(models.Model):
    """One arrest, charge or outcome as the source system sent it, with who it was linked to."""

    feed_import = models.ForeignKey(FeedImport, on_delete=models.PROTECT, related_name="records")
    line = models.PositiveIntegerField(help_text="Row number in the file (provenance).")
    source_system = models.CharField(max_length=40)
    source_record_id = models.CharField(max_length=80)
    record_type = models.CharField(max_length=8, choices=[(t.value, t.label) for t in RecordType])
    pnc_id = models.CharField(max_length=20, blank=True, db_index=True)
    force_person_id = models.CharField(max_length=40, blank=True, db_index=True)
    given_names = models.CharField(max_length=120, blank=True)
    family_name = models.CharField(max_length=120, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=12, blank=True)
    address_area = models.CharField(max_length=120, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    offence = models.ForeignKey("offences.Offence", on_delete=models.PROTECT, related_name="+")
    offence_date = models.DateField()
    event_at = models.DateTimeField()
    disposal = models.CharField(max_length=30, choices=[(d.value, d.label) for d in Disposal])
    disposal_date = models.DateField(null=True, blank=True)
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feed_records",
    )
    link_method = models.CharField(
        max_length=16, blank=True, choices=[(m.value, m.label) for m in LinkMethod]
    )
    link_score = models.FloatField(null=True, blank=True)
    linked_at = models.DateTimeField(null=True, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    link_reason = models.TextField(blank=True)
    custody_event = models.OneToOneField(
        "people.CustodyEvent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feed_record",
    )

    class Meta:
        ordering = ["feed_import", "line"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_system", "source_record_id"], name="one_feed_record_per_source_id"
            )
        ]
        indexes = [models.Index(fields=["person", "offence_date"])]

    def __str__(self) -> str:
        return f"{self.source_system}:{self.source_record_id}"

    @property
    def link_method_enum(self) -> LinkMethod | None:
        """Return how the record was linked, or None while unlinked."""
        return LinkMethod(self.link_method) if self.link_method else None


class Reoffence(models.Model):
    """A positive disposal for an offence committed inside a decided case's follow-up window."""

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="reoffences")
    custody_event = models.ForeignKey(
        "people.CustodyEvent", on_delete=models.CASCADE, related_name="reoffences"
    )
    offence = models.ForeignKey("offences.Offence", on_delete=models.PROTECT, related_name="+")
    offence_date = models.DateField()
    disposal = models.CharField(max_length=30, choices=[(d.value, d.label) for d in Disposal])
    during_contract = models.BooleanField(default=False)
    harm_days = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    harm_table = models.CharField(max_length=120, blank=True, help_text="Harm table and version.")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "offence_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "custody_event"], name="one_reoffence_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.offence_date} {self.offence_id}"


class HarmTable(models.Model):
    """A loaded crime-harm table; one is active, and every weight names the table it came from."""

    name = models.CharField(max_length=120)
    version = models.CharField(max_length=60)
    published_on = models.DateField(null=True, blank=True)
    indicative = models.BooleanField(
        default=False, help_text="An indicative table, not the Cambridge Crime Harm Index."
    )
    sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField()
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    active = models.BooleanField(default=False)

    class Meta:
        ordering = ["-loaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="one_active_harm_table"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """Return the table's name and version, marked when indicative."""
        mark = " (indicative, not the Cambridge CHI)" if self.indicative else ""
        return f"{self.name} {self.version}{mark}"


class HarmWeight(models.Model):
    """Days of custody a Home Office offence code weighs in one harm table."""

    table = models.ForeignKey(HarmTable, on_delete=models.CASCADE, related_name="weights")
    ho_code = models.CharField(max_length=12)
    category = models.CharField(max_length=200, blank=True)
    days = models.DecimalField(max_digits=10, decimal_places=2)
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["table", "ho_code"]
        constraints = [
            models.UniqueConstraint(fields=["table", "ho_code"], name="one_weight_per_code")
        ]

    def __str__(self) -> str:
        return f"{self.ho_code}: {self.days}"

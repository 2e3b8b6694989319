"""People known to the force (nominals), their names and their custody history."""

from django.db import models

from checkpoint.domain.disposals import Disposal
from checkpoint.domain.people import Ethnicity, Sex


class Person(models.Model):
    """A nominal: someone the force has a record of. Personal data; every view is audited."""

    force_person_id = models.CharField(max_length=40, unique=True)
    pnc_id = models.CharField(
        max_length=20, null=True, blank=True, unique=True, help_text="Police National Computer ID."
    )
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=12, choices=[(s.value, s.label) for s in Sex])
    # Ethnicity is held for disproportionality monitoring only (domain.md section 9).
    ethnicity_self_defined = models.CharField(
        max_length=32,
        choices=[(e.value, e.label) for e in Ethnicity],
        default=Ethnicity.NOT_STATED.value,
    )
    ethnicity_officer_observed = models.CharField(
        max_length=32,
        choices=[(e.value, e.label) for e in Ethnicity],
        default=Ethnicity.NOT_STATED.value,
    )
    address_area = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["force_person_id"]

    def __str__(self) -> str:
        return self.force_person_id

    @property
    def primary_name(self) -> "PersonName | None":
        """Return the person's primary name, using prefetched names where present."""
        names = list(self.names.all())
        primary = [n for n in names if n.kind == PersonName.Kind.PRIMARY]
        return next(iter(primary or names), None)

    @property
    def display_name(self) -> str:
        """Return 'Given FAMILY' as police records show a name."""
        name = self.primary_name
        return name.display if name is not None else "(no name recorded)"


class PersonName(models.Model):
    """A name a person is known by: their primary name or an alias."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", "Primary name"
        ALIAS = "alias", "Alias"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PRIMARY)
    given_names = models.CharField(max_length=120)
    family_name = models.CharField(max_length=120)

    class Meta:
        ordering = ["person", "kind", "family_name"]
        indexes = [models.Index(fields=["family_name", "given_names"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(kind="primary"), name="one_primary_name"
            )
        ]

    def __str__(self) -> str:
        return self.display

    @property
    def display(self) -> str:
        """Return the name as 'Given FAMILY'."""
        return f"{self.given_names} {self.family_name.upper()}"


class CustodyEvent(models.Model):
    """An arrest or voluntary attendance for an offence, with its eventual disposal."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="custody_events")
    occurred_at = models.DateTimeField()
    offence = models.ForeignKey("offences.Offence", on_delete=models.PROTECT, related_name="+")
    offence_date = models.DateField()
    disposal = models.CharField(max_length=30, choices=[(d.value, d.label) for d in Disposal])
    disposal_date = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=60, help_text="Where the record came from.")

    class Meta:
        ordering = ["person", "occurred_at"]
        indexes = [models.Index(fields=["person", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.occurred_at:%Y-%m-%d} {self.offence_id}"

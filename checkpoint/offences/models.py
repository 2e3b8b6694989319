"""The offence catalogue: what each offence is, how it is tried and how grave it is."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from checkpoint.domain.offences import ModeOfTrial, OffenceFamily


class Offence(models.Model):
    """One offence in the force's catalogue, loaded from a CSV file (docs/offence-catalogue.md)."""

    code = models.CharField(max_length=60, unique=True, help_text="Our stable key.")
    title = models.CharField(max_length=200)
    family = models.CharField(max_length=40, choices=[(f.value, f.label) for f in OffenceFamily])
    mode_of_trial = models.CharField(
        max_length=20, choices=[(m.value, m.label) for m in ModeOfTrial]
    )
    ho_code = models.CharField(
        max_length=12, blank=True, help_text="Home Office offence classification code."
    )
    gravity_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    legislation = models.CharField(max_length=200)
    default_serious = models.BooleanField(
        default=False, help_text="Counts as a serious reoffence unless a policy says otherwise."
    )
    source = models.TextField()

    class Meta:
        ordering = ["family", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def family_enum(self) -> OffenceFamily:
        """Return the family as an enum."""
        return OffenceFamily(self.family)

    @property
    def mode_of_trial_enum(self) -> ModeOfTrial:
        """Return the mode of trial as an enum."""
        return ModeOfTrial(self.mode_of_trial)

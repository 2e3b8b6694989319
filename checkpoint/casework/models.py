"""Cases: one referral of one person for one or more offences, and its timeline."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

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

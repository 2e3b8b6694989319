"""Screening decision records: immutable, with supervisors' approvals added beside them."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from checkpoint.domain.screening import Approval, Outcome

OUTCOME_CHOICES = [(o.value, o.label) for o in Outcome]


class ScreeningDecision(models.Model):
    """One eligibility decision: the policy, every input, every rule result, and the outcome.

    Rows are only inserted (by `screening_decide`); re-screening creates a new row.
    """

    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="screenings")
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    policy_name = models.CharField(max_length=80)
    policy_version = models.PositiveIntegerField()
    policy_sha256 = models.CharField(max_length=64)
    inputs = models.JSONField(encoder=DjangoJSONEncoder)
    results = models.JSONField(encoder=DjangoJSONEncoder)
    forecast = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    computed_outcome = models.CharField(max_length=20, choices=OUTCOME_CHOICES)
    requested_outcome = models.CharField(max_length=20, choices=OUTCOME_CHOICES)
    departure_reason = models.TextField(blank=True)
    approvals_needed = models.JSONField(default=list)
    limitation_last_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.policy_name} v{self.policy_version} {self.computed_outcome}"

    @property
    def computed(self) -> Outcome:
        """Return the rules' outcome."""
        return Outcome(self.computed_outcome)

    @property
    def requested(self) -> Outcome:
        """Return the outcome the officer recorded."""
        return Outcome(self.requested_outcome)

    @property
    def needed(self) -> tuple[Approval, ...]:
        """Return the approvals this decision needs."""
        return tuple(Approval(a) for a in self.approvals_needed)

    @property
    def departed(self) -> bool:
        """Return whether the officer departed from the computed outcome."""
        return self.requested_outcome != self.computed_outcome


class ScreeningApproval(models.Model):
    """A supervisor's second decision on one approval a screening decision needs."""

    decision = models.ForeignKey(
        ScreeningDecision, on_delete=models.PROTECT, related_name="approvals"
    )
    approval = models.CharField(max_length=20, choices=[(a.value, a.label) for a in Approval])
    granted = models.BooleanField()
    note = models.TextField()
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "approval"], name="one_answer_per_approval")
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.approval} {'granted' if self.granted else 'refused'}"

"""The audit log: one append-only table for every access to and change of personal data."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from checkpoint.audit.actions import AuditAction


class AuditEvent(models.Model):
    """One logged operation, as the Data Protection Act 2018 s62 requires.

    Rows are only ever inserted by `checkpoint.audit.services.audit_record`.
    """

    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept as text too, so the log still reads correctly if an account is renamed.
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=20, choices=[(a.value, a.label) for a in AuditAction])
    verb = models.CharField(max_length=80, help_text="What happened, e.g. case.transition.")
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    person_id = models.BigIntegerField(
        null=True, blank=True, db_index=True, help_text="The data subject, for subject access."
    )
    summary = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    recipient = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb}"

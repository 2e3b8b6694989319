"""The one helper every service calls to write the audit log (design.md habit 2)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from checkpoint.audit.actions import AuditAction
from checkpoint.audit.models import AuditEvent

if TYPE_CHECKING:
    from checkpoint.accounts.models import User

SYSTEM_ACTOR_LABEL = "system"


class AuditOutsideTransaction(RuntimeError):
    """A change was audited outside the transaction that made it."""


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Return the named field values of a model instance for a before/after record."""
    return model_to_dict(instance, fields=list(fields) if fields is not None else None)


def audit_record(
    *,
    actor: User | None,
    action: AuditAction,
    verb: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    person_id: int | None = None,
    summary: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    recipient: str = "",
) -> AuditEvent:
    """Write one audit event; changes must be recorded inside the transaction that made them."""
    if action is not AuditAction.CONSULTATION and not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransaction(f"'{verb}' must be audited inside its own transaction.")
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=actor,
        actor_label=actor.username if actor is not None else SYSTEM_ACTOR_LABEL,
        action=action.value,
        verb=verb,
        object_type=object_type,
        object_id=str(object_id),
        person_id=person_id,
        summary=summary[:300],
        before=before,
        after=after,
        recipient=recipient,
    )


def audit_consultation(
    *, actor: User, target: models.Model, person_id: int | None, summary: str = ""
) -> AuditEvent:
    """Record that a user viewed a record holding personal data (DPA 2018 s62 'consultation')."""
    return audit_record(
        actor=actor,
        action=AuditAction.CONSULTATION,
        verb=f"{target._meta.model_name}.view",
        target=target,
        person_id=person_id,
        summary=summary,
    )

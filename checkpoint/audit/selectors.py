"""Reads of the audit log (administrators and data protection officers only)."""

from __future__ import annotations

from django.db.models import QuerySet

from checkpoint.audit.models import AuditEvent


def recent_audit_events(*, limit: int = 50) -> QuerySet[AuditEvent]:
    """Return the newest audit events."""
    return AuditEvent.objects.select_related("actor").order_by("-occurred_at", "-id")[:limit]


def audit_events_filtered(
    *,
    person_id: int | None = None,
    object_type: str = "",
    object_id: str = "",
    actor_username: str = "",
) -> QuerySet[AuditEvent]:
    """Return audit events matching the filters, newest first."""
    events = AuditEvent.objects.select_related("actor").order_by("-occurred_at", "-id")
    if person_id is not None:
        events = events.filter(person_id=person_id)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if actor_username:
        events = events.filter(actor_label=actor_username)
    return events

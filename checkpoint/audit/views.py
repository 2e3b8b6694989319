"""The audit log page for administrators and data protection officers."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from checkpoint.accounts.access import require_capability
from checkpoint.accounts.models import User
from checkpoint.audit.actions import AuditAction
from checkpoint.audit.selectors import audit_events_filtered
from checkpoint.audit.services import audit_record
from checkpoint.domain.roles import Capability

PAGE_SIZE = 50


@require_capability(Capability.VIEW_AUDIT)
def audit_log(request: HttpRequest) -> HttpResponse:
    """List audit events, filtered by data subject, record or user."""
    person = request.GET.get("person", "").strip()
    events = audit_events_filtered(
        person_id=int(person) if person.isdigit() else None,
        object_type=request.GET.get("object_type", "").strip(),
        object_id=request.GET.get("object_id", "").strip(),
        actor_username=request.GET.get("actor", "").strip(),
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    # The log itself names people, so reading it is a consultation too.
    audit_record(
        actor=request.user if isinstance(request.user, User) else None,
        action=AuditAction.CONSULTATION,
        verb="audit.view",
        object_type="audit.log",
        object_id="",
        person_id=int(person) if person.isdigit() else None,
        summary=f"Viewed the audit log (page {page.number})",
    )
    return render(
        request,
        "audit/audit_log.html",
        {"nav": "audit", "page": page, "events": page.object_list, "filters": request.GET},
    )

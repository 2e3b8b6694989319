"""The casework sections of the case page: what is due, appointments, notes, breach, outcome."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from checkpoint.accounts.access import user_can
from checkpoint.accounts.models import User
from checkpoint.casework import work_selectors as work
from checkpoint.casework.access import is_case_worker
from checkpoint.casework.models import Case, CaseCompletion
from checkpoint.domain.appointments import WORKED_STATES
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.roles import Capability, Role


def case_section(user: User, case: Case, *, now: datetime | None = None) -> dict[str, Any] | None:
    """Return the context of the case page's casework sections, or None if there is nothing.

    The caller has already fetched the case through the scoped selector.
    """
    now = now or timezone.now()
    can_work = is_case_worker(user, case)
    worked = case.state_enum in WORKED_STATES and case.navigator_id is not None
    active = case.state_enum is CaseState.ACTIVE
    appointments = work.appointments_for_case(case, now=now)
    notes = list(work.notes_for_case(case))
    proposals = work.breach_proposals_for(case)
    documents = list(work.documents_for_case(case))
    completion = CaseCompletion.objects.filter(case=case).first()
    if not (can_work or appointments or notes or proposals or documents or completion):
        return None
    pending = next((p for p in proposals if not hasattr(p, "decision")), None)
    due = []
    if can_work:
        for item in work.due_for_case(case, now=now):
            url, action = work.resolve_at(case, item)
            due.append(work.WorkRow(case=case, item=item, url=url, action=action))
    return {
        "now": now,
        "can_work": can_work,
        "can_book": can_work and worked,
        "can_propose": can_work and active and pending is None,
        "can_complete": can_work and active,
        "can_decide": can_work and user.role_enum is Role.SUPERVISOR,
        "can_allocate": user_can(user, Capability.ALLOCATE) and case.state_enum in WORKED_STATES,
        "prompt": work.first_appointment_prompt(case, now=now) if can_work else None,
        "due": due,
        "appointments": appointments,
        "notes": notes,
        "proposals": proposals,
        "pending": pending,
        "completion": completion,
        "documents": documents,
        "contract_url": work.contract_url(case),
    }

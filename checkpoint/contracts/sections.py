"""The contract's section of the case page (the lead adds it to casework's case page)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from checkpoint.accounts.access import user_can
from checkpoint.accounts.models import User
from checkpoint.casework.access import is_case_worker
from checkpoint.casework.models import Case
from checkpoint.contracts import selectors
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.roles import Capability

# States in which a contract may exist or be written.
CONTRACT_STATES = frozenset(
    {
        CaseState.ELIGIBLE,
        CaseState.ALLOCATED_DIVERSION,
        CaseState.CONTRACT_OFFERED,
        CaseState.ACTIVE,
        CaseState.COMPLETED,
        CaseState.BREACHED,
        CaseState.REFERRED_FOR_PROSECUTION,
        CaseState.WITHDRAWN,
        CaseState.FOLLOW_UP,
        CaseState.CLOSED,
    }
)


def case_section(user: User, case: Case) -> dict[str, Any] | None:
    """Return the context of `contracts/includes/case_section.html`, or None to leave it out.

    The caller has already fetched the case through `case_get_for_user`.
    """
    if not user_can(user, Capability.VIEW_CASES) or case.state_enum not in CONTRACT_STATES:
        return None
    version = selectors.current_contract(case)
    if version is None and case.state_enum not in {
        CaseState.ELIGIBLE,
        CaseState.ALLOCATED_DIVERSION,
    }:
        return None
    today = uk_date(timezone.now())
    views = selectors.conditions_for(case, today=today)
    return {
        "case": case,
        "version": version,
        "conditions": views,
        "met": sum(1 for v in views if v.met),
        "overdue": sum(1 for v in views if v.overdue),
        "broken": any(v.broken for v in views),
        "ends_on": selectors.contract_end_date(case, today=today),
        "can_work": is_case_worker(user, case),
    }

"""The referrals section of the case page: a context function and its template.

The case page includes `directory/includes/case_section.html` with `section` set to what
`case_section(user, case)` returns, and leaves it out when that is None.
"""

from __future__ import annotations

from typing import Any

from checkpoint.accounts.models import User
from checkpoint.casework.access import is_case_worker
from checkpoint.casework.models import Case
from checkpoint.directory.selectors import referrals_for_case
from checkpoint.directory.services import REFERRAL_STATES
from checkpoint.needs.access import may_view_needs


def case_section(user: User, case: Case) -> dict[str, Any] | None:
    """Return the referrals section's context, or None when the user may not see referrals
    or the case has none and is not at a stage where they are made."""
    if not may_view_needs(user):
        return None
    referrals = referrals_for_case(case)
    open_for_referrals = case.state_enum in REFERRAL_STATES
    if not referrals and not open_for_referrals:
        return None
    worker = is_case_worker(user, case)
    return {
        "case": case,
        "referrals": referrals,
        "can_refer": open_for_referrals and worker,
        "can_update": worker,
    }

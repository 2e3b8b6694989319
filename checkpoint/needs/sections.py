"""The needs section of the case page: a context function and its template.

The case page includes `needs/includes/case_section.html` with `section` set to what
`case_section(user, case)` returns, and leaves it out when that is None.
"""

from __future__ import annotations

from typing import Any

from checkpoint.accounts.models import User
from checkpoint.casework.access import is_case_worker
from checkpoint.casework.models import Case
from checkpoint.domain.needs import AssessmentStage
from checkpoint.needs.access import NEEDS_STATES, may_view_needs
from checkpoint.needs.selectors import latest_assessment, needs_for_case, self_report_change


def case_section(user: User, case: Case) -> dict[str, Any] | None:
    """Return the needs section's context, or None when the user may not see needs or the
    case has none and is not (or no longer) at a stage where they are recorded."""
    if not may_view_needs(user):
        return None
    pathways = needs_for_case(case)
    start = latest_assessment(case, AssessmentStage.START)
    end = latest_assessment(case, AssessmentStage.END)
    self_report = self_report_change(case)
    recorded = start or end or self_report or any(p.history for p in pathways)
    open_for_needs = case.state_enum in NEEDS_STATES
    if not recorded and not open_for_needs:
        return None
    return {
        "case": case,
        "pathways": pathways,
        "start": start,
        "end": end,
        "self_report": self_report,
        "can_record": open_for_needs and is_case_worker(user, case),
    }

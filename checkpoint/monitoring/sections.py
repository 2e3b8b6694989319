"""The reoffending follow-up section of the case page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from checkpoint.accounts.models import User
from checkpoint.casework.models import Case
from checkpoint.domain.clocks import uk_date
from checkpoint.monitoring.harm import active_table_label
from checkpoint.monitoring.selectors import follow_up_status


def case_section(user: User, case: Case, *, now: datetime | None = None) -> dict[str, Any] | None:
    """Return the follow-up section's context (`monitoring_section`), or None before a decision.

    The caller already fetched the case through the scoped selector, so anyone who may see
    the case sees its follow-up; the template is `monitoring/includes/case_section.html`.
    """
    status = follow_up_status(case, today=uk_date(now or timezone.now()))
    if status is None:
        return None
    return {
        "case": case,
        "status": status,
        "reoffences": status.reoffences,
        "harm_label": ", ".join(status.harm_tables) or active_table_label(),
    }

"""The victims section of the case page, shaped by what the user's role may see."""

from __future__ import annotations

from typing import Any

from checkpoint.accounts.models import User
from checkpoint.casework.models import Case
from checkpoint.victims import selectors


def case_section(user: User, case: Case) -> dict[str, Any] | None:
    """Return the victims section's context, or None when the user should see nothing.

    Liaison officers and supervisors get the full records (template
    `victims/includes/case_section.html`, `full` true); others who can see the case get
    only the restorative choices and wishes. The caller already fetched the case through
    the scoped selector.
    """
    if selectors.sees_victim_details(user):
        return {
            "full": True,
            "case": case,
            "victims": selectors.victims_for_case(user, case),
            "can_add": True,
        }
    wishes = selectors.restorative_wishes_for_case(user, case)
    if not wishes:
        return None
    return {"full": False, "case": case, "wishes": wishes}

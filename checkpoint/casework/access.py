"""Who may do casework on a case: its navigator, or a supervisor of its team."""

from __future__ import annotations

from checkpoint.accounts.models import User
from checkpoint.casework.models import Case
from checkpoint.domain.roles import Role


def is_case_worker(user: User | None, case: Case) -> bool:
    """Return whether the user is the case's navigator or an active supervisor of its team."""
    if not isinstance(user, User) or not user.is_active:
        return False
    role = user.role_enum
    if role is Role.NAVIGATOR:
        return case.navigator_id == user.pk
    return is_team_supervisor(user, case)


def is_team_supervisor(user: User | None, case: Case) -> bool:
    """Return whether the user is an active supervisor of the case's team."""
    return (
        isinstance(user, User)
        and user.is_active
        and user.role_enum is Role.SUPERVISOR
        and user.team_id is not None
        and user.team_id == case.team_id
    )

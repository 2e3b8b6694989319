"""Reads of staff and teams."""

from __future__ import annotations

from django.db.models import QuerySet

from checkpoint.accounts.models import Team, User
from checkpoint.domain.roles import Role


def team_for_area(area: str) -> Team | None:
    """Return the navigator team that serves an area, if any does."""
    return Team.objects.filter(area__iexact=area.strip()).first() if area.strip() else None


def navigators_in_team(team_id: int | None) -> QuerySet[User]:
    """Return the active navigators of a team (none for no team)."""
    if team_id is None:
        return User.objects.none()
    return User.objects.filter(team_id=team_id, role=Role.NAVIGATOR.value, is_active=True)

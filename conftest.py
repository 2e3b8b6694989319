"""Fixtures shared by every test: a small force with one user per role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from checkpoint.accounts.models import Team, User
from checkpoint.domain.roles import Role
from tests.factories import TeamFactory, UserFactory


@dataclass
class Force:
    """Two teams and a user in every role (two navigators in the north team)."""

    north: Team
    south: Team
    custody: User
    navigator: User
    other_navigator: User
    south_navigator: User
    supervisor: User
    south_supervisor: User
    victim_liaison: User
    analyst: User
    administrator: User
    no_role: User


@pytest.fixture
def force(db: None) -> Force:
    """Build the small force."""
    north = TeamFactory(name="North navigators", area="North")
    south = TeamFactory(name="South navigators", area="South")
    return Force(
        north=north,
        south=south,
        custody=UserFactory(username="custody", role=Role.CUSTODY_OFFICER.value),
        navigator=UserFactory(username="nav", role=Role.NAVIGATOR.value, team=north),
        other_navigator=UserFactory(username="nav2", role=Role.NAVIGATOR.value, team=north),
        south_navigator=UserFactory(username="nav3", role=Role.NAVIGATOR.value, team=south),
        supervisor=UserFactory(username="sup", role=Role.SUPERVISOR.value, team=north),
        south_supervisor=UserFactory(username="sup2", role=Role.SUPERVISOR.value, team=south),
        victim_liaison=UserFactory(username="vl", role=Role.VICTIM_LIAISON.value, team=north),
        analyst=UserFactory(username="analyst", role=Role.ANALYST.value),
        administrator=UserFactory(username="admin", role=Role.ADMINISTRATOR.value),
        no_role=UserFactory(username="norole", role=""),
    )

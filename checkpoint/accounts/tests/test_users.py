"""Account management: roles need teams where the role is team-based; all audited."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from checkpoint.accounts.models import User
from checkpoint.accounts.services import user_create, user_deactivate, user_set_role
from checkpoint.audit.models import AuditEvent
from checkpoint.domain.errors import DomainError
from checkpoint.domain.roles import Role


def test_create_change_and_deactivate_are_audited(force) -> None:
    user = user_create(
        actor=force.administrator,
        username="newnav",
        password="x-long-pass",
        role=Role.NAVIGATOR,
        team=force.north,
    )
    user_set_role(actor=force.administrator, user=user, role=Role.SUPERVISOR, team=force.north)
    user_deactivate(actor=force.administrator, user=user, reason="Left the force")
    user.refresh_from_db()
    assert user.role == Role.SUPERVISOR.value and not user.is_active
    verbs = list(AuditEvent.objects.order_by("id").values_list("verb", flat=True))
    assert verbs == ["user.create", "user.set_role", "user.deactivate"]


def test_only_administrators_manage_accounts(force) -> None:
    with pytest.raises(DomainError, match="Only an administrator"):
        user_create(actor=force.supervisor, username="x", password="x-long-pass", role=Role.ANALYST)


def test_team_roles_need_a_team_and_usernames_are_unique(force) -> None:
    with pytest.raises(DomainError, match="must belong to a team"):
        user_create(actor=None, username="x", password="p", role=Role.NAVIGATOR)
    with pytest.raises(DomainError, match="taken"):
        user_create(actor=None, username="NAV", password="p", role=Role.ANALYST)


def test_deactivated_accounts_cannot_sign_in(client, force) -> None:
    user_deactivate(actor=force.administrator, user=force.navigator, reason="Suspended")
    assert not client.login(username="nav", password="correct-horse-battery")


def test_users_command(db, capsys) -> None:
    call_command("users", "add", "sam", "--role", "analyst", "--password", "long-enough-1")
    call_command("users", "role", "sam", "--role", "navigator", "--team", "East navigators")
    call_command("users", "list")
    out = capsys.readouterr().out
    assert "East navigators" in out and User.objects.get(username="sam").team is not None
    with pytest.raises(CommandError, match="no account"):
        call_command("users", "deactivate", "nobody", "--reason", "x")

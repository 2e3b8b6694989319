"""Writes to staff accounts, each audited (who changed whose access, and how)."""

from __future__ import annotations

from django.db import transaction

from checkpoint.accounts.models import Team, User
from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.domain.errors import DomainError
from checkpoint.domain.roles import HUMAN_ROLES, Role

TEAM_ROLES = frozenset({Role.NAVIGATOR, Role.SUPERVISOR, Role.VICTIM_LIAISON})


def _check_role_and_team(role: Role, team: Team | None) -> None:
    if role not in HUMAN_ROLES:
        raise DomainError(f"'{role.value}' is not a role a person can hold.")
    if role in TEAM_ROLES and team is None:
        raise DomainError(f"A {role.label.lower()} must belong to a team.")


def _authorise(actor: User | None) -> None:
    # None is the command line run by the system's operator at installation.
    if actor is not None and actor.role_enum is not Role.ADMINISTRATOR:
        raise DomainError("Only an administrator can manage accounts.")


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: Role,
    team: Team | None = None,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create a staff account with one role (and a team where the role needs one)."""
    _authorise(actor)
    _check_role_and_team(role, team)
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(f"The username '{username}' is taken.")
    user = User(
        username=username, role=role.value, team=team, first_name=first_name, last_name=last_name
    )
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor,
        action=AuditAction.COLLECTION,
        verb="user.create",
        target=user,
        summary=f"Created account {username} as {role.label}",
        after={"username": username, "role": role.value, "team": team.name if team else None},
    )
    return user


@transaction.atomic
def user_set_role(*, actor: User | None, user: User, role: Role, team: Team | None) -> User:
    """Change what an account may do."""
    _authorise(actor)
    _check_role_and_team(role, team)
    before = {"role": user.role, "team": user.team.name if user.team else None}
    user.role, user.team = role.value, team
    user.save(update_fields=["role", "team"])
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="user.set_role",
        target=user,
        summary=f"{user.username} is now {role.label}",
        before=before,
        after={"role": role.value, "team": team.name if team else None},
    )
    return user


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User, reason: str) -> User:
    """Stop an account signing in; it stays in the audit log as it was."""
    _authorise(actor)
    if not reason.strip():
        raise DomainError("Give a reason for deactivating the account.")
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="user.deactivate",
        target=user,
        summary=f"Deactivated {user.username}: {reason}",
        before={"is_active": True},
        after={"is_active": False, "reason": reason},
    )
    return user

"""`checkpoint users add|role|deactivate|list`: manage staff accounts from the command line."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from checkpoint.accounts.models import Team, User
from checkpoint.accounts.services import user_create, user_deactivate, user_set_role
from checkpoint.domain.errors import DomainError
from checkpoint.domain.roles import HUMAN_ROLES, Role

ROLE_NAMES = [r.value for r in HUMAN_ROLES]


def _team(name: str | None) -> Team | None:
    if not name:
        return None
    team, _ = Team.objects.get_or_create(name=name)
    return team


def _user(username: str) -> User:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"There is no account '{username}'.") from None


class Command(BaseCommand):
    """Manage staff accounts; every change is audited as the system operator."""

    help = "Add accounts, change roles, deactivate accounts, or list them."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the sub-commands."""
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Create an account (asks for the password).")
        add.add_argument("username")
        add.add_argument("--role", required=True, choices=ROLE_NAMES)
        add.add_argument(
            "--team",
            help="Team name (created if new); navigators, supervisors and victim liaison need one.",
        )
        add.add_argument("--first-name", default="")
        add.add_argument("--last-name", default="")
        add.add_argument("--password", help="Omit to be asked without echo.")
        role = sub.add_parser("role", help="Change an account's role and team.")
        role.add_argument("username")
        role.add_argument("--role", required=True, choices=ROLE_NAMES)
        role.add_argument("--team")
        off = sub.add_parser("deactivate", help="Stop an account signing in.")
        off.add_argument("username")
        off.add_argument("--reason", required=True)
        sub.add_parser("list", help="List accounts with their roles and teams.")

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the sub-command."""
        action = options["action"]
        try:
            if action == "add":
                password = options["password"] or getpass.getpass("Password: ")
                user = user_create(
                    actor=None,
                    username=options["username"],
                    password=password,
                    role=Role(options["role"]),
                    team=_team(options["team"]),
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                )
                self.stdout.write(f"Created {user.username} ({user.get_role_display()}).")
            elif action == "role":
                user = user_set_role(
                    actor=None,
                    user=_user(options["username"]),
                    role=Role(options["role"]),
                    team=_team(options["team"]),
                )
                self.stdout.write(f"{user.username} is now {user.get_role_display()}.")
            elif action == "deactivate":
                user_deactivate(
                    actor=None, user=_user(options["username"]), reason=options["reason"]
                )
                self.stdout.write(f"Deactivated {options['username']}.")
            else:
                for user in User.objects.select_related("team"):
                    state = "" if user.is_active else " (deactivated)"
                    team = user.team.name if user.team else "-"
                    self.stdout.write(
                        f"{user.username:<16} {user.get_role_display() or 'no role':<18} "
                        f"{team}{state}"
                    )
        except DomainError as error:
            raise CommandError(str(error)) from None

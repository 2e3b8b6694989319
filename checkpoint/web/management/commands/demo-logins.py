"""`checkpoint demo-logins`: print the demo sign-ins and where to use them."""

import io
from typing import Any

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.table import Table

from checkpoint.accounts.models import User
from checkpoint.web.demo.staff import DEMO_PASSWORD, DEMO_URL, STAFF


class Command(BaseCommand):
    """List the demo accounts with their password, role and team."""

    help = "Print the demo sign-ins (username, password, role, team) and the local URL."

    def handle(self, *args: Any, **options: Any) -> None:
        """Print the table of the demo accounts that exist in this database."""
        users = {
            u.username: u
            for u in User.objects.filter(username__in=[s.username for s in STAFF]).select_related(
                "team"
            )
        }
        if not users:
            self.stdout.write("No demo sign-ins yet: run `checkpoint demo-data` first.")
            return
        # Render to text first: Django's output wrapper would break rich's chunked writes.
        buffer = io.StringIO()
        console = Console(file=buffer, width=100, color_system=None, highlight=False)
        table = Table(title="Checkpoint demo sign-ins", title_justify="left")
        for heading in ("Username", "Password", "Role", "Team", "Name"):
            table.add_column(heading, no_wrap=True)
        for spec in STAFF:
            user = users.get(spec.username)
            if user is None:
                continue
            table.add_row(
                user.username,
                DEMO_PASSWORD,
                spec.role.label,
                user.team.name if user.team else "-",
                user.display_name,
            )
        console.print(table)
        console.print(f"Sign in at {DEMO_URL}")
        self.stdout.write(buffer.getvalue(), ending="")

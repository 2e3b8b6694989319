"""`checkpoint directory import FILE.csv | validate FILE.csv | demo`: the service directory."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from checkpoint.directory.csvfile import read_directory
from checkpoint.directory.services import directory_import, directory_load_demo
from checkpoint.domain.errors import DomainError


class Command(BaseCommand):
    """Manage the directory of local services."""

    help = "Import or check a service directory CSV, or load the demo services."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the sub-commands."""
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import", help="Add or update services from a CSV file (all rows or none)."
        )
        imp.add_argument("file", type=Path)
        check = sub.add_parser("validate", help="Check a CSV file without importing it.")
        check.add_argument("file", type=Path)
        sub.add_parser("demo", help="Load the fictional demo services (safe to repeat).")

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the sub-command and report what it did."""
        action = options["action"]
        try:
            if action == "validate":
                rows = read_directory(options["file"])
                self.stdout.write(f"{options['file'].name} is valid: {len(rows)} service(s).")
                return
            if action == "import":
                result = directory_import(actor=None, path=options["file"])
            else:
                result = directory_load_demo()
        except DomainError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{result.created} added, {result.updated} changed, {result.unchanged} unchanged."
        )

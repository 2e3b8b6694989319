"""`checkpoint offences import [FILE]`: load or extend the offence catalogue."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from checkpoint.domain.errors import DomainError
from checkpoint.offences.catalogue import DEFAULT_CATALOGUE
from checkpoint.offences.services import offence_catalogue_import


class Command(BaseCommand):
    """Manage the offence catalogue."""

    help = "Import an offence catalogue CSV (default: the catalogue shipped with Checkpoint)."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the sub-command and file."""
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Add or update offences from a CSV file.")
        imp.add_argument("file", nargs="?", type=Path, default=DEFAULT_CATALOGUE)

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the import and report what changed."""
        try:
            result = offence_catalogue_import(actor=None, path=options["file"])
        except DomainError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{result.created} added, {result.updated} changed, {result.unchanged} unchanged."
        )

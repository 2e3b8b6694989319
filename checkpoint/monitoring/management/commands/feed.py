"""`checkpoint feed import FILE` and `checkpoint feed harm FILE`: feeds and harm tables.

Progress goes to stderr; the last line of stdout is one JSON object with the figures.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichBar

from checkpoint.accounts.models import User
from checkpoint.domain.errors import DomainError
from checkpoint.monitoring.feed import FeedFormat, FeedInvalid
from checkpoint.monitoring.harm import DEFAULT_COLUMNS, harm_table_load
from checkpoint.monitoring.importer import FeedImportResult, feed_import


class RichProgress:
    """Show each stage of the import as a progress bar on stderr."""

    def __init__(self, bar: RichBar) -> None:
        self.bar = bar
        self.task: Any = None

    def stage(self, description: str, total: int) -> None:
        """Start a new bar."""
        self.task = self.bar.add_task(description, total=max(total, 1))

    def advance(self, amount: int = 1) -> None:
        """Move the current bar on."""
        if self.task is not None:
            self.bar.advance(self.task, amount)


def _columns(pairs: list[str]) -> dict[str, str]:
    columns: dict[str, str] = {}
    for pair in pairs:
        ours, sep, theirs = pair.partition("=")
        if not sep or ours not in DEFAULT_COLUMNS:
            raise CommandError(
                f"--column takes NAME=HEADING with NAME one of {', '.join(DEFAULT_COLUMNS)}."
            )
        columns[ours] = theirs
    return columns


class Command(BaseCommand):
    """Import feeds of arrests, charges and outcomes; load crime-harm tables."""

    help = "Import a feed file (CSV, JSON or JSON Lines) or load a crime-harm table."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the sub-commands."""
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import a feed file, all or nothing.")
        imp.add_argument("file", type=Path)
        imp.add_argument("--format", choices=[f.value for f in FeedFormat], default=None)
        imp.add_argument("--as", dest="actor", metavar="USERNAME", help="Act as this user.")
        imp.add_argument("--quiet", action="store_true", help="Show no progress bars.")
        harm = sub.add_parser(
            "harm", help="Load a crime-harm table (.csv, or .xlsx with openpyxl)."
        )
        harm.add_argument("file", type=Path)
        harm.add_argument("--name", default="Cambridge Crime Harm Index")
        harm.add_argument("--version", dest="table_version", required=True)
        harm.add_argument("--published", type=date.fromisoformat, default=None)
        harm.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="NAME=HEADING",
            help="Map ho_code, category or days to the file's heading.",
        )
        harm.add_argument("--as", dest="actor", metavar="USERNAME", help="Act as this user.")

    def _actor(self, options: dict[str, Any]) -> User | None:
        username = options.get("actor")
        if not username:
            return None
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"There is no user '{username}'.") from None

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the chosen sub-command."""
        actor = self._actor(options)
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        if options["action"] == "harm":
            try:
                table = harm_table_load(
                    actor=actor,
                    path=path,
                    name=options["name"],
                    version=options["table_version"],
                    published_on=options["published"],
                    columns=_columns(options["column"]),
                )
            except DomainError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(f"Loaded {table.label}: {table.weights.count()} offence codes.")
            self.stdout.write(json.dumps({"harm_table": table.pk, "label": table.label}))
            return
        self._import(path, actor, options)

    def _import(self, path: Path, actor: User | None, options: dict[str, Any]) -> None:
        fmt = FeedFormat(options["format"]) if options["format"] else None
        console = Console(stderr=True)
        try:
            if options["quiet"] or not console.is_terminal:
                result = feed_import(actor=actor, path=path, fmt=fmt)
            else:
                with RichBar(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeElapsedColumn(),
                    console=console,
                ) as bar:
                    result = feed_import(
                        actor=actor, path=path, fmt=fmt, progress=RichProgress(bar)
                    )
        except FeedInvalid as error:
            self.stdout.write(
                json.dumps(
                    {
                        "imported": False,
                        "problems": error.count,
                        "first": [str(p) for p in error.problems[:20]],
                    }
                )
            )
            raise CommandError(str(error)) from None
        except DomainError as error:
            raise CommandError(str(error)) from None
        self._report(result)

    def _report(self, result: FeedImportResult) -> None:
        out = self.stdout
        record = result.feed_import
        if result.already_imported:
            out.write(
                f"{record.file_name} was already imported on {record.imported_at:%d %B %Y %H:%M} "
                f"(import {record.pk}); nothing changed."
            )
        else:
            out.write(f"Imported {record.file_name} as import {record.pk}")
            out.write(f"Rows:            {result.rows}")
            out.write(f"Records created: {result.created}")
            out.write(f"Already held:    {result.skipped}")
            for method, count in result.linked.items():
                out.write(f"Linked ({method}): {count}")
            out.write(f"Reoffences:      {result.reoffences}")
            out.write(f"Seconds:         {result.seconds:.1f}")
        out.write(
            json.dumps(
                {
                    "import": record.pk,
                    "already_imported": result.already_imported,
                    "rows": result.rows,
                    "created": result.created,
                    "skipped": result.skipped,
                    "linked": result.linked,
                    "reoffences": result.reoffences,
                    "seconds": round(result.seconds, 2),
                }
            )
        )

"""`checkpoint tick [--date YYYY-MM-DD]`: the daily job that raises what is due and overdue.

Run it once a day (cron or a systemd timer). It is idempotent: running it again the same
day changes nothing, so a failed run can simply be repeated.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichBar

from checkpoint.casework.alert_services import tick_run
from checkpoint.domain.clocks import UK_TIME
from checkpoint.web.progress import RichProgress

RUN_AT = time(6, 0)
"""A run for a given date acts as at 06:00 UK time that day, before the working day starts."""


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be a date like 2026-12-01, not '{value}'.") from None


class Command(BaseCommand):
    """Raise and resolve alerts; start and close follow-up."""

    help = (
        "The daily casework check: raises alerts for unrecorded appointment outcomes, missed "
        "appointments, conditions due or overdue, contracts ending, s127 dates near and first "
        "appointments not booked in time; resolves alerts whose cause has gone; starts "
        "follow-up for finished cases and closes follow-ups whose window ended. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the options."""
        parser.add_argument(
            "--date",
            type=_date,
            default=None,
            help="Run as of this UK date (at 06:00); default now.",
        )
        parser.add_argument("--quiet", action="store_true", help="Show no progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the job and print what it did."""
        day: date | None = options["date"]
        now = datetime.combine(day, RUN_AT, tzinfo=UK_TIME) if day else timezone.now()
        console = Console(stderr=True)
        if options["quiet"] or not console.is_terminal:
            summary = tick_run(now=now)
        else:
            with RichBar(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
            ) as bar:
                summary = tick_run(now=now, progress=RichProgress(bar))
        out = self.stdout
        out.write(f"Daily check as of {now.astimezone(UK_TIME):%d %B %Y %H:%M} (UK time)")
        out.write(f"Policy: {summary.policy or 'none in force; built-in defaults used'}")
        out.write(f"Cases checked:      {summary.cases_checked}")
        out.write(f"Alerts raised:      {summary.raised}")
        out.write(f"Alerts updated:     {summary.updated}")
        out.write(f"Alerts resolved:    {summary.resolved}")
        out.write(f"Follow-ups started: {summary.follow_ups_started}")
        out.write(f"Cases closed:       {summary.closed}")
        for problem in summary.problems:
            self.stderr.write(f"Problem: {problem}")
        out.write(json.dumps(summary.as_dict()))

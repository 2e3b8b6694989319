"""`checkpoint demo-data`: load a believable demo force (people, custody histories, cases)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichBar
from rich.table import Table

from checkpoint.domain.clocks import uk_date
from checkpoint.domain.errors import DomainError
from checkpoint.web.demo.fingerprint import demo_fingerprint
from checkpoint.web.demo.generator import DemoResult, calibration, demo_load, demo_people_count
from checkpoint.web.demo.progress import NoProgress, Progress
from checkpoint.web.progress import RichProgress


def _as_of(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of must be a date like 2025-03-31, not '{value}'.") from None


class Command(BaseCommand):
    """Generate the demo data."""

    help = (
        "Load a synthetic demo force: N people with offending histories calibrated to "
        "published figures, Checkpoint cases in every state, and the demo sign-ins. The same "
        "--people, --seed and --as-of always give the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the options."""
        parser.add_argument("--people", type=int, default=3000, help="How many people (3000).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (1).")
        parser.add_argument(
            "--as-of",
            type=_as_of,
            default=None,
            help="The date the data is 'as at' (06:00 UK time); default today in UK time.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already holds people (so `make run` can rerun).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the previous demo people, custody events and cases first.",
        )
        parser.add_argument(
            "--fingerprint",
            action="store_true",
            help="Print a SHA-256 of the demo rows, to check two loads are identical.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Load the demo force and print a summary."""
        if options["people"] < 1:
            raise CommandError("--people must be at least 1.")
        existing = demo_people_count()
        if existing and options["if_empty"]:
            self.stdout.write(
                f"Demo data not loaded: the database already holds {existing} people (--if-empty)."
            )
            if options["fingerprint"]:
                self.stdout.write(f"Fingerprint: {demo_fingerprint()}")
            return
        if existing and options["replace"]:
            self.stdout.write(
                self.style.WARNING(
                    f"--replace: deleting the previous demo data ({existing} people with their "
                    "custody events and cases) before loading. Sign-ins are reset, not deleted."
                )
            )
        as_of = options["as_of"] or uk_date(timezone.now())
        err = Console(stderr=True)
        quiet = options["verbosity"] < 1
        try:
            if quiet:
                result = self._load(options, as_of, NoProgress())
            else:
                columns = (
                    TextColumn("{task.description:<24}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeElapsedColumn(),
                )
                with RichBar(*columns, console=err) as bar:
                    result = self._load(options, as_of, RichProgress(bar))
        except DomainError as error:
            raise CommandError(str(error)) from None
        self._summary(result)
        if options["fingerprint"]:
            self.stdout.write(f"Fingerprint: {demo_fingerprint()}")

    def _load(self, options: dict[str, Any], as_of: date, progress: Progress) -> DemoResult:
        return demo_load(
            people=options["people"],
            seed=options["seed"],
            as_of=as_of,
            replace=options["replace"],
            progress=progress,
        )

    def _summary(self, result: DemoResult) -> None:
        plan = result.plan
        buffer = io.StringIO()
        console = Console(file=buffer, width=100, color_system=None, highlight=False)
        console.print(
            f"Loaded demo data as at 06:00 on {plan.as_of:%d %B %Y} (seed {plan.seed}): "
            f"{result.people:,} people, {result.custody_events:,} custody events, "
            f"{len(plan.cases):,} cases in {result.seconds:.1f} s."
        )
        table = Table(title="Cases by state", title_justify="left")
        table.add_column("State")
        table.add_column("Cases", justify="right")
        for state, count in result.cases_by_state.items():
            table.add_row(state.label, f"{count:,}")
        console.print(table)
        figures = calibration(plan)
        shares = ", ".join(f"{k} {v:.0%}" for k, v in figures.prior_shares.items())
        rates = ", ".join(f"{k} {v:.0%}" for k, v in figures.one_year_by_band.items())
        console.print(f"Previous disposals: {shares} (target 48/27/14/11%).")
        console.print(
            f"One-year proven reoffending: {figures.one_year_overall:.0%} overall; by previous "
            f"disposals {rates} (target about 11% with none, 47% with 11 or more)."
        )
        self.stdout.write(buffer.getvalue(), ending="")

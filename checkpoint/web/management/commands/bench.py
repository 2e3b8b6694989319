"""`checkpoint bench NAME|all`: run benchmarks, print their figures and a last line of JSON."""

from __future__ import annotations

import importlib
import json
import pkgutil
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

import checkpoint.bench
from checkpoint.bench.registry import BENCHMARKS


def _load_all() -> None:
    """Import every benchmark module so that each registers itself."""
    for module in pkgutil.iter_modules(checkpoint.bench.__path__):
        if module.name != "registry":
            importlib.import_module(f"checkpoint.bench.{module.name}")


class Command(BaseCommand):
    """Run one benchmark or all of them."""

    help = "Run a benchmark by name (or 'all'); the last line of output is JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the benchmark name and option overrides."""
        parser.add_argument("name", help="A benchmark name, 'all', or 'list'.")
        parser.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="Override a benchmark option, e.g. --set people=2000.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the benchmarks and print their figures."""
        _load_all()
        name = options["name"]
        if name == "list":
            for bench in BENCHMARKS.values():
                self.stdout.write(f"{bench.name}: {bench.description}")
            return
        if name != "all" and name not in BENCHMARKS:
            known = ", ".join(sorted(BENCHMARKS)) or "none"
            raise CommandError(f"There is no benchmark '{name}'. Known: {known}, all, list.")
        chosen = list(BENCHMARKS.values()) if name == "all" else [BENCHMARKS[name]]
        overrides = dict(item.split("=", 1) for item in options["set"] if "=" in item)
        results: dict[str, Any] = {}
        for bench in chosen:
            self.stderr.write(f"Running {bench.name}: {bench.description}")
            figures = bench.run({**bench.options, **overrides})
            for key, value in figures.items():
                self.stdout.write(f"  {bench.name}.{key} = {value}")
            results[bench.name] = figures
        self.stdout.write(json.dumps(results if name == "all" else results[name], sort_keys=True))

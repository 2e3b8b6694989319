"""Benchmark: import a 1,000,000-row feed into fresh SQLite and PostgreSQL databases.

The file is generated deterministically from a seed against people the benchmark creates
(most rows carry a PNC ID or force ID that matches exactly, some match nobody). Each import
runs in its own process through `checkpoint feed import`, which reports its wall time; the
process's peak resident memory (getrusage) is measured after Django starts and after the
import, and a smaller file is imported too so that flat memory shows the import streams.
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

from checkpoint.bench.demo_data import _postgres_server_url
from checkpoint.bench.registry import Benchmark, Figures, register
from checkpoint.monitoring.feed import COLUMNS

DISPOSALS = (
    ("pending", 30),
    ("no_further_action", 20),
    ("charged", 15),
    ("convicted", 15),
    ("caution", 8),
    ("community_resolution", 8),
    ("conditional_caution", 2),
    ("acquitted", 2),
)

# Runs inside the child process: seed people, or import and report peak memory.
SEED = """
import django, sys
django.setup()
from checkpoint.bench.feed_import import seed_people
seed_people(int(sys.argv[1]))
"""
IMPORT = """
import django, json, resource, sys, time
django.setup()
from pathlib import Path
from checkpoint.monitoring.importer import feed_import

def peak_kb():
    # VmHWM is this process's own peak; ru_maxrss on Linux also counts the parent before exec.
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

before = peak_kb()
started = time.perf_counter()
result = feed_import(actor=None, path=Path(sys.argv[1]))
seconds = time.perf_counter() - started
after = peak_kb()
print(json.dumps({"seconds": seconds, "rss_before_kb": before, "rss_peak_kb": after,
                  "created": result.created, "linked": result.linked}))
"""


def seed_people(count: int) -> None:
    """Create `count` people with PNC and force IDs (run inside a configured Django process)."""
    from django.utils import timezone as dj_timezone

    from checkpoint.people.models import Person

    now = dj_timezone.now()
    Person.objects.bulk_create(
        (
            Person(
                force_person_id=f"BF{n:07d}",
                pnc_id=f"BP/{n:07d}",
                date_of_birth=date(1970, 1, 1) + timedelta(days=n % 12_000),
                sex="male" if n % 3 else "female",
                address_area="Bench",
                created_at=now,
            )
            for n in range(count)
        ),
        batch_size=5_000,
    )


def write_feed(path: Path, *, rows: int, people: int, codes: list[str], seed: int) -> None:
    """Write a deterministic feed of `rows` records to a CSV file."""
    rng = random.Random(seed)
    disposals = [d for d, weight in DISPOSALS for _ in range(weight)]
    start = date(2024, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for n in range(rows):
            who = rng.randrange(people)
            roll = rng.random()
            pnc = f"BP/{who:07d}" if roll < 0.8 else ""
            force_id = f"BF{who:07d}" if 0.8 <= roll < 0.9 else ""
            offence_date = start + timedelta(days=rng.randrange(900))
            event = datetime.combine(offence_date, datetime.min.time(), tzinfo=UTC)
            event += timedelta(minutes=rng.randrange(60 * 24 * 3))
            disposal = rng.choice(disposals)
            disposal_date = "" if disposal == "pending" else event.date().isoformat()
            writer.writerow(
                (
                    "BENCH",
                    f"B{n:08d}",
                    "outcome" if disposal != "pending" else "arrest",
                    pnc,
                    force_id,
                    "Alex",
                    f"Bench{who}",
                    (date(1970, 1, 1) + timedelta(days=who % 12_000)).isoformat(),
                    "male" if who % 3 else "female",
                    "Bench",
                    "",
                    rng.choice(codes),
                    offence_date.isoformat(),
                    event.isoformat(),
                    disposal,
                    disposal_date,
                )
            )


def _run(code: str, args: list[str], database_url: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
    }
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def _prepare(database_url: str, people: int) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
    }
    for args in (["migrate", "--noinput", "-v", "0"], ["offences", "import"]):
        subprocess.run(
            [sys.executable, "-m", "checkpoint.cli", *args],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    _run(SEED, [str(people)], database_url)


def _measure(prefix: str, url: str, feeds: dict[str, Path], people: int) -> Figures:
    figures: Figures = {}
    for label, feed in feeds.items():
        _prepare(url, people)
        result = json.loads(_run(IMPORT, [str(feed)], url))
        rows = result["created"]
        figures[f"{prefix}_{label}_seconds"] = round(result["seconds"], 1)
        figures[f"{prefix}_{label}_rows_per_second"] = round(rows / result["seconds"])
        figures[f"{prefix}_{label}_peak_rss_mb"] = round(result["rss_peak_kb"] / 1024)
        figures[f"{prefix}_{label}_rss_at_start_mb"] = round(result["rss_before_kb"] / 1024)
        figures[f"{prefix}_{label}_linked"] = sum(result["linked"].values())
    return figures


def _codes() -> list[str]:
    catalogue = Path(__file__).resolve().parents[1] / "offences" / "data" / "offences.csv"
    with catalogue.open(encoding="utf-8", newline="") as handle:
        return [row["code"] for row in csv.DictReader(handle)]


def run(options: dict[str, Any]) -> Figures:
    """Import a generated feed (and a tenth of it) into each available fresh database."""
    rows = int(options.get("rows", 1_000_000))
    people = int(options.get("people", 50_000))
    seed = int(options.get("seed", 1))
    databases = str(options.get("databases", "sqlite,postgres")).split(",")
    figures: Figures = {"rows": rows, "people": people, "target_seconds": 120}
    with tempfile.TemporaryDirectory() as scratch:
        feeds = {"full": Path(scratch) / "feed.csv", "tenth": Path(scratch) / "feed-tenth.csv"}
        started = time.perf_counter()
        write_feed(feeds["full"], rows=rows, people=people, codes=_codes(), seed=seed)
        figures["generate_seconds"] = round(time.perf_counter() - started, 1)
        write_feed(feeds["tenth"], rows=rows // 10, people=people, codes=_codes(), seed=seed + 1)
        figures["file_mb"] = round(feeds["full"].stat().st_size / 1e6)
        server = _postgres_server_url() if "postgres" in databases else None
        if server is not None:
            name = f"checkpoint_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
            try:
                url = f"{server}/{name}"
                for label, feed in feeds.items():
                    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                        admin.execute(f'CREATE DATABASE "{name}"')
                    figures.update(_measure("postgres", url, {label: feed}, people))
            finally:
                with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if "sqlite" in databases:
            for label, feed in feeds.items():
                db = Path(scratch) / f"bench-{label}.sqlite3"
                figures.update(_measure("sqlite", f"sqlite:///{db}", {label: feed}, people))
    return figures


register(
    Benchmark(
        name="import",
        description="Import a 1,000,000-row feed CSV with `feed_import` on fresh databases.",
        run=run,
        options={"rows": 1_000_000, "people": 50_000, "seed": 1, "databases": "sqlite,postgres"},
    )
)

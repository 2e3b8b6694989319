"""Benchmark: build the demo force (10,000 people by default) on fresh SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg

from checkpoint.bench.registry import Benchmark, Figures, register


def _checkpoint(args: list[str], database_url: str) -> float:
    """Run one `checkpoint` command against a database and return its wall time."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
    }
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "checkpoint.cli", *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def _postgres_server_url() -> str | None:
    """Return the PostgreSQL server the test settings point at, if one answers."""
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/checkpoint")
    if not url.startswith("postgres"):
        return None
    parsed = dj_database_url.parse(url)
    base = f"postgres://{parsed['USER']}@{parsed['HOST']}:{parsed['PORT'] or 5432}"
    try:
        psycopg.connect(f"{base}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        return None
    return base


def run(options: dict[str, Any]) -> Figures:
    """Time `checkpoint demo-data` for N people on each available database."""
    people = int(options.get("people", 10_000))
    seed = int(options.get("seed", 1))
    args = ["demo-data", "--people", str(people), "--seed", str(seed), "--as-of", "2026-11-25"]
    figures: Figures = {"people": people}
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
        _checkpoint(["migrate", "--noinput", "-v", "0"], url)
        figures["sqlite_seconds"] = round(_checkpoint(args, url), 2)
    server = _postgres_server_url()
    if server is not None:
        name = f"checkpoint_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            url = f"{server}/{name}"
            _checkpoint(["migrate", "--noinput", "-v", "0"], url)
            figures["postgres_seconds"] = round(_checkpoint(args, url), 2)
        finally:
            with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    figures["target_seconds"] = 60
    return figures


register(
    Benchmark(
        name="demo-data",
        description="Generate the demo force with `checkpoint demo-data` on fresh databases.",
        run=run,
        options={"people": 10_000, "seed": 1},
    )
)

"""The forecast benchmark runs end to end on a tiny synthetic set."""

from __future__ import annotations

from checkpoint.bench.forecast import run
from checkpoint.bench.registry import BENCHMARKS


def test_the_benchmark_registers_and_reports_latency_and_training_time() -> None:
    figures = run({"rows": 600, "forecasts": 30, "seed": 1, "kinds": "logistic,ogrs3"})
    assert "forecast" in BENCHMARKS
    for kind in ("logistic", "ogrs3"):
        assert figures[f"{kind}_p50_ms"] > 0 and figures[f"{kind}_train_seconds"] > 0
        assert figures[f"{kind}_p95_ms"] >= figures[f"{kind}_p50_ms"]

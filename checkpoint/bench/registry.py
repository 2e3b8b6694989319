"""The benchmark registry: each benchmark returns named figures; the command prints them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Figures = dict[str, Any]


@dataclass(frozen=True)
class Benchmark:
    """A named measurement of a real code path."""

    name: str
    description: str
    run: Callable[[dict[str, Any]], Figures]
    options: dict[str, Any] = field(default_factory=dict)


BENCHMARKS: dict[str, Benchmark] = {}


def register(benchmark: Benchmark) -> Benchmark:
    """Add a benchmark to the registry."""
    BENCHMARKS[benchmark.name] = benchmark
    return benchmark

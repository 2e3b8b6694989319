"""The forecasting core imports nothing from Django, so it runs and tests without a database."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent
PURE = (
    "artefacts",
    "banding",
    "estimators",
    "evaluation",
    "examples",
    "fairness",
    "features",
    "importer",
    "mapping",
    "metrics",
    "ogrs3",
    "predict",
    "report",
    "schema",
    "serious",
    "synth",
    "training",
    "vocabulary",
)
FORBIDDEN = ("django", "checkpoint.forecasting.models", "checkpoint.forecasting.services")


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_core_modules_do_not_import_django() -> None:
    offenders = {
        name: sorted(m for m in imported(APP / f"{name}.py") if m.startswith(FORBIDDEN))
        for name in PURE
    }
    assert {k: v for k, v in offenders.items() if v} == {}

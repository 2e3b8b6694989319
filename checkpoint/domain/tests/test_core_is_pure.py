"""The domain core imports nothing from Django (design.md habit 5)."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent
FORBIDDEN = (
    "django",
    "ninja",
    "checkpoint.accounts",
    "checkpoint.casework",
    "checkpoint.people",
    "checkpoint.offences",
    "checkpoint.audit",
    "checkpoint.web",
)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_domain_core_does_not_import_django_or_apps() -> None:
    offenders = {
        str(path.relative_to(CORE)): sorted(
            m for m in imported_modules(path) if m.startswith(FORBIDDEN)
        )
        for path in CORE.rglob("*.py")
        if "tests" not in path.parts
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_check_sees_an_offending_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from django.db import models\nimport os\n", encoding="utf-8")
    assert "django.db" in imported_modules(bad)

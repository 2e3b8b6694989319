"""`checkpoint directory import|validate|demo`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from checkpoint.directory.models import Service
from checkpoint.directory.services import DEMO_DIRECTORY


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("directory", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_import_reports_what_changed_and_repeats_safely() -> None:
    assert run("import", str(DEMO_DIRECTORY)).startswith(f"{Service.objects.count()} added")
    assert run("demo") == f"0 added, 0 changed, {Service.objects.count()} unchanged.\n"


@pytest.mark.django_db
def test_a_broken_file_names_the_row_and_field_and_imports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "services.csv"
    path.write_text("name,provider,pathways\nHub,Trust,housing\nBad,Trust,knitting\n")
    with pytest.raises(CommandError) as error:
        run("import", str(path))
    assert "line 3, pathways: 'knitting' is not a pathway" in str(error.value)
    assert not Service.objects.exists()


def test_validate_touches_no_database(tmp_path: Path) -> None:
    assert "is valid" in run("validate", str(DEMO_DIRECTORY))
    with pytest.raises(CommandError, match="There is no file"):
        run("validate", str(tmp_path / "missing.csv"))

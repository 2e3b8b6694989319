"""The shipped offence catalogue and the importer's validation."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from checkpoint.audit.models import AuditEvent
from checkpoint.domain.offences import ModeOfTrial, OffenceFamily
from checkpoint.offences.catalogue import (
    COLUMNS,
    DEFAULT_CATALOGUE,
    CatalogueInvalid,
    read_catalogue,
)
from checkpoint.offences.models import Offence
from checkpoint.offences.services import offence_catalogue_import

HEADER = ",".join(COLUMNS)


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "catalogue.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_shipped_catalogue_is_valid_and_covers_the_schemes() -> None:
    rows = read_catalogue(DEFAULT_CATALOGUE)
    assert len(rows) >= 60
    assert all(r.source and r.legislation for r in rows)
    families = {r.family for r in rows}
    for needed in (
        OffenceFamily.THEFT,
        OffenceFamily.ASSAULT,
        OffenceFamily.DRUG_POSSESSION,
        OffenceFamily.DRUG_SUPPLY,
        OffenceFamily.PUBLIC_ORDER,
        OffenceFamily.CRIMINAL_DAMAGE,
        OffenceFamily.HARASSMENT,
    ):
        assert needed in families
    by_code = {r.code: r for r in rows}
    # Facts the legal clocks depend on (Criminal Justice Act 1988 s39; OAPA 1861 s47).
    assert by_code["ASSAULT-COMMON"].mode_of_trial is ModeOfTrial.SUMMARY_ONLY
    assert by_code["ASSAULT-ABH"].mode_of_trial is ModeOfTrial.EITHER_WAY


@pytest.mark.django_db
def test_import_is_idempotent_and_audited() -> None:
    first = offence_catalogue_import(actor=None, path=DEFAULT_CATALOGUE)
    second = offence_catalogue_import(actor=None, path=DEFAULT_CATALOGUE)
    assert first.created == Offence.objects.count() and first.created >= 60
    assert (second.created, second.updated) == (0, 0)
    assert AuditEvent.objects.filter(verb="offences.import").count() == 2


@pytest.mark.django_db
def test_import_updates_by_code(tmp_path: Path) -> None:
    row = "X-1,Test theft,theft,either_way,49,,Theft Act 1968 s1,no,test"
    offence_catalogue_import(actor=None, path=write(tmp_path, row))
    changed = offence_catalogue_import(
        actor=None, path=write(tmp_path, row.replace(",no,", ",yes,"))
    )
    assert changed.updated == 1 and Offence.objects.get(code="X-1").default_serious


@pytest.mark.django_db
def test_a_broken_file_names_line_and_field_and_imports_nothing(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "GOOD-1,Fine,theft,either_way,,,Theft Act 1968 s1,no,test",
        "BAD-1,Broken,thieving,sometimes,,7,Act,maybe,test",
        "GOOD-1,Again,theft,either_way,,,Theft Act 1968 s1,no,test",
    )
    with pytest.raises(CatalogueInvalid) as caught:
        offence_catalogue_import(actor=None, path=path)
    message = str(caught.value)
    assert "line 3, family: 'thieving' is not a known family" in message
    assert "line 3, mode_of_trial: 'sometimes'" in message
    assert "line 3, gravity_score: '7' is not 1, 2, 3 or 4" in message
    assert "line 3, default_serious: 'maybe' is not yes or no" in message
    assert "line 4, code: 'GOOD-1' repeats line 2" in message
    assert not Offence.objects.exists()


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("code,title\nA,B\n", encoding="utf-8")
    with pytest.raises(CatalogueInvalid, match="family: column is missing"):
        read_catalogue(path)


@pytest.mark.django_db
def test_command_reports_errors_clearly(tmp_path: Path, capsys) -> None:
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("offences", "import", str(write(tmp_path, "A,,theft,x,,,L,no,s")))
    call_command("offences", "import")
    assert "added" in capsys.readouterr().out

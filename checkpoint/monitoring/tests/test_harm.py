"""Harm tables: the user's Cambridge CHI copy and the shipped indicative table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checkpoint.audit.models import AuditEvent
from checkpoint.monitoring.harm import (
    INDICATIVE_LABEL,
    HarmTableInvalid,
    harm_table_load,
    harm_weight,
    indicative_weights,
    xlsx_supported,
)


def test_indicative_table_is_labelled_and_cites_every_row():
    weights = indicative_weights()
    assert weights["34B"] == Decimal("365.00")
    assert "indicative, not the Cambridge CHI" in INDICATIVE_LABEL
    from checkpoint.monitoring.harm import INDICATIVE_TABLE

    text = INDICATIVE_TABLE.read_text(encoding="utf-8")
    assert "not the Cambridge CHI" in text
    body = [line for line in text.splitlines()[1:] if line and not line.startswith("#")]
    assert all("Sentencing" in line for line in body[1:])


@pytest.mark.django_db
def test_fallback_lookup_without_a_loaded_table():
    weight = harm_weight("34B")
    assert weight is not None and weight.days == Decimal("365.00")
    assert weight.table == INDICATIVE_LABEL
    assert harm_weight("46") is None  # not in the indicative table: counted, not weighed
    assert harm_weight("") is None


@pytest.mark.django_db
def test_loading_a_chi_copy_with_mapped_columns(force, tmp_path):
    path = tmp_path / "chi.csv"
    path.write_text(
        "HO code,Offence,Days\n46,Shoplifting,1.5\n34B,Robbery personal,365\n\n",
        encoding="utf-8",
    )
    table = harm_table_load(
        actor=force.administrator,
        path=path,
        name="Cambridge Crime Harm Index",
        version="2020",
        columns={"ho_code": "HO code", "category": "Offence", "days": "Days"},
    )
    assert table.active and not table.indicative
    assert table.weights.count() == 2
    weight = harm_weight("46")
    assert weight is not None and weight.days == Decimal("1.50")
    assert weight.table == "Cambridge Crime Harm Index 2020"
    assert AuditEvent.objects.filter(verb="harm_table.load").exists()
    again = harm_table_load(
        actor=None,
        path=path,
        name="CHI",
        version="2021",
        columns={"ho_code": "HO code", "category": "Offence", "days": "Days"},
    )
    table.refresh_from_db()
    assert again.active and not table.active


@pytest.mark.django_db
def test_a_bad_harm_table_loads_nothing(tmp_path):
    path = tmp_path / "chi.csv"
    path.write_text(
        "Home Office Offence Code,Offence Category,Harm Index (Days)\n46,Shop,lots\n",
        encoding="utf-8",
    )
    with pytest.raises(HarmTableInvalid, match="line 2, Harm Index"):
        harm_table_load(actor=None, path=path, name="CHI", version="x")
    assert harm_weight("34B").table == INDICATIVE_LABEL


@pytest.mark.skipif(xlsx_supported(), reason="openpyxl is installed")
@pytest.mark.django_db
def test_xlsx_without_openpyxl_asks_for_csv(tmp_path):
    path = tmp_path / "chi.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(HarmTableInvalid, match="save the sheet as CSV"):
        harm_table_load(actor=None, path=path, name="CHI", version="x")


@pytest.mark.django_db
def test_harm_command_loads_a_table(force, tmp_path):
    import io
    import json

    from django.core.management import call_command

    path = tmp_path / "chi.csv"
    path.write_text("code,days\n46,1.5\n", encoding="utf-8")
    out = io.StringIO()
    call_command(
        "feed",
        "harm",
        str(path),
        "--version",
        "2020",
        "--column",
        "ho_code=code",
        "--column",
        "days=days",
        "--as",
        "admin",
        stdout=out,
    )
    assert json.loads(out.getvalue().strip().splitlines()[-1])["label"].endswith("2020")
    assert harm_weight("46").days == Decimal("1.50")

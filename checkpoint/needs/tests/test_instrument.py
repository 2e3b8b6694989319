"""Instrument files: the shipped one loads; broken ones name the file, field and problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from checkpoint.domain.errors import DomainError
from checkpoint.needs.instrument import (
    INSTRUMENT_DIR,
    InstrumentInvalid,
    current_instrument,
    instrument_named,
    load_instrument,
)

SHIPPED = INSTRUMENT_DIR / "self-report-v1.toml"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_instrument_is_the_default() -> None:
    loaded = current_instrument()
    assert loaded.instrument.label == "self-report v1"
    assert loaded.path == SHIPPED and len(loaded.sha256) == 64
    assert instrument_named("self-report", 1) == loaded


def test_a_typo_names_the_file_and_the_field(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace("max_missing = 2", "max_mising = 2", 1)
    path = write(tmp_path, "self-report-v1.toml", text)
    with pytest.raises(InstrumentInvalid) as error:
        load_instrument(path)
    message = str(error.value)
    assert "self-report-v1.toml is not a valid self-report instrument" in message
    assert "subscales[attitudes].max_mising: is not a setting an instrument can have" in message
    assert "subscales[attitudes].max_missing: is required" in message


def test_cross_checks_name_the_item(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace(
        'subscale = "problems"', 'subscale = "problem"', 1
    )
    path = write(tmp_path, "self-report-v1.toml", text)
    with pytest.raises(InstrumentInvalid, match=r"items\.8\.subscale: 'problem' is not a subscale"):
        load_instrument(path)


def test_bad_toml_and_a_wrong_file_name(tmp_path: Path) -> None:
    with pytest.raises(
        InstrumentInvalid,
        match=r"broken-v1\.toml is not a valid self-report instrument:\n  not valid TOML",
    ):
        load_instrument(write(tmp_path, "broken-v1.toml", "[instrument\n"))
    renamed = write(tmp_path, "other-v2.toml", SHIPPED.read_text(encoding="utf-8"))
    with pytest.raises(InstrumentInvalid, match=r"must be called self-report-v1\.toml"):
        load_instrument(renamed)


def test_the_setting_chooses_the_instrument(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace("version = 1", "version = 2", 1)
    write(tmp_path, "self-report-v2.toml", text)
    with override_settings(
        CHECKPOINT_SELF_REPORT_DIR=tmp_path, CHECKPOINT_SELF_REPORT_INSTRUMENT="self-report-v2"
    ):
        assert current_instrument().instrument.version == 2
        with pytest.raises(DomainError, match="self-report v1 is not installed"):
            instrument_named("self-report", 1)
    with (
        override_settings(CHECKPOINT_SELF_REPORT_INSTRUMENT="nothing-v9"),
        pytest.raises(DomainError, match="'nothing-v9' is not installed"),
    ):
        current_instrument()

"""Loading condition catalogues: the shipped one, and errors that name file, field and problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from checkpoint.contracts.catalogue import (
    CATALOGUE_DIR,
    CatalogueInvalid,
    catalogue_named,
    load_all,
    load_catalogue,
    parse_catalogue,
)
from checkpoint.domain.errors import DomainError
from checkpoint.policies.loader import load_all as load_policies

GOOD = """
[catalogue]
name = "mini"
title = "Mini"
version = 3

[[conditions]]
code = "no_reoffending"
title = "Do not reoffend"
category = "no_reoffending"
due_required = false
wording = "You will not commit any crime."
[conditions.completion]
kind = "no_new_offence"
"""


def test_every_shipped_policy_names_a_shipped_catalogue() -> None:
    names = {p.policy.casework.conditions_catalogue for p in load_policies().values()}
    catalogues = load_all(CATALOGUE_DIR)
    assert names <= set(catalogues)
    loaded = catalogue_named("checkpoint-conditions")
    assert loaded.version == 1 and len(loaded.sha256) == 64


def test_errors_name_the_file_the_condition_and_the_field() -> None:
    broken = GOOD.replace('kind = "no_new_offence"', 'kind = "no_new_offence"\ncolour = "red"')
    broken += """
[[conditions]]
code = "unpaid_work"
title = "Unpaid work"
category = "community"
wording = "You will do {hours} hours."
[conditions.completion]
kind = "hours_logged"
target = "hours"
"""
    with pytest.raises(CatalogueInvalid) as caught:
        parse_catalogue(broken, source="mini.toml")
    text = str(caught.value)
    assert text.startswith("mini.toml is not a valid condition catalogue:")
    assert "conditions[no_reoffending].completion.colour: is not a setting" in text
    assert "conditions[unpaid_work]: the wording uses placeholders that are not parameters" in text


def test_missing_fields_and_bad_toml() -> None:
    with pytest.raises(CatalogueInvalid, match=r"catalogue\.version: is required"):
        parse_catalogue(GOOD.replace("version = 3", ""), source="mini.toml")
    with pytest.raises(CatalogueInvalid, match="not valid TOML"):
        parse_catalogue("[catalogue", source="mini.toml")


def test_the_name_must_match_the_file(tmp_path: Path) -> None:
    path = tmp_path / "other.toml"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(CatalogueInvalid, match="must match the file name 'other'"):
        load_catalogue(path)


def test_a_force_can_keep_its_own_catalogues(tmp_path: Path) -> None:
    (tmp_path / "mini.toml").write_text(GOOD, encoding="utf-8")
    with override_settings(CHECKPOINT_CONDITIONS_DIR=tmp_path):
        assert catalogue_named("mini").catalogue.label == "mini v3"
        with pytest.raises(DomainError, match="Known catalogues: mini"):
            catalogue_named("checkpoint-conditions")

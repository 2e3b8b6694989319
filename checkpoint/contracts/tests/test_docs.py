"""The contracts guide names every key a catalogue file can hold."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from checkpoint.domain.contracts import (
    Catalogue,
    CatalogueMeta,
    Completion,
    ConditionSpec,
    Parameter,
    RuleKind,
)

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "contracts.md"


def test_the_guide_documents_every_catalogue_key_and_rule() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    models: list[type[BaseModel]] = [Catalogue, CatalogueMeta, ConditionSpec, Parameter, Completion]
    missing = [
        f"{model.__name__}.{name}"
        for model in models
        for name in model.model_fields
        # Tables are documented by their TOML header: `[catalogue]`, `[[conditions]]`.
        if f"`{name}`" not in text and f"[{name}]" not in text
    ]
    missing += [kind.value for kind in RuleKind if f"`{kind.value}`" not in text]
    assert missing == []

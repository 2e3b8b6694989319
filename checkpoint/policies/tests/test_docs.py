"""The policy and screening guides name every key of the schemas they document."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from checkpoint.domain.policy import Policy
from checkpoint.domain.screening import ScreeningInput

DOCS = Path(__file__).resolve().parents[3] / "docs"


def _model_in(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """Return the model inside `M`, `M | None` or `list[M]`, and whether it is a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    for arg in typing.get_args(annotation):
        model, _ = _model_in(arg)
        if model is not None:
            return model, typing.get_origin(annotation) is list
    return None, False


def leaves(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Return every leaf field as a path: `history.conviction_dates`, `offences[].code`."""
    found = set()
    for name, info in model.model_fields.items():
        inner, is_list = _model_in(info.annotation)
        if inner is None:
            found.add(f"{prefix}{name}")
        else:
            found |= leaves(inner, f"{prefix}{name}{'[]' if is_list else ''}.")
    return found


def test_policies_guide_documents_every_section_and_key() -> None:
    text = (DOCS / "policies.md").read_text(encoding="utf-8")
    wanted = {f"`[{name}]`" for name in Policy.model_fields}
    # Keys are documented by name inside their section's table.
    wanted |= {f"`{path.rsplit('.', 1)[-1]}`" for path in leaves(Policy)}
    assert sorted(w for w in wanted if w not in text) == []


def test_screening_guide_documents_every_input_field() -> None:
    text = (DOCS / "screening.md").read_text(encoding="utf-8")
    wanted = leaves(ScreeningInput)
    assert "offences[].code" in wanted and "drug_supply.drug_class" in wanted
    assert sorted(p for p in wanted if f"`{p}`" not in text) == []

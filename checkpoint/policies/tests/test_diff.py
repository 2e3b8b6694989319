"""Policy diffs in plain words: the shipped versions, and every field of the schema."""

from __future__ import annotations

import types
import typing
from datetime import date, timedelta
from enum import Enum
from functools import cache
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from checkpoint.domain.policy import Policy, SpecificTerm
from checkpoint.policies.diff import NO_DIFFERENCES, WORDING, describe_changes
from checkpoint.policies.loader import policy_named

SHIPPED = ["checkpoint-2015", "checkpoint-2018", "checkpoint-dart", "turning-point"]


@cache
def shipped(name: str) -> Policy:
    return policy_named(name).policy


def leaf_fields(model: type[BaseModel], prefix: str = "") -> dict[str, Any]:
    """Return every leaf field of the schema (dotted path → annotation), found independently."""
    leaves: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            leaves.update(leaf_fields(annotation, f"{prefix}{name}."))
        else:
            leaves[f"{prefix}{name}"] = annotation
    return leaves


LEAVES = leaf_fields(Policy)


def _inner(annotation: Any) -> Any:
    """Return T from `T | None`, or the annotation itself."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return next(a for a in typing.get_args(annotation) if a is not type(None))
    return annotation


def changed_value(value: Any, annotation: Any, attempt: int = 0) -> Any:
    """Return a different value of the field's type (a second attempt for unset numbers)."""
    kind = _inner(annotation)
    if isinstance(value, bool):
        return not value
    if value is None:
        # Unset limits have ranges (gravity 1-4, ages 10 and over): try a small and a large one.
        return {int: (2, 30)[attempt], date: date(2031, 1, 1)}[kind]
    if isinstance(value, Enum):
        return next(m for m in type(value) if m is not value)
    if isinstance(value, int):
        return value + 1
    if isinstance(value, date):
        return value + timedelta(days=1)
    if isinstance(value, str):
        return f"{value}-changed"
    if isinstance(value, list):
        (item,) = typing.get_args(kind)
        if item is SpecificTerm:
            extra = SpecificTerm(code="THEFT-FROM-SHOP", clause="shop theft terms", question="Q?")
            return [*value, extra]
        if isinstance(item, type) and issubclass(item, Enum):
            missing = [m for m in item if m not in value]
            return [*value, missing[0]] if missing else value[1:]
        return [*value, "A new entry"]
    raise AssertionError(f"no mutation for {value!r}")


def with_change(base: Policy, path: str) -> Policy | None:
    """Return the base policy with one field changed, or None if that breaks a validator."""
    for attempt in (0, 1):
        data = base.model_dump()
        *sections, leaf = path.split(".")
        target = data
        for section in sections:
            target = target[section]
        target[leaf] = changed_value(target[leaf], LEAVES[path], attempt)
        try:
            return Policy.model_validate(data)
        except ValidationError:
            continue
    return None


def test_every_schema_field_has_hand_written_wording() -> None:
    assert set(LEAVES) == set(WORDING)


@pytest.mark.parametrize("path", sorted(LEAVES))
def test_every_field_change_produces_a_sentence(path: str) -> None:
    tried = 0
    for name in SHIPPED:
        base = shipped(name)
        changed = with_change(base, path)
        if changed is None:
            continue
        tried += 1
        assert changed != base
        for sentences in (describe_changes(base, changed), describe_changes(changed, base)):
            assert sentences and NO_DIFFERENCES not in sentences
            assert all(s.endswith(".") and len(s) > 10 for s in sentences)
    assert tried, f"no shipped policy accepts a change to {path}"


def test_checkpoint_2015_to_2018_names_the_drug_additions() -> None:
    sentences = describe_changes(shipped("checkpoint-2015"), shipped("checkpoint-2018"))
    assert "Offence families added: drug possession, drug production." in sentences
    assert any(
        s.startswith("Drug supply: now allowed (classes A, B, C; supervisor approval required)")
        for s in sentences
    )
    assert any(s.startswith("Specific terms added for drug production:") for s in sentences)
    assert "In force from: 1 April 2015 → 1 December 2017." in sentences


def test_later_versions_in_plain_words() -> None:
    dart = describe_changes(shipped("checkpoint-2018"), shipped("checkpoint-dart"))
    assert "Domestic-related offences: excluded → standard or medium risk only." in dart
    assert "In force until: 31 March 2020 → no end date." in dart
    tp = describe_changes(shipped("checkpoint-dart"), shipped("turning-point"))
    assert "History: at most 1 previous conviction (was no limit)." in tp
    assert "History: no convictions in the last 5 years (was no limit on recent convictions)." in tp
    assert "Drug supply: no longer allowed." in tp
    assert "Cases with a co-accused: no longer excluded." in tp


@pytest.mark.parametrize("name", SHIPPED)
def test_identical_policies_have_no_differences(name: str) -> None:
    assert describe_changes(shipped(name), shipped(name)) == [NO_DIFFERENCES]


def test_scalars_say_old_and_new_with_their_unit() -> None:
    base = shipped("checkpoint-dart")
    longer = base.model_copy(
        update={"clocks": base.clocks.model_copy(update={"contract_months": 6})}
    )
    assert describe_changes(base, longer) == ["Contract length: 4 → 6 months."]
    unlimited = base.model_copy(
        update={"offences": base.offences.model_copy(update={"max_age_months": None})}
    )
    assert describe_changes(base, unlimited) == [
        "Maximum offence age at decision: 3 months → no limit."
    ]


def test_specific_terms_are_compared_by_family_or_code() -> None:
    base = shipped("checkpoint-dart")
    terms = list(base.offences.specific_terms)
    reworded = terms[0].model_copy(update={"clause": "any burglary on the force's terms"})
    by_code = SpecificTerm(
        code="THEFT-FROM-SHOP", clause="shop theft under £200 only", question="Under £200?"
    )

    def with_terms(new: list[SpecificTerm]) -> Policy:
        return base.model_copy(
            update={"offences": base.offences.model_copy(update={"specific_terms": new})}
        )

    assert describe_changes(base, with_terms([reworded, *terms[1:]])) == [
        "Specific terms for burglary changed: clause 'residential burglary only on the "
        "scheme's specific terms' → 'any burglary on the force's terms'."
    ]
    assert describe_changes(base, with_terms([*terms, by_code])) == [
        "Specific terms added for offence THEFT-FROM-SHOP: shop theft under £200 only."
    ]
    assert describe_changes(base, with_terms(terms[1:])) == [
        "Specific terms removed for burglary (were: residential burglary only on the scheme's "
        "specific terms)."
    ]
    assert describe_changes(base, with_terms(list(reversed(terms)))) == [
        "Specific terms: the same terms, listed differently."
    ]


@given(
    name=st.sampled_from(SHIPPED),
    paths=st.lists(st.sampled_from(sorted(LEAVES)), unique=True, max_size=6),
)
def test_no_differences_exactly_when_equal(name: str, paths: list[str]) -> None:
    policy: Policy | None = shipped(name)
    for path in paths:
        assert policy is not None
        policy = with_change(policy, path)
        assume(policy is not None)
    assert policy is not None
    sentences = describe_changes(shipped(name), policy)
    assert (sentences == [NO_DIFFERENCES]) == (policy == shipped(name))
    assert len(sentences) == len(set(sentences)), "a change is reported twice"

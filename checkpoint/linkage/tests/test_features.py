"""Pure linkage features and routing: no database."""

from __future__ import annotations

from datetime import date

import pytest

from checkpoint.linkage import engine
from checkpoint.linkage.decide import Pair, best_per_person, route
from checkpoint.linkage.features import canonical_given, normalise, record_features, soundex


@pytest.mark.parametrize(
    ("raw", "folded"),
    [("Smith-Jones", "smithjones"), ("O'Neill", "oneill"), ("  JOSÉ  maria ", "jose maria")],
)
def test_normalise_folds_case_accents_and_punctuation(raw: str, folded: str) -> None:
    assert normalise(raw) == folded


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("robert", "R163"),
        ("rupert", "R163"),
        ("ashcraft", "A261"),
        ("smith", "S530"),
        ("smyth", "S530"),
        ("tymczak", "T522"),
        ("pfister", "P236"),
        ("", ""),
    ],
)
def test_soundex_follows_the_standard_rules(name: str, code: str) -> None:
    assert soundex(name) == code


def test_nicknames_resolve_to_one_form() -> None:
    assert canonical_given("bill") == canonical_given("william") == "william"
    assert canonical_given("jon") == "john"


def _row(uid: str, given: str, family: str, born: date | None, sex: str = "male") -> dict:
    return record_features(
        unique_id=uid, given_names=given, family_name=family, date_of_birth=born, sex=sex
    )


def test_features_frame_matches_row_by_row_features() -> None:
    rows = [_row("a", "Jon Paul", "Smy-th", date(1990, 3, 12)), _row("b", "", "X", None, "")]
    bulk = engine.features_frame(
        ids=["a", "b"],
        given_names=["Jon Paul", ""],
        family_names=["Smy-th", "X"],
        dates_of_birth=["1990-03-12", None],
        sexes=["male", ""],
        areas=[None, None],
    )
    assert engine.frame(rows).equals(bulk)


def test_default_model_scores_a_transposed_birth_date_and_typos_highly() -> None:
    query = _row("q", "Jon", "Smyth", date(1990, 3, 12))
    same = _row("p", "John", "Smith", date(1990, 12, 3))
    other = _row("o", "Mary", "Jones", date(1990, 3, 12), "female")
    scored = {
        p.right_id: p for p in engine.score_pairs([query], [same, other], engine.settings_dict())
    }
    assert scored["p"].probability > 0.6 > scored["o"].probability
    assert "date of birth with day and month swapped" in scored["p"].reasons
    assert "family name sounds the same" in scored["p"].reasons


def test_swapped_names_are_recognised() -> None:
    query = _row("q", "Smith", "John", date(1990, 3, 12))
    same = _row("p", "John", "Smith", date(1990, 3, 12))
    [pair] = engine.score_pairs([query], [same], engine.settings_dict())
    assert pair.probability > 0.95
    assert "given and family names swapped" in pair.reasons


def test_routing_links_the_clear_best_and_queues_the_band() -> None:
    pairs = [
        Pair(1, 10, 0.99),  # clear: auto
        Pair(2, 20, 0.80),  # band: review
        Pair(3, 30, 0.30),  # below: nothing
        Pair(4, 40, 0.97),  # two strong candidates: a person decides
        Pair(4, 41, 0.96),
    ]
    routing = route(pairs, auto_link=0.95, review=0.6, records=[1, 2, 3, 4, 5])
    assert [(p.record, p.person) for p in routing.auto] == [(1, 10)]
    assert {(p.record, p.person) for p in routing.review} == {(2, 20), (4, 40), (4, 41)}
    assert routing.unmatched == 2


def test_routing_never_reasks_a_decided_pair() -> None:
    routing = route(
        [Pair(2, 20, 0.8), Pair(1, 10, 0.99)],
        auto_link=0.95,
        review=0.6,
        decided={(2, 20), (1, 10)},
    )
    assert routing.auto == [] and routing.review == []


def test_aliases_collapse_to_the_best_score_per_person() -> None:
    assert best_per_person([(1, 10, 0.2), (1, 10, 0.9), (1, 11, 0.5)]) == [
        Pair(1, 10, 0.9),
        Pair(1, 11, 0.5),
    ]

"""Pathways, status changes, referral statuses and self-report scoring (no database)."""

from __future__ import annotations

import itertools
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from checkpoint.domain.errors import DomainError
from checkpoint.domain.needs import (
    PATHWAY_STATUS_CHANGES,
    REFERRAL_STATUS_CHANGES,
    Direction,
    Instrument,
    NeedLevel,
    Pathway,
    PathwayStatus,
    ReferralStatus,
    ScoreChange,
    check_pathway_need,
    check_pathway_status_change,
    check_referral_status_change,
    initial_pathway_status,
    pathway_status_options,
    score_changes,
    score_self_report,
)

SHIPPED = Path(__file__).resolve().parents[2] / "needs" / "data" / "self-report-v1.toml"


def instrument_data(**patch: Any) -> dict[str, Any]:
    """A small valid instrument: two subscales of three items, one reversed in each."""
    data: dict[str, Any] = {
        "instrument": {
            "name": "tiny",
            "version": 1,
            "title": "Tiny",
            "source": "Written for the tests",
            "instructions": "Say how much you agree.",
        },
        "scale": {"min": 1, "max": 5, "labels": ["1", "2", "3", "4", "5"]},
        "subscales": [
            {"code": "attitudes", "label": "Attitudes", "max_missing": 1},
            {"code": "problems", "label": "Problems", "max_missing": 0},
        ],
        "items": [
            {"code": "a1", "subscale": "attitudes", "text": "A one"},
            {"code": "a2", "subscale": "attitudes", "text": "A two", "reverse": True},
            {"code": "a3", "subscale": "attitudes", "text": "A three"},
            {"code": "p1", "subscale": "problems", "text": "P one"},
            {"code": "p2", "subscale": "problems", "text": "P two", "reverse": True},
            {"code": "p3", "subscale": "problems", "text": "P three"},
        ],
    }
    data.update(patch)
    return data


TINY = Instrument.model_validate(instrument_data())


# Pathways and their statuses.


def test_the_nine_pathways_of_the_trial_registration() -> None:
    assert [p.value for p in Pathway] == [
        "alcohol",
        "drugs",
        "housing",
        "mental_health",
        "sexual_exploitation",
        "physical_health",
        "finances",
        "employment",
        "relationships",
    ]
    assert all(p.label for p in Pathway)
    assert Pathway.MENTAL_HEALTH.label == "Mental health"


STATUS_PAIRS = list(itertools.product([None, *PathwayStatus], PathwayStatus))


@pytest.mark.parametrize(("current", "new"), STATUS_PAIRS)
def test_every_pathway_status_change_is_allowed_exactly_when_the_table_says(
    current: PathwayStatus | None, new: PathwayStatus
) -> None:
    allowed = new in PATHWAY_STATUS_CHANGES[current]
    if allowed:
        check_pathway_status_change(Pathway.HOUSING, current, new, "a note")
    else:
        with pytest.raises(DomainError, match="Housing: the status is"):
            check_pathway_status_change(Pathway.HOUSING, current, new, "a note")


def test_a_pathway_is_never_done_without_being_worked_on_and_never_changes_to_itself() -> None:
    assert PathwayStatus.DONE not in PATHWAY_STATUS_CHANGES[None]
    for status in PathwayStatus:
        assert status not in PATHWAY_STATUS_CHANGES[status]


def test_the_refusal_says_what_the_status_can_become() -> None:
    with pytest.raises(DomainError) as error:
        check_pathway_status_change(Pathway.DRUGS, None, PathwayStatus.DONE, "")
    assert "not yet set" in str(error.value)
    assert "'support required'" in str(error.value) and "'in progress'" in str(error.value)


@pytest.mark.parametrize(
    ("current", "new"),
    [
        (None, PathwayStatus.SUPPORT_DECLINED),
        (PathwayStatus.SUPPORT_REQUIRED, PathwayStatus.SUPPORT_DECLINED),
        (PathwayStatus.IN_PROGRESS, PathwayStatus.SUPPORT_REQUIRED),
        (PathwayStatus.DONE, PathwayStatus.SUPPORT_REQUIRED),
    ],
)
def test_declines_and_setbacks_need_a_note(
    current: PathwayStatus | None, new: PathwayStatus
) -> None:
    with pytest.raises(DomainError, match="add a note"):
        check_pathway_status_change(Pathway.FINANCES, current, new, "  ")
    check_pathway_status_change(Pathway.FINANCES, current, new, "Said no for now")


def test_options_follow_the_enum_order() -> None:
    assert pathway_status_options(PathwayStatus.SUPPORT_REQUIRED) == [
        PathwayStatus.SUPPORT_DECLINED,
        PathwayStatus.IN_PROGRESS,
        PathwayStatus.DONE,
    ]


def test_support_cannot_be_wanted_for_no_need() -> None:
    with pytest.raises(DomainError, match="Alcohol: choose a level of need"):
        check_pathway_need(Pathway.ALCOHOL, NeedLevel.NONE, True)
    check_pathway_need(Pathway.ALCOHOL, NeedLevel.NONE, False)
    check_pathway_need(Pathway.ALCOHOL, NeedLevel.LOW, True)


@pytest.mark.parametrize(
    ("level", "wanted", "status"),
    [
        (NeedLevel.NONE, False, None),
        (NeedLevel.LOW, True, PathwayStatus.SUPPORT_REQUIRED),
        (NeedLevel.HIGH, False, PathwayStatus.SUPPORT_DECLINED),
    ],
)
def test_an_assessment_gives_a_first_status(
    level: NeedLevel, wanted: bool, status: PathwayStatus | None
) -> None:
    assert initial_pathway_status(level, wanted) is status


# Referral statuses.


@pytest.mark.parametrize(("current", "new"), list(itertools.product(ReferralStatus, repeat=2)))
def test_every_referral_status_change_is_allowed_exactly_when_the_table_says(
    current: ReferralStatus, new: ReferralStatus
) -> None:
    if new in REFERRAL_STATUS_CHANGES[current]:
        check_referral_status_change(current, new, "what happened")
    else:
        with pytest.raises(DomainError, match="The referral is"):
            check_referral_status_change(current, new, "what happened")


def test_final_referral_statuses() -> None:
    assert {s for s in ReferralStatus if s.is_final} == {
        ReferralStatus.DECLINED,
        ReferralStatus.COMPLETED,
        ReferralStatus.WITHDRAWN,
    }
    with pytest.raises(DomainError, match="final: make a new referral"):
        check_referral_status_change(ReferralStatus.COMPLETED, ReferralStatus.SENT, "")


@pytest.mark.parametrize(
    ("current", "new", "message"),
    [
        (ReferralStatus.SENT, ReferralStatus.DECLINED, "Say why the referral was declined"),
        (ReferralStatus.ACCEPTED, ReferralStatus.WITHDRAWN, "Say why the referral was withdrawn"),
        (ReferralStatus.ATTENDED, ReferralStatus.COMPLETED, "Record the outcome"),
    ],
)
def test_endings_need_words(current: ReferralStatus, new: ReferralStatus, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        check_referral_status_change(current, new, " ")


# The instrument schema.


def test_the_shipped_instrument_is_valid_and_says_whose_items_they_are() -> None:
    shipped = Instrument.model_validate(tomllib.loads(SHIPPED.read_text(encoding="utf-8")))
    assert shipped.label == "self-report v1"
    assert len(shipped.items) == 16
    assert {s.code for s in shipped.subscales} == {"attitudes", "problems"}
    assert all(len(shipped.items_in(s.code)) == 8 for s in shipped.subscales)
    assert any(i.reverse for i in shipped.items)
    assert "not Crime-PICS II" in shipped.instrument.source
    assert "Crime-PICS II" in SHIPPED.read_text(encoding="utf-8").split("[instrument]")[0]


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"scale": {"min": 1, "max": 5, "labels": ["a", "b"]}}, "one label per point"),
        ({"scale": {"min": 3, "max": 3, "labels": ["a"]}}, "max must be greater than min"),
        (
            {
                "subscales": [
                    {"code": "attitudes", "label": "A", "max_missing": 3},
                    {"code": "problems", "label": "P", "max_missing": 0},
                ]
            },
            "would let 'attitudes' be scored with no answers",
        ),
        (
            {"subscales": [{"code": "attitudes", "label": "A", "max_missing": 0}]},
            "'problems' is not a subscale",
        ),
        (
            {
                "subscales": [
                    {"code": "attitudes", "label": "A", "max_missing": 0},
                    {"code": "problems", "label": "P", "max_missing": 0},
                    {"code": "empty", "label": "E", "max_missing": 0},
                ]
            },
            "'empty' has no items",
        ),
    ],
)
def test_an_inconsistent_instrument_is_refused(patch: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Instrument.model_validate(instrument_data(**patch))


def test_repeated_item_codes_are_refused() -> None:
    data = instrument_data()
    data["items"].append({"code": "a1", "subscale": "attitudes", "text": "Again"})
    with pytest.raises(ValidationError, match="item 'a1' is defined more than once"):
        Instrument.model_validate(data)


def test_unknown_keys_are_refused() -> None:
    data = instrument_data()
    data["items"][0]["revers"] = True
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Instrument.model_validate(data)


# Scoring.


def test_full_answers_sum_with_reverse_scored_items_turned_round() -> None:
    scored = score_self_report(TINY, {"a1": 5, "a2": 1, "a3": 4, "p1": 2, "p2": 5, "p3": 3})
    # a2 reversed: 6 - 1 = 5; p2 reversed: 6 - 5 = 1.
    assert scored.subscales["attitudes"].score == 14
    assert scored.subscales["problems"].score == 6
    assert scored.subscales["problems"].as_json() == {
        "score": 6,
        "answered": 3,
        "missing": 0,
        "items": 3,
    }


def test_missing_items_within_the_limit_are_prorated() -> None:
    scored = score_self_report(TINY, {"a1": 5, "a2": None, "a3": 4, "p1": 1, "p2": 5, "p3": 1})
    attitudes = scored.subscales["attitudes"]
    assert attitudes.score == 13.5  # mean 4.5 of the two answered, times 3 items
    assert (attitudes.answered, attitudes.missing) == (2, 1)
    assert scored.answers["a2"] is None


def test_too_many_missing_items_leave_the_subscale_unscored() -> None:
    scored = score_self_report(TINY, {"a1": 5, "p1": 1, "p2": 5})
    assert scored.subscales["attitudes"].score is None  # two missing, one allowed
    assert scored.subscales["problems"].score is None  # one missing, none allowed
    assert scored.subscales["attitudes"].answered == 1


def test_nothing_answered_scores_nothing() -> None:
    scored = score_self_report(TINY, {})
    assert all(s.score is None and s.answered == 0 for s in scored.subscales.values())


@pytest.mark.parametrize("bad", [0, 6, True, 2.5, "3"])
def test_an_answer_off_the_scale_is_refused_naming_the_item(bad: Any) -> None:
    with pytest.raises(DomainError, match="Item a1: the answer must be a whole number from 1 to 5"):
        score_self_report(TINY, {"a1": bad})


def test_an_unknown_item_is_refused() -> None:
    with pytest.raises(DomainError, match="tiny v1 has no item 'z9'"):
        score_self_report(TINY, {"z9": 3})


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=6, max_size=6))
def test_a_full_set_scores_within_the_range(values: list[int]) -> None:
    answers = dict(zip([i.code for i in TINY.items], values, strict=True))
    scored = score_self_report(TINY, answers)
    for sub in TINY.subscales:
        items = TINY.items_in(sub.code)
        expected = sum(6 - answers[i.code] if i.reverse else answers[i.code] for i in items)
        assert scored.subscales[sub.code].score == expected
        assert 3 <= expected <= 15


@pytest.mark.parametrize(
    ("start", "end", "change", "direction"),
    [
        (20.0, 14.0, -6.0, Direction.LOWER),
        (14.0, 20.5, 6.5, Direction.HIGHER),
        (18.0, 18.0, 0.0, Direction.SAME),
        (None, 18.0, None, Direction.NOT_COMPARABLE),
        (18.0, None, None, Direction.NOT_COMPARABLE),
    ],
)
def test_change_between_start_and_end(
    start: float | None, end: float | None, change: float | None, direction: Direction
) -> None:
    row = ScoreChange(code="attitudes", start=start, end=end)
    assert row.change == change and row.direction is direction


def test_score_changes_cover_every_subscale_in_order() -> None:
    rows = score_changes(["attitudes", "problems"], {"attitudes": 20.0}, {"attitudes": 15.0})
    assert [(r.code, r.change) for r in rows] == [("attitudes", -5.0), ("problems", None)]

"""Properties every policy must keep, over generated referrals."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from checkpoint.domain.eligibility import screen
from checkpoint.domain.screening import ExclusionsInput, Outcome, ScreeningInput

from .screening_cases import build, catalogue, policy

POLICIES = ["checkpoint-2015", "checkpoint-2018", "checkpoint-dart", "turning-point"]
RANK = {Outcome.INELIGIBLE: 0, Outcome.NEEDS_INFORMATION: 1, Outcome.ELIGIBLE: 2}
OFFENCES = [
    "THEFT-FROM-SHOP",
    "ASSAULT-COMMON",
    "ASSAULT-ABH",
    "PUBLIC-ORDER-S5",
    "DRUG-POSSESSION-CLASS-A",
    "BURGLARY-RESIDENTIAL",
    "ROBBERY-PERSONAL",
    "CRIMINAL-DAMAGE-VEHICLE",
    "HARASSMENT-S2",
    "DRINK-DRIVING",
]
EXCLUSION_FIELDS = list(ExclusionsInput.model_fields)
maybe = st.sampled_from([True, False, None])


@st.composite
def referrals(draw: st.DrawFn) -> ScreeningInput:
    patch: dict[str, Any] = {
        "person": {
            "date_of_birth": draw(st.sampled_from(["1990-03-12", "2009-06-01", None])),
            "lives_in_force_area": draw(maybe),
        },
        "offences": [
            {
                "code": draw(st.sampled_from(OFFENCES)),
                "committed_on": draw(
                    st.sampled_from(["2026-11-20", "2026-10-01", "2026-08-01", "2026-05-01"])
                ),
                "domestic_related": draw(maybe),
                "domestic_risk_grade": draw(st.sampled_from(["standard", "high", None])),
                "hate_crime": draw(st.sampled_from([False, False, True, None])),
            }
        ],
        "admission": draw(st.sampled_from(["admitted", "no_reply", "denied", None])),
        "evidential_test_met": draw(maybe),
        "exclusions": {
            name: draw(st.sampled_from([False, False, True, None])) for name in EXCLUSION_FIELDS
        },
        "victim": {
            "has_victim": draw(maybe),
            "views_recorded": draw(maybe),
            "opposes_diversion": draw(maybe),
        },
        "history": {"conviction_dates": draw(st.sampled_from([[], ["2024-01-01"], None]))},
        "specific_terms_confirmed": {"burglary": draw(st.booleans())},
    }
    return build(**patch)


@settings(max_examples=300, deadline=None)
@given(referrals(), st.sampled_from(POLICIES), st.sampled_from(EXCLUSION_FIELDS))
def test_adding_an_exclusion_never_improves_the_outcome(
    facts: ScreeningInput, name: str, exclusion: str
) -> None:
    before = screen(facts, policy(name), catalogue()).outcome
    worse = facts.model_copy(
        update={"exclusions": facts.exclusions.model_copy(update={exclusion: True})}
    )
    after = screen(worse, policy(name), catalogue()).outcome
    assert RANK[after] <= RANK[before]
    if before is Outcome.INELIGIBLE:
        assert after is Outcome.INELIGIBLE


@settings(max_examples=200, deadline=None)
@given(referrals(), st.sampled_from(POLICIES))
def test_the_same_inputs_always_give_the_same_decision(facts: ScreeningInput, name: str) -> None:
    first = screen(facts, policy(name), catalogue())
    again = screen(
        ScreeningInput.model_validate_json(facts.model_dump_json()), policy(name), catalogue()
    )
    assert first == again


@settings(max_examples=200, deadline=None)
@given(referrals(), st.sampled_from(POLICIES))
def test_every_rule_reports_and_failures_explain_the_outcome(
    facts: ScreeningInput, name: str
) -> None:
    result = screen(facts, policy(name), catalogue())
    assert (result.outcome is Outcome.INELIGIBLE) == bool(result.failures)
    if result.outcome is Outcome.NEEDS_INFORMATION:
        assert result.questions

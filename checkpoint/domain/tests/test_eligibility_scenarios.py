"""A scenario table across the four shipped policies; each row names the rule it exercises."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from checkpoint.domain.eligibility import screen
from checkpoint.domain.screening import Approval, Outcome, RuleStatus, ScreeningInput

from .screening_cases import build, catalogue, offence_row, policy

DART, C2015, C2018, TP = "checkpoint-dart", "checkpoint-2015", "checkpoint-2018", "turning-point"
SUPPLY = {"indicators": ["selling_to_fund_own_use"], "county_lines_link": False, "drug_class": "B"}


@dataclass(frozen=True)
class Scenario:
    """One row: a policy, a change to a clean referral, the outcome and the rule responsible."""

    name: str
    policy: str
    patch: dict[str, Any]
    outcome: Outcome
    rule_code: str | None = None
    approvals: tuple[Approval, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def offence(code: str, on: str = "2026-11-15", **flags: Any) -> list[dict[str, Any]]:
    return [offence_row(code, on, **flags)]


SCENARIOS = [
    # Baselines: a clean referral is eligible under every policy.
    Scenario("clean referral, current rules", DART, {}, Outcome.ELIGIBLE),
    Scenario("clean referral, 2015 rules", C2015, {}, Outcome.ELIGIBLE),
    Scenario("clean referral, 2018 rules", C2018, {}, Outcome.ELIGIBLE),
    Scenario("clean referral, Turning Point", TP, {}, Outcome.ELIGIBLE),
    # Age and residence.
    Scenario(
        "aged 17",
        DART,
        {"person": {"date_of_birth": "2009-01-01"}},
        Outcome.INELIGIBLE,
        "age.under_minimum",
    ),
    Scenario("18 today", DART, {"person": {"date_of_birth": "2008-11-25"}}, Outcome.ELIGIBLE),
    Scenario(
        "date of birth unknown",
        DART,
        {"person": {"date_of_birth": None}},
        Outcome.NEEDS_INFORMATION,
        "age.not_known",
    ),
    Scenario(
        "lives outside the area",
        DART,
        {"person": {"lives_in_force_area": False}},
        Outcome.INELIGIBLE,
        "residence.outside_area",
    ),
    Scenario(
        "residence unknown",
        C2015,
        {"person": {"lives_in_force_area": None}},
        Outcome.NEEDS_INFORMATION,
        "residence.not_known",
    ),
    Scenario(
        "offence outside the area",
        DART,
        {"offences": offence("THEFT-FROM-SHOP", in_force_area=False)},
        Outcome.INELIGIBLE,
        "offence_area.outside_area",
    ),
    # Offence age.
    Scenario(
        "offence three months old",
        DART,
        {"offences": offence("THEFT-FROM-SHOP", "2026-08-25")},
        Outcome.INELIGIBLE,
        "offence_age.too_old",
    ),
    Scenario(
        "offence a day under three months",
        DART,
        {"offences": offence("THEFT-FROM-SHOP", "2026-08-26")},
        Outcome.ELIGIBLE,
    ),
    Scenario(
        "Turning Point has no offence-age limit",
        TP,
        {"offences": offence("THEFT-FROM-SHOP", "2026-05-01")},
        Outcome.ELIGIBLE,
    ),
    # Admission and evidence.
    Scenario(
        "denied the offence", DART, {"admission": "denied"}, Outcome.INELIGIBLE, "admission.denied"
    ),
    Scenario("no reply interview", DART, {"admission": "no_reply"}, Outcome.ELIGIBLE),
    Scenario(
        "interview outcome unknown",
        C2018,
        {"admission": None},
        Outcome.NEEDS_INFORMATION,
        "admission.not_known",
    ),
    Scenario(
        "Turning Point does not need an admission", TP, {"admission": "denied"}, Outcome.ELIGIBLE
    ),
    Scenario(
        "evidential test not met",
        DART,
        {"evidential_test_met": False},
        Outcome.INELIGIBLE,
        "evidence.not_met",
    ),
    Scenario(
        "evidential test not met, Turning Point",
        TP,
        {"evidential_test_met": False},
        Outcome.INELIGIBLE,
        "evidence.not_met",
    ),
    # Offence scope.
    Scenario(
        "robbery is never in scope",
        DART,
        {"offences": offence("ROBBERY-PERSONAL")},
        Outcome.INELIGIBLE,
        "offence_scope.out_of_scope",
    ),
    Scenario(
        "driving excluded in 2015",
        C2015,
        {"offences": offence("DRINK-DRIVING")},
        Outcome.INELIGIBLE,
        "offence_scope.out_of_scope",
    ),
    Scenario(
        "drug possession out of scope in 2015",
        C2015,
        {"offences": offence("DRUG-POSSESSION-CLASS-B-CANNABIS")},
        Outcome.INELIGIBLE,
        "offence_scope.out_of_scope",
    ),
    Scenario(
        "drug possession in scope from 2018",
        C2018,
        {"offences": offence("DRUG-POSSESSION-CLASS-B-CANNABIS")},
        Outcome.ELIGIBLE,
    ),
    Scenario(
        "common assault in scope", DART, {"offences": offence("ASSAULT-COMMON")}, Outcome.ELIGIBLE
    ),
    Scenario(
        "bladed article in scope",
        DART,
        {"offences": offence("WEAPON-BLADED-ARTICLE-PUBLIC-PLACE")},
        Outcome.ELIGIBLE,
    ),
    Scenario(
        "rape excluded everywhere",
        TP,
        {"offences": offence("RAPE-FEMALE-16-PLUS")},
        Outcome.INELIGIBLE,
        "offence_scope.out_of_scope",
    ),
    Scenario(
        "child neglect needs its specific terms",
        DART,
        {"offences": offence("CHILD-CRUELTY-NEGLECT")},
        Outcome.NEEDS_INFORMATION,
        "specific_terms.not_known",
    ),
    Scenario(
        "burglary specific terms confirmed",
        DART,
        {
            "offences": offence("BURGLARY-RESIDENTIAL"),
            "specific_terms_confirmed": {"burglary": True},
        },
        Outcome.ELIGIBLE,
    ),
    Scenario(
        "burglary outside specific terms",
        C2015,
        {
            "offences": offence("BURGLARY-RESIDENTIAL"),
            "specific_terms_confirmed": {"burglary": False},
        },
        Outcome.INELIGIBLE,
        "specific_terms.not_met",
    ),
    # Domestic abuse.
    Scenario(
        "domestic excluded in 2015",
        C2015,
        {"offences": offence("ASSAULT-COMMON", domestic_related=True)},
        Outcome.INELIGIBLE,
        "domestic.excluded",
    ),
    Scenario(
        "domestic excluded in 2018",
        C2018,
        {
            "offences": offence(
                "ASSAULT-COMMON", domestic_related=True, domestic_risk_grade="standard"
            )
        },
        Outcome.INELIGIBLE,
        "domestic.excluded",
    ),
    Scenario(
        "medium-risk domestic allowed now",
        DART,
        {
            "offences": offence(
                "ASSAULT-COMMON", domestic_related=True, domestic_risk_grade="medium"
            )
        },
        Outcome.ELIGIBLE,
    ),
    Scenario(
        "high-risk domestic excluded now",
        DART,
        {"offences": offence("ASSAULT-COMMON", domestic_related=True, domestic_risk_grade="high")},
        Outcome.INELIGIBLE,
        "domestic.high_risk",
    ),
    Scenario(
        "domestic risk grade unknown",
        DART,
        {"offences": offence("ASSAULT-COMMON", domestic_related=True)},
        Outcome.NEEDS_INFORMATION,
        "domestic.not_known",
    ),
    # Hate crime and standing exclusions.
    Scenario(
        "hate crime",
        DART,
        {"offences": offence("THEFT-FROM-SHOP", hate_crime=True)},
        Outcome.INELIGIBLE,
        "hate_crime.excluded",
    ),
    Scenario(
        "co-accused",
        DART,
        {"exclusions": {"co_accused": True}},
        Outcome.INELIGIBLE,
        "exclusion_co_accused.applies",
    ),
    Scenario(
        "Turning Point allows co-accused",
        TP,
        {"exclusions": {"co_accused": True}},
        Outcome.ELIGIBLE,
    ),
    Scenario(
        "on bail",
        C2018,
        {"exclusions": {"on_bail": True}},
        Outcome.INELIGIBLE,
        "exclusion_on_bail.applies",
    ),
    Scenario(
        "court order",
        DART,
        {"exclusions": {"subject_to_court_order": True}},
        Outcome.INELIGIBLE,
        "exclusion_subject_to_court_order.applies",
    ),
    Scenario(
        "suspended sentence",
        DART,
        {"exclusions": {"suspended_sentence": True}},
        Outcome.INELIGIBLE,
        "exclusion_suspended_sentence.applies",
    ),
    Scenario(
        "conditional discharge",
        C2015,
        {"exclusions": {"conditional_discharge": True}},
        Outcome.INELIGIBLE,
        "exclusion_conditional_discharge.applies",
    ),
    Scenario(
        "detained for court",
        DART,
        {"exclusions": {"detained_for_court": True}},
        Outcome.INELIGIBLE,
        "exclusion_detained_for_court.applies",
    ),
    Scenario(
        "Mental Health Act",
        DART,
        {"exclusions": {"detained_under_mental_health_act": True}},
        Outcome.INELIGIBLE,
        "exclusion_detained_under_mental_health_act.applies",
    ),
    Scenario(
        "custody likely",
        TP,
        {"exclusions": {"custody_likely": True}},
        Outcome.INELIGIBLE,
        "exclusion_custody_likely.applies",
    ),
    Scenario(
        "bail status unknown",
        DART,
        {"exclusions": {"on_bail": None}},
        Outcome.NEEDS_INFORMATION,
        "exclusion_on_bail.not_known",
    ),
    # Criminal history (Turning Point).
    Scenario(
        "one old conviction is allowed",
        TP,
        {"history": {"conviction_dates": ["2019-01-10"]}},
        Outcome.ELIGIBLE,
    ),
    Scenario(
        "one recent conviction excludes",
        TP,
        {"history": {"conviction_dates": ["2024-01-10"]}},
        Outcome.INELIGIBLE,
        "history.over_limit",
    ),
    Scenario(
        "two convictions exclude",
        TP,
        {"history": {"conviction_dates": ["2012-01-10", "2015-06-01"]}},
        Outcome.INELIGIBLE,
        "history.over_limit",
    ),
    Scenario(
        "history unknown",
        TP,
        {"history": {"conviction_dates": None}},
        Outcome.NEEDS_INFORMATION,
        "history.not_known",
    ),
    Scenario(
        "Checkpoint sets no history limit",
        DART,
        {"history": {"conviction_dates": ["2024-01-10"] * 12}},
        Outcome.ELIGIBLE,
    ),
    Scenario(
        "previous diversion bars Turning Point",
        TP,
        {"history": {"previous_diversion": True}},
        Outcome.INELIGIBLE,
        "previous_diversion.excluded",
    ),
    # Victims.
    Scenario(
        "victim views not yet recorded",
        DART,
        {"victim": {"views_recorded": False}},
        Outcome.NEEDS_INFORMATION,
        "victim.not_known",
    ),
    Scenario(
        "victim opposes, Checkpoint considers",
        DART,
        {"victim": {"opposes_diversion": True}},
        Outcome.ELIGIBLE,
    ),
    Scenario(
        "victim opposes, Turning Point excludes",
        TP,
        {"victim": {"opposes_diversion": True}},
        Outcome.INELIGIBLE,
        "victim.opposed",
    ),
    Scenario(
        "no victim",
        DART,
        {"victim": {"has_victim": False, "views_recorded": None}},
        Outcome.ELIGIBLE,
    ),
    # Turning Point's filters.
    Scenario(
        "public interest requires prosecution",
        TP,
        {"filters": {"public_interest_met": False}},
        Outcome.INELIGIBLE,
        "filter_public_interest.excluded",
    ),
    Scenario(
        "sensitive case",
        TP,
        {"filters": {"sensitive_case": True}},
        Outcome.INELIGIBLE,
        "filter_sensitive_case.excluded",
    ),
    Scenario(
        "safety concern",
        TP,
        {"filters": {"safety_concern": True}},
        Outcome.INELIGIBLE,
        "filter_safety_check.excluded",
    ),
    Scenario(
        "safety check not done",
        TP,
        {"filters": {"safety_concern": None}},
        Outcome.NEEDS_INFORMATION,
        "filter_safety_check.not_known",
    ),
    # Drug supply (2018 onwards).
    Scenario(
        "supply refused in 2015",
        C2015,
        {"offences": offence("DRUG-SUPPLY-CLASS-B"), "drug_supply": SUPPLY},
        Outcome.INELIGIBLE,
        "offence_scope.out_of_scope",
    ),
    Scenario(
        "supply to fund own use needs supervisor approval",
        C2018,
        {"offences": offence("DRUG-SUPPLY-CLASS-B"), "drug_supply": SUPPLY},
        Outcome.ELIGIBLE,
        "drug_supply.met",
        approvals=(Approval.DRUG_SUPPLY,),
    ),
    Scenario(
        "supply with no qualifying circumstance",
        DART,
        {"offences": offence("DRUG-SUPPLY-CLASS-A"), "drug_supply": {**SUPPLY, "indicators": []}},
        Outcome.INELIGIBLE,
        "drug_supply.not_met",
    ),
    Scenario(
        "county lines link without NRM referral",
        DART,
        {
            "offences": offence("DRUG-PWITS-CLASS-A"),
            "drug_supply": {**SUPPLY, "county_lines_link": True, "nrm_referral": False},
        },
        Outcome.INELIGIBLE,
        "drug_supply.not_met",
    ),
    Scenario(
        "coerced county lines runner referred to the NRM",
        DART,
        {
            "offences": offence("DRUG-PWITS-CLASS-A"),
            "drug_supply": {
                "indicators": ["coerced_or_exploited"],
                "county_lines_link": True,
                "nrm_referral": True,
                "drug_class": "A",
            },
        },
        Outcome.ELIGIBLE,
        "drug_supply.met",
        approvals=(Approval.DRUG_SUPPLY,),
    ),
    Scenario(
        "supply indicators not recorded",
        C2018,
        {"offences": offence("DRUG-SUPPLY-CLASS-B")},
        Outcome.NEEDS_INFORMATION,
        "drug_supply.not_known",
    ),
    Scenario(
        "cannabis cultivation needs its terms",
        C2018,
        {"offences": offence("DRUG-CULTIVATION-CANNABIS")},
        Outcome.NEEDS_INFORMATION,
        "specific_terms.not_known",
    ),
    # s127 limitation.
    Scenario(
        "summary-only offence three months old (Turning Point, no age limit)",
        TP,
        {"offences": offence("ASSAULT-COMMON", "2026-08-25")},
        Outcome.INELIGIBLE,
        "s127.contract_would_pass_limit",
    ),
    Scenario(
        "summary-only offence two months old",
        DART,
        {"offences": offence("PUBLIC-ORDER-S5", "2026-09-25")},
        Outcome.INELIGIBLE,
        "s127.contract_would_pass_limit",
    ),
    Scenario(
        "summary-only offence a week old",
        DART,
        {"offences": offence("PUBLIC-ORDER-S5", "2026-11-18")},
        Outcome.ELIGIBLE,
    ),
    Scenario(
        "either-way offence three months old has no s127 limit",
        TP,
        {"offences": offence("ASSAULT-ABH", "2026-08-25")},
        Outcome.ELIGIBLE,
    ),
    # Offence facts left out are not known, never assumed.
    Scenario(
        "hate crime flag left out",
        DART,
        {
            "offences": [
                {
                    "code": "THEFT-FROM-SHOP",
                    "committed_on": "2026-11-15",
                    "in_force_area": True,
                    "domestic_related": False,
                }
            ]
        },
        Outcome.NEEDS_INFORMATION,
        "hate_crime.not_known",
    ),
    Scenario(
        "NRM referral not known for a county lines link",
        DART,
        {
            "offences": offence("DRUG-PWITS-CLASS-A"),
            "drug_supply": {
                "indicators": ["coerced_or_exploited"],
                "county_lines_link": True,
                "drug_class": "A",
            },
        },
        Outcome.NEEDS_INFORMATION,
        "drug_supply.not_known",
    ),
    # Several failures are all reported.
    Scenario(
        "every failure reported",
        DART,
        {
            "person": {"date_of_birth": "2010-01-01"},
            "admission": "denied",
            "exclusions": {"on_bail": True},
        },
        Outcome.INELIGIBLE,
        "admission.denied",
        extra={"also": ["age.under_minimum", "exclusion_on_bail.applies"]},
    ),
]


def run(scenario: Scenario) -> Any:
    facts: ScreeningInput = build(**scenario.patch)
    return screen(facts, policy(scenario.policy), catalogue())


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario(scenario: Scenario) -> None:
    result = run(scenario)
    assert result.outcome is scenario.outcome, [
        (r.code, r.officer)
        for r in result.results
        if r.status in {RuleStatus.FAIL, RuleStatus.NEEDS_INFORMATION}
    ]
    codes = {r.code for r in result.results}
    if scenario.rule_code:
        assert scenario.rule_code in codes
    for code in scenario.extra.get("also", []):
        assert code in codes
    assert result.approvals_required == scenario.approvals


def test_there_are_at_least_forty_scenarios_across_all_four_policies() -> None:
    assert len(SCENARIOS) >= 40
    assert {s.policy for s in SCENARIOS} == {DART, C2015, C2018, TP}


def test_every_reason_has_an_officer_sentence_a_person_sentence_and_a_clause() -> None:
    for scenario in SCENARIOS:
        for result in run(scenario).results:
            assert result.officer and result.clause and result.code
            if result.status in {RuleStatus.FAIL, RuleStatus.NEEDS_INFORMATION}:
                assert result.person


def test_needs_information_lists_the_questions() -> None:
    result = run(
        Scenario(
            "",
            DART,
            {"admission": None, "exclusions": {"on_bail": None}},
            Outcome.NEEDS_INFORMATION,
        )
    )
    assert "Did the person admit the offence, give no reply, or deny it?" in result.questions
    assert "Is the person on police or court bail for another matter?" in result.questions


def test_s127_failure_is_overridable_and_names_the_dates() -> None:
    result = run(
        SCENARIOS[[s.name for s in SCENARIOS].index("summary-only offence two months old")]
    )
    assert result.overridable
    (failure,) = result.failures
    assert "25 March 2027" in failure.officer  # last day to charge
    assert failure.overridable_by is Approval.S127_OVERRIDE


def test_an_s127_failure_with_open_questions_is_not_overridable() -> None:
    scenario = Scenario(
        "",
        DART,
        {"offences": offence("PUBLIC-ORDER-S5", "2026-09-25"), "admission": None},
        Outcome.INELIGIBLE,
    )
    assert not run(scenario).overridable


def test_an_offence_after_the_decision_date_is_refused_under_every_policy() -> None:
    from checkpoint.domain.errors import DomainError

    for name in (DART, C2015, C2018, TP):
        with pytest.raises(DomainError, match="after the decision date"):
            run(
                Scenario(
                    "",
                    name,
                    {"offences": offence("THEFT-FROM-SHOP", "2026-12-01")},
                    Outcome.INELIGIBLE,
                )
            )

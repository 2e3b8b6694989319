"""Screening decisions for demo cases, made by the real eligibility rules.

Each screening step of a timeline builds a `ScreeningInput` from the case's own data (the
person's date of birth and home area, the offences and their dates, the convictions the
PNC shows on the day) plus answers chosen to fit what the walk is making: a complete,
clean referral; one with a realistic circumstance that rules it out; or one with an answer
or two still missing. The real `screen()` then runs under the policy in force that day and
the timeline records what it gives, never what the walk wanted.

Circumstances and unknowns say how the demo sets up a referral; the reasons it records are
always the rules' own codes and sentences, taken from the stored result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from random import Random
from typing import Any

from django.conf import settings

from checkpoint.domain.eligibility import screen
from checkpoint.domain.offences import OffenceFamily
from checkpoint.domain.policy import DomesticPolicy, DrugClass, DrugSupplyIndicator, Policy
from checkpoint.domain.screening import (
    Admission,
    Approval,
    DomesticRiskGrade,
    ExclusionsInput,
    OffenceFacts,
    Outcome,
    ScreeningInput,
    ScreeningResult,
)
from checkpoint.policies.loader import LoadedPolicy, load_all, policy_in_force
from checkpoint.web.demo.offences import (
    DOMESTIC_FAMILIES,
    HATE_CRIME_CODES,
    OffenceInfo,
    has_victim,
)
from checkpoint.web.demo.wording import DEALING_QUANTITY, SUPPLY_QUANTITIES

OVERRIDE_SHARE = 0.4
"""How often a supervisor is asked to override, and allows, an s127 risk found at screening."""
NO_REPLY_SHARE = 0.12
DOMESTIC_SHARE = 0.2
"""Of assaults, damage, harassment and malicious messages, where the policy takes them."""
VICTIM_OPPOSES_SHARE = 0.06
SECOND_UNKNOWN_SHARE = 0.25
LATER_CIRCUMSTANCE_SHARE = 0.2

Offences = Sequence[tuple[OffenceInfo, date]]


class PolicyBook:
    """The scheme's policies and the one in force on each day, asked once per day.

    `on` is `policy_in_force` itself (the same choice, the same errors for a gap or an
    overlap), remembered per day so thousands of decisions do not reread the directory.
    """

    def __init__(self, scheme: str, directory: Path) -> None:
        self.scheme, self.directory = scheme, directory
        self._days: dict[date, LoadedPolicy] = {}

    @classmethod
    def from_settings(cls) -> PolicyBook:
        """Return the force's policies (settings.CHECKPOINT_SCHEME in CHECKPOINT_POLICY_DIR)."""
        return cls(settings.CHECKPOINT_SCHEME, Path(settings.CHECKPOINT_POLICY_DIR))

    @cached_property
    def first_day(self) -> date | None:
        """Return the day the scheme's first policy took effect."""
        return min(
            (
                p.policy.policy.effective_from
                for p in load_all(self.directory).values()
                if p.policy.policy.scheme == self.scheme
            ),
            default=None,
        )

    def on(self, day: date) -> LoadedPolicy:
        """Return the policy in force on a day."""
        found = self._days.get(day)
        if found is None:
            found = self._days[day] = policy_in_force(self.scheme, day, self.directory)
        return found


def in_scope(policy: Policy, offence: OffenceInfo) -> bool:
    """Return whether a policy's offence scope covers an offence (as the scope rule decides)."""
    rules = policy.offences
    if offence.code in rules.codes_out:
        return False
    if offence.code in rules.codes_in or offence.family in rules.families_in:
        return True
    return offence.family is OffenceFamily.DRUG_SUPPLY and policy.drug_supply.allowed


def terms_hit(policy: Policy, offences: Offences) -> list[str]:
    """Return the keys of the policy's specific terms that the offences fall under."""
    keys = []
    for term in policy.offences.specific_terms:
        key = term.code or (term.family.value if term.family else "")
        if any(
            (term.code is not None and o.code == term.code)
            or (term.family is not None and o.family is term.family)
            for o, _ in offences
        ):
            keys.append(key)
    return keys


class Circumstance(StrEnum):
    """How the demo rules a referral out; the decision records the rules' reasons."""

    OUT_OF_AREA = "out_of_area"
    OFFENCE_TOO_OLD = "offence_too_old"
    DENIED = "denied"
    NO_EVIDENCE = "no_evidence"
    CO_ACCUSED = "co_accused"
    ON_BAIL = "on_bail"
    COURT_ORDER = "court_order"
    SUSPENDED_SENTENCE = "suspended_sentence"
    CONDITIONAL_DISCHARGE = "conditional_discharge"
    MENTAL_HEALTH = "mental_health"
    HATE_CRIME = "hate_crime"
    DRIVING = "driving"
    SERIOUS = "serious"
    DOMESTIC = "domestic"
    OFFENCE_ELSEWHERE = "offence_elsewhere"
    TERMS_NOT_MET = "terms_not_met"
    SUPPLY_NOT_SUITABLE = "supply_not_suitable"


INELIGIBLE_MIX: dict[Circumstance, float] = {
    Circumstance.ON_BAIL: 0.15,
    Circumstance.DRIVING: 0.13,
    Circumstance.SERIOUS: 0.12,
    Circumstance.DENIED: 0.12,
    Circumstance.CO_ACCUSED: 0.11,
    Circumstance.HATE_CRIME: 0.09,
    Circumstance.DOMESTIC: 0.07,
    Circumstance.COURT_ORDER: 0.06,
    Circumstance.OFFENCE_TOO_OLD: 0.06,
    Circumstance.SUSPENDED_SENTENCE: 0.04,
    Circumstance.CONDITIONAL_DISCHARGE: 0.03,
    Circumstance.NO_EVIDENCE: 0.02,
    Circumstance.MENTAL_HEALTH: 0.01,
}
"""What rules out a referral from the force area, by how often it does."""
LATER_CIRCUMSTANCES = (
    Circumstance.ON_BAIL,
    Circumstance.CO_ACCUSED,
    Circumstance.COURT_ORDER,
    Circumstance.DENIED,
)
"""A second reason some ineligible referrals also have (every failure is recorded)."""

_EXCLUSION_FOR = {
    Circumstance.CO_ACCUSED: "co_accused",
    Circumstance.ON_BAIL: "on_bail",
    Circumstance.COURT_ORDER: "subject_to_court_order",
    Circumstance.SUSPENDED_SENTENCE: "suspended_sentence",
    Circumstance.CONDITIONAL_DISCHARGE: "conditional_discharge",
    Circumstance.MENTAL_HEALTH: "detained_under_mental_health_act",
}


class Unknown(StrEnum):
    """What a 'needs information' referral is still waiting for at the custody desk."""

    VICTIM_VIEWS = "victim_views"
    BAIL_STATUS = "bail_status"
    CO_ACCUSED = "co_accused"
    EVIDENCE = "evidence"
    INTERVIEW = "interview"
    OFFENCE_PLACE = "offence_place"
    SPECIFIC_TERMS = "specific_terms"
    DASH_GRADE = "dash_grade"
    DRUG_SUPPLY = "drug_supply"


UNKNOWN_MIX: dict[Unknown, float] = {
    Unknown.VICTIM_VIEWS: 0.30,
    Unknown.BAIL_STATUS: 0.20,
    Unknown.EVIDENCE: 0.15,
    Unknown.CO_ACCUSED: 0.10,
    Unknown.INTERVIEW: 0.05,
    Unknown.OFFENCE_PLACE: 0.04,
    Unknown.SPECIFIC_TERMS: 0.5,
    Unknown.DASH_GRADE: 0.5,
    Unknown.DRUG_SUPPLY: 0.5,
}
"""Which answers are missing, among those that can be for the referral."""
REVEALS: dict[Unknown, Circumstance | None] = {
    Unknown.VICTIM_VIEWS: None,
    Unknown.BAIL_STATUS: Circumstance.ON_BAIL,
    Unknown.CO_ACCUSED: Circumstance.CO_ACCUSED,
    Unknown.EVIDENCE: Circumstance.NO_EVIDENCE,
    Unknown.INTERVIEW: Circumstance.DENIED,
    Unknown.OFFENCE_PLACE: Circumstance.OFFENCE_ELSEWHERE,
    Unknown.SPECIFIC_TERMS: Circumstance.TERMS_NOT_MET,
    Unknown.DASH_GRADE: Circumstance.DOMESTIC,
    Unknown.DRUG_SUPPLY: Circumstance.SUPPLY_NOT_SUITABLE,
}
"""The answer that, once found, rules the referral out (None: it cannot on its own)."""


def draw_circumstances(rng: Random, *, lives_in_area: bool) -> list[Circumstance]:
    """Draw why an ineligible referral is ineligible, sometimes with a second reason."""
    if not lives_in_area:
        found = [Circumstance.OUT_OF_AREA]
    else:
        mix = list(INELIGIBLE_MIX)
        found = [rng.choices(mix, weights=[INELIGIBLE_MIX[c] for c in mix])[0]]
    if rng.random() < LATER_CIRCUMSTANCE_SHARE:
        extra = rng.choice(LATER_CIRCUMSTANCES)
        if extra not in found:
            found.append(extra)
    return found


def revealed(rng: Random, unknowns: Sequence[Unknown]) -> Circumstance:
    """Return what the missing information turned out to be, when it rules the case out."""
    found = [c for u in unknowns if (c := REVEALS[u]) is not None]
    return found[0] if found else rng.choice(LATER_CIRCUMSTANCES)


@dataclass(frozen=True)
class Particulars:
    """Facts about a referral that stay the same from one screening to the next."""

    admission: Admission
    domestic: tuple[DomesticRiskGrade | None, ...]
    """Per offence: the DASH grade of a domestic-related offence, None when it is not one."""
    hate_crime: tuple[bool, ...]
    victim_opposes: bool | None
    """None when there is no identifiable victim."""
    drug_supply: Mapping[str, Any] | None


def _drug_class(offence: OffenceInfo) -> DrugClass:
    for drug_class in DrugClass:
        if f"CLASS-{drug_class.value}" in offence.code:
            return drug_class
    return DrugClass.B


def _supply(rng: Random, offence: OffenceInfo) -> dict[str, Any]:
    """Draw the circumstances of a low-level supply offence the scheme can take."""
    drug_class = _drug_class(offence)
    county_lines = rng.random() < 0.12
    if county_lines:
        indicators = [DrugSupplyIndicator.COERCED_OR_EXPLOITED, DrugSupplyIndicator.VULNERABLE]
    else:
        indicators = rng.choices(
            (
                [DrugSupplyIndicator.SELLING_TO_FUND_OWN_USE],
                [DrugSupplyIndicator.SPLITTING_A_DEAL],
                [DrugSupplyIndicator.VULNERABLE, DrugSupplyIndicator.SELLING_TO_FUND_OWN_USE],
                [DrugSupplyIndicator.COERCED_OR_EXPLOITED],
            ),
            weights=(0.4, 0.3, 0.2, 0.1),
        )[0]
    return {
        "indicators": [i.value for i in indicators],
        "county_lines_link": county_lines,
        "nrm_referral": county_lines,
        "drug_class": drug_class.value,
        "quantity": rng.choice(SUPPLY_QUANTITIES[drug_class]),
    }


def draw_particulars(rng: Random, offences: Offences, policy: Policy) -> Particulars:
    """Draw what the custody officer learns about a referral that does not change."""
    admission = Admission.NO_REPLY if rng.random() < NO_REPLY_SHARE else Admission.ADMITTED
    domestic_taken = policy.offences.domestic is not DomesticPolicy.EXCLUDED
    grades: list[DomesticRiskGrade | None] = []
    for offence, _ in offences:
        grade = None
        if domestic_taken and offence.family in DOMESTIC_FAMILIES and rng.random() < DOMESTIC_SHARE:
            grade = DomesticRiskGrade.STANDARD if rng.random() < 0.65 else DomesticRiskGrade.MEDIUM
        grades.append(grade)
    victim = any(has_victim(o) for o, _ in offences)
    supply = next((o for o, _ in offences if o.family is OffenceFamily.DRUG_SUPPLY), None)
    return Particulars(
        admission=admission,
        domestic=tuple(grades),
        hate_crime=tuple(o.code in HATE_CRIME_CODES for o, _ in offences),
        victim_opposes=(rng.random() < VICTIM_OPPOSES_SHARE) if victim else None,
        drug_supply=_supply(rng, supply) if supply is not None else None,
    )


def _can_be_missing(
    unknown: Unknown, policy: Policy, offences: Offences, particulars: Particulars
) -> bool:
    match unknown:
        case Unknown.VICTIM_VIEWS:
            return particulars.victim_opposes is not None and policy.victim.views_required
        case Unknown.BAIL_STATUS:
            return policy.exclusions.on_bail
        case Unknown.CO_ACCUSED:
            return policy.exclusions.co_accused
        case Unknown.EVIDENCE:
            return policy.evidence.evidential_test
        case Unknown.INTERVIEW:
            return policy.evidence.admission_or_no_reply
        case Unknown.OFFENCE_PLACE:
            return policy.offences.in_force_area
        case Unknown.SPECIFIC_TERMS:
            return bool(terms_hit(policy, offences))
        case Unknown.DASH_GRADE:
            return policy.offences.domestic is DomesticPolicy.STANDARD_OR_MEDIUM_RISK_ONLY and any(
                g is not None for g in particulars.domestic
            )
        case Unknown.DRUG_SUPPLY:
            return particulars.drug_supply is not None and policy.drug_supply.allowed


def draw_unknowns(
    rng: Random, policy: Policy, offences: Offences, particulars: Particulars
) -> list[Unknown]:
    """Draw the one or two answers a 'needs information' referral is waiting for."""
    chosen: list[Unknown] = []
    for _ in range(2):
        options = [
            u
            for u in UNKNOWN_MIX
            if u not in chosen and _can_be_missing(u, policy, offences, particulars)
        ]
        if not options:
            break
        chosen.append(rng.choices(options, weights=[UNKNOWN_MIX[u] for u in options])[0])
        if rng.random() >= SECOND_UNKNOWN_SHARE:
            break
    return chosen


EXCLUSION_FIELDS = tuple(ExclusionsInput.model_fields)
DEALING: dict[str, Any] = {
    "indicators": [],
    "county_lines_link": True,
    "nrm_referral": False,
    "quantity": DEALING_QUANTITY,
}


def _rule_out(data: dict[str, Any], circumstance: Circumstance) -> None:
    """Change a clean input so the circumstance applies."""
    first = data["offences"][0]
    match circumstance:
        case Circumstance.OUT_OF_AREA:
            data["person"]["lives_in_force_area"] = False
        case Circumstance.OFFENCE_TOO_OLD | Circumstance.DRIVING:
            pass  # the offence's date or kind does it
        case Circumstance.DENIED:
            data["admission"] = Admission.DENIED.value
        case Circumstance.NO_EVIDENCE:
            data["evidential_test_met"] = False
        case Circumstance.HATE_CRIME:
            first["hate_crime"] = True
        case Circumstance.SERIOUS:
            data["exclusions"]["custody_likely"] = True
            data["specific_terms_confirmed"] = dict.fromkeys(
                data["specific_terms_confirmed"], False
            )
            if data["drug_supply"] is not None:
                data["drug_supply"] = {**data["drug_supply"], **DEALING}
        case Circumstance.DOMESTIC:
            first["domestic_related"] = True
            first["domestic_risk_grade"] = DomesticRiskGrade.HIGH.value
        case Circumstance.OFFENCE_ELSEWHERE:
            first["in_force_area"] = False
        case Circumstance.TERMS_NOT_MET:
            data["specific_terms_confirmed"] = dict.fromkeys(
                data["specific_terms_confirmed"], False
            )
        case Circumstance.SUPPLY_NOT_SUITABLE:
            if data["drug_supply"] is not None:
                data["drug_supply"] = {**data["drug_supply"], **DEALING}
        case _:
            data["exclusions"][_EXCLUSION_FOR[circumstance]] = True


def _leave_open(data: dict[str, Any], unknown: Unknown) -> None:
    """Change a clean input so the answer is not yet known."""
    match unknown:
        case Unknown.VICTIM_VIEWS:
            data["victim"] = {"has_victim": True, "views_recorded": False}
        case Unknown.BAIL_STATUS:
            data["exclusions"]["on_bail"] = None
        case Unknown.CO_ACCUSED:
            data["exclusions"]["co_accused"] = None
        case Unknown.EVIDENCE:
            data["evidential_test_met"] = None
        case Unknown.INTERVIEW:
            data["admission"] = None
        case Unknown.OFFENCE_PLACE:
            data["offences"][0]["in_force_area"] = None
        case Unknown.SPECIFIC_TERMS:
            data["specific_terms_confirmed"] = {}
        case Unknown.DASH_GRADE:
            for offence in data["offences"]:
                if offence["domestic_related"]:
                    offence["domestic_risk_grade"] = None
        case Unknown.DRUG_SUPPLY:
            if data["drug_supply"] is not None:
                data["drug_supply"] = {**data["drug_supply"], "county_lines_link": None}


def screening_input(
    *,
    day: date,
    policy: Policy,
    date_of_birth: date,
    lives_in_area: bool,
    offences: Offences,
    particulars: Particulars,
    convictions: Sequence[date],
    circumstances: Sequence[Circumstance] = (),
    unknowns: Sequence[Unknown] = (),
) -> ScreeningInput:
    """Return the input a custody officer would complete on a day for this referral."""
    opposes = particulars.victim_opposes
    data: dict[str, Any] = {
        "decision_date": day,
        "person": {"date_of_birth": date_of_birth, "lives_in_force_area": lives_in_area},
        "offences": [
            {
                "code": o.code,
                "committed_on": on,
                "in_force_area": True,
                "domestic_related": grade is not None,
                "domestic_risk_grade": grade.value if grade is not None else None,
                "hate_crime": hate,
            }
            for (o, on), grade, hate in zip(
                offences, particulars.domestic, particulars.hate_crime, strict=True
            )
        ],
        "admission": particulars.admission.value,
        "evidential_test_met": True,
        "exclusions": dict.fromkeys(EXCLUSION_FIELDS, False),
        # Each demo person has at most one case, so nobody has been diverted before.
        "history": {"conviction_dates": list(convictions), "previous_diversion": False},
        "victim": (
            {"has_victim": False}
            if opposes is None
            else {"has_victim": True, "views_recorded": True, "opposes_diversion": opposes}
        ),
        "drug_supply": dict(particulars.drug_supply) if particulars.drug_supply else None,
        "specific_terms_confirmed": dict.fromkeys(terms_hit(policy, offences), True),
    }
    filters = policy.filters
    if filters.public_interest or filters.sensitive_case or filters.safety_check:
        data["filters"] = {
            "public_interest_met": True,
            "sensitive_case": False,
            "safety_concern": False,
        }
    for circumstance in circumstances:
        _rule_out(data, circumstance)
    for unknown in unknowns:
        _leave_open(data, unknown)
    return ScreeningInput.model_validate(data)


@dataclass
class ApprovalPlan:
    """A supervisor's answer to one approval a decision needs."""

    approval: Approval
    granted: bool
    note: str
    decided_at: datetime
    decided_by: str


@dataclass
class DecisionPlan:
    """One screening decision to write, exactly as the rules gave it."""

    decided_at: datetime
    decided_by: str
    policy: LoadedPolicy
    facts: ScreeningInput
    result: ScreeningResult
    requested: Outcome
    departure_reason: str = ""
    needed: tuple[Approval, ...] = ()
    approvals: list[ApprovalPlan] = field(default_factory=list)


class Screener:
    """Run the real rules for the demo: the policies and offence facts, read once."""

    def __init__(self, policies: PolicyBook, catalogue: Mapping[str, OffenceFacts]) -> None:
        self.policies = policies
        self.catalogue = catalogue

    @classmethod
    def for_offences(cls, offences: Sequence[OffenceInfo]) -> Screener:
        """Return a screener over the force's policies and the installed catalogue."""
        return cls(
            PolicyBook.from_settings(),
            {
                o.code: OffenceFacts(
                    code=o.code,
                    title=o.title,
                    family=o.family,
                    mode_of_trial=o.mode_of_trial,
                    gravity_score=o.gravity_score,
                )
                for o in offences
            },
        )

    def run(self, facts: ScreeningInput, policy: LoadedPolicy) -> ScreeningResult:
        """Return what the rules decide."""
        return screen(facts, policy.policy, self.catalogue)

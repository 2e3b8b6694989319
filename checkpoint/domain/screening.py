"""Custody screening: the referral's facts and the outcome the eligibility rules give.

The input schema is documented in docs/screening.md. A missing value means "not known",
which makes the decision "needs more information" with the question that settles it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from .forecast import RiskBand
from .offences import ModeOfTrial, OffenceFamily
from .policy import DrugClass, DrugSupplyIndicator


class Strict(BaseModel):
    """A frozen input section that refuses unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Admission(StrEnum):
    """What the suspect said in interview."""

    ADMITTED = "admitted"
    NO_REPLY = "no_reply"
    DENIED = "denied"


class DomesticRiskGrade(StrEnum):
    """The DASH risk grade of a domestic-related offence."""

    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"


class OffenceInput(Strict):
    """One offence the person was arrested for."""

    code: str
    committed_on: date
    in_force_area: bool | None = None
    domestic_related: bool | None = None
    domestic_risk_grade: DomesticRiskGrade | None = None
    hate_crime: bool | None = None


class PersonInput(Strict):
    """Facts about the person."""

    date_of_birth: date | None = None
    lives_in_force_area: bool | None = None


class ExclusionsInput(Strict):
    """The standing exclusions, each true, false or not known."""

    co_accused: bool | None = None
    on_bail: bool | None = None
    subject_to_court_order: bool | None = None
    suspended_sentence: bool | None = None
    conditional_discharge: bool | None = None
    detained_for_court: bool | None = None
    detained_under_mental_health_act: bool | None = None
    custody_likely: bool | None = None


class HistoryInput(Strict):
    """Criminal history from the PNC: conviction dates, and earlier diversion."""

    conviction_dates: list[date] | None = None
    previous_diversion: bool | None = None


class VictimInput(Strict):
    """The victim's position."""

    has_victim: bool | None = None
    views_recorded: bool | None = None
    opposes_diversion: bool | None = None


class DrugSupplyInput(Strict):
    """Structured indicators for a low-level supply offence."""

    indicators: list[DrugSupplyIndicator] = []
    county_lines_link: bool | None = None
    nrm_referral: bool | None = None
    drug_class: DrugClass | None = None
    quantity: str = ""


class FiltersInput(Strict):
    """Answers to a scheme's case-by-case filters."""

    public_interest_met: bool | None = None
    sensitive_case: bool | None = None
    safety_concern: bool | None = None


class ForecastInput(Strict):
    """The advisory forecast, when one was made."""

    band: RiskBand
    model_version: str = ""
    factors: list[str] = []


class ScreeningInput(Strict):
    """Everything the rules look at for one decision."""

    decision_date: date
    person: PersonInput = PersonInput()
    offences: list[OffenceInput] = Field(min_length=1)
    admission: Admission | None = None
    evidential_test_met: bool | None = None
    exclusions: ExclusionsInput = ExclusionsInput()
    history: HistoryInput = HistoryInput()
    victim: VictimInput = VictimInput()
    drug_supply: DrugSupplyInput | None = None
    filters: FiltersInput = FiltersInput()
    specific_terms_confirmed: dict[str, bool] = {}
    forecast: ForecastInput | None = None


@dataclass(frozen=True)
class OffenceFacts:
    """What the catalogue says about an offence code."""

    code: str
    title: str
    family: OffenceFamily
    mode_of_trial: ModeOfTrial
    gravity_score: int | None = None


class RuleStatus(StrEnum):
    """What one rule found."""

    PASS = "pass"  # noqa: S105 - a rule status, not a secret
    FAIL = "fail"
    NEEDS_INFORMATION = "needs_information"
    ADVISORY = "advisory"
    NOT_APPLICABLE = "not_applicable"


class Outcome(StrEnum):
    """The decision the rules reach."""

    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    NEEDS_INFORMATION = "needs_information"

    @property
    def label(self) -> str:
        """Return the outcome in words."""
        return self.value.replace("_", " ").capitalize()


class Approval(StrEnum):
    """A supervisor's second approval a decision needs before it takes effect."""

    DRUG_SUPPLY = "drug_supply"
    S127_OVERRIDE = "s127_override"
    DEPARTURE = "departure"

    @property
    def label(self) -> str:
        """Return the approval in words."""
        return APPROVAL_LABELS[self]


APPROVAL_LABELS = {
    Approval.DRUG_SUPPLY: "Supervisor approval of a drug supply case",
    Approval.S127_OVERRIDE: "Supervisor override of the s127 limitation risk",
    Approval.DEPARTURE: "Supervisor approval of a departure from the computed result",
}


@dataclass(frozen=True)
class RuleResult:
    """One rule's finding, with a stable code and reasons for the officer and the person."""

    code: str
    rule: str
    status: RuleStatus
    officer: str
    person: str
    clause: str
    questions: tuple[str, ...] = ()
    approval: Approval | None = None
    overridable_by: Approval | None = None


@dataclass(frozen=True)
class ScreeningResult:
    """Every rule's finding and the outcome they give together."""

    policy_name: str
    policy_version: int
    outcome: Outcome
    results: tuple[RuleResult, ...]
    approvals_required: tuple[Approval, ...] = ()
    limitation_last_date: date | None = None

    @property
    def failures(self) -> tuple[RuleResult, ...]:
        """Return the rules that failed."""
        return tuple(r for r in self.results if r.status is RuleStatus.FAIL)

    @property
    def questions(self) -> tuple[str, ...]:
        """Return every question that would settle a 'needs information' result."""
        return tuple(q for r in self.results for q in r.questions)

    @property
    def overridable(self) -> bool:
        """Return whether a supervisor's override alone could make the case eligible.

        Only when every failure is overridable (the s127 risk) and no question is open: an
        override cannot stand in for facts nobody has checked.
        """
        fails = self.failures
        open_questions = any(r.status is RuleStatus.NEEDS_INFORMATION for r in self.results)
        return (
            bool(fails) and not open_questions and all(r.overridable_by is not None for r in fails)
        )

"""A scheme policy: the versioned, date-effective rules a force applies at the custody desk.

Policies are files (docs/policies.md); this module is their schema. Validation is strict
(unknown keys are refused) so a typo cannot silently switch a rule off.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .forecast import RiskBand
from .offences import GRAVITY_SCORES, OffenceFamily


class Strict(BaseModel):
    """A frozen schema section that refuses unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SchemeType(StrEnum):
    """The legal basis of the out-of-court disposal the scheme uses."""

    DEFERRED_PROSECUTION = "deferred_prosecution"
    CONDITIONAL_CAUTION = "conditional_caution"
    DIVERSIONARY_CAUTION = "diversionary_caution"


class DomesticPolicy(StrEnum):
    """How domestic-related offences are treated."""

    EXCLUDED = "excluded"
    STANDARD_OR_MEDIUM_RISK_ONLY = "standard_or_medium_risk_only"
    ALLOWED = "allowed"


class DrugSupplyIndicator(StrEnum):
    """Circumstances that make low-level supply suitable for diversion (Checkpoint, late 2017)."""

    VULNERABLE = "vulnerable"
    COERCED_OR_EXPLOITED = "coerced_or_exploited"
    SELLING_TO_FUND_OWN_USE = "selling_to_fund_own_use"
    SPLITTING_A_DEAL = "splitting_a_deal"

    @property
    def label(self) -> str:
        """Return the indicator in words."""
        return self.value.replace("_", " ")


class DrugClass(StrEnum):
    """Misuse of Drugs Act 1971 classes."""

    A = "A"
    B = "B"
    C = "C"


class Meta(Strict):
    """Who the policy belongs to and when it applies."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    scheme: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="Policies of one scheme succeed each other by date.",
    )
    version: int = Field(ge=1)
    effective_from: date
    effective_to: date | None = None
    scheme_type: SchemeType = SchemeType.DEFERRED_PROSECUTION
    summary: str
    sources: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Meta:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to must not be before effective_from")
        return self


class Person(Strict):
    """Who may be diverted."""

    minimum_age: int = Field(ge=10, le=100)
    maximum_age: int | None = Field(default=None, ge=10, le=120)
    must_live_in_force_area: bool = True


class SpecificTerm(Strict):
    """An offence family or code allowed only on terms the officer must confirm."""

    family: OffenceFamily | None = None
    code: str | None = None
    clause: str
    question: str

    @model_validator(mode="after")
    def _one_target(self) -> SpecificTerm:
        if (self.family is None) == (self.code is None):
            raise ValueError("give exactly one of family or code")
        return self


class Offences(Strict):
    """Which offences are in scope."""

    in_force_area: bool = True
    max_age_months: int | None = Field(default=None, ge=1, le=24)
    families_in: list[OffenceFamily] = Field(min_length=1)
    codes_in: list[str] = []
    codes_out: list[str] = []
    max_gravity_score: int | None = None
    domestic: DomesticPolicy = DomesticPolicy.EXCLUDED
    hate_crime_excluded: bool = True
    specific_terms: list[SpecificTerm] = []

    @model_validator(mode="after")
    def _gravity_in_range(self) -> Offences:
        if self.max_gravity_score is not None and self.max_gravity_score not in GRAVITY_SCORES:
            raise ValueError("max_gravity_score must be 1, 2, 3 or 4")
        if set(self.codes_in) & set(self.codes_out):
            raise ValueError("a code cannot be both in codes_in and codes_out")
        return self


class Evidence(Strict):
    """What the suspect and the evidence must show."""

    admission_or_no_reply: bool = True
    evidential_test: bool = True


class Exclusions(Strict):
    """Circumstances that always exclude; each can be switched off by a policy."""

    co_accused: bool = True
    on_bail: bool = True
    subject_to_court_order: bool = True
    suspended_sentence: bool = True
    conditional_discharge: bool = True
    detained_for_court: bool = True
    detained_under_mental_health_act: bool = True
    custody_likely: bool = True


class History(Strict):
    """Limits on criminal history; unset means no limit (domain.md section 3: not published)."""

    max_previous_convictions: int | None = Field(default=None, ge=0)
    recent_conviction_years: int | None = Field(default=None, ge=1)
    max_recent_convictions: int | None = Field(default=None, ge=0)
    previous_diversion_excludes: bool = False

    @model_validator(mode="after")
    def _recent_pair(self) -> History:
        if (self.recent_conviction_years is None) != (self.max_recent_convictions is None):
            raise ValueError("set recent_conviction_years and max_recent_convictions together")
        return self


class Victim(Strict):
    """The victim's part in the decision."""

    views_required: bool = True
    opposition_excludes: bool = False


class Risk(Strict):
    """How the advisory forecast is shown; it never decides on its own."""

    advisory_bands: list[RiskBand] = []


class DrugSupply(Strict):
    """Low-level supply by vulnerable or coerced people (Checkpoint from late 2017)."""

    allowed: bool = False
    indicators: list[DrugSupplyIndicator] = []
    classes: list[DrugClass] = []
    supervisor_approval: bool = True
    county_lines_requires_nrm_referral: bool = True

    @model_validator(mode="after")
    def _needs_indicators(self) -> DrugSupply:
        if self.allowed and (not self.indicators or not self.classes):
            raise ValueError("when allowed, list the indicators and drug classes that qualify")
        return self


class Filters(Strict):
    """Case-by-case filters some schemes apply (Turning Point's seven filters)."""

    public_interest: bool = False
    sensitive_case: bool = False
    safety_check: bool = False


class Clocks(Strict):
    """The contract, the s127 margin and the follow-up window."""

    contract_months: int = Field(default=4, ge=1, le=24)
    s127_breach_margin_days: int = Field(default=28, ge=0, le=120)
    s127_warning_days: int = Field(default=28, ge=0, le=180)
    follow_up_months: int = Field(default=24, ge=1, le=120)


class Casework(Strict):
    """How a diverted case is run; domain.md section 6: caseloads and contact frequency
    were not published, so they are set here."""

    first_appointment_hours: int = Field(default=72, ge=1, le=24 * 28)
    default_caseload_limit: int = Field(default=25, ge=1, le=500)
    contact_every_days: int = Field(default=14, ge=1, le=90)
    conditions_catalogue: str = Field(
        default="checkpoint-conditions", pattern=r"^[a-z0-9][a-z0-9-]*$"
    )
    max_conditions: int = Field(default=5, ge=1, le=10)
    max_pathway_interventions: int = Field(default=2, ge=0, le=5)
    community_hours_min: int = Field(default=18, ge=0, le=300)
    community_hours_max: int = Field(default=36, ge=0, le=300)

    @model_validator(mode="after")
    def _hours_in_order(self) -> Casework:
        if self.community_hours_max < self.community_hours_min:
            raise ValueError("community_hours_max must not be below community_hours_min")
        return self


class Outcomes(Strict):
    """Codes recorded when the case ends."""

    completion_outcome_code: str = "22"


class Policy(Strict):
    """A whole scheme policy."""

    policy: Meta
    person: Person
    offences: Offences
    evidence: Evidence = Evidence()
    exclusions: Exclusions = Exclusions()
    history: History = History()
    victim: Victim = Victim()
    risk: Risk = Risk()
    drug_supply: DrugSupply = DrugSupply()
    filters: Filters = Filters()
    clocks: Clocks = Clocks()
    casework: Casework = Casework()
    outcomes: Outcomes = Outcomes()

    @property
    def label(self) -> str:
        """Return 'name v3' for screens and records."""
        return f"{self.policy.name} v{self.policy.version}"

    def in_force_on(self, day: date) -> bool:
        """Return whether the policy applies to a decision on that day."""
        meta = self.policy
        return meta.effective_from <= day and (
            meta.effective_to is None or day <= meta.effective_to
        )

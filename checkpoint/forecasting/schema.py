"""The training-data schema: the fields of a historical custody event (docs/forecasting.md).

Pure Python: no Django import, so the importer, the features and the tests run without a
database. Every CSV, whatever its own column names, is turned into these canonical fields
by a mapping file (mapping.py) before it is validated.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from checkpoint.domain.forecast import RiskBand
from checkpoint.domain.offences import OffenceFamily
from checkpoint.domain.people import Sex


class Outcome(StrEnum):
    """What happened within the follow-up window after a custody event (HART's three classes)."""

    NONE = "none"
    NON_SERIOUS = "non_serious"
    SERIOUS = "serious"

    @property
    def band(self) -> RiskBand:
        """Return the risk band a correct forecast of this outcome would give."""
        return OUTCOME_BANDS[self]

    @property
    def position(self) -> int:
        """Return the outcome's ordinal position (0 none, 1 non-serious, 2 serious)."""
        return ORDER.index(self)


ORDER: tuple[Outcome, ...] = (Outcome.NONE, Outcome.NON_SERIOUS, Outcome.SERIOUS)
BANDS: tuple[RiskBand, ...] = (RiskBand.LOW, RiskBand.MODERATE, RiskBand.HIGH)
"""Bands in ordinal order; a model's probability columns follow this order."""
OUTCOME_BANDS = dict(zip(ORDER, BANDS, strict=True))


class FieldKind(StrEnum):
    """How a field's text is read."""

    TEXT = "text"
    DATE = "date"
    COUNT = "count"
    NUMBER = "number"
    CATEGORY = "category"


class FieldRole(StrEnum):
    """What a field is for."""

    IDENTIFIER = "identifier"
    WHEN = "when"
    FEATURE = "feature"
    OUTCOME = "outcome"
    # Held for fairness auditing only; never a model feature unless an administrator
    # enables it explicitly for one model, and that is recorded on its card.
    AUDIT = "audit"


@dataclass(frozen=True)
class FieldSpec:
    """One canonical field of a historical custody event."""

    name: str
    kind: FieldKind
    role: FieldRole
    description: str
    required: bool = False
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


SEX_VALUES = tuple(s.value for s in Sex)
FAMILY_VALUES = tuple(f.value for f in OffenceFamily)
OUTCOME_VALUES = tuple(o.value for o in Outcome)

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "person_id",
        FieldKind.TEXT,
        FieldRole.IDENTIFIER,
        "Who the event is about; k-fold keeps one person's events in one fold.",
        required=True,
    ),
    FieldSpec(
        "event_date",
        FieldKind.DATE,
        FieldRole.WHEN,
        "The custody event's date (YYYY-MM-DD); the temporal hold-out splits on its year.",
        required=True,
    ),
    FieldSpec(
        "date_of_birth",
        FieldKind.DATE,
        FieldRole.WHEN,
        "Date of birth; used to work out `age` when the file has no age column.",
    ),
    FieldSpec(
        "age",
        FieldKind.NUMBER,
        FieldRole.FEATURE,
        "Age in years at the event (required unless `date_of_birth` is given).",
        minimum=10,
        maximum=110,
    ),
    FieldSpec(
        "sex",
        FieldKind.CATEGORY,
        FieldRole.FEATURE,
        "Sex as recorded on the custody record.",
        required=True,
        allowed=SEX_VALUES,
    ),
    FieldSpec(
        "current_offence",
        FieldKind.CATEGORY,
        FieldRole.FEATURE,
        "The family of the offence the person is in custody for (blank: `other`).",
        allowed=FAMILY_VALUES,
    ),
    FieldSpec(
        "current_offence_code",
        FieldKind.TEXT,
        FieldRole.FEATURE,
        "The offence catalogue code of the current offence, if known (refines OGRS3's group).",
    ),
    FieldSpec(
        "prior_arrests",
        FieldKind.COUNT,
        FieldRole.FEATURE,
        "Custody events before this one, whatever their outcome.",
    ),
    FieldSpec(
        "prior_charges",
        FieldKind.COUNT,
        FieldRole.FEATURE,
        "Earlier events that ended in a charge.",
    ),
    FieldSpec(
        "prior_convictions",
        FieldKind.COUNT,
        FieldRole.FEATURE,
        "Earlier events that ended in a conviction.",
    ),
    FieldSpec(
        "prior_sanctions",
        FieldKind.COUNT,
        FieldRole.FEATURE,
        "Earlier positive disposals: cautions, community resolutions, charges, convictions.",
    ),
    FieldSpec(
        "prior_violent",
        FieldKind.COUNT,
        FieldRole.FEATURE,
        "Earlier sanctions for violence against the person, robbery or weapons.",
    ),
    FieldSpec(
        "prior_acquisitive",
        FieldKind.COUNT,
        FieldRole.FEATURE,
        "Earlier sanctions for theft, burglary or fraud.",
    ),
    FieldSpec(
        "prior_drug",
        FieldKind.COUNT,
        FieldRole.FEATURE,
        "Earlier sanctions for drug offences.",
    ),
    FieldSpec(
        "prior_serious",
        FieldKind.COUNT,
        FieldRole.FEATURE,
        "Earlier sanctions for offences on the serious-offence list.",
    ),
    FieldSpec(
        "arrests_last_12_months",
        FieldKind.COUNT,
        FieldRole.FEATURE,
        "Custody events in the 12 months before this one.",
    ),
    FieldSpec(
        "sanctions_last_24_months",
        FieldKind.COUNT,
        FieldRole.FEATURE,
        "Positive disposals in the 24 months before this event.",
    ),
    FieldSpec(
        "age_at_first_offence",
        FieldKind.NUMBER,
        FieldRole.FEATURE,
        "Age at the person's first recorded sanction (their age now if this is the first).",
        minimum=5,
        maximum=110,
    ),
    FieldSpec(
        "outcome",
        FieldKind.CATEGORY,
        FieldRole.OUTCOME,
        "What followed within the follow-up window: none, non_serious or serious.",
        allowed=OUTCOME_VALUES,
    ),
    FieldSpec(
        "reoffence_code",
        FieldKind.TEXT,
        FieldRole.OUTCOME,
        "Catalogue code of the first reoffence in the window (blank: none); the "
        "serious-offence list decides serious or not. Used when there is no `outcome`.",
    ),
    FieldSpec(
        "reoffence_family",
        FieldKind.CATEGORY,
        FieldRole.OUTCOME,
        "Family of the first reoffence in the window (blank: none), when no code is known.",
        allowed=FAMILY_VALUES,
    ),
    FieldSpec(
        "ethnicity",
        FieldKind.TEXT,
        FieldRole.AUDIT,
        "Ethnic group, for per-group fairness measures only.",
    ),
    FieldSpec(
        "area",
        FieldKind.TEXT,
        FieldRole.AUDIT,
        "Home area or postcode district, for per-group fairness measures only.",
    ),
)

FIELDS_BY_NAME: dict[str, FieldSpec] = {f.name: f for f in FIELDS}
SENSITIVE_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.role is FieldRole.AUDIT)
COUNT_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind is FieldKind.COUNT)
FEATURE_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.role is FieldRole.FEATURE)
OUTCOME_FIELDS: tuple[str, ...] = ("outcome", "reoffence_code", "reoffence_family")

"""Model features: which fields a model may use, how they are encoded, and how a person's
custody history becomes the same fields at the moment of a forecast.

Pure Python and numpy. The same encoder turns a training frame and a single forecast's
inputs into identical columns, so training and live forecasts cannot drift apart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from dateutil.relativedelta import relativedelta

from checkpoint.domain.disposals import Disposal
from checkpoint.domain.errors import DomainError
from checkpoint.domain.offences import OffenceFamily
from checkpoint.domain.people import Sex
from checkpoint.forecasting.schema import (
    COUNT_FIELDS,
    FEATURE_FIELDS,
    FIELDS_BY_NAME,
    SENSITIVE_FIELDS,
    FieldKind,
)

# Learned models do not use the catalogue code (too fine-grained to learn from); OGRS3 does.
LEARNED_EXCLUDED = frozenset({"current_offence_code"})
CATEGORY_FIELDS = ("sex", "current_offence", *SENSITIVE_FIELDS)
MAX_LEVELS = 25
COPAS_OFFSET_YEARS = 10.0

VIOLENT_FAMILIES = frozenset(
    {
        OffenceFamily.ASSAULT,
        OffenceFamily.SERIOUS_VIOLENCE,
        OffenceFamily.ROBBERY,
        OffenceFamily.HOMICIDE,
        OffenceFamily.WEAPON_POSSESSION,
    }
)
ACQUISITIVE_FAMILIES = frozenset({OffenceFamily.THEFT, OffenceFamily.BURGLARY, OffenceFamily.FRAUD})
DRUG_FAMILIES = frozenset(
    {OffenceFamily.DRUG_POSSESSION, OffenceFamily.DRUG_SUPPLY, OffenceFamily.DRUG_PRODUCTION}
)
CHARGED_DISPOSALS = frozenset({Disposal.CHARGED, Disposal.CONVICTED, Disposal.ACQUITTED})


def model_fields(
    available: Iterable[str], *, sensitive: Iterable[str] = (), learned: bool = True
) -> list[str]:
    """Return the fields a model uses: the feature fields present, plus opted-in sensitive ones.

    Ethnicity and area are never included unless named in `sensitive`, which only an
    administrator can set (services.model_train checks and records who).
    """
    available = set(available)
    sensitive = set(sensitive)
    unknown = sensitive - set(SENSITIVE_FIELDS)
    if unknown:
        raise DomainError(f"{', '.join(sorted(unknown))} cannot be enabled as a sensitive feature.")
    missing = sensitive - available
    if missing:
        raise DomainError(f"The data hold no {', '.join(sorted(missing))} to enable.")
    chosen = [
        name
        for name in FEATURE_FIELDS
        if name in available and not (learned and name in LEARNED_EXCLUDED)
    ]
    return chosen + [name for name in SENSITIVE_FIELDS if name in sensitive]


def _sanctions_field(fields: Iterable[str]) -> str | None:
    fields = set(fields)
    for name in ("prior_sanctions", "prior_convictions"):
        if name in fields:
            return name
    return None


Getter = Callable[[str], np.ndarray]


class FeatureEncoder:
    """Turn canonical fields into numeric columns; fitted levels are stored in the artefact."""

    def __init__(
        self,
        fields: list[str] | None = None,
        levels: dict[str, list[str]] | None = None,
        reference: dict[str, Any] | None = None,
        columns: list[str] | None = None,
    ) -> None:
        self.fields = fields or []
        self.levels = levels or {}
        self.reference = reference or {}
        self.columns = columns or []

    def fit(self, frame: pd.DataFrame, fields: list[str]) -> FeatureEncoder:
        """Learn category levels and a reference person (medians and modes) from training data."""
        self.fields = list(fields)
        self.levels = {}
        self.reference = {}
        for name in self.fields:
            if name in CATEGORY_FIELDS:
                counts = frame[name].astype(str).value_counts()
                levels = sorted(counts.index[:MAX_LEVELS].tolist())
                if name == "sex":
                    levels = [s.value for s in Sex]
                self.levels[name] = levels
                self.reference[name] = str(counts.index[0])
            elif FIELDS_BY_NAME[name].kind is FieldKind.TEXT:
                self.reference[name] = ""
            else:
                median = float(frame[name].median())
                self.reference[name] = round(median) if name in COUNT_FIELDS else round(median, 1)
        self.columns = self._column_names()
        return self

    def _column_names(self) -> list[str]:
        names: list[str] = []
        for name in self.fields:
            if name in self.levels:
                names += [f"{name}={level}" for level in self.levels[name]]
            elif name in COUNT_FIELDS:
                names.append(f"log1p({name})")
            elif FIELDS_BY_NAME[name].kind is not FieldKind.TEXT:
                names.append(name)
        if "age" in self.fields:
            names.append("age_squared/100")
        if self._has_career:
            names += ["career_years", "sanction_rate"]
        return names

    @property
    def _has_career(self) -> bool:
        return {"age", "age_at_first_offence"} <= set(self.fields) and bool(
            _sanctions_field(self.fields)
        )

    def _encode(self, get: Getter) -> np.ndarray:
        parts: list[np.ndarray] = []
        for name in self.fields:
            if name in self.levels:
                values = get(name).astype(str)
                parts += [(values == level).astype(float) for level in self.levels[name]]
            elif name in COUNT_FIELDS:
                parts.append(np.log1p(np.maximum(get(name).astype(float), 0.0)))
            elif FIELDS_BY_NAME[name].kind is not FieldKind.TEXT:
                parts.append(get(name).astype(float))
        if "age" in self.fields:
            parts.append(get("age").astype(float) ** 2 / 100.0)
        if self._has_career:
            sanctions_name = _sanctions_field(self.fields)
            assert sanctions_name is not None
            age = get("age").astype(float)
            first = np.minimum(get("age_at_first_offence").astype(float), age)
            career = np.maximum(age - first, 0.0)
            sanctions = get(sanctions_name).astype(float)
            parts.append(career)
            # The Copas rate (sanctions per career year, logged) is OGRS's strongest term.
            parts.append(np.log((sanctions + 1.0) / (COPAS_OFFSET_YEARS + career)))
        return np.column_stack(parts) if parts else np.zeros((0, 0))

    def transform_frame(self, frame: pd.DataFrame) -> np.ndarray:
        """Encode every row of a canonical frame."""
        return self._encode(lambda name: frame[name].to_numpy())

    def complete(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """Return the row's model fields, with the reference value for any that are missing."""
        return {
            name: row[name] if row.get(name) not in (None, "") else self.reference.get(name, "")
            for name in self.fields
        }

    def transform_rows(self, rows: Sequence[Mapping[str, Any]]) -> np.ndarray:
        """Encode forecast inputs (dicts of canonical fields)."""
        completed = [self.complete(r) for r in rows]
        return self._encode(lambda name: np.array([r[name] for r in completed], dtype=object))


@dataclass(frozen=True)
class PastEvent:
    """One earlier custody event, as the feature builder needs it."""

    on: date
    family: OffenceFamily
    disposal: Disposal
    serious: bool = False


def completed_years(born: date, on: date) -> int:
    """Return a person's age in completed years on a date."""
    return relativedelta(on, born).years


def features_from_history(
    *,
    date_of_birth: date,
    sex: Sex | str,
    as_of: date,
    events: Iterable[PastEvent],
    current_family: OffenceFamily | str = OffenceFamily.OTHER,
    current_code: str = "",
    ethnicity: str = "",
    area: str = "",
) -> dict[str, Any]:
    """Return a person's canonical fields at `as_of` from the custody events before that day.

    Counts follow the training schema (schema.FIELDS): arrests are all earlier events,
    sanctions the positive disposals the Checkpoint trial counted (domain.md section 4).
    """
    prior = [e for e in events if e.on < as_of]
    sanctions = [e for e in prior if e.disposal.is_positive]
    year_ago = as_of - relativedelta(months=12)
    two_years_ago = as_of - relativedelta(months=24)
    age = completed_years(date_of_birth, as_of)
    first = min((e.on for e in sanctions), default=None)
    fields: dict[str, Any] = {
        "age": age,
        "sex": Sex(sex).value,
        "current_offence": OffenceFamily(current_family).value,
        "current_offence_code": current_code.strip().upper(),
        "prior_arrests": len(prior),
        "prior_charges": sum(e.disposal in CHARGED_DISPOSALS for e in prior),
        "prior_convictions": sum(e.disposal is Disposal.CONVICTED for e in prior),
        "prior_sanctions": len(sanctions),
        "prior_violent": sum(e.family in VIOLENT_FAMILIES for e in sanctions),
        "prior_acquisitive": sum(e.family in ACQUISITIVE_FAMILIES for e in sanctions),
        "prior_drug": sum(e.family in DRUG_FAMILIES for e in sanctions),
        "prior_serious": sum(e.serious for e in sanctions),
        "arrests_last_12_months": sum(e.on >= year_ago for e in prior),
        "sanctions_last_24_months": sum(e.on >= two_years_ago for e in sanctions),
        "age_at_first_offence": (
            completed_years(date_of_birth, first) if first is not None else age
        ),
    }
    if ethnicity:
        fields["ethnicity"] = ethnicity
    if area:
        fields["area"] = area
    return fields


def age_band(age: float) -> str:
    """Return the age band used for per-group fairness measures."""
    if math.isnan(age):
        return "not recorded"
    for upper, label in ((24, "18-24"), (34, "25-34"), (49, "35-49")):
        if age < upper + 1:
            return label if age >= 18 else "under 18"
    return "50+"

"""One forecast: probabilities, the least-cost band, and the main factors in plain words.

The factors are measured the same way for every kind of model: each field in turn is set
to the value a typical person in the training data has (the training median, or the most
common category), and the change in the chance of any reoffence is that field's effect.
The largest effects are written out, e.g. "7 previous convictions raise the forecast".
All of it is deterministic, so a stored forecast can be recomputed and compared.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from checkpoint.domain.forecast import RiskBand
from checkpoint.domain.offences import OffenceFamily
from checkpoint.forecasting.banding import CostMatrix, assign_bands
from checkpoint.forecasting.estimators import ForecastModel
from checkpoint.forecasting.schema import BANDS

TOP_FACTORS = 3
MIN_EFFECT = 0.005
PROBABILITY_DECIMALS = 6
# Fields explained together: the offence code only refines the offence family.
FIELD_GROUPS: dict[str, tuple[str, ...]] = {"current_offence": ("current_offence_code",)}
GROUPED = {member for members in FIELD_GROUPS.values() for member in members}


@dataclass(frozen=True)
class Factor:
    """One main factor of a forecast."""

    field: str
    text: str
    direction: str
    effect: float

    def as_dict(self) -> dict[str, Any]:
        """Return the factor as stored on a forecast."""
        return asdict(self)


@dataclass(frozen=True)
class Prediction:
    """A forecast's output: the band, the three probabilities and the main factors."""

    band: RiskBand
    probabilities: dict[str, float]
    factors: tuple[Factor, ...]

    @property
    def any_reoffence(self) -> float:
        """Return the chance of any reoffence in the window."""
        return self.probabilities[RiskBand.MODERATE.value] + self.probabilities[RiskBand.HIGH.value]


def canonical_json(data: Mapping[str, Any]) -> str:
    """Return the stable JSON text an input hash is taken over."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)


def input_hash(inputs: Mapping[str, Any]) -> str:
    """Return the SHA-256 of a forecast's inputs."""
    return hashlib.sha256(canonical_json(inputs).encode()).hexdigest()


def _count(n: int, one: str, many: str) -> tuple[str, bool]:
    if n == 0:
        return f"Having no {many}", False
    return (f"1 {one}", False) if n == 1 else (f"{n} {many}", True)


COUNT_WORDS: dict[str, tuple[str, str]] = {
    "prior_arrests": ("previous arrest", "previous arrests"),
    "prior_charges": ("previous charge", "previous charges"),
    "prior_convictions": ("previous conviction", "previous convictions"),
    "prior_sanctions": ("previous caution or conviction", "previous cautions or convictions"),
    "prior_violent": ("previous sanction for violence", "previous sanctions for violence"),
    "prior_acquisitive": (
        "previous sanction for theft, burglary or fraud",
        "previous sanctions for theft, burglary or fraud",
    ),
    "prior_drug": ("previous sanction for drugs", "previous sanctions for drugs"),
    "prior_serious": (
        "previous sanction for a serious offence",
        "previous sanctions for serious offences",
    ),
    "arrests_last_12_months": ("arrest in the last 12 months", "arrests in the last 12 months"),
    "sanctions_last_24_months": (
        "caution or conviction in the last 2 years",
        "cautions or convictions in the last 2 years",
    ),
}


def phrase(name: str, value: Any) -> tuple[str, bool]:
    """Return the plain-English subject for a field's value, and whether it is plural."""
    if name in COUNT_WORDS:
        one, many = COUNT_WORDS[name]
        return _count(int(value), one, many)
    if name == "age":
        return f"Being aged {int(float(value))}", False
    if name == "age_at_first_offence":
        return f"A first caution or conviction at age {int(float(value))}", False
    if name == "sex":
        return (
            ("Sex not being recorded", False) if value == "not_known" else (f"Being {value}", False)
        )
    if name == "current_offence":
        try:
            label = OffenceFamily(value).label.lower()
        except ValueError:
            label = str(value)
        return f"The current offence ({label})", False
    if name == "ethnicity":
        return f"Recorded ethnicity ({value})", False
    if name == "area":
        return f"Home area ({value})", False
    return f"{name.replace('_', ' ').capitalize()} ({value})", False


def factor_text(name: str, value: Any, raises: bool) -> str:
    """Return a sentence such as '7 previous convictions raise the forecast'."""
    subject, plural = phrase(name, value)
    verb = ("raise" if plural else "raises") if raises else ("lower" if plural else "lowers")
    return f"{subject} {verb} the forecast"


def _explained_fields(model: ForecastModel) -> list[str]:
    return [name for name in model.fields if name not in GROUPED]


def predict(model: ForecastModel, inputs: Mapping[str, Any]) -> Prediction:
    """Forecast for one person: one batched model call gives the forecast and every factor."""
    row = model.encoder.complete(inputs)
    reference = model.reference
    explained = _explained_fields(model)
    variants: list[dict[str, Any]] = [row]
    for name in explained:
        variant = dict(row)
        variant[name] = reference.get(name, row[name])
        for member in FIELD_GROUPS.get(name, ()):
            if member in variant:
                variant[member] = reference.get(member, "")
        variants.append(variant)
    probabilities = model.predict_proba_rows(variants)
    p_any = 1.0 - probabilities[:, 0]
    band = BANDS[
        int(assign_bands(probabilities[:1], CostMatrix.from_config({"matrix": model.costs}))[0])
    ]
    factors = []
    for i, name in enumerate(explained, start=1):
        effect = float(p_any[0] - p_any[i])
        if abs(effect) >= MIN_EFFECT:
            factors.append(
                Factor(
                    field=name,
                    text=factor_text(name, row[name], effect > 0),
                    direction="raises" if effect > 0 else "lowers",
                    effect=round(effect, 4),
                )
            )
    factors.sort(key=lambda f: (-abs(f.effect), f.field))
    return Prediction(
        band=band,
        probabilities={
            b.value: round(float(p), PROBABILITY_DECIMALS)
            for b, p in zip(BANDS, probabilities[0], strict=True)
        },
        factors=tuple(factors[:TOP_FACTORS]),
    )


def predict_many(model: ForecastModel, rows: Sequence[Mapping[str, Any]]) -> np.ndarray:
    """Return the three probabilities for many rows (no factors)."""
    return model.predict_proba_rows(rows)

"""Synthetic historical custody events for volume tests, calibrated to domain.md section 8.

One index custody event per person, written in the canonical schema (no mapping needed):

- previous positive disposals follow adults cautioned in 2010: 48% none, 27% one or two,
  14% three to six, 11% seven or more;
- one-year proven reoffending is logistic in log(1 + previous sanctions), from about 11%
  with none to about 47% with eleven or more (MoJ proven reoffending), shifted by age,
  sex and recent arrests (younger people and recent arrests raise it) with an
  interaction trees can find and a straight line cannot;
- the two-year rate follows from a Weibull time to reoffence with a falling hazard
  (shape 0.75, as the demo data use): P2 = 1 - (1 - P1) ** (2 ** 0.75);
- a reoffence is serious with a chance that rises with earlier violence and a violent
  current offence (about one in five reoffences: our assumption, no public figure found);
- sex 85% male; ethnic groups in the 2021 census shares for England and Wales; five
  areas with different ethnic mixes (so area can act as a proxy) but no effect of
  ethnicity or area on reoffending.
The reoffence is written as a catalogue code, so the serious-offence list decides its class.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from checkpoint.domain.offences import OffenceFamily
from checkpoint.offences.catalogue import DEFAULT_CATALOGUE, read_catalogue

PRIOR_BANDS: tuple[tuple[int, int, float], ...] = (
    (0, 0, 0.48),
    (1, 2, 0.27),
    (3, 6, 0.14),
    (7, 60, 0.11),
)
ONE_YEAR_NONE = 0.11
ONE_YEAR_ELEVEN_PLUS = 0.47
WEIBULL_SHAPE = 0.75
MALE_SHARE = 0.85
NOT_KNOWN_SHARE = 0.002
FIRST_DATE = date(2016, 1, 1)
LAST_DATE = date(2023, 12, 31)

CURRENT_FAMILIES: dict[OffenceFamily, float] = {
    OffenceFamily.THEFT: 0.20,
    OffenceFamily.ASSAULT: 0.22,
    OffenceFamily.CRIMINAL_DAMAGE: 0.08,
    OffenceFamily.PUBLIC_ORDER: 0.08,
    OffenceFamily.DRUG_POSSESSION: 0.10,
    OffenceFamily.DRUG_SUPPLY: 0.03,
    OffenceFamily.BURGLARY: 0.05,
    OffenceFamily.FRAUD: 0.04,
    OffenceFamily.HARASSMENT: 0.04,
    OffenceFamily.DRIVING: 0.06,
    OffenceFamily.WEAPON_POSSESSION: 0.03,
    OffenceFamily.PUBLIC_JUSTICE: 0.03,
    OffenceFamily.SERIOUS_VIOLENCE: 0.02,
    OffenceFamily.ROBBERY: 0.01,
    OffenceFamily.SEXUAL: 0.01,
}
# Office for National Statistics, Census 2021, England and Wales, high-level ethnic groups.
ETHNIC_GROUPS: dict[str, float] = {
    "White": 0.817,
    "Asian": 0.093,
    "Black": 0.040,
    "Mixed": 0.029,
    "Other": 0.021,
}
# Each area's ethnic mix differs (shares of non-White residents), outcomes do not.
AREAS: dict[str, tuple[float, float]] = {
    "Central": (0.30, 0.45),
    "North": (0.15, 0.12),
    "South": (0.20, 0.10),
    "East": (0.20, 0.18),
    "West": (0.15, 0.08),
}
OFFENCE_EFFECTS: dict[OffenceFamily, float] = {
    OffenceFamily.THEFT: 0.45,
    OffenceFamily.DRUG_POSSESSION: 0.15,
    OffenceFamily.PUBLIC_ORDER: 0.15,
    OffenceFamily.DRIVING: -0.35,
    OffenceFamily.FRAUD: -0.2,
    OffenceFamily.SEXUAL: -0.5,
}
VIOLENT_CURRENT = frozenset(
    {
        OffenceFamily.ASSAULT,
        OffenceFamily.SERIOUS_VIOLENCE,
        OffenceFamily.ROBBERY,
        OffenceFamily.WEAPON_POSSESSION,
    }
)


@dataclass(frozen=True)
class SynthSummary:
    """What was generated, for the command to print."""

    rows: int
    any_two_years: float
    serious_two_years: float
    any_one_year_by_priors: dict[str, float]


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def _codes_by_family() -> tuple[dict[str, list[str]], list[str], list[str]]:
    rows = read_catalogue(DEFAULT_CATALOGUE)
    by_family: dict[str, list[str]] = {}
    serious: list[str] = []
    not_serious: list[str] = []
    for row in rows:
        by_family.setdefault(row.family.value, []).append(row.code)
        (serious if row.default_serious else not_serious).append(row.code)
    return by_family, serious, not_serious


def synth_frame(rows: int, *, seed: int = 1) -> tuple[pd.DataFrame, SynthSummary]:
    """Return `rows` synthetic custody events in the canonical schema, and a summary."""
    rng = np.random.default_rng(seed)
    n = rows
    by_family, serious_codes, other_codes = _codes_by_family()

    sex = rng.choice(
        ["male", "female", "not_known"],
        size=n,
        p=[MALE_SHARE, 1 - MALE_SHARE - NOT_KNOWN_SHARE, NOT_KNOWN_SHARE],
    )
    age = np.minimum(18 + np.floor(rng.gamma(2.0, 7.0, size=n)), 85).astype(int)

    band = rng.choice(len(PRIOR_BANDS), size=n, p=[b[2] for b in PRIOR_BANDS])
    lows = np.array([b[0] for b in PRIOR_BANDS])[band]
    highs = np.array([b[1] for b in PRIOR_BANDS])[band]
    sanctions = lows + np.floor(rng.random(n) * (highs - lows + 1)).astype(int)
    many = band == len(PRIOR_BANDS) - 1
    sanctions[many] = np.minimum(7 + rng.geometric(1 / 8, size=int(many.sum())) - 1, 60)

    arrests = sanctions + rng.poisson(0.5 + 0.3 * sanctions)
    convictions = rng.binomial(sanctions, 0.5)
    charges = convictions + rng.binomial(arrests - sanctions, 0.2)
    violent_share = rng.beta(2, 5, size=n)
    violent = rng.binomial(sanctions, violent_share)
    acquisitive = rng.binomial(sanctions - violent, 0.5)
    drug = rng.binomial(sanctions - violent - acquisitive, 0.35)
    serious_prior = rng.binomial(violent, 0.2)

    career = np.where(
        sanctions > 0,
        np.minimum(age - 12, rng.gamma(1.0 + 0.4 * sanctions, 2.5)),
        0.0,
    )
    age_first = np.round(age - career, 1)
    recent_rate = np.clip(1.0 / (career + 1.0) + 0.1, 0.0, 0.9)
    arrests_12 = rng.binomial(arrests, recent_rate)
    sanctions_24 = rng.binomial(sanctions, np.clip(2.0 / (career + 2.0) + 0.05, 0.0, 0.95))

    families = list(CURRENT_FAMILIES)
    weights = np.array(list(CURRENT_FAMILIES.values()))
    current = rng.choice(len(families), size=n, p=weights / weights.sum())
    current_family = np.array([families[i].value for i in current])
    current_code = np.array([rng.choice(by_family[f]) for f in current_family])

    ethnic_names = list(ETHNIC_GROUPS)
    area_names = list(AREAS)
    area = rng.choice(area_names, size=n, p=[0.2] * len(area_names))
    non_white = np.array([AREAS[a][0] for a in area])
    ethnicity = np.where(
        rng.random(n) < 1 - non_white,
        "White",
        rng.choice(ethnic_names[1:], size=n, p=np.array(list(ETHNIC_GROUPS.values())[1:]) / 0.183),
    )

    slope = (_logit(ONE_YEAR_ELEVEN_PLUS) - _logit(ONE_YEAR_NONE)) / np.log(12)
    young = age < 25
    offence_effect = np.array([OFFENCE_EFFECTS.get(families[i], 0.0) for i in current], dtype=float)
    z = (
        _logit(ONE_YEAR_NONE)
        + slope * np.log1p(np.minimum(sanctions, 11))
        - 0.025 * (age - 30)
        - 0.35 * (sex == "female")
        + 0.30 * np.log1p(arrests_12)
        + 0.45 * (young & (arrests_12 > 0))
        + offence_effect
    )
    p_one = 1 / (1 + np.exp(-z))
    p_two = 1 - (1 - p_one) ** (2**WEIBULL_SHAPE)
    reoffends = rng.random(n) < p_two
    violent_now = np.isin(current_family, [f.value for f in VIOLENT_CURRENT])
    q = 1 / (
        1 + np.exp(-(-2.2 + 0.6 * np.log1p(violent) + 0.8 * violent_now + 0.3 * (sex == "male")))
    )
    serious = reoffends & (rng.random(n) < q)
    reoffence_code = np.where(
        serious,
        rng.choice(serious_codes, size=n),
        np.where(reoffends, rng.choice(other_codes, size=n), ""),
    )

    days = (LAST_DATE - FIRST_DATE).days
    offsets = rng.integers(0, days + 1, size=n)
    event_date = [(FIRST_DATE + timedelta(days=int(d))).isoformat() for d in offsets]

    frame = pd.DataFrame(
        {
            "person_id": [f"S{i + 1:08d}" for i in range(n)],
            "event_date": event_date,
            "age": age,
            "sex": sex,
            "current_offence": current_family,
            "current_offence_code": current_code,
            "prior_arrests": arrests,
            "prior_charges": charges,
            "prior_convictions": convictions,
            "prior_sanctions": sanctions,
            "prior_violent": violent,
            "prior_acquisitive": acquisitive,
            "prior_drug": drug,
            "prior_serious": serious_prior,
            "arrests_last_12_months": arrests_12,
            "sanctions_last_24_months": sanctions_24,
            "age_at_first_offence": age_first,
            "ethnicity": ethnicity,
            "area": area,
            "reoffence_code": reoffence_code,
        }
    ).sort_values(["event_date", "person_id"], kind="stable")
    bands = {"none": sanctions == 0, "1-2": (sanctions >= 1) & (sanctions <= 2)}
    bands |= {"3-6": (sanctions >= 3) & (sanctions <= 6), "7+": sanctions >= 7}
    summary = SynthSummary(
        rows=n,
        any_two_years=float(reoffends.mean()),
        serious_two_years=float(serious.mean()),
        any_one_year_by_priors={k: round(float(p_one[m].mean()), 3) for k, m in bands.items()},
    )
    return frame.reset_index(drop=True), summary


def synth_write(path: Path, rows: int, *, seed: int = 1) -> SynthSummary:
    """Write synthetic custody events to a CSV file and return the summary."""
    frame, summary = synth_frame(rows, seed=seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return summary

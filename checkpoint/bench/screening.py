"""Benchmark: the eligibility engine, `screen()`, on 10,000 varied referrals per policy.

Referrals are generated deterministically (random.Random(seed)) over the shipped offence
catalogue: a mix of offence codes and dates (some too old, some summary-only near the s127
limit), exclusions, unknowns (which give "needs information"), domestic and hate-crime
flags, and drug supply cases with their indicators. Each referral is validated first and
then only the `screen()` call is timed, in process, with time.perf_counter_ns. Every shipped
policy screens the same referrals, so the figures do not depend on one policy's rules.
"""

from __future__ import annotations

import math
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from typing import Any

from checkpoint.bench.registry import Benchmark, Figures, register
from checkpoint.domain.eligibility import screen
from checkpoint.domain.offences import OffenceFamily
from checkpoint.domain.policy import DrugClass, DrugSupplyIndicator, Policy
from checkpoint.domain.screening import (
    ExclusionsInput,
    OffenceFacts,
    ScreeningInput,
)
from checkpoint.offences.catalogue import catalogue_facts
from checkpoint.policies.loader import POLICY_DIR, load_all

TARGET_P50_MICROSECONDS = 1000
WARM_UP = 200
FIRST_DAY, LAST_DAY = date(2012, 1, 1), date(2026, 11, 25)
# Families a custody desk refers most often are drawn more often; the rest still appear.
COMMON = {
    OffenceFamily.THEFT: 6,
    OffenceFamily.ASSAULT: 4,
    OffenceFamily.PUBLIC_ORDER: 3,
    OffenceFamily.CRIMINAL_DAMAGE: 3,
    OffenceFamily.DRUG_POSSESSION: 3,
    OffenceFamily.DRUG_SUPPLY: 2,
}


def _maybe(rng: random.Random, usual: bool | None, odd: float = 0.05) -> bool | None:
    """Return the usual answer, or now and then the opposite or 'not known'."""
    roll = rng.random()
    if roll < odd:
        return None
    if roll < 2 * odd:
        return None if usual is None else not usual
    return usual


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def referral(rng: random.Random, codes: list[OffenceFacts]) -> dict[str, Any]:
    """Return one random referral as JSON-style data."""
    weights = [COMMON.get(o.family, 1) for o in codes]
    decided = _day(rng, FIRST_DAY, LAST_DAY)
    offences = []
    chosen = rng.choices(codes, weights=weights, k=rng.choice((1, 1, 1, 2, 3)))
    for facts in chosen:
        domestic = _maybe(rng, rng.random() < 0.15, odd=0.02)
        offences.append(
            {
                "code": facts.code,
                # Mostly recent; a tail old enough to fail the age limit or the s127 clock.
                "committed_on": (
                    decided - timedelta(days=int(rng.expovariate(1 / 30)) % 400)
                ).isoformat(),
                "in_force_area": _maybe(rng, True, odd=0.02),
                "domestic_related": domestic,
                "domestic_risk_grade": (
                    rng.choice(["standard", "medium", "high", None]) if domestic else None
                ),
                "hate_crime": _maybe(rng, False, odd=0.02),
            }
        )
    born = decided - timedelta(days=rng.randint(16 * 365, 70 * 365))
    convictions = sorted(
        _day(rng, decided - timedelta(days=20 * 365), decided - timedelta(days=1)).isoformat()
        for _ in range(min(int(rng.expovariate(0.6)), 30))
    )
    data: dict[str, Any] = {
        "decision_date": decided.isoformat(),
        "person": {
            "date_of_birth": born.isoformat() if rng.random() > 0.03 else None,
            "lives_in_force_area": _maybe(rng, True),
        },
        "offences": offences,
        "admission": rng.choices(["admitted", "no_reply", "denied", None], [80, 10, 6, 4])[0],
        "evidential_test_met": _maybe(rng, True, odd=0.03),
        "exclusions": {name: _maybe(rng, False, 0.02) for name in ExclusionsInput.model_fields},
        "history": {
            "conviction_dates": convictions if rng.random() > 0.03 else None,
            "previous_diversion": _maybe(rng, False),
        },
        "victim": {
            "has_victim": _maybe(rng, rng.random() < 0.7),
            "views_recorded": _maybe(rng, True, odd=0.1),
            "opposes_diversion": _maybe(rng, False, odd=0.05),
        },
        "filters": {
            "public_interest_met": _maybe(rng, True),
            "sensitive_case": _maybe(rng, False),
            "safety_concern": _maybe(rng, False),
        },
        "specific_terms_confirmed": {
            key: rng.choice([True, True, False])
            for key in ("burglary", "child_neglect", "drug_production")
            if rng.random() < 0.8
        },
    }
    if any(o.family is OffenceFamily.DRUG_SUPPLY for o in chosen) and rng.random() > 0.05:
        data["drug_supply"] = {
            "indicators": rng.sample(list(DrugSupplyIndicator), k=rng.randint(0, 2)),
            "county_lines_link": _maybe(rng, rng.random() < 0.2),
            "nrm_referral": _maybe(rng, rng.random() < 0.5),
            "drug_class": rng.choice([*DrugClass, None]),
        }
    if rng.random() < 0.5:
        data["forecast"] = {"band": rng.choice(["low", "moderate", "high"])}
    return data


def referrals(count: int, seed: int, catalogue: dict[str, OffenceFacts]) -> list[ScreeningInput]:
    """Return `count` validated referrals, the same ones for the same seed."""
    rng = random.Random(seed)
    codes = sorted(catalogue.values(), key=lambda o: o.code)
    return [ScreeningInput.model_validate(referral(rng, codes)) for _ in range(count)]


def percentile(ordered: list[int], share: float) -> int:
    """Return the nearest-rank percentile of sorted values."""
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _policies(option: str) -> dict[str, Policy]:
    shipped = {name: loaded.policy for name, loaded in load_all(POLICY_DIR).items()}
    if option == "all":
        return shipped
    wanted = [name.strip() for name in option.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in shipped]
    if unknown:
        raise ValueError(f"Unknown policy(ies) {', '.join(unknown)}; known: {', '.join(shipped)}.")
    return {name: shipped[name] for name in wanted}


def run(options: dict[str, Any]) -> Figures:
    """Time `screen()` on every generated referral under every chosen policy."""
    count = int(options.get("referrals", options.get("people", 10_000)))
    seed = int(options.get("seed", 1))
    policies = _policies(str(options.get("policies", "all")))
    catalogue = catalogue_facts()
    started = time.perf_counter()
    inputs = referrals(count, seed, catalogue)
    generated = time.perf_counter() - started
    timings: list[int] = []
    per_policy: dict[str, float] = {}
    outcomes: Counter[str] = Counter()
    clock = time.perf_counter_ns
    for name, policy in policies.items():
        for facts in inputs[:WARM_UP]:
            screen(facts, policy, catalogue)
        mine = []
        for facts in inputs:
            before = clock()
            result = screen(facts, policy, catalogue)
            mine.append(clock() - before)
            outcomes[result.outcome.value] += 1
        mine.sort()
        per_policy[name] = round(percentile(mine, 0.5) / 1000, 1)
        timings.extend(mine)
    timings.sort()
    total_ns = sum(timings)
    p50 = percentile(timings, 0.5) / 1000
    return {
        "referrals": count,
        "seed": seed,
        "policies": ",".join(policies),
        "decisions": len(timings),
        "outcomes": dict(sorted(outcomes.items())),
        "generate_and_validate_seconds": round(generated, 2),
        "p50_us": round(p50, 1),
        "p95_us": round(percentile(timings, 0.95) / 1000, 1),
        "p99_us": round(percentile(timings, 0.99) / 1000, 1),
        "max_us": round(timings[-1] / 1000, 1),
        "mean_us": round(total_ns / len(timings) / 1000, 1),
        "decisions_per_second": round(len(timings) / (total_ns / 1e9)),
        "p50_us_by_policy": per_policy,
        "target_p50_us": TARGET_P50_MICROSECONDS,
        "meets_target": p50 < TARGET_P50_MICROSECONDS,
        "python": sys.version.split()[0],
    }


register(
    Benchmark(
        name="screening",
        description="Time the eligibility engine (screen()) on generated referrals, per decision.",
        run=run,
        options={"referrals": 10_000, "seed": 1, "policies": "all"},
    )
)

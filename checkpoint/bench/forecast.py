"""Benchmark: train the forecast on synthetic custody events, then time single forecasts.

Training: `checkpoint forecast synth` data (100,000 events by default, calibrated to
domain.md section 8) are written to a temporary CSV; the timed work is what
`checkpoint forecast train` does apart from its one database row: read and validate the
CSV, the temporal hold-out evaluation, the final fit on every event, the skops artefact and
the HTML report. Target: under 2 minutes for the ensemble.

Latency: each forecast goes through the real prediction path, in process: the person's
canonical fields are built from a custody history (`features_from_history`), the model is
fetched with `artefact_load` (hash-checked once, then cached, as live forecasts are), and
`predict` returns the band, probabilities and plain-English factors. Histories are drawn
from the synthetic rows' counts. Timed with time.perf_counter_ns; target p50 under 5 ms.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from checkpoint.bench.registry import Benchmark, Figures, register
from checkpoint.domain.disposals import Disposal
from checkpoint.domain.offences import OffenceFamily
from checkpoint.forecasting.artefacts import artefact_cache_clear, artefact_load, artefact_save
from checkpoint.forecasting.evaluation import evaluate
from checkpoint.forecasting.features import PastEvent, features_from_history
from checkpoint.forecasting.importer import read_training_csv
from checkpoint.forecasting.predict import predict
from checkpoint.forecasting.report import render_report
from checkpoint.forecasting.synth import synth_write
from checkpoint.forecasting.training import TrainingConfig, train_model
from checkpoint.forecasting.vocabulary import ModelKind

TARGET_P50_MS = 5.0
TARGET_TRAIN_SECONDS = 120
WARM_UP = 50
AS_OF = date(2024, 6, 1)
FAMILIES = [
    OffenceFamily.THEFT,
    OffenceFamily.ASSAULT,
    OffenceFamily.CRIMINAL_DAMAGE,
    OffenceFamily.DRUG_POSSESSION,
    OffenceFamily.PUBLIC_ORDER,
    OffenceFamily.BURGLARY,
]


def _history(rng: random.Random, row: dict[str, Any]) -> list[PastEvent]:
    """Return custody events consistent in number with a synthetic row's counts."""
    sanctions = int(row["prior_sanctions"])
    others = int(row["prior_arrests"]) - sanctions
    career_days = max(int((row["age"] - row["age_at_first_offence"]) * 365), 30)
    events = []
    for i in range(sanctions + others):
        disposal = (
            rng.choice([Disposal.CAUTION, Disposal.CONVICTED, Disposal.COMMUNITY_RESOLUTION])
            if i < sanctions
            else Disposal.NO_FURTHER_ACTION
        )
        events.append(
            PastEvent(
                on=AS_OF - timedelta(days=rng.randint(1, career_days)),
                family=rng.choice(FAMILIES),
                disposal=disposal,
                serious=rng.random() < 0.05,
            )
        )
    return events


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(options: dict[str, Any]) -> Figures:
    """Train each kind on synthetic events and time single forecasts through `predict`."""
    rows = int(options.get("rows", 100_000))
    forecasts = int(options.get("forecasts", 2_000))
    seed = int(options.get("seed", 1))
    kinds = [ModelKind(k) for k in str(options.get("kinds", "ensemble,logistic,ogrs3")).split(",")]
    figures: Figures = {"rows": rows, "forecasts": forecasts}
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "synth.csv"
        synth_write(data, rows, seed=seed)
        for kind in kinds:
            config = TrainingConfig(kind=kind, seed=seed)
            started = time.perf_counter()
            training = read_training_csv(data)
            evaluation = evaluate(training, config, protocols=("temporal",))
            model = train_model(training, config)
            artefact = Path(scratch) / f"{kind.value}.skops"
            sha256 = artefact_save(model, artefact)
            render_report(title="bench", summary=[], evaluations={kind.label: evaluation}, notes=[])
            figures[f"{kind.value}_train_seconds"] = round(time.perf_counter() - started, 1)
            figures[f"{kind.value}_auc"] = round(evaluation["temporal"]["any"]["auc"], 4)
            sample = training.frame.sample(
                n=min(forecasts + WARM_UP, len(training.frame)), random_state=seed
            ).to_dict("records")
            artefact_cache_clear()
            timings = []
            for i, row in enumerate(sample):
                history = _history(rng, row)
                begin = time.perf_counter_ns()
                fields = features_from_history(
                    date_of_birth=date(AS_OF.year - int(row["age"]), 1, 1),
                    sex=row["sex"],
                    as_of=AS_OF,
                    events=history,
                    current_family=row["current_offence"],
                    current_code=row["current_offence_code"],
                )
                live = artefact_load(artefact, sha256=sha256)
                inputs = {name: fields[name] for name in live.fields}
                predict(live, inputs)
                elapsed = (time.perf_counter_ns() - begin) / 1e6
                if i >= WARM_UP:
                    timings.append(elapsed)
            figures[f"{kind.value}_p50_ms"] = round(statistics.median(timings), 3)
            figures[f"{kind.value}_p95_ms"] = round(_percentile(timings, 0.95), 3)
            figures[f"{kind.value}_artefact_kb"] = round(artefact.stat().st_size / 1024, 1)
    figures["target_p50_ms"] = TARGET_P50_MS
    figures["target_train_seconds"] = TARGET_TRAIN_SECONDS
    return figures


register(
    Benchmark(
        name="forecast",
        description="Train on 100,000 synthetic custody events; p50/p95 per advisory forecast.",
        run=run,
        options={
            "rows": 100_000,
            "forecasts": 2_000,
            "seed": 1,
            "kinds": "ensemble,logistic,ogrs3",
        },
    )
)

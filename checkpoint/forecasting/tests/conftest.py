"""Shared fixtures: a small synthetic training set and models fitted on it once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from checkpoint.forecasting.artefacts import artefact_cache_clear
from checkpoint.forecasting.estimators import ForecastModel
from checkpoint.forecasting.importer import TrainingSet, validate_canonical
from checkpoint.forecasting.mapping import identity_mapping
from checkpoint.forecasting.synth import synth_frame
from checkpoint.forecasting.training import TrainingConfig, train_model
from checkpoint.forecasting.vocabulary import ModelKind

# Small trees keep the suite fast; the benchmark measures the real defaults.
FAST = {"max_iter": 30}


def fast_config(kind: ModelKind, **changes: object) -> TrainingConfig:
    """Return a configuration that trains in well under a second on the small set."""
    params = FAST if kind is ModelKind.ENSEMBLE else {}
    return TrainingConfig(kind=kind, params=dict(params), folds=3, **changes)  # type: ignore[arg-type]


def small_training(rows: int = 1500, seed: int = 3) -> TrainingSet:
    """Return a validated synthetic training set."""
    frame, _ = synth_frame(rows, seed=seed)
    text = frame.astype(str)
    return validate_canonical(
        text, source="synth.csv", mapping=identity_mapping(list(text.columns))
    )


@pytest.fixture(scope="session")
def training() -> TrainingSet:
    """A small synthetic training set with ethnicity and area held for auditing."""
    return small_training()


@pytest.fixture(scope="session")
def small() -> TrainingSet:
    """A smaller set for tests that register models in the database."""
    return small_training(rows=600, seed=5)


@pytest.fixture(scope="session")
def models(training: TrainingSet) -> dict[ModelKind, ForecastModel]:
    """One fitted model of each kind."""
    return {kind: train_model(training, fast_config(kind)) for kind in ModelKind}


@pytest.fixture
def model_dir(settings: object, tmp_path: Path) -> Path:
    """Write artefacts and reports under a temporary directory."""
    directory = tmp_path / "models"
    settings.CHECKPOINT_MODEL_DIR = directory  # type: ignore[attr-defined]
    artefact_cache_clear()
    yield directory
    artefact_cache_clear()

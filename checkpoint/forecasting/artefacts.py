"""Save and load model artefacts with skops, never pickle, and check them before use.

Loading refuses a file whose SHA-256 differs from the registry's, and refuses any type
outside skops' defaults and our short allow-list (estimators.TRUSTED_TYPES), so a tampered
or foreign file cannot run code. Loaded models are cached by hash for fast forecasts.
"""

from __future__ import annotations

import hashlib
import threading
import zipfile
from pathlib import Path

import skops.io as sio

from checkpoint.domain.errors import DomainError
from checkpoint.forecasting.estimators import TRUSTED_TYPES, ForecastModel

_CACHE: dict[str, ForecastModel] = {}
_LOCK = threading.Lock()


class ArtefactRefused(DomainError):
    """The artefact file is missing, altered, or holds types we do not trust."""


def sha256_bytes(data: bytes) -> str:
    """Return the hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file."""
    return sha256_bytes(path.read_bytes())


def artefact_save(model: ForecastModel, path: Path) -> str:
    """Write the model with skops and return the file's SHA-256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = sio.dumps(model, compression=zipfile.ZIP_DEFLATED)
    untrusted = set(sio.get_untrusted_types(data=data)) - TRUSTED_TYPES
    if untrusted:
        # Refuse to write what we would refuse to read.
        raise ArtefactRefused(f"The model holds types not on the allow-list: {sorted(untrusted)}.")
    path.write_bytes(data)
    return sha256_bytes(data)


def artefact_load(path: Path, *, sha256: str, use_cache: bool = True) -> ForecastModel:
    """Load a model after checking its hash and that every type in it is trusted."""
    if use_cache:
        with _LOCK:
            cached = _CACHE.get(sha256)
        if cached is not None:
            return cached
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArtefactRefused(f"The model file {path} is missing.") from None
    actual = sha256_bytes(data)
    if actual != sha256:
        raise ArtefactRefused(
            f"The model file {path.name} has changed since it was registered "
            f"(SHA-256 {actual[:12]}..., expected {sha256[:12]}...)."
        )
    untrusted = sio.get_untrusted_types(data=data)
    refused = sorted(set(untrusted) - TRUSTED_TYPES)
    if refused:
        raise ArtefactRefused(f"The model file {path.name} holds untrusted types: {refused}.")
    model = sio.loads(data, trusted=list(untrusted))
    if not isinstance(model, ForecastModel):
        raise ArtefactRefused(f"The model file {path.name} does not hold a forecast model.")
    if use_cache:
        with _LOCK:
            _CACHE[sha256] = model
    return model


def artefact_cache_clear() -> None:
    """Forget loaded models (tests, and after an artefact is replaced on disk)."""
    with _LOCK:
        _CACHE.clear()

"""Load the self-report instrument files; errors name the file, the field and the problem."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from checkpoint.domain.errors import DomainError
from checkpoint.domain.needs import Instrument
from checkpoint.tomlfiles import FileInvalid, parse_toml, read_text

INSTRUMENT_DIR = Path(__file__).parent / "data"
DEFAULT_INSTRUMENT = "self-report-v1"


class InstrumentInvalid(FileInvalid):
    """An instrument file is broken; the message lists every problem."""

    kind = "self-report instrument"


@dataclass(frozen=True)
class LoadedInstrument:
    """A validated instrument, where it came from and a fingerprint of its text."""

    instrument: Instrument
    path: Path
    sha256: str


def parse_instrument(text: str, *, source: str) -> Instrument:
    """Validate instrument text (TOML), or raise InstrumentInvalid naming each problem."""
    return parse_toml(text, Instrument, source=source, invalid=InstrumentInvalid, noun="instrument")


def load_instrument(path: Path) -> LoadedInstrument:
    """Read and validate one instrument file; its name must be `<name>-v<version>.toml`."""
    text, digest = read_text(path, invalid=InstrumentInvalid, missing="instrument")
    instrument = parse_instrument(text, source=path.name)
    expected = f"{instrument.name}-v{instrument.version}"
    if path.stem != expected:
        raise InstrumentInvalid(
            path.name,
            [
                f"instrument.name and instrument.version say '{expected}', so the file must "
                f"be called {expected}.toml"
            ],
        )
    return LoadedInstrument(instrument=instrument, path=path, sha256=digest)


@lru_cache(maxsize=16)
def _cached(path: str, mtime_ns: int) -> LoadedInstrument:
    return load_instrument(Path(path))


def instrument_dir() -> Path:
    """Return the directory instrument files are read from (setting CHECKPOINT_SELF_REPORT_DIR)."""
    return Path(getattr(settings, "CHECKPOINT_SELF_REPORT_DIR", INSTRUMENT_DIR))


def instrument_named(name: str, version: int) -> LoadedInstrument:
    """Return one instrument by name and version (a stored response's instrument)."""
    path = instrument_dir() / f"{name}-v{version}.toml"
    if not path.exists():
        raise DomainError(
            f"The self-report instrument {name} v{version} is not installed "
            f"(there is no {path.name} in {instrument_dir()})."
        )
    return _cached(str(path), path.stat().st_mtime_ns)


def current_instrument() -> LoadedInstrument:
    """Return the instrument new responses use (setting CHECKPOINT_SELF_REPORT_INSTRUMENT)."""
    stem = getattr(settings, "CHECKPOINT_SELF_REPORT_INSTRUMENT", DEFAULT_INSTRUMENT)
    path = instrument_dir() / f"{stem}.toml"
    if not path.exists():
        raise DomainError(
            f"The self-report instrument '{stem}' is not installed (no {path.name} in "
            f"{instrument_dir()}); check CHECKPOINT_SELF_REPORT_INSTRUMENT."
        )
    return _cached(str(path), path.stat().st_mtime_ns)

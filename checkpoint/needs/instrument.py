"""Load the self-report instrument files; errors name the file, the field and the problem."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from pydantic import ValidationError

from checkpoint.domain.errors import DomainError
from checkpoint.domain.needs import Instrument

INSTRUMENT_DIR = Path(__file__).parent / "data"
DEFAULT_INSTRUMENT = "self-report-v1"


class InstrumentInvalid(DomainError):
    """An instrument file is broken; the message lists every problem."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"{source} is not a valid self-report instrument:\n"
            + "\n".join(f"  {source}: {p}" for p in problems)
        )


@dataclass(frozen=True)
class LoadedInstrument:
    """A validated instrument, where it came from and a fingerprint of its text."""

    instrument: Instrument
    path: Path
    sha256: str


def _field(location: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in location) or "(top level)"


def parse_instrument(text: str, *, source: str) -> Instrument:
    """Validate instrument text (TOML), or raise InstrumentInvalid naming each problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InstrumentInvalid(source, [f"not valid TOML: {error}"]) from None
    try:
        return Instrument.model_validate(data)
    except ValidationError as error:
        problems: list[str] = []
        for issue in error.errors():
            where = _field(issue["loc"])
            if issue["type"] == "extra_forbidden":
                problems.append(f"{where}: is not a setting an instrument can have")
            elif issue["type"] == "missing":
                problems.append(f"{where}: is required")
            elif issue["type"] == "value_error":
                message = str(issue["msg"]).removeprefix("Value error, ")
                # The cross-checks report several problems at once, each naming its field.
                problems += [
                    part if not issue["loc"] else f"{where}: {part}" for part in message.split("; ")
                ]
            else:
                problems.append(f"{where}: {issue['msg']}")
        raise InstrumentInvalid(source, problems) from None


def load_instrument(path: Path) -> LoadedInstrument:
    """Read and validate one instrument file; its name must be `<name>-v<version>.toml`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DomainError(f"There is no instrument file {path}.") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InstrumentInvalid(path.name, ["the file is not UTF-8 text"]) from None
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
    return LoadedInstrument(
        instrument=instrument, path=path, sha256=hashlib.sha256(raw).hexdigest()
    )


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

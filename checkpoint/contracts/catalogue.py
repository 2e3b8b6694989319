"""Load condition catalogue files; errors name the file, the field and the problem."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from pydantic import ValidationError

from checkpoint.domain.contracts import Catalogue
from checkpoint.domain.errors import DomainError

CATALOGUE_DIR = Path(__file__).parent / "data"


class CatalogueInvalid(DomainError):
    """A catalogue file is broken; the message lists every problem."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"{source} is not a valid condition catalogue:\n"
            + "\n".join(f"  {p}" for p in problems)
        )


@dataclass(frozen=True)
class LoadedCatalogue:
    """A validated catalogue with where it came from and a fingerprint of its text."""

    catalogue: Catalogue
    path: Path
    sha256: str

    @property
    def name(self) -> str:
        """Return the catalogue's name."""
        return self.catalogue.catalogue.name

    @property
    def version(self) -> int:
        """Return the catalogue's version number."""
        return self.catalogue.catalogue.version


def _field(location: tuple[int | str, ...], data: object) -> str:
    """Name a field by its path, with the condition's code instead of its list index."""
    parts: list[str] = []
    node = data
    for part in location:
        if isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            code = node.get("code") if isinstance(node, dict) else None
            parts[-1] = f"{parts[-1]}[{code or part}]" if parts else str(part)
            continue
        node = node.get(part) if isinstance(node, dict) else None
        parts.append(str(part))
    return ".".join(parts) or "(top level)"


def parse_catalogue(text: str, *, source: str) -> Catalogue:
    """Validate catalogue text (TOML), or raise CatalogueInvalid naming each field and problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogueInvalid(source, [f"not valid TOML: {error}"]) from None
    try:
        return Catalogue.model_validate(data)
    except ValidationError as error:
        problems = []
        for issue in error.errors():
            detail = issue["msg"].removeprefix("Value error, ")
            if issue["type"] == "extra_forbidden":
                detail = "is not a setting a catalogue can have (check the spelling)"
            elif issue["type"] == "missing":
                detail = "is required"
            problems.append(f"{_field(issue['loc'], data)}: {detail}")
        raise CatalogueInvalid(source, problems) from None


def load_catalogue(path: Path) -> LoadedCatalogue:
    """Read and validate one catalogue file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DomainError(f"There is no condition catalogue file {path}.") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogueInvalid(path.name, ["the file is not UTF-8 text"]) from None
    catalogue = parse_catalogue(text, source=path.name)
    if catalogue.catalogue.name != path.stem:
        raise CatalogueInvalid(
            path.name,
            [
                f"catalogue.name: '{catalogue.catalogue.name}' must match the file name "
                f"'{path.stem}'"
            ],
        )
    return LoadedCatalogue(catalogue=catalogue, path=path, sha256=hashlib.sha256(raw).hexdigest())


def catalogue_dir() -> Path:
    """Return where the force keeps its catalogues (the shipped ones unless set)."""
    return Path(getattr(settings, "CHECKPOINT_CONDITIONS_DIR", CATALOGUE_DIR))


def catalogue_named(name: str, directory: Path | None = None) -> LoadedCatalogue:
    """Return one catalogue by name (as a policy's casework.conditions_catalogue names it)."""
    directory = directory or catalogue_dir()
    path = directory / f"{name}.toml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in directory.glob("*.toml"))) or "none"
        raise DomainError(f"There is no condition catalogue '{name}'. Known catalogues: {known}.")
    return load_catalogue(path)


def load_all(directory: Path | None = None) -> dict[str, LoadedCatalogue]:
    """Load every catalogue in a directory, keyed by name."""
    directory = directory or catalogue_dir()
    return {p.stem: load_catalogue(p) for p in sorted(directory.glob("*.toml"))}

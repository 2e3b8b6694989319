"""Load condition catalogue files; errors name the file, the field and the problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from checkpoint.domain.contracts import Catalogue
from checkpoint.domain.errors import DomainError
from checkpoint.tomlfiles import FileInvalid, parse_toml, read_text

CATALOGUE_DIR = Path(__file__).parent / "data"


class CatalogueInvalid(FileInvalid):
    """A catalogue file is broken; the message lists every problem."""

    kind = "condition catalogue"


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


def parse_catalogue(text: str, *, source: str) -> Catalogue:
    """Validate catalogue text (TOML), or raise CatalogueInvalid naming each field and problem."""
    return parse_toml(text, Catalogue, source=source, invalid=CatalogueInvalid, noun="catalogue")


def load_catalogue(path: Path) -> LoadedCatalogue:
    """Read and validate one catalogue file."""
    text, digest = read_text(path, invalid=CatalogueInvalid, missing="condition catalogue")
    catalogue = parse_catalogue(text, source=path.name)
    if catalogue.catalogue.name != path.stem:
        raise CatalogueInvalid(
            path.name,
            [
                f"catalogue.name: '{catalogue.catalogue.name}' must match the file name "
                f"'{path.stem}'"
            ],
        )
    return LoadedCatalogue(catalogue=catalogue, path=path, sha256=digest)


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

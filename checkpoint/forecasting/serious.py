"""The serious-offence list that splits a reoffence into HART's 'moderate' and 'high' classes.

The default follows the offence catalogue's `default_serious` flag (docs/offence-catalogue.md):
homicide, serious violence, robbery, sexual offences, weapon threats, arson endangering life,
Class A supply, riot and causing death by dangerous driving. A force may load its own list
from TOML (docs/forecasting.md, "Serious-offence list"); the list in force is stored in every
model's configuration, so a forecast's meaning of 'high' can always be read back.
"""

from __future__ import annotations

import functools
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checkpoint.domain.errors import DomainError
from checkpoint.domain.offences import OffenceFamily
from checkpoint.offences.catalogue import DEFAULT_CATALOGUE, read_catalogue

# Families in which every catalogue offence is serious; used when only a family is known.
DEFAULT_SERIOUS_FAMILIES = frozenset(
    {
        OffenceFamily.HOMICIDE,
        OffenceFamily.SERIOUS_VIOLENCE,
        OffenceFamily.ROBBERY,
        OffenceFamily.SEXUAL,
    }
)


@dataclass(frozen=True)
class SeriousList:
    """Which reoffences count as serious, by catalogue code or, failing that, by family."""

    codes: frozenset[str]
    families: frozenset[OffenceFamily]
    source: str = "default"
    not_serious_codes: frozenset[str] = field(default_factory=frozenset)

    def is_serious(self, *, code: str = "", family: OffenceFamily | str | None = None) -> bool:
        """Return whether a reoffence is serious; a listed code decides before its family.

        A code without a family takes its family from the offence catalogue, so a list of
        serious families also covers reoffences recorded only by code.
        """
        code = code.strip().upper()
        if code:
            if code in self.not_serious_codes:
                return False
            if code in self.codes:
                return True
        if not family and code:
            family = catalogue_families().get(code)
        if family:
            return OffenceFamily(family) in self.families
        return False

    def as_config(self) -> dict[str, Any]:
        """Return the list as plain data for a model's stored configuration."""
        return {
            "source": self.source,
            "codes": sorted(self.codes),
            "families": sorted(f.value for f in self.families),
            "not_serious_codes": sorted(self.not_serious_codes),
        }

    @property
    def fingerprint(self) -> str:
        """Return a short hash of the list, so two models' lists can be compared."""
        text = json.dumps({k: v for k, v in self.as_config().items() if k != "source"})
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@functools.cache
def catalogue_families(catalogue: Path = DEFAULT_CATALOGUE) -> dict[str, OffenceFamily]:
    """Return each catalogue code's family."""
    return {r.code: r.family for r in read_catalogue(catalogue)}


def default_serious_list(catalogue: Path = DEFAULT_CATALOGUE) -> SeriousList:
    """Return the list built from the offence catalogue's `default_serious` flags."""
    rows = read_catalogue(catalogue)
    return SeriousList(
        codes=frozenset(r.code for r in rows if r.default_serious),
        families=DEFAULT_SERIOUS_FAMILIES,
        source=f"offence catalogue ({catalogue.name})",
    )


def serious_list_from_toml(path: Path) -> SeriousList:
    """Read a serious-offence list: `families`, `codes` and `not_serious_codes` under [serious]."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DomainError(f"There is no file {path}.") from None
    except tomllib.TOMLDecodeError as error:
        raise DomainError(f"{path.name} is not valid TOML: {error}.") from None
    section = data.get("serious")
    if not isinstance(section, dict):
        raise DomainError(f"{path.name} needs a [serious] table.")
    families: set[OffenceFamily] = set()
    for value in section.get("families", []):
        try:
            families.add(OffenceFamily(value))
        except ValueError:
            raise DomainError(f"{path.name}: '{value}' is not an offence family.") from None
    base = default_serious_list() if section.get("extend_default", False) else None
    codes = {str(c).strip().upper() for c in section.get("codes", [])}
    return SeriousList(
        codes=frozenset(codes | (set(base.codes) if base else set())),
        families=frozenset(families | (set(base.families) if base else set())),
        source=path.name,
        not_serious_codes=frozenset(
            str(c).strip().upper() for c in section.get("not_serious_codes", [])
        ),
    )

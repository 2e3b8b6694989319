"""Load scheme policy files and find the one in force; errors name the file, field and problem."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from checkpoint.domain.errors import DomainError
from checkpoint.domain.policy import Policy
from checkpoint.tomlfiles import FileInvalid, parse_toml, read_text

POLICY_DIR = Path(__file__).parent / "data"


class PolicyInvalid(FileInvalid):
    """A policy file is broken; the message lists every problem."""

    kind = "policy"


@dataclass(frozen=True)
class LoadedPolicy:
    """A validated policy with where it came from and a fingerprint of its text."""

    policy: Policy
    path: Path
    sha256: str

    @property
    def name(self) -> str:
        """Return the policy's name."""
        return self.policy.policy.name


def parse_policy(text: str, *, source: str) -> Policy:
    """Validate policy text (TOML), or raise PolicyInvalid naming each field and problem."""
    return parse_toml(text, Policy, source=source, invalid=PolicyInvalid, noun="policy")


_CACHE: dict[Path, tuple[float, LoadedPolicy]] = {}


def load_policy(path: Path) -> LoadedPolicy:
    """Read and validate one policy file (cached until the file changes)."""
    try:
        stamp = path.stat().st_mtime
    except FileNotFoundError:
        raise DomainError(f"There is no policy file {path}.") from None
    cached = _CACHE.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    loaded = _read_policy(path)
    _CACHE[path] = (stamp, loaded)
    return loaded


def _read_policy(path: Path) -> LoadedPolicy:
    text, digest = read_text(path, invalid=PolicyInvalid, missing="policy")
    policy = parse_policy(text, source=path.name)
    if policy.policy.name != path.stem:
        raise PolicyInvalid(
            path.name,
            [f"policy.name: '{policy.policy.name}' must match the file name '{path.stem}'"],
        )
    return LoadedPolicy(policy=policy, path=path, sha256=digest)


def load_all(directory: Path = POLICY_DIR) -> dict[str, LoadedPolicy]:
    """Load every policy in a directory, keyed by name."""
    return {p.stem: load_policy(p) for p in sorted(directory.glob("*.toml"))}


def policy_named(name: str, directory: Path = POLICY_DIR) -> LoadedPolicy:
    """Return one policy by name, or say which names exist."""
    path = directory / f"{name}.toml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in directory.glob("*.toml")))
        raise DomainError(f"There is no policy '{name}'. Known policies: {known}.")
    return load_policy(path)


def policy_from_reference(reference: str, directory: Path = POLICY_DIR) -> LoadedPolicy:
    """Return a policy by name from the directory, or from a path to a .toml file."""
    path = Path(reference)
    if path.suffix == ".toml" or "/" in reference or "\\" in reference:
        if path.is_dir():
            raise DomainError(f"{path} is a directory, not a policy file.")
        try:
            return load_policy(path)
        except PermissionError as error:
            raise DomainError(f"Cannot read the policy file {path}: {error.strerror}.") from None
    return policy_named(reference, directory)


def policy_in_force(scheme: str, day: date, directory: Path = POLICY_DIR) -> LoadedPolicy:
    """Return the scheme's policy in force on a day; overlaps or gaps are errors."""
    matches = [
        p
        for p in load_all(directory).values()
        if p.policy.policy.scheme == scheme and p.policy.in_force_on(day)
    ]
    if not matches:
        raise DomainError(f"No '{scheme}' policy is in force on {day:%d %B %Y}.")
    if len(matches) > 1:
        names = ", ".join(p.name for p in matches)
        raise DomainError(
            f"More than one '{scheme}' policy is in force on {day:%d %B %Y}: {names}."
        )
    return matches[0]

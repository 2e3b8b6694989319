"""Column-mapping files: how any CSV's columns become the canonical training fields.

A mapping is a small TOML file (format in docs/forecasting.md, examples in `mappings/`). It
names, for each canonical field, the source column, a constant, a value translation, a
scale, a derivation rule, or (for data with a yes/no reoffending flag) how to read the
outcome. Without a mapping file a CSV must already use the canonical column names.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from dateutil.relativedelta import relativedelta

from checkpoint.domain.errors import DomainError
from checkpoint.forecasting.schema import FIELDS_BY_NAME, Outcome

MAPPINGS_DIR = Path(__file__).parent / "mappings"
SECTIONS = frozenset({"mapping", "columns", "constants", "values", "scale", "derive", "outcome"})


class MappingInvalid(DomainError):
    """The mapping file cannot be used; nothing was read."""


@dataclass(frozen=True)
class CaseRule:
    """Set the field to `value` when the source `column` holds one of `equals`."""

    column: str
    equals: tuple[str, ...]
    value: str


@dataclass(frozen=True)
class DeriveRule:
    """Derive a field from other source columns: by cases, or a date counted back in months."""

    cases: tuple[CaseRule, ...] = ()
    default: str = ""
    anchor: date | None = None
    minus_months_column: str = ""

    @property
    def columns(self) -> set[str]:
        """Return the source columns the rule reads."""
        used = {c.column for c in self.cases}
        if self.minus_months_column:
            used.add(self.minus_months_column)
        return used


@dataclass(frozen=True)
class EventOutcome:
    """Read a yes/no reoffending flag, optionally only within a time window."""

    event_column: str
    event_values: tuple[str, ...]
    time_column: str = ""
    window: float | None = None
    reoffence_is: Outcome = Outcome.NON_SERIOUS


@dataclass(frozen=True)
class Mapping:
    """A validated column mapping."""

    name: str
    description: str = ""
    source: str = ""
    follow_up_months: int = 24
    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    scale: dict[str, float] = field(default_factory=dict)
    derive: dict[str, DeriveRule] = field(default_factory=dict)
    outcome: EventOutcome | None = None

    @property
    def mapped_fields(self) -> set[str]:
        """Return the canonical fields this mapping provides."""
        provided = set(self.columns) | set(self.constants) | set(self.derive)
        if self.outcome is not None:
            provided.add("outcome")
        return provided

    @property
    def source_columns(self) -> set[str]:
        """Return every source column the mapping reads."""
        used = set(self.columns.values())
        for rule in self.derive.values():
            used |= rule.columns
        if self.outcome is not None:
            used.add(self.outcome.event_column)
            if self.outcome.time_column:
                used.add(self.outcome.time_column)
        return used


def _problem(path: str, message: str) -> MappingInvalid:
    return MappingInvalid(f"Mapping {path}: {message}")


def _check_field(path: str, name: str, section: str) -> None:
    if name not in FIELDS_BY_NAME:
        known = ", ".join(sorted(FIELDS_BY_NAME))
        raise _problem(path, f"[{section}] names '{name}', which is not a field ({known}).")


def _strings(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(str(v) for v in items)


def _derive_rule(path: str, name: str, raw: Any) -> DeriveRule:
    if not isinstance(raw, dict):
        raise _problem(path, f"[derive.{name}] must be a table.")
    if "anchor" in raw:
        anchor = raw["anchor"]
        if isinstance(anchor, str):
            try:
                anchor = date.fromisoformat(anchor)
            except ValueError:
                raise _problem(path, f"[derive.{name}] anchor '{anchor}' is not a date.") from None
        if not isinstance(anchor, date) or not raw.get("minus_months_column"):
            raise _problem(path, f"[derive.{name}] needs a date anchor and minus_months_column.")
        return DeriveRule(anchor=anchor, minus_months_column=str(raw["minus_months_column"]))
    cases = []
    for case in raw.get("cases", []):
        if not isinstance(case, dict) or not {"column", "equals", "value"} <= set(case):
            raise _problem(path, f"[derive.{name}] each case needs column, equals and value.")
        cases.append(CaseRule(str(case["column"]), _strings(case["equals"]), str(case["value"])))
    if not cases:
        raise _problem(path, f"[derive.{name}] needs cases, or an anchor and minus_months_column.")
    return DeriveRule(cases=tuple(cases), default=str(raw.get("default", "")))


def _event_outcome(path: str, raw: Any) -> EventOutcome:
    if not isinstance(raw, dict) or "event_column" not in raw or "event_values" not in raw:
        raise _problem(path, "[outcome] needs event_column and event_values.")
    try:
        reoffence_is = Outcome(raw.get("reoffence_is", Outcome.NON_SERIOUS.value))
    except ValueError:
        raise _problem(path, "[outcome] reoffence_is must be non_serious or serious.") from None
    if reoffence_is is Outcome.NONE:
        raise _problem(path, "[outcome] reoffence_is must be non_serious or serious.")
    window = raw.get("window")
    if window is not None and (not isinstance(window, int | float) or window <= 0):
        raise _problem(path, "[outcome] window must be a positive number.")
    if window is not None and not raw.get("time_column"):
        raise _problem(path, "[outcome] a window needs a time_column.")
    return EventOutcome(
        event_column=str(raw["event_column"]),
        event_values=_strings(raw["event_values"]),
        time_column=str(raw.get("time_column", "")),
        window=float(window) if window is not None else None,
        reoffence_is=reoffence_is,
    )


def parse_mapping(text: str, *, path: str = "mapping") -> Mapping:
    """Return a validated mapping from TOML text, or raise MappingInvalid saying what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _problem(path, f"is not valid TOML ({error}).") from None
    unknown = set(data) - SECTIONS
    if unknown:
        raise _problem(path, f"unknown section(s) {', '.join(sorted(unknown))}.")
    meta = data.get("mapping", {})
    if not isinstance(meta, dict) or not meta.get("name"):
        raise _problem(path, "[mapping] needs a name.")
    tables: dict[str, dict[str, Any]] = {}
    for section in ("columns", "constants", "values", "scale", "derive"):
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise _problem(path, f"[{section}] must be a table.")
        for name in table:
            _check_field(path, name, section)
        tables[section] = table
    for name, translation in tables["values"].items():
        if not isinstance(translation, dict):
            raise _problem(path, f"[values.{name}] must map source values to field values.")
    for name, factor in tables["scale"].items():
        if not isinstance(factor, dict) or not isinstance(factor.get("divide_by"), int | float):
            raise _problem(path, f"[scale.{name}] needs a numeric divide_by.")
        if factor["divide_by"] == 0:
            raise _problem(path, f"[scale.{name}] cannot divide by zero.")
    clash = (set(tables["columns"]) & set(tables["constants"])) | (
        set(tables["derive"]) & (set(tables["columns"]) | set(tables["constants"]))
    )
    if clash:
        raise _problem(path, f"{', '.join(sorted(clash))} set in more than one way.")
    outcome = _event_outcome(path, data["outcome"]) if "outcome" in data else None
    if outcome is not None and "outcome" in set(tables["columns"]) | set(tables["constants"]):
        raise _problem(path, "outcome set both by [outcome] and as a column.")
    follow_up = meta.get("follow_up_months", 24)
    if not isinstance(follow_up, int) or follow_up <= 0:
        raise _problem(path, "[mapping] follow_up_months must be a positive whole number.")
    return Mapping(
        name=str(meta["name"]),
        description=str(meta.get("description", "")).strip(),
        source=str(meta.get("source", "")).strip(),
        follow_up_months=follow_up,
        columns={k: str(v) for k, v in tables["columns"].items()},
        constants={k: str(v) for k, v in tables["constants"].items()},
        values={k: {str(s): str(t) for s, t in v.items()} for k, v in tables["values"].items()},
        scale={k: float(v["divide_by"]) for k, v in tables["scale"].items()},
        derive={k: _derive_rule(path, k, v) for k, v in tables["derive"].items()},
        outcome=outcome,
    )


def load_mapping(path: Path) -> Mapping:
    """Read a mapping file; a bare name such as 'rossi' finds a shipped example."""
    candidates = [path]
    if not path.suffix:
        candidates.append(MAPPINGS_DIR / f"{path.name}.toml")
    for candidate in candidates:
        if candidate.is_file():
            return parse_mapping(candidate.read_text(encoding="utf-8"), path=candidate.name)
    raise MappingInvalid(f"There is no mapping file {path}.")


def identity_mapping(columns: list[str], *, name: str = "canonical") -> Mapping:
    """Return the mapping for a CSV that already uses the canonical column names."""
    return Mapping(name=name, columns={c: c for c in columns if c in FIELDS_BY_NAME})


def _months_before(anchor: date, months: str) -> str:
    whole = round(float(months))
    return (anchor - relativedelta(months=whole)).isoformat()


def apply_mapping(raw: pd.DataFrame, mapping: Mapping, *, source: str) -> pd.DataFrame:
    """Return the canonical columns (as text) the mapping makes from a CSV's columns."""
    missing = sorted(mapping.source_columns - set(raw.columns))
    if missing:
        raise MappingInvalid(
            f"{source} has no column(s) {', '.join(missing)}, which mapping "
            f"'{mapping.name}' reads; it has {', '.join(raw.columns)}."
        )
    out = pd.DataFrame(index=raw.index)
    for name, column in mapping.columns.items():
        out[name] = raw[column].astype(str).str.strip()
    for name, value in mapping.constants.items():
        out[name] = value
    for name, rule in mapping.derive.items():
        if rule.anchor is not None:
            anchor = rule.anchor
            months = pd.to_numeric(raw[rule.minus_months_column], errors="coerce")
            out[name] = [
                _months_before(anchor, str(m)) if pd.notna(m) else "" for m in months.tolist()
            ]
        else:
            derived = pd.Series(rule.default, index=raw.index, dtype=object)
            # Cases are applied last to first so that the first matching case wins.
            for case in reversed(rule.cases):
                hit = raw[case.column].astype(str).str.strip().isin(case.equals)
                derived[hit] = case.value
            out[name] = derived
    for name, translation in mapping.values.items():
        if name in out:
            out[name] = out[name].map(lambda v, t=translation: t.get(v, v))
    for name, divisor in mapping.scale.items():
        if name in out:
            numbers = pd.to_numeric(out[name], errors="coerce") / divisor
            out[name] = [
                f"{n:.4g}" if pd.notna(n) else text
                for n, text in zip(numbers, out[name], strict=True)
            ]
    if mapping.outcome is not None:
        event = mapping.outcome
        happened = raw[event.event_column].astype(str).str.strip().isin(event.event_values)
        if event.time_column and event.window is not None:
            when = pd.to_numeric(raw[event.time_column], errors="coerce")
            happened &= when <= event.window
        out["outcome"] = happened.map(
            {True: event.reoffence_is.value, False: Outcome.NONE.value}
        ).astype(str)
    return out

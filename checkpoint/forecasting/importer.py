"""Read historical custody events from CSV through a mapping, and validate every row.

Every problem is reported with its CSV line, the canonical field and what is wrong; nothing
is used unless the whole file is valid. The result is a `TrainingSet`: a typed pandas frame
of canonical columns plus the class to forecast (0 none, 1 non-serious, 2 serious).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from checkpoint.domain.errors import DomainError
from checkpoint.domain.offences import OffenceFamily
from checkpoint.forecasting.mapping import Mapping, apply_mapping, identity_mapping
from checkpoint.forecasting.schema import (
    COUNT_FIELDS,
    FIELDS_BY_NAME,
    ORDER,
    OUTCOME_FIELDS,
    SENSITIVE_FIELDS,
    FieldKind,
    FieldRole,
    Outcome,
)
from checkpoint.forecasting.serious import SeriousList, default_serious_list

MAX_LISTED = 50
MAX_COLLECTED = 1000


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one field of one row (line 1 is the header)."""

    line: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.problem}"


class TrainingDataInvalid(DomainError):
    """The training file has problems; none of it was used."""

    def __init__(self, source: str, problems: list[RowProblem], total: int | None = None) -> None:
        self.problems = problems
        total = total if total is not None else len(problems)
        listed = "\n".join(f"  {p}" for p in problems[:MAX_LISTED])
        more = f"\n  ...and {total - MAX_LISTED} more" if total > MAX_LISTED else ""
        super().__init__(f"{source} has {total} problem(s); nothing was used:\n{listed}{more}")


@dataclass
class TrainingSet:
    """Validated historical custody events in canonical form."""

    frame: pd.DataFrame
    source: str
    mapping: str
    follow_up_months: int
    serious: SeriousList
    fields: tuple[str, ...]
    description: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def y(self) -> np.ndarray:
        """Return the outcome class of every row (0 none, 1 non-serious, 2 serious)."""
        values: np.ndarray = self.frame["y"].to_numpy(dtype=np.int64)
        return values

    @property
    def years(self) -> list[int]:
        """Return the calendar years the events fall in, earliest first."""
        return sorted(int(y) for y in self.frame["event_date"].dt.year.unique())

    @property
    def audit_fields(self) -> tuple[str, ...]:
        """Return the sensitive fields the data hold (for fairness measures)."""
        return tuple(f for f in SENSITIVE_FIELDS if f in self.fields)

    @functools.cached_property
    def fingerprint(self) -> str:
        """Return the SHA-256 of the canonical data, so a model names exactly what it learnt."""
        columns = sorted(self.frame.columns)
        text = self.frame[columns].to_csv(index=False, date_format="%Y-%m-%d")
        return hashlib.sha256(text.encode()).hexdigest()

    def subset(self, mask: np.ndarray) -> TrainingSet:
        """Return the rows selected by a boolean mask, keeping the metadata."""
        return TrainingSet(
            frame=self.frame.loc[mask].reset_index(drop=True),
            source=self.source,
            mapping=self.mapping,
            follow_up_months=self.follow_up_months,
            serious=self.serious,
            fields=self.fields,
            description=self.description,
            notes=list(self.notes),
        )


class _Problems:
    def __init__(self) -> None:
        self.items: list[RowProblem] = []
        self.total = 0

    def add(self, line: int, name: str, problem: str) -> None:
        self.total += 1
        if len(self.items) < MAX_COLLECTED:
            self.items.append(RowProblem(line, name, problem))

    def add_rows(self, rows: Iterable[int], name: str, problem: str, values: pd.Series) -> None:
        for index in rows:
            self.add(int(index) + 2, name, problem.format(value=values.loc[index]))


def _text(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name].fillna("").astype(str).str.strip()


def _dates(frame: pd.DataFrame, name: str, problems: _Problems, required: bool) -> pd.Series:
    text = _text(frame, name)
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    bad = parsed.isna() & (text != "")
    problems.add_rows(bad[bad].index, name, "'{value}' is not a date written YYYY-MM-DD", text)
    if required:
        problems.add_rows(text[text == ""].index, name, "is empty", text)
    return parsed


def _numbers(frame: pd.DataFrame, name: str, problems: _Problems, *, whole: bool) -> pd.Series:
    spec = FIELDS_BY_NAME[name]
    text = _text(frame, name)
    numbers = pd.to_numeric(text, errors="coerce")
    bad = numbers.isna() & (text != "")
    kind = "a whole number" if whole else "a number"
    problems.add_rows(bad[bad].index, name, f"'{{value}}' is not {kind}", text)
    if whole:
        fractional = numbers.notna() & (numbers != numbers.round())
        problems.add_rows(fractional[fractional].index, name, "'{value}' is not whole", text)
        negative = numbers < 0
        problems.add_rows(negative[negative].index, name, "'{value}' is negative", text)
    low, high = spec.minimum, spec.maximum
    if low is not None or high is not None:
        outside = numbers.notna() & (
            (numbers < (low if low is not None else -np.inf))
            | (numbers > (high if high is not None else np.inf))
        )
        problems.add_rows(
            outside[outside].index, name, f"{{value}} is outside {low:g} to {high:g}", text
        )
    return numbers


def _categories(
    frame: pd.DataFrame, name: str, problems: _Problems, *, default: str = ""
) -> pd.Series:
    allowed = FIELDS_BY_NAME[name].allowed
    text = _text(frame, name).str.lower().replace("", default)
    bad = ~text.isin(allowed) & (text != "")
    shown = ", ".join(allowed)
    problems.add_rows(bad[bad].index, name, f"'{{value}}' is not one of {shown}", text)
    return text


def _outcomes(
    frame: pd.DataFrame, problems: _Problems, serious: SeriousList
) -> tuple[pd.Series, str]:
    if "outcome" in frame:
        text = _categories(frame, "outcome", problems)
        empty = text == ""
        problems.add_rows(empty[empty].index, "outcome", "is empty", text)
        return text, "outcome column"
    codes = _text(frame, "reoffence_code") if "reoffence_code" in frame else None
    families = (
        _categories(frame, "reoffence_family", problems) if "reoffence_family" in frame else None
    )
    if codes is None and families is None:
        problems.add(1, "outcome", "no outcome, reoffence_code or reoffence_family column")
        return pd.Series("", index=frame.index), ""
    values = []
    for index in frame.index:
        code = codes.loc[index] if codes is not None else ""
        family = families.loc[index] if families is not None else ""
        if not code and not family:
            values.append(Outcome.NONE.value)
            continue
        family_ok = family if family in OffenceFamily._value2member_map_ else None
        serious_one = serious.is_serious(code=code, family=family_ok)
        values.append((Outcome.SERIOUS if serious_one else Outcome.NON_SERIOUS).value)
    return pd.Series(values, index=frame.index), f"serious-offence list ({serious.source})"


def validate_canonical(
    canonical: pd.DataFrame,
    *,
    source: str,
    mapping: Mapping,
    serious: SeriousList | None = None,
) -> TrainingSet:
    """Type and check canonical columns, or raise TrainingDataInvalid listing every problem."""
    serious = serious or default_serious_list()
    problems = _Problems()
    present = [c for c in canonical.columns if c in FIELDS_BY_NAME]
    for spec in FIELDS_BY_NAME.values():
        if spec.required and spec.name not in present:
            problems.add(1, spec.name, "is required but the data (after mapping) have no column")
    if "age" not in present and "date_of_birth" not in present:
        problems.add(1, "age", "is required (or date_of_birth) but neither column is present")
    if not set(OUTCOME_FIELDS) & set(present):
        problems.add(1, "outcome", "no outcome, reoffence_code or reoffence_family column")
    if problems.total:
        raise TrainingDataInvalid(source, problems.items, problems.total)
    out = pd.DataFrame(index=canonical.index)
    out["person_id"] = _text(canonical, "person_id")
    empty = out["person_id"] == ""
    problems.add_rows(empty[empty].index, "person_id", "is empty", out["person_id"])
    out["event_date"] = _dates(canonical, "event_date", problems, required=True)
    if "age" in present:
        out["age"] = _numbers(canonical, "age", problems, whole=False)
        empty = _text(canonical, "age") == ""
        if "date_of_birth" not in present:
            problems.add_rows(empty[empty].index, "age", "is empty", out["age"])
    if "date_of_birth" in present:
        born = _dates(canonical, "date_of_birth", problems, required="age" not in present)
        years = (out["event_date"] - born).dt.days / 365.25
        out["age"] = out["age"].fillna(years.round(2)) if "age" in out else years.round(2)
        after = born > out["event_date"]
        problems.add_rows(
            after[after].index, "date_of_birth", "'{value}' is after the event date", born
        )
    out["sex"] = _categories(canonical, "sex", problems)
    empty = out["sex"] == ""
    problems.add_rows(empty[empty].index, "sex", "is empty", out["sex"])
    out["current_offence"] = (
        _categories(canonical, "current_offence", problems, default=OffenceFamily.OTHER.value)
        if "current_offence" in present
        else OffenceFamily.OTHER.value
    )
    if "current_offence_code" in present:
        out["current_offence_code"] = _text(canonical, "current_offence_code").str.upper()
    for name in COUNT_FIELDS:
        if name in present:
            numbers = _numbers(canonical, name, problems, whole=True)
            empty = _text(canonical, name) == ""
            problems.add_rows(empty[empty].index, name, "is empty (write 0 for none)", numbers)
            out[name] = numbers.fillna(0).clip(lower=0).astype(np.int64)
    if "age_at_first_offence" in present:
        out["age_at_first_offence"] = _numbers(
            canonical, "age_at_first_offence", problems, whole=False
        )
        later = out["age_at_first_offence"] > out["age"] + 1
        problems.add_rows(
            later[later].index,
            "age_at_first_offence",
            "{value} is after the age at this event",
            out["age_at_first_offence"],
        )
    # A conviction needs a charge and a charge an arrest; typed counts are parts of sanctions.
    for smaller, larger in (
        ("prior_convictions", "prior_charges"),
        ("prior_charges", "prior_arrests"),
        ("prior_sanctions", "prior_arrests"),
        ("prior_violent", "prior_sanctions"),
        ("prior_acquisitive", "prior_sanctions"),
        ("prior_drug", "prior_sanctions"),
        ("prior_serious", "prior_sanctions"),
        ("arrests_last_12_months", "prior_arrests"),
        ("sanctions_last_24_months", "prior_sanctions"),
    ):
        if smaller in out and larger in out:
            over = out[smaller] > out[larger]
            problems.add_rows(
                over[over].index, smaller, f"{{value}} is more than {larger}", out[smaller]
            )
    for name in SENSITIVE_FIELDS:
        if name in present:
            out[name] = _text(canonical, name).replace("", "not recorded")
    outcome, how = _outcomes(canonical, problems, serious)
    if problems.total:
        raise TrainingDataInvalid(source, problems.items, problems.total)
    out["y"] = outcome.map({o.value: o.position for o in ORDER}).astype(np.int64)
    fields = tuple(
        name
        for name in FIELDS_BY_NAME
        if name in out.columns and FIELDS_BY_NAME[name].role in {FieldRole.FEATURE, FieldRole.AUDIT}
    )
    training = TrainingSet(
        frame=out.reset_index(drop=True),
        source=source,
        mapping=mapping.name,
        follow_up_months=mapping.follow_up_months,
        serious=serious,
        fields=fields,
        description=mapping.description,
    )
    if how and mapping.outcome is None:
        training.notes.append(f"Outcome read from the {how}.")
    if mapping.outcome is not None:
        rule = mapping.outcome
        window = f" within {rule.window:g} ({rule.time_column})" if rule.window else ""
        training.notes.append(
            f"Binary outcome: '{rule.event_column}' in {list(rule.event_values)}{window} "
            f"counts as a {rule.reoffence_is.value.replace('_', '-')} reoffence."
        )
    return training


def read_training_csv(
    path: Path, *, mapping: Mapping | None = None, serious: SeriousList | None = None
) -> TrainingSet:
    """Read a CSV of historical custody events through a mapping and validate it."""
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise DomainError(f"There is no file {path}.") from None
    except UnicodeDecodeError as error:
        raise DomainError(f"{path.name} is not UTF-8 text ({error.reason}).") from None
    except pd.errors.EmptyDataError:
        raise DomainError(f"{path.name} is empty.") from None
    if raw.empty:
        raise TrainingDataInvalid(path.name, [RowProblem(2, "person_id", "the file has no rows")])
    mapping = mapping or identity_mapping(list(raw.columns))
    canonical = apply_mapping(raw, mapping, source=path.name)
    return validate_canonical(canonical, source=path.name, mapping=mapping, serious=serious)


def field_kind(name: str) -> FieldKind:
    """Return how a canonical field is read."""
    return FIELDS_BY_NAME[name].kind

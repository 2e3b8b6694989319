"""Contracts: the condition catalogue's schema, building and checking a contract, whether
each condition has been kept, and how variations move the contract clock (domain.md section 5).

A contract is up to five conditions: not reoffending (the only mandatory one), a victim or
restorative condition, up to two pathway interventions, and community work and/or a tag.
The conditions come from a versioned catalogue file (docs/contracts.md); a scheme's policy
sets how many may be chosen and how many hours of community work are allowed.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .clocks import Pause, contract_end
from .errors import DomainError
from .needs import Pathway
from .policy import Casework

CODE_PATTERN = r"^[a-z][a-z0-9_]*$"
DUE = "due"
"""The placeholder every wording may use for the condition's due date."""

MAX_EXTENSION_DAYS = 180
"""A sanity limit on one extension; the s127 check is the real limit for summary offences."""


class Strict(BaseModel):
    """A frozen schema section that refuses unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Category(StrEnum):
    """What part of the contract a condition plays (domain.md section 5)."""

    NO_REOFFENDING = "no_reoffending"
    VICTIM = "victim"
    PATHWAY = "pathway"
    COMMUNITY = "community"
    MONITORING = "monitoring"
    AWARENESS = "awareness"

    @property
    def label(self) -> str:
        """Return the category as users say it."""
        return CATEGORY_LABELS[self]


CATEGORY_LABELS: dict[Category, str] = {
    Category.NO_REOFFENDING: "Not reoffending",
    Category.VICTIM: "Victim and restorative",
    Category.PATHWAY: "Pathway intervention",
    Category.COMMUNITY: "Community work",
    Category.MONITORING: "Monitoring",
    Category.AWARENESS: "Awareness course",
}


class EvidenceKind(StrEnum):
    """What a navigator records against a condition."""

    SESSION_ATTENDED = "session_attended"
    SESSION_MISSED = "session_missed"
    EVIDENCE_RECEIVED = "evidence_received"
    DAYS_COMPLETED = "days_completed"

    @property
    def label(self) -> str:
        """Return the kind in words."""
        return EVIDENCE_LABELS[self]


EVIDENCE_LABELS: dict[EvidenceKind, str] = {
    EvidenceKind.SESSION_ATTENDED: "Session attended",
    EvidenceKind.SESSION_MISSED: "Session missed",
    EvidenceKind.EVIDENCE_RECEIVED: "Evidence received",
    EvidenceKind.DAYS_COMPLETED: "Days completed",
}


class RuleKind(StrEnum):
    """How a condition is shown to have been kept: each is measurable from the records."""

    NO_NEW_OFFENCE = "no_new_offence"
    HOURS_LOGGED = "hours_logged"
    SESSIONS_ATTENDED = "sessions_attended"
    EVIDENCE_RECORDED = "evidence_recorded"
    DAYS_COMPLETED = "days_completed"

    @property
    def counts(self) -> EvidenceKind | None:
        """Return the evidence that counts toward the rule (hours come from the work log)."""
        return RULE_COUNTS.get(self)

    @property
    def accepts(self) -> frozenset[EvidenceKind]:
        """Return the evidence a navigator may record against a condition with this rule."""
        return RULE_ACCEPTS.get(self, frozenset())


RULE_COUNTS: dict[RuleKind, EvidenceKind] = {
    RuleKind.SESSIONS_ATTENDED: EvidenceKind.SESSION_ATTENDED,
    RuleKind.EVIDENCE_RECORDED: EvidenceKind.EVIDENCE_RECEIVED,
    RuleKind.DAYS_COMPLETED: EvidenceKind.DAYS_COMPLETED,
}
# A missed session is recorded too: it does not count, but it is what a breach rests on.
RULE_ACCEPTS: dict[RuleKind, frozenset[EvidenceKind]] = {
    RuleKind.SESSIONS_ATTENDED: frozenset(
        {EvidenceKind.SESSION_ATTENDED, EvidenceKind.SESSION_MISSED}
    ),
    RuleKind.EVIDENCE_RECORDED: frozenset({EvidenceKind.EVIDENCE_RECEIVED}),
    RuleKind.DAYS_COMPLETED: frozenset({EvidenceKind.DAYS_COMPLETED}),
}
UNITS: dict[RuleKind, tuple[str, str]] = {
    RuleKind.HOURS_LOGGED: ("hour", "hours"),
    RuleKind.SESSIONS_ATTENDED: ("session", "sessions"),
    RuleKind.DAYS_COMPLETED: ("day", "days"),
}


class ParameterType(StrEnum):
    """The kind of value a condition's parameter holds."""

    INTEGER = "integer"
    TEXT = "text"
    CHOICE = "choice"


Value = int | str


class Parameter(Strict):
    """One value the navigator fills in when choosing a condition (hours, a service...)."""

    name: str = Field(pattern=CODE_PATTERN)
    label: str
    type: ParameterType
    hint: str = ""
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = Field(default=200, ge=1, le=1000)
    options: list[str] = []
    default: int | str | None = None
    required: bool = True

    @model_validator(mode="after")
    def _consistent(self) -> Parameter:
        if self.name == DUE:
            raise ValueError(f"'{DUE}' is reserved for the due date")
        numeric = self.type is ParameterType.INTEGER
        if not numeric and (self.minimum is not None or self.maximum is not None):
            raise ValueError("minimum and maximum apply to integer parameters only")
        if self.minimum is not None and self.maximum is not None and self.maximum < self.minimum:
            raise ValueError("maximum must not be below minimum")
        if (self.type is ParameterType.CHOICE) != bool(self.options):
            raise ValueError("a choice parameter needs options, and only a choice has them")
        if self.default is not None:
            _, problem = self.clean(self.default)
            if problem:
                raise ValueError(f"the default is not allowed: {problem}")
        return self

    def clean(self, raw: object) -> tuple[Value | None, str | None]:
        """Return the value typed as the parameter says, or a problem in words."""
        text = "" if raw is None else str(raw).strip()
        if not text:
            if self.default is not None:
                return self.default, None
            return None, (f"enter the {self.label.lower()}" if self.required else None)
        if self.type is ParameterType.INTEGER:
            try:
                number = int(text)
            except ValueError:
                return None, f"the {self.label.lower()} must be a whole number"
            low, high = self.minimum, self.maximum
            if (low is not None and number < low) or (high is not None and number > high):
                return None, f"the {self.label.lower()} must be {_range_words(low, high)}"
            return number, None
        if self.type is ParameterType.CHOICE:
            if text not in self.options:
                return None, f"the {self.label.lower()} must be one of: " + ", ".join(self.options)
            return text, None
        if len(text) > self.max_length:
            return None, f"the {self.label.lower()} must be {self.max_length} characters or fewer"
        return text, None


def _range_words(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"between {low} and {high}"
    if low is not None:
        return f"{low} or more"
    return f"{high} or fewer"


class Completion(Strict):
    """The measurable rule that says when a condition has been kept."""

    kind: RuleKind
    target: int | str = Field(
        default=1, description="A whole number, or the name of an integer parameter."
    )
    evidence: str = Field(default="", description="What counts as evidence, in words.")


class ConditionSpec(Strict):
    """One condition type in the catalogue: its plain-language wording and its rule."""

    code: str = Field(pattern=CODE_PATTERN)
    title: str
    category: Category
    pathway: Pathway | None = None
    wording: str
    guidance: str = ""
    due_required: bool = True
    parameters: list[Parameter] = []
    completion: Completion

    @model_validator(mode="after")
    def _consistent(self) -> ConditionSpec:
        names = [p.name for p in self.parameters]
        if len(names) != len(set(names)):
            raise ValueError("parameter names must be unique")
        try:
            used = {name for _, name, _, _ in string.Formatter().parse(self.wording) if name}
        except ValueError as error:
            raise ValueError(f"the wording is not a valid template: {error}") from None
        unknown = used - set(names) - {DUE}
        if unknown:
            raise ValueError(
                "the wording uses placeholders that are not parameters: "
                + ", ".join(sorted(unknown))
            )
        optional = sorted(
            p.name
            for p in self.parameters
            if p.name in used and not p.required and p.default is None
        )
        if optional:
            raise ValueError(
                "the wording uses optional parameters without a default: " + ", ".join(optional)
            )
        if (self.category is Category.PATHWAY) and self.pathway is None:
            raise ValueError("a pathway condition must name the pathway it serves")
        no_offence = self.completion.kind is RuleKind.NO_NEW_OFFENCE
        if no_offence != (self.category is Category.NO_REOFFENDING):
            raise ValueError("no_new_offence is the rule of the no_reoffending condition only")
        if no_offence and (self.due_required or DUE in used):
            raise ValueError("the no_reoffending condition lasts the whole contract: no due date")
        target = self.completion.target
        if isinstance(target, str):
            param = next((p for p in self.parameters if p.name == target), None)
            if param is None or param.type is not ParameterType.INTEGER:
                raise ValueError(f"completion.target '{target}' must name an integer parameter")
        elif target < 1:
            raise ValueError("completion.target must be 1 or more")
        return self

    def parameter(self, name: str) -> Parameter | None:
        """Return the named parameter, if the condition has one."""
        return next((p for p in self.parameters if p.name == name), None)


class CatalogueMeta(Strict):
    """Which catalogue this is and which version."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    version: int = Field(ge=1)
    summary: str = ""
    sources: list[str] = []


class Catalogue(Strict):
    """A whole condition catalogue: the conditions a contract may be built from."""

    catalogue: CatalogueMeta
    limits: dict[Category, int] = Field(
        default={}, description="Most conditions of a category one contract may hold."
    )
    conditions: list[ConditionSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Catalogue:
        codes = [c.code for c in self.conditions]
        repeated = sorted({c for c in codes if codes.count(c) > 1})
        if repeated:
            raise ValueError("condition codes must be unique: " + ", ".join(repeated))
        if not any(c.category is Category.NO_REOFFENDING for c in self.conditions):
            raise ValueError("the catalogue must hold the mandatory no_reoffending condition")
        if any(n < 0 for n in self.limits.values()):
            raise ValueError("limits must not be negative")
        return self

    @property
    def label(self) -> str:
        """Return 'name v2' for screens and records."""
        return f"{self.catalogue.name} v{self.catalogue.version}"

    def spec(self, code: str) -> ConditionSpec | None:
        """Return the condition with this code, if the catalogue has it."""
        return next((c for c in self.conditions if c.code == code), None)


def format_day(day: date) -> str:
    """Return a date as people write it: '3 March 2027'."""
    return f"{day.day} {day:%B %Y}"


def render_wording(spec: ConditionSpec, values: Mapping[str, Value], due_on: date | None) -> str:
    """Fill in a condition's wording with its parameters and due date."""
    filled: dict[str, str] = {name: str(value) for name, value in values.items()}
    filled[DUE] = format_day(due_on) if due_on is not None else "the end of this contract"
    return spec.wording.format_map(filled)


def wording_preview(spec: ConditionSpec) -> str:
    """Return the wording with each blank named, for the navigator: 'by [due date]'."""
    blanks = {p.name: f"[{p.label.lower()}]" for p in spec.parameters}
    blanks[DUE] = "[due date]" if spec.due_required else "[due date, or the end of this contract]"
    return spec.wording.format_map(blanks)


@dataclass(frozen=True)
class Choice:
    """A condition the navigator chose, with raw parameter values as typed."""

    code: str
    parameters: Mapping[str, object] = field(default_factory=dict)
    due_on: date | None = None


@dataclass(frozen=True)
class Term:
    """A condition as it stands in a contract: a snapshot that no longer needs the catalogue."""

    code: str
    title: str
    category: Category
    pathway: Pathway | None
    rule: RuleKind
    target: int
    parameters: Mapping[str, Value]
    wording: str
    due_on: date | None

    @property
    def hours(self) -> int:
        """Return the community-work hours this condition asks for (0 if none)."""
        return self.target if self.rule is RuleKind.HOURS_LOGGED else 0


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a proposed contract, and where (condition code, field)."""

    message: str
    code: str | None = None
    field: str | None = None


@dataclass(frozen=True)
class Period:
    """The days a condition's due date may fall on: from `start` to `end`, inclusive."""

    start: date
    end: date


@dataclass(frozen=True)
class Proposal:
    """The terms a choice of conditions gives, and every problem with it."""

    terms: tuple[Term, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """Return whether the proposal has no problems."""
        return not self.problems


class ContractInvalid(DomainError):
    """A contract breaks the catalogue's or the policy's rules; every problem is listed."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(
            "The contract cannot be recorded: " + "; ".join(p.message for p in self.problems) + "."
        )


def due_problems(terms: Iterable[Term], period: Period) -> list[Problem]:
    """Return a problem for each due date outside the period the contract can run."""
    problems = []
    for term in terms:
        due = term.due_on
        if due is None:
            continue
        if due < period.start:
            problems.append(
                Problem(
                    f"'{term.title}' is due on {format_day(due)}, before "
                    f"{format_day(period.start)}",
                    term.code,
                    DUE,
                )
            )
        elif due > period.end:
            problems.append(
                Problem(
                    f"'{term.title}' is due on {format_day(due)}, after the contract would end "
                    f"on {format_day(period.end)}",
                    term.code,
                    DUE,
                )
            )
    return problems


def build_term(spec: ConditionSpec, choice: Choice) -> tuple[Term | None, list[Problem]]:
    """Turn a choice into a term, or list what is wrong with its parameters and due date."""
    problems = [
        Problem(f"'{spec.title}' has no setting '{name}'", spec.code, name)
        for name in choice.parameters
        if spec.parameter(name) is None
    ]
    values: dict[str, Value] = {}
    for param in spec.parameters:
        value, problem = param.clean(choice.parameters.get(param.name))
        if problem:
            problems.append(Problem(f"For '{spec.title}', {problem}", spec.code, param.name))
        elif value is not None:
            values[param.name] = value
    if spec.completion.kind is RuleKind.NO_NEW_OFFENCE and choice.due_on is not None:
        problems.append(
            Problem(
                f"'{spec.title}' lasts for the whole contract, so it has no due date of its own",
                spec.code,
                DUE,
            )
        )
    elif spec.due_required and choice.due_on is None:
        problems.append(Problem(f"Enter the date '{spec.title}' is due", spec.code, DUE))
    if problems:
        return None, problems
    target = spec.completion.target
    term = Term(
        code=spec.code,
        title=spec.title,
        category=spec.category,
        pathway=spec.pathway,
        rule=spec.completion.kind,
        target=int(values[target]) if isinstance(target, str) else target,
        parameters=values,
        wording=render_wording(spec, values, choice.due_on),
        due_on=choice.due_on,
    )
    return term, []


@dataclass(frozen=True)
class Shape:
    """What the composition rules need to know of a condition."""

    code: str
    title: str
    category: Category
    rule: RuleKind
    hours: int = 0
    target_field: str | None = None


def shape_of(term: Term, spec: ConditionSpec | None = None) -> Shape:
    """Return a term's shape; the spec, when known, names the field its target comes from."""
    target = spec.completion.target if spec is not None else None
    return Shape(
        term.code,
        term.title,
        term.category,
        term.rule,
        term.hours,
        target if isinstance(target, str) else None,
    )


def composition_problems(
    shapes: Sequence[Shape], *, casework: Casework, limits: Mapping[Category, int] | None = None
) -> list[Problem]:
    """Check the contract as a whole against the policy's casework settings and the catalogue.

    Every problem is reported, not just the first (design.md habit 4).
    """
    problems: list[Problem] = []
    mandatory = [s for s in shapes if s.category is Category.NO_REOFFENDING]
    if not mandatory:
        problems.append(Problem("Every contract must include the condition not to reoffend"))
    elif len(mandatory) > 1:
        problems.append(Problem("The condition not to reoffend can appear only once"))
    seen: set[str] = set()
    for shape in shapes:
        if shape.code in seen:
            problems.append(Problem(f"'{shape.title}' is chosen more than once", shape.code))
        seen.add(shape.code)
    if len(shapes) > casework.max_conditions:
        problems.append(
            Problem(
                f"A contract can have at most {casework.max_conditions} conditions; "
                f"this one has {len(shapes)}"
            )
        )
    pathway = [s for s in shapes if s.category is Category.PATHWAY]
    if len(pathway) > casework.max_pathway_interventions:
        problems.append(
            Problem(
                f"A contract can have at most {casework.max_pathway_interventions} pathway "
                f"interventions; this one has {len(pathway)}"
            )
        )
    for category, most in sorted((limits or {}).items()):
        if category in {Category.NO_REOFFENDING, Category.PATHWAY}:
            continue  # settled above by the policy
        count = sum(1 for s in shapes if s.category is category)
        if count > most:
            problems.append(
                Problem(
                    f"A contract can have at most {most} "
                    f"{category.label.lower()} condition{'s' if most != 1 else ''}; "
                    f"this one has {count}"
                )
            )
    hourly = [s for s in shapes if s.rule is RuleKind.HOURS_LOGGED]
    if len(hourly) > 1:
        problems.append(Problem("Only one condition can count hours of community work"))
    hours = sum(s.hours for s in hourly)
    low, high = casework.community_hours_min, casework.community_hours_max
    if hourly and hours and not low <= hours <= high:
        problems.append(
            Problem(
                f"Community work must be between {low} and {high} hours; "
                f"this contract asks for {hours}",
                hourly[0].code,
                hourly[0].target_field,
            )
        )
    return problems


def propose(
    catalogue: Catalogue, choices: Sequence[Choice], *, casework: Casework, period: Period
) -> Proposal:
    """Build a contract from chosen conditions and check it against catalogue and policy."""
    problems: list[Problem] = []
    terms: list[Term] = []
    shapes: list[Shape] = []
    for choice in choices:
        spec = catalogue.spec(choice.code)
        if spec is None:
            problems.append(
                Problem(f"'{choice.code}' is not a condition in {catalogue.label}", choice.code)
            )
            continue
        term, found = build_term(spec, choice)
        problems += found
        if term is not None:
            terms.append(term)
            shapes.append(shape_of(term, spec))
        else:
            shapes.append(Shape(spec.code, spec.title, spec.category, spec.completion.kind))
    problems += due_problems(terms, period)
    problems += composition_problems(shapes, casework=casework, limits=catalogue.limits)
    return Proposal(terms=tuple(terms), problems=tuple(problems))


# Completion -------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """An amount of evidence on a day: hours worked, sessions attended, days of a tag."""

    on: date
    amount: Decimal = Decimal(1)


@dataclass(frozen=True)
class Status:
    """Whether a condition has been kept, when, and how far along it is."""

    met: bool
    met_on: date | None
    progress: str
    overdue: bool
    broken: bool = False
    done: Decimal = Decimal(0)


def format_amount(amount: Decimal) -> str:
    """Return an amount without trailing zeros: 12, 12.5."""
    if amount == amount.to_integral_value():
        return str(int(amount))
    return format(amount.normalize(), "f")


def _unit(rule: RuleKind, n: Decimal | int) -> str:
    singular, plural = UNITS.get(rule, ("item", "items"))
    return singular if n == 1 else plural


def evaluate(
    *,
    rule: RuleKind,
    target: int,
    entries: Iterable[Entry],
    due_on: date | None,
    today: date,
    started_on: date | None,
    ends_on: date | None,
) -> Status:
    """Decide from the evidence whether a condition has been kept, as of today.

    Not reoffending is met only when the contract ends with no new offence committed during
    it (the trial counted positive disposals, domain.md section 4); it is broken by the first
    one. Every other rule is met on the day the evidence reaches its target.
    """
    if started_on is None:
        return Status(met=False, met_on=None, progress="Not started", overdue=False)
    within = sorted(
        (e for e in entries if e.on >= started_on and (ends_on is None or e.on <= ends_on)),
        key=lambda e: e.on,
    )
    if rule is RuleKind.NO_NEW_OFFENCE:
        if within:
            return Status(
                met=False,
                met_on=None,
                progress=f"New offence committed on {format_day(within[0].on)}",
                overdue=False,
                broken=True,
            )
        if ends_on is not None and today >= ends_on:
            return Status(
                met=True,
                met_on=ends_on,
                progress="No new offence during the contract",
                overdue=False,
            )
        return Status(met=False, met_on=None, progress="No new offence so far", overdue=False)
    done = Decimal(0)
    met_on = None
    for entry in within:
        done += entry.amount
        if met_on is None and done >= target:
            met_on = entry.on
    met = met_on is not None
    deadline = due_on or ends_on
    overdue = not met and deadline is not None and today > deadline
    if rule is RuleKind.EVIDENCE_RECORDED and target == 1:
        progress = f"Recorded on {format_day(met_on)}" if met_on else "Not yet recorded"
    elif rule is RuleKind.EVIDENCE_RECORDED:
        progress = f"{format_amount(done)} of {target} recorded"
    else:
        progress = f"{format_amount(done)} of {target} {_unit(rule, target)}"
    return Status(met=met, met_on=met_on, progress=progress, overdue=overdue, done=done)


# Variations and the clock -------------------------------------------------------------


class VariationKind(StrEnum):
    """How a signed contract may be changed; each needs a reason and a supervisor's approval."""

    ADD = "add"
    REMOVE = "remove"
    EXTEND = "extend"
    PAUSE = "pause"
    RESUME = "resume"

    @property
    def label(self) -> str:
        """Return the change as a verb phrase."""
        return VARIATION_LABELS[self]

    @property
    def makes_version(self) -> bool:
        """Return whether approving it creates a new contract version."""
        return self in {VariationKind.ADD, VariationKind.REMOVE, VariationKind.EXTEND}

    @property
    def moves_clock(self) -> bool:
        """Return whether approving it moves the contract's end date."""
        return self in {VariationKind.EXTEND, VariationKind.PAUSE, VariationKind.RESUME}


VARIATION_LABELS: dict[VariationKind, str] = {
    VariationKind.ADD: "add a condition",
    VariationKind.REMOVE: "remove a condition",
    VariationKind.EXTEND: "extend the contract",
    VariationKind.PAUSE: "pause the contract",
    VariationKind.RESUME: "restart the contract after a pause",
}


@dataclass(frozen=True)
class ContractClock:
    """A signed contract's clock: start, length, pauses and extensions."""

    start: date
    length_months: int
    pauses: tuple[Pause, ...] = ()
    extension_days: int = 0

    def ends_on(self, *, today: date) -> date:
        """Return the end date, counting an open pause up to today."""
        return contract_end(
            start=self.start,
            length_months=self.length_months,
            pauses=self.pauses,
            extension_days=self.extension_days,
            today=today,
        )

    @property
    def open_pause(self) -> Pause | None:
        """Return the pause still running, if there is one."""
        return next((p for p in self.pauses if p.end is None), None)

    def paused(self, *, on: date, today: date) -> ContractClock:
        """Return the clock stopped from a day; a pause cannot start in the future."""
        if self.open_pause is not None:
            raise DomainError(
                f"The contract is already paused (since {format_day(self.open_pause.start)})."
            )
        if on > today:
            raise DomainError("A pause cannot start in the future: record it on the day.")
        if on < self.start:
            raise DomainError(
                f"A pause cannot start before the contract started ({format_day(self.start)})."
            )
        last_end = max((p.end for p in self.pauses if p.end is not None), default=None)
        if last_end is not None and on < last_end:
            raise DomainError(
                f"A pause cannot start before the last one ended ({format_day(last_end)})."
            )
        if on > self.ends_on(today=today):
            raise DomainError("The contract has already ended, so it cannot be paused.")
        return replace(self, pauses=(*self.pauses, Pause(start=on)))

    def resumed(self, *, on: date, today: date) -> ContractClock:
        """Return the clock restarted on a day, closing the open pause."""
        current = self.open_pause
        if current is None:
            raise DomainError("The contract is not paused.")
        if on > today:
            raise DomainError("A contract cannot restart in the future: record it on the day.")
        if on < current.start:
            raise DomainError(
                f"The contract cannot restart before the pause began ({format_day(current.start)})."
            )
        pauses = tuple(Pause(p.start, on) if p is current else p for p in self.pauses)
        return replace(self, pauses=pauses)

    def extended(self, *, days: int) -> ContractClock:
        """Return the clock with the end moved later by whole days."""
        if not 1 <= days <= MAX_EXTENSION_DAYS:
            raise DomainError(f"An extension must be between 1 and {MAX_EXTENSION_DAYS} days.")
        return replace(self, extension_days=self.extension_days + days)


def vary_clock(
    clock: ContractClock,
    kind: VariationKind,
    *,
    today: date,
    on: date | None = None,
    days: int | None = None,
) -> ContractClock:
    """Return the clock after an approved variation; condition changes leave it alone."""
    if kind is VariationKind.EXTEND:
        if days is None:
            raise DomainError("Say how many days to extend the contract by.")
        return clock.extended(days=days)
    if kind in {VariationKind.PAUSE, VariationKind.RESUME}:
        if on is None:
            raise DomainError(f"Give the date to {kind.label}.")
        if kind is VariationKind.PAUSE:
            return clock.paused(on=on, today=today)
        return clock.resumed(on=on, today=today)
    return clock


def parse_amount(raw: object) -> Decimal:
    """Return a positive decimal amount from user input, or raise saying what is wrong."""
    try:
        amount = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(f"'{raw}' is not a number.") from None
    if not amount.is_finite() or amount <= 0:
        raise DomainError("The amount must be more than 0.")
    return amount

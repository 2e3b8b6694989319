"""Needs on the nine pathways, their status history, referral statuses and the self-report.

The trial registration lists nine needs domains ("critical pathways") a navigator assesses
(domain.md section 6). As in HMPPS resettlement practice, each pathway carries a status
with a dated history; the allowed changes are the table below. The self-report instrument
is a versioned file (docs/needs-and-services.md); this module validates its schema and
scores answers to it without touching a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .errors import DomainError


class Pathway(StrEnum):
    """One of the nine needs domains from the trial registration."""

    ALCOHOL = "alcohol"
    DRUGS = "drugs"
    HOUSING = "housing"
    MENTAL_HEALTH = "mental_health"
    SEXUAL_EXPLOITATION = "sexual_exploitation"
    PHYSICAL_HEALTH = "physical_health"
    FINANCES = "finances"
    EMPLOYMENT = "employment"
    RELATIONSHIPS = "relationships"

    @property
    def label(self) -> str:
        """Return the pathway's name as users say it."""
        return PATHWAY_LABELS[self]


PATHWAY_LABELS: dict[Pathway, str] = {
    Pathway.ALCOHOL: "Alcohol",
    Pathway.DRUGS: "Drugs",
    Pathway.HOUSING: "Housing",
    Pathway.MENTAL_HEALTH: "Mental health",
    Pathway.SEXUAL_EXPLOITATION: "Sexual exploitation (as a victim)",
    Pathway.PHYSICAL_HEALTH: "Physical health",
    Pathway.FINANCES: "Finances",
    Pathway.EMPLOYMENT: "Employment",
    Pathway.RELATIONSHIPS: "Relationships",
}


class NeedLevel(StrEnum):
    """How much a pathway contributes to the person's offending, in the navigator's view."""

    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def label(self) -> str:
        """Return the level in words."""
        return "No need" if self is NeedLevel.NONE else self.value.capitalize()


class AssessmentStage(StrEnum):
    """When an assessment or self-report is taken: at the start or the end of the contract."""

    START = "start"
    END = "end"

    @property
    def label(self) -> str:
        """Return the stage in words."""
        return "Start of contract" if self is AssessmentStage.START else "End of contract"


class PathwayStatus(StrEnum):
    """Where support on one pathway stands (HMPPS resettlement practice)."""

    SUPPORT_REQUIRED = "support_required"
    SUPPORT_DECLINED = "support_declined"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        """Return the status in words."""
        return PATHWAY_STATUS_LABELS[self]


PATHWAY_STATUS_LABELS: dict[PathwayStatus, str] = {
    PathwayStatus.SUPPORT_REQUIRED: "Support required",
    PathwayStatus.SUPPORT_DECLINED: "Support declined",
    PathwayStatus.IN_PROGRESS: "In progress",
    PathwayStatus.DONE: "Done",
}

# The allowed status changes; None is a pathway with no status yet. A pathway is never
# "done" without first being worked on, and a change to the same status is not a change.
PATHWAY_STATUS_CHANGES: dict[PathwayStatus | None, frozenset[PathwayStatus]] = {
    None: frozenset(
        {
            PathwayStatus.SUPPORT_REQUIRED,
            PathwayStatus.SUPPORT_DECLINED,
            PathwayStatus.IN_PROGRESS,
        }
    ),
    PathwayStatus.SUPPORT_REQUIRED: frozenset(
        {PathwayStatus.IN_PROGRESS, PathwayStatus.SUPPORT_DECLINED, PathwayStatus.DONE}
    ),
    PathwayStatus.SUPPORT_DECLINED: frozenset(
        {PathwayStatus.SUPPORT_REQUIRED, PathwayStatus.IN_PROGRESS}
    ),
    PathwayStatus.IN_PROGRESS: frozenset(
        {PathwayStatus.DONE, PathwayStatus.SUPPORT_DECLINED, PathwayStatus.SUPPORT_REQUIRED}
    ),
    PathwayStatus.DONE: frozenset({PathwayStatus.SUPPORT_REQUIRED}),
}


def pathway_status_options(current: PathwayStatus | None) -> list[PathwayStatus]:
    """Return the statuses a pathway may move to from its current one, in a stable order."""
    allowed = PATHWAY_STATUS_CHANGES[current]
    return [s for s in PathwayStatus if s in allowed]


def pathway_status_note_needed(current: PathwayStatus | None, new: PathwayStatus) -> bool:
    """Return whether a change needs a note: a decline, or support ending before the need is met."""
    return new is PathwayStatus.SUPPORT_DECLINED or (
        new is PathwayStatus.SUPPORT_REQUIRED
        and current in {PathwayStatus.IN_PROGRESS, PathwayStatus.DONE}
    )


def check_pathway_status_change(
    pathway: Pathway, current: PathwayStatus | None, new: PathwayStatus, note: str
) -> None:
    """Raise DomainError, in words for the navigator, unless the change is allowed."""
    if new not in PATHWAY_STATUS_CHANGES[current]:
        allowed = ", ".join(f"'{s.label.lower()}'" for s in pathway_status_options(current))
        now = f"'{current.label.lower()}'" if current else "not yet set"
        raise DomainError(
            f"{pathway.label}: the status is {now}, so it cannot become "
            f"'{new.label.lower()}'. It can become {allowed}."
        )
    if pathway_status_note_needed(current, new) and not note.strip():
        raise DomainError(f"{pathway.label}: add a note saying why ('{new.label.lower()}').")


def check_pathway_need(pathway: Pathway, level: NeedLevel, support_wanted: bool) -> None:
    """Raise DomainError if the answers for one pathway contradict each other."""
    if support_wanted and level is NeedLevel.NONE:
        raise DomainError(
            f"{pathway.label}: choose a level of need, or say that support is not wanted."
        )


def initial_pathway_status(level: NeedLevel, support_wanted: bool) -> PathwayStatus | None:
    """Return the status an assessment gives a pathway that has none yet."""
    if level is NeedLevel.NONE:
        return None
    return PathwayStatus.SUPPORT_REQUIRED if support_wanted else PathwayStatus.SUPPORT_DECLINED


# Referrals to services (domain.md section 10: consent before referral, uptake tracking).


class ReferralStatus(StrEnum):
    """Where a referral to a local service stands."""

    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ATTENDED = "attended"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """Return the status in words."""
        return self.value.capitalize()

    @property
    def is_final(self) -> bool:
        """Return whether nothing can follow this status."""
        return not REFERRAL_STATUS_CHANGES[self]


REFERRAL_STATUS_CHANGES: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    ReferralStatus.SENT: frozenset(
        {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN}
    ),
    ReferralStatus.ACCEPTED: frozenset(
        {ReferralStatus.ATTENDED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN}
    ),
    ReferralStatus.ATTENDED: frozenset({ReferralStatus.COMPLETED, ReferralStatus.WITHDRAWN}),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.COMPLETED: frozenset(),
    ReferralStatus.WITHDRAWN: frozenset(),
}


def referral_status_options(current: ReferralStatus) -> list[ReferralStatus]:
    """Return the statuses a referral may move to, in a stable order."""
    allowed = REFERRAL_STATUS_CHANGES[current]
    return [s for s in ReferralStatus if s in allowed]


def check_referral_status_change(
    current: ReferralStatus, new: ReferralStatus, outcome: str
) -> None:
    """Raise DomainError unless the change is allowed and says what it must."""
    if current.is_final:
        raise DomainError(
            f"The referral is '{current.label.lower()}', which is final: make a new referral "
            "if the person needs the service again."
        )
    if new not in REFERRAL_STATUS_CHANGES[current]:
        allowed = ", ".join(f"'{s.label.lower()}'" for s in referral_status_options(current))
        raise DomainError(
            f"The referral is '{current.label.lower()}', so it cannot become "
            f"'{new.label.lower()}'. It can become {allowed}."
        )
    if new in {ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN} and not outcome.strip():
        raise DomainError(f"Say why the referral was {new.label.lower()}.")
    if new is ReferralStatus.COMPLETED and not outcome.strip():
        raise DomainError("Record the outcome of the completed referral.")


# The self-report instrument: its schema (validated from a TOML file) and its scoring.


class Strict(BaseModel):
    """A frozen schema section that refuses unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


CODE_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"


class InstrumentMeta(Strict):
    """Which instrument this is; responses store its name and version."""

    name: str = Field(pattern=CODE_PATTERN)
    version: int = Field(ge=1)
    title: str = Field(min_length=1)
    source: str = Field(min_length=1, description="Who wrote the items, and under what terms.")
    instructions: str = Field(min_length=1, description="Read to the person before the items.")


class ScaleSpec(Strict):
    """The answer scale every item shares."""

    min: int = Field(ge=0)
    max: int = Field(ge=1)
    labels: list[str]
    missing_label: str = Field(default="Prefer not to say", min_length=1)

    @model_validator(mode="after")
    def _labels_fit(self) -> ScaleSpec:
        if self.max <= self.min:
            raise ValueError("max must be greater than min")
        if len(self.labels) != self.max - self.min + 1:
            raise ValueError(
                f"labels must hold one label per point from {self.min} to {self.max} "
                f"({self.max - self.min + 1}), not {len(self.labels)}"
            )
        return self

    @property
    def points(self) -> list[tuple[int, str]]:
        """Return each value with its label."""
        return list(zip(range(self.min, self.max + 1), self.labels, strict=True))


class SubscaleSpec(Strict):
    """A group of items summed into one score."""

    code: str = Field(pattern=CODE_PATTERN)
    label: str = Field(min_length=1)
    description: str = ""
    max_missing: int = Field(ge=0, description="Items that may be missing and still be scored.")


class ItemSpec(Strict):
    """One statement the person rates."""

    code: str = Field(pattern=CODE_PATTERN)
    subscale: str
    text: str = Field(min_length=1)
    reverse: bool = False


class Instrument(Strict):
    """A self-report instrument: its identity, its scale, its subscales and its items."""

    instrument: InstrumentMeta
    scale: ScaleSpec
    subscales: list[SubscaleSpec] = Field(min_length=1)
    items: list[ItemSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        problems = []
        codes = [s.code for s in self.subscales]
        for code in sorted({c for c in codes if codes.count(c) > 1}):
            problems.append(f"subscale '{code}' is defined more than once")
        items = [i.code for i in self.items]
        for code in sorted({c for c in items if items.count(c) > 1}):
            problems.append(f"item '{code}' is defined more than once")
        for index, item in enumerate(self.items):
            if item.subscale not in codes:
                problems.append(
                    f"items.{index}.subscale: '{item.subscale}' is not a subscale "
                    f"({', '.join(codes)})"
                )
        for index, sub in enumerate(self.subscales):
            count = sum(1 for i in self.items if i.subscale == sub.code)
            if count == 0:
                problems.append(f"subscales.{index}: '{sub.code}' has no items")
            elif sub.max_missing >= count:
                problems.append(
                    f"subscales.{index}.max_missing: {sub.max_missing} would let "
                    f"'{sub.code}' be scored with no answers (it has {count} items)"
                )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def name(self) -> str:
        """Return the instrument's name."""
        return self.instrument.name

    @property
    def version(self) -> int:
        """Return the instrument's version."""
        return self.instrument.version

    @property
    def label(self) -> str:
        """Return the name and version, as stored with each response."""
        return f"{self.name} v{self.version}"

    def items_in(self, subscale: str) -> list[ItemSpec]:
        """Return the items of one subscale, in order."""
        return [i for i in self.items if i.subscale == subscale]

    def subscale(self, code: str) -> SubscaleSpec:
        """Return one subscale by code."""
        return next(s for s in self.subscales if s.code == code)


@dataclass(frozen=True)
class SubscaleScore:
    """One subscale's score, or None when too many items were left unanswered."""

    code: str
    score: float | None
    answered: int
    missing: int
    items: int

    def as_json(self) -> dict[str, float | int | None]:
        """Return the score as stored with the response."""
        return {
            "score": self.score,
            "answered": self.answered,
            "missing": self.missing,
            "items": self.items,
        }


@dataclass(frozen=True)
class SelfReportScore:
    """Every answer (None for 'prefer not to say') and the subscale scores."""

    answers: dict[str, int | None]
    subscales: dict[str, SubscaleScore]


def score_self_report(instrument: Instrument, answers: Mapping[str, int | None]) -> SelfReportScore:
    """Score answers to an instrument; an item left out or None counts as missing.

    A reverse-scored item counts as (min + max - answer). A subscale with no more missing
    items than its `max_missing` is scored as the mean of the answered items times the
    number of items (so a full set gives the plain sum); with more missing it is not
    scored, because a partial sum would understate it.
    """
    known = {i.code for i in instrument.items}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise DomainError(f"{instrument.label} has no item {', '.join(repr(c) for c in unknown)}.")
    scale = instrument.scale
    clean: dict[str, int | None] = {}
    for item in instrument.items:
        value = answers.get(item.code)
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not scale.min <= value <= scale.max
        ):
            raise DomainError(
                f"Item {item.code}: the answer must be a whole number from {scale.min} to "
                f"{scale.max}, or left out for '{scale.missing_label}'; got {value!r}."
            )
        clean[item.code] = value
    subscales = {}
    for sub in instrument.subscales:
        items = instrument.items_in(sub.code)
        scored = [
            (scale.min + scale.max - v) if item.reverse else v
            for item in items
            if (v := clean[item.code]) is not None
        ]
        missing = len(items) - len(scored)
        score = (
            round(sum(scored) / len(scored) * len(items), 1)
            if scored and missing <= sub.max_missing
            else None
        )
        subscales[sub.code] = SubscaleScore(
            code=sub.code, score=score, answered=len(scored), missing=missing, items=len(items)
        )
    return SelfReportScore(answers=clean, subscales=subscales)


class Direction(StrEnum):
    """Which way a subscale score moved between the start and the end."""

    LOWER = "lower"
    HIGHER = "higher"
    SAME = "same"
    NOT_COMPARABLE = "not_comparable"

    @property
    def label(self) -> str:
        """Return the direction in words."""
        return {
            Direction.LOWER: "Lower",
            Direction.HIGHER: "Higher",
            Direction.SAME: "No change",
            Direction.NOT_COMPARABLE: "Cannot compare",
        }[self]


@dataclass(frozen=True)
class ScoreChange:
    """The change in one subscale from the start to the end."""

    code: str
    start: float | None
    end: float | None

    @property
    def change(self) -> float | None:
        """Return end minus start, or None when either is missing."""
        if self.start is None or self.end is None:
            return None
        return round(self.end - self.start, 1)

    @property
    def direction(self) -> Direction:
        """Return which way the score moved."""
        change = self.change
        if change is None:
            return Direction.NOT_COMPARABLE
        if change == 0:
            return Direction.SAME
        return Direction.LOWER if change < 0 else Direction.HIGHER


def score_changes(
    subscales: list[str],
    start: Mapping[str, float | None],
    end: Mapping[str, float | None],
) -> list[ScoreChange]:
    """Return the change in each subscale between two responses to the same instrument."""
    return [ScoreChange(code=c, start=start.get(c), end=end.get(c)) for c in subscales]

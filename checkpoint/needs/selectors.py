"""Reads of needs. The caller already holds a case it may see (case_get_for_user)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from checkpoint.casework.models import Case
from checkpoint.domain.errors import DomainError
from checkpoint.domain.needs import (
    AssessmentStage,
    Direction,
    NeedLevel,
    Pathway,
    PathwayStatus,
    pathway_status_options,
    score_changes,
)
from checkpoint.needs.instrument import instrument_named
from checkpoint.needs.models import (
    NeedsAssessment,
    PathwayNeed,
    PathwayStatusChange,
    SelfReportResponse,
)


def latest_assessment(case: Case, stage: AssessmentStage) -> NeedsAssessment | None:
    """Return the assessment in force at a stage: the one no correction has replaced."""
    return (
        NeedsAssessment.objects.filter(case=case, stage=stage.value, superseded_by__isnull=True)
        .select_related("assessed_by")
        .prefetch_related("needs")
        .first()
    )


def assessments_for_case(case: Case) -> list[NeedsAssessment]:
    """Return every assessment of the case, corrections included, newest first."""
    return list(
        NeedsAssessment.objects.filter(case=case)
        .select_related("assessed_by")
        .order_by("-assessed_at", "-id")
    )


def status_history(case: Case) -> dict[Pathway, list[PathwayStatusChange]]:
    """Return each pathway's status changes, oldest first."""
    history: dict[Pathway, list[PathwayStatusChange]] = defaultdict(list)
    for change in PathwayStatusChange.objects.filter(case=case).select_related("changed_by"):
        history[change.pathway_enum].append(change)
    return history


def latest_status_change(case: Case, pathway: Pathway) -> PathwayStatusChange | None:
    """Return the change that set a pathway's current status."""
    return (
        PathwayStatusChange.objects.filter(case=case, pathway=pathway.value)
        .order_by("-effective_on", "-changed_at", "-id")
        .first()
    )


def current_status(case: Case, pathway: Pathway) -> PathwayStatus | None:
    """Return a pathway's current status, or None if it has none yet."""
    latest = latest_status_change(case, pathway)
    return latest.status_enum if latest else None


@dataclass(frozen=True)
class PathwayView:
    """Everything about one pathway on one case, for pages and other apps."""

    pathway: Pathway
    start: PathwayNeed | None
    end: PathwayNeed | None
    history: list[PathwayStatusChange] = field(default_factory=list)

    @property
    def latest(self) -> PathwayNeed | None:
        """Return the most recent assessment's answers (the end's, once there is one)."""
        return self.end or self.start

    @property
    def level(self) -> NeedLevel | None:
        """Return the latest level of need, or None if not assessed."""
        return self.latest.level_enum if self.latest else None

    @property
    def support_wanted(self) -> bool | None:
        """Return whether the person wants support, or None if not assessed."""
        return self.latest.support_wanted if self.latest else None

    @property
    def notes(self) -> str:
        """Return the latest assessment's note."""
        return self.latest.notes if self.latest else ""

    @property
    def status(self) -> PathwayStatus | None:
        """Return the current status."""
        return self.history[-1].status_enum if self.history else None

    @property
    def status_since(self) -> date | None:
        """Return the day the current status took effect."""
        return self.history[-1].effective_on if self.history else None

    @property
    def status_options(self) -> list[PathwayStatus]:
        """Return the statuses the pathway may move to next."""
        return pathway_status_options(self.status)

    @property
    def has_need(self) -> bool:
        """Return whether the pathway has an assessed need or a status."""
        return (self.level is not None and self.level is not NeedLevel.NONE) or bool(self.history)


def needs_for_case(case: Case) -> list[PathwayView]:
    """Return the nine pathways with their levels, wishes, current status and history."""
    start, end = (latest_assessment(case, s) for s in AssessmentStage)
    answers = {
        stage: {n.pathway_enum: n for n in assessment.needs.all()} if assessment else {}
        for stage, assessment in ((AssessmentStage.START, start), (AssessmentStage.END, end))
    }
    history = status_history(case)
    return [
        PathwayView(
            pathway=p,
            start=answers[AssessmentStage.START].get(p),
            end=answers[AssessmentStage.END].get(p),
            history=sorted(history.get(p, []), key=lambda c: (c.effective_on, c.changed_at, c.pk)),
        )
        for p in Pathway
    ]


def self_reports_for(case: Case) -> QuerySet[SelfReportResponse]:
    """Return every self-report recorded for a case, newest first (corrections included)."""
    return (
        SelfReportResponse.objects.filter(case=case)
        .select_related("recorded_by")
        .order_by("-recorded_at", "-id")
    )


def latest_self_report(case: Case, stage: AssessmentStage) -> SelfReportResponse | None:
    """Return the self-report in force at a stage: the one no correction has replaced."""
    return (
        SelfReportResponse.objects.filter(case=case, stage=stage.value, superseded_by__isnull=True)
        .select_related("recorded_by")
        .first()
    )


@dataclass(frozen=True)
class SubscaleRow:
    """One subscale's start and end scores and the change between them."""

    code: str
    label: str
    description: str
    start: float | None
    end: float | None
    change: float | None
    direction: Direction


@dataclass(frozen=True)
class SelfReportChange:
    """The start and end self-reports and how each subscale moved."""

    start: SelfReportResponse | None
    end: SelfReportResponse | None
    rows: list[SubscaleRow]
    comparable: bool
    note: str


def _scores(response: SelfReportResponse | None) -> dict[str, float | None]:
    if response is None:
        return {}
    return {code: value.get("score") for code, value in response.subscale_scores.items()}


def self_report_change(case: Case) -> SelfReportChange | None:
    """Return the start and end subscale scores and their change, or None if neither exists.

    Scores are compared only between responses to the same instrument name and version.
    """
    start, end = (latest_self_report(case, s) for s in AssessmentStage)
    if start is None and end is None:
        return None
    reference = end or start
    assert reference is not None
    try:
        spec = instrument_named(reference.instrument_name, reference.instrument_version)
        subscales = [(s.code, s.label, s.description) for s in spec.instrument.subscales]
    except DomainError:
        # The file was removed: the stored scores still stand, shown by their codes.
        subscales = [(code, code, "") for code in reference.subscale_scores]
    note = ""
    comparable = start is not None and end is not None
    if start is None:
        note = "No self-report was recorded at the start, so there is no change to show."
    elif end is None:
        note = "The end self-report has not been recorded yet."
    elif start.instrument_label != end.instrument_label:
        comparable = False
        note = (
            f"The start ({start.instrument_label}) and end ({end.instrument_label}) used "
            "different instruments, so their scores cannot be compared."
        )
    codes = [code for code, _, _ in subscales]
    changes = (
        score_changes(codes, _scores(start), _scores(end))
        if comparable
        else score_changes(codes, {}, {})
    )
    rows = [
        SubscaleRow(
            code=code,
            label=label,
            description=description,
            start=_scores(start).get(code),
            end=_scores(end).get(code),
            change=change.change,
            direction=change.direction,
        )
        for (code, label, description), change in zip(subscales, changes, strict=True)
    ]
    return SelfReportChange(start=start, end=end, rows=rows, comparable=comparable, note=note)


@dataclass(frozen=True)
class AnswerRow:
    """One statement of a stored self-report and the answer given, in words."""

    code: str
    statement: str
    answer: str
    reverse: bool


def self_report_answers(response: SelfReportResponse) -> list[AnswerRow]:
    """Return a stored response's answers with the statements of its instrument version."""
    try:
        spec = instrument_named(response.instrument_name, response.instrument_version).instrument
    except DomainError:
        return [
            AnswerRow(code, code, "Prefer not to say" if v is None else str(v), reverse=False)
            for code, v in response.item_scores.items()
        ]
    labels = dict(spec.scale.points)
    rows = []
    for number, item in enumerate(spec.items, start=1):
        value = response.item_scores.get(item.code)
        answer = spec.scale.missing_label if value is None else f"{value} ({labels[value]})"
        rows.append(AnswerRow(item.code, f"{number}. {item.text}", answer, item.reverse))
    return rows

"""Writes to needs: assessments, pathway status changes and self-reports. All audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from checkpoint.accounts.models import User
from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.casework.models import Case, CaseEvent, CaseEventKind
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.errors import DomainError
from checkpoint.domain.needs import (
    AssessmentStage,
    NeedLevel,
    Pathway,
    PathwayStatus,
    check_pathway_need,
    check_pathway_status_change,
    initial_pathway_status,
    score_self_report,
)
from checkpoint.needs.access import NEEDS_STATES, require_case_worker, require_state
from checkpoint.needs.instrument import LoadedInstrument, current_instrument
from checkpoint.needs.models import (
    NeedsAssessment,
    PathwayNeed,
    PathwayStatusChange,
    SelfReportResponse,
)
from checkpoint.needs.selectors import (
    latest_assessment,
    latest_self_report,
    latest_status_change,
)


@dataclass(frozen=True)
class PathwayAnswer:
    """The navigator's answers for one pathway."""

    pathway: Pathway
    level: NeedLevel
    support_wanted: bool
    notes: str = ""


def _locked(case: Case) -> Case:
    # Lock the case so two people recording on it at once cannot both pass the checks.
    return Case.objects.select_for_update().get(pk=case.pk)


def _correction(previous: object | None, reason: str, what: str) -> str:
    if previous is not None and not reason.strip():
        raise DomainError(
            f"There is already {what}. Give a reason for correcting it; the earlier record is kept."
        )
    return reason.strip() if previous is not None else ""


@transaction.atomic
def needs_assess(
    *,
    actor: User,
    case: Case,
    stage: AssessmentStage,
    answers: Sequence[PathwayAnswer],
    summary: str = "",
    correction_reason: str = "",
    at: datetime | None = None,
) -> NeedsAssessment:
    """Record an assessment of all nine pathways; a repeat at the same stage is a correction.

    A pathway with a need and no status yet gets one: support required if the person wants
    support, support declined if not.
    """
    case = _locked(case)
    require_case_worker(actor, case, "assess needs")
    require_state(case, NEEDS_STATES, "assess needs")
    now = at or timezone.now()
    given = [a.pathway for a in answers]
    repeated = sorted({p.label for p in given if given.count(p) > 1})
    missing = [p.label for p in Pathway if p not in given]
    if repeated or missing:
        raise DomainError(
            "An assessment answers each of the nine pathways once"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; repeated: {', '.join(repeated)}" if repeated else "")
            + "."
        )
    problems = []
    for answer in answers:
        try:
            check_pathway_need(answer.pathway, answer.level, answer.support_wanted)
        except DomainError as error:
            problems.append(str(error))
    if problems:
        raise DomainError(" ".join(problems))
    if stage is AssessmentStage.END and latest_assessment(case, AssessmentStage.START) is None:
        raise DomainError("Record the start assessment before the end assessment.")
    previous = latest_assessment(case, stage)
    reason = _correction(previous, correction_reason, f"a {stage.label.lower()} assessment")
    assessment = NeedsAssessment.objects.create(
        case=case,
        stage=stage.value,
        assessed_at=now,
        assessed_by=actor,
        summary=summary.strip(),
        supersedes=previous,
        correction_reason=reason,
    )
    ordered = sorted(answers, key=lambda a: list(Pathway).index(a.pathway))
    PathwayNeed.objects.bulk_create(
        PathwayNeed(
            assessment=assessment,
            pathway=a.pathway.value,
            level=a.level.value,
            support_wanted=a.support_wanted,
            notes=a.notes.strip(),
        )
        for a in ordered
    )
    seeded = {}
    for a in ordered:
        status = initial_pathway_status(a.level, a.support_wanted)
        if status is not None and latest_status_change(case, a.pathway) is None:
            PathwayStatusChange.objects.create(
                case=case,
                pathway=a.pathway.value,
                status=status.value,
                effective_on=uk_date(now),
                changed_at=now,
                changed_by=actor,
                note=f"From the {stage.label.lower()} assessment",
            )
            seeded[a.pathway.value] = status.value
    with_need = [a for a in ordered if a.level is not NeedLevel.NONE]
    described = (
        "; ".join(f"{a.pathway.label} {a.level.label.lower()}" for a in with_need)
        or "no needs identified"
    )
    heading = "Needs assessment corrected" if previous else "Needs assessed"
    CaseEvent.objects.create(
        case=case,
        occurred_at=now,
        kind=CaseEventKind.NOTE,
        actor=actor,
        summary=f"{heading} ({stage.label.lower()}): {described}"[:300],
        detail="\n".join(part for part in (reason, summary.strip()) if part),
        data={"needs_assessment": assessment.pk},
    )
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION if previous else AuditAction.COLLECTION,
        verb="needs.assess",
        target=assessment,
        person_id=case.person_id,
        summary=f"{case.reference}: {heading.lower()} ({stage.value})",
        before={"assessment": previous.pk} if previous else None,
        after={
            "stage": stage.value,
            "needs": {
                a.pathway.value: {
                    "level": a.level.value,
                    "support_wanted": a.support_wanted,
                    "notes": a.notes.strip(),
                }
                for a in ordered
            },
            "summary": summary.strip(),
            "correction_reason": reason,
            "statuses_set": seeded,
        },
    )
    return assessment


@transaction.atomic
def pathway_status_change(
    *,
    actor: User,
    case: Case,
    pathway: Pathway,
    status: PathwayStatus,
    note: str = "",
    effective_on: date | None = None,
) -> PathwayStatusChange:
    """Add a dated entry to a pathway's status history, if the change is allowed."""
    case = _locked(case)
    require_case_worker(actor, case, "change a pathway's status")
    require_state(case, NEEDS_STATES, "change a pathway's status")
    now = timezone.now()
    today = uk_date(now)
    day = effective_on or today
    if day > today:
        raise DomainError(f"The date of the change ({day:%d %B %Y}) is in the future.")
    latest = latest_status_change(case, pathway)
    current = latest.status_enum if latest else None
    check_pathway_status_change(pathway, current, status, note)
    if latest is not None and day < latest.effective_on:
        raise DomainError(
            f"{pathway.label} last changed on {latest.effective_on:%d %B %Y}; a new status "
            "cannot take effect before that."
        )
    change = PathwayStatusChange.objects.create(
        case=case,
        pathway=pathway.value,
        previous_status=current.value if current else "",
        status=status.value,
        effective_on=day,
        changed_at=now,
        changed_by=actor,
        note=note.strip(),
    )
    words = f"{current.label} → {status.label}" if current else status.label
    dated = f" (from {day:%d %B %Y})" if day != today else ""
    CaseEvent.objects.create(
        case=case,
        occurred_at=now,
        kind=CaseEventKind.NOTE,
        actor=actor,
        summary=f"{pathway.label}: {words}{dated}"[:300],
        detail=note.strip(),
        data={"pathway_status_change": change.pk},
    )
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="needs.pathway_status",
        target=change,
        person_id=case.person_id,
        summary=f"{case.reference}: {pathway.label} {words}",
        before={"pathway": pathway.value, "status": current.value if current else None},
        after={
            "pathway": pathway.value,
            "status": status.value,
            "effective_on": day,
            "note": note.strip(),
        },
    )
    return change


@transaction.atomic
def self_report_record(
    *,
    actor: User,
    case: Case,
    stage: AssessmentStage,
    answers: Mapping[str, int | None],
    correction_reason: str = "",
    instrument: LoadedInstrument | None = None,
) -> SelfReportResponse:
    """Store the person's self-report answers and scores, with the instrument's version.

    An answer of None, or an item left out, is 'prefer not to say'.
    """
    case = _locked(case)
    require_case_worker(actor, case, "record a self-report")
    require_state(case, NEEDS_STATES, "record a self-report")
    loaded = instrument or current_instrument()
    spec = loaded.instrument
    scored = score_self_report(spec, answers)
    previous = latest_self_report(case, stage)
    reason = _correction(previous, correction_reason, f"a {stage.label.lower()} self-report")
    now = timezone.now()
    response = SelfReportResponse.objects.create(
        case=case,
        stage=stage.value,
        instrument_name=spec.name,
        instrument_version=spec.version,
        instrument_sha256=loaded.sha256,
        item_scores=scored.answers,
        subscale_scores={code: s.as_json() for code, s in scored.subscales.items()},
        recorded_at=now,
        recorded_by=actor,
        supersedes=previous,
        correction_reason=reason,
    )
    scores = "; ".join(
        f"{spec.subscale(code).label.lower()} "
        + (f"{s.score:g}" if s.score is not None else "not scored (too many unanswered)")
        for code, s in scored.subscales.items()
    )
    heading = "Self-report corrected" if previous else "Self-report recorded"
    CaseEvent.objects.create(
        case=case,
        occurred_at=now,
        kind=CaseEventKind.NOTE,
        actor=actor,
        summary=f"{heading} ({stage.label.lower()}): {scores}"[:300],
        detail=reason,
        data={"self_report": response.pk},
    )
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION if previous else AuditAction.COLLECTION,
        verb="needs.self_report",
        target=response,
        person_id=case.person_id,
        summary=f"{case.reference}: {heading.lower()} ({stage.value}, {spec.label})",
        before={"response": previous.pk} if previous else None,
        after={
            "stage": stage.value,
            "instrument": spec.label,
            "items": scored.answers,
            "subscales": response.subscale_scores,
            "correction_reason": reason,
        },
    )
    return response

"""Needs services: who may record, what is kept, the status history, audit and timeline."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from checkpoint.audit.models import AuditEvent
from checkpoint.casework.models import CaseEvent
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.needs import AssessmentStage, Direction, NeedLevel, Pathway, PathwayStatus
from checkpoint.needs.models import NeedsAssessment, PathwayStatusChange, SelfReportResponse
from checkpoint.needs.selectors import (
    current_status,
    latest_assessment,
    needs_for_case,
    self_report_answers,
    self_report_change,
)
from checkpoint.needs.services import needs_assess, pathway_status_change, self_report_record
from checkpoint.needs.tests.conftest import answers
from tests.factories import CaseFactory

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
START = AssessmentStage.START
END = AssessmentStage.END
ALL_THREES = {f"{s}{n}": 3 for s in "ap" for n in range(1, 9)}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def assess(actor, case, stage=START, reason="", **levels):
    return needs_assess(
        actor=actor,
        case=case,
        stage=stage,
        answers=answers(**levels),
        summary="Lost job in the summer",
        correction_reason=reason,
    )


# Assessments.


def test_an_assessment_records_nine_pathways_and_sets_first_statuses(force, case) -> None:
    assessment = assess(force.navigator, case, drugs="high:yes", housing="medium:no")
    assert assessment.needs.count() == 9
    assert current_status(case, Pathway.DRUGS) is PathwayStatus.SUPPORT_REQUIRED
    assert current_status(case, Pathway.HOUSING) is PathwayStatus.SUPPORT_DECLINED
    assert current_status(case, Pathway.ALCOHOL) is None
    event = CaseEvent.objects.get(case=case, data__needs_assessment=assessment.pk)
    assert event.summary == "Needs assessed (start of contract): Drugs high; Housing medium"
    audit = AuditEvent.objects.get(verb="needs.assess")
    assert audit.person_id == case.person_id and audit.action == "collection"
    assert audit.after["needs"]["drugs"]["level"] == "high"
    assert audit.after["statuses_set"] == {
        "drugs": "support_required",
        "housing": "support_declined",
    }


def test_the_supervisor_of_the_team_may_assess_others_may_not(force, case) -> None:
    assess(force.supervisor, case, alcohol="low:yes")
    for outsider in (
        force.other_navigator,
        force.south_supervisor,
        force.victim_liaison,
        force.custody,
        force.administrator,
    ):
        with pytest.raises(DomainError, match="Only the navigator of"):
            assess(outsider, case, reason="again")


def test_every_pathway_must_be_answered_once(force, case) -> None:
    with pytest.raises(DomainError, match="missing: Relationships"):
        needs_assess(actor=force.navigator, case=case, stage=START, answers=answers()[:-1])
    with pytest.raises(DomainError, match="repeated: Alcohol"):
        needs_assess(
            actor=force.navigator, case=case, stage=START, answers=[*answers(), answers()[0]]
        )
    assert not NeedsAssessment.objects.exists()


def test_support_for_no_need_is_refused(force, case) -> None:
    with pytest.raises(DomainError, match="Finances: choose a level of need"):
        assess(force.navigator, case, finances="none:yes")


def test_a_case_not_yet_decided_cannot_be_assessed(force) -> None:
    case = CaseFactory(state=CaseState.REFERRED.value, team=force.north, navigator=force.navigator)
    with pytest.raises(DomainError, match="is 'Referred', so you cannot assess needs"):
        assess(force.navigator, case)


def test_a_repeat_is_a_correction_with_a_reason_and_the_old_one_is_kept(force, case) -> None:
    first = assess(force.navigator, case, drugs="high:yes")
    with pytest.raises(DomainError, match="Give a reason for correcting it"):
        assess(force.navigator, case, drugs="medium:yes")
    second = assess(force.navigator, case, reason="Typed the wrong level", drugs="medium:yes")
    assert second.supersedes == first
    assert latest_assessment(case, START) == second
    assert NeedsAssessment.objects.filter(case=case).count() == 2
    views = {v.pathway: v for v in needs_for_case(case)}
    assert views[Pathway.DRUGS].level is NeedLevel.MEDIUM
    audit = AuditEvent.objects.filter(verb="needs.assess").first()
    assert audit.action == "alteration" and audit.before == {"assessment": first.pk}
    # The status set by the first assessment stands: corrections do not rewrite history.
    assert PathwayStatusChange.objects.filter(case=case, pathway="drugs").count() == 1


def test_the_end_assessment_needs_a_start_one(force, case) -> None:
    with pytest.raises(DomainError, match="Record the start assessment before the end"):
        assess(force.navigator, case, stage=END)
    assess(force.navigator, case, drugs="high:yes")
    assess(force.navigator, case, stage=END, drugs="low:no")
    drugs = next(v for v in needs_for_case(case) if v.pathway is Pathway.DRUGS)
    assert drugs.start.level_enum is NeedLevel.HIGH and drugs.end.level_enum is NeedLevel.LOW
    assert drugs.level is NeedLevel.LOW and drugs.support_wanted is False


def test_the_end_assessment_may_follow_completion(force, case) -> None:
    assess(force.navigator, case, drugs="high:yes")
    case.state = CaseState.COMPLETED.value
    case.save()
    assess(force.navigator, case, stage=END)
    assert latest_assessment(case, END) is not None


# Pathway statuses.


def test_status_changes_build_a_dated_history(force, case) -> None:
    assess(force.navigator, case, housing="high:yes")
    with time_machine.travel(NOW + dt.timedelta(days=10), tick=False):
        pathway_status_change(
            actor=force.navigator,
            case=case,
            pathway=Pathway.HOUSING,
            status=PathwayStatus.IN_PROGRESS,
            effective_on=dt.date(2026, 11, 28),
        )
        pathway_status_change(
            actor=force.supervisor, case=case, pathway=Pathway.HOUSING, status=PathwayStatus.DONE
        )
    housing = next(v for v in needs_for_case(case) if v.pathway is Pathway.HOUSING)
    assert [(c.status, c.effective_on.day) for c in housing.history] == [
        ("support_required", 25),
        ("in_progress", 28),
        ("done", 5),
    ]
    assert housing.history[1].previous_status == "support_required"
    assert housing.status is PathwayStatus.DONE
    assert housing.status_since == dt.date(2026, 12, 5)
    summaries = list(
        CaseEvent.objects.filter(case=case, data__has_key="pathway_status_change")
        .order_by("id")
        .values_list("summary", flat=True)
    )
    assert summaries == [
        "Housing: Support required → In progress (from 28 November 2026)",
        "Housing: In progress → Done",
    ]
    assert (
        AuditEvent.objects.filter(verb="needs.pathway_status", person_id=case.person_id).count()
        == 2
    )


def test_a_disallowed_status_change_is_refused_and_nothing_is_kept(force, case) -> None:
    with pytest.raises(DomainError, match="cannot become 'done'"):
        pathway_status_change(
            actor=force.navigator, case=case, pathway=Pathway.DRUGS, status=PathwayStatus.DONE
        )
    with pytest.raises(DomainError, match="add a note"):
        pathway_status_change(
            actor=force.navigator,
            case=case,
            pathway=Pathway.DRUGS,
            status=PathwayStatus.SUPPORT_DECLINED,
        )
    assert not PathwayStatusChange.objects.exists()
    assert not AuditEvent.objects.filter(verb="needs.pathway_status").exists()


def test_a_change_cannot_be_dated_in_the_future_or_before_the_last(force, case) -> None:
    pathway_status_change(
        actor=force.navigator,
        case=case,
        pathway=Pathway.ALCOHOL,
        status=PathwayStatus.SUPPORT_REQUIRED,
        effective_on=dt.date(2026, 11, 20),
    )
    with pytest.raises(DomainError, match="is in the future"):
        pathway_status_change(
            actor=force.navigator,
            case=case,
            pathway=Pathway.ALCOHOL,
            status=PathwayStatus.IN_PROGRESS,
            effective_on=dt.date(2026, 11, 26),
        )
    with pytest.raises(DomainError, match="last changed on 20 November 2026"):
        pathway_status_change(
            actor=force.navigator,
            case=case,
            pathway=Pathway.ALCOHOL,
            status=PathwayStatus.IN_PROGRESS,
            effective_on=dt.date(2026, 11, 19),
        )


def test_only_the_case_workers_change_statuses(force, case) -> None:
    with pytest.raises(DomainError, match="Only the navigator of"):
        pathway_status_change(
            actor=force.south_navigator,
            case=case,
            pathway=Pathway.DRUGS,
            status=PathwayStatus.SUPPORT_REQUIRED,
        )


# Self-reports.


def test_a_self_report_stores_items_scores_and_the_instrument_version(force, case) -> None:
    answers_given = {**ALL_THREES, "a1": 5, "p3": None}
    response = self_report_record(
        actor=force.navigator, case=case, stage=START, answers=answers_given
    )
    assert (response.instrument_name, response.instrument_version) == ("self-report", 1)
    assert len(response.instrument_sha256) == 64
    assert response.item_scores["a1"] == 5 and response.item_scores["p3"] is None
    assert response.subscale_scores["attitudes"] == {
        "score": 26,
        "answered": 8,
        "missing": 0,
        "items": 8,
    }
    assert response.subscale_scores["problems"]["score"] == 24.0  # prorated over 7 answers
    event = CaseEvent.objects.get(case=case, data__self_report=response.pk)
    assert event.summary == (
        "Self-report recorded (start of contract): attitudes to offending 26; current problems 24"
    )
    assert AuditEvent.objects.get(verb="needs.self_report").after["items"]["p3"] is None
    rows = self_report_answers(response)
    assert rows[0].statement.startswith("1. Sometimes breaking the law")
    assert rows[0].answer == "5 (Strongly agree)"
    assert rows[10].answer == "Prefer not to say"


def test_start_and_end_self_reports_give_the_change(force, case) -> None:
    self_report_record(actor=force.navigator, case=case, stage=START, answers=ALL_THREES)
    partial = self_report_change(case)
    assert partial.comparable is False and "end self-report has not been recorded" in partial.note
    better = {**ALL_THREES, "a1": 1, "a3": 1, "p1": 1}
    self_report_record(actor=force.navigator, case=case, stage=END, answers=better)
    change = self_report_change(case)
    assert change.comparable
    rows = {r.code: r for r in change.rows}
    assert (rows["attitudes"].start, rows["attitudes"].end) == (24, 20)
    assert rows["attitudes"].change == -4 and rows["attitudes"].direction is Direction.LOWER
    assert rows["problems"].change == -2
    assert rows["attitudes"].label == "Attitudes to offending"


def test_a_repeated_self_report_is_a_correction(force, case) -> None:
    self_report_record(actor=force.navigator, case=case, stage=START, answers=ALL_THREES)
    with pytest.raises(DomainError, match="Give a reason for correcting it"):
        self_report_record(actor=force.navigator, case=case, stage=START, answers=ALL_THREES)
    self_report_record(
        actor=force.navigator,
        case=case,
        stage=START,
        answers={**ALL_THREES, "a1": 4},
        correction_reason="Misheard statement 1",
    )
    assert SelfReportResponse.objects.filter(case=case).count() == 2
    assert self_report_change(case).start.item_scores["a1"] == 4


def test_answers_off_the_scale_are_refused(force, case) -> None:
    with pytest.raises(DomainError, match="Item a2: the answer must be a whole number"):
        self_report_record(
            actor=force.navigator, case=case, stage=START, answers={**ALL_THREES, "a2": 7}
        )
    assert not SelfReportResponse.objects.exists()


def test_different_instrument_versions_are_not_compared(force, case) -> None:
    self_report_record(actor=force.navigator, case=case, stage=START, answers=ALL_THREES)
    end = self_report_record(actor=force.navigator, case=case, stage=END, answers=ALL_THREES)
    SelfReportResponse.objects.filter(pk=end.pk).update(instrument_version=2)
    change = self_report_change(case)
    assert change.comparable is False and "different instruments" in change.note
    assert all(r.change is None for r in change.rows)

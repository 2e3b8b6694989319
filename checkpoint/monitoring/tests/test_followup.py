"""Linking a feed record, follow-up windows, reoffences and the contract alert."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.template.loader import render_to_string

from checkpoint.audit.models import AuditEvent
from checkpoint.casework.models import Alert, BreachProposal, CaseEvent
from checkpoint.domain.clocks import UK_TIME
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.monitoring import NEW_OFFENCE_ALERT_KIND, LinkMethod
from checkpoint.monitoring.importer import feed_import
from checkpoint.monitoring.models import FeedRecord, Reoffence
from checkpoint.monitoring.sections import case_section
from checkpoint.monitoring.selectors import follow_up_status
from checkpoint.monitoring.services import feed_record_link
from checkpoint.monitoring.tests.test_import import _row, write_csv
from tests.factories import CaseFactory, OffenceFactory, PersonFactory

pytestmark = pytest.mark.django_db

DECIDED = dt.datetime(2024, 3, 15, 11, 0, tzinfo=UK_TIME)


@pytest.fixture
def offence() -> object:
    return OffenceFactory(code="FEED-THEFT", ho_code="34B")


def _records(tmp_path, *rows: dict[str, str]) -> list[FeedRecord]:
    feed_import(actor=None, path=write_csv(tmp_path / "feed.csv", list(rows)))
    return list(FeedRecord.objects.order_by("line"))


def _case(person, state=CaseState.FOLLOW_UP, **fields):
    return CaseFactory(person=person, state=state.value, decided_at=DECIDED, **fields)


def _on(day: str, n: int = 1, disposal: str = "caution") -> dict[str, str]:
    return _row(
        n,
        offence_date=day,
        event_time=f"{day}T12:00:00+00:00",
        disposal=disposal,
        disposal_date=day if disposal != "pending" else "",
    )


@pytest.mark.parametrize(
    ("day", "counts"),
    [
        ("2024-03-15", False),  # the decision day itself
        ("2024-03-16", True),  # the day after
        ("2026-03-15", True),  # the last day of 24 months
        ("2026-03-16", False),  # the day after the window
    ],
)
def test_window_boundaries(force, offence, tmp_path, day, counts):
    person = PersonFactory()
    case = _case(person)
    [record] = _records(tmp_path, _on(day))
    feed_record_link(
        actor=None, record=record, person=person, method=LinkMethod.PROBABILISTIC, score=0.97
    )
    assert Reoffence.objects.filter(case=case).exists() is counts


def test_only_positive_disposals_count(force, offence, tmp_path):
    person = PersonFactory()
    case = _case(person)
    [nfa, charged] = _records(
        tmp_path, _on("2024-06-01", 1, "no_further_action"), _on("2024-07-01", 2, "charged")
    )
    for record in (nfa, charged):
        feed_record_link(actor=None, record=record, person=person, method=LinkMethod.EXACT_PNC)
    assert [r.disposal for r in Reoffence.objects.filter(case=case)] == ["charged"]


def test_link_is_audited_as_combination_and_idempotent(force, offence, tmp_path):
    person = PersonFactory()
    [record] = _records(tmp_path, _on("2024-06-01"))
    first = feed_record_link(
        actor=None, record=record, person=person, method=LinkMethod.PROBABILISTIC, score=0.91
    )
    again = feed_record_link(
        actor=None, record=record, person=person, method=LinkMethod.PROBABILISTIC, score=0.91
    )
    assert first == again
    assert first.source == f"feed:{record.feed_import_id}"
    assert person.custody_events.count() == 1
    audit = AuditEvent.objects.get(verb="feed_record.link")
    assert (audit.action, audit.person_id) == ("combination", person.pk)


def test_relinking_to_someone_else_needs_a_reviewed_link_with_reason(force, offence, tmp_path):
    first, second = PersonFactory(), PersonFactory()
    [record] = _records(tmp_path, _on("2024-06-01"))
    feed_record_link(actor=None, record=record, person=first, method=LinkMethod.EXACT_PNC)
    with pytest.raises(DomainError, match="already linked"):
        feed_record_link(
            actor=None, record=record, person=second, method=LinkMethod.PROBABILISTIC, score=0.99
        )
    with pytest.raises(DomainError, match="reason"):
        feed_record_link(
            actor=force.analyst, record=record, person=second, method=LinkMethod.REVIEWED
        )
    feed_record_link(
        actor=force.analyst,
        record=record,
        person=second,
        method=LinkMethod.REVIEWED,
        reason="Birth date transposed; confirmed on PNC",
    )
    assert first.custody_events.count() == 0
    assert AuditEvent.objects.filter(action="erasure", person_id=first.pk).exists()
    assert second.custody_events.count() == 1
    record.refresh_from_db()
    assert (record.person, record.link_method, record.linked_by) == (
        second,
        "reviewed",
        force.analyst,
    )


def test_exact_link_during_import_records_reoffence(force, offence, tmp_path):
    person = PersonFactory(pnc_id="24/1A")
    case = _case(person)
    _records(tmp_path, {**_on("2024-06-01"), "pnc_id": "24/1A"})
    reoffence = Reoffence.objects.get(case=case)
    assert reoffence.harm_days == Decimal("365.00")
    assert "indicative, not the Cambridge CHI" in reoffence.harm_table
    assert CaseEvent.objects.filter(case=case, summary__startswith="Reoffence").exists()


def test_new_offence_during_active_contract_raises_alert_not_breach(force, offence, tmp_path):
    person = PersonFactory()
    case = _case(
        person,
        state=CaseState.ACTIVE,
        contract_started_on=dt.date(2024, 3, 20),
        navigator=force.navigator,
    )
    [record] = _records(tmp_path, _on("2024-04-02", disposal="pending"))
    with time_machine.travel(dt.datetime(2024, 4, 3, 9, 0, tzinfo=UK_TIME)):
        feed_record_link(actor=None, record=record, person=person, method=LinkMethod.EXACT_PNC)
        feed_record_link(actor=None, record=record, person=person, method=LinkMethod.EXACT_PNC)
    alert = Alert.objects.get(case=case)
    assert alert.kind == NEW_OFFENCE_ALERT_KIND
    assert f"/cases/{case.reference}/breach/propose/" in alert.message
    assert not BreachProposal.objects.exists()
    # A pending arrest raises the alert but is not (yet) a reoffence.
    assert not Reoffence.objects.exists()


def test_offence_before_contract_start_raises_no_alert(force, offence, tmp_path):
    person = PersonFactory()
    _case(person, state=CaseState.ACTIVE, contract_started_on=dt.date(2024, 3, 20))
    [record] = _records(tmp_path, _on("2024-03-18"))
    feed_record_link(actor=None, record=record, person=person, method=LinkMethod.EXACT_PNC)
    assert not Alert.objects.exists()


def test_follow_up_status_and_case_section(force, offence, tmp_path):
    person = PersonFactory()
    case = _case(person)
    records = _records(tmp_path, _on("2024-06-01", 1), _on("2025-01-10", 2, "convicted"))
    for record in records:
        feed_record_link(actor=None, record=record, person=person, method=LinkMethod.EXACT_PNC)
    with time_machine.travel(dt.datetime(2026, 3, 15, 12, 0, tzinfo=UK_TIME)):
        status = follow_up_status(case, today=dt.date(2026, 3, 15))
        assert status is not None
        assert status.window.ends_on == dt.date(2026, 3, 15)
        assert (status.is_over, status.days_left) == (False, 0)
        assert status.totals.reoffended and status.totals.frequency == 2
        context = case_section(force.supervisor, case)
        html = render_to_string(
            "monitoring/includes/case_section.html", {"monitoring_section": context}
        )
    assert "Reoffending follow-up" in html
    assert "15 March 2026" in html
    assert follow_up_status(case, today=dt.date(2026, 3, 16)).is_over


def test_no_follow_up_before_decision(force, offence):
    case = CaseFactory(decided_at=None)
    assert follow_up_status(case, today=dt.date(2026, 1, 1)) is None

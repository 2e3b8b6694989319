"""Feed import: all or nothing, idempotent, streamed, exact links and the command."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from checkpoint.audit.models import AuditEvent
from checkpoint.domain.errors import DomainError
from checkpoint.monitoring.feed import COLUMNS, FeedInvalid
from checkpoint.monitoring.importer import feed_import
from checkpoint.monitoring.models import FeedImport, FeedRecord
from checkpoint.monitoring.selectors import unlinked_records
from checkpoint.people.models import CustodyEvent
from tests.factories import OffenceFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _row(n: int, **overrides: str) -> dict[str, str]:
    row = {
        "source_system": "NICHE",
        "source_record_id": f"R{n}",
        "record_type": "arrest",
        "pnc_id": "",
        "force_person_id": "",
        "given_names": "Sam",
        "family_name": "Taylor",
        "date_of_birth": "1990-03-12",
        "sex": "male",
        "address_area": "North",
        "postcode": "ab1 2cd",
        "offence_code": "FEED-THEFT",
        "offence_date": "2026-05-01",
        "event_time": "2026-05-02T00:30:00+01:00",
        "disposal": "pending",
        "disposal_date": "",
    }
    row.update(overrides)
    return row


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """Write feed rows as CSV."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def offence() -> object:
    return OffenceFactory(code="FEED-THEFT", ho_code="46")


def test_good_file_imports_with_provenance(force, offence, tmp_path):
    path = write_csv(tmp_path / "feed.csv", [_row(1), _row(2)])
    result = feed_import(actor=force.administrator, path=path)
    assert result.created == 2
    record = FeedRecord.objects.get(source_record_id="R2")
    assert record.feed_import.file_name == "feed.csv"
    assert record.feed_import.imported_by == force.administrator
    assert len(record.feed_import.sha256) == 64
    assert record.line == 2
    assert record.postcode == "AB1 2CD"
    assert list(unlinked_records(result.feed_import)) == list(FeedRecord.objects.all())
    assert AuditEvent.objects.filter(verb="feed.import").count() == 1


def test_one_bad_row_imports_nothing_and_names_row_and_field(force, offence, tmp_path):
    rows = [_row(1), _row(2, offence_code="NO-SUCH-CODE"), _row(3)]
    path = write_csv(tmp_path / "feed.csv", rows)
    with pytest.raises(FeedInvalid) as caught:
        feed_import(actor=force.administrator, path=path)
    assert caught.value.count == 1
    problem = caught.value.problems[0]
    assert (problem.row, problem.field) == (2, "offence_code")
    assert "row 2, offence_code" in str(caught.value)
    assert not FeedImport.objects.exists()
    assert not FeedRecord.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"event_time": "2026-05-02T00:30:00"}, "event_time"),
        ({"offence_date": "2026-13-01"}, "offence_date"),
        ({"disposal": "hanged"}, "disposal"),
        ({"record_type": "rumour"}, "record_type"),
        ({"source_record_id": ""}, "source_record_id"),
        ({"family_name": "", "date_of_birth": ""}, "pnc_id"),
        ({"event_time": "2026-04-01T10:00:00Z"}, "event_time"),
        ({"disposal": "caution", "disposal_date": "2026-04-01"}, "disposal_date"),
    ],
)
def test_row_problems_are_named(force, offence, tmp_path, overrides, field):
    path = write_csv(tmp_path / "feed.csv", [_row(1, **overrides)])
    with pytest.raises(FeedInvalid) as caught:
        feed_import(actor=None, path=path)
    assert field in {p.field for p in caught.value.problems}


def test_duplicate_record_id_in_one_file_is_a_row_problem(force, offence, tmp_path):
    path = write_csv(tmp_path / "feed.csv", [_row(1), _row(1)])
    with pytest.raises(FeedInvalid) as caught:
        feed_import(actor=None, path=path, batch_size=1)
    assert [(p.row, p.field) for p in caught.value.problems] == [(2, "source_record_id")]


def test_importing_twice_changes_nothing(force, offence, tmp_path):
    person = PersonFactory(pnc_id="26/123456A")
    path = write_csv(tmp_path / "feed.csv", [_row(1, pnc_id="26/123456A"), _row(2)])
    feed_import(actor=None, path=path)
    counts = (FeedImport.objects.count(), FeedRecord.objects.count(), CustodyEvent.objects.count())
    audits = AuditEvent.objects.count()
    again = feed_import(actor=None, path=path)
    assert again.already_imported
    assert counts == (1, 2, 1)
    assert (
        FeedImport.objects.count(),
        FeedRecord.objects.count(),
        CustodyEvent.objects.count(),
    ) == counts
    assert AuditEvent.objects.count() == audits
    assert person.custody_events.count() == 1


def test_records_already_held_from_another_file_are_skipped(force, offence, tmp_path):
    feed_import(actor=None, path=write_csv(tmp_path / "a.csv", [_row(1)]))
    result = feed_import(actor=None, path=write_csv(tmp_path / "b.csv", [_row(1), _row(2)]))
    assert (result.created, result.skipped) == (1, 1)
    assert FeedRecord.objects.get(source_record_id="R1").feed_import.file_name == "a.csv"


def test_exact_pnc_and_force_id_link_and_make_custody_events(force, offence, tmp_path):
    by_pnc = PersonFactory(pnc_id="26/000001A")
    by_force = PersonFactory(force_person_id="F-77")
    rows = [
        _row(1, pnc_id="26/000001A", force_person_id="F-77"),  # PNC wins
        _row(2, force_person_id="F-77"),
        _row(3, pnc_id="99/999999Z"),
    ]
    result = feed_import(actor=None, path=write_csv(tmp_path / "feed.csv", rows))
    assert result.linked == {"exact_pnc": 1, "exact_force_id": 1}
    one = FeedRecord.objects.get(source_record_id="R1")
    assert (one.person, one.link_method) == (by_pnc, "exact_pnc")
    assert one.custody_event is not None
    assert one.custody_event.source == f"feed:{result.feed_import.pk}"
    assert one.custody_event.person == by_pnc
    two = FeedRecord.objects.get(source_record_id="R2")
    assert (two.person, two.link_method) == (by_force, "exact_force_id")
    assert two.custody_event.offence_date.isoformat() == "2026-05-01"
    assert [r.source_record_id for r in unlinked_records()] == ["R3"]
    assert AuditEvent.objects.filter(verb="feed_record.link_exact", action="combination").exists()


def test_json_lines_and_json_array(force, offence, tmp_path):
    lines = tmp_path / "feed.jsonl"
    lines.write_text("\n".join(json.dumps(_row(n)) for n in (1, 2)) + "\n", encoding="utf-8")
    assert feed_import(actor=None, path=lines).created == 2
    array = tmp_path / "feed.json"
    array.write_text(json.dumps([_row(3), _row(4, disposal="nope")]), encoding="utf-8")
    with pytest.raises(FeedInvalid) as caught:
        feed_import(actor=None, path=array)
    assert [(p.row, p.field) for p in caught.value.problems] == [(2, "disposal")]


def test_only_an_administrator_imports(force, offence, tmp_path):
    path = write_csv(tmp_path / "feed.csv", [_row(1)])
    with pytest.raises(DomainError):
        feed_import(actor=force.navigator, path=path)


def test_command_imports_and_reports(force, offence, tmp_path):
    path = write_csv(tmp_path / "feed.csv", [_row(1)])
    out = io.StringIO()
    call_command("feed", "import", str(path), "--as", "admin", "--quiet", stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert figures["created"] == 1
    out = io.StringIO()
    call_command("feed", "import", str(path), "--quiet", stdout=out)
    assert json.loads(out.getvalue().strip().splitlines()[-1])["already_imported"] is True


def test_command_refuses_a_bad_file(force, offence, tmp_path):
    path = write_csv(tmp_path / "feed.csv", [_row(1, offence_code="NOPE")])
    with pytest.raises(CommandError, match="row 1, offence_code"):
        call_command("feed", "import", str(path), "--quiet", stdout=io.StringIO())


def test_a_broken_json_array_imports_nothing(force, offence, tmp_path):
    path = tmp_path / "feed.json"
    path.write_text('[{"source_system": "X",', encoding="utf-8")
    with pytest.raises(DomainError, match="not valid JSON"):
        feed_import(actor=None, path=path)
    assert not FeedImport.objects.exists()

"""Training, versioning and activation of linkage models; the command; the benchmark."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from checkpoint.audit.models import AuditEvent
from checkpoint.bench import linkage as bench
from checkpoint.domain.errors import DomainError
from checkpoint.linkage.models import LinkageModel
from checkpoint.linkage.selectors import DEFAULT_VERSION, model_in_use
from checkpoint.linkage.services import linkage_model_activate, linkage_model_train
from checkpoint.linkage.tests.helpers import feed_record, person
from checkpoint.people.models import Person, PersonName

pytestmark = pytest.mark.django_db


def _index(people: int = 300, records: int = 300) -> None:
    """Load a small generated population and feed records derived from it."""
    pop = bench.generate(people, records, seed=3)
    made = Person.objects.bulk_create(
        Person(
            force_person_id=f"G{i:06d}",
            date_of_birth=p["dob"],
            sex=p["sex"],
            address_area=p["area"],
            created_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        )
        for i, p in enumerate(pop.people)
    )
    PersonName.objects.bulk_create(
        PersonName(
            person=made[index],
            kind="primary" if first else "alias",
            given_names=given,
            family_name=family,
        )
        for first, (_, index, given, family) in zip(
            [True] + [pop.names[k][1] != pop.names[k - 1][1] for k in range(1, len(pop.names))],
            pop.names,
            strict=True,
        )
    )
    for r in pop.records[:records]:
        born = dt.date.fromisoformat(r["dob"]) if r["dob"] else None
        feed_record(r["given"], r["family"], born, sex=r["sex"], area=r["area"])


def test_the_shipped_defaults_are_used_until_a_model_is_trained() -> None:
    assert model_in_use().version == DEFAULT_VERSION


def test_training_stores_a_versioned_active_model_and_audits_it(force) -> None:
    _index()
    model = linkage_model_train(actor=force.analyst, max_pairs=2e4)
    assert model.status == LinkageModel.Status.ACTIVE and model_in_use().model == model
    assert model.training_rows == PersonName.objects.count()
    assert len(model.training_fingerprint) == 64 and model.version.endswith(
        model.training_fingerprint[:8]
    )
    assert model.metrics["record_rows"] == 300
    levels = model.settings["comparisons"][0]["comparison_levels"]
    assert all(lv["u_probability"] > 0 for lv in levels if not lv.get("is_null_level"))
    assert AuditEvent.objects.filter(verb="linkage_model.train", actor=force.analyst).exists()


def test_a_new_version_retires_the_old_and_rollback_is_activation(force) -> None:
    _index(120, 120)
    first = linkage_model_train(actor=force.analyst, max_pairs=1e4, em=False)
    second = linkage_model_train(actor=force.analyst, max_pairs=1e4, em=False, sample=100)
    first.refresh_from_db()
    assert (first.status, second.status) == ("retired", "active")
    assert first.training_fingerprint != second.training_fingerprint
    linkage_model_activate(actor=force.supervisor, model=first)
    assert model_in_use().version == first.version
    assert LinkageModel.objects.filter(status="active").count() == 1


def test_a_candidate_model_is_not_used_until_activated(force) -> None:
    _index(120, 0)
    model = linkage_model_train(actor=force.analyst, max_pairs=1e4, activate=False)
    assert model.status == "candidate" and model_in_use().version == DEFAULT_VERSION
    assert model.metrics["m_source"] == "expert defaults"


def test_roles_without_aggregate_access_cannot_train(force) -> None:
    person("John", "Smith", dt.date(1990, 1, 1))
    with pytest.raises(DomainError):
        linkage_model_train(actor=force.navigator)
    with pytest.raises(DomainError, match="Thresholds"):
        linkage_model_train(actor=force.analyst, auto_link_threshold=0.5, review_threshold=0.7)


def test_command_trains_matches_and_reports(force) -> None:
    _index(150, 150)
    out = StringIO()
    call_command("linkage", "train", "--as", "analyst", stdout=out, stderr=StringIO())
    trained = json.loads(out.getvalue().splitlines()[-1])
    assert trained["status"] == "active"
    out = StringIO()
    call_command("linkage", "match", stdout=out, stderr=StringIO())
    report = json.loads(out.getvalue().splitlines()[-1])
    assert report["considered"] == 150 and report["auto_linked"] > 100
    out = StringIO()
    call_command("linkage", "review", stdout=out)
    assert json.loads(out.getvalue().splitlines()[-1])["model_version"] == trained["version"]


def test_benchmark_generation_is_deterministic() -> None:
    first, second = bench.generate(200, 500, seed=7), bench.generate(200, 500, seed=7)
    assert first.records == second.records and first.truth == second.truth


@pytest.mark.slow
def test_benchmark_runs_small_and_beats_the_exact_baseline() -> None:
    figures = bench.run({"people": 3000, "records": 15000, "seed": 1})
    assert figures["f1"] > figures["baseline_f1"]
    assert figures["precision"] > 0.99

"""`checkpoint policy list|validate|diff|replay`."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from checkpoint.audit.actions import AuditAction
from checkpoint.audit.models import AuditEvent
from checkpoint.domain.eligibility import screen
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.offences import ModeOfTrial, OffenceFamily
from checkpoint.domain.screening import ScreeningInput
from checkpoint.domain.tests.screening_cases import catalogue, clean_referral, offence_row, policy
from checkpoint.offences.catalogue import DEFAULT_CATALOGUE
from checkpoint.policies.loader import POLICY_DIR
from checkpoint.screening.models import ScreeningDecision
from checkpoint.screening.services import result_rows
from tests.factories import CaseFactory, OffenceFactory


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("policy", *args, stdout=out)
    return out.getvalue()


def run_failing(*args: str) -> tuple[str, str]:
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("policy", *args, stdout=out)
    return out.getvalue(), str(error.value)


def draft(tmp_path: Path, name: str, edit: dict[str, str], source: str = "checkpoint-dart") -> Path:
    """Copy a shipped policy to a draft file under a new name, with text replacements."""
    text = (POLICY_DIR / f"{source}.toml").read_text(encoding="utf-8")
    text = text.replace(f'name = "{source}"', f'name = "{name}"')
    for old, new in edit.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


# list


def test_list_shows_every_policy_and_which_is_in_force() -> None:
    out = run("list")
    assert all(name in out for name in ("checkpoint-2015", "checkpoint-2018", "turning-point"))
    dart = next(line for line in out.splitlines() if line.startswith("checkpoint-dart"))
    assert "2020-04-01" in dart and " yes " in dart
    rows = json.loads(run("list", "--json"))
    by_name = {r["name"]: r for r in rows}
    assert by_name["checkpoint-2015"]["effective_to"] == "2017-11-30"
    assert by_name["checkpoint-2015"]["in_force_today"] is False
    assert by_name["turning-point"]["scheme"] == "turning-point"


def test_list_names_invalid_files_in_the_policy_directory(settings, tmp_path: Path) -> None:
    shutil.copy(POLICY_DIR / "checkpoint-dart.toml", tmp_path)
    (tmp_path / "broken.toml").write_text("[policy]\nname = 'broken'\n", encoding="utf-8")
    settings.CHECKPOINT_POLICY_DIR = tmp_path
    out, error = run_failing("list")
    assert "checkpoint-dart" in out and "broken.toml" in error


# validate


def test_validate_the_shipped_policies() -> None:
    out = run("validate")
    assert out.count("OK ") == 4


def test_validate_names_the_file_field_and_problem(tmp_path: Path) -> None:
    broken = draft(
        tmp_path,
        "checkpoint-2027",
        {
            "max_age_months = 3": "max_age_monhts = 3",
            "contract_months = 4": "contract_months = 40",
            '"assault",': '"assault", "shoplifting",',
        },
    )
    good = POLICY_DIR / "checkpoint-2015.toml"
    out, error = run_failing("validate", str(broken), str(good))
    assert "INVALID" in out and f"OK       {good}" in out
    lines = [line.strip() for line in out.splitlines()]
    assert (
        "checkpoint-2027.toml: offences.max_age_monhts: is not a setting a policy can have "
        "(check the spelling)" in lines
    )
    assert any(
        line.startswith("checkpoint-2027.toml: clocks.contract_months:") and "24" in line
        for line in lines
    )
    assert any(line.startswith("checkpoint-2027.toml: offences.families_in") for line in lines)
    assert "1 of 2 policy file(s) invalid" in error


def test_validate_checks_offence_codes_against_the_catalogue(tmp_path: Path) -> None:
    typo = draft(
        tmp_path,
        "typo",
        {
            "hate_crime_excluded = true": (
                'hate_crime_excluded = true\ncodes_out = ["THEFT-FROM-SHOPP"]'
            )
        },
    )
    out, _ = run_failing("validate", str(typo))
    assert (
        "typo.toml: offences.codes_out: 'THEFT-FROM-SHOPP' is not in the offence catalogue" in out
    )


def test_validate_finds_overlapping_versions_of_a_scheme(tmp_path: Path) -> None:
    successor = draft(
        tmp_path,
        "checkpoint-2027",
        {"effective_from = 2020-04-01": ("effective_from = 2027-01-01")},
    )
    out, error = run_failing("validate", str(POLICY_DIR / "checkpoint-dart.toml"), str(successor))
    assert "checkpoint-dart.toml and checkpoint-2027.toml" in out
    assert "from 1 January 2027 to no end date" in out
    assert "overlap" in error


def test_validate_a_missing_file(tmp_path: Path) -> None:
    out, _ = run_failing("validate", str(tmp_path / "nothing.toml"))
    assert "There is no policy file" in out


# diff


def test_diff_by_name_and_path() -> None:
    out = run("diff", "checkpoint-2015", str(POLICY_DIR / "checkpoint-2018.toml"))
    assert out.startswith("From checkpoint-2015 v1 to checkpoint-2018 v1:")
    assert "- Offence families added: drug possession, drug production." in out
    changes = json.loads(run("diff", "checkpoint-2015", "checkpoint-2018", "--json"))
    assert "Offence families added: drug possession, drug production." in changes
    assert json.loads(run("diff", "turning-point", "turning-point", "--json")) == [
        "No differences."
    ]


def test_diff_of_a_draft(tmp_path: Path) -> None:
    longer = draft(tmp_path, "checkpoint-2027", {"contract_months = 4": "contract_months = 6"})
    changes = json.loads(run("diff", "checkpoint-dart", str(longer), "--json"))
    assert "Contract length: 4 → 6 months." in changes
    assert "Name: checkpoint-dart → checkpoint-2027." in changes


def test_diff_of_an_unknown_policy() -> None:
    _, error = run_failing("diff", "checkpoint-2015", "checkpoint-1999")
    assert "There is no policy 'checkpoint-1999'" in error


# replay


def record(case: Any, user: Any, on: dt.date, offences: list[dict[str, str]]) -> ScreeningDecision:
    """Store a decision as `screening_decide` would, decided under checkpoint-2018."""
    facts = ScreeningInput.model_validate(
        clean_referral(decision_date=on.isoformat(), offences=offences)
    )
    result = screen(facts, policy("checkpoint-2018"), catalogue())
    return ScreeningDecision.objects.create(
        case=case,
        decided_at=dt.datetime.combine(on, dt.time(10), tzinfo=dt.UTC),
        decided_by=user,
        policy_name="checkpoint-2018",
        policy_version=1,
        policy_sha256="0" * 64,
        inputs=facts.model_dump(mode="json"),
        results=result_rows(result),
        computed_outcome=result.outcome.value,
        requested_outcome=result.outcome.value,
        approvals_needed=[],
        limitation_last_date=result.limitation_last_date,
    )


@pytest.fixture
def decisions(force) -> list[ScreeningDecision]:
    cannabis = [offence_row("DRUG-POSSESSION-CLASS-B-CANNABIS", "2018-06-10")]
    theft = [offence_row("THEFT-FROM-SHOP", "2019-01-05")]
    early = [offence_row("DRUG-POSSESSION-CLASS-A", "2017-12-10")]
    return [
        record(
            CaseFactory(reference="CP-2018-000001"), force.custody, dt.date(2018, 6, 14), cannabis
        ),
        record(CaseFactory(reference="CP-2019-000002"), force.custody, dt.date(2019, 1, 10), theft),
        record(
            CaseFactory(reference="CP-2017-000003"), force.custody, dt.date(2017, 12, 12), early
        ),
    ]


def test_replay_reports_changed_outcomes_and_why(decisions) -> None:
    states = {c.pk: c.state for c in (d.case for d in decisions)}
    out = run(
        "replay",
        "--policy",
        "checkpoint-2015",
        "--since",
        "2018-01-01",
        "--catalogue",
        str(DEFAULT_CATALOGUE),
    )
    assert "Replayed 2 screening decision(s) made on or after 1 January 2018" in out
    assert "Unchanged: 1" in out and "Changed: 1" in out
    assert "eligible → ineligible: 1" in out
    assert (
        f"#{decisions[0].pk} CP-2018-000001 (decided under checkpoint-2018 v1): "
        "eligible → ineligible; now fails: offence_scope.out_of_scope" in out
    )
    assert "CP-2019-000002" not in out and "CP-2017-000003" not in out
    # Replay only reads: the decisions and cases are as they were.
    assert ScreeningDecision.objects.count() == 3
    for decision in decisions:
        decision.case.refresh_from_db()
        assert decision.case.state == states[decision.case.pk] == CaseState.REFERRED.value
    (event,) = AuditEvent.objects.filter(verb="policy.replay")
    assert event.action == AuditAction.CONSULTATION.value and event.actor is None
    assert event.object_type == "screening.replay" and event.object_id == "checkpoint-2015"
    assert "2 screening decision(s)" in event.summary and "1 would change" in event.summary


def test_replay_json_with_the_database_catalogue(decisions) -> None:
    for code, family in (
        ("DRUG-POSSESSION-CLASS-B-CANNABIS", OffenceFamily.DRUG_POSSESSION),
        ("DRUG-POSSESSION-CLASS-A", OffenceFamily.DRUG_POSSESSION),
        ("THEFT-FROM-SHOP", OffenceFamily.THEFT),
    ):
        OffenceFactory(code=code, family=family.value, mode_of_trial=ModeOfTrial.EITHER_WAY.value)
    report = json.loads(
        run("replay", "--policy", "checkpoint-2015", "--until", "2018-12-31", "--json")
    )
    assert (report["examined"], report["unchanged"], report["changed"]) == (2, 0, 2)
    assert report["changes_by_outcome"] == [{"from": "eligible", "to": "ineligible", "count": 2}]
    assert {d["case_reference"] for d in report["decisions"]} == {
        "CP-2018-000001",
        "CP-2017-000003",
    }
    assert all(d["now_failing"] == ["offence_scope.out_of_scope"] for d in report["decisions"])


def test_replay_reports_decisions_it_cannot_replay(decisions) -> None:
    # The database catalogue is empty here, so no stored offence code can be resolved.
    report = json.loads(run("replay", "--policy", "checkpoint-dart", "--json"))
    assert report["examined"] == 3 and report["not_replayed"] == 3
    assert "Unknown offence code" in report["problems"][0]["problem"]


@pytest.mark.django_db
def test_replay_refuses_a_backwards_period() -> None:
    _, error = run_failing(
        "replay", "--policy", "checkpoint-2015", "--since", "2019-01-01", "--until", "2018-01-01"
    )
    assert "--since (2019-01-01) is after --until (2018-01-01)" in error
    _, error = run_failing("replay", "--policy", "checkpoint-2015", "--since", "2018-13-01")
    assert "'2018-13-01' is not a date" in error
    assert not AuditEvent.objects.exists()

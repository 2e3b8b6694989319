"""`checkpoint screen`: the dry run touches no database; the documented examples hold.

None of these tests is marked django_db, so pytest-django would fail any of them that
touched the database; one test also runs the real console script against a database that
does not exist.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from checkpoint.domain.tests.screening_cases import clean_referral
from checkpoint.policies.loader import POLICY_DIR

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "checkpoint" / "screening" / "examples"
INDEX = json.loads((EXAMPLES / "index.json").read_text(encoding="utf-8"))["examples"]
BLOCKING = {"fail", "needs_information"}


def screen(*args: str) -> str:
    out = io.StringIO()
    call_command("screen", *args, stdout=out)
    return out.getvalue()


def screen_json(*args: str) -> Any:
    return json.loads(screen(*args, "--json"))


def failing(*args: str) -> str:
    with pytest.raises(CommandError) as error:
        screen(*args)
    return str(error.value)


def write(tmp_path: Path, data: Any, name: str = "referral.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


# The documented examples (docs/screening.md, examples/index.json).


def test_every_example_file_is_documented_in_the_index() -> None:
    files = {p.name for p in EXAMPLES.glob("*.json")} - {"index.json"}
    assert files == {e["file"] for e in INDEX}
    assert {
        "eligible-theft.json",
        "needs-information.json",
        "s127-summary-only.json",
        "drug-supply-2018.json",
        "domestic-dart.json",
        "turning-point-history.json",
    } <= files


@pytest.mark.parametrize("example", INDEX, ids=lambda e: f"{e['file']}@{e['policy']}")
def test_documented_example(example: dict[str, Any]) -> None:
    result = screen_json(str(EXAMPLES / example["file"]), "--policy", example["policy"])
    assert result["policy"] == example["policy"]
    assert result["outcome"] == example["outcome"]
    blocking = {r["code"] for r in result["reasons"] if r["status"] in BLOCKING}
    assert blocking == set(example["reasons"])
    assert result["approvals_required"] == example["approvals_required"]
    assert result["overridable"] is example["overridable"]
    if "s127_last_date" in example:
        assert result["s127_last_date"] == example["s127_last_date"]


# What the dry run prints.


def test_text_report_for_an_ineligible_referral() -> None:
    out = screen(str(EXAMPLES / "s127-summary-only.json"), "--policy", "checkpoint-dart")
    assert out.startswith("Outcome: Ineligible\nPolicy:  checkpoint-dart v1 (Checkpoint (Durham)")
    assert (
        "Fails (1):\n  s127.contract_would_pass_limit\n    Officer: Proceedings must start by"
        in out
    )
    assert "    Person:  There is not enough time left under the law" in out
    assert "    Clause:  clocks.s127_breach_margin_days (Magistrates' Courts Act 1980 s127)" in out
    assert "Can be overridden by: supervisor override of the s127 limitation risk" in out
    assert "Overridable: every failure can be overridden by a supervisor" in out
    assert "s127: proceedings for the summary-only offence must start by 27 February 2027." in out
    assert "Passed (" in out and "age.met" in out and "offence_age.met" in out


def test_text_report_lists_questions_and_approvals() -> None:
    questions = screen(str(EXAMPLES / "needs-information.json"), "--policy", "checkpoint-dart")
    assert "Outcome: Needs information" in questions
    assert "Needs information (3):" in questions
    assert "  1. What is the person's date of birth?" in questions
    supply = screen(str(EXAMPLES / "drug-supply-2018.json"), "--policy", "checkpoint-2018")
    assert "Outcome: Eligible" in supply
    assert (
        "Approvals required before it takes effect:\n  - Supervisor approval of a drug supply case"
        in supply
    )
    assert "Advisory (weigh it; it does not decide):\n  - forecast.in_band:" in supply


def test_json_holds_every_reason() -> None:
    result = screen_json(str(EXAMPLES / "drug-supply-2018.json"), "--policy", "checkpoint-2018")
    assert result["version"] == 1 and result["policy_in_force_on_decision_date"] is True
    supply = next(r for r in result["reasons"] if r["rule"] == "drug_supply")
    assert supply == {
        "code": "drug_supply.met",
        "rule": "drug_supply",
        "status": "pass",
        "officer": supply["officer"],
        "person": "",
        "clause": "drug_supply",
        "questions": [],
        "approval": "drug_supply",
        "overridable_by": None,
    }
    assert result["questions"] == [] and result["s127_last_date"] is None


def test_a_policy_not_in_force_on_the_decision_date_is_a_what_if() -> None:
    out = screen(str(EXAMPLES / "domestic-dart.json"), "--policy", "checkpoint-2018")
    assert "Note: checkpoint-2018 v1 was not in force on 25 November 2026" in out
    assert "domestic.excluded" in out


def test_without_a_policy_the_one_in_force_on_the_decision_date_applies() -> None:
    result = screen_json(str(EXAMPLES / "drug-supply-2018.json"))
    assert result["policy"] == "checkpoint-2018" and result["outcome"] == "eligible"


def test_an_array_gives_one_result_each(tmp_path: Path) -> None:
    path = write(tmp_path, [clean_referral(), clean_referral(admission="denied")])
    results = screen_json(str(path), "--policy", "checkpoint-dart")
    assert [r["outcome"] for r in results] == ["eligible", "ineligible"]
    out = screen(str(path), "--policy", "checkpoint-dart")
    assert "Referral [0]" in out and "Referral [1]" in out
    assert out.rstrip().endswith("2 referrals: 1 eligible, 1 ineligible.")


def test_a_draft_policy_file(tmp_path: Path) -> None:
    text = (POLICY_DIR / "checkpoint-dart.toml").read_text(encoding="utf-8")
    draft = tmp_path / "checkpoint-2027.toml"
    draft.write_text(
        text.replace('name = "checkpoint-dart"', 'name = "checkpoint-2027"').replace(
            "contract_months = 4", "contract_months = 2"
        ),
        encoding="utf-8",
    )
    # Two months plus 28 days fits inside the s127 limit, so the same referral passes.
    result = screen_json(str(EXAMPLES / "s127-summary-only.json"), "--policy", str(draft))
    assert result["policy"] == "checkpoint-2027" and result["outcome"] == "eligible"


# Bad input names what is wrong.


def test_unreadable_and_invalid_files(tmp_path: Path) -> None:
    assert "There is no file" in failing(str(tmp_path / "missing.json"))
    assert "is not valid JSON: Expecting value at line 1, column 19" in failing(
        str(write(tmp_path, '{"decision_date": }'))
    )
    assert "must hold one screening input (a JSON object) or an array of them, not str" in failing(
        str(write(tmp_path, '"hello"'))
    )
    assert "empty array" in failing(str(write(tmp_path, "[]")))


def test_schema_errors_name_the_field_path(tmp_path: Path) -> None:
    bad = clean_referral(admision="admitted")
    bad["offences"] = [{"code": "THEFT-FROM-SHOP", "committed_on": "2026-02-30"}]
    message = failing(str(write(tmp_path, [clean_referral(), bad])), "--policy", "checkpoint-dart")
    assert "[1].admision: is not a field of the screening input (check the spelling)" in message
    assert "[1].offences[0].committed_on: Input should be a valid date" in message
    single = failing(
        str(write(tmp_path, {"decision_date": "2026-11-25"})), "--policy", "checkpoint-dart"
    )
    assert "offences: is required" in single


def test_unknown_offence_policy_and_catalogue(tmp_path: Path) -> None:
    unknown = clean_referral(offences=[{"code": "NOT-A-CODE", "committed_on": "2026-11-20"}])
    path = write(tmp_path, unknown)
    assert "Unknown offence code(s): NOT-A-CODE." in failing(
        str(path), "--policy", "checkpoint-dart"
    )
    assert "There is no policy 'checkpoint-1999'. Known policies: checkpoint-2015" in failing(
        str(path), "--policy", "checkpoint-1999"
    )
    assert "There is no policy file" in failing(str(path), "--policy", str(tmp_path / "x.toml"))
    assert "There is no file" in failing(
        str(path), "--policy", "checkpoint-dart", "--catalogue", str(tmp_path / "none.csv")
    )
    late = clean_referral(offences=[{"code": "THEFT-FROM-SHOP", "committed_on": "2026-12-01"}])
    assert "after the decision date" in failing(
        str(write(tmp_path, late)), "--policy", "checkpoint-dart"
    )


# No database at all.


def test_the_console_script_runs_with_no_database(tmp_path: Path) -> None:
    missing = f"checkpoint_missing_{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{missing}",
    }

    def checkpoint(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "checkpoint.cli", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )

    ran = checkpoint(
        "screen", str(EXAMPLES / "eligible-theft.json"), "--policy", "checkpoint-dart", "--json"
    )
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["outcome"] == "eligible"
    refused = checkpoint("screen", str(EXAMPLES / "eligible-theft.json"), "--policy", "nope")
    assert refused.returncode != 0 and "There is no policy 'nope'" in refused.stderr
    # The control: a command that does need the database fails in the same environment.
    control = checkpoint("policy", "replay", "--policy", "checkpoint-dart")
    assert control.returncode != 0 and "OperationalError" in control.stderr


# The benchmark.


def test_screening_benchmark_runs_and_ends_with_json() -> None:
    out = io.StringIO()
    call_command("bench", "screening", "--set", "referrals=300", "--set", "seed=7", stdout=out)
    figures = json.loads(out.getvalue().splitlines()[-1])
    assert figures["referrals"] == 300 and figures["decisions"] == 300 * 4
    assert set(figures["outcomes"]) == {"eligible", "ineligible", "needs_information"}
    assert figures["p50_us"] <= figures["p95_us"] <= figures["p99_us"] <= figures["max_us"]

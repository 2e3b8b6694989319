"""Replaying stored decisions under another policy: pure, no database."""

from __future__ import annotations

import ast
from dataclasses import asdict
from pathlib import Path
from typing import Any

from checkpoint.domain.eligibility import screen
from checkpoint.domain.screening import Outcome, RuleStatus, ScreeningInput
from checkpoint.domain.tests.screening_cases import catalogue, clean_referral, offence_row, policy
from checkpoint.policies.replay import StoredDecision, replay_decisions, stored_statuses

POSSESSION = [offence_row("DRUG-POSSESSION-CLASS-B-CANNABIS", "2018-06-10")]


def stored(number: int, inputs: dict[str, Any], under: str) -> StoredDecision:
    """Decide a referral under a policy and keep it the way ScreeningDecision stores it."""
    result = screen(ScreeningInput.model_validate(inputs), policy(under), catalogue())
    rows = [{**asdict(r), "status": r.status.value} for r in result.results]
    return StoredDecision(
        id=number,
        case_reference=f"CP-2018-{number:06d}",
        inputs=inputs,
        computed_outcome=result.outcome,
        results=stored_statuses(rows),
        policy_label=f"{under} v1",
    )


def referral(**patch: Any) -> dict[str, Any]:
    return clean_referral(**{"decision_date": "2018-06-14", "offences": POSSESSION, **patch})


def test_drug_possession_eligible_in_2018_is_ineligible_under_2015() -> None:
    decision = stored(1, referral(), "checkpoint-2018")
    assert decision.computed_outcome is Outcome.ELIGIBLE
    report = replay_decisions([decision], policy("checkpoint-2015"), catalogue())
    assert report.examined == 1 and report.unchanged == 0
    (changed,) = report.changed
    assert changed.outcome is Outcome.INELIGIBLE
    assert changed.now_failing == ("offence_scope.out_of_scope",)
    assert "now fails: offence_scope.out_of_scope" in changed.why()
    assert report.transitions == {(Outcome.ELIGIBLE, Outcome.INELIGIBLE): 1}


def test_totals_count_unchanged_and_changed_by_outcome() -> None:
    rows = [
        stored(1, referral(), "checkpoint-2018"),
        stored(2, referral(), "checkpoint-2018"),
        # Shop theft: in scope under both, so unchanged.
        stored(
            3,
            clean_referral(
                decision_date="2018-06-14",
                offences=[offence_row("THEFT-FROM-SHOP", "2018-06-10")],
            ),
            "checkpoint-2018",
        ),
        # Possession with an unknown interview: needs information now, out of scope then.
        stored(4, referral(admission=None), "checkpoint-2018"),
    ]
    report = replay_decisions(rows, policy("checkpoint-2015"), catalogue())
    assert (report.examined, report.unchanged, len(report.changed)) == (4, 1, 3)
    assert report.transitions == {
        (Outcome.ELIGIBLE, Outcome.INELIGIBLE): 2,
        (Outcome.NEEDS_INFORMATION, Outcome.INELIGIBLE): 1,
    }
    data = report.to_json()
    assert data["changes_by_outcome"][0] == {"from": "eligible", "to": "ineligible", "count": 2}
    assert [d["id"] for d in data["decisions"]] == [1, 2, 4]


def test_rules_that_stop_failing_are_named() -> None:
    decision = stored(1, referral(), "checkpoint-2015")
    assert decision.computed_outcome is Outcome.INELIGIBLE
    report = replay_decisions([decision], policy("checkpoint-2018"), catalogue())
    (changed,) = report.changed
    assert changed.outcome is Outcome.ELIGIBLE
    assert changed.no_longer_failing == ("offence_scope.out_of_scope",)


def test_same_outcome_for_other_reasons_is_counted() -> None:
    # Ineligible under both: denied (2015 and 2018), plus out of scope only in 2015.
    decision = stored(1, referral(admission="denied"), "checkpoint-2018")
    report = replay_decisions([decision], policy("checkpoint-2015"), catalogue())
    assert report.unchanged == 1 and report.unchanged_with_other_reasons == 1
    assert report.changed == ()


def test_stored_facts_the_rules_cannot_take_are_reported_not_raised() -> None:
    good = stored(1, referral(), "checkpoint-2018")
    retired = StoredDecision(
        id=2,
        case_reference="CP-2018-000002",
        inputs=referral(offences=[offence_row("RETIRED-CODE", "2018-06-10")]),
        computed_outcome=Outcome.ELIGIBLE,
        results={},
    )
    old_schema = StoredDecision(
        id=3,
        case_reference="CP-2018-000003",
        inputs={**referral(), "interview": "admitted"},
        computed_outcome=Outcome.ELIGIBLE,
        results={},
    )
    report = replay_decisions([good, retired, old_schema], policy("checkpoint-2015"), catalogue())
    assert report.examined == 3 and len(report.changed) == 1
    problems = {n.decision.id: n.problem for n in report.not_replayed}
    assert "RETIRED-CODE" in problems[2]
    assert "interview" in problems[3]


def test_stored_statuses_skips_malformed_rows() -> None:
    rows = [
        {"code": "age.met", "status": "pass"},
        {"code": "x.y", "status": "maybe"},
        {"status": "fail"},
    ]
    assert stored_statuses(rows) == {"age.met": RuleStatus.PASS}


def test_diff_and_replay_are_pure() -> None:
    package = Path(__file__).resolve().parent.parent
    for name in ("diff.py", "replay.py"):
        tree = ast.parse((package / name).read_text(encoding="utf-8"))
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        } | {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        assert not {m for m in imported if m.startswith("django")}, name

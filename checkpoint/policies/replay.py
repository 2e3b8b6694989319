"""Re-run past screening decisions under another policy and say which outcomes would change.

Pure: the caller reads the stored decisions (`checkpoint policy replay` reads ScreeningDecision
rows) and passes them in. Each decision is re-screened with its own stored facts, including
its decision date, so offence age and the s127 clock are computed as they were on the day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from checkpoint.domain.eligibility import screen
from checkpoint.domain.errors import DomainError
from checkpoint.domain.policy import Policy
from checkpoint.domain.screening import (
    OffenceFacts,
    Outcome,
    RuleStatus,
    ScreeningInput,
    ScreeningResult,
)

BLOCKING = (RuleStatus.FAIL, RuleStatus.NEEDS_INFORMATION)


def stored_statuses(rows: Sequence[Mapping[str, Any]]) -> dict[str, RuleStatus]:
    """Return rule code → status from a stored `results` list (ScreeningDecision.results)."""
    statuses = {}
    for row in rows:
        try:
            statuses[str(row["code"])] = RuleStatus(row["status"])
        except (KeyError, ValueError):
            # A malformed row cannot say what the rule found; skip it rather than guess.
            continue
    return statuses


@dataclass(frozen=True)
class StoredDecision:
    """A past decision as recorded: its facts, its outcome and every rule's status."""

    id: int
    case_reference: str
    inputs: Mapping[str, Any]
    computed_outcome: Outcome
    results: Mapping[str, RuleStatus]
    policy_label: str = ""


@dataclass(frozen=True)
class Replayed:
    """One decision re-run: the new outcome and the rule codes that moved."""

    decision: StoredDecision
    outcome: Outcome
    now_failing: tuple[str, ...] = ()
    now_needing_information: tuple[str, ...] = ()
    no_longer_failing: tuple[str, ...] = ()
    no_longer_needing_information: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        """Return whether the outcome differs from the stored one."""
        return self.outcome is not self.decision.computed_outcome

    @property
    def reasons_changed(self) -> bool:
        """Return whether any failing or needs-information rule differs."""
        return bool(
            self.now_failing
            or self.now_needing_information
            or self.no_longer_failing
            or self.no_longer_needing_information
        )

    def why(self) -> str:
        """Return the moved rule codes in words."""
        parts = []
        for label, codes in (
            ("now fails", self.now_failing),
            ("now needs information", self.now_needing_information),
            ("no longer fails", self.no_longer_failing),
            ("no longer needs information", self.no_longer_needing_information),
        ):
            if codes:
                parts.append(f"{label}: {', '.join(codes)}")
        return "; ".join(parts) or "the same rules fail or need information"


@dataclass(frozen=True)
class NotReplayed:
    """A decision whose stored facts the rules could not take (for example, a retired code)."""

    decision: StoredDecision
    problem: str


@dataclass(frozen=True)
class ReplayReport:
    """Every decision examined under one policy: the changed ones in full, the rest counted."""

    policy_name: str
    policy_version: int
    changed: tuple[Replayed, ...] = ()
    not_replayed: tuple[NotReplayed, ...] = ()
    unchanged: int = 0
    unchanged_with_other_reasons: int = 0
    transitions: Mapping[tuple[Outcome, Outcome], int] = field(default_factory=dict)

    @property
    def examined(self) -> int:
        """Return how many decisions were looked at."""
        return len(self.changed) + self.unchanged + len(self.not_replayed)

    def to_json(self) -> dict[str, Any]:
        """Return the report as JSON-ready data."""
        return {
            "policy": self.policy_name,
            "version": self.policy_version,
            "examined": self.examined,
            "unchanged": self.unchanged,
            "unchanged_with_other_reasons": self.unchanged_with_other_reasons,
            "changed": len(self.changed),
            "not_replayed": len(self.not_replayed),
            "changes_by_outcome": [
                {"from": old.value, "to": new.value, "count": count}
                for (old, new), count in self.transitions.items()
            ],
            "decisions": [
                {
                    "id": r.decision.id,
                    "case_reference": r.decision.case_reference,
                    "decided_under": r.decision.policy_label,
                    "from": r.decision.computed_outcome.value,
                    "to": r.outcome.value,
                    "now_failing": list(r.now_failing),
                    "now_needing_information": list(r.now_needing_information),
                    "no_longer_failing": list(r.no_longer_failing),
                    "no_longer_needing_information": list(r.no_longer_needing_information),
                }
                for r in self.changed
            ],
            "problems": [
                {
                    "id": n.decision.id,
                    "case_reference": n.decision.case_reference,
                    "problem": n.problem,
                }
                for n in self.not_replayed
            ],
        }


def _codes(statuses: Mapping[str, RuleStatus], status: RuleStatus) -> set[str]:
    return {code for code, found in statuses.items() if found is status}


def compare(decision: StoredDecision, result: ScreeningResult) -> Replayed:
    """Compare a new result with the stored one, rule code by rule code."""
    new = {r.code: r.status for r in result.results}
    old = decision.results
    moved = {}
    for status in BLOCKING:
        before, after = _codes(old, status), _codes(new, status)
        moved[status] = (tuple(sorted(after - before)), tuple(sorted(before - after)))
    return Replayed(
        decision=decision,
        outcome=result.outcome,
        now_failing=moved[RuleStatus.FAIL][0],
        no_longer_failing=moved[RuleStatus.FAIL][1],
        now_needing_information=moved[RuleStatus.NEEDS_INFORMATION][0],
        no_longer_needing_information=moved[RuleStatus.NEEDS_INFORMATION][1],
    )


def replay_one(
    decision: StoredDecision, policy: Policy, catalogue: Mapping[str, OffenceFacts]
) -> Replayed | NotReplayed:
    """Re-screen one stored decision, or say why its facts cannot be re-screened."""
    try:
        facts = ScreeningInput.model_validate(decision.inputs)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(inputs)"
        return NotReplayed(
            decision,
            f"the stored inputs no longer fit the input schema ({where}: {first['msg']}; "
            f"{error.error_count()} problem(s))",
        )
    try:
        result = screen(facts, policy, catalogue)
    except DomainError as error:
        return NotReplayed(decision, str(error))
    return compare(decision, result)


def replay_decisions(
    rows: Iterable[StoredDecision], policy: Policy, catalogue: Mapping[str, OffenceFacts]
) -> ReplayReport:
    """Re-screen every stored decision under the policy and report what would change."""
    changed: list[Replayed] = []
    problems: list[NotReplayed] = []
    unchanged = other_reasons = 0
    transitions: Counter[tuple[Outcome, Outcome]] = Counter()
    for row in rows:
        found = replay_one(row, policy, catalogue)
        if isinstance(found, NotReplayed):
            problems.append(found)
        elif found.changed:
            changed.append(found)
            transitions[(row.computed_outcome, found.outcome)] += 1
        else:
            # Only counted: keeping every unchanged decision would hold all their facts.
            unchanged += 1
            other_reasons += found.reasons_changed
    return ReplayReport(
        policy_name=policy.policy.name,
        policy_version=policy.policy.version,
        changed=tuple(changed),
        not_replayed=tuple(problems),
        unchanged=unchanged,
        unchanged_with_other_reasons=other_reasons,
        transitions=dict(transitions.most_common()),
    )

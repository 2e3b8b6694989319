"""Breach and completion: who may propose and decide, and which decisions the law allows.

A navigator proposes a breach with evidence; a supervisor decides it with the
conditional-caution test: did the person fail to comply "without reasonable excuse"
(Criminal Justice Act 2003 s24)? With a reasonable excuse there is no breach. Without one
the supervisor warns, varies the contract, or ends it and refers the case for a charging
decision with a prosecution file (domain.md section 4).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum


class BreachOutcome(StrEnum):
    """What a supervisor decided about a proposed breach."""

    NO_BREACH = "no_breach"
    WARN = "warn"
    VARY = "vary"
    END = "end"

    @property
    def label(self) -> str:
        """Return the decision as users say it."""
        return BREACH_OUTCOME_LABELS[self]

    @property
    def contract_continues(self) -> bool:
        """Return whether the contract carries on after this decision."""
        return self is not BreachOutcome.END


BREACH_OUTCOME_LABELS: dict[BreachOutcome, str] = {
    BreachOutcome.NO_BREACH: "No breach: the person had a reasonable excuse",
    BreachOutcome.WARN: "Warn the person; the contract continues",
    BreachOutcome.VARY: "Vary the contract",
    BreachOutcome.END: "End the contract and refer for prosecution",
}

WITHOUT_EXCUSE = frozenset({BreachOutcome.WARN, BreachOutcome.VARY, BreachOutcome.END})


@dataclass(frozen=True)
class EvidencedAppointment:
    """An appointment outcome offered as evidence of a breach."""

    id: int
    described: str
    enforceable: bool


def evidence_problems(
    *,
    condition_codes: Collection[str],
    contract_codes: Collection[str],
    appointments: Iterable[EvidencedAppointment],
    summary: str,
) -> list[str]:
    """Return every reason a breach proposal's evidence is not enough (empty when it is)."""
    appointments = list(appointments)
    problems = []
    if not condition_codes and not appointments:
        problems.append("name the condition or conditions not kept, or the appointments missed")
    unknown = sorted(set(condition_codes) - set(contract_codes))
    if unknown:
        problems.append(f"{', '.join(unknown)} is not a condition of this contract")
    # Only an enforceable outcome (HMPPS community payback) can support a breach: an
    # attendance, or an absence with an accepted reason, is not a failure to comply.
    problems += [
        f"the {a.described} is not an enforceable outcome"
        for a in appointments
        if not a.enforceable
    ]
    if not summary.strip():
        problems.append("summarise the evidence")
    return problems


def decision_problems(
    *,
    excuse_reasonable: bool | None,
    outcome: BreachOutcome | None,
    reason: str,
    proposer_id: int,
    decider_id: int,
) -> list[str]:
    """Return every reason a breach decision cannot be recorded as given."""
    problems = []
    if proposer_id == decider_id:
        problems.append("a breach must be decided by someone other than the person who proposed it")
    if excuse_reasonable is None:
        problems.append("say whether the person had a reasonable excuse")
    if outcome is None:
        problems.append("choose the decision")
    elif excuse_reasonable is True and outcome is not BreachOutcome.NO_BREACH:
        problems.append(
            "with a reasonable excuse there is no breach (Criminal Justice Act 2003 s24), "
            "so the decision must be 'no breach'"
        )
    elif excuse_reasonable is False and outcome is BreachOutcome.NO_BREACH:
        problems.append("without a reasonable excuse, choose to warn, vary or end the contract")
    if not reason.strip():
        problems.append("give the reasons for the decision")
    return problems


def completion_problems(*, all_conditions_met: bool, breach_pending: bool) -> list[str]:
    """Return every reason a case cannot be completed now."""
    problems = []
    if not all_conditions_met:
        problems.append("not every condition of the contract has been met")
    if breach_pending:
        problems.append("a proposed breach is waiting for a supervisor's decision")
    return problems

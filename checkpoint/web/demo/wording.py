"""What demo timelines say around screening decisions, withdrawals and breaches.

Kept apart from the walker so the prose can be read (and improved) in one place. Why a
referral is ineligible, or what is still to be found out, is never written here: the
timeline quotes the eligibility rules' own sentences from the decision they gave.
"""

from __future__ import annotations

from datetime import date

from checkpoint.domain.policy import DrugClass
from checkpoint.domain.screening import (
    Approval,
    Outcome,
    RuleStatus,
    ScreeningInput,
    ScreeningResult,
)

TRIAL_NAME = "Drugs pathway trial"


def decision_detail(result: ScreeningResult, label: str) -> str:
    """Return what a screening step's timeline entry says: the rules' own sentences.

    Failures and open questions are quoted as the rules word them for the officer; an
    eligible decision adds the s127 position when a summary-only offence has one.
    """
    lines = [f"{result.outcome.label} under {label}."]
    for r in result.results:
        if r.status in (RuleStatus.FAIL, RuleStatus.NEEDS_INFORMATION):
            asked = [q for q in r.questions if q not in r.officer]
            lines.append(" ".join([r.officer, *asked]))
        elif (
            result.outcome is Outcome.ELIGIBLE and r.rule == "s127" and r.status is RuleStatus.PASS
        ):
            lines.append(r.officer)
    return "\n".join(lines)


def decision_note(
    result: ScreeningResult, label: str, requested: Outcome, needed: list[Approval]
) -> str:
    """Return the summary of a decision note, worded as the live service words it."""
    summary = f"Screened under {label}: {result.outcome.label.lower()}"
    if requested is not result.outcome:
        summary += f"; recorded as {requested.label.lower()}"
    if needed:
        summary += f"; awaiting {', '.join(a.label.lower() for a in needed)}"
    return summary[:300]


def s127_departure(last: date) -> str:
    """Return the custody officer's reason for asking a supervisor to override the s127 risk."""
    return (
        "The offence came to light late but the person meets every other condition. "
        f"Proceedings must start by {last:%d %B %Y}; the navigator can offer the contract at "
        "once and a breach would be referred for charge straight away. Supervisor override "
        "requested."
    )


def approval_note(approval: Approval, facts: ScreeningInput, last: date | None) -> str:
    """Return the supervisor's note granting one approval."""
    if approval is Approval.DRUG_SUPPLY and facts.drug_supply is not None:
        supply = facts.drug_supply
        why = ", ".join(i.label for i in supply.indicators) or "no stated circumstances"
        drug = f"class {supply.drug_class.value}" if supply.drug_class else "drug class not given"
        return (
            f"Approved: low-level supply ({supply.quantity or drug}; {why}). Suitable for "
            "Checkpoint with a drugs worker as a condition."
        )
    if approval is Approval.S127_OVERRIDE:
        by = f" by {last:%d %B %Y}" if last else ""
        return (
            f"Override approved: a charging decision can still be made{by} if the contract "
            "is breached. Navigator to offer the contract without delay."
        )
    return "Approved."


SUPPLY_QUANTITIES: dict[DrugClass, tuple[str, ...]] = {
    DrugClass.A: (
        "two wraps of crack cocaine sold to fund own use",
        "three £10 bags of heroin, one shared with a friend",
        "a gram of cocaine split with friends",
    ),
    DrugClass.B: (
        "two deal bags of cannabis sold to a friend",
        "an eighth of cannabis split between friends",
        "£20 of cannabis passed on at a party",
    ),
    DrugClass.C: (
        "a strip of diazepam tablets given to a friend",
        "ten pregabalin capsules sold to an acquaintance",
    ),
}
DEALING_QUANTITY = "bulk quantity with scales, a tick list and cash: dealing for profit"

WITHDRAW_UNDECIDED = (
    "Could not be contacted after release; no decision was possible.",
    "The victim no longer supports the investigation; no further action.",
)
WITHDRAW_BEFORE_OFFER = (
    "Said they do not want to take part.",
    "Moved out of the force area before a contract was offered.",
    "The victim objected to an out-of-court outcome.",
)
WITHDRAW_DECLINED = (
    "Declined to sign the contract.",
    "Did not attend three appointments to sign the contract.",
)
WITHDRAW_S127 = (
    "The s127 limitation date is too close to enforce a contract; referred for a charging decision."
)
WITHDRAW_REOFFENDED = "Arrested for a further offence before the contract was signed."
BREACH_NONCOMPLIANCE = (
    "Failed without reasonable excuse to attend three navigator appointments.",
    "Did not start the agreed alcohol treatment and gave no reasonable excuse.",
    "Did not complete the agreed community work hours.",
)
BREACH_FURTHER_OFFENCE = "Further offence during the contract"
"""How a breach for reoffending starts its reason (the offence and date follow)."""

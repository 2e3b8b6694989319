"""What casework tests share: a screened and allocated case, a signed contract, clocks."""

from __future__ import annotations

import datetime as dt

import time_machine

from checkpoint.casework.models import Case
from checkpoint.casework.services import case_assign_navigator
from checkpoint.contracts.models import SignatureMethod
from checkpoint.contracts.services import (
    contract_approve,
    contract_draft,
    contract_offer,
    contract_sign,
    contract_submit,
)
from checkpoint.domain.contracts import Choice
from checkpoint.domain.offences import ModeOfTrial, OffenceFamily
from checkpoint.domain.tests.screening_cases import build, offence_row
from checkpoint.screening.services import screening_decide
from tests.factories import CaseOffenceFactory, OffenceFactory

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
COMMITTED = dt.date(2026, 11, 15)
# Not reoffending, a letter of apology and 18 hours of unpaid work: a short, real contract.
CHOICES = (
    Choice("no_reoffending"),
    Choice("apology_letter", due_on=dt.date(2026, 12, 20)),
    Choice("unpaid_work", {"hours": "18"}, due_on=dt.date(2027, 3, 1)),
)


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """Return an instant on a day (UTC, which is UK time in winter)."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


def travel(instant: dt.datetime) -> time_machine.travel:
    """Stop the clock at an instant."""
    return time_machine.travel(instant, tick=False)


def offence(*, summary_only: bool = False):
    """Return the catalogue offence a test case is about."""
    if summary_only:
        return OffenceFactory(
            code="ASSAULT-COMMON",
            title="Common assault",
            family=OffenceFamily.ASSAULT.value,
            mode_of_trial=ModeOfTrial.SUMMARY_ONLY.value,
            legislation="Criminal Justice Act 1988 s39",
        )
    return OffenceFactory(
        code="THEFT-FROM-SHOP",
        title="Theft from a shop",
        family=OffenceFamily.THEFT.value,
        mode_of_trial=ModeOfTrial.EITHER_WAY.value,
        legislation="Theft Act 1968 s1",
    )


def eligible_case(force, *, summary_only: bool = False) -> Case:
    """Refer a case and record an eligible decision on clean facts (call at NOW)."""
    found = offence(summary_only=summary_only)
    case = CaseOffenceFactory(
        offence=found,
        committed_on=COMMITTED,
        case__team=force.north,
        case__referring_officer=force.custody,
    ).case
    facts = build(offences=[offence_row(found.code, COMMITTED.isoformat())])
    screening_decide(actor=force.custody, case=case, facts=facts)
    case.refresh_from_db()
    return case


def allocated_case(force, *, summary_only: bool = False) -> Case:
    """Return an eligible case the supervisor gave to the north team's first navigator."""
    case = eligible_case(force, summary_only=summary_only)
    case_assign_navigator(actor=force.supervisor, case=case, navigator=force.navigator)
    case.refresh_from_db()
    return case


def sign_contract(force, case: Case) -> Case:
    """Draft, approve, offer and sign the contract (the case becomes active today)."""
    version = contract_draft(actor=force.navigator, case=case, choices=list(CHOICES))
    contract_submit(actor=force.navigator, case=case)
    contract_approve(actor=force.supervisor, version=version, note="Proportionate")
    contract_offer(actor=force.navigator, case=case)
    case.refresh_from_db()
    contract_sign(
        actor=force.navigator,
        case=case,
        signature_method=SignatureMethod.TYPED_NAME,
        signature="John Smith",
        explanation_given=True,
        copy_given=True,
    )
    case.refresh_from_db()
    return case

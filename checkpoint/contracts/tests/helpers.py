"""What contract tests share: a case ready for a contract, a Durham contract, a signed case."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from checkpoint.casework.models import Case
from checkpoint.contracts.models import SignatureMethod
from checkpoint.contracts.services import (
    contract_approve,
    contract_draft,
    contract_offer,
    contract_sign,
    contract_submit,
)
from checkpoint.domain.contracts import Choice
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.offences import ModeOfTrial, OffenceFamily
from checkpoint.screening.models import ScreeningApproval, ScreeningDecision
from tests.factories import CaseOffenceFactory, OffenceFactory

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 25)


def eligible_case(
    force,
    *,
    summary_only: bool = False,
    committed_on: dt.date = dt.date(2026, 11, 15),
    state: CaseState = CaseState.ELIGIBLE,
) -> Case:
    """Return a screened case allocated to the north team's navigator."""
    offence = (
        OffenceFactory(
            code="DRUNK-AND-DISORDERLY",
            title="Drunk and disorderly",
            family=OffenceFamily.PUBLIC_ORDER.value,
            mode_of_trial=ModeOfTrial.SUMMARY_ONLY.value,
        )
        if summary_only
        else OffenceFactory(
            code="THEFT-FROM-SHOP",
            title="Theft from a shop",
            family=OffenceFamily.THEFT.value,
            mode_of_trial=ModeOfTrial.EITHER_WAY.value,
        )
    )
    return CaseOffenceFactory(
        offence=offence,
        committed_on=committed_on,
        case__team=force.north,
        case__navigator=force.navigator,
        case__state=state.value,
        case__decided_at=timezone.now(),
        case__decided_by=force.custody,
    ).case


def durham_choices() -> list[Choice]:
    """Return a five-condition contract with due dates inside four months of TODAY."""
    return [
        Choice("no_reoffending"),
        Choice("apology_letter", due_on=dt.date(2026, 12, 20)),
        Choice(
            "drug_treatment",
            {"service": "Recovery Service", "sessions": "2"},
            due_on=dt.date(2027, 2, 28),
        ),
        Choice("gps_tag", {"days": "28"}, due_on=dt.date(2027, 2, 1)),
        Choice("unpaid_work", {"hours": "18"}, due_on=dt.date(2027, 3, 1)),
    ]


def approved_case(force, **kwargs) -> Case:
    """Return a case whose contract a supervisor has approved."""
    case = eligible_case(force, **kwargs)
    version = contract_draft(actor=force.navigator, case=case, choices=durham_choices())
    contract_submit(actor=force.navigator, case=case)
    contract_approve(actor=force.supervisor, version=version, note="Proportionate")
    return case


def signed_case(force, **kwargs) -> Case:
    """Return a case whose person signed the contract today (so it is active)."""
    case = approved_case(force, **kwargs)
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


def grant_s127_override(force, case: Case) -> None:
    """Record a screening decision whose s127 override a supervisor granted."""
    decision = ScreeningDecision.objects.create(
        case=case,
        decided_at=timezone.now(),
        decided_by=force.custody,
        policy_name="checkpoint-dart",
        policy_version=1,
        policy_sha256="0" * 64,
        inputs={},
        results=[],
        computed_outcome="eligible",
        requested_outcome="eligible",
        approvals_needed=["s127_override"],
    )
    ScreeningApproval.objects.create(
        decision=decision,
        approval="s127_override",
        granted=True,
        note="Victim content; short contract",
        decided_at=timezone.now(),
        decided_by=force.supervisor,
    )

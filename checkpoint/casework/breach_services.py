"""Writes for breach: a navigator proposes with evidence, a supervisor decides (CJA 2003 s24).

Ending the contract moves the case to breached, produces the prosecution file and refers
the case for a charging decision, all in one transaction: either everything happens or
nothing does.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from checkpoint.accounts.models import User
from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.casework.appointment_services import refuse, require_caseworker, when
from checkpoint.casework.documents import document_store, filename_for, prosecution_file_context
from checkpoint.casework.models import (
    Appointment,
    BreachDecision,
    BreachProposal,
    Case,
    CaseDocument,
    CaseEvent,
    CaseEventKind,
    DocumentKind,
)
from checkpoint.casework.selectors import case_clocks_for
from checkpoint.casework.services import actor_role, case_transition
from checkpoint.casework.work_selectors import pending_breach
from checkpoint.contracts.selectors import conditions_for
from checkpoint.domain.breach import (
    BreachOutcome,
    EvidencedAppointment,
    decision_problems,
    evidence_problems,
)
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import CaseState, Transition
from checkpoint.domain.roles import Role

PROSECUTOR = "Charging decision-maker (prosecution file)"


def _event(case: Case, actor: User, summary: str, detail: str = "", **data: object) -> None:
    CaseEvent.objects.create(
        case=case,
        occurred_at=timezone.now(),
        kind=CaseEventKind.NOTE,
        actor=actor,
        summary=summary[:300],
        detail=detail,
        data=data,
    )


@transaction.atomic
def breach_propose(
    *,
    actor: User,
    case: Case,
    condition_codes: Sequence[str],
    appointments: Sequence[Appointment],
    evidence_summary: str,
) -> BreachProposal:
    """Propose that the person breached the contract, naming the conditions and outcomes."""
    doing = "propose a breach"
    case = Case.objects.select_for_update().get(pk=case.pk)
    require_caseworker(actor, case, doing)
    if case.state_enum is not CaseState.ACTIVE:
        raise DomainError(
            f"Cannot {doing}: {case.reference} is '{case.state_enum.label}', and only a "
            "running contract can be breached."
        )
    if pending_breach(case) is not None:
        raise DomainError(f"Cannot {doing}: one already waits for a supervisor's decision.")
    foreign = [a for a in appointments if a.case_id != case.pk]
    if foreign:
        raise DomainError(f"Cannot {doing}: an appointment named belongs to another case.")
    now = timezone.now()
    contract_codes = [v.code for v in conditions_for(case, today=uk_date(now))]
    refuse(
        evidence_problems(
            condition_codes=condition_codes,
            contract_codes=contract_codes,
            appointments=[
                EvidencedAppointment(
                    id=a.pk,
                    described=f"{a.kind_enum.label.lower()} on {when(a.starts_at)}",
                    enforceable=bool(a.enforceable),
                )
                for a in appointments
            ],
            summary=evidence_summary,
        ),
        doing,
    )
    proposal = BreachProposal.objects.create(
        case=case,
        proposed_at=now,
        proposed_by=actor,
        condition_codes=list(condition_codes),
        evidence_summary=evidence_summary.strip(),
    )
    proposal.appointments.set(appointments)
    named = ", ".join(condition_codes) or "appointments missed"
    summary = f"Breach proposed ({named}); waiting for a supervisor's decision"
    _event(case, actor, summary, proposal.evidence_summary, breach_proposal=proposal.pk)
    audit_record(
        actor=actor,
        action=AuditAction.COLLECTION,
        verb="breach.propose",
        target=proposal,
        person_id=case.person_id,
        summary=f"{case.reference}: {summary}",
        after={
            "conditions": list(condition_codes),
            "appointments": [a.pk for a in appointments],
            "evidence_summary": proposal.evidence_summary,
        },
    )
    return proposal


@transaction.atomic
def breach_decide(
    *,
    actor: User,
    proposal: BreachProposal,
    excuse_reasonable: bool | None,
    outcome: BreachOutcome | None,
    reason: str,
) -> BreachDecision:
    """Decide a proposed breach: no breach, warn, vary, or end and refer for prosecution."""
    doing = "decide the breach"
    if actor_role(actor) is not Role.SUPERVISOR:
        raise DomainError("Only a supervisor can decide a breach (Criminal Justice Act 2003 s24).")
    proposal = BreachProposal.objects.select_for_update().get(pk=proposal.pk)
    case = Case.objects.select_for_update().get(pk=proposal.case_id)
    require_caseworker(actor, case, doing)
    if BreachDecision.objects.filter(proposal=proposal).exists():
        raise DomainError(f"Cannot {doing}: it has already been decided.")
    if case.state_enum is not CaseState.ACTIVE:
        raise DomainError(
            f"Cannot {doing}: {case.reference} is '{case.state_enum.label}', not active."
        )
    refuse(
        decision_problems(
            excuse_reasonable=excuse_reasonable,
            outcome=outcome,
            reason=reason,
            proposer_id=proposal.proposed_by_id,
            decider_id=actor.pk,
        ),
        doing,
    )
    assert outcome is not None and excuse_reasonable is not None
    decision = BreachDecision.objects.create(
        proposal=proposal,
        decided_at=timezone.now(),
        decided_by=actor,
        excuse_reasonable=excuse_reasonable,
        outcome=outcome.value,
        reason=reason.strip(),
    )
    summary = f"Breach decision: {outcome.label.lower()}"
    _event(case, actor, summary, decision.reason, breach_decision=decision.pk)
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="breach.decide",
        target=decision,
        person_id=case.person_id,
        summary=f"{case.reference}: {summary}",
        after={
            "proposal": proposal.pk,
            "excuse_reasonable": excuse_reasonable,
            "outcome": outcome.value,
            "reason": decision.reason,
        },
    )
    if outcome is BreachOutcome.END:
        case = case_transition(
            actor=actor, case=case, transition=Transition.BREACH, reason=decision.reason
        )
        document = prosecution_file_produce(actor=actor, case=case, decision=decision)
        case_transition(
            actor=actor,
            case=case,
            transition=Transition.REFER_FOR_PROSECUTION,
            reason=f"Prosecution file {document.filename} produced",
        )
    return decision


@transaction.atomic
def prosecution_file_produce(*, actor: User, case: Case, decision: BreachDecision) -> CaseDocument:
    """Produce the prosecution file for an ended contract and attach it to the decision."""
    if actor_role(actor) is not Role.SUPERVISOR:
        raise DomainError("Only a supervisor can produce a prosecution file.")
    if decision.outcome_enum is not BreachOutcome.END:
        raise DomainError("A prosecution file follows only a decision to end the contract.")
    if case.state_enum not in {CaseState.BREACHED, CaseState.REFERRED_FOR_PROSECUTION}:
        raise DomainError(f"{case.reference} has not been ended for breach.")
    now = timezone.now()
    today = uk_date(now)
    limitation = case_clocks_for(case, today=today).limitation
    document = document_store(
        case=case,
        kind=DocumentKind.PROSECUTION_FILE,
        actor=actor,
        template="casework/documents/prosecution_file.html",
        context=prosecution_file_context(
            case, decision=decision, produced_at=now, produced_by=actor
        ),
        filename=filename_for(case, DocumentKind.PROSECUTION_FILE, today),
        produced_at=now,
        data={
            "breach_decision": decision.pk,
            "s127_last_date": limitation.last_date,
            "s127_days_left": limitation.days_left,
        },
    )
    decision.prosecution_file = document
    decision.save(update_fields=["prosecution_file"])
    summary = "Prosecution file produced"
    if limitation.applies and limitation.last_date is not None:
        summary += f"; s127 last date {limitation.last_date.day} {limitation.last_date:%B %Y}"
    _event(case, actor, summary, document=document.pk)
    audit_record(
        actor=actor,
        action=AuditAction.DISCLOSURE,
        verb="document.prosecution_file",
        target=document,
        person_id=case.person_id,
        summary=f"{case.reference}: {summary}",
        after={"filename": document.filename, "sha256": document.sha256, **document.data},
        recipient=PROSECUTOR,
    )
    return document

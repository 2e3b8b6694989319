"""Writes for completion: the case completes, the outcome code is recorded, the letter goes out.

Follow-up is started by the daily `checkpoint tick` (as the system), not here, so the
completed state is visible on the timeline and every finished case enters follow-up the
same way (docs/casework.md).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from checkpoint.accounts.models import User
from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.casework.appointment_services import refuse, require_caseworker
from checkpoint.casework.documents import completion_letter_context, document_store, filename_for
from checkpoint.casework.models import Case, CaseCompletion, CaseEvent, CaseEventKind, DocumentKind
from checkpoint.casework.scheme import completion_settings
from checkpoint.casework.services import case_transition
from checkpoint.casework.work_selectors import pending_breach
from checkpoint.contracts.selectors import all_conditions_met
from checkpoint.domain.breach import completion_problems
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import CaseState, Transition

THE_PERSON = "The person (completion letter)"


@transaction.atomic
def case_complete(*, actor: User, case: Case) -> CaseCompletion:
    """Complete a contract whose every condition is met, record the outcome, write the letter."""
    doing = "complete the case"
    case = Case.objects.select_for_update().get(pk=case.pk)
    require_caseworker(actor, case, doing)
    if case.state_enum is not CaseState.ACTIVE:
        raise DomainError(
            f"Cannot {doing}: {case.reference} is '{case.state_enum.label}', not active."
        )
    now = timezone.now()
    today = uk_date(now)
    rules = completion_settings(today)
    met = all_conditions_met(case, today=today)
    refuse(
        completion_problems(
            all_conditions_met=met, breach_pending=pending_breach(case) is not None
        ),
        doing,
    )
    case = case_transition(
        actor=actor,
        case=case,
        transition=Transition.COMPLETE,
        all_conditions_met=met,
        reason="Every condition of the contract was met.",
    )
    code = rules.outcomes.completion_outcome_code
    letter = document_store(
        case=case,
        kind=DocumentKind.COMPLETION_LETTER,
        actor=actor,
        template="casework/documents/completion_letter.html",
        context=completion_letter_context(
            case, outcome_code=code, completed_at=now, completed_by=actor
        ),
        filename=filename_for(case, DocumentKind.COMPLETION_LETTER, today),
        produced_at=now,
        data={"outcome_code": code},
    )
    completion = CaseCompletion.objects.create(
        case=case,
        completed_at=now,
        completed_by=actor,
        outcome_code=code,
        policy=rules.policy or "",
        letter=letter,
    )
    summary = f"Outcome {code} recorded under {rules.policy}; completion letter produced"
    CaseEvent.objects.create(
        case=case,
        occurred_at=now,
        kind=CaseEventKind.NOTE,
        actor=actor,
        summary=summary,
        data={"completion": completion.pk, "document": letter.pk},
    )
    audit_record(
        actor=actor,
        action=AuditAction.COLLECTION,
        verb="case.complete",
        target=completion,
        person_id=case.person_id,
        summary=f"{case.reference}: outcome {code} recorded",
        after={"outcome_code": code, "policy": rules.policy},
    )
    audit_record(
        actor=actor,
        action=AuditAction.DISCLOSURE,
        verb="document.completion_letter",
        target=letter,
        person_id=case.person_id,
        summary=f"{case.reference}: completion letter produced",
        after={"filename": letter.filename, "sha256": letter.sha256},
        recipient=THE_PERSON,
    )
    return completion

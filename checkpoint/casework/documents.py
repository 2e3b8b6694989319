"""Documents produced for a case: the prosecution file and the completion letter.

Each is rendered from an HTML template to PDF (`checkpoint.web.pdf`) and stored exactly as
produced, with its SHA-256, so what was sent can always be shown again.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from checkpoint.accounts.models import User
from checkpoint.casework.models import (
    Appointment,
    BreachDecision,
    BreachProposal,
    Case,
    CaseDocument,
    DocumentKind,
)
from checkpoint.casework.selectors import case_clocks_for
from checkpoint.contracts.selectors import contract_summary
from checkpoint.domain.clocks import uk_date
from checkpoint.web.pdf import render_pdf

# Home Office crime outcome descriptions for the letter; a force's own code is named as is.
OUTCOME_WORDS: dict[str, str] = {
    "22": "no further action will be taken, because you completed diversionary, educational "
    "or intervention activity (Home Office crime outcome 22)",
}


def document_store(
    *,
    case: Case,
    kind: DocumentKind,
    actor: User | None,
    template: str,
    context: dict[str, Any],
    filename: str,
    produced_at: datetime,
    data: dict[str, Any] | None = None,
) -> CaseDocument:
    """Render a document to PDF and keep it, its HTML source and its fingerprint.

    Callers audit the production. The HTML is kept as an accessible copy of the same text.
    """
    context = {"force_name": settings.CHECKPOINT_FORCE_NAME, **context}
    html = render_to_string(template, context)
    pdf = render_pdf(template, context)
    return CaseDocument.objects.create(
        case=case,
        kind=kind.value,
        produced_at=produced_at,
        produced_by=actor,
        filename=filename,
        content=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        html=html,
        data=data or {},
    )


def _offences(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "title": co.offence.title,
            "committed_on": co.committed_on,
            "legislation": co.offence.legislation,
            "mode_of_trial": co.offence.mode_of_trial_enum.label,
            "summary_only": co.offence.mode_of_trial == "summary_only",
            "ho_code": co.offence.ho_code,
        }
        for co in case.offences.select_related("offence").order_by("-is_primary", "committed_on")
    ]


def _appointments(case: Case) -> list[Appointment]:
    return list(
        Appointment.objects.filter(case=case)
        .select_related("replaces", "outcome_recorded_by")
        .order_by("starts_at", "id")
    )


def prosecution_file_context(
    case: Case, *, decision: BreachDecision, produced_at: datetime, produced_by: User
) -> dict[str, Any]:
    """Gather what the charging decision needs, with the s127 position first."""
    today = uk_date(produced_at)
    clocks = case_clocks_for(case, today=today)
    proposals = list(
        BreachProposal.objects.filter(case=case)
        .select_related("proposed_by", "decision__decided_by")
        .prefetch_related("appointments")
        .order_by("proposed_at", "id")
    )
    contract = contract_summary(case)
    titles = {c.get("code"): c.get("title") for c in contract.get("conditions", [])}
    proposal = decision.proposal
    return {
        "case": case,
        "person": case.person,
        "offences": _offences(case),
        "limitation": clocks.limitation,
        "today": today,
        "produced_at": produced_at,
        "produced_by": produced_by,
        "decision": decision,
        "proposal": proposal,
        "conditions_named": [
            {"code": code, "title": titles.get(code, code)} for code in proposal.condition_codes
        ],
        "evidenced_appointments": list(proposal.appointments.order_by("starts_at")),
        "contract": contract,
        "history": proposals,
        "appointments": _appointments(case),
    }


def completion_letter_context(
    case: Case, *, outcome_code: str, completed_at: datetime, completed_by: User
) -> dict[str, Any]:
    """Gather what the person's completion letter says, in plain words."""
    today = uk_date(completed_at)
    clocks = case_clocks_for(case, today=today)
    name = case.person.primary_name
    contract = contract_summary(case)
    return {
        "case": case,
        "greeting": f"{name.given_names} {name.family_name}" if name else "",
        "offences": _offences(case),
        "outcome_code": outcome_code,
        "outcome_words": OUTCOME_WORDS.get(
            outcome_code, f"no further action will be taken (crime outcome {outcome_code})"
        ),
        "contract": contract,
        "follow_up_ends": clocks.follow_up_ends,
        "today": today,
        "navigator": case.navigator,
        "completed_by": completed_by,
    }


def filename_for(case: Case, kind: DocumentKind, on: date) -> str:
    """Return a download name such as 'CP-2026-000123-prosecution-file-2026-12-01.pdf'."""
    return f"{case.reference}-{kind.value.replace('_', '-')}-{on.isoformat()}.pdf"

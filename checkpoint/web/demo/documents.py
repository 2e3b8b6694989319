"""The demo's documents: prosecution files and completion letters, as the services make them.

`checkpoint.casework.documents` builds each document's context from the database at the
moment it is produced; the demo builds the same context from the planned rows as they
stood at that moment (conditions judged by the domain's `evaluate` as of that day), then
renders it with the same templates and `render_pdf`. A test renders a sample through the
live context functions and compares.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date, datetime
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string

from checkpoint.casework.documents import OUTCOME_WORDS, filename_for
from checkpoint.casework.models import Case, DocumentKind
from checkpoint.domain.appointments import APPOINTMENT_KIND_LABELS, ATTENDANCE_LABELS
from checkpoint.domain.clocks import case_clocks, contract_end, uk_date
from checkpoint.domain.contracts import Entry, RuleKind, Term, evaluate
from checkpoint.domain.disposals import POSITIVE_DISPOSALS
from checkpoint.domain.offences import ModeOfTrial
from checkpoint.web.demo.progress import Progress
from checkpoint.web.demo.records import (
    AppointmentPlan,
    CaseWork,
    DocumentPlan,
    ProposalPlan,
    VersionPlan,
)
from checkpoint.web.demo.staff import STAFF, TEAM_FOR_AREA
from checkpoint.web.pdf import render_pdf

if TYPE_CHECKING:
    from checkpoint.web.demo.cases import CasePlan
    from checkpoint.web.demo.casework import Environment

NAMES = {s.username: f"{s.first_name} {s.last_name}" for s in STAFF}
PROSECUTION_FILE = "casework/documents/prosecution_file.html"
COMPLETION_LETTER = "casework/documents/completion_letter.html"


def _user(username: str) -> SimpleNamespace:
    return SimpleNamespace(username=username, display_name=NAMES[username])


def file_name(reference: str, kind: DocumentKind, on: date) -> str:
    """Return the document's download name exactly as `filename_for` makes it."""
    return filename_for(Case(reference=reference), kind, on)


def _offences(case: CasePlan, env: Environment) -> list[dict[str, Any]]:
    ordered = [case.offences[0], *sorted(case.offences[1:], key=lambda o: o[1])]
    return [
        {
            "title": offence.title,
            "committed_on": committed,
            "legislation": env.offences[offence.code].legislation,
            "mode_of_trial": offence.mode_of_trial.label,
            "summary_only": offence.mode_of_trial is ModeOfTrial.SUMMARY_ONLY,
            "ho_code": env.offences[offence.code].ho_code,
        }
        for offence, committed in ordered
    ]


def _clocks(case: CasePlan, today: date) -> Any:
    return case_clocks(
        offences=case.offence_dates(),
        today=today,
        decided_on=uk_date(case.decided_at) if case.decided_at else None,
        contract_started_on=case.contract_started_on,
    )


def _entries(case: CasePlan, work: CaseWork, since: date, at: datetime) -> dict[str, list[Entry]]:
    """Return the evidence counted for each condition, as recorded by an instant."""
    by_code: dict[str, list[Entry]] = defaultdict(list)
    for e in work.evidence:
        if e.recorded_at <= at:
            by_code[f"{e.code}:{e.kind.value}"].append(Entry(e.occurred_on, e.amount))
    by_code["hours"] = [Entry(w.worked_on, w.hours) for w in work.work_log if w.recorded_at <= at]
    by_code["offences"] = [
        Entry(c.offence_date)
        for c in case.person.custody
        if c.offence_date >= since and c.disposal in POSITIVE_DISPOSALS and c.occurred_at <= at
    ]
    return by_code


def _entries_for(term: Term, entries: dict[str, list[Entry]]) -> list[Entry]:
    if term.rule is RuleKind.HOURS_LOGGED:
        return entries.get("hours", [])
    if term.rule is RuleKind.NO_NEW_OFFENCE:
        return entries.get("offences", [])
    counts = term.rule.counts
    return entries.get(f"{term.code}:{counts.value}", []) if counts else []


def contract_summary(case: CasePlan, work: CaseWork, at: datetime) -> dict[str, Any]:
    """Return `contract_summary(case)` as it read at an instant (conditions judged that day)."""
    contract = work.contract
    version: VersionPlan | None = contract.approved if contract is not None else None
    if version is None:
        return {}
    today = uk_date(at)
    started = case.contract_started_on
    ends = contract_end(start=started, today=today) if started is not None else None
    entries = _entries(case, work, started, at) if started is not None else {}
    approval = next((a for a in reversed(version.approvals) if a.approved), None)
    consent = version.consent
    conditions = []
    for term in version.terms:
        status = evaluate(
            rule=term.rule,
            target=term.target,
            entries=_entries_for(term, entries),
            due_on=term.due_on,
            today=today,
            started_on=started,
            ends_on=ends,
        )
        label = (
            "Broken"
            if status.broken
            else "Met"
            if status.met
            else "Overdue"
            if status.overdue
            else "In progress"
        )
        conditions.append(
            {
                "code": term.code,
                "title": term.title,
                "category": term.category.value,
                "wording": term.wording,
                "due_on": term.due_on or (ends if term.rule is RuleKind.NO_NEW_OFFENCE else None),
                "status": label.lower(),
                "met_on": status.met_on,
                "progress": status.progress,
            }
        )
    return {
        "version": version.number,
        "status": version.status,
        "catalogue": f"{version.catalogue_name} v{version.catalogue_version}",
        "policy": f"{version.policy_name} v{version.policy_version}",
        "approved_by": NAMES[approval.decided_by] if approval else None,
        "approved_on": uk_date(approval.decided_at) if approval else None,
        "signed_version": version.number if consent else None,
        "signed_on": uk_date(consent.signed_at) if consent else None,
        "signature": consent.signature if consent else None,
        "witnessed_by": NAMES[consent.witnessed_by] if consent else None,
        "started_on": started,
        "ends_on": ends,
        "length_months": version.length_months,
        "extension_days": 0,
        "conditions": conditions,
        "pauses": [],
        "variations": [],
    }


def _appointment(a: AppointmentPlan, at: datetime) -> SimpleNamespace:
    """Return an appointment as the prosecution file's template reads it at an instant."""
    recorded = a.attendance is not None and a.outcome_at is not None and a.outcome_at <= at
    successor = (
        a.replaced_by if a.replaced_by is not None and a.replaced_by.booked_at <= at else None
    )
    return SimpleNamespace(
        starts_at=a.starts_at,
        get_kind_display=APPOINTMENT_KIND_LABELS[a.kind],
        place=a.place,
        attendance=a.attendance.value if recorded and a.attendance else "",
        get_attendance_display=ATTENDANCE_LABELS[a.attendance] if recorded and a.attendance else "",
        outcome_reason=a.outcome_reason if recorded else "",
        acceptable=a.acceptable if recorded else None,
        replaced_by=SimpleNamespace(starts_at=successor.starts_at) if successor else None,
        replaces=SimpleNamespace(starts_at=a.replaces.starts_at) if a.replaces else None,
        reschedule_reason=a.reschedule_reason,
    )


def _case(case: CasePlan) -> SimpleNamespace:
    team = TEAM_FOR_AREA[case.area]
    return SimpleNamespace(
        reference=case.reference,
        custody_reference=case.custody_reference,
        navigator=_user(case.navigator) if case.navigator else None,
        team=SimpleNamespace(name=team.name),
    )


def prosecution_file(
    case: CasePlan,
    work: CaseWork,
    proposal: ProposalPlan,
    produced_at: datetime,
    env: Environment,
) -> DocumentPlan:
    """Return the prosecution file `prosecution_file_produce` makes for an ended contract."""
    decision = proposal.decision
    assert decision is not None
    today = uk_date(produced_at)
    limitation = _clocks(case, today).limitation
    contract = contract_summary(case, work, produced_at)
    titles = {c.get("code"): c.get("title") for c in contract.get("conditions", [])}
    person = case.person

    def decided(p: ProposalPlan) -> SimpleNamespace | None:
        d = p.decision
        if d is None or d.decided_at > produced_at:
            return None
        return SimpleNamespace(
            decided_at=d.decided_at,
            decided_by=_user(d.decided_by),
            excuse_reasonable=d.excuse_reasonable,
            get_outcome_display=d.outcome.label,
            reason=d.reason,
        )

    history = [
        SimpleNamespace(
            proposed_at=p.proposed_at,
            proposed_by=_user(p.proposed_by),
            evidence_summary=p.evidence_summary,
            decision=decided(p),
        )
        for p in sorted(work.proposals, key=lambda p: p.proposed_at)
        if p.proposed_at <= produced_at
    ]
    context = {
        "case": _case(case),
        "person": SimpleNamespace(
            display_name=f"{person.given_names} {person.family_name.upper()}",
            date_of_birth=person.date_of_birth,
            force_person_id=person.force_person_id,
            pnc_id=person.pnc_id,
        ),
        "offences": _offences(case, env),
        "limitation": limitation,
        "today": today,
        "produced_at": produced_at,
        "produced_by": _user(decision.decided_by),
        "decision": decided(proposal),
        "proposal": SimpleNamespace(
            proposed_at=proposal.proposed_at,
            proposed_by=_user(proposal.proposed_by),
            evidence_summary=proposal.evidence_summary,
        ),
        "conditions_named": [
            {"code": code, "title": titles.get(code, code)} for code in proposal.condition_codes
        ],
        "evidenced_appointments": [
            _appointment(a, produced_at)
            for a in sorted(proposal.appointments, key=lambda a: a.starts_at)
        ],
        "contract": contract,
        "history": history,
        "appointments": [
            _appointment(a, produced_at)
            for a in sorted(work.appointments, key=lambda a: a.starts_at)
            if a.booked_at <= produced_at
        ],
    }
    return DocumentPlan(
        kind=DocumentKind.PROSECUTION_FILE.value,
        template=PROSECUTION_FILE,
        context=context,
        filename=file_name(case.reference, DocumentKind.PROSECUTION_FILE, today),
        produced_at=produced_at,
        produced_by=decision.decided_by,
        data={
            "s127_last_date": limitation.last_date,
            "s127_days_left": limitation.days_left,
        },
        refs={"breach_decision": decision},
    )


def completion_letter(
    case: CasePlan,
    work: CaseWork,
    outcome_code: str,
    completed_at: datetime,
    completed_by: str,
    env: Environment,
) -> DocumentPlan:
    """Return the completion letter `case_complete` makes for the person."""
    today = uk_date(completed_at)
    person = case.person
    context = {
        "case": _case(case),
        "greeting": f"{person.given_names} {person.family_name}",
        "offences": _offences(case, env),
        "outcome_code": outcome_code,
        "outcome_words": OUTCOME_WORDS.get(
            outcome_code, f"no further action will be taken (crime outcome {outcome_code})"
        ),
        "contract": contract_summary(case, work, completed_at),
        "follow_up_ends": _clocks(case, today).follow_up_ends,
        "today": today,
        "navigator": _user(case.navigator) if case.navigator else None,
        "completed_by": _user(completed_by),
    }
    return DocumentPlan(
        kind=DocumentKind.COMPLETION_LETTER.value,
        template=COMPLETION_LETTER,
        context=context,
        filename=file_name(case.reference, DocumentKind.COMPLETION_LETTER, today),
        produced_at=completed_at,
        produced_by=completed_by,
        data={"outcome_code": outcome_code},
    )


PARALLEL_FROM = 12
"""Render this many documents or more in a child process, while the load writes its rows."""


def _render(jobs: list[tuple[str, dict[str, Any]]]) -> list[bytes]:
    """Render documents to PDF with `render_pdf` (in a child process when there are many)."""
    return [render_pdf(template, context) for template, context in jobs]


class Rendering:
    """The demo's documents, rendered to PDF while the rest of the load is written.

    WeasyPrint takes 50 to 300 ms a document, so with more than a few the PDFs are made in
    a forked child process (which never touches the database), and collected just before
    the documents are written. Where fork is not available they are rendered in turn.
    """

    def __init__(self, documents: Sequence[DocumentPlan], *, force_name: str) -> None:
        self.documents = list(documents)
        self.jobs = [(d.template, {"force_name": force_name, **d.context}) for d in self.documents]
        self.executor: ProcessPoolExecutor | None = None
        self.future: Future[list[bytes]] | None = None

    def start(self) -> Rendering:
        """Start rendering in a child process, if that is worth it and possible."""
        if len(self.jobs) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
            self.executor = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("fork")
            )
            self.future = self.executor.submit(_render, self.jobs)
        return self

    def finish(self, progress: Progress) -> None:
        """Give every document its HTML and PDF, exactly as `document_store` makes them."""
        progress.stage("Producing documents", len(self.documents))
        for document, (template, context) in zip(self.documents, self.jobs, strict=True):
            document.html = render_to_string(template, context)
        if self.future is not None and self.executor is not None:
            try:
                pdfs = self.future.result()
            finally:
                self.executor.shutdown()
        else:
            pdfs = _render(self.jobs)
        for document, pdf in zip(self.documents, pdfs, strict=True):
            document.pdf = pdf
        progress.advance(len(self.documents))


def sha256(document: DocumentPlan) -> str:
    """Return the fingerprint stored with the document."""
    return hashlib.sha256(document.pdf).hexdigest()

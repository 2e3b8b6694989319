"""Write the planned casework in large batches, as the services would have written each row.

Rows that point at other planned rows are written after them (an appointment after the one
it replaces, conditions after their version...), and each planned record keeps the row it
became in `row`, so timeline entries can name them by primary key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models

from checkpoint.accounts.models import User
from checkpoint.casework.models import (
    Appointment,
    BreachDecision,
    BreachProposal,
    Case,
    CaseCompletion,
    CaseDocument,
    CaseNote,
)
from checkpoint.contracts.models import (
    CommunityWorkLog,
    ConditionEvidence,
    Contract,
    ContractApproval,
    ContractCondition,
    ContractConsent,
    ContractVersion,
)
from checkpoint.directory.models import ReferralStatusChange, Service, ServiceReferral
from checkpoint.needs.instrument import LoadedInstrument
from checkpoint.needs.models import (
    NeedsAssessment,
    PathwayNeed,
    PathwayStatusChange,
    SelfReportResponse,
)
from checkpoint.victims.models import Victim, VictimUpdate
from checkpoint.web.demo.bulk import insert_rows
from checkpoint.web.demo.cases import CasePlan
from checkpoint.web.demo.documents import sha256
from checkpoint.web.demo.progress import Progress
from checkpoint.web.demo.records import CaseWork

M = TypeVar("M", bound=models.Model)
P = TypeVar("P", bound=Any)
T = TypeVar("T")
BATCH_SIZE = 2000


@dataclass(frozen=True)
class CaseworkCounts:
    """How many casework rows were written."""

    appointments: int
    notes: int
    contracts: int
    evidence: int
    assessments: int
    referrals: int
    victims: int
    breach_decisions: int
    completions: int
    documents: int


def _bulk(model: type[M], rows: Sequence[M], progress: Progress, label: str) -> None:
    if not rows:
        return
    progress.stage(label, len(rows))
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        insert_rows(model, batch)
        progress.advance(len(batch))


def _write(
    model: type[M],
    items: Iterable[tuple[P, T]],
    build: Callable[[tuple[P, T]], M],
    progress: Progress,
    label: str,
) -> list[tuple[P, T]]:
    """Build a row for each (planned record, context) pair, write them, keep each row."""
    pairs = list(items)
    rows = [build(item) for item in pairs]
    _bulk(model, rows, progress, label)
    for (planned, _), row in zip(pairs, rows, strict=True):
        planned.row = row
    return pairs


def _worked(plan_cases: Sequence[CasePlan], rows: Sequence[Case]) -> list[tuple[CaseWork, int]]:
    return [
        (plan.work, row.pk)
        for plan, row in zip(plan_cases, rows, strict=True)
        if isinstance(plan.work, CaseWork)
    ]


def write_casework(
    plan_cases: Sequence[CasePlan],
    case_rows: Sequence[Case],
    users: dict[str, User],
    instrument: LoadedInstrument,
    progress: Progress,
    *,
    before_documents: Callable[[Progress], None] | None = None,
) -> CaseworkCounts:
    """Write every planned casework row (documents last, as they follow their records)."""
    worked = _worked(plan_cases, case_rows)

    def uid(username: str) -> int:
        return users[username].pk

    def maybe(username: str | None) -> int | None:
        return users[username].pk if username is not None else None

    # Appointments, the originals first, then each link of a reschedule chain in turn.
    appointments = [(a, case_id) for work, case_id in worked for a in work.appointments]
    depth = 0
    written = 0
    while written < len(appointments):
        level = [(a, c) for a, c in appointments if a.depth == depth]
        _write(
            Appointment,
            level,
            lambda item: Appointment(
                case_id=item[1],
                kind=item[0].kind.value,
                starts_at=item[0].starts_at,
                place=item[0].place,
                details=item[0].details,
                replaces=item[0].replaces.row if item[0].replaces is not None else None,
                reschedule_reason=item[0].reschedule_reason,
                booked_by_id=uid(item[0].booked_by),
                booked_at=item[0].booked_at,
                attendance=item[0].attendance.value if item[0].attendance else "",
                outcome_reason=item[0].outcome_reason,
                acceptable=item[0].acceptable,
                enforceable=item[0].enforceable,
                outcome_recorded_by_id=maybe(item[0].outcome_by),
                outcome_recorded_at=item[0].outcome_at,
            ),
            progress,
            "Writing appointments" if depth == 0 else "Writing rescheduled appointments",
        )
        written += len(level)
        depth += 1
    _check_rows(appointments)

    notes = _write(
        CaseNote,
        [(n, case_id) for work, case_id in worked for n in work.notes],
        lambda item: CaseNote(
            case_id=item[1],
            written_at=item[0].written_at,
            author_id=uid(item[0].author),
            basis=item[0].basis.value,
            text=item[0].text,
            contact_method=item[0].contact_method.value if item[0].contact_method else "",
            appointment=item[0].appointment.row if item[0].appointment else None,
        ),
        progress,
        "Writing case notes",
    )
    _check_rows(n for n, _ in notes)

    # Contracts, their versions, conditions, approvals and the signed consent.
    contracts = [(w.contract, case_id) for w, case_id in worked if w.contract is not None]
    pairs = _write(
        Contract,
        contracts,
        lambda item: Contract(case_id=item[1], created_at=item[0].created_at),
        progress,
        "Writing contracts",
    )
    _check_rows(c for c, _ in pairs)
    versions = [v for c, _ in contracts for v in c.versions]
    version_rows = _write(
        ContractVersion,
        [(v, c.row) for c, _ in contracts for v in c.versions],
        lambda item: ContractVersion(
            contract=item[1],
            number=item[0].number,
            status=item[0].status,
            reason=item[0].reason,
            created_by_id=uid(item[0].created_by),
            created_at=item[0].created_at,
            catalogue_name=item[0].catalogue_name,
            catalogue_version=item[0].catalogue_version,
            catalogue_sha256=item[0].catalogue_sha256,
            policy_name=item[0].policy_name,
            policy_version=item[0].policy_version,
            length_months=item[0].length_months,
            submitted_by_id=maybe(item[0].submitted_by),
            submitted_at=item[0].submitted_at,
            offered_by_id=maybe(item[0].offered_by),
            offered_at=item[0].offered_at,
        ),
        progress,
        "Writing contract versions",
    )
    _check_rows(v for v, _ in version_rows)
    condition_pairs = [
        (version, term, position)
        for version in versions
        for position, term in enumerate(version.terms, start=1)
    ]
    condition_rows = [
        ContractCondition(
            version=version.row,
            position=position,
            code=term.code,
            title=term.title,
            category=term.category.value,
            pathway=term.pathway.value if term.pathway else "",
            rule=term.rule.value,
            target=term.target,
            parameters=dict(term.parameters),
            wording=term.wording,
            due_on=term.due_on,
        )
        for version, term, position in condition_pairs
    ]
    _bulk(ContractCondition, condition_rows, progress, "Writing contract conditions")
    for (version, term, _), row in zip(condition_pairs, condition_rows, strict=True):
        version.condition_rows[term.code] = row
    _bulk(
        ContractApproval,
        [
            ContractApproval(
                version=v.row,
                decided_by_id=uid(a.decided_by),
                decided_at=a.decided_at,
                approved=a.approved,
                note=a.note,
            )
            for v in versions
            for a in v.approvals
        ],
        progress,
        "Writing contract approvals",
    )
    _bulk(
        ContractConsent,
        [
            ContractConsent(
                version=v.row,
                signed_at=v.consent.signed_at,
                signature_method=v.consent.signature_method,
                signature=v.consent.signature,
                witnessed_by_id=uid(v.consent.witnessed_by),
                explanation_given=True,
                copy_given=v.consent.copy_given,
                adjustments=v.consent.adjustments,
            )
            for v in versions
            if v.consent is not None
        ],
        progress,
        "Writing signatures",
    )
    evidence = _write(
        ConditionEvidence,
        [
            (e, w.contract.approved)
            for w, _ in worked
            if w.contract is not None and w.contract.approved is not None
            for e in w.evidence
        ],
        lambda item: ConditionEvidence(
            condition=item[1].condition_rows[item[0].code],
            kind=item[0].kind.value,
            occurred_on=item[0].occurred_on,
            amount=item[0].amount,
            note=item[0].note,
            recorded_by_id=uid(item[0].recorded_by),
            recorded_at=item[0].recorded_at,
        ),
        progress,
        "Writing contract evidence",
    )
    _check_rows(e for e, _ in evidence)
    logs = _write(
        CommunityWorkLog,
        [(w, case_id) for work, case_id in worked for w in work.work_log],
        lambda item: CommunityWorkLog(
            case_id=item[1],
            worked_on=item[0].worked_on,
            hours=item[0].hours,
            placement=item[0].placement,
            verified_by=item[0].verified_by,
            note=item[0].note,
            recorded_by_id=uid(item[0].recorded_by),
            recorded_at=item[0].recorded_at,
        ),
        progress,
        "Writing community work",
    )
    _check_rows(w for w, _ in logs)

    # Needs: assessments and their answers, status history, self-reports.
    assessments = _write(
        NeedsAssessment,
        [(a, case_id) for work, case_id in worked for a in work.assessments],
        lambda item: NeedsAssessment(
            case_id=item[1],
            stage=item[0].stage.value,
            assessed_at=item[0].assessed_at,
            assessed_by_id=uid(item[0].assessed_by),
            summary=item[0].summary,
        ),
        progress,
        "Writing needs assessments",
    )
    _check_rows(a for a, _ in assessments)
    _bulk(
        PathwayNeed,
        [
            PathwayNeed(
                assessment=a.row,
                pathway=answer.pathway.value,
                level=answer.level.value,
                support_wanted=answer.support_wanted,
                notes=answer.notes,
            )
            for a, _ in assessments
            for answer in a.answers
        ],
        progress,
        "Writing pathway needs",
    )
    changes = _write(
        PathwayStatusChange,
        [(c, case_id) for work, case_id in worked for c in work.status_changes],
        lambda item: PathwayStatusChange(
            case_id=item[1],
            pathway=item[0].pathway.value,
            previous_status=item[0].previous.value if item[0].previous else "",
            status=item[0].status.value,
            effective_on=item[0].effective_on,
            changed_at=item[0].changed_at,
            changed_by_id=uid(item[0].changed_by),
            note=item[0].note,
        ),
        progress,
        "Writing pathway statuses",
    )
    _check_rows(c for c, _ in changes)
    spec = instrument.instrument
    reports = _write(
        SelfReportResponse,
        [(r, case_id) for work, case_id in worked for r in work.self_reports],
        lambda item: SelfReportResponse(
            case_id=item[1],
            stage=item[0].stage.value,
            instrument_name=spec.name,
            instrument_version=spec.version,
            instrument_sha256=instrument.sha256,
            item_scores=item[0].item_scores,
            subscale_scores=item[0].subscale_scores,
            recorded_at=item[0].recorded_at,
            recorded_by_id=uid(item[0].recorded_by),
        ),
        progress,
        "Writing self-reports",
    )
    _check_rows(r for r, _ in reports)

    # Referrals to services, with their status history.
    services = dict(Service.objects.values_list("name", "pk"))
    referrals = _write(
        ServiceReferral,
        [(r, case_id) for work, case_id in worked for r in work.referrals],
        lambda item: ServiceReferral(
            case_id=item[1],
            service_id=services[item[0].service],
            pathway=item[0].pathway.value,
            consent_to_share=True,
            consent_recorded_at=item[0].sent_at,
            consent_recorded_by_id=uid(item[0].sent_by),
            shared_information=item[0].shared_information,
            reason=item[0].reason,
            sent_at=item[0].sent_at,
            sent_by_id=uid(item[0].sent_by),
            status=item[0].status.value,
            status_changed_at=item[0].changes[-1].changed_at,
            outcome=item[0].outcome,
        ),
        progress,
        "Writing referrals",
    )
    _check_rows(r for r, _ in referrals)
    _bulk(
        ReferralStatusChange,
        [
            ReferralStatusChange(
                referral=r.row,
                from_status=c.from_status.value if c.from_status else "",
                to_status=c.to_status.value,
                changed_at=c.changed_at,
                changed_by_id=uid(c.changed_by),
                note=c.note,
            )
            for r, _ in referrals
            for c in r.changes
        ],
        progress,
        "Writing referral history",
    )

    # Victims and the updates they were given.
    victims = _write(
        Victim,
        [(v, case_id) for work, case_id in worked for v in work.victims],
        lambda item: Victim(
            case_id=item[1],
            name=item[0].name,
            phone=item[0].phone,
            email=item[0].email,
            address=item[0].address,
            preferred_contact=item[0].preferred_contact,
            contact_notes=item[0].contact_notes,
            wants_updates=item[0].wants_updates,
            views=item[0].views,
            restorative_option=item[0].restorative_option,
            restorative_wishes=item[0].restorative_wishes,
            recorded_at=item[0].recorded_at,
            recorded_by_id=uid(item[0].recorded_by),
            changed_at=item[0].recorded_at,
        ),
        progress,
        "Writing victims",
    )
    _check_rows(v for v, _ in victims)
    _bulk(
        VictimUpdate,
        [
            VictimUpdate(
                victim=v.row,
                given_on=u.given_on,
                method=u.method,
                summary=u.summary,
                given_by_id=uid(u.given_by),
                recorded_at=u.recorded_at,
            )
            for v, _ in victims
            for u in v.updates
        ],
        progress,
        "Writing victim updates",
    )

    # Breach proposals and decisions (the prosecution file is attached once written).
    proposals = _write(
        BreachProposal,
        [(p, case_id) for work, case_id in worked for p in work.proposals],
        lambda item: BreachProposal(
            case_id=item[1],
            proposed_at=item[0].proposed_at,
            proposed_by_id=uid(item[0].proposed_by),
            condition_codes=list(item[0].condition_codes),
            evidence_summary=item[0].evidence_summary,
        ),
        progress,
        "Writing breach proposals",
    )
    _check_rows(p for p, _ in proposals)
    through = BreachProposal.appointments.through
    _bulk(
        through,
        [
            through(breachproposal_id=p.row.pk, appointment_id=a.row.pk)
            for p, _ in proposals
            for a in p.appointments
        ],
        progress,
        "Writing breach evidence",
    )
    decisions = _write(
        BreachDecision,
        [(p.decision, p) for p, _ in proposals if p.decision is not None],
        lambda item: BreachDecision(
            proposal=item[1].row,
            decided_at=item[0].decided_at,
            decided_by_id=uid(item[0].decided_by),
            excuse_reasonable=item[0].excuse_reasonable,
            outcome=item[0].outcome.value,
            reason=item[0].reason,
        ),
        progress,
        "Writing breach decisions",
    )
    _check_rows(d for d, _ in decisions)

    # Documents, then what points at them: completions and the decisions' prosecution files.
    if before_documents is not None:
        before_documents(progress)
    documents = _write(
        CaseDocument,
        [(d, case_id) for work, case_id in worked for d in work.documents],
        lambda item: CaseDocument(
            case_id=item[1],
            kind=item[0].kind,
            produced_at=item[0].produced_at,
            produced_by_id=uid(item[0].produced_by),
            filename=item[0].filename,
            content=item[0].pdf,
            sha256=sha256(item[0]),
            html=item[0].html,
            data={**item[0].data, **{k: v.row.pk for k, v in item[0].refs.items()}},
        ),
        progress,
        "Writing documents",
    )
    _check_rows(d for d, _ in documents)
    linked = []
    for decision, _ in decisions:
        if decision.prosecution_file is not None:
            decision.row.prosecution_file = decision.prosecution_file.row
            linked.append(decision.row)
    BreachDecision.objects.bulk_update(linked, ["prosecution_file"], batch_size=BATCH_SIZE)
    completions = _write(
        CaseCompletion,
        [(w.completion, case_id) for w, case_id in worked if w.completion is not None],
        lambda item: CaseCompletion(
            case_id=item[1],
            completed_at=item[0].completed_at,
            completed_by_id=uid(item[0].completed_by),
            outcome_code=item[0].outcome_code,
            policy=item[0].policy,
            letter=item[0].letter.row,
        ),
        progress,
        "Writing completions",
    )
    _check_rows(c for c, _ in completions)
    return CaseworkCounts(
        appointments=len(appointments),
        notes=len(notes),
        contracts=len(contracts),
        evidence=len(evidence),
        assessments=len(assessments),
        referrals=len(referrals),
        victims=len(victims),
        breach_decisions=len(decisions),
        completions=len(completions),
        documents=len(documents),
    )


def _check_rows(items: Iterable[Any]) -> None:
    """Check every planned record now has its row, with the key the database gave it."""
    for item in items:
        planned = item[0] if isinstance(item, tuple) else item
        assert planned.row is not None and planned.row.pk is not None


def event_data(data: dict[str, Any], refs: dict[str, Any]) -> dict[str, Any]:
    """Return a timeline entry's data with the records it names as their primary keys."""
    if not refs:
        return data
    return {**data, **{key: record.row.pk for key, record in refs.items()}}

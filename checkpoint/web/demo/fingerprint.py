"""A SHA-256 over the demo rows, to prove the same seed gives the same data.

The dump leaves out what is not decided by the seed: automatic primary keys (foreign keys
are replaced by natural keys such as a case reference or a username, and so are the keys
timeline entries, alerts and documents name in their data), password hashes (their salts
are random by design), sign-in times, the directory's timestamps and the audit log (all
stamped with the wall clock). Rows are sorted, and instants are written in UTC, so the
digest is the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from checkpoint.accounts.models import Team, User
from checkpoint.casework.models import (
    Alert,
    Appointment,
    BreachDecision,
    BreachProposal,
    Case,
    CaseCompletion,
    CaseDocument,
    CaseEvent,
    CaseNote,
    CaseOffence,
)
from checkpoint.contracts.models import (
    CommunityWorkLog,
    ConditionEvidence,
    Contract,
    ContractApproval,
    ContractCondition,
    ContractConsent,
    ContractPause,
    ContractVersion,
    Variation,
)
from checkpoint.directory.models import ReferralStatusChange, Service, ServiceReferral
from checkpoint.needs.models import (
    NeedsAssessment,
    PathwayNeed,
    PathwayStatusChange,
    SelfReportResponse,
)
from checkpoint.people.models import CustodyEvent, Person, PersonName
from checkpoint.screening.models import ScreeningApproval, ScreeningDecision
from checkpoint.victims.models import Victim, VictimUpdate


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo is not None else value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _json(value: Any) -> str:
    """Return JSON text that is the same whichever database stored the value (jsonb sorts keys)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _table(name: str, rows: Iterable[tuple[Any, ...]]) -> list[str]:
    lines = [
        json.dumps(
            [name, *(_value(v) for v in row)],
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
            default=str,
        )
        for row in rows
    ]
    lines.sort()
    return lines


def _key(*parts: Any) -> str:
    return "|".join(str(_value(p)) for p in parts)


Keys = dict[str, dict[int, str]]


def natural_keys() -> Keys:
    """Return, for each kind of record other rows name by primary key, its natural key."""
    keys: Keys = {}

    def add(name: str, rows: Iterable[tuple[Any, ...]]) -> None:
        keys[name] = {row[0]: _key(*row[1:]) for row in rows}

    add(
        "appointment",
        Appointment.objects.values_list("pk", "case__reference", "starts_at", "booked_at"),
    )
    keys["replaces"] = keys["appointment"]
    add("note", CaseNote.objects.values_list("pk", "case__reference", "written_at"))
    add(
        "contract_version",
        ContractVersion.objects.values_list("pk", "contract__case__reference", "number"),
    )
    add(
        "contract_evidence",
        ConditionEvidence.objects.values_list(
            "pk",
            "condition__version__contract__case__reference",
            "condition__code",
            "kind",
            "occurred_on",
            "recorded_at",
        ),
    )
    add(
        "community_work",
        CommunityWorkLog.objects.values_list("pk", "case__reference", "worked_on", "recorded_at"),
    )
    add(
        "contract_variation",
        Variation.objects.values_list("pk", "contract__case__reference", "requested_at"),
    )
    add(
        "needs_assessment",
        NeedsAssessment.objects.values_list("pk", "case__reference", "stage", "assessed_at"),
    )
    add(
        "pathway_status_change",
        PathwayStatusChange.objects.values_list(
            "pk", "case__reference", "pathway", "changed_at", "status"
        ),
    )
    add(
        "self_report",
        SelfReportResponse.objects.values_list("pk", "case__reference", "stage", "recorded_at"),
    )
    add(
        "service_referral",
        ServiceReferral.objects.values_list("pk", "case__reference", "service__name", "sent_at"),
    )
    add(
        "breach_proposal",
        BreachProposal.objects.values_list("pk", "case__reference", "proposed_at"),
    )
    add(
        "breach_decision",
        BreachDecision.objects.values_list("pk", "proposal__case__reference", "decided_at"),
    )
    add(
        "document", CaseDocument.objects.values_list("pk", "case__reference", "kind", "produced_at")
    )
    add("completion", CaseCompletion.objects.values_list("pk", "case__reference"))
    add("victim", Victim.objects.values_list("pk", "case__reference", "recorded_at", "name"))
    return keys


def _natural(data: Any, keys: Keys) -> Any:
    """Return JSON data with the primary keys it names replaced by natural keys."""
    if not isinstance(data, dict):
        return data
    return {
        k: keys[k].get(v, f"missing {v}") if k in keys and isinstance(v, int) else v
        for k, v in data.items()
    }


def _subject(subject: str, keys: Keys) -> str:
    """Return an alert's subject with the appointment it names by its natural key."""
    kind, _, pk = subject.partition(":")
    if kind in keys and pk.isdigit():
        return f"{kind}:{keys[kind].get(int(pk), 'missing ' + pk)}"
    return subject


def canonical_dump() -> list[str]:
    """Return the demo rows as sorted JSON lines, free of primary keys and wall-clock values."""
    lines: list[str] = []
    keys = natural_keys()
    lines += _table("team", Team.objects.values_list("name", "area"))
    lines += _table(
        "user",
        User.objects.values_list(
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "team__name",
            "collar_number",
            "caseload_limit",
            "is_active",
            "is_staff",
            "is_superuser",
        ),
    )
    lines += _table(
        "person",
        Person.objects.values_list(
            "force_person_id",
            "pnc_id",
            "date_of_birth",
            "sex",
            "ethnicity_self_defined",
            "ethnicity_officer_observed",
            "address_area",
            "created_at",
        ),
    )
    lines += _table(
        "name",
        PersonName.objects.values_list(
            "person__force_person_id",
            "kind",
            "given_names",
            "family_name",
        ),
    )
    lines += _table(
        "custody",
        CustodyEvent.objects.values_list(
            "person__force_person_id",
            "occurred_at",
            "offence__code",
            "offence_date",
            "disposal",
            "disposal_date",
            "source",
        ),
    )
    lines += _table(
        "case",
        Case.objects.values_list(
            "reference",
            "person__force_person_id",
            "state",
            "custody_reference",
            "team__name",
            "navigator__username",
            "referring_officer__username",
            "decided_by__username",
            "referred_at",
            "decided_at",
            "contract_started_on",
            "contract_length_months",
            "contract_extension_days",
            "state_changed_at",
        ),
    )
    lines += _table(
        "case_offence",
        CaseOffence.objects.values_list(
            "case__reference",
            "offence__code",
            "committed_on",
            "is_primary",
        ),
    )
    lines += _table(
        "case_event",
        (
            (*row[:-1], _json(_natural(row[-1], keys)))
            for row in CaseEvent.objects.values_list(
                "case__reference",
                "occurred_at",
                "kind",
                "actor__username",
                "transition",
                "from_state",
                "to_state",
                "summary",
                "detail",
                "data",
            )
        ),
    )
    # A decision's natural key is its case and instant; JSON columns are dumped canonically.
    lines += _table(
        "screening_decision",
        (
            (*row[:6], *(_json(v) for v in row[6:9]), *row[9:12], _json(row[12]), row[13])
            for row in ScreeningDecision.objects.values_list(
                "case__reference",
                "decided_at",
                "decided_by__username",
                "policy_name",
                "policy_version",
                "policy_sha256",
                "inputs",
                "results",
                "forecast",
                "computed_outcome",
                "requested_outcome",
                "departure_reason",
                "approvals_needed",
                "limitation_last_date",
            )
        ),
    )
    lines += _table(
        "screening_approval",
        ScreeningApproval.objects.values_list(
            "decision__case__reference",
            "decision__decided_at",
            "approval",
            "granted",
            "note",
            "decided_at",
            "decided_by__username",
        ),
    )
    lines += _casework(keys)
    lines += _contracts()
    lines += _needs_and_services(keys)
    return lines


def _casework(keys: Keys) -> list[str]:
    """Return the appointments, notes, breaches, documents, completions, alerts and victims."""
    appointment = keys["appointment"]
    lines = _table(
        "appointment",
        (
            (*row[:5], appointment.get(row[5]) if row[5] else None, *row[6:])
            for row in Appointment.objects.values_list(
                "case__reference",
                "kind",
                "starts_at",
                "place",
                "details",
                "replaces_id",
                "reschedule_reason",
                "booked_by__username",
                "booked_at",
                "attendance",
                "outcome_reason",
                "acceptable",
                "enforceable",
                "outcome_recorded_by__username",
                "outcome_recorded_at",
            )
        ),
    )
    lines += _table(
        "case_note",
        (
            (*row[:-1], appointment.get(row[-1]) if row[-1] else None)
            for row in CaseNote.objects.values_list(
                "case__reference",
                "written_at",
                "author__username",
                "basis",
                "text",
                "contact_method",
                "appointment_id",
            )
        ),
    )
    cited: dict[int, list[str]] = {}
    for proposal_id, appointment_id in BreachProposal.appointments.through.objects.values_list(
        "breachproposal_id", "appointment_id"
    ):
        cited.setdefault(proposal_id, []).append(appointment[appointment_id])
    lines += _table(
        "breach_proposal",
        (
            (*row[1:3], row[3], _json(row[4]), row[5], sorted(cited.get(row[0], [])))
            for row in BreachProposal.objects.values_list(
                "pk",
                "case__reference",
                "proposed_at",
                "proposed_by__username",
                "condition_codes",
                "evidence_summary",
            )
        ),
    )
    document = keys["document"]
    lines += _table(
        "breach_decision",
        (
            (*row[:-1], document.get(row[-1]) if row[-1] else None)
            for row in BreachDecision.objects.values_list(
                "proposal__case__reference",
                "proposal__proposed_at",
                "decided_at",
                "decided_by__username",
                "excuse_reasonable",
                "outcome",
                "reason",
                "prosecution_file_id",
            )
        ),
    )
    lines += _table(
        "case_document",
        (
            (
                *row[:6],
                hashlib.sha256(row[6].encode("utf-8")).hexdigest(),
                _json(_natural(row[7], keys)),
            )
            for row in CaseDocument.objects.values_list(
                "case__reference",
                "kind",
                "produced_at",
                "produced_by__username",
                "filename",
                "sha256",
                "html",
                "data",
            )
        ),
    )
    lines += _table(
        "case_completion",
        (
            (*row[:-1], document.get(row[-1]))
            for row in CaseCompletion.objects.values_list(
                "case__reference",
                "completed_at",
                "completed_by__username",
                "outcome_code",
                "policy",
                "letter_id",
            )
        ),
    )
    lines += _table(
        "alert",
        (
            (row[0], row[1], _subject(row[2], keys), *row[3:])
            for row in Alert.objects.values_list(
                "case__reference",
                "kind",
                "subject",
                "due_on",
                "overdue",
                "message",
                "raised_at",
                "resolved_at",
            )
        ),
    )
    lines += _table(
        "victim",
        Victim.objects.values_list(
            "case__reference",
            "name",
            "phone",
            "email",
            "address",
            "preferred_contact",
            "contact_notes",
            "wants_updates",
            "views",
            "restorative_option",
            "restorative_wishes",
            "recorded_at",
            "recorded_by__username",
            "changed_at",
        ),
    )
    lines += _table(
        "victim_update",
        VictimUpdate.objects.values_list(
            "victim__case__reference",
            "victim__recorded_at",
            "victim__name",
            "given_on",
            "method",
            "summary",
            "given_by__username",
            "recorded_at",
        ),
    )
    return lines


def _contracts() -> list[str]:
    """Return contracts with their versions, conditions, approvals, consents and progress."""
    lines = _table("contract", Contract.objects.values_list("case__reference", "created_at"))
    lines += _table(
        "contract_version",
        ContractVersion.objects.values_list(
            "contract__case__reference",
            "number",
            "status",
            "reason",
            "created_by__username",
            "created_at",
            "catalogue_name",
            "catalogue_version",
            "catalogue_sha256",
            "policy_name",
            "policy_version",
            "length_months",
            "submitted_by__username",
            "submitted_at",
            "offered_by__username",
            "offered_at",
        ),
    )
    lines += _table(
        "contract_condition",
        (
            (*row[:9], _json(row[9]), *row[10:])
            for row in ContractCondition.objects.values_list(
                "version__contract__case__reference",
                "version__number",
                "position",
                "code",
                "title",
                "category",
                "pathway",
                "rule",
                "target",
                "parameters",
                "wording",
                "due_on",
            )
        ),
    )
    version = ("version__contract__case__reference", "version__number")
    lines += _table(
        "contract_approval",
        ContractApproval.objects.values_list(
            *version, "decided_by__username", "decided_at", "approved", "note"
        ),
    )
    lines += _table(
        "contract_consent",
        ContractConsent.objects.values_list(
            *version,
            "signed_at",
            "signature_method",
            "signature",
            "witnessed_by__username",
            "explanation_given",
            "copy_given",
            "adjustments",
        ),
    )
    lines += _table(
        "condition_evidence",
        ConditionEvidence.objects.values_list(
            "condition__version__contract__case__reference",
            "condition__version__number",
            "condition__code",
            "kind",
            "occurred_on",
            "amount",
            "note",
            "recorded_by__username",
            "recorded_at",
        ),
    )
    lines += _table(
        "community_work",
        CommunityWorkLog.objects.values_list(
            "case__reference",
            "worked_on",
            "hours",
            "placement",
            "verified_by",
            "note",
            "recorded_by__username",
            "recorded_at",
        ),
    )
    lines += _table(
        "contract_pause",
        ContractPause.objects.values_list(
            "contract__case__reference", "start", "end", "reason", "approved_by__username"
        ),
    )
    lines += _table(
        "contract_variation",
        (
            (*row[:2], _json(row[2]), *row[3:])
            for row in Variation.objects.values_list(
                "contract__case__reference",
                "kind",
                "details",
                "reason",
                "requested_by__username",
                "requested_at",
                "status",
                "decided_by__username",
                "decided_at",
                "decision_note",
                "resulting_version__number",
            )
        ),
    )
    return lines


def _needs_and_services(keys: Keys) -> list[str]:
    """Return needs assessments, statuses, self-reports, services and referrals."""
    assessment = keys["needs_assessment"]
    lines = _table(
        "needs_assessment",
        (
            (*row[:5], assessment.get(row[5]) if row[5] else None, row[6])
            for row in NeedsAssessment.objects.values_list(
                "case__reference",
                "stage",
                "assessed_at",
                "assessed_by__username",
                "summary",
                "supersedes_id",
                "correction_reason",
            )
        ),
    )
    lines += _table(
        "pathway_need",
        (
            (assessment[row[0]], *row[1:])
            for row in PathwayNeed.objects.values_list(
                "assessment_id", "pathway", "level", "support_wanted", "notes"
            )
        ),
    )
    lines += _table(
        "pathway_status_change",
        PathwayStatusChange.objects.values_list(
            "case__reference",
            "pathway",
            "previous_status",
            "status",
            "effective_on",
            "changed_at",
            "changed_by__username",
            "note",
        ),
    )
    report = keys["self_report"]
    lines += _table(
        "self_report",
        (
            (*row[:5], _json(row[5]), _json(row[6]), *row[7:9], report.get(row[9]), row[10])
            for row in SelfReportResponse.objects.values_list(
                "case__reference",
                "stage",
                "instrument_name",
                "instrument_version",
                "instrument_sha256",
                "item_scores",
                "subscale_scores",
                "recorded_at",
                "recorded_by__username",
                "supersedes_id",
                "correction_reason",
            )
        ),
    )
    lines += _table(
        "service",
        Service.objects.values_list("name", "provider", "area", "active", "pathways__pathway"),
    )
    lines += _table(
        "service_referral",
        ServiceReferral.objects.values_list(
            "case__reference",
            "service__name",
            "pathway",
            "consent_to_share",
            "consent_recorded_at",
            "consent_recorded_by__username",
            "shared_information",
            "reason",
            "sent_at",
            "sent_by__username",
            "status",
            "status_changed_at",
            "outcome",
        ),
    )
    referral = keys["service_referral"]
    lines += _table(
        "referral_status_change",
        (
            (referral[row[0]], *row[1:])
            for row in ReferralStatusChange.objects.values_list(
                "referral_id",
                "from_status",
                "to_status",
                "changed_at",
                "changed_by__username",
                "note",
            )
        ),
    )
    return lines


def demo_fingerprint() -> str:
    """Return the SHA-256 of the canonical dump of the demo rows in the database."""
    digest = hashlib.sha256()
    for line in canonical_dump():
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()

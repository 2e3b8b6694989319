"""API schemas: what crosses the wire, typed."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class OffenceOut(Schema):
    """An offence on a case."""

    code: str
    title: str
    mode_of_trial: str
    committed_on: date


class ClocksOut(Schema):
    """A case's clocks today."""

    offence_age_days_at_decision: int | None
    contract_ends: date | None
    follow_up_ends: date | None
    s127_applies: bool
    s127_last_date: date | None
    s127_at_risk: bool


class EventOut(Schema):
    """A timeline entry."""

    occurred_at: datetime
    kind: str
    summary: str
    from_state: str
    to_state: str
    actor: str | None


class CaseSummaryOut(Schema):
    """A case in a list."""

    reference: str
    state: str
    person_id: str
    referred_at: datetime
    navigator: str | None


class CaseOut(CaseSummaryOut):
    """One case with its offences, clocks and timeline."""

    decided_at: datetime | None
    offences: list[OffenceOut]
    clocks: ClocksOut
    timeline: list[EventOut]


class ErrorOut(Schema):
    """An error with a message for people."""

    detail: str

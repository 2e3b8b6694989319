"""Write a demo plan to the database in large batches (the caller holds the transaction)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models

from checkpoint.accounts.models import Team, User
from checkpoint.casework.models import Case, CaseEvent, CaseOffence
from checkpoint.domain.roles import Role
from checkpoint.offences.models import Offence
from checkpoint.people.models import CustodyEvent, Person, PersonName
from checkpoint.screening.models import ScreeningApproval, ScreeningDecision
from checkpoint.screening.services import result_rows
from checkpoint.web.demo.bulk import insert_rows
from checkpoint.web.demo.cases import Slot
from checkpoint.web.demo.casework_writer import CaseworkCounts, event_data, write_casework
from checkpoint.web.demo.population import DEMO_SOURCE
from checkpoint.web.demo.progress import Progress
from checkpoint.web.demo.staff import (
    DEMO_PASSWORD,
    NAVIGATOR_CASELOAD_LIMIT,
    STAFF,
    TEAM_FOR_AREA,
    TEAMS,
)

if TYPE_CHECKING:
    from checkpoint.web.demo.generator import DemoPlan

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")
# Large enough to keep round trips few; Django lowers it further where SQLite needs it.
BATCH_SIZE = 2000


@dataclass(frozen=True)
class WriteCounts:
    """How many rows of each kind were written."""

    people: int
    custody_events: int
    cases: int
    case_events: int
    screening_decisions: int
    screening_approvals: int
    casework: CaseworkCounts


def _known(value: T | None) -> T:
    """Return a value the planner always sets (it is only optional while planning)."""
    if value is None:
        raise ValueError("The demo plan is incomplete.")
    return value


def ensure_staff() -> dict[str, User]:
    """Create or reset the demo teams and sign-ins, all with the demo password."""
    teams = {
        spec.area: Team.objects.update_or_create(name=spec.name, defaults={"area": spec.area})[0]
        for spec in TEAMS
    }
    users: dict[str, User] = {}
    # Every demo sign-in has the published demo password: hash it once, not fifteen times.
    password = make_password(DEMO_PASSWORD)
    for spec in STAFF:
        user = User.objects.filter(username=spec.username).first() or User(username=spec.username)
        user.first_name, user.last_name, user.email = spec.first_name, spec.last_name, spec.email
        user.role = spec.role.value
        user.team = teams[spec.area] if spec.area is not None else None
        user.collar_number = spec.collar_number
        user.caseload_limit = NAVIGATOR_CASELOAD_LIMIT if spec.role is Role.NAVIGATOR else None
        user.is_active = True
        user.password = password
        user.save()
        users[spec.username] = user
    return users


def _batches(items: Sequence[M]) -> Iterator[Sequence[M]]:
    for start in range(0, len(items), BATCH_SIZE):
        yield items[start : start + BATCH_SIZE]


def _bulk(model: type[M], items: Sequence[M], progress: Progress, label: str) -> None:
    progress.stage(label, len(items))
    for batch in _batches(items):
        insert_rows(model, batch)
        progress.advance(len(batch))


def write_plan(
    plan: DemoPlan,
    *,
    progress: Progress,
    documents: Callable[[Progress], None] | None = None,
) -> WriteCounts:
    """Write staff, people, custody events, cases, decisions and casework; return the counts.

    Timeline entries go last: many name the casework records they are about. `documents`
    is called to finish the documents' PDFs just before they are written.
    """
    users = ensure_staff()
    teams = {t.area: t for t in Team.objects.filter(name__in=[s.name for s in TEAMS])}
    offence_ids = dict(Offence.objects.values_list("code", "pk"))

    people = sorted(plan.people, key=lambda p: p.force_person_id)
    rows = [
        Person(
            force_person_id=p.force_person_id,
            pnc_id=p.pnc_id,
            date_of_birth=p.date_of_birth,
            sex=p.sex.value,
            ethnicity_self_defined=p.ethnicity_self_defined.value,
            ethnicity_officer_observed=p.ethnicity_officer_observed.value,
            address_area=p.area,
            created_at=_known(p.created_at),
        )
        for p in people
    ]
    _bulk(Person, rows, progress, "Writing people")
    person_ids = {p.number: row.pk for p, row in zip(people, rows, strict=True)}

    names = []
    for p in people:
        pid = person_ids[p.number]
        names.append(
            PersonName(
                person_id=pid,
                kind=PersonName.Kind.PRIMARY,
                given_names=p.given_names,
                family_name=p.family_name,
            )
        )
        if p.alias is not None:
            names.append(
                PersonName(
                    person_id=pid,
                    kind=PersonName.Kind.ALIAS,
                    given_names=p.alias[0],
                    family_name=p.alias[1],
                )
            )
    _bulk(PersonName, names, progress, "Writing names")

    custody = [
        CustodyEvent(
            person_id=person_ids[p.number],
            occurred_at=c.occurred_at,
            offence_id=offence_ids[c.offence.code],
            offence_date=c.offence_date,
            disposal=c.disposal.value,
            disposal_date=c.disposal_date,
            source=DEMO_SOURCE,
        )
        for p in people
        for c in p.custody
    ]
    _bulk(CustodyEvent, custody, progress, "Writing custody events")

    cases = [
        Case(
            reference=c.reference,
            person_id=person_ids[c.person.number],
            state=c.state.value,
            custody_reference=c.custody_reference,
            team=teams[TEAM_FOR_AREA[c.area].area],
            navigator=users[c.navigator] if c.navigator else None,
            referring_officer=users[c.referring_officer],
            decided_by=users[c.decided_by] if c.decided_by else None,
            referred_at=c.referred_at,
            decided_at=c.decided_at,
            contract_started_on=c.contract_started_on,
            state_changed_at=_known(c.state_changed_at),
        )
        for c in plan.cases
    ]
    _bulk(Case, cases, progress, "Writing cases")

    offences = [
        CaseOffence(
            case_id=row.pk,
            offence_id=offence_ids[offence.code],
            committed_on=committed,
            is_primary=number == 0,
        )
        for plan_case, row in zip(plan.cases, cases, strict=True)
        for number, (offence, committed) in enumerate(plan_case.offences)
    ]
    _bulk(CaseOffence, offences, progress, "Writing case offences")

    # Screening decisions exactly as the rules gave them (the same record the live
    # `screening_decide` writes), then the supervisors' approvals beside them.
    planned = [(d, row.pk) for c, row in zip(plan.cases, cases, strict=True) for d in c.decisions]
    decisions = [
        ScreeningDecision(
            case_id=case_id,
            decided_at=d.decided_at,
            decided_by=users[d.decided_by],
            policy_name=d.policy.name,
            policy_version=d.policy.policy.policy.version,
            policy_sha256=d.policy.sha256,
            inputs=d.facts.model_dump(mode="json"),
            results=result_rows(d.result),
            forecast=d.facts.forecast.model_dump(mode="json") if d.facts.forecast else None,
            computed_outcome=d.result.outcome.value,
            requested_outcome=d.requested.value,
            departure_reason=d.departure_reason,
            approvals_needed=[a.value for a in d.needed],
            limitation_last_date=d.result.limitation_last_date,
        )
        for d, case_id in planned
    ]
    _bulk(ScreeningDecision, decisions, progress, "Writing screening decisions")
    approvals = [
        ScreeningApproval(
            decision_id=row.pk,
            approval=a.approval.value,
            granted=a.granted,
            note=a.note,
            decided_at=a.decided_at,
            decided_by=users[a.decided_by],
        )
        for (d, _), row in zip(planned, decisions, strict=True)
        for a in d.approvals
    ]
    _bulk(ScreeningApproval, approvals, progress, "Writing approvals")

    casework = write_casework(
        plan.cases, cases, users, plan.instrument, progress, before_documents=documents
    )

    events = []
    for plan_case, row in zip(plan.cases, cases, strict=True):
        for event in plan_case.events:
            assert not isinstance(event.actor, Slot), "every navigator slot must be filled"
            events.append(
                CaseEvent(
                    case_id=row.pk,
                    occurred_at=event.occurred_at,
                    kind=event.kind.value,
                    actor_id=users[event.actor].pk if event.actor else None,
                    transition=event.transition.value if event.transition else "",
                    from_state=event.from_state.value if event.from_state else "",
                    to_state=event.to_state.value if event.to_state else "",
                    summary=event.summary,
                    detail=event.detail,
                    data=event_data(event.data, event.refs),
                )
            )
    _bulk(CaseEvent, events, progress, "Writing case timelines")
    return WriteCounts(
        people=len(rows),
        custody_events=len(custody),
        cases=len(cases),
        case_events=len(events),
        screening_decisions=len(decisions),
        screening_approvals=len(approvals),
        casework=casework,
    )

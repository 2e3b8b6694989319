"""Plan and load the demo force: people, custody histories, staff and Checkpoint cases.

`plan_demo` is deterministic: the same people count, seed and as-of date always give the
same plan, because every random draw comes from `random.Random(seed)` (through streams
derived from it) and nothing reads the wall clock. `demo_load` writes a plan in one
transaction.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from random import Random
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import QuerySet

from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.casework.alert_services import TickSummary, tick_run
from checkpoint.directory.models import Service
from checkpoint.directory.services import directory_load_demo
from checkpoint.domain.clocks import contract_end, uk_date
from checkpoint.domain.disposals import POSITIVE_DISPOSALS, Disposal
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.needs import Pathway
from checkpoint.domain.offences import ModeOfTrial, OffenceFamily
from checkpoint.needs.instrument import LoadedInstrument, current_instrument
from checkpoint.offences.catalogue import DEFAULT_CATALOGUE
from checkpoint.offences.models import Offence
from checkpoint.offences.services import offence_catalogue_import
from checkpoint.people.models import Person
from checkpoint.web.demo.cases import CasePlan, Outcome
from checkpoint.web.demo.casework import Environment, OffenceDetail, ServiceInfo, plan_casework
from checkpoint.web.demo.casework_writer import CaseworkCounts
from checkpoint.web.demo.decisions import PolicyBook, Screener
from checkpoint.web.demo.documents import Rendering
from checkpoint.web.demo.fingerprint import demo_fingerprint
from checkpoint.web.demo.identifiers import assign_identifiers
from checkpoint.web.demo.offences import OffenceInfo, OffencePicker
from checkpoint.web.demo.population import (
    DEMO_SOURCE,
    PRIOR_BANDS,
    CustodyPlan,
    HistoryKind,
    PersonPlan,
    build_history,
    make_people,
    place_index,
    positive_outcome,
    prior_band,
)
from checkpoint.web.demo.progress import NoProgress, Progress
from checkpoint.web.demo.records import DocumentPlan
from checkpoint.web.demo.scheme import Scheme
from checkpoint.web.demo.timing import cutoff_for
from checkpoint.web.demo.wording import BREACH_FURTHER_OFFENCE
from checkpoint.web.demo.writer import write_plan

__all__ = ["DemoPlan", "DemoResult", "calibration", "demo_fingerprint", "demo_load", "plan_demo"]


@dataclass
class DemoPlan:
    """Everything the generator decided, before any of it is written."""

    people_count: int
    seed: int
    as_of: date
    cutoff: datetime
    people: list[PersonPlan]
    cases: list[CasePlan]
    environment: Environment

    @property
    def instrument(self) -> LoadedInstrument:
        """Return the self-report instrument the plan's responses use."""
        return self.environment.instrument

    @property
    def documents(self) -> list[DocumentPlan]:
        """Return every document the plan produces."""
        return [d for c in self.cases if c.work is not None for d in c.work.documents]


def catalogue_offences() -> list[OffenceInfo]:
    """Return the installed offence catalogue as the generator (and its screener) sees it."""
    return [
        OffenceInfo(code, title, OffenceFamily(family), ModeOfTrial(mode), serious, gravity)
        for code, title, family, mode, serious, gravity in Offence.objects.order_by(
            "code"
        ).values_list(
            "code", "title", "family", "mode_of_trial", "default_serious", "gravity_score"
        )
    ]


def casework_environment(cutoff: datetime, policies: PolicyBook) -> Environment:
    """Return what casework planning reads: directory services, offences, the instrument."""
    services = [
        ServiceInfo(
            name=service.name,
            provider=service.provider,
            area=service.area,
            pathways=frozenset(Pathway(p.pathway) for p in service.pathways.all()),
        )
        for service in Service.objects.filter(active=True)
        .prefetch_related("pathways")
        .order_by("name")
    ]
    details = {
        code: OffenceDetail(legislation, ho_code)
        for code, legislation, ho_code in Offence.objects.values_list(
            "code", "legislation", "ho_code"
        )
    }
    return Environment(
        cutoff=cutoff,
        policies=policies,
        services=services,
        instrument=current_instrument(),
        offences=details,
        force_name=settings.CHECKPOINT_FORCE_NAME,
    )


def plan_demo(
    *,
    people: int,
    seed: int,
    as_of: date,
    offences: list[OffenceInfo],
    progress: Progress | None = None,
    screener: Screener | None = None,
    environment: Environment | None = None,
) -> DemoPlan:
    """Decide every demo row for a force of `people` people, as at 06:00 on `as_of`.

    Screening decisions are made by the real rules under the force's policies
    (settings.CHECKPOINT_SCHEME and CHECKPOINT_POLICY_DIR) unless a screener is given.
    Casework reads the directory's services and the offences' details from the database
    unless an environment is given.
    """
    if people < 1:
        raise DomainError("The demo needs at least one person.")
    progress = progress or NoProgress()
    screener = screener or Screener.for_offences(offences)
    try:
        screener.policies.on(as_of)
    except DomainError as error:
        first = screener.policies.first_day
        since = f" (its first policy starts {first:%d %B %Y})" if first else ""
        raise DomainError(
            f"{error} The demo needs the scheme running on its as-of date{since}."
        ) from None
    root = Random(seed)
    # One stream per phase, so a change in one phase does not reshuffle the others.
    people_rng, scheme_rng, history_rng, id_rng = (Random(root.getrandbits(64)) for _ in range(4))
    casework_rng = Random(root.getrandbits(64))
    picker = OffencePicker(offences)
    cutoff = cutoff_for(as_of)
    environment = environment or casework_environment(cutoff, screener.policies)
    progress.stage("Planning people", 4)
    persons = make_people(people_rng, people, as_of)
    progress.advance()
    cases = Scheme(scheme_rng, picker, screener, persons, cutoff).build()
    progress.advance()
    case_of = {c.person.number: c for c in cases}
    for person in persons:
        case = case_of.get(person.number)
        if case is None:
            place_index(history_rng, person, cutoff)
        build_history(
            person,
            picker,
            cutoff=cutoff,
            index_events=_index_events(history_rng, case, cutoff) if case else None,
            signed_at=case.signed_at if case else None,
            quiet_until=case.referred_at + timedelta(days=200) if case else None,
            contract=_contract_days(case) if case else None,
        )
    assign_identifiers(id_rng, persons)
    progress.advance()
    plan_casework(casework_rng, cases, environment)
    progress.advance()
    return DemoPlan(people, seed, as_of, cutoff, persons, cases, environment)


def _contract_days(case: CasePlan) -> tuple[date, date] | None:
    """Return the first and last day of a signed case's contract (the demo never varies one)."""
    start = case.contract_started_on
    return (start, contract_end(start=start, today=start)) if start is not None else None


def _index_events(rng: Random, case: CasePlan, cutoff: datetime) -> list[CustodyPlan]:
    """Return the custody events of a case's offences, disposed of as the case went."""
    disposal: Disposal
    on: date | None
    if case.outcome is Outcome.DEFERRED:
        disposal, on = Disposal.DEFERRED_PROSECUTION, case.contract_started_on
    elif case.outcome is Outcome.PROSECUTED:
        assert case.outcome_at is not None
        charged = uk_date(case.outcome_at) + timedelta(days=rng.randint(3, 21))
        court = charged + timedelta(days=rng.randint(28, 120))
        disposal, on = (
            (Disposal.CONVICTED, court)
            if court <= uk_date(cutoff)
            else (Disposal.CHARGED, charged)
            if charged <= uk_date(cutoff)
            else (Disposal.DEFERRED_PROSECUTION, case.contract_started_on)
        )
    elif case.outcome is Outcome.USUAL_PROCESS and rng.random() < 0.85:
        assert case.outcome_at is not None
        disposal, on = positive_outcome(rng, case.outcome_at, cutoff)
    elif case.outcome in (Outcome.USUAL_PROCESS, Outcome.NO_DECISION):
        assert case.outcome_at is not None
        disposal, on = Disposal.NO_FURTHER_ACTION, uk_date(case.outcome_at)
    else:
        disposal, on = Disposal.PENDING, None
    return [
        CustodyPlan(case.arrested_at, offence, committed, disposal, on, HistoryKind.INDEX)
        for offence, committed in case.offences
    ]


@dataclass(frozen=True)
class Calibration:
    """How the plan compares with the figures it was calibrated to (domain.md section 8)."""

    prior_shares: dict[str, float]
    one_year_by_band: dict[str, float]
    one_year_overall: float
    followed_up: int
    contract_reoffending: float
    contracts: int


def reoffended_within(person: PersonPlan, days: int) -> bool:
    """Return whether the person had a proven (sanctioned) offence within `days` of the index."""
    assert person.index_at is not None
    end = person.index_at + timedelta(days=days)
    return any(
        person.index_at < c.occurred_at <= end and c.disposal in POSITIVE_DISPOSALS
        for c in person.custody
    )


def calibration(plan: DemoPlan) -> Calibration:
    """Measure the plan's prior-disposal shares and one-year proven reoffending."""
    bands = Counter(prior_band(p.priors) for p in plan.people)
    shares = {label: bands[label] / len(plan.people) for label, *_ in PRIOR_BANDS}
    # Only people whose year, and six months for the courts, has passed are counted.
    horizon = plan.cutoff - timedelta(days=365 + 183)
    followed = [p for p in plan.people if p.index_at is not None and p.index_at <= horizon]
    by_band: dict[str, list[bool]] = {label: [] for label, *_ in PRIOR_BANDS}
    for person in followed:
        by_band[prior_band(person.priors)].append(reoffended_within(person, 365))
    rates = {label: sum(v) / len(v) if v else float("nan") for label, v in by_band.items()}
    outcomes = [o for v in by_band.values() for o in v]
    signed = [c for c in plan.cases if c.signed_at is not None and c.state is not CaseState.ACTIVE]
    breached_for_offence = [
        c for c in signed if any(e.detail.startswith(BREACH_FURTHER_OFFENCE) for e in c.events)
    ]
    return Calibration(
        prior_shares=shares,
        one_year_by_band=rates,
        one_year_overall=sum(outcomes) / len(outcomes) if outcomes else float("nan"),
        followed_up=len(followed),
        contract_reoffending=len(breached_for_offence) / len(signed) if signed else float("nan"),
        contracts=len(signed),
    )


@dataclass(frozen=True)
class DemoResult:
    """What a load wrote and how long it took."""

    plan: DemoPlan
    people: int
    custody_events: int
    cases_by_state: dict[CaseState, int]
    replaced_people: int
    seconds: float
    casework: CaseworkCounts | None = None
    tick: TickSummary | None = None


def demo_people_count() -> int:
    """Return how many people the database holds."""
    return Person.objects.count()


def _purge(rows: QuerySet[Any], *, path: tuple[type[models.Model], ...] = ()) -> None:
    """Delete rows after every row that points at them, whichever app it belongs to."""
    # Other apps (screening decisions, contracts...) protect their cases and people; a demo
    # reload removes what hangs off demo people too, so walk the reverse relations first.
    model = rows.model
    # Hidden relations too: a completion's letter and a breach decision's prosecution file
    # point at documents without a reverse name.
    relations = [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one)
    ]
    for relation in relations:
        related = relation.related_model
        if related is model and relation.field.null:
            # A row that replaces or corrects another of the same table (an appointment's
            # reschedule, an assessment's correction): unlink them, then both can go.
            model._base_manager.filter(**{f"{relation.field.name}__in": rows}).update(
                **{relation.field.name: None}
            )
            continue
        if not (relation.one_to_many or relation.one_to_one) or related in (*path, model):
            continue
        assert isinstance(related, type) and issubclass(related, models.Model)
        dependants = related._base_manager.filter(**{f"{relation.field.name}__in": rows})
        _purge(dependants, path=(*path, model))
    rows.delete()


def _delete_previous_demo() -> int:
    """Delete the people a previous demo load wrote, with everything recorded about them."""
    foreign = Person.objects.exclude(custody_events__source=DEMO_SOURCE)
    if foreign.exists():
        raise DomainError(
            f"{foreign.count()} people in this database were not created by demo-data; "
            "refusing to delete them. Use a fresh database for the demo."
        )
    people = Person.objects.count()
    _purge(Person.objects.all())
    return people


def demo_load(
    *,
    people: int,
    seed: int,
    as_of: date,
    replace: bool = False,
    progress: Progress | None = None,
) -> DemoResult:
    """Load the demo force in one transaction; refuse if people exist unless replacing."""
    if people < 1:
        raise DomainError("The demo needs at least one person.")
    progress = progress or NoProgress()
    started = time.perf_counter()
    with transaction.atomic():
        replaced = 0
        if Person.objects.exists():
            if not replace:
                raise DomainError(
                    "The database already holds people. Use --replace to delete the previous "
                    "demo data first, or --if-empty to leave it alone."
                )
            replaced = _delete_previous_demo()
            audit_record(
                actor=None,
                action=AuditAction.ERASURE,
                verb="demo.replace",
                object_type="demo",
                object_id=seed,
                summary=f"Deleted the previous demo data ({replaced} people) before reloading",
            )
        if not Offence.objects.exists():
            offence_catalogue_import(actor=None, path=DEFAULT_CATALOGUE)
        # Fictional local services, so navigators can make referrals in the demo.
        directory_load_demo(actor=None)
        plan = plan_demo(
            people=people, seed=seed, as_of=as_of, offences=catalogue_offences(), progress=progress
        )
        # PDFs take a while: they are rendered while the rows are written.
        rendering = Rendering(plan.documents, force_name=plan.environment.force_name).start()
        counts = write_plan(plan, progress=progress, documents=rendering.finish)
        # Bulk generation bypasses the per-record services (person_create, case_refer,
        # case_transition), which would each write their own audit event and take minutes
        # for 10,000 people. The rows are synthetic, so one collection event records the
        # whole load instead; every timeline was still checked against the domain's
        # transition table as it was generated.
        audit_record(
            actor=None,
            action=AuditAction.COLLECTION,
            verb="demo.load",
            object_type="demo",
            object_id=seed,
            summary=(
                f"Loaded demo data: {counts.people} people, {counts.custody_events} "
                f"custody events, {counts.cases} cases with "
                f"{counts.casework.appointments} appointments, {counts.casework.contracts} "
                f"contracts and {counts.casework.referrals} referrals (seed {seed}, as of {as_of})"
            ),
            after={"people": people, "seed": seed, "as_of": as_of.isoformat()},
        )
        # The daily check as it runs at 06:00 on the as-of day, so the alerts stored agree
        # with the worklists (which are computed live). The timelines already hold every
        # follow-up it would start or close, so it only raises alerts.
        tick = tick_run(now=plan.cutoff, progress=progress)
    states = Counter(c.state for c in plan.cases)
    return DemoResult(
        plan=plan,
        people=counts.people,
        custody_events=counts.custody_events,
        cases_by_state={s: states.get(s, 0) for s in CaseState},
        replaced_people=replaced,
        seconds=time.perf_counter() - started,
        casework=counts.casework,
        tick=tick,
    )

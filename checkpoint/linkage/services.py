"""Linkage writes: train and activate models, link feed records, decide review items."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from checkpoint.accounts.models import User
from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.domain.errors import DomainError
from checkpoint.domain.monitoring import LinkMethod
from checkpoint.domain.roles import Capability, role_can
from checkpoint.linkage import engine
from checkpoint.linkage.decide import Pair, best_per_person, route
from checkpoint.linkage.models import LinkageModel, ReviewItem
from checkpoint.linkage.selectors import (
    ModelInUse,
    decided_pairs,
    feed_rows,
    model_in_use,
    name_rows,
    record_row,
    training_rows,
)
from checkpoint.monitoring.models import FeedRecord
from checkpoint.monitoring.selectors import unlinked_records
from checkpoint.monitoring.services import feed_record_link
from checkpoint.people.models import Person, PersonName

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def _may_govern(actor: User | None) -> None:
    if actor is not None and not role_can(actor.role_enum, Capability.VIEW_AGGREGATES):
        raise DomainError("Your role cannot train or change linkage models.")


def linkage_model_train(
    *,
    actor: User | None,
    sample: int | None = None,
    records_sample: int = 50_000,
    auto_link_threshold: float = 0.95,
    review_threshold: float = 0.6,
    activate: bool = True,
    em: bool = True,
    max_pairs: float = 1e6,
    progress: Progress = _quiet,
) -> LinkageModel:
    """Train a linkage model on the force's own people and store it as a new version."""
    _may_govern(actor)
    if not 0 < review_threshold <= auto_link_threshold < 1:
        raise DomainError("Thresholds must satisfy 0 < review band start <= auto-link < 1.")
    progress("Reading person names")
    data = training_rows(sample)
    if len(data.rows) < 2:
        raise DomainError("There are too few people on the index to train a linkage model.")
    records = feed_rows(records_sample)
    progress(
        f"Training on {len(data.rows):,} name rows and {len(records):,} feed records "
        "(u by random sampling, m by EM)"
    )
    settings, metrics = engine.train(
        engine.frame(data.rows),
        engine.frame(records) if records else None,
        max_pairs=max_pairs,
        em=em,
    )
    metrics["thresholds"] = {"auto_link": auto_link_threshold, "review": review_threshold}
    metrics["review_agreement"] = review_agreement(
        settings, auto_link=auto_link_threshold, review=review_threshold
    )
    now = timezone.now()
    with transaction.atomic():
        model = LinkageModel.objects.create(
            version=f"{now:%Y%m%d%H%M%S}-{data.fingerprint[:8]}",
            settings=settings,
            auto_link_threshold=auto_link_threshold,
            review_threshold=review_threshold,
            training_fingerprint=data.fingerprint,
            training_rows=len(data.rows),
            metrics=metrics,
            trained_at=now,
            trained_by=actor,
        )
        # The stored model holds only m and u probabilities, no personal data; reading the
        # index to estimate them is logged as a consultation (DPA 2018 s62).
        audit_record(
            actor=actor,
            action=AuditAction.CONSULTATION,
            verb="linkage_model.train",
            target=model,
            summary=f"Trained linkage model {model.version} on {len(data.rows)} name rows",
            after={
                "version": model.version,
                "fingerprint": data.fingerprint,
                "rows": len(data.rows),
                "thresholds": [review_threshold, auto_link_threshold],
            },
        )
        if activate:
            linkage_model_activate(actor=actor, model=model)
    return model


AGREEMENT_SAMPLE = 500


def review_agreement(
    settings: dict[str, Any], *, auto_link: float, review: float
) -> dict[str, Any]:
    """Check a model against people's past decisions: would it have linked the rejected?"""
    decided = (
        ReviewItem.objects.exclude(status=ReviewItem.Status.PENDING)
        .select_related("record")
        .prefetch_related("person__names")
        .order_by("-decided_at")[:AGREEMENT_SAMPLE]
    )
    confirmed = rejected = confirmed_in_band = rejected_auto = 0
    for item in decided:
        names = name_rows(item.person.names.all())
        scored = engine.score_pairs([record_row(item.record)], names, settings)
        best = max((p.probability for p in scored), default=0.0)
        if item.status == ReviewItem.Status.CONFIRMED:
            confirmed += 1
            confirmed_in_band += best >= review
        else:
            rejected += 1
            rejected_auto += best >= auto_link
    return {
        "decisions": confirmed + rejected,
        "confirmed_scored_at_least_review": confirmed_in_band,
        "confirmed": confirmed,
        "rejected_scored_auto_link": rejected_auto,
        "rejected": rejected,
    }


@transaction.atomic
def linkage_model_activate(*, actor: User | None, model: LinkageModel) -> LinkageModel:
    """Make a model the one in use, retiring the one before it."""
    _may_govern(actor)
    previous = list(
        LinkageModel.objects.select_for_update()
        .filter(status=LinkageModel.Status.ACTIVE)
        .exclude(pk=model.pk)
    )
    for old in previous:
        old.status = LinkageModel.Status.RETIRED
        old.save(update_fields=["status"])
    model.status = LinkageModel.Status.ACTIVE
    model.activated_at = timezone.now()
    model.save(update_fields=["status", "activated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.ALTERATION,
        verb="linkage_model.activate",
        target=model,
        summary=f"Linkage model {model.version} is now in use",
        before={"active": [m.version for m in previous]},
        after={"active": model.version},
    )
    return model


@dataclass
class LinkReport:
    """What one linking run did."""

    considered: int = 0
    exact: int = 0
    auto: int = 0
    queued: int = 0
    unmatched: int = 0
    model_version: str = ""
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return the figures for printing."""
        return {
            "considered": self.considered,
            "exact": self.exact,
            "auto_linked": self.auto,
            "queued_for_review": self.queued,
            "left_unlinked": self.unmatched,
            "model_version": self.model_version,
            "errors": self.errors,
        }


def _link_exact(actor: User | None, records: list[FeedRecord], report: LinkReport) -> None:
    """Link records whose PNC ID or force person ID names someone: an identifier wins."""
    pncs = {r.pnc_id.strip().upper() for r in records if r.pnc_id.strip()}
    force_ids = {r.force_person_id.strip() for r in records if r.force_person_id.strip()}
    by_pnc = {p.pnc_id: p for p in Person.objects.filter(pnc_id__in=pncs)}
    by_force = {p.force_person_id: p for p in Person.objects.filter(force_person_id__in=force_ids)}
    for record in records:
        person, method = by_pnc.get(record.pnc_id.strip().upper()), LinkMethod.EXACT_PNC
        if person is None:
            person, method = by_force.get(record.force_person_id.strip()), LinkMethod.EXACT_FORCE_ID
        if person is None:
            continue
        try:
            feed_record_link(actor=actor, record=record, person=person, method=method)
        except DomainError as error:
            report.errors.append(f"{record}: {error}")
            continue
        record.person_id = person.pk
        report.exact += 1


def link_feed_records(
    *,
    actor: User | None,
    records: Iterable[FeedRecord] | None = None,
    progress: Progress = _quiet,
) -> LinkReport:
    """Link unlinked feed records: identifiers first, then the model's auto-link and review band."""
    in_use = model_in_use()
    report = LinkReport(model_version=in_use.version)
    # Re-read the records: another run (or the import's exact linker) may have linked them.
    if records is None:
        chosen = unlinked_records()
    elif isinstance(records, QuerySet):
        chosen = records.filter(person__isnull=True)
    else:
        chosen = FeedRecord.objects.filter(pk__in=[r.pk for r in records], person__isnull=True)
    pending = list(chosen)
    report.considered = len(pending)
    if not pending:
        return report
    progress(f"Linking {len(pending):,} records by PNC ID and force person ID")
    _link_exact(actor, pending, report)
    rest = [r for r in pending if r.person_id is None]
    if not rest:
        return report
    progress(f"Scoring {len(rest):,} records against the index ({in_use.version})")
    pairs = score_records(rest, in_use)
    routing = route(
        pairs,
        auto_link=in_use.auto_link_threshold,
        review=in_use.review_threshold,
        decided=decided_pairs([r.pk for r in rest]),
        records=[r.pk for r in rest],
    )
    by_pk = {r.pk: r for r in rest}
    people = Person.objects.in_bulk({p.person for p in routing.auto + routing.review})
    progress(f"Linking {len(routing.auto):,}; queueing {len(routing.review):,} for review")
    for pair in routing.auto:
        try:
            feed_record_link(
                actor=actor,
                record=by_pk[pair.record],
                person=people[pair.person],
                method=LinkMethod.PROBABILISTIC,
                score=pair.probability,
                reason=f"linkage model {in_use.version}",
            )
        except DomainError as error:
            report.errors.append(f"{by_pk[pair.record]}: {error}")
        else:
            report.auto += 1
    report.queued = _queue(routing.review, in_use, by_pk, people)
    report.unmatched = routing.unmatched
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.COMBINATION,
            verb="linkage.run",
            object_type="linkage.run",
            object_id=in_use.version,
            summary=(
                f"Linked feed records: {report.exact} exact, {report.auto} by the model, "
                f"{report.queued} for review, {report.unmatched} unmatched"
            ),
            after=report.as_dict(),
        )
    return report


def score_records(records: list[FeedRecord], in_use: ModelInUse) -> list[Pair]:
    """Score feed records against every person name with splink (DuckDB), at the review band."""
    record_rows = [record_row(r) for r in records]
    names = list(PersonName.objects.select_related("person"))
    person_of = {f"n{n.pk}": n.person_id for n in names}
    predictions = engine.link(
        engine.frame(record_rows),
        engine.frame(name_rows(names)),
        in_use.settings,
        threshold=in_use.review_threshold,
    )
    scored = []
    for left, right, probability in predictions.itertuples(index=False):
        record_id, name_id = (left, right) if str(left).startswith("r") else (right, left)
        scored.append((int(str(record_id)[1:]), person_of[str(name_id)], float(probability)))
    return best_per_person(scored)


def _queue(
    pairs: list[Pair],
    in_use: ModelInUse,
    records: dict[int, FeedRecord],
    people: dict[int, Person],
) -> int:
    """Put pairs in the review queue; a pair already there (decided or not) is left alone."""
    if not pairs:
        return 0
    rows = [(records[p.record], people[p.person], p.probability) for p in pairs]
    reasons = {
        (record.pk, person.pk): _reasons(record, person, in_use) for record, person, _ in rows
    }
    now = timezone.now()
    made = ReviewItem.objects.bulk_create(
        [
            ReviewItem(
                record=record,
                person=person,
                score=score,
                reasons=list(reasons[(record.pk, person.pk)]),
                model_version=in_use.version,
                queued_at=now,
            )
            for record, person, score in rows
        ],
        ignore_conflicts=True,
    )
    return len(made)


def _reasons(record: FeedRecord, person: Person, in_use: ModelInUse) -> tuple[str, ...]:
    """Return the plain-words reasons for the person's best-matching name."""
    scored = engine.score_pairs(
        [record_row(record)], name_rows(person.names.all()), in_use.settings
    )
    best = max(scored, key=lambda p: p.probability, default=None)
    return best.reasons if best else ()


@transaction.atomic
def review_decide(*, actor: User, item: ReviewItem, same_person: bool, note: str) -> ReviewItem:
    """Record an analyst's decision on a queued pair; confirming links the record."""
    if not role_can(actor.role_enum, Capability.VIEW_AGGREGATES):
        raise DomainError("Your role cannot decide linkage reviews.")
    item = ReviewItem.objects.select_for_update().select_related("record", "person").get(pk=item.pk)
    if item.status_enum is not ReviewItem.Status.PENDING:
        raise DomainError("This pair has already been decided.")
    if not note.strip():
        raise DomainError("Explain your decision in a note.")
    item.status = (ReviewItem.Status.CONFIRMED if same_person else ReviewItem.Status.REJECTED).value
    item.decided_at = timezone.now()
    item.decided_by = actor
    item.note = note.strip()
    item.save(update_fields=["status", "decided_at", "decided_by", "note"])
    audit_record(
        actor=actor,
        action=AuditAction.COMBINATION,
        verb="linkage_review.decide",
        target=item,
        person_id=item.person_id,
        summary=(
            f"Decided feed record {item.record} is "
            f"{'' if same_person else 'not '}{item.person.force_person_id}"
        ),
        before={"status": ReviewItem.Status.PENDING.value},
        after={"status": item.status, "note": item.note, "score": item.score},
    )
    if same_person:
        feed_record_link(
            actor=actor,
            record=item.record,
            person=item.person,
            method=LinkMethod.REVIEWED,
            score=item.score,
            reason=item.note,
        )
        # The record now belongs to someone: its other open questions are settled too.
        ReviewItem.objects.filter(record=item.record, status=ReviewItem.Status.PENDING).exclude(
            pk=item.pk
        ).update(
            status=ReviewItem.Status.REJECTED.value,
            decided_at=item.decided_at,
            decided_by=actor,
            note=f"Linked to {item.person.force_person_id} on review.",
        )
    return item

"""Reads for linkage: the model in use, person rows for the model, and probable matches."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from checkpoint.accounts.access import user_can
from checkpoint.accounts.models import User
from checkpoint.domain.roles import Capability
from checkpoint.linkage import engine
from checkpoint.linkage.features import normalise, record_features
from checkpoint.linkage.models import LinkageModel, ReviewItem
from checkpoint.monitoring.models import FeedRecord
from checkpoint.people.models import Person, PersonName

DEFAULT_VERSION = "default"
DEFAULT_AUTO_LINK = 0.95
DEFAULT_REVIEW = 0.6


@dataclass(frozen=True)
class ModelInUse:
    """The settings and thresholds that score pairs now, and where they came from."""

    version: str
    settings: dict[str, Any]
    auto_link_threshold: float
    review_threshold: float
    model: LinkageModel | None = None


@dataclass(frozen=True)
class Candidate:
    """A person who is probably the one described, with why."""

    person: Person
    probability: float
    reasons: tuple[str, ...]
    matched_name: PersonName | None = None
    model_version: str = DEFAULT_VERSION

    @property
    def percent(self) -> int:
        """Return the probability as a whole percentage for display."""
        return round(self.probability * 100)

    @property
    def via_alias(self) -> bool:
        """Return whether the match came through an alias rather than the primary name."""
        return self.matched_name is not None and self.matched_name.kind == PersonName.Kind.ALIAS


def model_active() -> LinkageModel | None:
    """Return the active linkage model, if one has been trained and activated."""
    return LinkageModel.objects.filter(status=LinkageModel.Status.ACTIVE).first()


def model_in_use() -> ModelInUse:
    """Return the active model, or the shipped defaults until the force trains its own."""
    model = model_active()
    if model is None:
        return ModelInUse(
            version=DEFAULT_VERSION,
            settings=engine.settings_dict(),
            auto_link_threshold=DEFAULT_AUTO_LINK,
            review_threshold=DEFAULT_REVIEW,
        )
    return ModelInUse(
        version=model.version,
        settings=model.settings,
        auto_link_threshold=model.auto_link_threshold,
        review_threshold=model.review_threshold,
        model=model,
    )


def name_rows(names: Iterable[PersonName]) -> list[dict[str, Any]]:
    """Return one model row per name (primary and aliases) with the person's other details."""
    return [
        record_features(
            unique_id=f"n{name.pk}",
            given_names=name.given_names,
            family_name=name.family_name,
            date_of_birth=name.person.date_of_birth,
            sex=name.person.sex,
            area=name.person.address_area,
        )
        for name in names
    ]


def _swapped(day: date) -> date | None:
    try:
        return day.replace(month=day.day, day=day.month)
    except ValueError:
        return None


def candidate_people(
    people: QuerySet[Person],
    *,
    given_names: str,
    family_name: str,
    date_of_birth: date | None,
) -> QuerySet[Person]:
    """Return people worth scoring: the blocking rules as one indexed query."""
    given, family = normalise(given_names), normalise(family_name)
    initials = {x[:1] for x in (given, family) if x}
    by_name = Q()
    for initial in initials:
        # Either name may have been recorded in either field (swapped names).
        by_name |= Q(names__family_name__istartswith=initial)
    if date_of_birth is None:
        return people.filter(by_name).distinct() if initials else people.none()
    days = {date_of_birth, *(d for d in [_swapped(date_of_birth)] if d)}
    years = [date_of_birth.year - 1, date_of_birth.year, date_of_birth.year + 1]
    same_day_month = Q(
        date_of_birth__month=date_of_birth.month, date_of_birth__day=date_of_birth.day
    )
    block = Q(date_of_birth__in=days) | (
        (Q(date_of_birth__year__in=years) | same_day_month) & by_name
    )
    return people.filter(block).distinct()


def probable_matches(
    *,
    given_names: str,
    family_name: str,
    date_of_birth: date | None,
    sex: str | None = None,
    area: str | None = None,
    limit: int = 5,
    people: QuerySet[Person] | None = None,
    minimum: float | None = None,
) -> list[Candidate]:
    """Return the people most probably the one described, best first, with reasons."""
    in_use = model_in_use()
    pool = people if people is not None else Person.objects.all()
    candidates = candidate_people(
        pool, given_names=given_names, family_name=family_name, date_of_birth=date_of_birth
    )
    names = list(
        PersonName.objects.filter(person__in=candidates.values("pk")).select_related("person")
    )
    if not names:
        return []
    query = record_features(
        unique_id="query",
        given_names=given_names,
        family_name=family_name,
        date_of_birth=date_of_birth,
        sex=sex,
        area=area,
    )
    by_id = {f"n{n.pk}": n for n in names}
    best: dict[int, Candidate] = {}
    for pair in engine.score_pairs([query], name_rows(names), in_use.settings):
        name = by_id[pair.right_id]
        held = best.get(name.person_id)
        if held is None or pair.probability > held.probability:
            best[name.person_id] = Candidate(
                person=name.person,
                probability=pair.probability,
                reasons=pair.reasons,
                matched_name=name,
                model_version=in_use.version,
            )
    floor = in_use.review_threshold if minimum is None else minimum
    found = [c for c in best.values() if c.probability >= floor]
    found.sort(key=lambda c: (-c.probability, c.person.force_person_id))
    return found[:limit]


@dataclass
class TrainingData:
    """Person name rows for training, with a fingerprint of exactly what was read."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    fingerprint: str = ""


def training_rows(sample: int | None = None) -> TrainingData:
    """Return the force's person name rows (every name, aliases too), optionally a sample."""
    names = PersonName.objects.select_related("person").order_by("pk")
    if sample:
        # A seeded sample, so the same index and sample size give the same fingerprint.
        pks = list(PersonName.objects.order_by("pk").values_list("pk", flat=True))
        if sample < len(pks):
            names = names.filter(pk__in=random.Random(1).sample(pks, sample))
    rows = name_rows(names)
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(sorted(row.items())).encode())
    return TrainingData(rows=rows, fingerprint=digest.hexdigest())


def decided_pairs(record_ids: Iterable[int]) -> set[tuple[int, int]]:
    """Return the (record, person) pairs already in the review queue, decided or not."""
    return set(
        ReviewItem.objects.filter(record_id__in=list(record_ids)).values_list(
            "record_id", "person_id"
        )
    )


def review_queue(user: User, status: str = ReviewItem.Status.PENDING) -> QuerySet[ReviewItem]:
    """Return review items for analysts and supervisors, most probable first."""
    if not user_can(user, Capability.VIEW_AGGREGATES):
        return ReviewItem.objects.none()
    return (
        ReviewItem.objects.filter(status=status)
        .select_related("record", "record__offence", "person", "decided_by")
        .prefetch_related("person__names")
        .order_by("-score", "queued_at", "id")
    )


def review_get_for_user(user: User, pk: int) -> ReviewItem:
    """Return one review item, or raise 404 when the user may not see it."""
    try:
        return _review_scope(user).get(pk=pk)
    except ReviewItem.DoesNotExist:
        raise Http404("No such review item.") from None


def _review_scope(user: User) -> QuerySet[ReviewItem]:
    if not user_can(user, Capability.VIEW_AGGREGATES):
        return ReviewItem.objects.none()
    return ReviewItem.objects.select_related("record", "record__offence", "person")


def record_row(record: FeedRecord) -> dict[str, Any]:
    """Return a feed record as a model row."""
    return record_features(
        unique_id=f"r{record.pk}",
        given_names=record.given_names,
        family_name=record.family_name,
        date_of_birth=record.date_of_birth,
        sex=record.sex,
        area=record.address_area,
    )


def feed_rows(limit: int) -> list[dict[str, Any]]:
    """Return up to `limit` feed records (a seeded sample) as model rows, for training m."""
    pks = list(FeedRecord.objects.order_by("pk").values_list("pk", flat=True))
    if len(pks) > limit:
        pks = random.Random(1).sample(pks, limit)
    return [record_row(r) for r in FeedRecord.objects.filter(pk__in=pks).order_by("pk")]

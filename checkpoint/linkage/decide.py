"""Route scored record-person pairs: link automatically, ask a person, or leave (pure Python)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

# A second person this close to the best leaves the record ambiguous: a person decides.
AMBIGUITY_MARGIN = 0.1
MAX_REVIEWS_PER_RECORD = 3


@dataclass(frozen=True)
class Pair:
    """A feed record and a person, with the best probability over the person's names."""

    record: int
    person: int
    probability: float


@dataclass
class Routing:
    """What to do with each record's candidates."""

    auto: list[Pair] = field(default_factory=list)
    review: list[Pair] = field(default_factory=list)
    unmatched: int = 0


def best_per_person(scored: Iterable[tuple[int, int, float]]) -> list[Pair]:
    """Collapse name-level scores (one per alias) to one score per record and person."""
    best: dict[tuple[int, int], float] = {}
    for record, person, probability in scored:
        key = (record, person)
        if probability > best.get(key, -1.0):
            best[key] = probability
    return [Pair(r, p, s) for (r, p), s in best.items()]


def route(
    pairs: Iterable[Pair],
    *,
    auto_link: float,
    review: float,
    decided: Collection[tuple[int, int]] = (),
    records: Collection[int] = (),
) -> Routing:
    """Link the clear best above `auto_link`; queue the band; never re-ask a decided pair.

    `decided` holds (record, person) pairs a person has already ruled on; they are neither
    linked nor queued again. `records` lists every record considered, to count the unmatched.
    """
    by_record: dict[int, list[Pair]] = defaultdict(list)
    for pair in pairs:
        if pair.probability >= review and (pair.record, pair.person) not in decided:
            by_record[pair.record].append(pair)
    routing = Routing()
    for found in by_record.values():
        found.sort(key=lambda p: (-p.probability, p.person))
        best = found[0]
        runner_up = found[1].probability if len(found) > 1 else 0.0
        if best.probability >= auto_link and best.probability - runner_up >= AMBIGUITY_MARGIN:
            routing.auto.append(best)
        else:
            routing.review.extend(found[:MAX_REVIEWS_PER_RECORD])
    routing.unmatched = len(set(records) - set(by_record)) if records else 0
    return routing

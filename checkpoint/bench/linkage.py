"""Benchmark: link generated feed records to generated people with the real linkage path.

Ground truth is synthetic and deterministic (random.Random(seed)): `people` people (names
from a few hundred given names and a few thousand family names, some with an alias), and
`records` feed records derived from them with typos, nicknames, aliases, given/family swaps,
date-of-birth day/month transpositions and one-part slips, missing fields, moves of area,
and a share of records for people who are not in the set at all. The timed part is what
`link_feed_records` does after reading the database: build model rows, splink predict
(DuckDB) between records and person names, collapse aliases, route by the thresholds. The
model is trained on the generated people first (u by sampling, m by EM), as a force would.
Figures: wall time, pairwise precision / recall / F1 of the automatic links, the review
band's size, and the same figures for an exact baseline (given + family name + date of birth).
"""

from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from checkpoint.bench.registry import Benchmark, Figures, register
from checkpoint.linkage import engine
from checkpoint.linkage.decide import best_per_person, route
from checkpoint.linkage.features import NICKNAMES, normalise

TARGET_SECONDS = 60  # features, training and linking together
TARGET_F1 = 0.97
AUTO_LINK, REVIEW = 0.95, 0.6

GIVEN_MALE = [
    "james",
    "john",
    "robert",
    "michael",
    "william",
    "david",
    "richard",
    "joseph",
    "thomas",
    "charles",
    "christopher",
    "daniel",
    "matthew",
    "anthony",
    "mark",
    "paul",
    "steven",
    "andrew",
    "kenneth",
    "joshua",
    "kevin",
    "brian",
    "george",
    "edward",
    "ronald",
    "timothy",
    "jason",
    "jeffrey",
    "ryan",
    "jacob",
    "gary",
    "nicholas",
    "eric",
    "jonathan",
    "stephen",
    "larry",
    "justin",
    "scott",
    "brandon",
    "benjamin",
    "samuel",
    "gregory",
    "alexander",
    "frank",
    "patrick",
    "raymond",
    "jack",
    "dennis",
    "jerry",
    "tyler",
    "aaron",
    "jose",
    "adam",
    "nathan",
    "henry",
    "douglas",
    "zachary",
    "peter",
    "kyle",
    "oliver",
    "harry",
    "noah",
    "leo",
    "oscar",
    "archie",
    "alfie",
    "charlie",
    "freddie",
    "theo",
    "arthur",
    "logan",
    "lewis",
    "connor",
    "liam",
    "callum",
    "kieran",
    "declan",
    "rhys",
    "owen",
    "dylan",
    "ethan",
    "jake",
    "luke",
    "liam",
    "sean",
    "shane",
]
GIVEN_FEMALE = [
    "mary",
    "patricia",
    "jennifer",
    "linda",
    "elizabeth",
    "barbara",
    "susan",
    "jessica",
    "sarah",
    "karen",
    "lisa",
    "nancy",
    "betty",
    "margaret",
    "sandra",
    "ashley",
    "kimberly",
    "emily",
    "donna",
    "michelle",
    "carol",
    "amanda",
    "dorothy",
    "melissa",
    "deborah",
    "stephanie",
    "rebecca",
    "sharon",
    "laura",
    "cynthia",
    "kathleen",
    "amy",
    "angela",
    "shirley",
    "anna",
    "brenda",
    "pamela",
    "emma",
    "nicola",
    "samantha",
    "katherine",
    "christine",
    "debra",
    "rachel",
    "carolyn",
    "janet",
    "catherine",
    "maria",
    "heather",
    "diane",
    "ruth",
    "julie",
    "olivia",
    "joyce",
    "virginia",
    "victoria",
    "kelly",
    "lauren",
    "christina",
    "joan",
    "evelyn",
    "judith",
    "megan",
    "andrea",
    "cheryl",
    "hannah",
    "jacqueline",
    "martha",
    "gloria",
    "teresa",
    "ann",
    "sara",
    "madison",
    "frances",
    "kathryn",
    "janice",
    "jean",
    "abigail",
    "alice",
    "judy",
    "sophia",
    "grace",
    "denise",
    "amber",
    "doris",
    "marilyn",
    "danielle",
    "beverly",
    "isabella",
    "theresa",
    "diana",
    "natalie",
    "brittany",
    "charlotte",
    "marie",
    "kayla",
    "alexis",
    "lori",
    "chloe",
    "megan",
    "leah",
    "jade",
    "gemma",
]
FAMILY_REAL = [
    "smith",
    "jones",
    "taylor",
    "brown",
    "williams",
    "wilson",
    "johnson",
    "davies",
    "robinson",
    "wright",
    "thompson",
    "evans",
    "walker",
    "white",
    "roberts",
    "green",
    "hall",
    "wood",
    "jackson",
    "clarke",
    "patel",
    "khan",
    "lewis",
    "james",
    "phillips",
    "mason",
    "mitchell",
    "rose",
    "davis",
    "rodriguez",
    "cox",
    "alexander",
    "morgan",
    "moore",
    "martin",
    "harris",
    "king",
    "lee",
    "turner",
    "hill",
    "cooper",
    "ward",
    "morris",
    "baker",
    "harrison",
    "watson",
    "young",
    "allen",
    "price",
    "bennett",
    "griffiths",
    "kelly",
    "hughes",
    "edwards",
    "collins",
    "stewart",
    "scott",
    "murphy",
    "campbell",
    "anderson",
    "reid",
    "macdonald",
    "ali",
    "hussain",
    "begum",
    "ahmed",
    "shah",
    "singh",
    "kaur",
    "o'brien",
    "o'neill",
    "smith-jones",
    "fitzgerald",
    "mcdonald",
    "mccarthy",
    "doyle",
    "byrne",
    "ryan",
    "walsh",
]
STEMS = [
    "ash",
    "barn",
    "black",
    "brad",
    "brook",
    "bur",
    "cal",
    "chad",
    "cliff",
    "craw",
    "dal",
    "den",
    "dun",
    "el",
    "fair",
    "fen",
    "ford",
    "gar",
    "glad",
    "gold",
    "green",
    "ham",
    "har",
    "hart",
    "hay",
    "hol",
    "kent",
    "kirk",
    "lang",
    "lin",
    "mar",
    "mel",
    "mill",
    "mor",
    "new",
    "nor",
    "oak",
    "pen",
    "ram",
    "red",
    "ros",
    "rud",
    "sand",
    "shel",
    "stan",
    "stock",
    "sum",
    "thorn",
    "tre",
    "wal",
    "wat",
    "west",
    "whit",
    "wind",
]
ENDS = [
    "ley",
    "ton",
    "field",
    "wood",
    "well",
    "by",
    "more",
    "ham",
    "worth",
    "ford",
    "dale",
    "bridge",
    "croft",
    "hurst",
    "stone",
    "ridge",
    "shaw",
    "wick",
    "man",
    "son",
    "er",
    "ington",
    "cott",
    "land",
    "brook",
    "ey",
]
AREAS = ("North", "South", "East", "West", "Central", "Coast", "Valley", "City")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
SHORT_FORMS: dict[str, list[str]] = {}
for _short, _full in NICKNAMES.items():
    SHORT_FORMS.setdefault(_full, []).append(_short)


@dataclass
class Population:
    """Generated people (with alias names) and feed records with their true person."""

    people: list[dict[str, Any]]
    names: list[tuple[str, int, str, str]]  # (name id, person index, given, family)
    records: list[dict[str, Any]]
    truth: list[int | None]


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    kind = rng.random()
    if kind < 0.3:
        return word[:i] + rng.choice(LETTERS) + word[i + 1 :]
    if kind < 0.55:
        return word[:i] + word[i + 1 :]
    if kind < 0.8:
        return word[:i] + rng.choice(LETTERS) + word[i:]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _person(rng: random.Random, families: list[str]) -> dict[str, Any]:
    sex = rng.choice(("male", "female"))
    pool = GIVEN_MALE if sex == "male" else GIVEN_FEMALE
    given = rng.choice(pool)
    if rng.random() < 0.3:
        given = f"{given} {rng.choice(pool)}"
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(58 * 365))
    return {
        "given": given.title(),
        "family": rng.choice(families).title(),
        "dob": born,
        "sex": sex,
        "area": rng.choice(AREAS),
    }


def _record(
    rng: random.Random, person: dict[str, Any], names: list[tuple[str, str]]
) -> dict[str, Any]:
    given, family = rng.choice(names) if len(names) > 1 and rng.random() < 0.3 else names[0]
    given, family = given.lower(), family.lower()
    dob: date | None = person["dob"]
    if rng.random() < 0.08:
        first = given.split(" ")[0]
        if SHORT_FORMS.get(first):
            given = rng.choice(SHORT_FORMS[first])
    if rng.random() < 0.25 and " " in given:
        given = given.split(" ")[0]
    if rng.random() < 0.12:
        family = _typo(rng, family)
    if rng.random() < 0.08:
        given = _typo(rng, given)
    if rng.random() < 0.03:
        given, family = family, given
    assert dob is not None
    roll = rng.random()
    if roll < 0.03 and dob.day <= 12 and dob.day != dob.month:
        dob = dob.replace(month=dob.day, day=dob.month)
    elif roll < 0.05:
        # Days 1-28 exist in every month, so this never makes an impossible date.
        dob = dob.replace(day=rng.choice([d for d in range(1, 29) if d != dob.day]))
    elif roll < 0.065 and dob.day <= 28:
        dob = dob.replace(year=dob.year + rng.choice((-1, 1)))
    elif roll < 0.08:
        dob = None
    sex = person["sex"] if rng.random() > 0.05 else ""
    area = person["area"] if rng.random() > 0.15 else rng.choice(AREAS)
    return {
        "given": given.title(),
        "family": "" if rng.random() < 0.005 else family.title(),
        "dob": dob.isoformat() if dob else None,
        "sex": sex,
        "area": area,
    }


def generate(people: int, records: int, seed: int, outsiders: float = 0.08) -> Population:
    """Return the same population and records for the same arguments."""
    rng = random.Random(seed)
    families = sorted({*FAMILY_REAL, *(s + e for s in STEMS for e in ENDS)})
    persons = [_person(rng, families) for _ in range(people)]
    names: list[tuple[str, int, str, str]] = []
    person_names: list[list[tuple[str, str]]] = []
    for index, p in enumerate(persons):
        mine = [(p["given"], p["family"])]
        if rng.random() < 0.1:
            # An alias: another family name (marriage, a parent's), or another given name.
            if rng.random() < 0.6:
                mine.append((p["given"], rng.choice(families).title()))
            else:
                pool = GIVEN_MALE if p["sex"] == "male" else GIVEN_FEMALE
                mine.append((rng.choice(pool).title(), p["family"]))
        person_names.append(mine)
        names += [(f"n{len(names) + k}", index, g, f) for k, (g, f) in enumerate(mine)]
    out: list[dict[str, Any]] = []
    truth: list[int | None] = []
    for _ in range(records):
        if rng.random() < outsiders:
            stranger = _person(rng, families)
            out.append(_record(rng, stranger, [(stranger["given"], stranger["family"])]))
            truth.append(None)
            continue
        # Some people appear far more often than others, as in real arrest data.
        if rng.random() < 0.3:
            index = min(int(rng.paretovariate(1.2)) - 1, people - 1)
        else:
            index = rng.randrange(people)
        out.append(_record(rng, persons[index], person_names[index]))
        truth.append(index)
    return Population(people=persons, names=names, records=out, truth=truth)


def person_frame(pop: Population) -> Any:
    """Return the person-name rows the model scores against."""
    return engine.features_frame(
        ids=[n[0] for n in pop.names],
        given_names=[n[2] for n in pop.names],
        family_names=[n[3] for n in pop.names],
        dates_of_birth=[pop.people[n[1]]["dob"].isoformat() for n in pop.names],
        sexes=[pop.people[n[1]]["sex"] for n in pop.names],
        areas=[pop.people[n[1]]["area"] for n in pop.names],
    )


def record_frame(pop: Population) -> Any:
    """Return the feed-record rows."""
    return engine.features_frame(
        ids=[f"r{i}" for i in range(len(pop.records))],
        given_names=[r["given"] for r in pop.records],
        family_names=[r["family"] for r in pop.records],
        dates_of_birth=[r["dob"] for r in pop.records],
        sexes=[r["sex"] for r in pop.records],
        areas=[r["area"] for r in pop.records],
    )


def _scores(predicted: set[tuple[int, int]], truth: set[tuple[int, int]]) -> dict[str, float]:
    true_positive = len(predicted & truth)
    precision = true_positive / len(predicted) if predicted else 1.0
    recall = true_positive / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def exact_baseline(pop: Population) -> set[tuple[int, int]]:
    """Link a record to every person with the same normalised primary name and birth date."""
    index: dict[tuple[str, str, str], list[int]] = {}
    for i, p in enumerate(pop.people):
        key = (normalise(p["given"]), normalise(p["family"]), p["dob"].isoformat())
        index.setdefault(key, []).append(i)
    links = set()
    for r_index, r in enumerate(pop.records):
        if r["dob"] is None:
            continue
        for person in index.get((normalise(r["given"]), normalise(r["family"]), r["dob"]), []):
            links.add((r_index, person))
    return links


def run(options: dict[str, Any]) -> Figures:
    """Train on the generated people, link the generated records, and score both methods."""
    people, records = int(options.get("people", 200_000)), int(options.get("records", 1_000_000))
    seed = int(options.get("seed", 1))
    started = time.perf_counter()
    pop = generate(people, records, seed)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    persons = person_frame(pop)
    record_rows = record_frame(pop)
    featured = time.perf_counter() - started
    started = time.perf_counter()
    sample = min(int(options.get("train_records", 50_000)), len(record_rows))
    settings, metrics = engine.train(
        persons,
        record_rows.sample(n=sample, random_state=seed),
        max_pairs=float(options.get("u_pairs", 2e6)),
    )
    trained = time.perf_counter() - started
    started = time.perf_counter()
    pairs = engine.link(record_rows, persons, settings, threshold=REVIEW)
    person_of = {n[0]: n[1] for n in pop.names}
    scored = []
    for left, right, probability in pairs.itertuples(index=False):
        record_id, name_id = (left, right) if str(left).startswith("r") else (right, left)
        scored.append((int(str(record_id)[1:]), person_of[str(name_id)], float(probability)))
    routing = route(
        best_per_person(scored), auto_link=AUTO_LINK, review=REVIEW, records=range(records)
    )
    linked = time.perf_counter() - started
    truth = {(i, p) for i, p in enumerate(pop.truth) if p is not None}
    auto = {(p.record, p.person) for p in routing.auto}
    with_review = auto | {(p.record, p.person) for p in routing.review}
    model = _scores(auto, truth)
    baseline_started = time.perf_counter()
    baseline = _scores(exact_baseline(pop), truth)
    baseline_seconds = time.perf_counter() - baseline_started
    return {
        "people": people,
        "person_name_rows": len(pop.names),
        "records": records,
        "seed": seed,
        "records_of_people_not_in_set": sum(t is None for t in pop.truth),
        "generate_seconds": round(generated, 1),
        "train_seconds": round(trained, 1),
        "features_seconds": round(featured, 1),
        "link_seconds": round(linked, 1),
        "total_seconds": round(featured + trained + linked, 1),
        "candidate_pairs_at_review_band": len(pairs),
        "auto_linked": len(routing.auto),
        "review_queue": len(routing.review),
        "precision": model["precision"],
        "recall": model["recall"],
        "f1": model["f1"],
        "recall_if_review_confirmed": _scores(with_review, truth)["recall"],
        "baseline_precision": baseline["precision"],
        "baseline_recall": baseline["recall"],
        "baseline_f1": baseline["f1"],
        "baseline_seconds": round(baseline_seconds, 1),
        "prior": settings["probability_two_random_records_match"],
        "em_blocking_rules": len(metrics.get("em_blocking_rules", [])),
        "target_total_seconds": TARGET_SECONDS,
        "target_f1": TARGET_F1,
        "meets_targets": featured + trained + linked <= TARGET_SECONDS and model["f1"] >= TARGET_F1,
        "python": sys.version.split()[0],
    }


register(
    Benchmark(
        name="linkage",
        description="Link generated feed records to people with splink (DuckDB); P/R/F1.",
        run=run,
        options={"people": 200_000, "records": 1_000_000, "seed": 1},
    )
)

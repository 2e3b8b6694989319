"""Demo people and their offending histories, calibrated to domain.md section 8.

- Previous positive disposals before the index event follow adults cautioned in 2010:
  48% none, 27% one or two, 14% three to six, 11% seven or more.
- One-year proven reoffending after the index event is logistic in log(1 + previous),
  from about 11% with none to about 47% with eleven or more (MoJ proven reoffending).
- Time to the first reoffence is Weibull with a falling hazard, so the two-year rate for a
  moderate-risk person is about 48%; a signed Checkpoint contract scales the hazard by
  0.66 from signing, which gives about 35% (the trial's figures) and roughly 5% reoffending
  during a four-month contract for the low-history people the scheme takes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from random import Random

from checkpoint.domain.clocks import uk_date
from checkpoint.domain.disposals import Disposal
from checkpoint.domain.people import Ethnicity, Sex
from checkpoint.web.demo import names
from checkpoint.web.demo.offences import OffenceInfo, OffencePicker
from checkpoint.web.demo.staff import AREAS, OUT_OF_AREA
from checkpoint.web.demo.timing import add_years, arrest_time, at_uk, years_between

DEMO_SOURCE = "demo-data"
"""CustodyEvent.source of every generated custody event: how --replace knows demo rows."""

PRIOR_BANDS: tuple[tuple[str, int, int | None, float], ...] = (
    ("none", 0, 0, 0.48),
    ("1-2", 1, 2, 0.27),
    ("3-6", 3, 6, 0.14),
    ("7+", 7, None, 0.11),
)
"""(label, lowest, highest, share) of previous positive disposals (domain.md section 8)."""

ONE_YEAR_NONE = 0.11
ONE_YEAR_ELEVEN_PLUS = 0.47
WEIBULL_SHAPE = 0.75
CHECKPOINT_HAZARD_RATIO = 0.66
MAX_REOFFENCES = 12
INDEX_WINDOW_YEARS = 6.5
MALE_SHARE = 0.85
NOT_KNOWN_SEX_SHARE = 0.002
OUT_OF_AREA_SHARE = 0.05


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


_INTERCEPT = _logit(ONE_YEAR_NONE)
_SLOPE = (_logit(ONE_YEAR_ELEVEN_PLUS) - _INTERCEPT) / math.log(12)


def one_year_reoffending(priors: int) -> float:
    """Return the chance of a proven reoffence within a year, given previous disposals."""
    x = _INTERCEPT + _SLOPE * math.log1p(min(priors, 11))
    return 1 / (1 + math.exp(-x))


def prior_band(priors: int) -> str:
    """Return the calibration band a count of previous disposals falls in."""
    for label, low, high, _ in PRIOR_BANDS:
        if priors >= low and (high is None or priors <= high):
            return label
    raise ValueError(priors)


def draw_priors(rng: Random) -> int:
    """Draw a count of previous positive disposals from the 2010 caution cohort."""
    u = rng.random()
    if u < 0.48:
        return 0
    if u < 0.75:
        return 1 if rng.random() < 0.6 else 2
    if u < 0.89:
        return rng.choices((3, 4, 5, 6), weights=(4, 3, 2, 1.5))[0]
    # A long tail: most prolific offenders have 7-20, a few have dozens.
    return min(7 + int(rng.expovariate(1 / 6)), 60)


class HistoryKind(StrEnum):
    """Why a custody event is in a person's history (kept in the plan, not in the database)."""

    PRIOR = "prior"
    INDEX = "index"
    REOFFENCE = "reoffence"
    OTHER = "other"


@dataclass
class CustodyPlan:
    """One custody event to write."""

    occurred_at: datetime
    offence: OffenceInfo
    offence_date: date
    disposal: Disposal
    disposal_date: date | None
    kind: HistoryKind


@dataclass
class PersonPlan:
    """One person to write, with what the generator decided about them."""

    number: int
    date_of_birth: date
    sex: Sex
    ethnicity_self_defined: Ethnicity
    ethnicity_officer_observed: Ethnicity
    area: str
    given_names: str
    family_name: str
    alias: tuple[str, str] | None
    priors: int
    seed: int
    index_at: datetime | None = None
    has_case: bool = False
    reoffending_suppressed: bool = False
    custody: list[CustodyPlan] = field(default_factory=list)
    force_person_id: str = ""
    pnc_id: str | None = None
    created_at: datetime | None = None

    @property
    def hazard(self) -> float:
        """Return the Weibull scale that gives this person's one-year reoffending chance."""
        return -math.log(1 - one_year_reoffending(self.priors))

    def adult_from(self) -> date:
        """Return the 18th birthday (29 February birthdays move to 1 March)."""
        born = self.date_of_birth
        try:
            return born.replace(year=born.year + 18)
        except ValueError:
            return date(born.year + 18, 3, 1)


@dataclass(frozen=True)
class Reoffence:
    """A further offence after the index event."""

    at: datetime
    offence: OffenceInfo


def make_people(rng: Random, count: int, as_of: date) -> list[PersonPlan]:
    """Draw the demographics and offending history size of `count` adults."""
    people = []
    for number in range(1, count + 1):
        # Adults in custody skew young: 18 + gamma gives a median near 30.
        age = 18 + rng.gammavariate(1.6, 9.5)
        while age >= 75.5:
            age = 18 + rng.gammavariate(1.6, 9.5)
        born = as_of - timedelta(days=int(age * 365.25))
        u = rng.random()
        sex = (
            Sex.NOT_KNOWN
            if u < NOT_KNOWN_SEX_SHARE
            else Sex.MALE
            if u < NOT_KNOWN_SEX_SHARE + MALE_SHARE
            else Sex.FEMALE
        )
        self_defined, observed = names.ethnicities(rng)
        name_sex = sex if sex is not Sex.NOT_KNOWN else rng.choice((Sex.MALE, Sex.FEMALE))
        given, family = names.person_name(rng, sex=name_sex, born=born, ethnicity=self_defined)
        alias = (
            names.alias_for(rng, sex=name_sex, given=given, family=family)
            if rng.random() < 0.10
            else None
        )
        area = OUT_OF_AREA if rng.random() < OUT_OF_AREA_SHARE else rng.choice(AREAS)
        people.append(
            PersonPlan(
                number=number,
                date_of_birth=born,
                sex=sex,
                ethnicity_self_defined=self_defined,
                ethnicity_officer_observed=observed,
                area=area,
                given_names=given,
                family_name=family,
                alias=alias,
                priors=draw_priors(rng),
                seed=rng.getrandbits(63),
            )
        )
    return people


def place_index(rng: Random, person: PersonPlan, cutoff: datetime) -> None:
    """Give a person without a case an index arrest in the last few years (as an adult)."""
    earliest = max(add_years(cutoff, -INDEX_WINDOW_YEARS), at_uk(person.adult_from(), 12))
    latest = cutoff - timedelta(hours=2)
    span = max((latest - earliest).total_seconds(), 0)
    day = uk_date(earliest + timedelta(seconds=rng.random() * span))
    when = arrest_time(rng, day)
    person.index_at = min(max(when, earliest), latest)


def _first_reoffence_years(draw: float, hazard: float, signed_years: float | None) -> float:
    """Invert the cumulative hazard at an exponential draw, scaling it after signing."""
    k = WEIBULL_SHAPE
    if signed_years is None or draw <= hazard * signed_years**k:
        return float((draw / hazard) ** (1 / k))
    rest = (draw - hazard * signed_years**k) / (hazard * CHECKPOINT_HAZARD_RATIO)
    return float((signed_years**k + rest) ** (1 / k))


def reoffences(
    person: PersonPlan,
    picker: OffencePicker,
    *,
    cutoff: datetime,
    signed_at: datetime | None = None,
) -> list[Reoffence]:
    """Return the person's further offences up to the cutoff (the same on every call)."""
    if person.index_at is None or person.reoffending_suppressed:
        return []
    # A private stream per person, so the case walker and the history builder agree.
    rng = Random(person.seed)
    index = person.index_at
    signed_years = years_between(index, signed_at) if signed_at is not None else None
    years = _first_reoffence_years(rng.expovariate(1.0), person.hazard, signed_years)
    found: list[Reoffence] = []
    previous = index
    later_hazard = max(person.hazard, 0.45) * (CHECKPOINT_HAZARD_RATIO if signed_at else 1)
    for _ in range(MAX_REOFFENCES):
        moment = add_years(index, years)
        if moment > cutoff:
            break
        when = arrest_time(rng, uk_date(moment))
        if when <= previous:
            when = previous + timedelta(hours=rng.randint(20, 72))
        if when > cutoff:
            break
        found.append(Reoffence(at=when, offence=picker.any_offence(rng)))
        previous = when
        # After each further offence some people stop; the rest go on at a higher rate.
        if rng.random() < 0.2:
            break
        years = years_between(index, when) + (rng.expovariate(1.0) / later_hazard) ** (
            1 / WEIBULL_SHAPE
        )
    return found


def positive_outcome(
    rng: Random, arrested: datetime, cutoff: datetime
) -> tuple[Disposal, date | None]:
    """Return a sanction for a proven offence: out-of-court, or charge and later conviction."""
    day = uk_date(arrested)
    u = rng.random()
    if u < 0.22:
        return Disposal.COMMUNITY_RESOLUTION, day
    if u < 0.42:
        return Disposal.CAUTION, day
    last = uk_date(cutoff)
    if u < 0.48:
        return Disposal.CONDITIONAL_CAUTION, min(day + timedelta(days=rng.randint(0, 2)), last)
    court = day + timedelta(days=rng.randint(28, 180))
    if court <= last:
        return Disposal.CONVICTED, court
    return Disposal.CHARGED, min(day + timedelta(days=rng.randint(0, 1)), last)


def other_outcome(
    rng: Random, arrested: datetime, cutoff: datetime
) -> tuple[Disposal, date | None]:
    """Return an outcome that is not a sanction: no further action, or acquittal."""
    day, last = uk_date(arrested), uk_date(cutoff)
    if rng.random() < 0.88:
        dropped = day + timedelta(days=rng.randint(0, 40))
        # Until the decision is made, the arrest is still under investigation.
        return (
            (Disposal.NO_FURTHER_ACTION, dropped) if dropped <= last else (Disposal.PENDING, None)
        )
    court = day + timedelta(days=rng.randint(60, 240))
    if court <= last:
        return Disposal.ACQUITTED, court
    # Charged and awaiting trial: not (yet) a sanction, so it must not count as one.
    return Disposal.PENDING, None


def offence_date_for(rng: Random, arrested: datetime, born: date) -> date:
    """Return when an ordinary arrest's offence happened: mostly that day or the day before."""
    day = uk_date(arrested)
    u = rng.random()
    back = (
        0
        if u < 0.7
        else 1
        if u < 0.82
        else rng.randint(2, 30)
        if u < 0.96
        else (rng.randint(31, 120))
    )
    return max(day - timedelta(days=back), born + timedelta(days=3653))


def _spread(rng: Random, start: datetime, end: datetime, count: int) -> list[datetime]:
    """Return up to `count` sorted arrest instants between two instants (none after `end`)."""
    # Days are drawn before `end`'s own day, so every arrest time on them is before `end`;
    # only a window shorter than two days can produce a late draw, which is dropped.
    span = max((end - start).total_seconds() - 86400, 86400.0)
    days = sorted(uk_date(start + timedelta(seconds=rng.random() * span)) for _ in range(count))
    return [when for when in (arrest_time(rng, d) for d in days) if when < end]


def _prior_history(
    person: PersonPlan, picker: OffencePicker, cutoff: datetime
) -> tuple[Random, datetime, list[CustodyPlan]]:
    """Return the person's previous disposals before the index, with the stream that drew them.

    The same on every call for the same person and index, so the case walker can read the
    convictions a screening officer would see on the PNC before the history is written.
    """
    assert person.index_at is not None
    rng = Random(person.seed ^ 0x5A5A5A5A)
    index = person.index_at
    born = person.date_of_birth
    age_at_index = years_between(at_uk(born, 12), index)
    history: list[CustodyPlan] = []
    # Prolific offenders usually started young (youth cautions count as disposals).
    if person.priors >= 7:
        start_age = rng.uniform(12, 17)
    elif person.priors >= 3:
        start_age = rng.uniform(14, 24)
    else:
        start_age = rng.uniform(max(14.0, age_at_index - 12), max(16.5, age_at_index - 0.5))
    # Most offending careers are short: keep the history within twenty years of the index.
    start_age = max(start_age, age_at_index - 20)
    start = add_years(at_uk(born, 12), min(start_age, age_at_index - 0.2))
    for when in _spread(rng, start, index - timedelta(days=14), person.priors):
        # A charge still awaiting trial at the snapshot is a sanction too, so the count holds.
        disposal, on = positive_outcome(rng, when, cutoff)
        history.append(
            CustodyPlan(
                when,
                picker.any_offence(rng),
                offence_date_for(rng, when, born),
                disposal,
                on,
                HistoryKind.PRIOR,
            )
        )
    return rng, start, history


def convictions_by(
    person: PersonPlan, picker: OffencePicker, *, cutoff: datetime, day: date
) -> list[date]:
    """Return the dates of the person's convictions up to a day, as the PNC shows them then.

    Only previous disposals can be convictions by then: arrests without a sanction never
    are, and the index offence and any reoffence reach court weeks after the decision.
    """
    _, _, priors = _prior_history(person, picker, cutoff)
    return sorted(
        c.disposal_date
        for c in priors
        if c.disposal is Disposal.CONVICTED
        and c.disposal_date is not None
        and c.disposal_date <= day
    )


def build_history(
    person: PersonPlan,
    picker: OffencePicker,
    *,
    cutoff: datetime,
    index_events: list[CustodyPlan] | None,
    signed_at: datetime | None,
    quiet_until: datetime | None,
    contract: tuple[date, date] | None = None,
) -> None:
    """Write the person's custody history: previous disposals, index, reoffences and others."""
    # `index_events` are the case's offences when the person has a case; otherwise the
    # index is one proven offence. `quiet_until` keeps unrelated no-further-action arrests
    # out of a live case's contract window, where they would read as unexplained breaches.
    rng, start, history = _prior_history(person, picker, cutoff)
    assert person.index_at is not None
    index = person.index_at
    born = person.date_of_birth
    # Arrests that ended without a sanction are not previous disposals, but they are history.
    others_before = _poisson(rng, 0.15 + 0.12 * min(person.priors, 20))
    for when in _spread(rng, start, index - timedelta(days=7), others_before):
        disposal, on = other_outcome(rng, when, cutoff)
        history.append(
            CustodyPlan(
                when,
                picker.any_offence(rng),
                offence_date_for(rng, when, born),
                disposal,
                on,
                HistoryKind.OTHER,
            )
        )
    if index_events is not None:
        history.extend(index_events)
    else:
        offence = picker.any_offence(rng)
        disposal, on = positive_outcome(rng, index, cutoff)
        history.append(
            CustodyPlan(
                index, offence, offence_date_for(rng, index, born), disposal, on, HistoryKind.INDEX
            )
        )
    for further in reoffences(person, picker, cutoff=cutoff, signed_at=signed_at):
        disposal, on = positive_outcome(rng, further.at, cutoff)
        if (cutoff - further.at).days < 45 and rng.random() < 0.35:
            # Recent arrests are often still under investigation.
            disposal, on = Disposal.PENDING, None
        committed = offence_date_for(rng, further.at, born)
        if contract is not None:
            # The walker breached the contract for an arrest during it and completed it
            # otherwise, so an offence is dated inside the contract exactly when its
            # arrest was (the not-reoffending condition counts offences by their date).
            first_day, last_day = contract
            arrested = uk_date(further.at)
            if arrested > last_day:
                committed = max(committed, last_day + timedelta(days=1))
            elif arrested >= first_day:
                committed = max(committed, first_day)
        history.append(
            CustodyPlan(
                further.at,
                further.offence,
                committed,
                disposal,
                on,
                HistoryKind.REOFFENCE,
            )
        )
    observed_years = years_between(index, cutoff)
    for when in _spread(
        rng, index + timedelta(days=2), cutoff, _poisson(rng, 0.12 * observed_years)
    ):
        if quiet_until is not None and when <= quiet_until:
            continue
        disposal, on = other_outcome(rng, when, cutoff)
        history.append(
            CustodyPlan(
                when,
                picker.any_offence(rng),
                offence_date_for(rng, when, born),
                disposal,
                on,
                HistoryKind.OTHER,
            )
        )
    history.sort(key=lambda c: (c.occurred_at, c.offence.code))
    person.custody = history
    person.created_at = history[0].occurred_at


def _poisson(rng: Random, mean: float) -> int:
    """Draw from a Poisson distribution (Knuth's method; means here are small)."""
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k

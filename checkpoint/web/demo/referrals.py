"""Referrals: who refers, which offences, committed when (before the walk decides the rest)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from enum import Enum
from random import Random

from checkpoint.domain.clocks import uk_date
from checkpoint.domain.offences import ModeOfTrial, OffenceFamily
from checkpoint.web.demo.decisions import Circumstance
from checkpoint.web.demo.offences import OffenceInfo, OffencePicker
from checkpoint.web.demo.population import PersonPlan
from checkpoint.web.demo.staff import AREAS, CUSTODY_SUITE


def referring_officer(rng: Random, area: str) -> str:
    """Return the custody sergeant who referred: usually the local suite's."""
    local = CUSTODY_SUITE[area]
    other = next(s for s in CUSTODY_SUITE.values() if s != local)
    return local if rng.random() < 0.85 else other


def case_area(rng: Random, person: PersonPlan) -> str:
    """Return the area whose team handles the case (out-of-area people: the arresting suite)."""
    return person.area if person.area in AREAS else rng.choice(AREAS)


def offence_date(rng: Random, arrested: datetime, *, late: bool | None = None) -> date:
    """Return when a referred offence was committed: usually that day, sometimes weeks before."""
    # `late` forces (True) or rules out (False) an offence reported or solved weeks later.
    day = uk_date(arrested)
    u = rng.random()
    if late or (late is None and u < 0.08):
        # Reported late or found later: summary-only offences then run into s127.
        return day - timedelta(days=rng.randint(25, 80))
    if late is None and u < 0.20:
        return day - timedelta(days=rng.randint(2, 24))
    return day - timedelta(days=rng.choice((0, 0, 0, 1)))


class OffenceChoice(Enum):
    """A constraint a scripted case puts on its primary offence."""

    ANY = "any"
    DRUG_POSSESSION = "drug_possession"
    SUMMARY_ONLY = "summary_only"
    NOT_DRUG_POSSESSION = "not_drug_possession"


def pick_offences(
    rng: Random,
    picker: OffencePicker,
    arrested: datetime,
    circumstances: list[Circumstance],
    *,
    fits: Callable[[OffenceInfo], bool] = lambda _: True,
    choice: OffenceChoice = OffenceChoice.ANY,
    late: bool | None = None,
) -> list[tuple[OffenceInfo, date]]:
    """Choose a referral's offences to fit how it will be screened.

    A circumstance about the offence itself (hate crime, driving, a serious or domestic
    offence, breaching a court order) draws from its own table; otherwise the offences are
    low-level ones that `fits` accepts (the policy in force covers them).
    """
    tables = {
        Circumstance.HATE_CRIME: picker.hate_crime,
        Circumstance.DRIVING: picker.driving,
        Circumstance.SERIOUS: picker.serious,
        Circumstance.COURT_ORDER: picker.court_order,
        Circumstance.DOMESTIC: picker.domestic,
    }
    own = next((tables[c] for c in circumstances if c in tables and tables[c][0]), None)
    table = own or picker.eligible
    if choice is OffenceChoice.DRUG_POSSESSION and picker.drug_possession[0]:
        table = picker.drug_possession
    elif choice is OffenceChoice.SUMMARY_ONLY and picker.summary_only_eligible[0]:
        table = picker.summary_only_eligible
    check = fits if own is None else (lambda _: True)
    too_old = Circumstance.OFFENCE_TOO_OLD in circumstances
    primary = picker.pick(rng, table)
    for _ in range(50):
        if choice is OffenceChoice.NOT_DRUG_POSSESSION and (
            primary.family is OffenceFamily.DRUG_POSSESSION
        ):
            primary = picker.pick(rng, table)
        elif too_old and primary.mode_of_trial is ModeOfTrial.SUMMARY_ONLY:
            # A summary-only offence this old would be time-barred, not just ineligible.
            primary = picker.pick(rng, table)
        elif not check(primary):
            primary = picker.pick(rng, table)
        else:
            break
    if too_old:
        committed = uk_date(arrested) - timedelta(days=rng.randint(95, 170))
    else:
        committed = offence_date(rng, arrested, late=late)
    offences = [(primary, committed)]
    if rng.random() < 0.18 and choice is OffenceChoice.ANY:
        second = picker.pick(rng, picker.secondary)
        if second.code != primary.code and fits(second):
            offences.append((second, committed))
    return offences

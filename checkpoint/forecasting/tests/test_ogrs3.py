"""OGRS3 against the Ministry of Justice calculator's own test cases (see ogrs3.py)."""

from __future__ import annotations

import math

import pytest

from checkpoint.domain.offences import OffenceFamily
from checkpoint.forecasting.ogrs3 import (
    Ogrs3Group,
    age_group,
    copas_rate,
    ogrs3_group,
    ogrs3_logit,
    ogrs3_probability,
)


def test_first_sanction_for_violence_matches_the_moj_calculator() -> None:
    # NOMS-DIGITAL-STUDIO/rsr-calculator test: male, violence, no previous sanctions,
    # born 1997-02-01, convicted, first sanctioned and assessed 2017-02-01 (aged 20).
    kwargs = dict(sex="male", age=20, previous_sanctions=0, age_at_first_sanction=20)
    one = ogrs3_probability(group=Ogrs3Group.VIOLENCE, years=1, **kwargs)
    two = ogrs3_probability(group=Ogrs3Group.VIOLENCE, years=2, **kwargs)
    assert one == pytest.approx(0.12161553504714574, abs=1e-12)
    assert two == pytest.approx(0.22130521140511314, abs=1e-12)


@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        (1, (0.3158120100020924, 0.48651769565917)),
        (2, (0.43393890261473633, 0.6114342480551298)),
        (3, (0.5235145926731711, 0.6928061177628605)),
        (4, (0.5922581047904115, 0.7488430658491833)),
    ],
)
def test_later_sanctions_match_the_moj_calculator(
    previous: int, expected: tuple[float, float]
) -> None:
    kwargs = dict(sex="male", age=20, previous_sanctions=previous, age_at_first_sanction=20)
    got = tuple(ogrs3_probability(group=Ogrs3Group.VIOLENCE, years=y, **kwargs) for y in (1, 2))
    assert got == pytest.approx(expected, abs=1e-12)


def test_worked_case_matches_the_oasys_plsql_result() -> None:
    # Female, criminal damage, 5 previous sanctions, first sanctioned at 14, convicted at
    # 37, assessed at 43: OASys gives 16.98% (one year) and 29.57% (two years).
    kwargs = dict(
        sex="female",
        age=43,
        age_at_current_sanction=37,
        previous_sanctions=5,
        age_at_first_sanction=14,
        group=Ogrs3Group.CRIMINAL_DAMAGE,
    )
    assert round(100 * ogrs3_probability(years=1, **kwargs), 2) == 16.98
    assert round(100 * ogrs3_probability(years=2, **kwargs), 2) == 29.57
    # The Copas term by hand: 1.251124464 * ln(6 / (10 + 37 - 14)).
    assert 1.251124464 * copas_rate(previous_sanctions=5, career_years=23) == pytest.approx(
        -2.132852043, abs=1e-6
    )


@pytest.mark.parametrize(
    ("age", "group"),
    [
        (10, 0),
        (11, 0),
        (12, 1),
        (17, 3),
        (18, 4),
        (20, 4),
        (21, 5),
        (49, 9),
        (49.9, 9),
        (50, 10),
        (90, 10),
    ],
)
def test_age_groups_follow_the_published_bands(age: float, group: int) -> None:
    assert age_group(age) == group


def test_previous_sanctions_are_capped_at_fifty() -> None:
    assert copas_rate(previous_sanctions=80, career_years=0) == math.log(51 / 10)


def test_offence_codes_refine_the_family() -> None:
    assert ogrs3_group(family=OffenceFamily.THEFT) is Ogrs3Group.THEFT_NON_MOTOR
    assert ogrs3_group(family=OffenceFamily.THEFT, code="theft-from-vehicle") is (
        Ogrs3Group.THEFT_FROM_VEHICLES
    )
    assert ogrs3_group(family=OffenceFamily.DRIVING, code="DRINK-DRIVING") is (
        Ogrs3Group.DRINK_DRIVING
    )
    assert ogrs3_group(family=None) is Ogrs3Group.OTHER
    assert all(ogrs3_group(family=f) in Ogrs3Group for f in OffenceFamily)


def test_sex_not_known_is_scored_as_male() -> None:
    kwargs = dict(age=30, previous_sanctions=2, age_at_first_sanction=20, group=Ogrs3Group.OTHER)
    assert ogrs3_logit(sex="not_known", **kwargs) == ogrs3_logit(sex="male", **kwargs)
    assert ogrs3_logit(sex="female", **kwargs) != ogrs3_logit(sex="male", **kwargs)

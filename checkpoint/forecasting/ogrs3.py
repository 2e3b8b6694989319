"""OGRS3, the Offender Group Reconviction Scale version 3, with its published coefficients.

Source: Howard, P., Francis, B., Soothill, K. and Humphreys, L. (2009) "OGRS 3: the revised
Offender Group Reconviction Scale", Ministry of Justice Research Summary 7/09. The research
summary itself could not be consulted offline; the numbers below were checked against two
independent public implementations that agree to nine decimal places:

- the Ministry of Justice's own calculator, NOMS-DIGITAL-STUDIO/rsr-calculator on GitHub,
  `lib/data/coefficients.json` (object "OGRS3") and `lib/calculateOGRS3.js`, whose tests
  reproduce the OASys Oracle PL/SQL result (16.98% and 29.57%) for a worked case;
- an R implementation citing Howard et al. (2009) and the German validation by Breiling,
  Dahle, Oberlader and Rettenberger (2022, Kriminologische Zentralstelle, BM-Online 30).

The scale: logit(p) = intercept(1 or 2 years) + 1.251124464 * ln(S / (10 + L))
+ sanction-history term + age-and-sex term + current-offence term, where S counts sanctions
including the current one (previous ones capped at 50, as the MoJ calculator does) and L is
the criminal career in whole years (age now minus age at first sanction).

Known gaps, also in docs/forecasting.md: the two sources label the offence groups at
positions 15 and 16 differently ("other motoring" 0.262, "drink driving" -0.121 in the R
implementation; reversed in the MoJ calculator's label file, while its coefficient array
matches the R order). We follow the R implementation's labels, which match the order the
research summary's table is quoted in; drink-drivers' low reconviction rates make the
negative coefficient the plausible one. The MoJ file also holds three coefficients for
caution-only histories (0, 0.083100501, 0.34859587) whose exact definitions we could not
verify, so they are not used: like the MoJ calculator, every current event is scored on the
conviction path (0.126142106 for a first sanction, 0.463062792 otherwise).
"""

from __future__ import annotations

import math
from enum import StrEnum

from checkpoint.domain.offences import OffenceFamily
from checkpoint.domain.people import Sex

INTERCEPT_ONE_YEAR = 1.402562384
INTERCEPT_TWO_YEARS = 2.121705678
COPAS_COEFFICIENT = 1.251124464
FIRST_SANCTION_CONVICTION = 0.126142106
REPEAT_SANCTION_CONVICTION = 0.463062792
MAX_PREVIOUS_SANCTIONS = 50
COPAS_CAREER_OFFSET_YEARS = 10

# Upper ages (inclusive) of the first ten age groups; the eleventh is 50 and over.
AGE_GROUP_UPPER = (11, 13, 15, 17, 20, 24, 29, 34, 39, 49)
AGE_GROUP_LABELS = (
    "10-11",
    "12-13",
    "14-15",
    "16-17",
    "18-20",
    "21-24",
    "25-29",
    "30-34",
    "35-39",
    "40-49",
    "50+",
)
MALE_AGE = (
    0.0,
    0.083922902,
    0.075775765,
    -0.061594199,
    -0.625103618,
    -1.051515067,
    -1.166679288,
    -1.325976554,
    -1.368045933,
    -1.499690953,
    -2.025261458,
)
FEMALE_AGE = (
    -0.785038489,
    -0.613852078,
    -0.669521331,
    -0.959179629,
    -0.897480934,
    -1.028488454,
    -1.052777806,
    -1.129127959,
    -1.42187494,
    -1.524652221,
    -2.44983716,
)


class Ogrs3Group(StrEnum):
    """OGRS3's twenty current-offence groups, in the published order."""

    VIOLENCE = "violence"
    ROBBERY = "robbery"
    PUBLIC_ORDER = "public_order"
    SEXUAL_NOT_CHILD = "sexual_not_against_child"
    SEXUAL_CHILD = "sexual_against_child"
    SOLICITING = "soliciting_or_prostitution"
    BURGLARY_DOMESTIC = "burglary_domestic"
    BURGLARY_OTHER = "burglary_other"
    THEFT_NON_MOTOR = "theft_non_motor"
    HANDLING = "handling_stolen_goods"
    FRAUD_FORGERY = "fraud_and_forgery"
    ABSCONDING_BAIL = "absconding_or_bail"
    TAKING_DRIVING_AWAY = "taking_and_driving_away"
    THEFT_FROM_VEHICLES = "theft_from_vehicles"
    OTHER_MOTORING = "other_motoring"
    DRINK_DRIVING = "drink_driving"
    CRIMINAL_DAMAGE = "criminal_damage"
    DRUG_IMPORT_PRODUCTION = "drug_import_export_production"
    DRUG_POSSESSION_SUPPLY = "drug_possession_supply"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Return the group in words."""
        return self.value.replace("_", " ")


OFFENCE_COEFFICIENTS: dict[Ogrs3Group, float] = {
    Ogrs3Group.VIOLENCE: 0.0,
    Ogrs3Group.ROBBERY: -0.634795912,
    Ogrs3Group.PUBLIC_ORDER: 0.181917975,
    Ogrs3Group.SEXUAL_NOT_CHILD: 0.003276327,
    Ogrs3Group.SEXUAL_CHILD: -0.653434071,
    Ogrs3Group.SOLICITING: 0.760608858,
    Ogrs3Group.BURGLARY_DOMESTIC: -0.12394352,
    Ogrs3Group.BURGLARY_OTHER: 0.240604429,
    Ogrs3Group.THEFT_NON_MOTOR: 0.661244321,
    Ogrs3Group.HANDLING: 0.351866973,
    Ogrs3Group.FRAUD_FORGERY: 0.159910192,
    Ogrs3Group.ABSCONDING_BAIL: 0.733378677,
    Ogrs3Group.TAKING_DRIVING_AWAY: 0.380059431,
    Ogrs3Group.THEFT_FROM_VEHICLES: 0.427225615,
    Ogrs3Group.OTHER_MOTORING: 0.262228428,
    Ogrs3Group.DRINK_DRIVING: -0.121439408,
    Ogrs3Group.CRIMINAL_DAMAGE: 0.204960477,
    Ogrs3Group.DRUG_IMPORT_PRODUCTION: -0.795556373,
    Ogrs3Group.DRUG_POSSESSION_SUPPLY: 0.077165871,
    Ogrs3Group.OTHER: -0.060667525,
}

# Our offence families are broader than OGRS3's groups; the nearest group is used, and a
# catalogue code refines it where the family spans groups. Harassment is put with public
# order (as the MoJ's OGRS4 groups do) and weapons with "other": our choices, documented.
FAMILY_GROUPS: dict[OffenceFamily, Ogrs3Group] = {
    OffenceFamily.THEFT: Ogrs3Group.THEFT_NON_MOTOR,
    OffenceFamily.BURGLARY: Ogrs3Group.BURGLARY_OTHER,
    OffenceFamily.ROBBERY: Ogrs3Group.ROBBERY,
    OffenceFamily.CRIMINAL_DAMAGE: Ogrs3Group.CRIMINAL_DAMAGE,
    OffenceFamily.ARSON: Ogrs3Group.CRIMINAL_DAMAGE,
    OffenceFamily.DRUG_POSSESSION: Ogrs3Group.DRUG_POSSESSION_SUPPLY,
    OffenceFamily.DRUG_SUPPLY: Ogrs3Group.DRUG_POSSESSION_SUPPLY,
    OffenceFamily.DRUG_PRODUCTION: Ogrs3Group.DRUG_IMPORT_PRODUCTION,
    OffenceFamily.FRAUD: Ogrs3Group.FRAUD_FORGERY,
    OffenceFamily.PUBLIC_ORDER: Ogrs3Group.PUBLIC_ORDER,
    OffenceFamily.CHILD_NEGLECT: Ogrs3Group.VIOLENCE,
    OffenceFamily.ASSAULT: Ogrs3Group.VIOLENCE,
    OffenceFamily.SERIOUS_VIOLENCE: Ogrs3Group.VIOLENCE,
    OffenceFamily.WEAPON_POSSESSION: Ogrs3Group.OTHER,
    OffenceFamily.HARASSMENT: Ogrs3Group.PUBLIC_ORDER,
    OffenceFamily.MALICIOUS_COMMUNICATIONS: Ogrs3Group.OTHER,
    OffenceFamily.CYBER_CRIME: Ogrs3Group.OTHER,
    OffenceFamily.DRIVING: Ogrs3Group.OTHER_MOTORING,
    OffenceFamily.SEXUAL: Ogrs3Group.SEXUAL_NOT_CHILD,
    OffenceFamily.HOMICIDE: Ogrs3Group.VIOLENCE,
    OffenceFamily.PUBLIC_JUSTICE: Ogrs3Group.OTHER,
    OffenceFamily.OTHER: Ogrs3Group.OTHER,
}
CODE_GROUPS: dict[str, Ogrs3Group] = {
    "THEFT-FROM-VEHICLE": Ogrs3Group.THEFT_FROM_VEHICLES,
    "THEFT-OF-MOTOR-VEHICLE": Ogrs3Group.TAKING_DRIVING_AWAY,
    "VEHICLE-TAKING-WITHOUT-CONSENT": Ogrs3Group.TAKING_DRIVING_AWAY,
    "VEHICLE-TAKING-AGGRAVATED": Ogrs3Group.TAKING_DRIVING_AWAY,
    "VEHICLE-INTERFERENCE": Ogrs3Group.TAKING_DRIVING_AWAY,
    "HANDLING-STOLEN-GOODS": Ogrs3Group.HANDLING,
    "BURGLARY-RESIDENTIAL": Ogrs3Group.BURGLARY_DOMESTIC,
    "BURGLARY-AGGRAVATED-RESIDENTIAL": Ogrs3Group.BURGLARY_DOMESTIC,
    "DRINK-DRIVING": Ogrs3Group.DRINK_DRIVING,
    "DRINK-IN-CHARGE": Ogrs3Group.DRINK_DRIVING,
    "DRUG-DRIVING": Ogrs3Group.DRINK_DRIVING,
    "FAIL-TO-PROVIDE-SPECIMEN": Ogrs3Group.DRINK_DRIVING,
    "SEXUAL-ACTIVITY-CHILD-UNDER-16": Ogrs3Group.SEXUAL_CHILD,
    "FAIL-TO-SURRENDER-BAIL": Ogrs3Group.ABSCONDING_BAIL,
}


def ogrs3_group(*, family: OffenceFamily | str | None, code: str = "") -> Ogrs3Group:
    """Return the OGRS3 group for an offence, by catalogue code first, then by family."""
    group = CODE_GROUPS.get(code.strip().upper())
    if group is not None:
        return group
    if not family:
        return Ogrs3Group.OTHER
    return FAMILY_GROUPS.get(OffenceFamily(family), Ogrs3Group.OTHER)


def age_group(age: float) -> int:
    """Return the index of the OGRS3 age group for an age in completed years."""
    whole = math.floor(age)
    for index, upper in enumerate(AGE_GROUP_UPPER):
        if whole <= upper:
            return index
    return len(AGE_GROUP_UPPER)


def age_sex_term(*, age: float, sex: Sex | str) -> float:
    """Return the age-and-sex coefficient; sex not known is scored as male, as the MoJ does."""
    table = FEMALE_AGE if Sex(sex) is Sex.FEMALE else MALE_AGE
    return table[age_group(age)]


def copas_rate(*, previous_sanctions: int, career_years: float) -> float:
    """Return ln(S / (10 + L)): sanctions including this one over criminal-career years."""
    sanctions = min(max(previous_sanctions, 0), MAX_PREVIOUS_SANCTIONS) + 1
    return math.log(sanctions / (COPAS_CAREER_OFFSET_YEARS + max(career_years, 0.0)))


def ogrs3_logit(
    *,
    sex: Sex | str,
    age: float,
    previous_sanctions: int,
    age_at_first_sanction: float,
    group: Ogrs3Group,
    years: int = 2,
    age_at_current_sanction: float | None = None,
) -> float:
    """Return OGRS3's linear predictor for one person over one or two years.

    `age` chooses the age group (the MoJ calculator uses the age at assessment);
    `age_at_current_sanction` (default: `age`) ends the criminal career for the Copas rate.
    """
    if years not in (1, 2):
        raise ValueError("OGRS3 forecasts over one or two years.")
    current = age if age_at_current_sanction is None else age_at_current_sanction
    career = math.floor(current) - math.floor(min(age_at_first_sanction, current))
    history = REPEAT_SANCTION_CONVICTION if previous_sanctions > 0 else FIRST_SANCTION_CONVICTION
    intercept = INTERCEPT_ONE_YEAR if years == 1 else INTERCEPT_TWO_YEARS
    return (
        intercept
        + COPAS_COEFFICIENT * copas_rate(previous_sanctions=previous_sanctions, career_years=career)
        + history
        + age_sex_term(age=age, sex=sex)
        + OFFENCE_COEFFICIENTS[group]
    )


def ogrs3_probability(
    *,
    sex: Sex | str,
    age: float,
    previous_sanctions: int,
    age_at_first_sanction: float,
    group: Ogrs3Group,
    years: int = 2,
    age_at_current_sanction: float | None = None,
) -> float:
    """Return OGRS3's probability of proven reoffending within one or two years."""
    z = ogrs3_logit(
        sex=sex,
        age=age,
        previous_sanctions=previous_sanctions,
        age_at_first_sanction=age_at_first_sanction,
        group=group,
        years=years,
        age_at_current_sanction=age_at_current_sanction,
    )
    return 1.0 / (1.0 + math.exp(-z))

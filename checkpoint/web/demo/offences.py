"""Which catalogue offences demo custody events and cases are about, and how often.

Weights are keyed by catalogue code; codes missing from the installed catalogue are skipped
and codes not listed get a small weight, so any valid catalogue works.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from random import Random

from checkpoint.domain.offences import ModeOfTrial, OffenceFamily


@dataclass(frozen=True)
class OffenceInfo:
    """What the generator needs to know about one catalogue offence."""

    code: str
    title: str
    family: OffenceFamily
    mode_of_trial: ModeOfTrial
    serious: bool
    gravity_score: int | None = None


# Arrests: theft, assault, criminal damage, public order and drug possession dominate.
GENERAL_WEIGHTS: dict[str, float] = {
    "THEFT-FROM-SHOP": 12,
    "THEFT-OTHER": 2.5,
    "THEFT-FROM-VEHICLE": 1.2,
    "THEFT-OF-PEDAL-CYCLE": 0.8,
    "THEFT-FROM-PERSON": 0.5,
    "THEFT-BY-EMPLOYEE": 0.3,
    "THEFT-OF-MOTOR-VEHICLE": 0.8,
    "VEHICLE-TAKING-WITHOUT-CONSENT": 0.6,
    "VEHICLE-INTERFERENCE": 0.2,
    "HANDLING-STOLEN-GOODS": 0.8,
    "MAKING-OFF-WITHOUT-PAYMENT": 1.0,
    "GOING-EQUIPPED": 0.3,
    "BURGLARY-RESIDENTIAL": 2.0,
    "BURGLARY-NON-RESIDENTIAL": 1.5,
    "CRIMINAL-DAMAGE-DWELLING": 2.5,
    "CRIMINAL-DAMAGE-VEHICLE": 2.0,
    "CRIMINAL-DAMAGE-OTHER": 2.5,
    "CRIMINAL-DAMAGE-OTHER-BUILDING": 0.8,
    "CRIMINAL-DAMAGE-THREATS": 0.4,
    "DRUG-POSSESSION-CLASS-B-CANNABIS": 6,
    "DRUG-POSSESSION-CLASS-A": 2.5,
    "DRUG-POSSESSION-CLASS-C": 0.3,
    "DRUG-POSSESSION-CLASS-B-OTHER": 0.3,
    "DRUG-SUPPLY-CLASS-A": 0.6,
    "DRUG-PWITS-CLASS-A": 0.5,
    "DRUG-PWITS-CLASS-B": 0.5,
    "DRUG-SUPPLY-CLASS-B": 0.4,
    "DRUG-CONCERNED-SUPPLY-CLASS-A": 0.3,
    "DRUG-CULTIVATION-CANNABIS": 0.5,
    "DRUG-PRODUCTION-CANNABIS": 0.4,
    "FRAUD-FALSE-REPRESENTATION": 1.2,
    "FRAUD-OBTAINING-SERVICES": 0.3,
    "FRAUD-ABUSE-OF-POSITION": 0.2,
    "PUBLIC-ORDER-S5": 3,
    "PUBLIC-ORDER-S4": 2,
    "PUBLIC-ORDER-S4A": 1.2,
    "DRUNK-AND-DISORDERLY": 2.5,
    "DRUNK-AND-INCAPABLE": 0.5,
    "AFFRAY": 0.8,
    "VIOLENT-DISORDER": 0.2,
    "PUBLIC-ORDER-RA-S5": 0.3,
    "PUBLIC-ORDER-RA-S4-S4A": 0.3,
    "ASSAULT-COMMON": 6,
    "ASSAULT-BATTERY": 5,
    "ASSAULT-ABH": 4,
    "ASSAULT-EMERGENCY-WORKER": 2.5,
    "ASSAULT-CONSTABLE": 0.7,
    "ASSAULT-COMMON-RACIALLY-AGGRAVATED": 0.3,
    "CONTROLLING-COERCIVE-BEHAVIOUR": 0.6,
    "WOUNDING-GBH-S20": 0.8,
    "WOUNDING-GBH-WITH-INTENT-S18": 0.3,
    "THREATS-TO-KILL": 0.3,
    "NON-FATAL-STRANGULATION": 0.3,
    "WEAPON-BLADED-ARTICLE-PUBLIC-PLACE": 1.2,
    "WEAPON-OFFENSIVE-PUBLIC-PLACE": 0.8,
    "WEAPON-THREATEN-BLADED-ARTICLE": 0.2,
    "HARASSMENT-S2": 1.2,
    "HARASSMENT-FEAR-OF-VIOLENCE-S4": 0.4,
    "STALKING-S2A": 0.3,
    "MALICIOUS-COMMUNICATIONS": 1.0,
    "IMPROPER-USE-COMMS-NETWORK": 0.5,
    "DRINK-DRIVING": 2.0,
    "DRUG-DRIVING": 1.0,
    "DRIVING-WHILE-DISQUALIFIED": 0.6,
    "NO-INSURANCE": 0.4,
    "FAIL-TO-PROVIDE-SPECIMEN": 0.3,
    "DANGEROUS-DRIVING": 0.2,
    "BREACH-RESTRAINING-ORDER": 0.6,
    "BREACH-NON-MOLESTATION-ORDER": 0.4,
    "FAIL-TO-SURRENDER-BAIL": 0.8,
    "OBSTRUCT-RESIST-CONSTABLE": 0.8,
    "BREACH-CRIMINAL-BEHAVIOUR-ORDER": 0.3,
    "ROBBERY-PERSONAL": 0.6,
    "ROBBERY-BUSINESS": 0.2,
    "SEXUAL-ASSAULT-FEMALE-13-PLUS": 0.3,
    "EXPOSURE": 0.1,
    "ARSON-NOT-ENDANGERING-LIFE": 0.2,
    "CHILD-CRUELTY-NEGLECT": 0.1,
    "COMPUTER-MISUSE-UNAUTHORISED-ACCESS": 0.05,
    "WASTING-POLICE-TIME": 0.1,
}
UNLISTED_WEIGHT = 0.02
HOMICIDE_WEIGHT = 0.003

# In-scope, low-level offences (domain.md section 3): what eligible referrals are for.
ELIGIBLE_WEIGHTS: dict[str, float] = {
    "THEFT-FROM-SHOP": 18,
    "THEFT-OTHER": 3,
    "THEFT-FROM-VEHICLE": 1.5,
    "THEFT-OF-PEDAL-CYCLE": 1.2,
    "MAKING-OFF-WITHOUT-PAYMENT": 2,
    "HANDLING-STOLEN-GOODS": 0.8,
    "THEFT-BY-EMPLOYEE": 0.8,
    "BURGLARY-NON-RESIDENTIAL": 0.8,
    "CRIMINAL-DAMAGE-DWELLING": 3,
    "CRIMINAL-DAMAGE-VEHICLE": 2.5,
    "CRIMINAL-DAMAGE-OTHER": 3,
    "CRIMINAL-DAMAGE-OTHER-BUILDING": 0.8,
    "DRUG-POSSESSION-CLASS-B-CANNABIS": 9,
    "DRUG-POSSESSION-CLASS-A": 3.5,
    "DRUG-POSSESSION-CLASS-C": 0.4,
    "DRUG-POSSESSION-CLASS-B-OTHER": 0.4,
    "DRUG-CULTIVATION-CANNABIS": 0.8,
    "DRUG-SUPPLY-CLASS-B": 0.3,
    "FRAUD-FALSE-REPRESENTATION": 1.8,
    "FRAUD-OBTAINING-SERVICES": 0.4,
    "PUBLIC-ORDER-S5": 4,
    "PUBLIC-ORDER-S4": 2,
    "PUBLIC-ORDER-S4A": 1.5,
    "DRUNK-AND-DISORDERLY": 1.5,
    "ASSAULT-COMMON": 6,
    "ASSAULT-BATTERY": 4,
    "ASSAULT-ABH": 2.5,
    "ASSAULT-EMERGENCY-WORKER": 1.5,
    "ASSAULT-CONSTABLE": 0.6,
    "WEAPON-BLADED-ARTICLE-PUBLIC-PLACE": 1.2,
    "WEAPON-OFFENSIVE-PUBLIC-PLACE": 0.8,
    "HARASSMENT-S2": 1.5,
    "MALICIOUS-COMMUNICATIONS": 1.5,
    "IMPROPER-USE-COMMS-NETWORK": 0.8,
    "COMPUTER-MISUSE-UNAUTHORISED-ACCESS": 0.2,
    "CHILD-CRUELTY-NEGLECT": 0.2,
}
# Durham's published scope (domain.md section 3); the "specific terms" for residential
# burglary and low-level supply are left to the screening rules, not the demo.
IN_SCOPE_FAMILIES = frozenset(
    {
        OffenceFamily.THEFT,
        OffenceFamily.BURGLARY,
        OffenceFamily.CRIMINAL_DAMAGE,
        OffenceFamily.DRUG_POSSESSION,
        OffenceFamily.DRUG_SUPPLY,
        OffenceFamily.DRUG_PRODUCTION,
        OffenceFamily.FRAUD,
        OffenceFamily.PUBLIC_ORDER,
        OffenceFamily.CHILD_NEGLECT,
        OffenceFamily.ASSAULT,
        OffenceFamily.WEAPON_POSSESSION,
        OffenceFamily.HARASSMENT,
        OffenceFamily.MALICIOUS_COMMUNICATIONS,
        OffenceFamily.CYBER_CRIME,
    }
)
# A second offence from the same incident (shouting at officers, kicking a door...).
SECONDARY_WEIGHTS: dict[str, float] = {
    "PUBLIC-ORDER-S5": 3,
    "CRIMINAL-DAMAGE-OTHER": 2,
    "DRUG-POSSESSION-CLASS-B-CANNABIS": 2,
    "ASSAULT-EMERGENCY-WORKER": 1.5,
    "ASSAULT-BATTERY": 1,
    "THEFT-FROM-SHOP": 1,
}
# Offences that put a referral out of scope, grouped by the reason the decision gives.
HATE_CRIME_WEIGHTS: dict[str, float] = {
    "ASSAULT-COMMON-RACIALLY-AGGRAVATED": 1,
    "PUBLIC-ORDER-RA-S5": 1,
    "CRIMINAL-DAMAGE-RACIALLY-AGGRAVATED": 0.5,
    "HARASSMENT-RACIALLY-AGGRAVATED": 0.3,
}
DRIVING_WEIGHTS: dict[str, float] = {
    "DRINK-DRIVING": 2,
    "DRUG-DRIVING": 1,
    "DRIVING-WHILE-DISQUALIFIED": 0.7,
    "NO-INSURANCE": 0.3,
}
SERIOUS_WEIGHTS: dict[str, float] = {
    "ROBBERY-PERSONAL": 0.8,
    "WOUNDING-GBH-S20": 0.8,
    "DRUG-PWITS-CLASS-A": 0.6,
    "BURGLARY-RESIDENTIAL": 1.0,
    "THREATS-TO-KILL": 0.3,
}
COURT_ORDER_WEIGHTS: dict[str, float] = {"BREACH-RESTRAINING-ORDER": 1}
# Offences that are often domestic-related (DASH-graded when they are).
DOMESTIC_WEIGHTS: dict[str, float] = {
    "ASSAULT-COMMON": 5,
    "ASSAULT-BATTERY": 4,
    "ASSAULT-ABH": 2,
    "CONTROLLING-COERCIVE-BEHAVIOUR": 1,
    "CRIMINAL-DAMAGE-DWELLING": 2,
    "HARASSMENT-S2": 1.5,
    "MALICIOUS-COMMUNICATIONS": 1,
}
DOMESTIC_FAMILIES = frozenset(
    {
        OffenceFamily.ASSAULT,
        OffenceFamily.CRIMINAL_DAMAGE,
        OffenceFamily.HARASSMENT,
        OffenceFamily.MALICIOUS_COMMUNICATIONS,
    }
)
"""Families whose offences are sometimes domestic-related."""
HATE_CRIME_CODES = frozenset(HATE_CRIME_WEIGHTS) | {"PUBLIC-ORDER-RA-S4-S4A"}
"""Racially or religiously aggravated offences: hate crime by definition."""
VICTIMLESS_FAMILIES = frozenset(
    {
        OffenceFamily.DRUG_POSSESSION,
        OffenceFamily.DRUG_PRODUCTION,
        OffenceFamily.DRUG_SUPPLY,
        OffenceFamily.WEAPON_POSSESSION,
        OffenceFamily.DRIVING,
    }
)
VICTIMLESS_CODES = frozenset({"DRUNK-AND-DISORDERLY", "DRUNK-AND-INCAPABLE", "GOING-EQUIPPED"})


def has_victim(offence: OffenceInfo) -> bool:
    """Return whether an offence usually has an identifiable victim."""
    return offence.family not in VICTIMLESS_FAMILIES and offence.code not in VICTIMLESS_CODES


Table = tuple[Sequence[OffenceInfo], Sequence[float]]
"""Offences and their cumulative weights."""


class OffencePicker:
    """Draw offences from the installed catalogue with fixed weights."""

    def __init__(self, offences: Iterable[OffenceInfo]) -> None:
        self.offences = sorted(offences, key=lambda o: o.code)
        self.by_code = {o.code: o for o in self.offences}
        general = {}
        for offence in self.offences:
            weight = GENERAL_WEIGHTS.get(offence.code)
            if weight is None:
                weight = (
                    HOMICIDE_WEIGHT
                    if offence.family is OffenceFamily.HOMICIDE
                    else (UNLISTED_WEIGHT)
                )
            general[offence.code] = weight
        self.general = self._table(general)
        eligible_fallback = {
            o.code: 1.0
            for o in self.offences
            if o.family in IN_SCOPE_FAMILIES
            and not o.serious
            and o.mode_of_trial is not ModeOfTrial.INDICTABLE_ONLY
        }
        self.eligible = self._table(ELIGIBLE_WEIGHTS)
        if not self.eligible[0]:
            self.eligible = self._table(eligible_fallback)
        self.secondary = self._table(SECONDARY_WEIGHTS)
        if not self.secondary[0]:
            self.secondary = self.eligible
        self.drug_possession = self._table(
            {
                c: w
                for c, w in ELIGIBLE_WEIGHTS.items()
                if c in self.by_code and self.by_code[c].family is OffenceFamily.DRUG_POSSESSION
            }
        )
        self.summary_only_eligible = self._table(
            {
                c: w
                for c, w in ELIGIBLE_WEIGHTS.items()
                if c in self.by_code and self.by_code[c].mode_of_trial is ModeOfTrial.SUMMARY_ONLY
            }
        )
        self.hate_crime = self._table(HATE_CRIME_WEIGHTS)
        self.driving = self._table(DRIVING_WEIGHTS)
        self.serious = self._table(SERIOUS_WEIGHTS)
        self.court_order = self._table(COURT_ORDER_WEIGHTS)
        self.domestic = self._table(DOMESTIC_WEIGHTS)
        if not self.general[0] or not self.eligible[0]:
            raise ValueError("The offence catalogue has no offences the demo can use.")

    def _table(self, weights: dict[str, float]) -> Table:
        # Cumulative weights once, so each of the many draws is a bisection.
        codes = [c for c in sorted(weights) if c in self.by_code]
        return [self.by_code[c] for c in codes], list(accumulate(weights[c] for c in codes))

    @staticmethod
    def pick(rng: Random, table: Table) -> OffenceInfo:
        """Draw one offence from a weighted table."""
        offences, cumulative = table
        return rng.choices(offences, cum_weights=cumulative)[0]

    def any_offence(self, rng: Random) -> OffenceInfo:
        """Draw the offence of an ordinary arrest."""
        return self.pick(rng, self.general)

"""Offence classifications used by eligibility rules and legal clocks."""

from enum import StrEnum


class ModeOfTrial(StrEnum):
    """Where an offence may be tried in England and Wales."""

    SUMMARY_ONLY = "summary_only"
    EITHER_WAY = "either_way"
    INDICTABLE_ONLY = "indictable_only"

    @property
    def label(self) -> str:
        """Return the mode of trial in words."""
        return self.value.replace("_", " ").capitalize()


class OffenceFamily(StrEnum):
    """Broad offence families that scheme policies include or exclude (domain.md section 3)."""

    THEFT = "theft"
    BURGLARY = "burglary"
    ROBBERY = "robbery"
    CRIMINAL_DAMAGE = "criminal_damage"
    ARSON = "arson"
    DRUG_POSSESSION = "drug_possession"
    DRUG_SUPPLY = "drug_supply"
    DRUG_PRODUCTION = "drug_production"
    FRAUD = "fraud"
    PUBLIC_ORDER = "public_order"
    CHILD_NEGLECT = "child_neglect"
    ASSAULT = "assault"
    SERIOUS_VIOLENCE = "serious_violence"
    WEAPON_POSSESSION = "weapon_possession"
    HARASSMENT = "harassment"
    MALICIOUS_COMMUNICATIONS = "malicious_communications"
    CYBER_CRIME = "cyber_crime"
    DRIVING = "driving"
    SEXUAL = "sexual"
    HOMICIDE = "homicide"
    PUBLIC_JUSTICE = "public_justice"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Return the family in words."""
        return self.value.replace("_", " ").capitalize()


GRAVITY_SCORES: tuple[int, ...] = (1, 2, 3, 4)
"""The adult gravity matrix scores offences from 1 (least) to 4 (most serious)."""

"""Protected characteristics recorded for equality monitoring only."""

from enum import StrEnum


class Sex(StrEnum):
    """Sex as recorded on the custody record."""

    FEMALE = "female"
    MALE = "male"
    NOT_KNOWN = "not_known"

    @property
    def label(self) -> str:
        """Return the value in words."""
        return self.value.replace("_", " ").capitalize()


class Ethnicity(StrEnum):
    """The ONS 2021 census ethnic groups (19 categories) plus 'not stated'.

    Recorded for disproportionality monitoring only (domain.md section 9); never a model
    feature unless an administrator enables it explicitly.
    """

    ASIAN_BANGLADESHI = "A_BANGLADESHI"
    ASIAN_CHINESE = "A_CHINESE"
    ASIAN_INDIAN = "A_INDIAN"
    ASIAN_PAKISTANI = "A_PAKISTANI"
    ASIAN_OTHER = "A_OTHER"
    BLACK_AFRICAN = "B_AFRICAN"
    BLACK_CARIBBEAN = "B_CARIBBEAN"
    BLACK_OTHER = "B_OTHER"
    MIXED_WHITE_ASIAN = "M_WHITE_ASIAN"
    MIXED_WHITE_BLACK_AFRICAN = "M_WHITE_BLACK_AFRICAN"
    MIXED_WHITE_BLACK_CARIBBEAN = "M_WHITE_BLACK_CARIBBEAN"
    MIXED_OTHER = "M_OTHER"
    WHITE_BRITISH = "W_BRITISH"
    WHITE_IRISH = "W_IRISH"
    WHITE_GYPSY_IRISH_TRAVELLER = "W_GYPSY_TRAVELLER"
    WHITE_ROMA = "W_ROMA"
    WHITE_OTHER = "W_OTHER"
    OTHER_ARAB = "O_ARAB"
    OTHER_ANY = "O_OTHER"
    NOT_STATED = "NOT_STATED"

    @property
    def label(self) -> str:
        """Return the category as worded by the ONS."""
        return ETHNICITY_LABELS[self]

    @property
    def high_level_group(self) -> str:
        """Return the ONS high-level group (Asian, Black, Mixed, White, Other)."""
        return ETHNICITY_GROUPS[self.value.split("_", 1)[0]]


ETHNICITY_GROUPS: dict[str, str] = {
    "A": "Asian, Asian British or Asian Welsh",
    "B": "Black, Black British, Black Welsh, Caribbean or African",
    "M": "Mixed or Multiple ethnic groups",
    "W": "White",
    "O": "Other ethnic group",
    "NOT": "Not stated",
}

ETHNICITY_LABELS: dict[Ethnicity, str] = {
    Ethnicity.ASIAN_BANGLADESHI: "Asian: Bangladeshi",
    Ethnicity.ASIAN_CHINESE: "Asian: Chinese",
    Ethnicity.ASIAN_INDIAN: "Asian: Indian",
    Ethnicity.ASIAN_PAKISTANI: "Asian: Pakistani",
    Ethnicity.ASIAN_OTHER: "Asian: Other Asian",
    Ethnicity.BLACK_AFRICAN: "Black: African",
    Ethnicity.BLACK_CARIBBEAN: "Black: Caribbean",
    Ethnicity.BLACK_OTHER: "Black: Other Black",
    Ethnicity.MIXED_WHITE_ASIAN: "Mixed: White and Asian",
    Ethnicity.MIXED_WHITE_BLACK_AFRICAN: "Mixed: White and Black African",
    Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN: "Mixed: White and Black Caribbean",
    Ethnicity.MIXED_OTHER: "Mixed: Other Mixed or Multiple",
    Ethnicity.WHITE_BRITISH: "White: English, Welsh, Scottish, Northern Irish or British",
    Ethnicity.WHITE_IRISH: "White: Irish",
    Ethnicity.WHITE_GYPSY_IRISH_TRAVELLER: "White: Gypsy or Irish Traveller",
    Ethnicity.WHITE_ROMA: "White: Roma",
    Ethnicity.WHITE_OTHER: "White: Other White",
    Ethnicity.OTHER_ARAB: "Other: Arab",
    Ethnicity.OTHER_ANY: "Other: Any other ethnic group",
    Ethnicity.NOT_STATED: "Not stated",
}

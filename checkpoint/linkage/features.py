"""Linkage features: normalised names, phonetic codes and date-of-birth parts (pure Python).

DuckDB has string similarity functions (jaro_winkler_similarity, damerau_levenshtein) but no
phonetic code, so Soundex (the US National Archives rules, as PNC name searches use) is
computed here once per distinct name and memoised.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import Any

_NOT_LETTER = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")
_SOUNDEX_CODES = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
}

# Common English diminutives, mapped to one canonical form so "Bill" meets "William".
NICKNAMES: dict[str, str] = {
    "bill": "william",
    "billy": "william",
    "will": "william",
    "liam": "william",
    "bob": "robert",
    "bobby": "robert",
    "rob": "robert",
    "robbie": "robert",
    "jim": "james",
    "jimmy": "james",
    "jamie": "james",
    "mike": "michael",
    "mick": "michael",
    "micky": "michael",
    "dave": "david",
    "davy": "david",
    "tom": "thomas",
    "tommy": "thomas",
    "dan": "daniel",
    "danny": "daniel",
    "chris": "christopher",
    "kit": "christopher",
    "steve": "stephen",
    "steven": "stephen",
    "tony": "anthony",
    "ant": "anthony",
    "joe": "joseph",
    "joey": "joseph",
    "jack": "john",
    "johnny": "john",
    "jon": "john",
    "matt": "matthew",
    "nick": "nicholas",
    "sam": "samuel",
    "ben": "benjamin",
    "alex": "alexander",
    "andy": "andrew",
    "drew": "andrew",
    "pete": "peter",
    "rich": "richard",
    "dick": "richard",
    "rick": "richard",
    "ed": "edward",
    "eddie": "edward",
    "ted": "edward",
    "charlie": "charles",
    "chas": "charles",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "lizzie": "elizabeth",
    "betty": "elizabeth",
    "kate": "katherine",
    "katie": "katherine",
    "kathryn": "katherine",
    "catherine": "katherine",
    "jenny": "jennifer",
    "jen": "jennifer",
    "becky": "rebecca",
    "becca": "rebecca",
    "vicky": "victoria",
    "sue": "susan",
    "suzy": "susan",
    "maggie": "margaret",
    "meg": "margaret",
    "peggy": "margaret",
    "mandy": "amanda",
    "sally": "sarah",
    "sara": "sarah",
    "debbie": "deborah",
    "jess": "jessica",
    "jo": "joanne",
    "nicky": "nicola",
    "gemma": "jemma",
}


@lru_cache(maxsize=200_000)
def normalise(name: str | None) -> str:
    """Return a name folded for comparison: lower case, no accents, punctuation or hyphens."""
    if not name:
        return ""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    # Hyphens and apostrophes join parts of one name (Smith-Jones, O'Neil): drop them.
    folded = folded.replace("-", "").replace("'", "")
    return _SPACES.sub(" ", _NOT_LETTER.sub(" ", folded)).strip()


@lru_cache(maxsize=200_000)
def soundex(name: str | None) -> str:
    """Return the American Soundex code of a normalised name ('' for no letters)."""
    letters = (name or "").replace(" ", "")
    if not letters:
        return ""
    first = letters[0]
    code = first.upper()
    previous = _SOUNDEX_CODES.get(first, "")
    for char in letters[1:]:
        digit = _SOUNDEX_CODES.get(char, "")
        if digit and digit != previous:
            code += digit
            if len(code) == 4:
                break
        # 'h' and 'w' do not separate letters with the same code; vowels do.
        if char not in "hw":
            previous = digit
    return code.ljust(4, "0")


@lru_cache(maxsize=200_000)
def canonical_given(name: str) -> str:
    """Return the first given name in its canonical form (nickname resolved)."""
    first = name.split(" ", 1)[0] if name else ""
    return NICKNAMES.get(first, first)


def name_features(given_names: str | None, family_name: str | None) -> dict[str, Any]:
    """Return the name columns the linkage model compares."""
    given, family = normalise(given_names), normalise(family_name)
    return {
        "given_name": given or None,
        "family_name": family or None,
        "given_first": (given.split(" ", 1)[0] if given else None),
        "given_canon": canonical_given(given) or None,
        "given_sdx": soundex(given.split(" ", 1)[0]) if given else None,
        "family_sdx": soundex(family) or None,
        "given_init": given[:1] or None,
        "family_init": family[:1] or None,
    }


def dob_features(date_of_birth: date | None) -> dict[str, Any]:
    """Return the date-of-birth columns the linkage model compares."""
    if date_of_birth is None:
        return {"dob": None, "dob_y": None, "dob_m": None, "dob_d": None}
    return {
        "dob": date_of_birth.isoformat(),
        "dob_y": date_of_birth.year,
        "dob_m": date_of_birth.month,
        "dob_d": date_of_birth.day,
    }


def record_features(
    *,
    unique_id: str,
    given_names: str | None,
    family_name: str | None,
    date_of_birth: date | None,
    sex: str | None = None,
    area: str | None = None,
) -> dict[str, Any]:
    """Return one row for the linkage model."""
    return {
        "unique_id": unique_id,
        **name_features(given_names, family_name),
        **dob_features(date_of_birth),
        "sex": (sex or "").strip().lower() or None,
        "area": normalise(area) or None,
    }


COLUMNS = (
    "unique_id",
    "given_name",
    "family_name",
    "given_first",
    "given_canon",
    "given_sdx",
    "family_sdx",
    "given_init",
    "family_init",
    "dob",
    "dob_y",
    "dob_m",
    "dob_d",
    "sex",
    "area",
)

"""The linkage model: splink settings (DuckDB SQL), training, bulk linking and quick scoring.

One definition of the comparison levels (COMPARISONS) serves everything: it becomes the
splink settings that are trained and stored, and the stored settings are what score pairs
in bulk (splink's predict) and one referral at a time (the same SQL conditions evaluated by
DuckDB on a handful of candidate rows, weighted with the stored m and u probabilities).
No Django here: callers pass rows as dicts (see features.record_features).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from checkpoint.linkage.features import COLUMNS, canonical_given, normalise, soundex

# Fraction of random person-record pairs that are the same person: a starting prior that
# training replaces with splink's estimate.
DEFAULT_PRIOR = 1e-5
JW = "jaro_winkler_similarity"


@dataclass(frozen=True)
class Level:
    """One level of a comparison: its SQL test, a reason in plain words, default m and u."""

    sql: str
    label: str
    reason: str
    m: float
    u: float
    is_null: bool = False


# A swap needs both names to have crossed over, not just one to resemble the other's field.
# The first word of each is compared, as a swapped record puts several given names in the
# family-name field.
SWAPPED = (
    f"""{JW}(split_part("family_name_l", ' ', 1), "given_first_r") >= 0.9"""
    f""" AND {JW}("given_first_l", split_part("family_name_r", ' ', 1)) >= 0.9"""
)


def _null(column: str) -> Level:
    return Level(f'"{column}_l" IS NULL OR "{column}_r" IS NULL', "missing", "", 0, 0, True)


def _else(reason: str, m: float, u: float) -> Level:
    return Level("ELSE", "different", reason, m, u)


COMPARISONS: dict[str, list[Level]] = {
    "family_name": [
        _null("family_name"),
        Level('"family_name_l" = "family_name_r"', "exact", "same family name", 0.80, 0.005),
        Level(
            SWAPPED,
            "swapped",
            "given and family names swapped",
            0.04,
            0.0005,
        ),
        Level(
            f'{JW}("family_name_l", "family_name_r") >= 0.92',
            "close",
            "family name spelt slightly differently",
            0.08,
            0.003,
        ),
        Level(
            '"family_sdx_l" = "family_sdx_r"',
            "sounds alike",
            "family name sounds the same",
            0.04,
            0.01,
        ),
        Level(
            f'{JW}("family_name_l", "family_name_r") >= 0.80',
            "similar",
            "family name similar",
            0.02,
            0.03,
        ),
        _else("family name different", 0.02, 0.952),
    ],
    "given_name": [
        _null("given_name"),
        Level('"given_name_l" = "given_name_r"', "exact", "same given names", 0.75, 0.01),
        Level(
            SWAPPED,
            "swapped",
            "given and family names swapped",
            0.04,
            0.0005,
        ),
        Level(
            '"given_first_l" = "given_first_r" OR "given_canon_l" = "given_canon_r"',
            "first or nickname",
            "same first name or a known short form of it",
            0.08,
            0.01,
        ),
        Level(
            f'{JW}("given_first_l", "given_first_r") >= 0.88',
            "close",
            "given name spelt slightly differently",
            0.06,
            0.01,
        ),
        Level(
            '"given_sdx_l" = "given_sdx_r"',
            "sounds alike",
            "given name sounds the same",
            0.02,
            0.01,
        ),
        Level('"given_init_l" = "given_init_r"', "initial", "same initial", 0.02, 0.06),
        _else("given name different", 0.03, 0.8995),
    ],
    "date_of_birth": [
        _null("dob"),
        Level('"dob_l" = "dob_r"', "exact", "same date of birth", 0.85, 0.0001),
        Level(
            '"dob_y_l" = "dob_y_r" AND "dob_m_l" = "dob_d_r" AND "dob_d_l" = "dob_m_r"',
            "day and month swapped",
            "date of birth with day and month swapped",
            0.04,
            0.000005,
        ),
        Level(
            '("dob_y_l" = "dob_y_r")::INT + ("dob_m_l" = "dob_m_r")::INT'
            ' + ("dob_d_l" = "dob_d_r")::INT = 2',
            "one part differs",
            "date of birth differs in one part",
            0.06,
            0.004,
        ),
        Level(
            'abs("dob_y_l" - "dob_y_r") = 1',
            "year within one",
            "year of birth one out",
            0.02,
            0.04,
        ),
        _else("date of birth different", 0.03, 0.955895),
    ],
    "sex": [
        _null("sex"),
        Level('"sex_l" = "sex_r"', "same", "same sex", 0.97, 0.5),
        _else("sex recorded differently", 0.03, 0.5),
    ],
    "area": [
        _null("area"),
        Level('"area_l" = "area_r"', "same", "same area", 0.8, 0.3),
        _else("different area", 0.2, 0.7),
    ],
}

# Candidate pairs: each rule is cheap on its own and together they still catch swapped names
# and date-of-birth slips (a pair only needs to satisfy one rule).
BLOCKING_RULES: tuple[str, ...] = (
    'l."dob" = r."dob" AND l."family_sdx" = r."family_sdx"',
    'l."dob" = r."dob" AND l."given_sdx" = r."given_sdx"',
    'l."dob" = r."dob" AND l."given_init" = r."given_init" AND l."family_init" = r."family_init"',
    # Given and family names swapped, with or without a typo.
    'l."dob" = r."dob" AND l."given_init" = r."family_init" AND l."family_init" = r."given_init"',
    'l."family_sdx" = r."given_sdx" AND l."given_sdx" = r."family_sdx" AND l."dob_y" = r."dob_y"',
    # Date-of-birth slips: day, month, year or day/month transposed.
    'l."family_sdx" = r."family_sdx" AND l."given_init" = r."given_init" AND l."dob_y" = r."dob_y"',
    'l."family_sdx" = r."family_sdx" AND l."given_sdx" = r."given_sdx"'
    ' AND l."dob_m" = r."dob_m" AND l."dob_d" = r."dob_d"',
    'l."given_first" = r."given_first" AND l."family_init" = r."family_init"'
    ' AND l."dob_m" = r."dob_m" AND l."dob_d" = r."dob_d"',
    'l."family_name" = r."family_name" AND l."dob_m" = r."dob_m" AND l."dob_d" = r."dob_d"',
    # No date of birth recorded: the same names.
    'l."family_name" = r."family_name" AND l."given_first" = r."given_first"',
)
# Training blocks: EM estimates the name levels on date-of-birth blocks and the
# date-of-birth levels on name blocks, so each comparison is trained where it varies.
TRAINING_RULES: tuple[str, ...] = (
    'l."dob" = r."dob"',
    'l."family_name" = r."family_name" AND l."given_first" = r."given_first"',
)


def settings_dict(link_type: str = "dedupe_only") -> dict[str, Any]:
    """Return untrained splink settings with the expert default m and u probabilities."""
    return {
        "link_type": link_type,
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": DEFAULT_PRIOR,
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": rule, "sql_dialect": "duckdb"} for rule in BLOCKING_RULES
        ],
        "comparisons": [
            {
                "output_column_name": name,
                "comparison_description": name.replace("_", " "),
                "comparison_levels": [_level_dict(level) for level in levels],
            }
            for name, levels in COMPARISONS.items()
        ],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "additional_columns_to_retain": [],
    }


def _level_dict(level: Level) -> dict[str, Any]:
    out: dict[str, Any] = {
        "sql_condition": level.sql,
        "label_for_charts": level.label,
    }
    if level.is_null:
        out["is_null_level"] = True
    else:
        out["m_probability"] = level.m
        out["u_probability"] = level.u
    return out


def frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Return rows as a DataFrame with the model's columns and types."""
    df = pd.DataFrame(list(rows), columns=list(COLUMNS))
    for column in ("dob_y", "dob_m", "dob_d"):
        df[column] = df[column].astype("Int64")
    return df


def features_frame(
    *,
    ids: Sequence[str],
    given_names: Sequence[str | None],
    family_names: Sequence[str | None],
    dates_of_birth: Sequence[str | None],
    sexes: Sequence[str | None],
    areas: Sequence[str | None],
) -> pd.DataFrame:
    """Return model rows for many records at once (dates as ISO strings), like `frame`."""
    given = pd.Series(given_names, dtype="object").map(normalise)
    family = pd.Series(family_names, dtype="object").map(normalise)
    first = given.map(lambda g: g.split(" ", 1)[0])
    blank = {"": None}
    dob = pd.Series(dates_of_birth, dtype="object")
    df = pd.DataFrame(
        {
            "unique_id": list(ids),
            "given_name": given.replace(blank),
            "family_name": family.replace(blank),
            "given_first": first.replace(blank),
            "given_canon": first.map(canonical_given).replace(blank),
            "given_sdx": first.map(soundex).replace(blank),
            "family_sdx": family.map(soundex).replace(blank),
            "given_init": given.str[:1].replace(blank),
            "family_init": family.str[:1].replace(blank),
            "dob": dob,
            "dob_y": pd.to_numeric(dob.str[:4], errors="coerce").astype("Int64"),
            "dob_m": pd.to_numeric(dob.str[5:7], errors="coerce").astype("Int64"),
            "dob_d": pd.to_numeric(dob.str[8:10], errors="coerce").astype("Int64"),
            "sex": pd.Series(sexes, dtype="object").map(lambda x: (x or "").strip().lower()),
            "area": pd.Series(areas, dtype="object").map(normalise),
        }
    )
    df["sex"] = df["sex"].replace(blank)
    df["area"] = df["area"].replace(blank)
    return df[list(COLUMNS)]


def _linker(tables: Sequence[pd.DataFrame], settings: dict[str, Any]) -> Any:
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI(connection=duckdb.connect())
    registered = [db_api.register(t) for t in tables]
    return Linker(registered if len(registered) > 1 else registered[0], settings, log_level=None)


def train(
    people: pd.DataFrame,
    records: pd.DataFrame | None = None,
    *,
    max_pairs: float = 1e6,
    seed: int = 1,
    em: bool = True,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Train the model on the force's data; return settings and training metrics.

    u (how often levels occur by chance) comes from random pairs of the force's people. m
    (how often they occur for the same person) needs pairs that are mostly matches: EM runs
    on feed records against people, blocked on date of birth and then on names, so each
    comparison is learned where it varies. Without feed records m keeps its expert defaults
    (a deduplicated person index holds too few true pairs for EM to learn from).
    """
    logging.getLogger("splink").setLevel(logging.ERROR)
    metrics: dict[str, Any] = {"people_rows": len(people), "record_rows": 0}
    if records is None or records.empty:
        linker = _linker([people], settings_dict("dedupe_only"))
    else:
        metrics["record_rows"] = len(records)
        linker = _linker([records, people], settings_dict("link_only"))
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    trained_em: list[str] = []
    if records is not None and not records.empty:
        linker.training.estimate_probability_two_random_records_match(
            [TRAINING_RULES[1], 'l."dob" = r."dob" AND l."family_sdx" = r."family_sdx"'],
            recall=0.8,
        )
        if em:
            for rule in TRAINING_RULES:
                try:
                    linker.training.estimate_parameters_using_expectation_maximisation(
                        rule, estimate_without_term_frequencies=True
                    )
                except Exception as error:
                    metrics.setdefault("em_skipped", []).append(f"{rule}: {error}"[:200])
                else:
                    trained_em.append(rule)
    metrics["m_source"] = "expectation maximisation" if trained_em else "expert defaults"
    metrics["em_blocking_rules"] = trained_em
    settings = linker.misc.save_model_to_json()
    settings["link_type"] = "link_only"
    return _fill_untrained(settings), metrics


def _fill_untrained(settings: dict[str, Any]) -> dict[str, Any]:
    """Fall back to the default m or u where training left a level without an estimate."""
    for comparison in settings["comparisons"]:
        defaults = {lv.label: lv for lv in COMPARISONS[comparison["output_column_name"]]}
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            default = defaults.get(level.get("label_for_charts", ""))
            for key, fallback in (("m_probability", "m"), ("u_probability", "u")):
                value = level.get(key)
                if default is not None and (value is None or not value > 0):
                    level[key] = getattr(default, fallback)
    return settings


@dataclass(frozen=True)
class ScoredPair:
    """A scored pair of rows, with the reasons each comparison gave."""

    left_id: str
    right_id: str
    probability: float
    reasons: tuple[str, ...]


def _reason_index() -> dict[tuple[str, str], str]:
    return {
        (name, level.label): level.reason
        for name, levels in COMPARISONS.items()
        for level in levels
        if level.reason
    }


REASONS = _reason_index()


def score_pairs(
    left: Sequence[dict[str, Any]], right: Sequence[dict[str, Any]], settings: dict[str, Any]
) -> list[ScoredPair]:
    """Score every left row against every right row with the stored model (small inputs)."""
    if not left or not right:
        return []
    con = duckdb.connect()
    con.register("l_rows", frame(left))
    con.register("r_rows", frame(right))
    selects, comparisons = [], settings["comparisons"]
    for c_index, comparison in enumerate(comparisons):
        cases = []
        for l_index, level in enumerate(comparison["comparison_levels"]):
            if level["sql_condition"].strip().upper() == "ELSE":
                continue
            cases.append(f"WHEN {level['sql_condition']} THEN {l_index}")
        otherwise = len(comparison["comparison_levels"]) - 1
        selects.append(f"CASE {' '.join(cases)} ELSE {otherwise} END AS c{c_index}")
    columns = ", ".join(f'l."{c}" AS "{c}_l", r."{c}" AS "{c}_r"' for c in COLUMNS)
    # The SQL comes from the stored model's own conditions, never from user input: the
    # values compared are registered as tables.
    sql = (
        f'SELECT "unique_id_l", "unique_id_r", {", ".join(selects)} '  # noqa: S608
        f"FROM (SELECT {columns} FROM l_rows l CROSS JOIN r_rows r)"
    )
    prior = float(settings["probability_two_random_records_match"])
    base = math.log2(prior / (1 - prior))
    scored = []
    for row in con.execute(sql).fetchall():
        weight, reasons = base, []
        for c_index, comparison in enumerate(comparisons):
            level = comparison["comparison_levels"][row[2 + c_index]]
            if level.get("is_null_level"):
                continue
            m, u = float(level["m_probability"]), float(level["u_probability"])
            weight += math.log2(m / u)
            reason = REASONS.get((comparison["output_column_name"], level["label_for_charts"]))
            if reason and reason not in reasons:
                reasons.append(reason)
        scored.append(ScoredPair(str(row[0]), str(row[1]), probability(weight), tuple(reasons)))
    con.close()
    return scored


def probability(weight: float) -> float:
    """Return the match probability for a match weight (log2 Bayes factor)."""
    if weight > 60:
        return 1.0
    odds = 2.0**weight
    return float(odds / (1 + odds))


def link(
    left: pd.DataFrame,
    right: pd.DataFrame,
    settings: dict[str, Any],
    *,
    threshold: float,
) -> pd.DataFrame:
    """Link two tables in bulk with splink; return pairs at or above the threshold."""
    logging.getLogger("splink").setLevel(logging.ERROR)
    linked = dict(settings, link_type="link_only")
    linker = _linker([left, right], linked)
    predictions = linker.inference.predict(
        threshold_match_probability=threshold, warning_mode="never"
    )
    out = predictions.as_pandas_dataframe()
    return out[["unique_id_l", "unique_id_r", "match_probability"]]

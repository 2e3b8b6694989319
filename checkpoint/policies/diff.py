"""Describe how one scheme policy differs from another, in plain words (`checkpoint policy diff`).

Every field of the schema is compared generically (sections are recursed into, lists are
compared as added/removed, scalars as old → new), and the important ones have hand-written
wording. A field added to the schema later still gets a sentence, named by its dotted path,
until someone writes wording for it in WORDING.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum
from typing import Any

from pydantic import BaseModel

from checkpoint.domain.policy import DrugClass, DrugSupplyIndicator, Policy, SpecificTerm

NO_DIFFERENCES = "No differences."
ARROW = "→"


class Style(StrEnum):
    """How a field's change is put into words."""

    SCALAR = "scalar"  # "Label: old → new."
    TOGGLE = "toggle"  # "Label: now excluded." / "Label: no longer excluded."
    LIST = "list"  # "Label added: a, b." / "Label removed: c."
    TEXT = "text"  # long free text: "Label reworded."


@dataclass(frozen=True)
class Wording:
    """How one field is named and its values are said."""

    label: str
    style: Style = Style.SCALAR
    unit: str = ""
    none: str = "none"
    on: str = "now required"
    off: str = "no longer required"
    added: str = "{label} added: {items}."
    removed: str = "{label} removed: {items}."
    quote: bool = False


def _toggle(label: str, on: str, off: str) -> Wording:
    return Wording(label, Style.TOGGLE, on=on, off=off)


def _excluded(label: str) -> Wording:
    return _toggle(label, "now excluded", "no longer excluded")


def _required(label: str) -> Wording:
    return _toggle(label, "now required", "no longer required")


def _applied(label: str) -> Wording:
    return _toggle(label, "now applied", "no longer applied")


# Hand-written wording for every field of checkpoint/domain/policy.py, keyed by dotted path.
# A test checks this covers the whole schema, so a new field is a reminder to word it here.
WORDING: dict[str, Wording] = {
    "policy.name": Wording("Name"),
    "policy.title": Wording("Title", quote=True),
    "policy.scheme": Wording("Scheme"),
    "policy.version": Wording("Version"),
    "policy.effective_from": Wording("In force from"),
    "policy.effective_to": Wording("In force until", none="no end date"),
    "policy.scheme_type": Wording("Scheme type"),
    "policy.summary": Wording("Summary", Style.TEXT),
    "policy.sources": Wording("Sources", Style.LIST, quote=True),
    "person.minimum_age": Wording("Minimum age"),
    "person.maximum_age": Wording("Maximum age", none="no maximum"),
    "person.must_live_in_force_area": _required("Living in the force area"),
    "offences.in_force_area": _required("Offence committed in the force area"),
    "offences.max_age_months": Wording(
        "Maximum offence age at decision", unit=" months", none="no limit"
    ),
    "offences.families_in": Wording("Offence families", Style.LIST),
    "offences.codes_in": Wording(
        "Offence codes in scope individually",
        Style.LIST,
        added="Offence codes now in scope individually: {items}.",
        removed="Offence codes no longer in scope individually: {items}.",
    ),
    "offences.codes_out": Wording(
        "Offence codes excluded individually",
        Style.LIST,
        added="Offence codes now excluded individually: {items}.",
        removed="Offence codes no longer excluded individually: {items}.",
    ),
    "offences.max_gravity_score": Wording("Maximum gravity score", none="no limit"),
    "offences.domestic": Wording("Domestic-related offences"),
    "offences.hate_crime_excluded": _toggle("Hate crime", "now excluded", "no longer excluded"),
    "offences.specific_terms": Wording("Specific terms", Style.LIST),
    "evidence.admission_or_no_reply": _required("Admission or 'no reply' interview"),
    "evidence.evidential_test": _required("Evidential test (sufficient evidence to charge)"),
    "exclusions.co_accused": _excluded("Cases with a co-accused"),
    "exclusions.on_bail": _excluded("People on police or court bail"),
    "exclusions.subject_to_court_order": _excluded("People subject to a court order"),
    "exclusions.suspended_sentence": _excluded("People serving a suspended sentence"),
    "exclusions.conditional_discharge": _excluded("People subject to a conditional discharge"),
    "exclusions.detained_for_court": _excluded("People detained for court"),
    "exclusions.detained_under_mental_health_act": _excluded(
        "People detained under the Mental Health Act"
    ),
    "exclusions.custody_likely": _excluded("Cases where custody is the likely sentence"),
    "history.max_previous_convictions": Wording("Previous convictions", none="no limit"),
    "history.recent_conviction_years": Wording("Recent-conviction window", unit=" years"),
    "history.max_recent_convictions": Wording("Recent convictions allowed", none="no limit"),
    "history.previous_diversion_excludes": _toggle(
        "A previous diversion", "now excludes", "no longer excludes"
    ),
    "victim.views_required": _required("The victim's views"),
    "victim.opposition_excludes": _toggle(
        "The victim's opposition", "now excludes", "no longer excludes (it is considered)"
    ),
    "risk.advisory_bands": Wording("Advisory forecast bands", Style.LIST),
    "drug_supply.allowed": _toggle("Drug supply", "now allowed", "no longer allowed"),
    "drug_supply.indicators": Wording("Drug supply qualifying circumstances", Style.LIST),
    "drug_supply.classes": Wording("Drug supply classes", Style.LIST),
    "drug_supply.supervisor_approval": _required("Supervisor approval of drug supply cases"),
    "drug_supply.county_lines_requires_nrm_referral": _required(
        "A National Referral Mechanism referral for a county lines link"
    ),
    "filters.public_interest": _applied("Public interest filter"),
    "filters.sensitive_case": _applied("Sensitive case filter"),
    "filters.safety_check": _applied("Safety check filter"),
    "clocks.contract_months": Wording("Contract length", unit=" months"),
    "clocks.s127_breach_margin_days": Wording(
        "Time kept for handling a breach before the s127 limit", unit=" days"
    ),
    "clocks.s127_warning_days": Wording("Warning before the s127 limit", unit=" days"),
    "clocks.follow_up_months": Wording("Reoffending follow-up", unit=" months"),
    "casework.first_appointment_hours": Wording(
        "First appointment with a navigator within", unit=" hours"
    ),
    "casework.default_caseload_limit": Wording("Default caseload per navigator", unit=" cases"),
    "casework.contact_every_days": Wording("Contact with the person at least every", unit=" days"),
    "casework.conditions_catalogue": Wording("Conditions catalogue"),
    "casework.max_conditions": Wording("Most conditions in a contract"),
    "casework.max_pathway_interventions": Wording("Most pathway interventions in a contract"),
    "casework.community_hours_min": Wording("Fewest community work hours", unit=" hours"),
    "casework.community_hours_max": Wording("Most community work hours", unit=" hours"),
    "outcomes.completion_outcome_code": Wording("Completion outcome code"),
}


def leaf_values(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Yield (dotted path, value) for every field, recursing into sections, in schema order."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            yield from leaf_values(value, f"{path}.")
        else:
            yield path, value


def _words(value: Any, wording: Wording) -> str:
    """Say one value the way a policy author would."""
    if value is None:
        return wording.none
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, Enum):
        return str(value.value).replace("_", " ")
    if isinstance(value, BaseModel):
        return str(value.model_dump(mode="json", exclude_none=True))
    if isinstance(value, str) and wording.quote:
        return f'"{value}"'
    return str(value)


def _items(values: list[Any], wording: Wording) -> str:
    return ("; " if wording.quote else ", ").join(_words(v, wording) for v in values)


def _scalar(wording: Wording, old: Any, new: Any) -> str:
    if old is not None and new is not None:
        # "Contract length: 4 → 6 months." - the unit once, after the new value.
        return (
            f"{wording.label}: {_words(old, wording)} {ARROW} {_words(new, wording)}{wording.unit}."
        )
    old_text = _words(old, wording) + (wording.unit if old is not None else "")
    new_text = _words(new, wording) + (wording.unit if new is not None else "")
    return f"{wording.label}: {old_text} {ARROW} {new_text}."


def _list(wording: Wording, old: list[Any], new: list[Any]) -> list[str]:
    added = [v for v in new if v not in old]
    removed = [v for v in old if v not in new]
    sentences = []
    if added:
        sentences.append(wording.added.format(label=wording.label, items=_items(added, wording)))
    if removed:
        sentences.append(
            wording.removed.format(label=wording.label, items=_items(removed, wording))
        )
    if not sentences:
        # Same entries in another order (or repeated): no effect on a decision, but say so.
        sentences.append(f"{wording.label}: the same entries, listed differently.")
    return sentences


def sentence_for(path: str, old: Any, new: Any) -> list[str]:
    """Word the change of one field generically (using WORDING where there is an entry)."""
    wording = WORDING.get(path, Wording(path))
    if isinstance(old, list) and isinstance(new, list):
        return _list(wording, old, new)
    if wording.style is Style.TOGGLE and isinstance(new, bool):
        return [f"{wording.label}: {wording.on if new else wording.off}."]
    if wording.style is Style.TEXT:
        return [f"{wording.label} reworded."]
    return [_scalar(wording, old, new)]


# Fields whose change reads better together; each handler returns sentences and the paths
# it has dealt with, so they are not repeated generically.
Handler = Callable[[Policy, Policy], tuple[list[str], set[str]]]


def _convictions(limit: int | None) -> str:
    if limit is None:
        return "no limit"
    return f"at most {limit} previous conviction{'' if limit == 1 else 's'}"


def _recent(years: int | None, limit: int | None) -> str:
    if years is None or limit is None:
        return "no limit on recent convictions"
    window = "year" if years == 1 else f"{years} years"
    if limit == 0:
        return f"no convictions in the last {window}"
    return f"at most {limit} conviction{'' if limit == 1 else 's'} in the last {window}"


def _history(a: Policy, b: Policy) -> tuple[list[str], set[str]]:
    old, new = a.history, b.history
    sentences, done = [], set()
    if old.max_previous_convictions != new.max_previous_convictions:
        sentences.append(
            f"History: {_convictions(new.max_previous_convictions)} "
            f"(was {_convictions(old.max_previous_convictions)})."
        )
        done.add("history.max_previous_convictions")
    before = _recent(old.recent_conviction_years, old.max_recent_convictions)
    after = _recent(new.recent_conviction_years, new.max_recent_convictions)
    if before != after:
        sentences.append(f"History: {after} (was {before}).")
        done |= {"history.recent_conviction_years", "history.max_recent_convictions"}
    return sentences, done


def _classes(classes: list[DrugClass]) -> str:
    return ", ".join(c.value for c in classes) or "none"


def _indicators(indicators: list[DrugSupplyIndicator]) -> str:
    labels = [i.label for i in indicators]
    if len(labels) < 2:
        return "".join(labels) or "(no circumstances listed)"
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def _drug_supply(a: Policy, b: Policy) -> tuple[list[str], set[str]]:
    old, new = a.drug_supply, b.drug_supply
    if old.allowed == new.allowed:
        return [], set()
    if not new.allowed:
        # Once supply is refused the other supply settings have no effect, so say only that.
        return ["Drug supply: no longer allowed."], {
            f"drug_supply.{name}" for name in type(new).model_fields
        }
    approval = (
        "supervisor approval required"
        if new.supervisor_approval
        else "no supervisor approval needed"
    )
    sentence = (
        f"Drug supply: now allowed (classes {_classes(new.classes)}; {approval}) where the "
        f"person is {_indicators(new.indicators)}."
    )
    return [sentence], {
        "drug_supply.allowed",
        "drug_supply.classes",
        "drug_supply.indicators",
        "drug_supply.supervisor_approval",
    }


def _term_key(term: SpecificTerm) -> str:
    if term.family is not None:
        return term.family.value.replace("_", " ")
    return f"offence {term.code}"


def _specific_terms(a: Policy, b: Policy) -> tuple[list[str], set[str]]:
    old_terms, new_terms = a.offences.specific_terms, b.offences.specific_terms
    if old_terms == new_terms:
        return [], set()
    old = {_term_key(t): t for t in old_terms}
    new = {_term_key(t): t for t in new_terms}
    sentences = []
    for key, term in new.items():
        if key not in old:
            sentences.append(f"Specific terms added for {key}: {term.clause}.")
            continue
        before = old[key]
        parts = []
        if before.clause != term.clause:
            parts.append(f"clause '{before.clause}' {ARROW} '{term.clause}'")
        if before.question != term.question:
            parts.append(f"the officer is now asked: '{term.question}'")
        if parts:
            sentences.append(f"Specific terms for {key} changed: {'; '.join(parts)}.")
    for key, term in old.items():
        if key not in new:
            sentences.append(f"Specific terms removed for {key} (were: {term.clause}).")
    if not sentences:
        sentences.append("Specific terms: the same terms, listed differently.")
    return sentences, {"offences.specific_terms"}


# Keyed by the first path each handler speaks for, so sentences keep the schema's order.
HANDLERS: dict[str, Handler] = {
    "offences.specific_terms": _specific_terms,
    "history.max_previous_convictions": _history,
    "history.recent_conviction_years": _history,
    "history.max_recent_convictions": _history,
    "drug_supply.allowed": _drug_supply,
}


def describe_changes(a: Policy, b: Policy) -> list[str]:
    """Return the changes from policy a to policy b in plain words, or 'No differences.'."""
    new_values = dict(leaf_values(b))
    sentences: list[str] = []
    done: set[str] = set()
    called: set[Handler] = set()
    for path, old in leaf_values(a):
        new = new_values[path]
        if path in done or old == new:
            continue
        handler = HANDLERS.get(path)
        if handler is not None and handler not in called:
            called.add(handler)
            said, covered = handler(a, b)
            sentences.extend(said)
            done |= covered
            if path in covered:
                continue
        sentences.extend(sentence_for(path, old, new))
        done.add(path)
    return sentences or [NO_DIFFERENCES]

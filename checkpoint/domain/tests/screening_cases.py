"""Shared builders for screening tests: a clean referral, and a deep-merge for variations."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from checkpoint.domain.policy import Policy
from checkpoint.domain.screening import OffenceFacts, ScreeningInput
from checkpoint.offences.catalogue import catalogue_facts
from checkpoint.policies.loader import policy_named

DECISION = date(2026, 11, 25)


@cache
def catalogue() -> dict[str, OffenceFacts]:
    """Return the shipped offence catalogue as screening facts."""
    return catalogue_facts()


@cache
def policy(name: str) -> Policy:
    """Return a shipped policy by name."""
    return policy_named(name).policy


def merge(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """Merge a patch into a copy of base, recursing into nested dictionaries."""
    out = dict(base)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def offence_row(code: str, committed_on: str, **flags: Any) -> dict[str, Any]:
    """Return one offence as a clean referral answers it: in the area, not domestic or hate."""
    return {
        "code": code,
        "committed_on": committed_on,
        "in_force_area": True,
        "domestic_related": False,
        "hate_crime": False,
        **flags,
    }


def clean_referral(**patch: Any) -> dict[str, Any]:
    """Return an eligible Checkpoint referral as JSON-style data, with a patch applied."""
    base: dict[str, Any] = {
        "decision_date": DECISION.isoformat(),
        "person": {"date_of_birth": "1990-03-12", "lives_in_force_area": True},
        "offences": [offence_row("THEFT-FROM-SHOP", "2026-11-15")],
        "admission": "admitted",
        "evidential_test_met": True,
        "exclusions": {
            "co_accused": False,
            "on_bail": False,
            "subject_to_court_order": False,
            "suspended_sentence": False,
            "conditional_discharge": False,
            "detained_for_court": False,
            "detained_under_mental_health_act": False,
            "custody_likely": False,
        },
        "history": {"conviction_dates": [], "previous_diversion": False},
        "victim": {"has_victim": True, "views_recorded": True, "opposes_diversion": False},
        "filters": {"public_interest_met": True, "sensitive_case": False, "safety_concern": False},
    }
    return merge(base, patch)


def build(**patch: Any) -> ScreeningInput:
    """Return a validated screening input."""
    return ScreeningInput.model_validate(clean_referral(**patch))

"""The scheme policy's casework settings in force on a day (docs/policies.md)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from checkpoint.domain.errors import DomainError
from checkpoint.domain.policy import Casework, Clocks, Outcomes
from checkpoint.policies.loader import policy_in_force

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CaseworkSettings:
    """The settings casework reads from the policy; `policy` is None for built-in defaults."""

    policy: str | None
    casework: Casework
    clocks: Clocks
    outcomes: Outcomes


def casework_settings(day: date) -> CaseworkSettings:
    """Return the casework settings of the policy in force on a day.

    Worklists and the daily job must still work if the policy files have a gap, so they
    fall back to the schema's defaults (logged); recording an outcome code does not
    (`completion_settings`).
    """
    try:
        loaded = policy_in_force(settings.CHECKPOINT_SCHEME, day, settings.CHECKPOINT_POLICY_DIR)
    except DomainError as error:
        log.warning("Using default casework settings: %s", error)
        return CaseworkSettings(
            policy=None, casework=Casework(), clocks=Clocks(), outcomes=Outcomes()
        )
    policy = loaded.policy
    return CaseworkSettings(
        policy=policy.label,
        casework=policy.casework,
        clocks=policy.clocks,
        outcomes=policy.outcomes,
    )


def completion_settings(day: date) -> CaseworkSettings:
    """Return the settings in force for recording an outcome; refuse if no policy applies."""
    found = casework_settings(day)
    if found.policy is None:
        raise DomainError(
            f"No scheme policy is in force on {day:%d %B %Y}, so no outcome code can be "
            "recorded. Ask the administrator to publish one."
        )
    return found

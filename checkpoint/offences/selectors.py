"""Reads of the offence catalogue (not personal data, so not scoped)."""

from __future__ import annotations

from collections.abc import Iterable

from checkpoint.domain.screening import OffenceFacts
from checkpoint.offences.models import Offence


def offence_facts(codes: Iterable[str]) -> dict[str, OffenceFacts]:
    """Return the screening facts for the given codes that exist in the catalogue."""
    return {
        o.code: OffenceFacts(
            code=o.code,
            title=o.title,
            family=o.family_enum,
            mode_of_trial=o.mode_of_trial_enum,
            gravity_score=o.gravity_score,
        )
        for o in Offence.objects.filter(code__in=list(codes))
    }

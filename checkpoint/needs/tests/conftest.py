"""Fixtures for needs tests: a diverted case worked by the north team's navigator."""

from __future__ import annotations

import pytest

from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.needs import NeedLevel, Pathway
from checkpoint.needs.services import PathwayAnswer
from tests.factories import CaseFactory


@pytest.fixture
def case(force):
    return CaseFactory(state=CaseState.ACTIVE.value, team=force.north, navigator=force.navigator)


def answers(**levels: str) -> list[PathwayAnswer]:
    """Return answers for all nine pathways: no need unless named (level, support wanted)."""
    rows = []
    for p in Pathway:
        spec = levels.get(p.value, "none")
        level, _, wanted = spec.partition(":")
        rows.append(
            PathwayAnswer(
                pathway=p,
                level=NeedLevel(level),
                support_wanted=wanted == "yes",
                notes=f"note on {p.value}" if level != "none" else "",
            )
        )
    return rows

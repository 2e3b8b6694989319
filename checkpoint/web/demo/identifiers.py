"""Identifiers for demo people: force person IDs and Police National Computer IDs."""

from __future__ import annotations

from random import Random

from checkpoint.domain.disposals import POSITIVE_DISPOSALS
from checkpoint.web.demo.population import PersonPlan

PNC_CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"


def pnc_check_letter(year: int, serial: int) -> str:
    """Return the PNC ID check character: (two-digit year and serial) modulo 23."""
    return PNC_CHECK_LETTERS[int(f"{year % 100:02d}{serial:07d}") % 23]


def assign_identifiers(rng: Random, people: list[PersonPlan]) -> None:
    """Give everyone a force ID in record-creation order, and most people a unique PNC ID."""
    number = 100_000 + rng.randrange(50_000)
    taken: set[tuple[int, int]] = set()
    for person in sorted(people, key=lambda p: (p.created_at, p.number)):
        number += rng.randint(1, 9)
        person.force_person_id = f"DUR{number:08d}"
        sanctioned = any(c.disposal in POSITIVE_DISPOSALS for c in person.custody)
        # Arrests are recorded on the PNC; a few people with no sanction have no record yet.
        if sanctioned or rng.random() < 0.6:
            assert person.created_at is not None
            year = person.created_at.year % 100
            serial = rng.randrange(10_000, 9_999_999)
            while (year, serial) in taken:
                serial = rng.randrange(10_000, 9_999_999)
            taken.add((year, serial))
            person.pnc_id = f"{year:02d}/{serial:07d}{pnc_check_letter(year, serial)}"

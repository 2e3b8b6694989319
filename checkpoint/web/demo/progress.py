"""How the generator reports progress, without depending on any display library."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Something that shows stages of work and how far through each one we are."""

    def stage(self, description: str, total: int) -> None:
        """Start a new stage of `total` steps."""

    def advance(self, amount: int = 1) -> None:
        """Record that `amount` more steps of the current stage are done."""


class NoProgress:
    """Report nothing (tests and quiet runs)."""

    def stage(self, description: str, total: int) -> None:
        """Ignore the new stage."""

    def advance(self, amount: int = 1) -> None:
        """Ignore the progress."""

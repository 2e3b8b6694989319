"""Show a long command's stages as rich progress bars on stderr."""

from __future__ import annotations

from typing import Any

from rich.progress import Progress as RichBar


class RichProgress:
    """Adapt a rich progress display to the stage/advance protocol the long jobs report to."""

    def __init__(self, bar: RichBar) -> None:
        """Draw on the given rich display."""
        self.bar = bar
        self.task: Any = None

    def stage(self, description: str, total: int) -> None:
        """Start a new bar."""
        self.task = self.bar.add_task(description, total=max(total, 1))

    def advance(self, amount: int = 1) -> None:
        """Move the current bar on."""
        if self.task is not None:
            self.bar.advance(self.task, amount)

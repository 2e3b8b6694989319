"""How a custody event was disposed of."""

from enum import StrEnum


class Disposal(StrEnum):
    """The outcome of a custody event."""

    PENDING = "pending"
    NO_FURTHER_ACTION = "no_further_action"
    COMMUNITY_RESOLUTION = "community_resolution"
    CAUTION = "caution"
    CONDITIONAL_CAUTION = "conditional_caution"
    DEFERRED_PROSECUTION = "deferred_prosecution"
    CHARGED = "charged"
    CONVICTED = "convicted"
    ACQUITTED = "acquitted"

    @property
    def label(self) -> str:
        """Return the disposal in words."""
        return self.value.replace("_", " ").capitalize()

    @property
    def is_positive(self) -> bool:
        """Return whether it counts as a sanction, as the Checkpoint trial counted reoffending."""
        return self in POSITIVE_DISPOSALS


# The trial counted "positive disposals" on the PNC (domain.md section 4): a sanction that
# follows an admission or a finding of guilt.
POSITIVE_DISPOSALS = frozenset(
    {
        Disposal.CAUTION,
        Disposal.CONDITIONAL_CAUTION,
        Disposal.COMMUNITY_RESOLUTION,
        Disposal.CHARGED,
        Disposal.CONVICTED,
    }
)

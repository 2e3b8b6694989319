"""The kinds of processing that the Data Protection Act 2018 s62 requires to be logged."""

from enum import StrEnum


class AuditAction(StrEnum):
    """A logged operation's category under DPA 2018 s62(1)."""

    COLLECTION = "collection"
    ALTERATION = "alteration"
    CONSULTATION = "consultation"
    DISCLOSURE = "disclosure"
    COMBINATION = "combination"
    ERASURE = "erasure"

    @property
    def label(self) -> str:
        """Return the category in words."""
        return self.value.capitalize()

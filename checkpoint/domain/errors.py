"""Errors raised by the domain core."""


class DomainError(Exception):
    """A request the scheme's rules do not allow; the message is written for the user."""


class TransitionNotAllowed(DomainError):
    """A case cannot move as asked: wrong state, wrong role or a guard failed."""

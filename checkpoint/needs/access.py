"""Who may record needs and referrals on a case: its navigator, or a supervisor of its team."""

from __future__ import annotations

from checkpoint.accounts.models import User
from checkpoint.casework.access import is_case_worker
from checkpoint.casework.models import Case
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.roles import Role

# Needs are recorded once a navigator has an eligible (or diversion-allocated) case, since
# the contract is built on them, until the end assessment just after completion.
NEEDS_STATES = frozenset(
    {
        CaseState.ELIGIBLE,
        CaseState.ALLOCATED_DIVERSION,
        CaseState.CONTRACT_OFFERED,
        CaseState.ACTIVE,
        CaseState.COMPLETED,
    }
)


def require_case_worker(actor: User, case: Case, doing: str) -> None:
    """Refuse, in words for the user, anyone but the case's navigator or team supervisor."""
    if not is_case_worker(actor, case):
        raise DomainError(
            f"Only the navigator of {case.reference} or a supervisor of its team can {doing}."
        )


def require_state(case: Case, states: frozenset[CaseState], doing: str) -> None:
    """Refuse work the case's state does not allow yet (or any more)."""
    if case.state_enum not in states:
        raise DomainError(
            f"{case.reference} is '{case.state_enum.label}', so you cannot {doing} on it now. "
            "Needs and referrals are recorded once the case is eligible and with a navigator."
        )


# Needs hold health and other sensitive facts, so only the people who work with them read
# them: navigators and supervisors (within case scope) and administrators. Custody
# officers and victim liaison officers see the case but not its needs.
NEEDS_READERS = frozenset({Role.NAVIGATOR, Role.SUPERVISOR, Role.ADMINISTRATOR})


def may_view_needs(user: User | None) -> bool:
    """Return whether the user's role may read needs and referrals on cases in their scope."""
    return (
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role_enum in NEEDS_READERS
    )

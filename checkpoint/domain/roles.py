"""The people who use the system (domain.md section 2)."""

from enum import StrEnum


class Role(StrEnum):
    """A user's role; what it may see and do is decided by the role, never by the user."""

    CUSTODY_OFFICER = "custody_officer"
    NAVIGATOR = "navigator"
    SUPERVISOR = "supervisor"
    VICTIM_LIAISON = "victim_liaison"
    ANALYST = "analyst"
    ADMINISTRATOR = "administrator"
    # Scheduled jobs act as the system, never as a person.
    SYSTEM = "system"

    @property
    def label(self) -> str:
        """Return the role's name as users say it."""
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.CUSTODY_OFFICER: "Custody officer",
    Role.NAVIGATOR: "Navigator",
    Role.SUPERVISOR: "Supervisor",
    Role.VICTIM_LIAISON: "Victim liaison",
    Role.ANALYST: "Analyst",
    Role.ADMINISTRATOR: "Administrator",
    Role.SYSTEM: "System",
}

HUMAN_ROLES: tuple[Role, ...] = tuple(r for r in Role if r is not Role.SYSTEM)


class Capability(StrEnum):
    """Something a role may do; views check capabilities, never role names."""

    REFER = "refer"
    SEARCH_PEOPLE = "search_people"
    VIEW_CASES = "view_cases"
    ALLOCATE = "allocate"
    VIEW_AGGREGATES = "view_aggregates"
    VIEW_AUDIT = "view_audit"


# Deny by default: a capability not listed here for a role is refused.
CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.CUSTODY_OFFICER: frozenset(
        {Capability.REFER, Capability.SEARCH_PEOPLE, Capability.VIEW_CASES}
    ),
    Role.NAVIGATOR: frozenset({Capability.SEARCH_PEOPLE, Capability.VIEW_CASES}),
    Role.SUPERVISOR: frozenset(
        {
            Capability.REFER,
            Capability.SEARCH_PEOPLE,
            Capability.VIEW_CASES,
            Capability.ALLOCATE,
            Capability.VIEW_AGGREGATES,
        }
    ),
    Role.VICTIM_LIAISON: frozenset({Capability.SEARCH_PEOPLE, Capability.VIEW_CASES}),
    Role.ANALYST: frozenset({Capability.VIEW_AGGREGATES}),
    Role.ADMINISTRATOR: frozenset(
        {
            Capability.SEARCH_PEOPLE,
            Capability.VIEW_CASES,
            Capability.VIEW_AGGREGATES,
            Capability.VIEW_AUDIT,
        }
    ),
    Role.SYSTEM: frozenset(),
}


def role_can(role: Role | None, capability: Capability) -> bool:
    """Return whether a role holds a capability; no role holds none."""
    return role is not None and capability in CAPABILITIES[role]

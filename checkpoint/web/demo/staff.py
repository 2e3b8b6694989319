"""The demo force's staff: two navigator teams, custody sergeants and one of each other role."""

from __future__ import annotations

from dataclasses import dataclass

from checkpoint.domain.roles import Role

DEMO_PASSWORD = "checkpoint-demo"  # noqa: S105 - published on purpose: these are demo sign-ins
DEMO_URL = "http://127.0.0.1:8000/"
NAVIGATOR_CASELOAD_LIMIT = 25

NORTH = "North"
SOUTH = "South"
OUT_OF_AREA = "Out of area"
AREAS = (NORTH, SOUTH)


@dataclass(frozen=True)
class TeamSpec:
    """A navigator team and the force area it serves."""

    name: str
    area: str


TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec("North navigators", NORTH),
    TeamSpec("South navigators", SOUTH),
)
TEAM_FOR_AREA: dict[str, TeamSpec] = {t.area: t for t in TEAMS}


@dataclass(frozen=True)
class StaffSpec:
    """One demo sign-in."""

    username: str
    first_name: str
    last_name: str
    role: Role
    collar_number: str
    area: str | None = None

    @property
    def team(self) -> TeamSpec | None:
        """Return the team the user belongs to, if any."""
        return TEAM_FOR_AREA[self.area] if self.area is not None else None

    @property
    def email(self) -> str:
        """Return a demo address that can never reach a real mailbox (RFC 2606)."""
        return f"{self.username}@checkpoint.example"


STAFF: tuple[StaffSpec, ...] = (
    StaffSpec("custody", "Gary", "Lowther", Role.CUSTODY_OFFICER, "1482"),
    StaffSpec("custody2", "Claire", "Hutchinson", Role.CUSTODY_OFFICER, "2217"),
    StaffSpec("supervisor", "Andrea", "Bainbridge", Role.SUPERVISOR, "3054", NORTH),
    StaffSpec("supervisor2", "Mark", "Tweddle", Role.SUPERVISOR, "3120", SOUTH),
    StaffSpec("navigator", "Sophie", "Armstrong", Role.NAVIGATOR, "7311", NORTH),
    StaffSpec("navigator2", "Daniel", "Forster", Role.NAVIGATOR, "7326", NORTH),
    StaffSpec("navigator3", "Leanne", "Robson", Role.NAVIGATOR, "7342", NORTH),
    StaffSpec("navigator4", "Craig", "Nicholson", Role.NAVIGATOR, "7358", NORTH),
    StaffSpec("navigator5", "Hannah", "Pattinson", Role.NAVIGATOR, "7405", SOUTH),
    StaffSpec("navigator6", "Liam", "Dowson", Role.NAVIGATOR, "7419", SOUTH),
    StaffSpec("navigator7", "Rachel", "Scott", Role.NAVIGATOR, "7433", SOUTH),
    StaffSpec("navigator8", "Imran", "Hussain", Role.NAVIGATOR, "7448", SOUTH),
    StaffSpec("victims", "Julie", "Carr", Role.VICTIM_LIAISON, "6120", NORTH),
    StaffSpec("analyst", "Priya", "Shah", Role.ANALYST, "8804"),
    StaffSpec("admin", "Neil", "Richardson", Role.ADMINISTRATOR, "9001"),
)


def staff_with(role: Role, area: str | None = None) -> list[StaffSpec]:
    """Return the demo staff holding a role (in an area's team, when one is given)."""
    return [s for s in STAFF if s.role is role and (area is None or s.area == area)]


# Each custody sergeant works one suite; referrals mostly come from the local suite.
CUSTODY_SUITE: dict[str, str] = {NORTH: "custody", SOUTH: "custody2"}
SUITE_CODE: dict[str, str] = {NORTH: "DN", SOUTH: "DS"}

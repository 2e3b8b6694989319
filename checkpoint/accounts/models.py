"""Users, their single role, and the teams that scope what they see."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from checkpoint.domain.roles import HUMAN_ROLES, Role


class Team(models.Model):
    """A group of staff (a navigator team, a custody suite) that shares a caseload."""

    name = models.CharField(max_length=120, unique=True)
    area = models.CharField(max_length=120, blank=True, help_text="The force area it serves.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff. Each user holds exactly one role; access follows the role."""

    role = models.CharField(
        max_length=32, choices=[(r.value, r.label) for r in HUMAN_ROLES], blank=True
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    collar_number = models.CharField(max_length=20, blank=True)
    caseload_limit = models.PositiveIntegerField(
        null=True, blank=True, help_text="Navigators only: how many open cases they can hold."
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    @property
    def role_enum(self) -> Role | None:
        """Return the user's role, or None when none is set (which grants nothing)."""
        return Role(self.role) if self.role else None

    @property
    def display_name(self) -> str:
        """Return the name to show on screens and in the audit log."""
        return self.get_full_name() or self.username

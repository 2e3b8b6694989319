"""Reads for monitoring: feed records awaiting a person, imports, and a case's follow-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from checkpoint.accounts.access import user_can
from checkpoint.casework.scheme import casework_settings
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.monitoring import (
    FollowUpTotals,
    FollowUpWindow,
    follow_up_totals,
    follow_up_window,
)
from checkpoint.domain.roles import Capability
from checkpoint.monitoring.models import FeedImport, FeedRecord, Reoffence

if TYPE_CHECKING:
    from checkpoint.accounts.models import User
    from checkpoint.casework.models import Case


def unlinked_records(import_: FeedImport | None = None) -> QuerySet[FeedRecord]:
    """Return feed records not yet attached to a person (for the linkage engine), oldest first."""
    records = FeedRecord.objects.filter(person__isnull=True).select_related("offence")
    if import_ is not None:
        records = records.filter(feed_import=import_)
    return records.order_by("feed_import_id", "line")


def imports_for(user: User) -> QuerySet[FeedImport]:
    """Return the feed imports the user may list (administrators and analysts)."""
    if not user_can(user, Capability.VIEW_AGGREGATES):
        return FeedImport.objects.none()
    return FeedImport.objects.select_related("imported_by").order_by("-imported_at", "-id")


@dataclass(frozen=True)
class FollowUpStatus:
    """Where a decided case's reoffending follow-up stands."""

    window: FollowUpWindow
    months: int
    today: date
    reoffences: list[Reoffence]
    totals: FollowUpTotals
    harm_tables: list[str]

    @property
    def is_over(self) -> bool:
        """Return whether the window has ended."""
        return self.window.is_over(self.today)

    @property
    def days_left(self) -> int:
        """Return the days left in the window (0 once it is over)."""
        return max((self.window.ends_on - self.today).days, 0)

    @property
    def harm_days(self) -> Decimal:
        """Return the summed harm weight in days."""
        return self.totals.harm_days


def follow_up_status(case: Case, *, today: date) -> FollowUpStatus | None:
    """Return the case's follow-up window and reoffences, or None before a decision."""
    if case.decided_at is None:
        return None
    decided_on = uk_date(case.decided_at)
    months = casework_settings(decided_on).clocks.follow_up_months
    window = follow_up_window(decided_on=decided_on, months=months)
    reoffences = list(
        Reoffence.objects.filter(case=case).select_related("offence", "custody_event")
    )
    return FollowUpStatus(
        window=window,
        months=months,
        today=today,
        reoffences=reoffences,
        totals=follow_up_totals(r.harm_days for r in reoffences),
        harm_tables=sorted({r.harm_table for r in reoffences if r.harm_table}),
    )

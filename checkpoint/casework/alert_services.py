"""The daily job (`checkpoint tick`): raise and resolve alerts, start and close follow-up.

Running it twice on the same day changes nothing: alerts are unique per case, kind,
subject and due date, and a case already moved has nothing left to move. Each case is
handled in its own transaction, so one bad case cannot stop the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Q

from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.casework.models import Alert, Case
from checkpoint.casework.scheme import CaseworkSettings, casework_settings
from checkpoint.casework.selectors import case_clocks_for
from checkpoint.casework.services import case_transition
from checkpoint.casework.work_selectors import due_for_case
from checkpoint.domain.appointments import (
    FOLLOW_UP_FROM,
    S127_STATES,
    DueItem,
    WorkKind,
    system_transition_due,
)
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import CaseState
from checkpoint.web.demo.progress import NoProgress, Progress

ALERT_STATES = [s.value for s in S127_STATES]
HOUSEKEEPING_STATES = [s.value for s in FOLLOW_UP_FROM | {CaseState.FOLLOW_UP}]


@dataclass
class TickSummary:
    """What one run did."""

    now: datetime
    policy: str | None = None
    cases_checked: int = 0
    raised: int = 0
    updated: int = 0
    resolved: int = 0
    follow_ups_started: int = 0
    closed: int = 0
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """Return the counts for the audit log and the command's JSON line."""
        return {
            "date": uk_date(self.now).isoformat(),
            "policy": self.policy,
            "cases_checked": self.cases_checked,
            "alerts_raised": self.raised,
            "alerts_updated": self.updated,
            "alerts_resolved": self.resolved,
            "follow_ups_started": self.follow_ups_started,
            "closed": self.closed,
            "problems": len(self.problems),
        }


def alerts_sync(*, case: Case, items: list[DueItem], now: datetime) -> tuple[int, int, int]:
    """Make the case's open alerts match what is due; return (raised, updated, resolved)."""
    raised = updated = resolved = 0
    # The tick owns only the worklist kinds; alerts raised by other features (a new offence
    # from the reoffending feed) stay open until a person deals with them.
    open_alerts = {
        (a.kind, a.subject, a.due_on): a
        for a in Alert.objects.filter(
            case=case, resolved_at__isnull=True, kind__in=[k.value for k in WorkKind]
        )
    }
    wanted = {(i.kind.value, i.subject, i.due_on): i for i in items}
    for key, item in wanted.items():
        alert = open_alerts.get(key)
        if alert is None:
            alert, created = Alert.objects.get_or_create(
                case=case,
                kind=item.kind.value,
                subject=item.subject,
                due_on=item.due_on,
                defaults={"overdue": item.overdue, "message": item.reason, "raised_at": now},
            )
            if not created:  # the same cause came back: reopen rather than duplicate
                alert.resolved_at = None
                alert.overdue, alert.message = item.overdue, item.reason
                alert.save(update_fields=["resolved_at", "overdue", "message"])
            raised += 1
        elif (alert.overdue, alert.message) != (item.overdue, item.reason):
            alert.overdue, alert.message = item.overdue, item.reason
            alert.save(update_fields=["overdue", "message"])
            updated += 1
    for key, alert in open_alerts.items():
        if key not in wanted:
            alert.resolved_at = now
            alert.save(update_fields=["resolved_at"])
            resolved += 1
    return raised, updated, resolved


def _housekeeping(case: Case, *, now: datetime, summary: TickSummary) -> None:
    today = uk_date(now)
    ends = case_clocks_for(case, today=today).follow_up_ends
    due = system_transition_due(
        state=case.state_enum,
        decision_made=case.decided_at is not None,
        follow_up_ended=ends is not None and today > ends,
    )
    if due is None:
        return
    case_transition(
        actor=None,
        case=case,
        transition=due,
        at=now,
        reason=f"Daily check on {today.day} {today:%B %Y}",
    )
    if case.state_enum is CaseState.FOLLOW_UP:
        summary.follow_ups_started += 1
    else:
        summary.closed += 1


def tick_run(*, now: datetime, progress: Progress | None = None) -> TickSummary:
    """Run the daily job as of `now`: lifecycle housekeeping first, then the alerts."""
    progress = progress or NoProgress()
    today = uk_date(now)
    rules: CaseworkSettings = casework_settings(today)
    summary = TickSummary(now=now, policy=rules.policy)

    finished = list(Case.objects.filter(state__in=HOUSEKEEPING_STATES).order_by("pk"))
    progress.stage("Starting and closing follow-up", len(finished))
    for case in finished:
        try:
            with transaction.atomic():
                _housekeeping(case, now=now, summary=summary)
        except DomainError as error:
            summary.problems.append(f"{case.reference}: {error}")
        progress.advance()

    cases = list(
        Case.objects.filter(
            Q(state__in=ALERT_STATES) | Q(alerts__isnull=False, alerts__resolved_at__isnull=True)
        )
        .distinct()
        .order_by("pk")
        .prefetch_related("offences__offence")
    )
    progress.stage("Checking what is due", len(cases))
    for case in cases:
        try:
            with transaction.atomic():
                items = due_for_case(case, now=now, rules=rules)
                raised, updated, resolved = alerts_sync(case=case, items=items, now=now)
        except DomainError as error:
            summary.problems.append(f"{case.reference}: {error}")
        else:
            summary.raised += raised
            summary.updated += updated
            summary.resolved += resolved
        summary.cases_checked += 1
        progress.advance()

    with transaction.atomic():
        audit_record(
            actor=None,
            action=AuditAction.ALTERATION,
            verb="tick.run",
            object_type="tick",
            object_id=today.isoformat(),
            summary=(
                f"Daily check {today.isoformat()}: {summary.raised} alerts raised, "
                f"{summary.resolved} resolved, {summary.follow_ups_started} follow-ups "
                f"started, {summary.closed} cases closed"
            ),
            after=summary.as_dict(),
        )
    return summary

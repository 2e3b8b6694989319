"""Link feed records to people and record reoffences in follow-up windows (docs/monitoring.md).

`feed_record_link` is the one way a feed record becomes a person's custody event: the import
calls it for exact identifier matches and the linkage app for probabilistic and reviewed ones.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.casework.models import Alert, Case, CaseEvent, CaseEventKind
from checkpoint.casework.scheme import casework_settings
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.disposals import Disposal
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.monitoring import (
    NEW_OFFENCE_ALERT_KIND,
    LinkMethod,
    counts_as_reoffence,
    follow_up_window,
    raises_contract_alert,
)
from checkpoint.monitoring.harm import harm_weight
from checkpoint.monitoring.models import FeedRecord, Reoffence
from checkpoint.people.models import CustodyEvent, Person

if TYPE_CHECKING:
    from checkpoint.accounts.models import User

_LINK_FIELDS = ("person", "link_method", "link_score", "linked_at", "linked_by", "link_reason")


def feed_source(record: FeedRecord) -> str:
    """Return the `source` a linked record's custody event carries."""
    return f"feed:{record.feed_import_id}"


@transaction.atomic
def feed_record_link(
    *,
    actor: User | None,
    record: FeedRecord,
    person: Person,
    method: LinkMethod,
    score: float | None = None,
    reason: str = "",
) -> CustodyEvent:
    """Attach a feed record to a person, create their custody event and apply follow-up.

    Linking the same record to the same person again returns the event it made. A record
    linked to someone else is moved only by a REVIEWED link with a reason: the DPA 2018 s62
    'combination' log must show who decided that two records are one person, and why.
    """
    method = LinkMethod(method)
    doing = f"link feed record {record}"
    record = FeedRecord.objects.select_for_update().select_related("offence").get(pk=record.pk)
    if record.person_id == person.pk and record.custody_event_id is not None:
        event = record.custody_event
        assert event is not None
        return event
    moving = record.person_id is not None and record.person_id != person.pk
    if moving and method is not LinkMethod.REVIEWED:
        raise DomainError(
            f"Cannot {doing}: it is already linked to another person; only a reviewed link "
            "with a reason can move it."
        )
    if moving and not reason.strip():
        raise DomainError(f"Cannot {doing} to a different person without a reason.")
    if method is LinkMethod.PROBABILISTIC and score is None:
        raise DomainError(f"Cannot {doing}: a probabilistic link needs its score.")
    if method is LinkMethod.REVIEWED and actor is None:
        raise DomainError(f"Cannot {doing}: a reviewed link needs the reviewer.")
    now = timezone.now()
    before = {
        "person": record.person_id,
        "link_method": record.link_method,
        "custody_event": record.custody_event_id,
    }
    if moving and record.custody_event_id is not None:
        # The old person's event was made from this record alone; it moves with the record.
        old = record.custody_event
        record.custody_event = None
        record.save(update_fields=["custody_event"])
        assert old is not None
        Reoffence.objects.filter(custody_event=old).delete()
        audit_record(
            actor=actor,
            action=AuditAction.ERASURE,
            verb="custody_event.delete",
            target=old,
            person_id=old.person_id,
            summary=f"Custody event from feed record {record} removed: the record was re-linked",
            before={"person": old.person_id, "offence": old.offence_id, "source": old.source},
        )
        old.delete()
    event = CustodyEvent.objects.create(
        person=person,
        occurred_at=record.event_at,
        offence=record.offence,
        offence_date=record.offence_date,
        disposal=record.disposal,
        disposal_date=record.disposal_date,
        source=feed_source(record),
    )
    record.person = person
    record.link_method = method.value
    record.link_score = score
    record.linked_at = now
    record.linked_by = actor
    record.link_reason = reason.strip()
    record.custody_event = event
    record.save(update_fields=[*_LINK_FIELDS, "custody_event"])
    audit_record(
        actor=actor,
        action=AuditAction.COMBINATION,
        verb="feed_record.link",
        target=record,
        person_id=person.pk,
        summary=(
            f"Feed record {record} linked to {person} by {method.label.lower()}"
            + (f" (score {score:.3f})" if score is not None else "")
        ),
        before=before,
        after={
            "person": person.pk,
            "link_method": method.value,
            "link_score": score,
            "custody_event": event.pk,
            "reason": record.link_reason,
        },
    )
    follow_up_apply(event=event, now=now)
    return event


def follow_up_apply(*, event: CustodyEvent, now: datetime | None = None) -> list[Reoffence]:
    """Record the event as a reoffence on each of the person's decided cases it falls in.

    Also raises a navigator alert when the offence was committed during an active contract:
    the breach itself is for a person to propose and a supervisor to decide, never the system.
    Call inside the transaction that made the event; running it twice changes nothing.
    """
    now = now or timezone.now()
    disposal = Disposal(event.disposal)
    made: list[Reoffence] = []
    cases = Case.objects.filter(person_id=event.person_id, decided_at__isnull=False).order_by("pk")
    for case in cases:
        assert case.decided_at is not None
        decided_on = uk_date(case.decided_at)
        months = casework_settings(decided_on).clocks.follow_up_months
        window = follow_up_window(decided_on=decided_on, months=months)
        during_contract = (
            case.state_enum is CaseState.ACTIVE
            and case.contract_started_on is not None
            and event.offence_date >= case.contract_started_on
        )
        if during_contract and raises_contract_alert(disposal):
            _contract_alert(case=case, event=event, now=now)
        if not counts_as_reoffence(
            window=window, offence_date=event.offence_date, disposal=disposal
        ):
            continue
        weight = harm_weight(event.offence.ho_code)
        reoffence, created = Reoffence.objects.get_or_create(
            case=case,
            custody_event=event,
            defaults={
                "offence": event.offence,
                "offence_date": event.offence_date,
                "disposal": event.disposal,
                "during_contract": during_contract,
                "harm_days": weight.days if weight else None,
                "harm_table": weight.table if weight else "",
                "recorded_at": now,
            },
        )
        if not created:
            continue
        made.append(reoffence)
        CaseEvent.objects.create(
            case=case,
            occurred_at=now,
            kind=CaseEventKind.NOTE,
            actor=None,
            summary=(
                f"Reoffence in follow-up: {event.offence.title} on "
                f"{event.offence_date:%d %B %Y} ({disposal.label.lower()}, {event.source})"
            )[:300],
            data={"reoffence": reoffence.pk, "custody_event": event.pk},
        )
        audit_record(
            actor=None,
            action=AuditAction.COLLECTION,
            verb="reoffence.record",
            target=reoffence,
            person_id=event.person_id,
            summary=f"Reoffence recorded on {case.reference} from {event.source}",
            after={
                "case": case.pk,
                "custody_event": event.pk,
                "offence": event.offence_id,
                "offence_date": event.offence_date.isoformat(),
                "disposal": event.disposal,
                "harm_days": str(reoffence.harm_days) if reoffence.harm_days is not None else None,
                "harm_table": reoffence.harm_table,
            },
        )
    return made


def _contract_alert(*, case: Case, event: CustodyEvent, now: datetime) -> Alert:
    """Raise (once) the navigator's alert about a new offence, pointing at the breach page."""
    subject = f"New offence {event.offence_id} (custody event {event.pk})"[:80]
    propose = reverse("breach-propose", args=[case.reference])
    message = (
        f"{Disposal(event.disposal).label} for {event.offence.title} committed on "
        f"{event.offence_date:%d %B %Y}, during the contract ({event.source}). Consider "
        f"whether to propose a breach of the no-reoffending condition: {propose}. "
        "The system does not decide breaches."
    )
    alert, created = Alert.objects.get_or_create(
        case=case,
        kind=NEW_OFFENCE_ALERT_KIND,
        subject=subject,
        due_on=uk_date(now),
        defaults={"overdue": False, "message": message, "raised_at": now},
    )
    if created:
        CaseEvent.objects.create(
            case=case,
            occurred_at=now,
            kind=CaseEventKind.NOTE,
            actor=None,
            summary=f"New offence during the contract: {event.offence.title}"[:300],
            data={"alert": alert.pk, "custody_event": event.pk},
        )
        audit_record(
            actor=None,
            action=AuditAction.COLLECTION,
            verb="alert.raise",
            target=alert,
            person_id=event.person_id,
            summary=f"New-offence alert on {case.reference} from {event.source}",
            after={"case": case.pk, "custody_event": event.pk, "kind": NEW_OFFENCE_ALERT_KIND},
        )
    return alert

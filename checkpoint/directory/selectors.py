"""Reads of the service directory and of referrals (referrals scoped through their case)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from checkpoint.accounts.models import Team, User
from checkpoint.casework.models import Case
from checkpoint.casework.selectors import case_scope
from checkpoint.directory.models import (
    ReferralStatusChange,
    Service,
    ServicePathway,
    ServiceReferral,
)
from checkpoint.domain.clocks import UK_TIME
from checkpoint.domain.needs import Pathway, ReferralStatus

DEFAULT_ACCEPT_DAYS = 14


def _with_pathways(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.prefetch_related(
        Prefetch("pathways", queryset=ServicePathway.objects.order_by("pathway"))
    )


def _serves(area: str) -> Q:
    # A service with no area serves the whole force.
    return Q(area="") | Q(area__iexact=area.strip())


def services_for_pathway(pathway: Pathway, area: str | None = None) -> QuerySet[Service]:
    """Return the active services for a pathway, in an area (and force-wide) when given."""
    services = Service.objects.filter(active=True, pathways__pathway=pathway.value)
    if area:
        services = services.filter(_serves(area))
    return _with_pathways(services.distinct().order_by("name"))


def service_search(
    *,
    pathway: Pathway | None = None,
    area: str = "",
    text: str = "",
    include_inactive: bool = False,
) -> QuerySet[Service]:
    """Return directory entries matching a pathway, an area and words in their details."""
    services = Service.objects.all()
    if not include_inactive:
        services = services.filter(active=True)
    if pathway is not None:
        services = services.filter(pathways__pathway=pathway.value)
    if area:
        services = services.filter(_serves(area))
    for word in text.split():
        services = services.filter(
            Q(name__icontains=word) | Q(provider__icontains=word) | Q(notes__icontains=word)
        )
    return _with_pathways(services.distinct().order_by("name"))


def service_get(pk: int) -> Service:
    """Return one directory entry (the directory holds no personal data), or raise 404."""
    try:
        return _with_pathways(Service.objects.all()).get(pk=pk)
    except Service.DoesNotExist:
        raise Http404("No such service.") from None


def directory_areas() -> list[str]:
    """Return the force's areas: those its teams serve and those services name."""
    names = {a.strip() for a in Team.objects.values_list("area", flat=True) if a.strip()}
    names |= {a.strip() for a in Service.objects.values_list("area", flat=True) if a.strip()}
    by_key: dict[str, str] = {}
    for name in sorted(names):
        by_key.setdefault(name.lower(), name)
    return sorted(by_key.values())


def case_area(case: Case) -> str:
    """Return the area a case's person lives in, or its team's area."""
    person_area = case.person.address_area.strip()
    if person_area:
        return person_area
    return case.team.area.strip() if case.team is not None else ""


def referrals_for_case(case: Case) -> list[ServiceReferral]:
    """Return a case's referrals, newest first, with their history (the caller holds the case)."""
    return list(
        ServiceReferral.objects.filter(case=case)
        .select_related("service", "sent_by", "consent_recorded_by")
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=ReferralStatusChange.objects.select_related("changed_by"),
            )
        )
    )


def referral_get_for_user(user: User, pk: int) -> ServiceReferral:
    """Return one referral whose case the user may see, or raise 404."""
    try:
        return (
            ServiceReferral.objects.select_related("service", "case__person", "case__team")
            .prefetch_related("status_changes__changed_by")
            .get(pk=pk, case__in=Case.objects.filter(case_scope(user)))
        )
    except ServiceReferral.DoesNotExist:
        raise Http404("No such referral.") from None


@dataclass(frozen=True)
class AreaGap:
    """The pathways no active service covers in one area."""

    area: str
    pathways: list[Pathway]


@dataclass
class PathwayUptake:
    """What happened to the referrals made on one pathway."""

    pathway: Pathway
    referred: int = 0
    accepted_in_time: int = 0
    not_accepted_in_time: int = 0
    declined: int = 0
    withdrawn: int = 0
    awaiting: int = 0
    completed: int = 0

    @property
    def problems(self) -> int:
        """Return the referrals that point to a gap: declined or not accepted in time."""
        return self.declined + self.not_accepted_in_time


@dataclass(frozen=True)
class ProvisionGaps:
    """The gaps in provision to report to the governance board (domain.md section 6)."""

    since: date
    until: date
    days: int
    missing: list[AreaGap]
    uptake: list[PathwayUptake] = field(default_factory=list)

    @property
    def has_gaps(self) -> bool:
        """Return whether any area lacks a pathway or any referral points to a gap."""
        return any(g.pathways for g in self.missing) or any(u.problems for u in self.uptake)


def _uk_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UK_TIME)


def provision_gaps(
    since: date,
    *,
    until: date,
    days: int = DEFAULT_ACCEPT_DAYS,
    areas: list[str] | None = None,
) -> ProvisionGaps:
    """Report pathways with no active service in each area, and referrals per pathway
    (sent from `since` to `until`, UK dates) that were declined or not accepted within
    `days` days. Aggregate counts only: no person is named."""
    areas = areas if areas is not None else directory_areas()
    covered: dict[str, set[Pathway]] = {a.lower(): set() for a in areas}
    rows = ServicePathway.objects.filter(service__active=True).values_list(
        "service__area", "pathway"
    )
    for service_area, pathway in rows:
        targets = covered.keys() if not service_area.strip() else [service_area.strip().lower()]
        for key in targets:
            if key in covered:
                covered[key].add(Pathway(pathway))
    missing = [
        AreaGap(area=a, pathways=[p for p in Pathway if p not in covered[a.lower()]]) for a in areas
    ]
    referrals = ServiceReferral.objects.filter(
        sent_at__gte=_uk_start(since), sent_at__lt=_uk_start(until + timedelta(days=1))
    ).prefetch_related("status_changes")
    uptake = {p: PathwayUptake(pathway=p) for p in Pathway}
    window = timedelta(days=days)
    now = timezone.now()
    for referral in referrals:
        row = uptake[referral.pathway_enum]
        row.referred += 1
        status = referral.status_enum
        accepted = next(
            (
                c.changed_at
                for c in referral.status_changes.all()
                if c.to_status == ReferralStatus.ACCEPTED.value
            ),
            None,
        )
        if status is ReferralStatus.DECLINED:
            row.declined += 1
        elif status is ReferralStatus.WITHDRAWN and accepted is None:
            row.withdrawn += 1
        elif accepted is not None and accepted - referral.sent_at <= window:
            row.accepted_in_time += 1
        elif accepted is not None or now - referral.sent_at > window:
            row.not_accepted_in_time += 1
        else:
            row.awaiting += 1
        if status is ReferralStatus.COMPLETED:
            row.completed += 1
    return ProvisionGaps(
        since=since,
        until=until,
        days=days,
        missing=missing,
        uptake=list(uptake.values()),
    )

"""Directory and referral services: roles, consent, transitions, audit, timeline, import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine

from checkpoint.audit.models import AuditEvent
from checkpoint.casework.models import CaseEvent
from checkpoint.directory.csvfile import DirectoryInvalid
from checkpoint.directory.details import ServiceDetails
from checkpoint.directory.models import ReferralStatusChange, Service, ServiceReferral
from checkpoint.directory.selectors import (
    provision_gaps,
    referrals_for_case,
    services_for_pathway,
)
from checkpoint.directory.services import (
    DEMO_DIRECTORY,
    directory_import,
    directory_load_demo,
    referral_create,
    referral_status_change,
    service_create,
    service_deactivate,
    service_reactivate,
    service_update,
)
from checkpoint.domain.errors import DomainError
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.needs import Pathway, ReferralStatus
from tests.factories import CaseFactory

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
HEADER = "name,provider,pathways,area,phone,email,address,website,opening_hours,notes,active\n"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def case(force):
    return CaseFactory(state=CaseState.ACTIVE.value, team=force.north, navigator=force.navigator)


def details(name="Hub (demo)", pathways=(Pathway.HOUSING,), area="North", **extra):
    return ServiceDetails(name=name, provider="Trust", pathways=tuple(pathways), area=area, **extra)


@pytest.fixture
def hub(force):
    return service_create(actor=force.supervisor, details=details())


def refer(actor, case, service, consent=True, pathway=Pathway.HOUSING):
    return referral_create(
        actor=actor,
        case=case,
        service=service,
        pathway=pathway,
        consent_to_share=consent,
        shared_information="Name, date of birth and phone number",
        reason="Sofa-surfing",
    )


# The directory.


def test_supervisors_and_administrators_maintain_the_directory(force) -> None:
    service = service_create(actor=force.administrator, details=details(email="a@hub.example"))
    assert service.pathway_list == [Pathway.HOUSING] and service.active
    audit = AuditEvent.objects.get(verb="directory.service_create")
    assert audit.person_id is None and audit.after["pathways"] == ["housing"]
    for user in (force.navigator, force.custody, force.analyst, force.victim_liaison):
        with pytest.raises(DomainError, match="Only a supervisor or an administrator"):
            service_create(actor=user, details=details(name="Other"))


def test_service_details_are_checked(force) -> None:
    with pytest.raises(DomainError, match="Enter an email address"):
        service_create(actor=force.supervisor, details=details(email="nope"))
    with pytest.raises(DomainError, match="Choose at least one pathway"):
        service_create(actor=force.supervisor, details=details(pathways=()))


def test_names_are_unique_ignoring_case(force, hub) -> None:
    with pytest.raises(DomainError, match="There is already a service called 'HUB \\(demo\\)'"):
        service_create(actor=force.supervisor, details=details(name="HUB (demo)"))


def test_update_records_before_and_after(force, hub) -> None:
    service_update(
        actor=force.supervisor,
        service=hub,
        details=details(pathways=(Pathway.HOUSING, Pathway.FINANCES), phone="01632 960100"),
    )
    hub.refresh_from_db()
    assert hub.pathway_list == [Pathway.HOUSING, Pathway.FINANCES]
    audit = AuditEvent.objects.get(verb="directory.service_update")
    assert audit.before["pathways"] == ["housing"]
    assert audit.after["pathways"] == ["housing", "finances"]
    assert audit.after["phone"] == "01632 960100"


def test_deactivating_needs_a_reason_and_hides_the_service(force, hub) -> None:
    with pytest.raises(DomainError, match="Say why you are deactivating"):
        service_deactivate(actor=force.supervisor, service=hub, reason=" ")
    service_deactivate(actor=force.supervisor, service=hub, reason="Closed in March")
    assert not services_for_pathway(Pathway.HOUSING).exists()
    with pytest.raises(DomainError, match="already inactive"):
        service_deactivate(actor=force.supervisor, service=hub, reason="again")
    service_reactivate(actor=force.administrator, service=hub, reason="Reopened")
    assert services_for_pathway(Pathway.HOUSING, "north").get() == hub
    assert AuditEvent.objects.filter(verb__startswith="directory.service_").count() == 3


def test_services_for_a_pathway_include_force_wide_ones(force, hub) -> None:
    everywhere = service_create(
        actor=force.supervisor, details=details(name="Everywhere (demo)", area="")
    )
    assert list(services_for_pathway(Pathway.HOUSING, "South")) == [everywhere]
    assert list(services_for_pathway(Pathway.HOUSING, "North")) == [everywhere, hub]
    assert list(services_for_pathway(Pathway.DRUGS)) == []


# Import.


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "services.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_adds_updates_and_is_idempotent(force, tmp_path) -> None:
    path = write(
        tmp_path,
        HEADER + "Hub (demo),Trust,housing,North,,,,,,,yes\nClinic (demo),NHS,drugs,,,,,,,,no\n",
    )
    first = directory_import(actor=None, path=path)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert not Service.objects.get(name="Clinic (demo)").active
    again = directory_import(actor=force.administrator, path=path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    path.write_text(HEADER + "hub (demo),Trust,housing;finances,North,,,,,,,yes\n")
    changed = directory_import(actor=None, path=path)
    assert (changed.created, changed.updated) == (0, 1)
    assert Service.objects.get(name="hub (demo)").pathway_list == [
        Pathway.HOUSING,
        Pathway.FINANCES,
    ]
    assert AuditEvent.objects.filter(verb="directory.import").count() == 3


def test_import_is_all_or_nothing_and_names_row_and_field(force, tmp_path) -> None:
    path = write(
        tmp_path,
        HEADER + "Hub (demo),Trust,housing,,,,,,,,yes\nBad (demo),Trust,housing,,,x@,,,,,yes\n",
    )
    with pytest.raises(DirectoryInvalid) as error:
        directory_import(actor=None, path=path)
    assert "line 3, email: Enter an email address" in str(error.value)
    assert "nothing was imported" in str(error.value)
    assert not Service.objects.exists()
    assert not AuditEvent.objects.filter(verb="directory.import").exists()


def test_import_refuses_a_navigator_and_a_missing_file(force, tmp_path) -> None:
    with pytest.raises(DomainError, match="Only a supervisor or an administrator"):
        directory_import(actor=force.navigator, path=DEMO_DIRECTORY)
    with pytest.raises(DomainError, match="There is no file"):
        directory_import(actor=None, path=tmp_path / "none.csv")


def test_the_demo_directory_loads_once(db) -> None:
    first = directory_load_demo()
    assert first.created == Service.objects.count() >= 9
    assert directory_load_demo().created == 0
    for pathway in Pathway:
        assert services_for_pathway(pathway).exists(), pathway


# Referrals.


def test_a_referral_with_consent_is_a_disclosure_on_the_timeline(force, case, hub) -> None:
    referral = refer(force.navigator, case, hub)
    assert referral.status_enum is ReferralStatus.SENT and referral.consent_to_share
    assert referral.consent_recorded_by == force.navigator
    assert referral.consent_recorded_at == NOW
    history = list(referral.status_changes.values_list("from_status", "to_status"))
    assert history == [("", "sent")]
    audit = AuditEvent.objects.get(verb="directory.referral")
    assert audit.action == "disclosure" and audit.recipient == "Hub (demo) (Trust)"
    assert audit.person_id == case.person_id
    assert audit.after["shared_information"] == "Name, date of birth and phone number"
    event = CaseEvent.objects.get(case=case, data__service_referral=referral.pk)
    assert event.summary == "Referred to Hub (demo) (Housing), with consent to share"
    assert referrals_for_case(case) == [referral]


def test_no_consent_no_referral(force, case, hub) -> None:
    with pytest.raises(DomainError, match="record that the person agrees to their details"):
        refer(force.navigator, case, hub, consent=False)
    with pytest.raises(DomainError, match="Say what information"):
        referral_create(
            actor=force.navigator,
            case=case,
            service=hub,
            pathway=Pathway.HOUSING,
            consent_to_share=True,
            shared_information=" ",
        )
    assert not ServiceReferral.objects.exists()
    assert not AuditEvent.objects.filter(action="disclosure").exists()


def test_referrals_only_by_case_workers_to_active_services_for_their_pathways(
    force, case, hub
) -> None:
    for outsider in (force.other_navigator, force.south_supervisor, force.administrator):
        with pytest.raises(DomainError, match="Only the navigator of"):
            refer(outsider, case, hub)
    with pytest.raises(DomainError, match="does not offer support with Drugs"):
        refer(force.navigator, case, hub, pathway=Pathway.DRUGS)
    service_deactivate(actor=force.supervisor, service=hub, reason="Closed")
    with pytest.raises(DomainError, match="no longer active"):
        refer(force.supervisor, case, hub)


def test_one_open_referral_per_service(force, case, hub) -> None:
    first = refer(force.navigator, case, hub)
    with pytest.raises(DomainError, match="already has an open referral"):
        refer(force.navigator, case, hub)
    referral_status_change(
        actor=force.navigator, referral=first, status=ReferralStatus.DECLINED, outcome="Full"
    )
    refer(force.navigator, case, hub)  # a new one after the first was declined


def test_referrals_wait_for_diversion(force, hub) -> None:
    case = CaseFactory(state=CaseState.REFERRED.value, team=force.north, navigator=force.navigator)
    with pytest.raises(DomainError, match="is 'Referred', so you cannot make a referral"):
        refer(force.navigator, case, hub)


def test_status_changes_follow_the_table_and_are_kept(force, case, hub) -> None:
    referral = refer(force.navigator, case, hub)
    with pytest.raises(DomainError, match="cannot become 'completed'"):
        referral_status_change(
            actor=force.navigator, referral=referral, status=ReferralStatus.COMPLETED, outcome="x"
        )
    for status, outcome in (
        (ReferralStatus.ACCEPTED, ""),
        (ReferralStatus.ATTENDED, "First session 2 Dec"),
        (ReferralStatus.COMPLETED, "Tenancy signed"),
    ):
        referral_status_change(
            actor=force.navigator, referral=referral, status=status, outcome=outcome
        )
    referral.refresh_from_db()
    assert referral.status_enum is ReferralStatus.COMPLETED
    assert referral.outcome == "Tenancy signed"
    assert list(
        ReferralStatusChange.objects.filter(referral=referral).values_list("to_status", flat=True)
    ) == ["sent", "accepted", "attended", "completed"]
    with pytest.raises(DomainError, match="which is final"):
        referral_status_change(
            actor=force.navigator, referral=referral, status=ReferralStatus.WITHDRAWN, outcome="x"
        )
    assert AuditEvent.objects.filter(verb="directory.referral_status").count() == 3
    assert CaseEvent.objects.filter(case=case, summary="Referral to Hub (demo): completed").exists()


def test_status_changes_only_by_case_workers(force, case, hub) -> None:
    referral = refer(force.navigator, case, hub)
    with pytest.raises(DomainError, match="Only the navigator of"):
        referral_status_change(
            actor=force.south_navigator, referral=referral, status=ReferralStatus.ACCEPTED
        )


# Gaps in provision.


def test_gaps_by_area_and_by_uptake(force, case, hub) -> None:
    service_create(
        actor=force.supervisor,
        details=details(name="Everywhere (demo)", area="", pathways=tuple(Pathway)[:8]),
    )
    slow, declined, quick, recent = (
        refer(force.navigator, case, s)
        for s in [
            hub,
            service_create(actor=force.supervisor, details=details(name="B", area="")),
            service_create(actor=force.supervisor, details=details(name="C", area="")),
            service_create(actor=force.supervisor, details=details(name="D", area="")),
        ]
    )
    ServiceReferral.objects.filter(pk__in=[slow.pk, declined.pk, quick.pk]).update(
        sent_at=NOW - dt.timedelta(days=30)
    )
    referral_status_change(
        actor=force.navigator, referral=declined, status=ReferralStatus.DECLINED, outcome="Full"
    )
    referral_status_change(actor=force.navigator, referral=quick, status=ReferralStatus.ACCEPTED)
    ReferralStatusChange.objects.filter(referral=quick, to_status="accepted").update(
        changed_at=NOW - dt.timedelta(days=25)
    )
    report = provision_gaps(dt.date(2026, 10, 1), until=dt.date(2026, 11, 25), days=14)
    missing = {g.area: g.pathways for g in report.missing}
    assert missing == {"North": [Pathway.RELATIONSHIPS], "South": [Pathway.RELATIONSHIPS]}
    housing = next(u for u in report.uptake if u.pathway is Pathway.HOUSING)
    assert housing.referred == 4
    assert (housing.accepted_in_time, housing.not_accepted_in_time) == (1, 1)
    assert (housing.declined, housing.awaiting) == (1, 1)
    assert housing.problems == 2 and report.has_gaps
    assert recent.status_enum is ReferralStatus.SENT
    earlier = provision_gaps(dt.date(2026, 1, 1), until=dt.date(2026, 9, 30))
    assert sum(u.referred for u in earlier.uptake) == 0

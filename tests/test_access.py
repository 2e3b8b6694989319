"""Deny by default: anonymous users are sent to sign in; roles see only their scope."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from checkpoint.audit.models import AuditEvent
from checkpoint.domain.lifecycle import CaseState
from tests.factories import PASSWORD, CaseFactory, CaseOffenceFactory, PersonFactory

# Sign-in must be reachable; the API root is only a prefix for reversing and answers 404.
PUBLIC = {"login", "api-v1:api-root"}
API_DOCUMENTATION = {"api-v1:openapi-json", "api-v1:openapi-view"}


def named_patterns(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> list[tuple[str, str]]:
    """Return (namespaced name, route) for every named URL in the project."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += named_patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((namespace + entry.name, prefix + str(entry.pattern)))
    return found


SAMPLE_VALUES = {
    "reference": "CP-2026-000001",
    "force_person_id": "DUR0000001",
    "approval": "departure",
}


def sample_url(name: str, route: str) -> str:
    """Reverse a URL with a plausible value for each of its parameters."""
    kwargs: dict[str, object] = {}
    for converter, param in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        kwargs[param] = (
            1 if converter == "int" or param.endswith("_id") else (SAMPLE_VALUES.get(param, "x"))
        )
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("name", "route"), named_patterns())
@pytest.mark.django_db
def test_every_url_refuses_anonymous_users(client, name: str, route: str) -> None:
    if name in PUBLIC:
        return
    url = sample_url(name, route)
    for method in (client.get, client.post):
        response = method(url)
        if name.startswith("api-v1:") and name not in API_DOCUMENTATION:
            # The API answers machines: 401 (or 405 for a method it does not offer).
            assert response.status_code in {401, 405}, (name, response.status_code)
            continue
        assert response.status_code == 302, (name, response.status_code)
        assert response.url.startswith(reverse("login"))


def test_the_url_list_covers_the_main_pages() -> None:
    names = {name for name, _ in named_patterns()}
    assert {"home", "search", "case-detail", "case-refer", "person-detail", "audit-log"} <= names


@pytest.fixture
def cases(force):
    mine = CaseOffenceFactory(
        case__navigator=force.navigator, case__team=force.north, case__state=CaseState.ACTIVE.value
    ).case
    colleague = CaseOffenceFactory(
        case__navigator=force.other_navigator,
        case__team=force.north,
        case__state=CaseState.ACTIVE.value,
    ).case
    south = CaseOffenceFactory(
        case__navigator=force.south_navigator,
        case__team=force.south,
        case__state=CaseState.ACTIVE.value,
    ).case
    return mine, colleague, south


def sign_in(client, user) -> None:
    assert client.login(username=user.username, password=PASSWORD)


def status(client, user, url: str) -> int:
    sign_in(client, user)
    return client.get(url).status_code


def case_url(case) -> str:
    return reverse("case-detail", kwargs={"reference": case.reference})


def test_navigator_sees_own_case_and_gets_404_for_a_colleagues(client, force, cases) -> None:
    mine, colleague, south = cases
    assert status(client, force.navigator, case_url(mine)) == 200
    assert status(client, force.navigator, case_url(colleague)) == 404
    assert status(client, force.navigator, case_url(south)) == 404


def test_supervisor_sees_own_team_only(client, force, cases) -> None:
    mine, colleague, south = cases
    assert status(client, force.supervisor, case_url(mine)) == 200
    assert status(client, force.supervisor, case_url(colleague)) == 200
    assert status(client, force.supervisor, case_url(south)) == 404


def test_analyst_sees_no_individual_record(client, force, cases) -> None:
    mine, _, _ = cases
    assert status(client, force.analyst, case_url(mine)) == 403
    person_url = reverse("person-detail", kwargs={"force_person_id": mine.person.force_person_id})
    assert client.get(person_url).status_code == 403
    assert client.get(reverse("search") + "?q=Smith").status_code == 403


def test_a_user_without_a_role_sees_nothing(client, force, cases) -> None:
    mine, _, _ = cases
    assert status(client, force.no_role, case_url(mine)) == 403
    home = client.get(reverse("home"))
    assert home.status_code == 200 and b"no role yet" in home.content


def test_administrator_sees_every_case(client, force, cases) -> None:
    for case in cases:
        assert status(client, force.administrator, case_url(case)) == 200


def test_custody_officer_sees_referrals_waiting_but_not_casework(client, force, cases) -> None:
    waiting = CaseFactory(state=CaseState.REFERRED.value)
    mine, _, _ = cases
    assert status(client, force.custody, case_url(waiting)) == 200
    assert status(client, force.custody, case_url(mine)) == 404


def test_person_is_visible_only_through_a_visible_case(client, force, cases) -> None:
    mine, colleague, _ = cases
    stranger = PersonFactory()
    url = lambda p: reverse("person-detail", kwargs={"force_person_id": p.force_person_id})  # noqa: E731
    assert status(client, force.navigator, url(mine.person)) == 200
    assert status(client, force.navigator, url(colleague.person)) == 404
    assert status(client, force.navigator, url(stranger)) == 404
    # The custody desk checks the whole nominal index at referral.
    assert status(client, force.custody, url(stranger)) == 200


def test_viewing_a_case_or_person_records_a_consultation(client, force, cases) -> None:
    mine, _, _ = cases
    sign_in(client, force.navigator)
    client.get(case_url(mine))
    client.get(reverse("person-detail", kwargs={"force_person_id": mine.person.force_person_id}))
    events = AuditEvent.objects.filter(action="consultation", actor=force.navigator)
    assert {e.verb for e in events} == {"case.view", "person.view"}
    assert all(e.person_id == mine.person_id for e in events)


def test_refused_views_record_no_consultation(client, force, cases) -> None:
    _, colleague, _ = cases
    assert status(client, force.navigator, case_url(colleague)) == 404
    assert not AuditEvent.objects.filter(action="consultation").exists()


def test_search_is_scoped_and_audited(client, force, cases) -> None:
    mine, colleague, _ = cases
    sign_in(client, force.navigator)
    response = client.get(reverse("search"), {"q": "John"})
    assert mine.person.force_person_id.encode() in response.content
    assert colleague.person.force_person_id.encode() not in response.content
    audit = AuditEvent.objects.get(verb="person.search")
    assert audit.after["people"] == [mine.person.force_person_id]


def test_audit_log_is_for_administrators_only(client, force) -> None:
    assert status(client, force.supervisor, reverse("audit-log")) == 403
    assert status(client, force.administrator, reverse("audit-log")) == 200
    assert AuditEvent.objects.filter(verb="audit.view").exists()


def test_api_is_scoped_and_audited_like_the_pages(client, force, cases) -> None:
    mine, colleague, _ = cases
    sign_in(client, force.navigator)
    listed = client.get("/api/v1/cases/").json()
    assert [c["reference"] for c in listed] == [mine.reference]
    one = client.get(f"/api/v1/cases/{mine.reference}")
    assert one.status_code == 200
    assert one.json()["clocks"]["s127_applies"] is False
    assert client.get(f"/api/v1/cases/{colleague.reference}").status_code == 404
    verbs = set(AuditEvent.objects.filter(actor=force.navigator).values_list("verb", flat=True))
    assert verbs == {"case.list", "case.view"}


def test_api_gives_analysts_no_individual_case(client, force, cases) -> None:
    mine, _, _ = cases
    sign_in(client, force.analyst)
    assert client.get("/api/v1/cases/").json() == []
    assert client.get(f"/api/v1/cases/{mine.reference}").status_code == 404

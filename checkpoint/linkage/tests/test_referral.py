"""Probable matches at referral: the acceptance example, swaps, aliases, scope and audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string

from checkpoint.audit.models import AuditEvent
from checkpoint.linkage.sections import PNC_REASON, referral_matches
from checkpoint.linkage.selectors import probable_matches
from checkpoint.linkage.tests.helpers import person
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _search(user, given, family, born, **extra):
    return referral_matches(
        user, {"given_names": given, "family_name": family, "date_of_birth": born, **extra}
    )


def test_jon_smyth_finds_john_smith_with_day_and_month_swapped(force) -> None:
    john = person("John", "Smith", dt.date(1990, 12, 3))
    person("Mary", "Jones", dt.date(1990, 3, 12), sex="female")
    person("Peter", "Smith", dt.date(1971, 5, 5))
    found = _search(force.custody, "Jon", "Smyth", dt.date(1990, 3, 12), sex="male")
    assert [c.person for c in found] == [john]
    assert "date of birth with day and month swapped" in found[0].reasons
    assert "family name sounds the same" in found[0].reasons


def test_swapped_given_and_family_names_match(force) -> None:
    ahmed = person("Ali", "Hussain", dt.date(1985, 6, 1))
    [found] = _search(force.custody, "Hussain", "Ali", dt.date(1985, 6, 1))
    assert found.person == ahmed
    assert "given and family names swapped" in found.reasons


def test_an_alias_matches_and_is_named(force) -> None:
    known = person(
        "Katherine", "Wood", dt.date(1979, 8, 20), sex="female", aliases=(("Kate", "Barker"),)
    )
    [found] = _search(force.custody, "Kate", "Barker", dt.date(1979, 8, 20), sex="female")
    assert found.person == known
    assert found.via_alias and found.matched_name.family_name == "Barker"


def test_pnc_id_wins_whatever_the_name(force) -> None:
    held = person("Robert", "Brown", dt.date(1960, 1, 1), pnc_id="12/345678A")
    found = _search(
        force.custody, "Completely", "Different", dt.date(2001, 2, 2), pnc_id="12/345678a"
    )
    assert found[0].person == held and found[0].reasons == (PNC_REASON,)


def test_unrelated_people_are_not_offered(force) -> None:
    person("Mary", "Jones", dt.date(1990, 3, 12), sex="female")
    assert _search(force.custody, "Jon", "Smyth", dt.date(1990, 3, 12), sex="male") == []


def test_search_respects_the_users_scope(force) -> None:
    john = person("John", "Smith", dt.date(1990, 12, 3))
    args = ("Jon", "Smyth", dt.date(1990, 3, 12))
    assert _search(force.analyst, *args) == []
    # A navigator reaches only people through cases they may see.
    assert _search(force.navigator, *args) == []
    CaseFactory(person=john, navigator=force.navigator)
    assert [c.person for c in _search(force.navigator, *args)] == [john]


def test_search_and_each_person_shown_are_audited(force) -> None:
    john = person("John", "Smith", dt.date(1990, 12, 3))
    _search(force.custody, "Jon", "Smyth", dt.date(1990, 3, 12))
    search = AuditEvent.objects.get(verb="linkage.referral_search")
    assert search.actor == force.custody and search.action == "consultation"
    assert search.after["searched"]["family_name"] == "Smyth"
    assert search.after["shown"][0][0] == john.force_person_id
    shown = AuditEvent.objects.get(verb="person.view_as_probable_match")
    assert shown.person_id == john.pk


def test_probable_matches_searches_the_whole_index_without_a_scope(force) -> None:
    person("John", "Smith", dt.date(1990, 12, 3))
    found = probable_matches(
        given_names="Jon", family_name="Smyth", date_of_birth=dt.date(1990, 3, 12)
    )
    assert found and found[0].percent >= 60


def test_template_offers_each_person_and_a_referral_link(force) -> None:
    john = person("John", "Smith", dt.date(1990, 12, 3))
    found = _search(force.custody, "Jon", "Smyth", dt.date(1990, 3, 12))
    html = render_to_string("linkage/includes/probable_matches.html", {"candidates": found})
    assert "Is this the same person?" in html
    assert f"/cases/refer/?person={john.force_person_id}" in html
    assert f"/people/{john.force_person_id}/" in html or john.force_person_id in html

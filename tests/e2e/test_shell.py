"""The web shell in a real browser: sign in, each role's home, accessibility."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from checkpoint.domain.lifecycle import CaseState
from tests.factories import PASSWORD, CaseOffenceFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_in_page_is_accessible(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Sign in to Checkpoint")).to_be_visible()
    assert axe_violations(page) == []


@pytest.mark.parametrize("username", ["custody", "nav", "sup", "vl", "analyst", "admin"])
def test_each_home_page_is_accessible(page: Page, live_server, force, username: str) -> None:
    CaseOffenceFactory(
        case__navigator=force.navigator, case__team=force.north, case__state=CaseState.ACTIVE.value
    )
    sign_in(page, live_server.url, username, PASSWORD)
    expect(page.get_by_role("navigation", name="Menu")).to_be_visible()
    assert axe_violations(page) == []


def test_case_page_is_accessible_and_keyboard_reachable(page: Page, live_server, force) -> None:
    case = CaseOffenceFactory(
        case__navigator=force.navigator, case__team=force.north, case__state=CaseState.ACTIVE.value
    ).case
    sign_in(page, live_server.url, "nav", PASSWORD)
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", name=case.reference)).to_be_visible()
    assert axe_violations(page) == []
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()

"""The feed imports page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from checkpoint.monitoring.importer import feed_import
from checkpoint.monitoring.tests.test_import import _row, write_csv
from tests.factories import OffenceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("checkpoint.monitoring.tests.urls")]


@pytest.mark.parametrize("who", ["administrator", "analyst"])
def test_administrators_and_analysts_see_imports(client, force, tmp_path, who):
    OffenceFactory(code="FEED-THEFT")
    feed_import(actor=force.administrator, path=write_csv(tmp_path / "march.csv", [_row(1)]))
    client.force_login(getattr(force, who))
    response = client.get(reverse("feed-imports"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "march.csv" in html
    assert "not the Cambridge Crime Harm Index" in html


def test_htmx_gets_the_table_only(client, force):
    client.force_login(force.analyst)
    response = client.get(reverse("feed-imports"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<h1" not in response.content.decode()


@pytest.mark.parametrize("who", ["navigator", "custody"])
def test_others_are_refused(client, force, who):
    client.force_login(getattr(force, who))
    assert client.get(reverse("feed-imports")).status_code == 403

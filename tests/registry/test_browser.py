"""The casualty list in a real browser: filters, synthetic badge, next page."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.registry.factories import casualty, incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_casualty_list_filters_and_pages(
    browser_login: Any, live_server: Any, researcher: User
) -> None:
    mine = incident(incident_type="mine")
    shelling = incident(incident_type="shelling")
    for index in range(55):
        casualty(mine, outcome="killed", external_id=f"K{index:02d}", synthetic=True)
    casualty(mine, outcome="injured", external_id="INJ")
    casualty(shelling, outcome="killed", external_id="SHELL")
    page = browser_login(researcher, "pw-researcher")
    page.goto(f"{live_server.url}/registry/casualties/")
    page.select_option("select[name=outcome]", "killed")
    page.select_option("select[name=cause]", "landmine")
    page.click("#filters button[type=submit]")
    rows = page.locator("#records tbody tr")
    assert rows.count() == 50
    text = page.locator("#records").inner_text()
    assert "INJ" not in text
    assert "SHELL" not in text
    assert "synthetic" in text
    page.click("text=Next →")
    assert page.locator("#records tbody tr").count() == 5
    assert "outcome=killed" in page.url
    page.select_option("select[name=outcome]", "injured")
    page.click("#filters button[type=submit]")
    assert page.locator("#records tbody tr").count() == 1
    assert "INJ" in page.locator("#records").inner_text()

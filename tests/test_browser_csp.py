"""In a real browser, under the production CSP: the pages and the map work, and nothing is
refused (no inline script or style left in any page walked)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.appeals.factories import addressee, draft, missing_source
from tests.places.factories import feature, load, square

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_work_under_the_csp_with_nothing_refused(
    live_server: Any, page: Any, browser_login: Any, editor: Any
) -> None:
    source = missing_source()
    appeal = draft(addressees=[addressee("Desk A (test)", "a@example.org")])
    load("hazards", feature(square(0.0, 0.0, 0.01), name="H", classification="SHA"))
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    browser_login(editor, "pw-editor")
    page.wait_for_url(lambda address: "/login/" not in address)
    for path in (
        "/",
        f"/sources/{source.pk}/",
        f"/appeals/{appeal.pk}/",
        "/tokens/",
        "/claims/",
        "/figures/",
        "/registry/",
        "/places/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector('#places-map[data-loaded="yes"]')
    assert page.locator("path.hazard-open").count() == 1
    page.goto(f"{live_server.url}/sources/{source.pk}/")
    # the page's own stylesheet applies: the source text keeps its line breaks
    assert (
        page.eval_on_selector(".source-text", "e => getComputedStyle(e).whiteSpace") == "pre-wrap"
    )
    assert refused == []

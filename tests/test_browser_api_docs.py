"""The API docs in a real browser with every request off this machine refused: Swagger UI
comes from the installation's own static files, lists the operations (the writes among them),
and nothing is refused by the Content-Security-Policy."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def test_api_docs_list_the_operations_with_the_network_blocked(
    live_server: Any, page: Any, browser_login: Any, researcher: Any
) -> None:
    blocked: list[str] = []
    refused: list[str] = []

    def only_loopback(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).hostname in LOOPBACK:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", only_loopback)
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    browser_login(researcher, "pw-researcher")
    page.wait_for_url(lambda address: "/login/" not in address)
    page.click("footer >> text=API documentation")
    page.wait_for_url("**/api/docs")
    page.wait_for_selector(".opblock", timeout=30_000)

    operations = page.locator(".opblock-summary-path").all_inner_texts()
    methods = page.locator(".opblock-summary-method").all_inner_texts()
    listed = set(zip(methods, operations, strict=True))
    assert ("POST", "/api/sources/") in listed
    assert ("GET", "/api/sources/jobs/{job_id}") in listed
    assert ("POST", "/api/claims/{claim_id}/review") in listed
    assert ("POST", "/api/registry/records/{kind}/") in listed
    assert ("PATCH", "/api/registry/records/{kind}/{record_id}") in listed
    assert page.locator("text=Authorize").count() >= 1  # the token scheme is offered
    assert blocked == []
    assert refused == []

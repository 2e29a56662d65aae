"""In a real browser: a researcher uploads a document and sees its claims highlighted."""

from __future__ import annotations

import pytest

from tests.sources.documents import REPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_shows_the_text_with_claims_highlighted(
    browser_login, researcher, live_server, tmp_path
):
    document = tmp_path / "examplia-statement.txt"
    document.write_text(REPORT)
    page = browser_login(researcher, "pw-researcher")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/sources/upload/")
    page.set_input_files("input[name=document]", str(document))
    page.fill("input[name=publisher]", "Examplia Ombudsperson")
    page.fill("input[name=published]", "2022-03-03")
    page.click("main button[type=submit]")

    page.wait_for_selector("mark.claim")
    assert page.locator("h1").inner_text() == "examplia-statement"
    marks = page.locator("mark.claim[id^=claim-]")
    entries = page.locator("ol.claims li")
    assert marks.count() == entries.count() >= 5
    assert "41 civilians" in page.locator("#text").inner_text()
    # From a claim's entry to its passage and back to the entry.
    page.locator("#entry-2 a[href='#claim-2']").click()
    assert page.url.endswith("#claim-2")
    page.locator("a.claim-ref[href='#entry-2']").click()
    assert page.url.endswith("#entry-2")
    assert "children" in page.locator("#entry-2").inner_text()

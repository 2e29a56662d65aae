"""In a real browser: a researcher uploads a scan, and its page follows the OCR to the end."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.sources.scans import page as drawn_page
from tests.sources.scans import scanned_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINES = [["At least 45 civilians were killed and 120 injured in 2024."]]


def test_the_source_page_refreshes_itself_until_the_scan_is_read(
    browser_login, researcher, live_server, tmp_path
):
    scan = tmp_path / "scanned-letter.pdf"
    scan.write_bytes(scanned_pdf(drawn_page(LINES, size=(2480, 600))))
    page = browser_login(researcher, "pw-researcher")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/sources/upload/")
    page.set_input_files("input[name=document]", str(scan))
    page.fill("input[name=published]", "2025-01-15")
    page.click("main button[type=submit]")

    status = page.locator("#ocr")
    status.wait_for()
    assert status.get_attribute("data-status") == "queued"
    assert "waiting for the task worker" in status.inner_text()

    call_command("db_worker", batch=True, startup_delay=False, interval=0.1, verbosity=0)

    # No reload by the test: the page refreshes itself and then stops.
    page.wait_for_selector("#ocr[data-status=done]", timeout=20_000)
    assert page.locator(".ocr-note").inner_text().startswith("Text read by OCR, confidence ")
    assert "45 civilians were killed" in page.locator("#text").inner_text()
    assert page.locator("mark.claim").count() >= 2
    assert page.locator("meta[http-equiv=refresh]").count() == 0

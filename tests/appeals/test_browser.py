"""In a real browser: an editor drafts and submits an appeal, is refused its approval (four
eyes), and a second editor approves and renders it."""

from __future__ import annotations

import pytest

from tests.appeals.factories import missing_source
from tests.appeals.test_browser_languages import write

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_drafts_approves_and_renders_an_appeal(browser_login, editor, live_server):
    from tests.conftest import make_user

    second = make_user("editor", "second-editor")
    missing_source()
    page = browser_login(editor, "pw-editor")
    page.goto(f"{live_server.url}/appeals/")
    page.click("text=Draft an appeal")
    page.fill("input[name=title]", "Appeal on the missing (browser)")
    write(
        page,
        "The fate of {{fig missing/people}} people is unknown; "
        "{{fig missing/civilians}} were civilians.",
    )
    page.fill("textarea[name=signatory]", "Test Signatory\nTest Office")
    page.click("button:has-text('Save draft')")
    page.wait_for_selector("h1:has-text('APL-')")
    assert page.inner_text(".letter p >> nth=0").startswith("The fate of 3,890")
    assert "“The report says that during the first Karabakh war" in page.inner_text(".footnotes")

    page.click("button:has-text('Submit for review')")
    assert "Four eyes:" in page.inner_text("main")
    assert page.locator("button:has-text('Approve and freeze')").count() == 0
    page.wait_for_selector("text=You submitted this appeal: another editor approves it.")
    url = page.url
    page.context.clear_cookies()  # the first editor leaves; the second logs in
    browser_login(second, "pw-editor")
    page.wait_for_url(lambda address: "/login/" not in address)
    page.goto(url)
    page.click("button:has-text('Approve and freeze')")
    page.wait_for_selector("text=the text, figures and notes are now frozen")
    assert "Approved" in page.inner_text("h1")

    with page.expect_download() as download:
        page.click("a:has-text('PDF')")
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    page.click("a:has-text('Print view')")
    assert "719" in page.inner_text("article.letter")
    assert page.locator(".footnotes li").count() == 2

"""In a real browser: an appeal drafted with a doubled qualifier (warned), given a Russian
version, refused approval to its submitter, approved by a second editor, and downloaded as PDF
and DOCX in English and Russian; the follow-up page lists the letter sent. Screenshots at
desktop width and 390 px go to OMBUDS_SCREENSHOTS when it is set."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.appeals.factories import addressee, ingest
from tests.appeals.test_docx import footnotes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AT_LEAST = "A bulletin prepared for the tests.\n\nThe bulletin says that at least 1,248 civilians were killed.\n"
NBSP = "\u00a0"


def shoot(page: Any, name: str) -> None:
    folder = os.environ.get("OMBUDS_SCREENSHOTS", "")
    if not folder:
        return
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def write(page: Any, text: str) -> None:
    """Type ``text`` into the appeal editor (the body's textarea is hidden behind it)."""
    editor = page.locator(".tiptap[contenteditable=true]")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.type(text)


def download(page: Any, link: str) -> bytes:
    with page.expect_download() as info:
        page.click(link)
    return Path(info.value.path()).read_bytes()


def test_an_appeal_in_two_languages_from_draft_to_downloads(
    browser_login: Any, editor: Any, live_server: Any
) -> None:
    from ombuds.appeals.dispatch_actions import do_record_manual_dispatch
    from ombuds.appeals.models import Appeal
    from tests.conftest import make_user

    ingest(AT_LEAST, title="Bulletin", published=dt.date(2024, 3, 1))
    addressee("Desk A (test)", "a@example.org")
    second = make_user("editor", "second-editor")
    page = browser_login(editor, "pw-editor")
    page.goto(f"{live_server.url}/appeals/new/")
    page.fill("input[name=title]", "Appeal on the killed (browser)")
    write(page, "At least {{fig killed/civilians}} civilians were killed.")
    page.fill("textarea[name=signatory]", "Test Signatory\nTest Office")
    page.click("button:has-text('Save draft')")
    page.wait_for_selector("h1:has-text('APL-')")
    warnings = page.inner_text("ul.warnings")
    assert "“at least” is written before {{fig killed/civilians}}" in warnings
    shoot(page, "appeal-draft")

    page.click("a:has-text('Add a version: Русский')")
    page.fill("input[name=title]", "Обращение о погибших")
    write(page, "Погибли {{fig killed/civilians}} мирных жителей.")
    shoot(page, "appeal-version-edit")
    page.click("button:has-text('Save the Русский version')")
    page.wait_for_selector("strong.version.current:has-text('Русский')")
    assert "Погибли не менее 1 248" in page.inner_text("article.letter").replace(NBSP, " ")
    page.click("a.version:has-text('English')")
    page.click("button:has-text('Submit for review')")
    page.wait_for_selector("text=You submitted this appeal: another editor approves it.")
    assert page.locator("button:has-text('Approve and freeze')").count() == 0

    url = page.url.split("?")[0]
    page.context.clear_cookies()
    browser_login(second, "pw-editor")
    page.wait_for_url(lambda address: "/login/" not in address)
    page.goto(url)
    page.click("button:has-text('Approve and freeze')")
    page.wait_for_selector("text=the text, figures and notes are now frozen")
    shoot(page, "appeal-approved")

    english_pdf = download(page, "a:has-text('PDF')")
    english = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(english_pdf)).pages)
    assert "At least at least 1,248" in english  # the warning was not heeded: as written
    assert "Bulletin" in english
    english_docx = download(page, "a:has-text('DOCX')")
    assert footnotes(english_docx)["1"].startswith("Test Commission, “Bulletin”, 1 March 2024: “")

    page.click("a.version:has-text('Русский')")
    page.wait_for_selector("strong.version.current:has-text('Русский')")
    russian_pdf = download(page, "a:has-text('PDF')")
    russian = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(russian_pdf)).pages)
    assert f"Погибли не менее 1{NBSP}248" in russian
    assert "Примечания" in russian
    russian_docx = download(page, "a:has-text('DOCX')")
    assert footnotes(russian_docx)["1"].startswith("Test Commission, «Bulletin», 1 марта 2024: «")

    appeal = Appeal.objects.get()
    desk = appeal.addressees.model.objects.get(organisation="Desk A (test)")
    do_record_manual_dispatch(appeal, addressee=desk, channel="post",
                              sent_on=dt.date.today() - dt.timedelta(days=3),
                              acting_user=None)  # fmt: skip
    page.goto(f"{live_server.url}/appeals/follow-up/")
    row = page.inner_text("table.follow-up tbody")
    assert "Desk A (test)" in row
    assert "Awaiting reply" in row
    shoot(page, "follow-up")
    page.click("table.follow-up a:has-text('Desk A (test)')")
    assert appeal.reference in page.inner_text("table.addressee-letters")
    shoot(page, "addressee")
    page.goto(f"{url}letter.html?lang=ru")
    shoot(page, "letter-ru")

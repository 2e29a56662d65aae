"""In a real browser, under the CSP: the editor writes rich text, the picker finds figures by
words and inserts them as chips with their values, and the draft keeps sanitized HTML."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.appeals.factories import ingest, missing_source
from tests.appeals.test_browser_languages import AT_LEAST, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_appeal_written_with_the_editor_and_the_figure_picker(
    browser_login: Any, editor: Any, live_server: Any
) -> None:
    from ombuds.appeals.models import Appeal

    missing_source()
    ingest(AT_LEAST, title="Bulletin", published=dt.date(2024, 3, 1))
    page = browser_login(editor, "pw-editor")
    refused: list[str] = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(f"{live_server.url}/appeals/new/")
    page.fill("input[name=title]", "Appeal written with the editor")
    body = page.locator(".tiptap[contenteditable=true]")
    body.click()
    page.keyboard.type("The missing")
    page.keyboard.press("Enter")
    page.keyboard.type("Their number: ")

    page.fill("input[name=figure-words]", "missing people")
    page.click(".figure-picker button.search")
    page.wait_for_selector(".figure-results li button.insert-figure")
    results = page.inner_text(".figure-results")
    assert "Insert 3,890" in results
    assert "Commission report" in results
    page.click(".figure-results li button.insert-figure >> nth=0")
    expect(body).to_be_focused()  # the editor takes the focus back from the button
    page.keyboard.type("people, and at least ")
    page.fill("input[name=figure-words]", "killed civilians")
    page.click(".figure-picker button.search")
    page.wait_for_selector(".figure-results li button:has-text('Insert at least 1,248')")
    page.click(".figure-results li button:has-text('Insert at least 1,248')")
    page.wait_for_selector(".tiptap .fig-value:has-text('at least 1,248')")
    assert page.locator(".tiptap .fig-value").all_inner_texts() == ["3,890", "at least 1,248"]
    page.fill("textarea[name=signatory]", "Test Signatory\nTest Office")
    shoot(page, "appeal-editor")
    page.click("button:has-text('Save draft')")
    page.wait_for_selector("h1:has-text('APL-')")

    stored = Appeal.objects.get().body
    assert stored.startswith(
        "<p>The missing</p><p>Their number: {{fig missing/people to=2023-01-25}} people"
    )
    assert "“at least” is written before {{fig killed/civilians to=2024-03-01}}" in page.inner_text(
        "ul.warnings"
    )
    letter = page.inner_text("article.letter")
    assert "Their number: 3,890" in letter
    assert "at least at least 1,248" in letter

    page.click("a:has-text('Edit')")
    page.wait_for_selector(".tiptap .fig-value:has-text('3,890')")  # live values on load
    body = page.locator(".tiptap[contenteditable=true]")
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Typed by hand: {{fig missing/civilians}}")
    page.wait_for_selector(".tiptap .fig-value:has-text('719')")
    page.click("button:has-text('Save draft')")
    page.wait_for_selector("text=Saved.")
    assert "Typed by hand: 719" in page.inner_text("article.letter")
    assert refused == []


def test_a_kept_estimate_is_found_by_words_and_inserted_as_a_chip(
    browser_login: Any, editor: Any, live_server: Any
) -> None:
    from ombuds.appeals.models import Appeal
    from ombuds.registry.list_actions import do_save_estimate
    from ombuds.registry.list_queries import Stratum
    from tests.appeals.test_estimates_cited import LISTS, hold_people, three_lists

    hold_people(three_lists())
    saved = do_save_estimate(Stratum(lists=LISTS), method="loglinear", acting_user=None)
    about = f"about {saved.estimate:,}"
    page = browser_login(editor, "pw-editor")
    page.goto(f"{live_server.url}/appeals/new/")
    page.fill("input[name=title]", "Appeal citing an estimate")
    body = page.locator(".tiptap[contenteditable=true]")
    body.click()
    page.keyboard.type("An estimated ")

    page.fill("input[name=figure-words]", "log-linear commission")
    page.click(".figure-picker button.search")
    page.wait_for_selector(f".figure-results li button:has-text('Insert {about}')")
    results = page.inner_text(".figure-results")
    assert f"estimate {saved.number}: people with any record" in results
    assert "Commission list; Icrc list; Families list" in results
    page.click(f".figure-results li button:has-text('Insert {about}')")
    expect(body).to_be_focused()
    page.keyboard.type("people are missing.")
    page.wait_for_selector(f".tiptap .fig-value:has-text('{about}')")

    page.fill("input[name=figure-words]", "lcmcr")
    page.click(".figure-picker button.search")
    page.wait_for_selector(".figure-results li:has-text('No figure or kept estimate matches')")

    page.fill("textarea[name=signatory]", "Test Signatory\nTest Office")
    page.click("button:has-text('Save draft')")
    page.wait_for_selector("h1:has-text('APL-')")
    assert f"An estimated {{{{estimate {saved.number}}}}} people" in Appeal.objects.get().body
    letter = page.inner_text("article.letter")
    assert f"An estimated {about}1 people are missing." in letter  # 1: its footnote
    assert "multiple systems estimation" in letter

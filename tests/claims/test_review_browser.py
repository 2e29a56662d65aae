"""In a real browser, with the keyboard: the review loop from adding a missed figure to
re-extraction with every decision kept."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from ombuds.claims.models import Claim
from ombuds.sources.actions import do_ingest_source
from tests.sources.documents import REPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MISSED = "Around 40% of the clinics in the district were closed."
TEXT = REPORT + "\n" + MISSED + "\n"

SELECT = """(phrase) => {
  const walker = document.createTreeWalker(document.getElementById('text'), NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.nodeValue.indexOf(phrase);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + phrase.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    }
  }
  return false;
}"""


def state(page, ordinal):
    return page.locator(f"#row-{ordinal} .state").inner_text()


def test_the_review_loop_with_the_keyboard(browser_login, editor, live_server):
    source, _ = do_ingest_source(
        TEXT.encode(), filename="statement.txt", published=dt.date(2022, 3, 3), acting_user=None
    )
    ordinal = {c.subject: c.ordinal for c in source.claims.exclude(measure="injured")}
    page = browser_login(editor, "pw-editor")
    page.wait_for_url(f"{live_server.url}/")
    review = f"{live_server.url}/claims/source/{source.pk}/review/"
    page.goto(review)
    page.wait_for_selector(".claim-row.current")

    # Select the passage the engine missed and add it with n: the form holds its reading.
    assert page.evaluate(SELECT, "40% of the clinics")
    page.keyboard.press("n")
    page.wait_for_selector("input[name=measure]")
    assert page.locator("input[name=value]").input_value() == "40"
    assert page.locator("blockquote.passage").inner_text() == "40% of the clinics"
    page.fill("input[name=measure]", "closed")
    page.fill("input[name=subject]", "clinics")
    page.click("main form button[type=submit]")
    page.wait_for_url(review)
    added = Claim.objects.get(source=source, origin="hand")
    assert added.quote == "40% of the clinics"
    assert "40% clinics closed" in page.locator(f"#row-{added.ordinal}").inner_text()

    # a confirms the first claim; j j r rejects the third; u takes the rejection back.
    killed, injured = ordinal["civilians"], Claim.objects.get(measure="injured").ordinal
    page.keyboard.press("a")
    expect(page.locator(f"#row-{killed} .state")).to_have_text("Confirmed")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("r")
    expect(page.locator(f"#row-{injured} .state")).to_have_text("Rejected")
    page.keyboard.press("u")
    expect(page.locator(f"#row-{injured} .state")).to_have_text("Unreviewed")
    assert Claim.objects.get(measure="injured").status == "extracted"

    # Enter confirms and moves on.
    page.wait_for_selector(f"#row-{injured}.current")
    page.keyboard.press("Enter")
    expect(page.locator(f"#row-{injured} .state")).to_have_text("Confirmed")
    assert "current" in (page.locator(f"#row-{ordinal['houses']}").get_attribute("class") or "")

    # The total's period, corrected with its parts in one bulk action.
    page.locator(f"#row-{killed}").click()
    page.keyboard.press("x")
    page.click("#bulk-set summary")
    page.fill("#bulk-set input[name=period_end]", "2022-03-01")
    page.click("#bulk-set button[type=submit]")
    page.wait_for_selector(".messages")
    part = page.locator(f"#row-{ordinal['children']}")
    assert "1 Feb – 1 Mar 2022" in part.inner_text()
    assert state(page, ordinal["children"]) == "Corrected"
    # ... and undone with u, then done again.
    page.keyboard.press("u")
    expect(page.locator(f"#row-{ordinal['children']} .state")).to_have_text("Unreviewed")
    page.locator(f"#row-{killed}").click()
    page.keyboard.press("x")
    page.click("#bulk-set summary")
    page.fill("#bulk-set input[name=period_end]", "2022-03-01")
    page.click("#bulk-set button[type=submit]")
    page.wait_for_selector(".messages")

    # Re-extraction keeps every decision.
    page.goto(f"{live_server.url}/sources/{source.pk}/")
    page.click("text=Re-extract claims")
    page.wait_for_selector(".messages")
    page.goto(review)
    statuses = dict(
        Claim.objects.filter(source=source)
        .exclude(measure="injured")
        .values_list("subject", "status")
    )
    assert statuses["children"] == "corrected"
    assert statuses["civilians"] == "corrected"
    assert Claim.objects.get(measure="injured").status == "confirmed"
    assert statuses["clinics"] == "confirmed"
    assert "1 Feb – 1 Mar 2022" in page.locator(f"#row-{ordinal['children']}").inner_text()


def long_report(districts: int) -> str:
    lines = ["Report of the Office of the Ombudsperson, 3 March 2022.", ""]
    for n in range(districts):
        lines += [
            f"In district {n + 1}, {n % 90 + 10} civilians were killed, including "
            f"{n % 7 + 1} children. The district was shelled for weeks.",
            "",
        ]
    return "\n".join(lines)


def scroll_top(page, selector):
    return page.locator(selector).evaluate("pane => pane.scrollTop")


def test_text_and_claims_scroll_together(browser_login, editor, live_server):
    source, _ = do_ingest_source(
        long_report(60).encode(), filename="long.txt", published=dt.date(2022, 3, 3),
        acting_user=None,
    )  # fmt: skip
    page = browser_login(editor, "pw-editor")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/claims/source/{source.pk}/review/")
    page.wait_for_selector(".claim-row.current")
    rows = page.locator(".claim-row")
    assert rows.count() >= 120

    # j moves down the claims; each claim's passage is brought into view in the text.
    for _ in range(80):
        page.keyboard.press("j")
    current = page.locator(".claim-row.current")
    ordinal = current.get_attribute("data-ordinal")
    expect(current).to_be_in_viewport()
    expect(page.locator(f'#text mark.current[data-claim="{ordinal}"]').first).to_be_in_viewport()
    assert scroll_top(page, ".review-text") > 0
    page.keyboard.press("k")
    expect(page.locator(".claim-row.current")).not_to_have_attribute("data-ordinal", ordinal)

    # Clicking a passage moves to its claim, and its row comes into view; clicking it again
    # moves to the next claim read from the same passage.
    current = re.compile(r"\bcurrent\b")
    page.locator(".review-text").evaluate("pane => { pane.scrollTop = 0; }")
    sentence = page.locator('#text mark[data-claim="1"]').first
    sentence.click()
    expect(page.locator("#row-1")).to_have_class(current)
    expect(page.locator("#row-1")).to_be_in_viewport()
    bar, row = page.locator("#bulk").bounding_box(), page.locator("#row-1").bounding_box()
    assert row["y"] >= bar["y"] + bar["height"] - 1  # not hidden behind the bulk bar
    sharing = sentence.locator("mark[data-claim]").first.get_attribute("data-claim")
    sentence.click()
    expect(page.locator(f"#row-{sharing}")).to_have_class(current)
    page.locator('#text a.claim-ref[href="#entry-3"]').click()
    expect(page.locator("#row-3")).to_have_class(current)

    # Scrolling the text by hand scrolls the claims to the passages shown, and back.
    page.mouse.move(300, 500)
    page.mouse.wheel(0, 2500)
    page.wait_for_timeout(400)
    claims_top, text_top = scroll_top(page, ".review-claims"), scroll_top(page, ".review-text")
    assert text_top > 1000
    assert claims_top > 500
    shown = page.locator("#text mark[data-claim]")
    visible = [
        m for m in (shown.nth(i) for i in range(0, shown.count(), 5))
        if (box := m.bounding_box()) and 150 < box["y"] < 700
    ]  # fmt: skip
    expect(page.locator(f"#row-{visible[0].get_attribute('data-claim')}")).to_be_in_viewport()
    page.mouse.move(1000, 500)
    page.mouse.wheel(0, -1500)
    page.wait_for_timeout(400)
    assert scroll_top(page, ".review-claims") < claims_top - 1000
    assert scroll_top(page, ".review-text") < text_top - 300

    # On a phone the panes are one above the other and the page scrolls: j keeps the claim on
    # the screen, and neither this screen nor the pages listing claims and figures is wider
    # than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_selector(".claim-row.current")
    for _ in range(12):
        page.keyboard.press("j")
    expect(page.locator(".claim-row.current")).to_be_in_viewport()
    for address in (
        page.url,
        f"{live_server.url}/sources/{source.pk}/",
        f"{live_server.url}/figures/",
    ):
        page.goto(address)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, address

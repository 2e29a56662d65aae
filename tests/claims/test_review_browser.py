"""In a real browser, with the keyboard: the review loop from adding a missed figure to
re-extraction with every decision kept."""

from __future__ import annotations

import datetime as dt

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

"""In a real browser: an admin sets the office's letterhead (names, signatory, address, logo,
reference line) and is refused a broken Word template with the default kept; the appeal's page
shows the letterhead; the demands overview shows a demand's story. Screenshots at desktop
width and 390 px go to OMBUDS_SCREENSHOTS when it is set."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from docx import Document as Docx
from PIL import Image

from ombuds.appeals.actions import (
    do_approve_appeal,
    do_create_appeal,
    do_set_demand_status,
    do_start_next_appeal,
    do_submit_appeal,
)
from tests.appeals.factories import addressee, missing_source
from tests.appeals.test_browser_languages import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logo_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 90), "#123456").save(buffer, "PNG")
    return buffer.getvalue()


def no_body_template() -> bytes:
    out = Docx()
    out.add_paragraph("{{ office_name }}")
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def test_the_office_letterhead_reaches_the_appeal_and_the_demands_tell_their_story(
    browser_login: Any, admin_user: Any, editor: Any, live_server: Any
) -> None:
    page = browser_login(admin_user, "pw-admin")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto(f"{live_server.url}/appeals/")
    page.click("text=Office profile")
    page.fill("textarea[name=address]", "40 Uzeyir Hajibeyov Street\nBaku AZ1000")
    page.fill("input[name=reference_pattern]", "No. {number}/{year}")
    page.fill("input[name=name_en]", "Office of the Commissioner for Human Rights")
    page.fill("input[name=signatory_name_en]", "A. Aliyeva")
    page.fill("input[name=signatory_title_en]", "Commissioner")
    page.fill("input[name=name_ru]", "Аппарат Уполномоченного по правам человека")
    page.set_input_files(
        "input[name=logo]", {"name": "logo.png", "mimeType": "image/png", "buffer": logo_png()}
    )
    page.click("text=Save the profile")
    page.wait_for_selector("text=Office profile saved")
    assert page.locator(".office-logo img").count() == 1
    assert "No. 1/2026" in page.inner_text(".reference-example")
    page.set_input_files(
        "input[name=template]",
        {"name": "mine.docx", "mimeType": "application/octet-stream", "buffer": no_body_template()},
    )
    page.click("text=Upload the template")
    page.wait_for_selector("text=The template in use is kept.")
    assert "the default template (A4)" in page.inner_text(".docx-template")
    shoot(page, "office-profile")

    missing_source()
    appeal = do_create_appeal(
        title="Appeal on the missing",
        body="We count {{fig missing/people}} missing persons.",
        place="Baku",
        letter_date=dt.date(2026, 3, 1),
        addressees=[addressee("Desk A (test)")],
        demands=[("Party X", "Hand over the minefield maps.")],
        figures_since=dt.date(2024, 1, 1),
        acting_user=None,
    )
    do_submit_appeal(appeal, acting_user=None)
    appeal = do_approve_appeal(appeal, acting_user=editor)
    do_set_demand_status(appeal.demands.get(), status="partly_met",
                         evidence="Maps of two districts.", acting_user=editor)  # fmt: skip
    following = do_start_next_appeal(appeal, acting_user=editor)

    page.context.clear_cookies()  # a fresh session for the editor
    page = browser_login(editor, "pw-editor")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto(f"{live_server.url}/appeals/{following.pk}/")
    head = page.inner_text(".letterhead")
    assert "Office of the Commissioner for Human Rights" in head
    assert "Baku AZ1000" in head
    assert page.locator(".letterhead img.logo").count() == 1
    assert "older than 1 January 2024" not in page.inner_text("main")  # its own day: default age
    assert "A. Aliyeva" in page.inner_text(".signature")
    shoot(page, "appeal-letterhead")
    page.goto(f"{live_server.url}/appeals/{following.pk}/edit/")
    assert page.locator("input[name=figures_since]").count() == 1
    shoot(page, "appeal-edit-figures-since")
    page.goto(f"{live_server.url}/appeals/")
    page.click("text=Demands")
    row = page.inner_text("table.demands-overview tbody")
    assert "Hand over the minefield maps." in row
    assert f"carried into {following.reference} as Partly met" in row
    assert "editor-user: Open → Partly met" in row
    shoot(page, "demands-overview")
    page.goto(f"{live_server.url}/appeals/")
    shoot(page, "appeals-list")

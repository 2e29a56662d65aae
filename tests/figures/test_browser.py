"""In a real browser with the network cut off: a figure page draws its chart and resolves."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from ombuds.figures.actions import do_run_checks
from ombuds.figures.keys import FigureKey
from ombuds.figures.models import Finding
from tests.figures.factories import make_claim, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
START = dt.date(2020, 9, 27)


def cut_network(page, live_server) -> list[str]:
    """Let ``page`` reach only the live server; the addresses it tried elsewhere."""
    own = urlparse(live_server.url).netloc
    elsewhere: list[str] = []

    def only_ours(route, request):
        if urlparse(request.url).netloc == own or request.url.startswith("data:"):
            route.continue_()
        else:
            elsewhere.append(request.url)
            route.abort()

    page.route("**/*", only_ours)
    return elsewhere


def test_the_figure_page_draws_its_chart_without_network_and_an_editor_resolves(
    browser_login, editor, live_server
):
    a = make_source("Examplia report", publisher="Ombudsperson of Examplia",
                    published=dt.date(2020, 10, 10))  # fmt: skip
    b = make_source("Otherland report", publisher="Ombudsperson of Otherland",
                    published=dt.date(2020, 11, 10))  # fmt: skip
    make_claim(a, "killed", "civilians", 94, period_start=START)
    make_claim(b, "killed", "civilians", 80, period_start=START)
    do_run_checks(acting_user=None)
    key = FigureKey.of(measure="killed", subject="civilians", period_start=START,
                       period_end=dt.date(2020, 11, 10))  # fmt: skip

    page = browser_login(editor, "pw-editor")
    page.wait_for_url(f"{live_server.url}/")
    elsewhere = cut_network(page, live_server)
    page.goto(f"{live_server.url}/figures/{key.slug()}/")
    chart = page.locator("svg.figure-chart")
    chart.wait_for()
    assert chart.bounding_box()["width"] > 300
    assert page.locator("svg.figure-chart circle").count() == 2
    assert "Ombudsperson of Otherland" in chart.inner_html()
    assert elsewhere == []

    finding = page.locator("li.finding", has_text="went down")
    assert "Contradiction" in finding.inner_text()
    finding.locator("textarea[name=reason]").fill("Otherland counts only identified victims.")
    finding.locator("button[type=submit]").click()
    page.wait_for_selector("text=Marked resolved.")
    resolved = Finding.objects.get(kind="series_decreases")
    assert resolved.resolved
    assert resolved.resolved_reason == "Otherland counts only identified victims."


def test_the_index_reads_as_sentences_with_sparklines_at_desktop_and_phone_width(
    browser_login, viewer, live_server
):
    """The index in a real browser, the network cut off: each figure a sentence with its
    value, range, sources and sparkline; a filter narrows it; nothing scrolls sideways at
    390 px. Screenshots go to OMBUDS_SCREENSHOTS when it is set."""
    ends = [dt.date(2024, 3, 31), dt.date(2024, 6, 30), dt.date(2024, 9, 30)]
    centre = make_source("Centre report", publisher="Mine Action Centre", published=ends[2])
    mission = make_source("Mission report", publisher="Monitoring Mission",
                          published=dt.date(2024, 7, 3))  # fmt: skip
    where = {"place": "the northern districts", "cause": "landmine",
             "period_start": dt.date(2024, 1, 1)}  # fmt: skip
    for end, value in zip(ends, (40, 61, 75), strict=True):
        make_claim(centre, "killed", "civilians", value, period_end=end, **where)
    make_claim(mission, "killed", "civilians", 58, qualifier="approx", period_end=ends[1],
               **where)  # fmt: skip
    make_claim(mission, "missing", "people", 1204, place="Veldoria")
    do_run_checks(acting_user=None)

    page = browser_login(viewer, "pw-viewer")
    page.wait_for_url(f"{live_server.url}/")
    elsewhere = cut_network(page, live_server)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/figures/")
    june = page.locator("table.figure-index tr",
                        has_text="Civilians killed by landmine in the northern districts, "
                                 "1 Jan – 30 Jun 2024")  # fmt: skip
    assert june.locator(".figure-value").inner_text().split() == ["61", "unreviewed"]
    assert june.locator(".figure-range").inner_text().strip() == "58–61"
    assert june.locator(".figure-sources").inner_text().strip() == "2"
    spark = june.locator("svg.sparkline")
    assert spark.bounding_box()["width"] > 50
    assert page.locator("svg.sparkline").count() == 2
    shoot(page, "figures-index")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert spark.is_visible()

    page.fill("input[name=place]", "Veldoria")
    page.click("form.figure-filters button[type=submit]")
    page.wait_for_url("**/figures/?*place=Veldoria*")
    assert page.locator("table.figure-index tbody tr").count() == 1
    assert "1,204" in page.locator("table.figure-index").inner_text()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert elsewhere == []


def shoot(page, name: str) -> None:
    folder = os.environ.get("OMBUDS_SCREENSHOTS", "")
    if not folder:
        return
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)


def test_an_editor_merges_two_place_names_into_one_figure_on_its_page(
    browser_login, editor, live_server
):
    end = dt.date(2024, 6, 30)
    centre = make_source("Centre report", publisher="Mine Action Centre", published=end)
    mission = make_source("Mission report", publisher="Monitoring Mission", published=end)
    make_claim(centre, "killed", "civilians", 120, place="the liberated territories")
    make_claim(mission, "killed", "civilians", 150, place="territories freed from occupation")
    do_run_checks(acting_user=None)
    own = FigureKey.of(measure="killed", subject="civilians",
                       place="territories freed from occupation", period_end=end)  # fmt: skip
    figure = FigureKey.of(measure="killed", subject="civilians", place="liberated territories",
                          period_end=end)  # fmt: skip

    page = browser_login(editor, "pw-editor")
    page.wait_for_url(f"{live_server.url}/")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/figures/{own.slug()}/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    form = page.locator("form.key-merge")
    form.locator("input[name=other]").fill(f"{live_server.url}/figures/{figure.slug()}/")
    form.locator("textarea[name=reason]").fill("One area under two names.")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Merged:")
    assert unquote(page.url).endswith(f"/figures/{figure.slug()}/")
    joined = page.locator("ul.joined-keys li")
    assert "territories freed from occupation" in joined.inner_text()
    assert "One area under two names." in page.locator("ul.key-decisions").inner_text()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    shoot(page, "figure-merged")

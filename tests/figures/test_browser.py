"""In a real browser with the network cut off: a figure page draws its chart and resolves."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

import pytest

from ombuds.figures.actions import do_run_checks
from ombuds.figures.keys import FigureKey
from ombuds.figures.models import Finding
from tests.figures.factories import make_claim, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
START = dt.date(2020, 9, 27)


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
    own = urlparse(live_server.url).netloc
    elsewhere: list[str] = []

    def only_ours(route, request):
        if urlparse(request.url).netloc == own or request.url.startswith("data:"):
            route.continue_()
        else:
            elsewhere.append(request.url)
            route.abort()

    page.route("**/*", only_ours)
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

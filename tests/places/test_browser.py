"""The map in a real browser: layers drawn, and nothing requested outside localhost."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from ombuds.places.actions import do_ensure_site
from tests.places.factories import feature, load, square, worked_example
from tests.registry.factories import incident


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_map_draws_layers_offline(live_server, page, browser_login, viewer) -> None:  # type: ignore[no-untyped-def]
    worked_example()
    load(
        "hazards",
        feature(square(0.0, 0.03, 0.01), name="worked", classification="CHA", status="worked_on"),
    )
    incident(latitude=0.02, longitude=0.015, synthetic=True)
    do_ensure_site(name="River X", site_type="water", lon=0.03, lat=0.02, acting_user=None)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    browser_login(viewer, "pw-viewer")
    page.goto(f"{live_server.url}/places/")
    page.wait_for_selector('#places-map[data-loaded="yes"]')
    drawn = page.locator("#places-map")
    assert drawn.get_attribute("data-count-hazards") == "4"
    assert drawn.get_attribute("data-count-incidents") == "1"
    assert drawn.get_attribute("data-count-records") == "2"
    assert drawn.get_attribute("data-count-finds") == "5"
    assert drawn.get_attribute("data-count-sites") == "1"
    assert page.locator("path.hazard-open").count() == 3
    assert page.locator("path.hazard-worked_on").count() == 1
    assert page.locator(".leaflet-control-layers-overlays label").count() == 8
    assert page.locator("path.minefield-record").count() == 2
    assert page.locator("path.graticule").count() >= 4
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.locator(".leaflet-tile").count() == 0

    # A popup links to the record it shows (what is under the click: an area or a find on it).
    page.locator("path.hazard-open").first.click(force=True)
    link = page.locator(".leaflet-popup-content a")
    label = link.inner_text()
    link.click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == label

    assert requested
    host = urlparse(live_server.url).hostname
    outside = [
        url
        for url in requested
        if not url.startswith("data:") and urlparse(url).hostname not in {host, "localhost"}
    ]
    assert outside == []

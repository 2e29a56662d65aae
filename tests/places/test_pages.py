"""The HTTP contract of the places pages, layers and API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from ombuds.places.actions import do_ensure_site, do_record_harm, do_record_sample
from ombuds.places.models import HazardArea
from tests.places.factories import feature, load, square, worked_example

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_map_page_has_leaflet_from_static_files_and_no_tile_server(viewer) -> None:  # type: ignore[no-untyped-def]
    worked_example()
    response = _client(viewer).get(reverse("places:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/leaflet/leaflet.js" in html
    assert "http://" not in html.split("<main>")[1]
    assert "https://" not in html.split("<main>")[1]
    assert '"tileUrl": ""' in html


def test_a_tile_server_can_be_configured(viewer, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OMBUDS_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    response = _client(viewer).get(reverse("places:home"))
    assert "tiles.example.org" in response.content.decode()


def test_layers_filter_by_box_and_are_bounded(viewer) -> None:  # type: ignore[no-untyped-def]
    worked_example()
    client = _client(viewer)
    url = reverse("places:layer", args=["hazards"])
    everything = client.get(url).json()
    assert len(everything["features"]) == 3
    assert everything["truncated"] is False
    west_only = client.get(url, {"bbox": "-0.001,-0.001,0.012,0.012"}).json()
    assert [f["properties"]["name"] for f in west_only["features"]] == ["SHA 0"]
    limited = client.get(url, {"limit": 2}).json()
    assert len(limited["features"]) == 2
    assert limited["truncated"] is True
    bad = client.get(url, {"bbox": "1,2,3"})
    assert bad.status_code == 400
    assert "west,south,east,north" in bad.json()["error"]
    assert client.get(reverse("places:layer", args=["nope"])).status_code == 404


def test_popups_link_to_record_pages(viewer) -> None:  # type: ignore[no-untyped-def]
    worked_example()
    client = _client(viewer)
    feature_ = client.get(reverse("places:layer", args=["hazards"])).json()["features"][0]
    page = client.get(feature_["properties"]["url"])
    assert page.status_code == 200
    assert "estimated area" in page.content.decode()


def test_record_lists_coverage_and_export(viewer) -> None:  # type: ignore[no-untyped-def]
    worked_example()
    client = _client(viewer)
    for kind in ("hazards", "finds", "minefield-records", "activities"):
        assert client.get(reverse("places:list", args=[kind])).status_code == 200
    coverage = client.get(reverse("places:coverage")).content.decode()
    assert "Party A" in coverage
    assert "0.417" in coverage
    export = client.get(reverse("places:export", args=["hazards", "geojson"]))
    assert b"SHA 2" in b"".join(export.streaming_content)  # type: ignore[attr-defined]
    assert client.get(reverse("places:export", args=["sites", "csv"])).status_code == 404


def test_viewers_cannot_import_researchers_can(viewer, researcher) -> None:  # type: ignore[no-untyped-def]
    assert _client(viewer).get(reverse("places:import")).status_code == 403
    client = _client(researcher)
    bad = client.post(
        reverse("places:import"),
        {
            "kind": "hazards",
            "document": _upload(
                '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": {}}]}'
            ),
        },
    )
    assert bad.status_code == 400
    assert "feature 0 (line 1)" in bad.content.decode()
    assert HazardArea.objects.count() == 0
    from tests.places.factories import collection

    good = collection(feature(square(1, 1, 0.01), name="Area", classification="SHA"))
    response = client.post(reverse("places:import"), {"kind": "hazards", "document": _upload(good)})
    assert response.status_code == 302
    assert HazardArea.objects.get().name == "Area"


def _upload(text: str):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("areas.geojson", text.encode(), content_type="application/geo+json")


def test_site_page_shows_claims_sources_and_samples_against_reference(viewer) -> None:  # type: ignore[no-untyped-def]
    site, _ = do_ensure_site(
        name="River X", site_type="water", lon=46.6, lat=39.1, acting_user=None
    )
    do_record_harm(
        site,
        harm_type="pollution",
        status="reported",
        media=["surface_water"],
        transboundary=True,
        responsible_party="Party B",
        claimed_by="Office Y, appeal of 2023",
        acting_user=None,
    )
    for day, value in ((1, 0.5), (2, 2.5)):
        do_record_sample(
            site,
            parameter="Cu",
            value=value,
            unit="mg/l",
            sampled_on=dt.date(2022, day, 1),
            reference_value=1.0,
            reference_standard="standard Z",
            acting_user=None,
        )
    html = _client(viewer).get(reverse("places:site", args=[site.pk])).content.decode()
    assert "as claimed by Office Y, appeal of 2023: Party B" in html
    assert "<svg" in html
    assert 'class="reference"' in html
    assert html.count('class="sample"') == 2
    assert "(above reference)" in html


def test_api_coverage_and_layers(viewer) -> None:  # type: ignore[no-untyped-def]
    worked_example()
    client = _client(viewer)
    [row] = client.get("/api/places/coverage").json()
    assert row["accuracy"] == 0.4
    layer = client.get("/api/places/layers/finds", {"bbox": "0,0,0.012,0.012"}).json()
    assert len(layer["features"]) == 1
    load("boundaries", feature(square(0, 0, 0.05), name="D"))
    assert len(client.get("/api/places/layers/boundaries").json()["features"]) == 1


def test_researchers_change_a_hazard_status_with_date_and_reason(researcher, viewer) -> None:  # type: ignore[no-untyped-def]
    from ombuds.core.models import AuditEvent

    load("hazards", feature(square(1, 1, 0.01), name="Area", classification="CHA"))
    hazard = HazardArea.objects.get()
    url = reverse("places:hazard_status", args=[hazard.pk])
    data = {"status": "closed", "on": "2023-03-01", "reason": "completion report received"}
    assert _client(viewer).post(url, data).status_code == 403
    client = _client(researcher)
    assert client.post(url, {**data, "reason": ""}).status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == "open"
    assert client.post(url, data).status_code == 302
    hazard.refresh_from_db()
    assert (hazard.status, str(hazard.status_changed_on), hazard.status_reason) == (
        "closed",
        "2023-03-01",
        "completion report received",
    )
    event = AuditEvent.objects.get(action="change_hazard_status")
    assert event.changes["status"] == ["open", "closed"]
    assert event.actor == researcher


def test_sites_and_samples_import(viewer) -> None:  # type: ignore[no-untyped-def]
    from ombuds.places.models import EnvironmentalSample, EnvironmentalSite

    load(
        "sites",
        feature(
            {"type": "LineString", "coordinates": [[46.5, 39.1], [46.7, 39.0]]},
            name="River Y",
            type="River or water body",
        ),
    )
    load(
        "samples",
        feature(
            {"type": "Point", "coordinates": [46.6, 39.05]},
            site="River Y",
            parameter="Cu",
            value=0.4,
            unit="mg/l",
            date="2022-06-01",
            reference_value=1.0,
            detection_limit=0.01,
            laboratory="Lab L",
        ),
    )
    site = EnvironmentalSite.objects.get()
    assert site.site_type == "water"
    sample = EnvironmentalSample.objects.get()
    assert (sample.site, sample.value, sample.exceeds) == (site, 0.4, False)
    html = _client(viewer).get(reverse("places:site", args=[site.pk])).content.decode()
    assert "Lab L" in html


def test_dashboard_tiles_and_navigation(viewer) -> None:  # type: ignore[no-untyped-def]
    worked_example()
    html = _client(viewer).get(reverse("dashboard")).content.decode()
    assert "Hazard areas" in html
    assert reverse("places:home") in html


def test_a_damaged_workbook_is_refused_with_advice(researcher) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("finds.xlsx", b"PK\x03\x04 not really a workbook")
    response = _client(researcher).post(
        reverse("places:import"), {"kind": "finds", "document": upload}
    )
    assert response.status_code == 400
    assert "not a readable XLSX workbook" in response.content.decode()


def test_a_layer_sends_areas_as_drawn_at_the_zoom_asked_for(viewer) -> None:  # type: ignore[no-untyped-def]
    step = 0.01 / 500
    ring = [[i * step, 0.0] for i in range(500)] + [[0.01, 0.01], [0.0, 0.01], [0.0, 0.0]]
    load(
        "hazards",
        feature(
            {"type": "Polygon", "coordinates": [ring]},
            name="detailed",
            classification="SHA",
            status="open",
        ),
    )
    client = _client(viewer)
    url = reverse("places:layer", args=["hazards"])
    stored = client.get(url).json()["features"][0]["geometry"]
    far = client.get(url, {"bbox": "-1,-1,1,1"}).json()["features"][0]["geometry"]
    assert len(stored["coordinates"][0]) == 503
    # 499 vertices on one straight edge are one edge at any zoom
    assert len(far["coordinates"][0]) == 5

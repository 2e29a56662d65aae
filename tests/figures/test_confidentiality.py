"""The figures pages and API show only the claims, sources and findings the user may see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ombuds.core.vocabularies import Confidentiality
from ombuds.figures.actions import do_run_checks
from ombuds.figures.keys import FigureKey
from ombuds.figures.models import Finding
from ombuds.figures.queries import figure_value
from ombuds.sources.actions import do_update_source_metadata
from tests.figures.factories import make_claim, make_source

pytestmark = pytest.mark.django_db
END = dt.date(2022, 12, 31)
KEY = FigureKey.of(measure="killed", subject="civilians", period_end=END)
HIDDEN_QUOTE = "1,230 civilians died"
HIDDEN_TITLE = "Otherland internal memo"
HIDDEN_PUBLISHER = "Ombudsperson of Otherland"


@pytest.fixture
def ledger():
    """A public source and an internal one stating the same figure differently: one finding."""
    public = make_source("Examplia report", publisher="Ombudsperson of Examplia")
    internal = make_source(HIDDEN_TITLE, publisher=HIDDEN_PUBLISHER, published=dt.date(2023, 1, 5))
    internal.confidentiality = Confidentiality.INTERNAL
    internal.save(update_fields=["confidentiality"])
    make_claim(public, "killed", "civilians", 1203, period_end=END, quote="1,203 civilians killed")
    make_claim(internal, "killed", "civilians", 1230, period_end=END, quote=HIDDEN_QUOTE)
    make_claim(public, "killed", "civilians", 1100, period_end=dt.date(2022, 6, 30))
    do_run_checks(acting_user=None)
    assert Finding.objects.open().count() == 1
    return public, internal


def _hides(html: str) -> bool:
    return not any(text in html for text in (HIDDEN_QUOTE, HIDDEN_TITLE, HIDDEN_PUBLISHER, "1,230"))


def test_a_viewer_sees_on_the_figure_page_only_the_public_claims(client, viewer, ledger):
    client.force_login(viewer)
    response = client.get(reverse("figures:detail", args=[KEY.slug()]))
    assert response.status_code == 200
    html = response.content.decode()
    assert _hides(html)
    assert "1,203 civilians killed" in html
    assert [c.value_display for c, _url in response.context["claims"]] == ["1203"]
    assert html.count("<circle") == 2  # the chart: only the public source's two values
    # The contradiction involves the internal claim: hidden; the public claims' own stays.
    assert [f.kind for f in response.context["findings"]] == ["superseded"]
    value = response.context["value"]
    assert value.value == 1203
    assert not any("disagree" in w or "1,230" in w for w in value.warnings)


def test_an_editor_sees_on_the_figure_page_every_claim(client, editor, ledger):
    client.force_login(editor)
    response = client.get(reverse("figures:detail", args=[KEY.slug()]))
    html = response.content.decode()
    assert HIDDEN_QUOTE in html
    assert HIDDEN_PUBLISHER in html
    assert html.count("<circle") == 3
    assert sorted(f.kind for f in response.context["findings"]) == ["differs", "superseded"]
    assert response.context["value"].value == 1230


def test_a_figure_only_an_internal_source_states_is_404_for_a_viewer(client, viewer, editor):
    internal = make_source(HIDDEN_TITLE, publisher=HIDDEN_PUBLISHER)
    internal.confidentiality = Confidentiality.INTERNAL
    internal.save(update_fields=["confidentiality"])
    make_claim(internal, "missing", "people", 77)
    slug = FigureKey.of(measure="missing", subject="people").slug()
    client.force_login(viewer)
    assert client.get(reverse("figures:detail", args=[slug])).status_code == 404
    assert client.get(f"/api/figures/value/{slug}").status_code == 404
    client.force_login(editor)
    assert client.get(reverse("figures:detail", args=[slug])).status_code == 200


def test_the_findings_page_hides_a_finding_about_an_internal_claim(client, viewer, editor, ledger):
    finding = Finding.objects.open().get()
    client.force_login(viewer)
    html = client.get(reverse("figures:findings")).content.decode()
    assert f"finding-{finding.pk}" not in html
    assert _hides(html)
    client.force_login(editor)
    html = client.get(reverse("figures:findings")).content.decode()
    assert f"finding-{finding.pk}" in html
    assert HIDDEN_TITLE in html


def test_publishers_side_by_side_only_with_visible_claims(client, viewer, editor, ledger):
    pair = {"left": "Ombudsperson of Examplia", "right": HIDDEN_PUBLISHER}
    client.force_login(viewer)
    response = client.get(reverse("figures:publishers"), pair)
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert HIDDEN_PUBLISHER not in [name for name, _n in response.context["publishers"]]
    assert HIDDEN_QUOTE not in response.content.decode()
    assert "1230" not in response.content.decode()
    client.force_login(editor)
    [row] = client.get(reverse("figures:publishers"), pair).context["rows"]
    assert [c.value_display for c in row.right] == ["1230"]


def test_the_api_gives_a_viewer_only_visible_findings_and_citations(client, viewer, ledger):
    client.force_login(viewer)
    findings = client.get("/api/figures/findings").json()
    assert [f["kind"] for f in findings] == ["superseded"]
    assert _hides(str(findings))
    assert client.get("/api/figures/findings", {"open": True}).json() == []
    value = client.get(f"/api/figures/value/{KEY.slug()}").json()
    assert value["value"] == 1203
    assert [c["publisher"] for c in value["citations"]] == ["Ombudsperson of Examplia"]
    assert _hides(str(value))
    keys = {k["slug"]: k for k in client.get("/api/figures/keys").json()}
    assert keys[KEY.slug()]["claims"] == 1  # counted over the claims a viewer may see
    assert keys[KEY.slug()]["current"]["value"] == 1203
    assert _hides(str(keys))


def test_the_api_gives_an_editor_everything(client, editor, ledger):
    client.force_login(editor)
    [finding] = client.get("/api/figures/findings", {"open": True}).json()
    assert {c["value"] for c in finding["claims"]} == {1203, 1230}
    value = client.get(f"/api/figures/value/{KEY.slug()}").json()
    assert value["value"] == 1230
    assert HIDDEN_PUBLISHER in {c["publisher"] for c in value["citations"]}
    keys = {k["slug"]: k for k in client.get("/api/figures/keys").json()}
    assert keys[KEY.slug()]["current"]["value"] == 1230


def test_restricted_claims_are_hidden_from_a_researcher_not_from_an_editor(
    client, researcher, editor, ledger
):
    _public, internal = ledger
    client.force_login(researcher)
    assert client.get(f"/api/figures/value/{KEY.slug()}").json()["value"] == 1230
    do_update_source_metadata(
        internal, changes={"confidentiality": Confidentiality.RESTRICTED}, acting_user=None
    )
    assert client.get(f"/api/figures/value/{KEY.slug()}").json()["value"] == 1203
    assert client.get("/api/figures/findings", {"open": True}).json() == []
    client.force_login(editor)
    assert client.get(f"/api/figures/value/{KEY.slug()}").json()["value"] == 1230


def test_figure_value_for_appeals_stays_system_wide(ledger):
    value = figure_value(KEY)
    assert value is not None
    assert value.value == 1230
    assert any("disagree" in w for w in value.warnings)

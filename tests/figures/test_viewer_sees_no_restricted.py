"""A viewer sees no trace of a restricted source in the figures (index, a figure's page, the
API), the findings (list, counts, the dashboard's tile), the finding "possibly the same figure
under two place names", the comparison of a region with its districts, or a group of copies
of one text; an editor sees each of them, so every check below can fail.

One ledger on the real database: public figures of a region and its districts, and a
restricted source whose claims would otherwise show in each of those places."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from ombuds.core.vocabularies import Confidentiality
from ombuds.figures.actions import do_run_checks
from ombuds.figures.index import list_figure_keys
from ombuds.figures.keys import FigureKey, gazetteer_ref
from ombuds.figures.models import Finding, FindingState
from ombuds.places.models import AdminUnit
from ombuds.sources.models import Source
from tests.figures.factories import make_claim, make_source

pytestmark = pytest.mark.django_db

JAN, JUNE = dt.date(2024, 1, 1), dt.date(2024, 6, 30)
PERIOD = {"cause": "landmine", "period_start": JAN, "period_end": JUNE}
# What only the restricted source says: its title, publisher, a place text, its values.
SECRET = ("Field note", "Field team", "Nordland", "977", "6,125", "6125", "4,321", "4321")


def restricted(source: Source) -> Source:
    source.confidentiality = Confidentiality.RESTRICTED
    source.save(update_fields=["confidentiality"])
    return source


@pytest.fixture
def ledger():
    north = AdminUnit.objects.create(name="North region", level=1, code="NR")
    alpha = AdminUnit.objects.create(name="Alpha district", level=2, parent=north, code="NR-A")
    beta = AdminUnit.objects.create(name="Beta district", level=2, parent=north, code="NR-B")
    centre = make_source("Centre report", publisher="Mine Action Centre",
                         published=dt.date(2024, 7, 2))  # fmt: skip
    # The region and its districts: 40 + 45 within 100.
    for unit, value in ((north, 100), (alpha, 40), (beta, 45)):
        make_claim(centre, "killed", "civilians", value, place=unit.name, linked_unit=unit,
                   **PERIOD)  # fmt: skip
    make_claim(centre, "injured", "civilians", 60, place="North region", linked_unit=north,
               **PERIOD)  # fmt: skip
    # One text in two copies, one of them restricted; another public source agrees.
    wire = make_source("Wire story (PDF)", publisher="Wire", published=dt.date(2024, 7, 3))
    copy = restricted(make_source("Wire story (TXT)", publisher="Wire",
                                  published=dt.date(2024, 7, 3)))  # fmt: skip
    copy.copy_of = wire
    copy.save(update_fields=["copy_of"])
    radio = make_source("Radio bulletin", publisher="Radio", published=dt.date(2024, 7, 4))
    make_claim(wire, "missing", "people", 12, place="North region", linked_unit=north, **PERIOD)
    make_claim(copy, "missing", "people", 4321, place="North region", linked_unit=north,
               **PERIOD)  # fmt: skip
    make_claim(radio, "missing", "people", 12, place="North region", linked_unit=north, **PERIOD)

    note = restricted(make_source("Field note", publisher="Field team",
                                  published=dt.date(2024, 7, 9)))  # fmt: skip
    # A district's figure that would make the districts exceed their region (40 + 977)...
    make_claim(note, "killed", "civilians", 977, place="Beta district", linked_unit=beta,
               **PERIOD)  # fmt: skip
    # ...a place the gazetteer does not name, possibly the region under another name...
    make_claim(note, "injured", "civilians", 6125, place="Nordland", **PERIOD)
    do_run_checks(acting_user=None)
    kinds = set(Finding.objects.values_list("kind", flat=True))
    assert {"subdivisions_exceed", "same_figure_other_place", "differs"} <= kinds, kinds
    return {"north": north, "beta": beta, "note": note, "copy": copy}


def key(measure: str, subject: str, unit: AdminUnit) -> FigureKey:
    ref = gazetteer_ref(unit_id=unit.pk)
    return FigureKey.of(measure=measure, subject=subject, place=ref, place_ref=ref, **PERIOD)


def traces(html: str) -> list[str]:
    # A value counts as a trace standing alone, not as digits inside an id or a timestamp
    # ("…-4977-…", "16:22:53.977").
    return [text for text in SECRET if re.search(rf"(?<![\w.:-]){re.escape(text)}(?!\w)", html)]


def hidden_findings() -> set[str]:
    return {
        str(pk)
        for pk in Finding.objects.filter(claims__source__confidentiality="restricted")
        .values_list("pk", flat=True)
        .distinct()
    }


def test_the_index_and_its_api_show_no_trace_for_a_viewer(client, viewer, editor, ledger):
    client.force_login(viewer)
    response = client.get(reverse("figures:list"))
    assert response.status_code == 200
    assert traces(response.content.decode()) == []
    rows = {row.key: row for row in response.context["keys"]}
    killed_beta = rows[key("killed", "civilians", ledger["beta"])]
    assert (killed_beta.claims, killed_beta.sources, killed_beta.open_findings) == (1, 1, 0)
    missing = rows[key("missing", "people", ledger["north"])]
    # The public copy and the radio: two sources; the restricted copy is not counted.
    assert (missing.claims, missing.sources, missing.low, missing.high) == (2, 2, 12, 12)
    assert all(row.key.place != "nordland" for row in rows.values())
    api = client.get("/api/figures/keys").content.decode()
    assert traces(api) == []

    client.force_login(editor)
    html = client.get(reverse("figures:list")).content.decode()
    assert "Nordland" in html
    assert "977" in html


def test_a_figures_page_shows_no_trace_for_a_viewer(client, viewer, editor, ledger):
    beta = key("killed", "civilians", ledger["beta"])
    north = key("killed", "civilians", ledger["north"])
    client.force_login(viewer)
    for figure in (beta, north, key("missing", "people", ledger["north"])):
        response = client.get(reverse("figures:detail", args=[figure.slug()]))
        assert response.status_code == 200
        assert traces(response.content.decode()) == [], figure
        assert not {str(f.pk) for f in response.context["findings"]} & hidden_findings()
    value = client.get(f"/api/figures/value/{beta.slug()}").json()
    assert value["value"] == 45
    assert traces(str(value)) == []

    client.force_login(editor)
    response = client.get(reverse("figures:detail", args=[north.slug()]))
    assert "subdivisions_exceed" in {f.kind for f in response.context["findings"]}
    assert "977" in response.content.decode()


@pytest.mark.parametrize("kind", ["subdivisions_exceed", "same_figure_other_place", "differs", ""])
def test_the_findings_list_and_counts_show_no_trace_for_a_viewer(
    client, viewer, editor, ledger, kind
):
    query = {"state": "", "kind": kind} if kind else {}
    client.force_login(viewer)
    response = client.get(reverse("figures:findings"), query)
    assert response.status_code == 200
    html = response.content.decode()
    assert traces(html) == []
    assert not any(f"finding-{pk}" in html for pk in hidden_findings())
    shown = Finding.objects.exclude(pk__in=hidden_findings())
    if kind:
        assert response.context["count"] == shown.filter(kind=kind).count()
        assert response.context["count"] < Finding.objects.filter(kind=kind).count()
    api = client.get("/api/figures/findings", {"kind": kind} if kind else {}).content.decode()
    assert traces(api) == []

    client.force_login(editor)
    html = client.get(reverse("figures:findings"), query).content.decode()
    assert any(f"finding-{pk}" in html for pk in hidden_findings())


def test_the_dashboard_counts_no_finding_of_a_restricted_source(client, viewer, editor, ledger):
    hidden = hidden_findings()
    for user, expected in (
        (viewer, Finding.objects.filter(state=FindingState.OPEN).exclude(pk__in=hidden).count()),
        (editor, Finding.objects.filter(state=FindingState.OPEN).count()),
    ):
        client.force_login(user)
        tile = f'<span class="count">{expected}</span><span class="label">Open findings</span>'
        assert tile in client.get("/").content.decode(), user
    assert Finding.objects.filter(state=FindingState.OPEN, pk__in=hidden).exists()


def test_the_index_counts_a_viewer_only_the_visible_copy_of_a_text(viewer, editor, ledger):
    figure = key("missing", "people", ledger["north"])
    for user, claims, sources in ((viewer, 2, 2), (editor, 3, 2)):
        [row] = [r for r in list_figure_keys(user=user) if r.key == figure]
        # The copies are one source to an editor, whose levels see both.
        assert (row.claims, row.sources) == (claims, sources), user

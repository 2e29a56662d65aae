"""The figures index, page and API, names each figure in words and shows its current value,
the one the figure's own page quotes, read in a fixed number of queries however many figures
it lists."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ombuds.claims.actions import do_confirm_claims, do_reject_claim
from ombuds.figures.actions import do_run_checks
from ombuds.figures.index import current_claims, list_figure_keys
from ombuds.figures.keys import FigureKey
from ombuds.figures.queries import figure_value_for
from tests.figures.factories import make_claim, make_source

pytestmark = pytest.mark.django_db

MARCH = dt.date(2022, 3, 31)


@pytest.fixture
def figures():
    older = make_source("Older report", published=dt.date(2022, 2, 1))
    newer = make_source("Newer report", published=dt.date(2022, 4, 1))
    undated = make_source("Undated note", published=None)
    common = {"period_end": MARCH, "place": "Veldoria"}
    make_claim(older, "killed", "civilians", 90, **common)
    make_claim(newer, "killed", "civilians", 94, qualifier="at_least", **common)
    make_claim(newer, "killed", "civilians", 93, qualifier="approx", **common)
    make_claim(undated, "killed", "civilians", 500, **common)
    # The same place written otherwise is the same figure.
    make_claim(
        older, "damaged", "apartment_buildings", 1248, place="the Veldoria", period_end=MARCH
    )
    make_claim(newer, "damaged", "apartment_buildings", 1300, place="VELDORIA.", period_end=MARCH)
    make_claim(older, "contaminated", "area", 3.5, unit="km2")
    return older, newer


def test_the_value_shown_is_the_one_the_figures_page_quotes(figures, editor):
    keys = [row.key for row in list_figure_keys(user=editor, limit=50)]
    current = current_claims(keys, user=editor)
    assert set(current) == set(keys)
    for key in keys:
        value = figure_value_for(key, user=editor)
        assert value is not None
        assert (current[key].value, current[key].qualifier) == (value.value, value.qualifier)


def test_the_index_shows_names_in_words_and_values(client, viewer, figures):
    client.force_login(viewer)
    html = client.get(reverse("figures:list")).content.decode()
    assert "Civilians killed in Veldoria, until 31 Mar 2022" in html
    assert "<strong>at least 94</strong>" in html
    assert "Apartment buildings damaged in VELDORIA., until 31 Mar 2022" in html
    assert "<strong>1,300</strong>" in html
    assert "<strong>3.5 km2</strong>" in html
    assert not re.search(r">[^<]*apartment_buildings", html)  # codes only in addresses
    assert html.count(">unreviewed</span>") == 3


@pytest.mark.parametrize("from_index", [False, True])
def test_a_rejection_and_a_confirmation_show_at_once(client, editor, figures, from_index):
    _older, newer = figures
    if from_index:  # the value stored by the run was rejected since: read live instead
        do_run_checks(acting_user=None)
    best = newer.claims.get(subject="civilians", qualifier="at_least")
    do_reject_claim(best, reason="misread", acting_user=editor)
    do_confirm_claims(
        [newer.claims.get(subject="civilians", qualifier="approx")], acting_user=editor
    )
    client.force_login(editor)
    html = client.get(reverse("figures:list")).content.decode()
    assert "<strong>about 93</strong></span></td>" in html  # confirmed: no "unreviewed" mark


@pytest.mark.parametrize("from_index", [False, True])
def test_the_index_reads_values_in_queries_that_do_not_grow_with_the_figures(
    client, viewer, from_index
):
    source = make_source("Many districts")
    client.force_login(viewer)

    def queries_for_page() -> int:
        if from_index:
            do_run_checks(acting_user=None)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("figures:list"))
        assert response.status_code == 200
        return len(captured)

    for n in range(3):
        make_claim(source, "killed", "civilians", 10 + n, place=f"District {n}")
    few = queries_for_page()
    for n in range(3, 40):
        make_claim(source, "killed", "civilians", 10 + n, place=f"District {n}")
    many = queries_for_page()
    assert many == few
    page = client.get(reverse("figures:list")).content.decode()
    assert "<strong>49</strong>" in page
    shown = {row.key for row in client.get(reverse("figures:list")).context["keys"]}
    last = FigureKey.of(measure="killed", subject="civilians", place="District 39",
                        period_end=dt.date(2022, 3, 3))  # fmt: skip
    assert last in shown


def test_a_figure_whose_stored_claim_was_rejected_and_no_other_counts_shows_no_value(
    client, editor
):
    claim = make_claim(make_source("Only report"), "killed", "civilians", 12)
    do_run_checks(acting_user=None)
    do_reject_claim(claim, reason="a year, not a count", acting_user=editor)
    client.force_login(editor)

    response = client.get(reverse("figures:list"))

    [row] = response.context["keys"]  # the index lists the key until the next run
    assert row.current is None
    assert "none counted now" in response.content.decode()
    assert "<strong>12</strong>" not in response.content.decode()


@pytest.mark.parametrize("from_index", [False, True])
def test_the_api_lists_each_figure_with_the_name_and_value_the_index_shows(
    client, editor, figures, from_index
):
    older, newer = figures
    do_confirm_claims([older.claims.get(subject="area")], acting_user=editor)
    if from_index:
        do_run_checks(acting_user=None)
    client.force_login(editor)

    keys = client.get("/api/figures/keys").json()

    page = client.get(reverse("figures:list")).context["keys"]
    assert [(k["slug"], k["name"], k["current"]["display"], k["current"]["reviewed"])
            for k in keys] == [
        (row.key.slug(), row.name, row.value, row.current.is_reviewed) for row in page
    ]  # fmt: skip
    killed = next(k for k in keys if k["name"] == "civilians killed in Veldoria, until 31 Mar 2022")
    best = newer.claims.get(subject="civilians", qualifier="at_least")
    assert killed["current"] == {
        "display": "at least 94",
        "value": 94,
        "value_max": None,
        "qualifier": "at_least",
        "unit": "count",
        "reviewed": False,
        "claim_id": str(best.pk),
        "source_id": str(newer.pk),
    }
    area = next(k for k in keys if k["unit"] == "km2")
    assert (area["current"]["display"], area["current"]["reviewed"]) == ("3.5 km2", True)


def test_the_api_gives_no_value_for_a_figure_no_claim_counts_now(client, editor):
    claim = make_claim(make_source("Only report"), "killed", "civilians", 12)
    do_run_checks(acting_user=None)
    do_reject_claim(claim, reason="a year, not a count", acting_user=editor)
    client.force_login(editor)

    [key] = client.get("/api/figures/keys").json()

    assert key["current"] is None
    assert key["name"].startswith("civilians killed")


@pytest.mark.parametrize("from_index", [False, True])
def test_the_api_reads_values_in_queries_that_do_not_grow_with_the_figures(
    client, viewer, from_index
):
    source = make_source("Many districts")
    client.force_login(viewer)

    def queries_for_keys() -> int:
        if from_index:
            do_run_checks(acting_user=None)
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/figures/keys")
        assert response.status_code == 200
        return len(captured)

    for n in range(3):
        make_claim(source, "killed", "civilians", 10 + n, place=f"District {n}")
    few = queries_for_keys()
    for n in range(3, 40):
        make_claim(source, "killed", "civilians", 10 + n, place=f"District {n}")
    many = queries_for_keys()
    assert many == few
    keys = client.get("/api/figures/keys").json()
    assert len(keys) == 40
    assert all(k["current"]["value"] == int(k["place"].split()[-1]) + 10 for k in keys)

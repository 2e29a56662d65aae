"""The figures index people read: each figure a sentence with its value now, the range across
sources, its sources (copies of one text once), open findings and a sparkline; filters by
measure, subject, place, period and source; keyset pages; nothing of a hidden source."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from ombuds.figures.actions import do_run_checks
from ombuds.figures.index import IndexFilters, index_page
from ombuds.figures.keys import FigureKey
from tests.figures.factories import make_claim, make_source

pytestmark = pytest.mark.django_db

JAN = dt.date(2024, 1, 1)
ENDS = [dt.date(2024, 3, 31), dt.date(2024, 6, 30), dt.date(2024, 9, 30)]
NORTH = {"place": "the northern districts", "cause": "landmine", "period_start": JAN}


@pytest.fixture
def ledger():
    """A series of three quarters by the Centre; at June a PDF and a TXT copy of one story
    and a restricted note with a value nobody else gives."""
    centre = make_source("Centre report", publisher="Mine Action Centre", published=ENDS[2])
    for end, value in zip(ENDS, (40, 61, 75), strict=True):
        make_claim(centre, "killed", "civilians", value, period_end=end, **NORTH)
    pdf = make_source("Wire story (PDF)", publisher="Wire", published=dt.date(2024, 7, 2))
    txt = make_source("Wire story (TXT)", publisher="Wire", published=dt.date(2024, 7, 2))
    txt.copy_of = pdf
    txt.save()
    for copy in (pdf, txt):
        make_claim(copy, "killed", "civilians", 58, qualifier="approx", period_end=ENDS[1],
                   **NORTH)  # fmt: skip
    secret = make_source("Field note", publisher="Field team", published=dt.date(2024, 10, 5))
    secret.confidentiality = "restricted"
    secret.save()
    make_claim(secret, "killed", "civilians", 9999, period_end=ENDS[1], **NORTH)
    make_claim(secret, "missing", "people", 7, place="Hidden valley")
    do_run_checks(acting_user=None)
    return centre, pdf, secret


JUNE_KEY = FigureKey.of(measure="killed", subject="civilians", cause="landmine",
                        place="northern districts", period_start=JAN, period_end=ENDS[1])  # fmt: skip


def row_of(response, key=JUNE_KEY):
    return next(r for r in response.context["keys"] if r.key == key)


def test_each_figure_reads_as_a_sentence_with_value_range_sources_and_sparkline(
    client, editor, ledger
):
    client.force_login(editor)
    response = client.get(reverse("figures:list"))
    html = response.content.decode()
    assert "Civilians killed by landmine in the northern districts, 1 Jan – 30 Jun 2024" in html
    row = row_of(response)
    # The Centre, the wire story (a PDF and a TXT copy: one source) and the field note.
    assert (row.claims, row.sources) == (4, 3)
    assert row.spread == "58–9,999"
    assert [value for _when, value in row.trend] == [40, 9999]  # each end's current value
    assert html.count('class="sparkline"') == 2  # the June and September figures have a past
    assert 'aria-label="Civilians killed by landmine in the northern districts' not in html
    assert re.search(r'<svg[^>]+class="sparkline"[^>]*aria-label="civilians killed', html)


def test_a_viewer_sees_no_trace_of_a_restricted_source(client, viewer, ledger):
    _centre, _pdf, secret = ledger
    client.force_login(viewer)
    response = client.get(reverse("figures:list"))
    html = response.content.decode()
    row = row_of(response)
    assert (row.claims, row.sources, row.spread) == (3, 2, "58–61")
    assert [value for _when, value in row.trend] == [40, 61]
    assert "9,999" not in html
    assert "9999" not in html
    assert "Hidden valley" not in html
    assert "Field" not in html
    hidden = client.get(reverse("figures:list"), {"source": str(secret.pk)})
    assert "No source you may see has that id" in hidden.content.decode()
    assert len(hidden.context["keys"]) == 3  # the filter is left out, the index shown whole


def test_a_figure_only_a_hidden_source_gives_is_the_sites_own_404(client, viewer, ledger, settings):
    settings.DEBUG = True  # the demo's setting: Django would show its debug page
    client.force_login(viewer)
    hidden = FigureKey.of(measure="missing", subject="people", place="Hidden valley",
                          period_end=dt.date(2024, 10, 5))  # fmt: skip
    response = client.get(reverse("figures:detail", args=[hidden.slug()]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Not found</h1>" in html
    assert "Hidden valley" not in html
    assert "URLconf" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"measure": "Killed", "subject": "civilians"}, 3),
        ({"measure": "missing"}, 1),
        ({"place": "Northern Districts"}, 3),
        ({"place": "southern districts"}, 0),
        ({"ends_from": "2024-06-01", "ends_until": "2024-07-31"}, 1),
        ({"ends_from": "2024-10-06"}, 0),
    ],
)
def test_the_filters(client, editor, ledger, query, expected):
    client.force_login(editor)
    response = client.get(reverse("figures:list"), query)
    assert len(response.context["keys"]) == expected


def test_the_source_filter_lists_the_figures_a_source_states(client, editor, ledger):
    _centre, pdf, _secret = ledger
    client.force_login(editor)
    address = "http://127.0.0.1:8000" + reverse("sources:detail", args=[pdf.pk])
    response = client.get(reverse("figures:list"), {"source": address})
    assert [r.key for r in response.context["keys"]] == [JUNE_KEY]
    assert "Figures stated by" in response.content.decode()


def test_wrong_filters_say_what_to_do_and_are_left_out(client, editor, ledger):
    client.force_login(editor)
    response = client.get(
        reverse("figures:list"),
        {"ends_from": "2024-12-31", "ends_until": "2024-01-01", "source": "someone"},
    )
    html = response.content.decode()
    assert "runs backwards: swap the dates" in html
    assert "Give a source&#x27;s id or paste the address of its page" in html
    assert len(response.context["keys"]) == 4


@pytest.mark.parametrize("from_index", [True, False])
def test_keyset_pages_go_through_every_figure_once(editor, from_index):
    source = make_source("Many districts")
    for n in range(23):
        for _ in range(n % 4 + 1):
            make_claim(source, "killed", "civilians", 10 + n, place=f"District {n}")
    if from_index:
        do_run_checks(acting_user=None)
    seen, cursor, pages = [], "", 0
    while True:
        page = index_page(user=editor, filters=IndexFilters(), cursor=cursor, size=5)
        seen.extend(row.key.place for row in page.rows)
        counts = [row.claims for row in page.rows]
        assert counts == sorted(counts, reverse=True)
        pages += 1
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert pages == 5
    assert sorted(seen) == sorted(f"district {n}" for n in range(23))

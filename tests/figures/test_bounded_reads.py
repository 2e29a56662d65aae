"""A figure's page does bounded work whatever its family holds: a place that few claims of
the family name, and a key with its end left open, read at most ``FAMILY_SCAN`` rows of the
family at each level; what the bound leaves out is said on the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ombuds.claims.models import Claim
from ombuds.figures import queries
from ombuds.figures.actions import do_run_checks
from ombuds.figures.keys import FigureKey
from tests.figures.factories import make_claim, make_source

pytestmark = pytest.mark.django_db

START = dt.date(2020, 1, 1)
OLD, NEW = dt.date(2021, 1, 10), dt.date(2024, 6, 1)
RARE = "Far Hamlet"
# The rare place's series (its end is a date of its own claims) and its key left open.
SERIES_KEY = FigureKey.of(
    measure="killed", subject="people", place=RARE, period_start=START, period_end=NEW
)
OPEN_KEY = FigureKey.of(measure="killed", subject="people", place=RARE, period_start=START)
SCAN = 40


@pytest.fixture
def small_scan(monkeypatch):
    monkeypatch.setattr(queries, "FAMILY_SCAN", SCAN)


def fill_family(claims: int, *, first: dt.date) -> None:
    """``claims`` claims of the family (killed people, ends left open) in other places, ten
    a source, one source a day from ``first`` on."""
    rows = []
    for n in range(0, claims, 10):
        source = make_source(f"District bulletin {first} {n}", publisher="District office",
                             published=first + dt.timedelta(days=n // 10))  # fmt: skip
        rows += [
            Claim(
                source=source,
                ordinal=i + 1,
                measure="killed",
                subject="people",
                value=Decimal(i + 1),
                period_start=START,
                place=f"district {i}",
                span_start=0,
                span_end=10,
                quote="10 killed",
            )
            for i in range(min(10, claims - n))
        ]
    Claim.objects.bulk_create(rows)


@pytest.fixture
def rare():
    """The rare place's claims: one published long ago, one on the newest date."""
    old = make_source("Hamlet report, old", publisher="Old desk", published=OLD)
    new = make_source("Hamlet report, new", publisher="New desk", published=NEW)
    return {
        "old": make_claim(old, "killed", "people", 3, place=RARE, period_start=START),
        "new": make_claim(new, "killed", "people", 7, place=RARE, period_start=START),
    }


def test_a_read_within_the_bound_is_whole(rare, editor):
    fill_family(SCAN // 2, first=dt.date(2022, 1, 1))
    read = queries.series_read(SERIES_KEY, user=editor)
    assert [c.pk for c in read.claims] == [rare["new"].pk, rare["old"].pk]
    assert (read.cut, read.since) == (False, None)
    claims = queries.claims_read(OPEN_KEY, user=editor)
    assert [c.pk for c in claims.claims] == [rare["new"].pk, rare["old"].pk]
    assert not claims.cut


def test_a_rare_place_past_the_bound_is_read_from_a_date_on_and_says_so(rare, editor, small_scan):
    # Between the rare place's two claims, more claims of the family than the bound.
    fill_family(SCAN * 3, first=dt.date(2022, 1, 1))
    read = queries.series_read(SERIES_KEY, user=editor)
    assert [c.pk for c in read.claims] == [rare["new"].pk]
    assert read.cut
    # Every claim published after the row the walk stopped before is read.
    assert read.since is not None
    assert OLD < read.since <= NEW
    claims = queries.claims_read(OPEN_KEY, user=editor)
    assert [c.pk for c in claims.claims] == [rare["new"].pk]
    assert claims.cut
    assert claims.since == read.since
    value = queries.figure_value_for(OPEN_KEY, user=editor, claims=claims)
    assert value is not None
    assert value.value == 7
    assert any("were read" in warning for warning in value.warnings)


def test_a_key_left_open_whose_claims_are_all_past_the_bound_finds_its_newest_day(
    rare, editor, small_scan
):
    rare["new"].delete()
    fill_family(SCAN * 3, first=dt.date(2022, 1, 1))
    do_run_checks(acting_user=None)  # the index of figure keys names the rare place's days
    read = queries.claims_read(OPEN_KEY, user=editor)
    assert [c.pk for c in read.claims] == [rare["old"].pk]
    assert read.cut
    assert read.since == OLD
    value = queries.figure_value(OPEN_KEY)
    assert value is not None
    assert value.value == 3


def test_a_cut_that_leaves_the_limit_full_is_no_cut(small_scan):
    # Every claim of the family matches: the newest ``limit`` are all within the walk.
    fill_family(SCAN * 3, first=dt.date(2022, 1, 1))
    read = queries.newest_claims(
        Claim.objects.accepted(), {("killed", "people"): Q()}, levels=["public"], limit=SCAN // 2
    )
    assert len(read.claims) == SCAN // 2
    assert not read.cut
    newest = Claim.objects.order_by("-source_published", "-created_at", "-id")[: SCAN // 2]
    assert [c.pk for c in read.claims] == [c.pk for c in newest]


def instructions(read) -> int:
    """How many steps SQLite's virtual machine takes for ``read()``: the rows it walks, not
    the time the machine happens to give it."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    connection.ensure_connection()
    raw = connection.connection
    raw.set_progress_handler(count, 100)
    try:
        read()
    finally:
        raw.set_progress_handler(None, 100)
    return steps


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite's steps")
@pytest.mark.parametrize(
    "read",
    [
        lambda user: queries.series_read(SERIES_KEY, user=user),
        lambda user: queries.claims_read(OPEN_KEY, user=user),
    ],
    ids=["series of a rare place", "key with its end left open"],
)
def test_the_work_does_not_grow_with_the_family(rare, editor, small_scan, read):
    fill_family(SCAN * 3, first=dt.date(2022, 1, 1))
    smaller = instructions(lambda: read(editor))
    # Ten times the claims, all older than the newest rare claim and newer than the old one.
    fill_family(SCAN * 30, first=dt.date(2021, 2, 1))
    larger = instructions(lambda: read(editor))
    assert larger < smaller * 1.5, (smaller, larger)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_the_walk_ends_in_the_index_at_the_rows_date(rare, editor):
    with CaptureQueriesContext(connection) as captured:
        queries.series_read(SERIES_KEY, user=editor)
    # The reads of the claims (each selects the edge beside its rows).
    reads = [q["sql"] for q in captured if '"edge"' in q["sql"]]
    # Dated at each of the three levels; no undated claim, so no undated walk.
    assert len(reads) == 3
    with connection.cursor() as cursor:
        for sql in reads:
            plan = " ".join(row[-1] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "source_published>?" in plan or "created_at>?" in plan, plan
            assert "TEMP B-TREE" not in plan, plan


def test_the_page_says_what_the_bound_leaves_out_and_links_to_narrow(
    client, rare, editor, small_scan
):
    client.force_login(editor)
    page = client.get(reverse("figures:detail", args=[OPEN_KEY.slug()]))
    assert page.status_code == 200
    assert "Showing the claims of sources published since" not in page.content.decode()

    fill_family(SCAN * 3, first=dt.date(2022, 1, 1))
    page = client.get(reverse("figures:detail", args=[OPEN_KEY.slug()]))
    text = page.content.decode()
    assert "Showing the claims of sources published since" in text
    assert page.context["total"] == 1
    assert "Narrow to one period" in text
    narrow = page.context["narrow"]
    assert narrow.startswith(reverse("figures:list"))
    assert "place=far+hamlet" in narrow
    assert "measure=killed" in narrow

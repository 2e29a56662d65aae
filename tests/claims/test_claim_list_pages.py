"""The claims list read one index range per level (and per open end of the period filter)
gives, page after page, exactly the claims and the order of the filter written plainly."""

from __future__ import annotations

import datetime as dt
import random
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ombuds.claims import queries
from ombuds.claims.models import LONGEST_CLASS, Claim
from ombuds.sources.models import Source
from tests.pg_plans import (
    explain,
    index_in_order,
    index_names,
    index_scans_only,
    nodes,
    outline,
    plans_as_run,
)

pytestmark = pytest.mark.django_db

LEVELS = ["public", "public", "internal", "restricted"]


@pytest.fixture
def claims():
    """240 claims over four sources of every level, with periods of every shape: both ends,
    an open start or end, none; most of them in 2014–2023, a few in 1990, of lengths up to 400
    days, a few of 30 years, a few ending the day before they start (a slip of the source)."""
    rng = random.Random(11)
    rows = []
    for n, level in enumerate(LEVELS):
        source = Source.objects.create(
            sha256=uuid.uuid4().hex * 2, file=f"sources/{n}.txt", filename=f"{n}.txt",
            file_kind="txt", size=1, text="x" * 100, confidentiality=level,
        )  # fmt: skip
        for ordinal in range(1, 61):
            start = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(3500))
            if ordinal % 20 == 0:
                start = dt.date(1990, 3, 1)
            end = start + dt.timedelta(days=rng.randrange(400))
            if ordinal % 13 == 0:
                end = start + dt.timedelta(days=30 * 365)
            elif ordinal % 17 == 0:
                end = start - dt.timedelta(days=1)
            shape = ordinal % 7
            rows.append(
                Claim(
                    source=source,
                    ordinal=ordinal,
                    measure=rng.choice(["killed", "injured"]),
                    subject="civilians",
                    value=ordinal,
                    span_start=0,
                    span_end=1,
                    quote="x",
                    period_start=None if shape in (1, 3) else start,
                    period_end=None if shape in (2, 3) else end,
                )
            )
    rng.shuffle(rows)  # created in a shuffled order of sources and periods
    Claim.objects.bulk_create(rows)
    return rows


FILTERS = [
    {},
    {"measure": "killed"},
    {"period_from": dt.date(2019, 1, 1), "period_to": dt.date(2019, 12, 31)},
    {"period_from": dt.date(2021, 6, 1)},
    {"period_to": dt.date(2016, 2, 1)},
    {"period_from": dt.date(1990, 1, 1), "period_to": dt.date(1990, 6, 1)},
    {"period_from": dt.date(1989, 12, 1), "period_to": dt.date(1990, 3, 10)},
    {"period_from": dt.date(2019, 1, 1), "period_to": dt.date(2019, 6, 30), "measure": "killed"},
    # Late: fewer periods end after it than start before it.
    {"period_from": dt.date(2023, 6, 1), "period_to": dt.date(2024, 6, 1)},
    # Within the 30-year claims of 1990 and after the others: only they reach it.
    {"period_from": dt.date(2030, 1, 1), "period_to": dt.date(2030, 1, 2)},
    {"period_from": dt.date(2019, 3, 3), "period_to": dt.date(2019, 3, 3)},
]


def walk(user, size: int, **filters) -> list[object]:
    seen: list[object] = []
    cursor = ""
    while True:
        page = queries.page_claims(user=user, cursor=cursor, size=size, **filters)
        seen += [claim.pk for claim in page.rows]
        cursor = page.next_cursor
        if not cursor:
            return seen


@pytest.mark.parametrize(
    ("windows", "few"), [(queries.PERIOD_WINDOWS, queries.PERIOD_FEW), (queries.PERIOD_WINDOWS, 0),
                         ((3, 5), 0), ((1,), 0), ((1,), 4)]
)  # fmt: skip
@pytest.mark.parametrize("filters", FILTERS)
def test_pages_give_the_plain_filters_claims_in_order(
    claims, viewer, researcher, editor, filters, windows, few, monkeypatch
):
    # With few = 0 every period is common: read in order (windows on SQLite), then the ranges;
    # windows of a few rows make the reader go through every window and the ranges after them.
    monkeypatch.setattr(queries, "PERIOD_WINDOWS", windows)
    monkeypatch.setattr(queries, "PERIOD_FEW", few)
    for user in (viewer, researcher, editor):
        expected = list(queries.list_claims(user=user, **filters).values_list("pk", flat=True))
        assert walk(user, 7, **filters) == expected
        assert walk(user, 50, **filters) == expected
    assert expected  # every filter here matches something for the editor


def test_the_period_filter_keeps_overlaps_and_open_ends_only(claims, editor):
    period = (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    listed = set(walk(editor, 20, period_from=period[0], period_to=period[1]))

    def overlaps(claim: Claim) -> bool:
        if claim.period_start is None and claim.period_end is None:
            return False
        starts = claim.period_start or dt.date.min
        ends = claim.period_end or dt.date.max
        return starts <= period[1] and ends >= period[0]

    assert listed == {claim.pk for claim in claims if overlaps(claim)}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_a_rare_period_is_read_through_bounded_ranges_of_its_index(claims, role, request):
    user = request.getfixturevalue(role)
    levels = 1 if role == "viewer" else 3
    with CaptureQueriesContext(connection) as captured:
        page = queries.page_claims(
            user=user, size=10, period_from=dt.date(1990, 1, 1), period_to=dt.date(1990, 6, 1)
        )
    assert page.rows
    reads = [q["sql"] for q in captured if 'FROM "claims_claim"' in q["sql"]]
    ranged = []
    with connection.cursor() as cursor:
        for sql in reads:
            plan = " ".join(row[-1] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "SCAN claims_claim" not in plan, plan
            assert "(confidentiality=?)" not in plan, plan  # a whole level
            if "claim_level_length_start" in plan:
                ranged.append(plan)
                # one range of starts per class of length, never the whole level
                assert "period_length_class=? AND period_start>? AND period_start<?" in plan, plan
            else:  # an open end's range
                assert "period_end=?" in plan or "period_start=?" in plan, plan
    # For each level the user sees, the matches counted in the index, and read by their ids
    # (never the level's whole range, which the visibility filter would offer).
    assert len(ranged) == 2 * levels
    assert sum("COVERING INDEX claim_level_length_start" in plan for plan in ranged) == levels
    assert sum("claims_claim_1 (id=?)" in plan for plan in ranged) == levels


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's query plans")
@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_a_rare_period_is_read_through_bounded_ranges_on_postgresql(claims, role, request):
    """The test above on PostgreSQL's plans: each level's matches are counted, then read by
    id, one range of ``claim_level_length_start`` per class of length (``UNION ALL``), and no
    scan reads a whole level. Sequential and bitmap scans are off for the test's transaction
    (``tests.pg_plans``): the question is which index ranges serve the reads."""
    index_scans_only()
    user = request.getfixturevalue(role)
    levels = 1 if role == "viewer" else 3
    with CaptureQueriesContext(connection) as captured:
        page = queries.page_claims(
            user=user, size=10, period_from=dt.date(1990, 1, 1), period_to=dt.date(1990, 6, 1)
        )
    assert page.rows
    plans = [explain(q["sql"]) for q in captured if 'FROM "claims_claim"' in q["sql"]]
    ranged = [plan for plan in plans if "claim_level_length_start" in index_names(plan)]
    assert len(ranged) == 2 * levels  # each level's count, then its matches by id
    for plan in plans:
        for node in nodes(plan):
            if node.get("Index Name", "").startswith("claim_level_"):
                assert "period_" in node["Index Cond"], outline(plan)  # never a whole level
    for plan in ranged:
        ranges = [n for n in nodes(plan) if n.get("Index Name") == "claim_level_length_start"]
        assert len(ranges) == LONGEST_CLASS + 1, outline(plan)
        assert all("period_length_class = " in n["Index Cond"] for n in ranges), outline(plan)


def test_one_sources_claims_come_in_document_order_for_whoever_sees_it(claims, viewer, editor):
    restricted = Source.objects.get(confidentiality="restricted")

    ordinals = [Claim.objects.get(pk=pk).ordinal for pk in walk(editor, 9, source=restricted.pk)]

    assert ordinals == list(range(1, 61))
    assert walk(viewer, 9, source=restricted.pk) == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_each_level_is_read_in_index_order_without_sorting(claims, researcher):
    def plans(**filters) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            queries.page_claims(user=researcher, size=10, **filters)
        reads = [q["sql"] for q in captured if 'FROM "claims_claim"' in q["sql"]]
        with connection.cursor() as cursor:
            return [
                " ".join(row[-1] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}"))
                for sql in reads
            ]

    ordered = plans() + plans(measure="killed") + plans(period_from=dt.date(2019, 1, 1))
    # A range for public and one for internal on each page; for the period, the open ends too.
    assert len(ordered) >= 2 + 2 + 4
    for plan in ordered:
        assert "INDEX claim_level_" in plan, plan
    open_ends = [plan for plan in ordered if "period_end=?" in plan or "period_start=?" in plan]
    assert len(open_ends) == 2  # the open end's index range, in order
    for plan in plans() + plans(measure="killed") + open_ends:
        assert "TEMP B-TREE" not in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's query plans")
def test_each_level_is_read_in_index_order_without_sorting_on_postgresql(claims, researcher):
    """The plans of the test above on PostgreSQL: each level's page of the list, of a filter
    and of an open end of the period is one index scan in the list's order, with no sort.
    Sequential and bitmap scans are off for the test's transaction (``tests.pg_plans``): the
    question is whether an index serves the order, which a table of 240 rows does not ask."""
    index_scans_only()

    def plans(**filters) -> list[dict]:
        with CaptureQueriesContext(connection) as captured:
            queries.page_claims(user=researcher, size=10, **filters)
        return [explain(q["sql"]) for q in captured if 'FROM "claims_claim"' in q["sql"]]

    levels = plans() + plans(measure="killed")
    assert len(levels) == 2 + 2  # public and internal, each page
    period = plans(period_from=dt.date(2019, 1, 1))
    open_ends = [plan for plan in period if "IS NULL" in str(plan)]
    assert len(open_ends) == 2  # the open end's range, a level each
    for plan in levels + open_ends:
        assert index_in_order(plan, "claims_claim").startswith("claim_level_"), outline(plan)
    for plan in open_ends:
        assert index_in_order(plan, "claims_claim") == "claim_level_end_newest", outline(plan)
    for plan in period:  # the counts and the few matches too, from a level's index
        assert any(name.startswith("claim_level_") for name in index_names(plan)), outline(plan)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's query plans")
def test_a_common_periods_page_is_read_in_index_order_on_postgresql(claims, editor, monkeypatch):
    """A common period's page on PostgreSQL: each level's claims with both ends are read on the
    level's newest-first index, no sort, planned as they are run (with sorting off,
    ``core.planner``): with statistics stale, or the test's few rows, the planner would
    gather every match through the period's index and sort them."""
    monkeypatch.setattr(queries, "PERIOD_FEW", 2)  # two matches are a common period here
    with CaptureQueriesContext(connection) as captured:
        page = queries.page_claims(
            user=editor, size=10, period_from=dt.date(2019, 1, 1), period_to=dt.date(2019, 12, 31)
        )
    assert page.rows
    reads = plans_as_run(
        captured,
        lambda sql: (
            'FROM "claims_claim"' in sql
            and not sql.startswith("SELECT COUNT(*)")
            and "IS NULL" not in sql
        ),
    )
    assert len(reads) == 3  # one a level
    for plan, sorting_off in reads:
        assert sorting_off
        assert index_in_order(plan, "claims_claim") == "claim_level_newest", outline(plan)


def test_a_common_periods_count_stops_in_its_first_ranges(claims, editor, monkeypatch):
    # Two matches are a common period here: each level's count must stop once it has three.
    monkeypatch.setattr(queries, "PERIOD_FEW", 2)
    with CaptureQueriesContext(connection) as captured:
        page = queries.page_claims(
            user=editor, size=10, period_from=dt.date(2019, 1, 1), period_to=dt.date(2019, 12, 31)
        )
    assert page.rows
    counts = [q["sql"] for q in captured if q["sql"].startswith("SELECT COUNT(*)")]
    assert len(counts) == 3  # one a level
    with connection.cursor() as cursor:
        for sql in counts:
            if connection.vendor == "sqlite":
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                plan = " ".join(row[-1] for row in cursor.fetchall())
                # one range of the index per class, one after the other under the LIMIT
                assert "UNION ALL" in plan, plan
                assert plan.count("INDEX claim_level_length_start") == LONGEST_CLASS + 1, plan
            else:
                cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
                # the longer classes' ranges are never read: no bitmap of every range first
                assert "BitmapOr" not in plan, plan
                assert plan.count("claim_level_length_start") == LONGEST_CLASS + 1, plan
                assert "(never executed)" in plan, plan

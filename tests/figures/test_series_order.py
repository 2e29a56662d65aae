"""A figure's series is read newest first from the claims' own copy of their source's date:
the order across levels, on a tied date and for undated sources, its limit, and its plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ombuds.claims.models import Claim
from ombuds.figures.keys import FigureKey
from ombuds.figures.queries import figure_value_for, series_claims
from ombuds.sources.actions import do_update_source_metadata
from tests.figures.factories import make_claim, make_source
from tests.pg_plans import (
    explain,
    index_in_order,
    index_scans_only,
    outline,
    plans_as_run,
    scans_of,
)

pytestmark = pytest.mark.django_db

MAY, JUNE = dt.date(2022, 5, 1), dt.date(2022, 6, 1)
KEY = FigureKey.of(measure="killed", subject="people", place="Northtown", period_end=JUNE)
STORED = dt.datetime(2022, 7, 1, 12, tzinfo=dt.UTC)


def source_at(title: str, level: str, published: dt.date | None):
    source = make_source(title, publisher=f"{title} desk", published=published)
    source.confidentiality = level
    source.save()
    return source


@pytest.fixture
def series() -> dict[str, Claim]:
    """Claims of one series, named by source and stored in the order of the list (each a
    minute after the one before): two sources of one date at two levels, a later one,
    two undated ones, and a claim of another place that the series leaves out."""
    may_public = source_at("May public", "public", MAY)
    may_internal = source_at("May internal", "internal", MAY)
    june = source_at("June restricted", "restricted", JUNE)
    undated_public = source_at("Undated public", "public", None)
    undated_internal = source_at("Undated internal", "internal", None)
    made = [
        ("may public, first", may_public, 10, "Northtown"),
        ("may internal", may_internal, 11, "Northtown"),
        ("may public, second", may_public, 12, "Northtown"),
        ("june", june, 13, "Northtown"),
        ("undated public", undated_public, 14, "Northtown"),
        ("undated internal", undated_internal, 15, "Northtown"),
        ("elsewhere", june, 16, "Southtown"),
    ]
    claims = {}
    for minutes, (name, source, value, place) in enumerate(made):
        claim = make_claim(source, "killed", "people", value, place=place)
        # Stored a minute apart, so that "stored last first" is not left to the clock.
        Claim.objects.filter(pk=claim.pk).update(created_at=STORED + dt.timedelta(minutes=minutes))
        claims[name] = claim
    return claims


def names(claims: list[Claim], series: dict[str, Claim]) -> list[str]:
    by_pk = {claim.pk: name for name, claim in series.items()}
    return [by_pk[claim.pk] for claim in claims]


def test_newest_date_first_a_tie_by_the_claim_stored_last_and_undated_last(
    series, editor, researcher, viewer
):
    assert names(series_claims(KEY, user=editor), series) == [
        "june",
        "may public, second",
        "may internal",
        "may public, first",
        "undated internal",
        "undated public",
    ]
    assert names(series_claims(KEY, user=researcher), series) == [
        "may public, second",
        "may internal",
        "may public, first",
        "undated internal",
        "undated public",
    ]
    assert names(series_claims(KEY, user=viewer), series) == [
        "may public, second",
        "may public, first",
        "undated public",
    ]


def test_the_limit_takes_the_newest_across_levels_and_reaches_the_undated_only_when_short(
    series, editor, researcher
):
    assert names(series_claims(KEY, user=editor, limit=3), series) == [
        "june",
        "may public, second",
        "may internal",
    ]
    assert names(series_claims(KEY, user=researcher, limit=4), series) == [
        "may public, second",
        "may internal",
        "may public, first",
        "undated internal",
    ]


def test_a_change_of_date_moves_the_claims_in_the_series_and_to_the_figure_of_that_day(
    series, editor
):
    undated = series["undated public"].source
    do_update_source_metadata(undated, changes={"published": JUNE}, acting_user=editor)

    order = names(series_claims(KEY, user=editor), series)
    # Dated now, and on the day of the June source, stored after it: first.
    assert order[:2] == ["undated public", "june"]
    assert order[-1] == "undated internal"
    # The key of that day takes the open-ended claims of the sources published that day.
    value = figure_value_for(KEY, user=editor)
    assert value is not None
    cited = {c.claim_id for c in value.citations}
    assert cited == {series["june"].pk, series["undated public"].pk}

    do_update_source_metadata(undated, changes={"published": MAY}, acting_user=editor)
    value = figure_value_for(KEY, user=editor)
    assert value is not None
    assert {c.claim_id for c in value.citations} == {series["june"].pk}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_each_level_of_the_series_is_read_in_index_order_without_sorting(series, researcher):
    with CaptureQueriesContext(connection) as captured:
        series_claims(KEY, user=researcher)
    reads = [
        q["sql"] for q in captured if 'FROM "claims_claim"' in q["sql"] and "ORDER BY" in q["sql"]
    ]
    # Dated and undated claims, for public and internal.
    assert len(reads) == 4
    with connection.cursor() as cursor:
        for sql in reads:
            plan = " ".join(row[-1] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "INDEX claim_level_family_published" in plan, plan
            assert "TEMP B-TREE" not in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's query plans")
def test_each_level_of_the_series_is_read_in_index_order_without_sorting_on_postgresql(
    series, researcher
):
    """The test above on PostgreSQL's plans: each level's read is one scan of the index in the
    series' order, no sort, planned as it is run (with sorting off, ``core.planner``; the test's
    few rows would otherwise be read whole and sorted, as stale statistics read a family)."""
    with CaptureQueriesContext(connection) as captured:
        series_claims(KEY, user=researcher)
    reads = plans_as_run(captured, lambda sql: 'FROM "claims_claim"' in sql and "ORDER BY" in sql)
    assert len(reads) == 4  # dated and undated claims, for public and internal
    for plan, sorting_off in reads:
        assert sorting_off
        assert index_in_order(plan, "claims_claim") == "claim_level_family_published", outline(plan)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_a_keys_claims_are_looked_up_by_their_end_not_read_across_the_family(series, editor):
    with CaptureQueriesContext(connection) as captured:
        figure_value_for(KEY, user=editor)
    reads = [q["sql"] for q in captured if "COALESCE" in q["sql"] and "claims_claim" in q["sql"]]
    assert reads
    with connection.cursor() as cursor:
        for sql in reads:
            plan = " ".join(row[-1] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "INDEX claim_family_end" in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's query plans")
def test_a_keys_claims_are_looked_up_by_their_end_not_read_across_the_family_on_postgresql(
    series, editor
):
    """The test above on PostgreSQL's plans, with sequential scans off for the test's
    transaction (a table of a few rows is cheapest read whole): each read of the key's claims
    is a lookup of the index on (family, end), not a read of the family's rows."""
    index_scans_only()
    with CaptureQueriesContext(connection) as captured:
        figure_value_for(KEY, user=editor)
    reads = [q["sql"] for q in captured if "COALESCE" in q["sql"] and "claims_claim" in q["sql"]]
    assert reads
    for sql in reads:
        plan = explain(sql)
        assert [scan["Index Name"] for scan in scans_of(plan, "claims_claim")] == [
            "claim_family_end"
        ], outline(plan)

"""Every write of a claim's period keeps the class of its length, which the period filter's
index ranges rely on; the migration gives existing claims theirs in both databases' SQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ombuds.claims.models import Claim, length_class
from ombuds.sources.actions import do_ingest_source

pytestmark = pytest.mark.django_db

TEXT = (
    "Report of the Examplia Monitoring Desk (synthetic test document).\n\n"
    "In Northtown, 12 civilians were killed and 30 were injured in May 2022.\n"
)


@pytest.mark.parametrize(
    ("days", "expected"), [(0, 0), (-3, 0), (1, 1), (2, 2), (3, 2), (4, 3), (365, 9), (4096, 13)]
)
def test_a_class_bounds_the_length_of_its_periods(days, expected):
    start = dt.date(2020, 1, 1)
    assert length_class(start, start + dt.timedelta(days=days)) == expected
    assert days < 2**expected  # a claim of class c lasts under 2^c days
    assert length_class(None, start) is None
    assert length_class(start, None) is None


def test_ingest_save_and_update_keep_the_class():
    source, _ = do_ingest_source(
        TEXT.encode(), filename="desk.txt", published=dt.date(2022, 7, 1), acting_user=None
    )
    claim = source.claims.get(subject="civilians", measure="killed")
    assert claim.period_length_class == length_class(claim.period_start, claim.period_end) == 5

    claim.period_end = dt.date(2022, 12, 31)
    claim.save(update_fields=["period_end"])
    claim.refresh_from_db()
    assert claim.period_length_class == 8  # May to December: 244 days

    rows = Claim.objects.filter(pk=claim.pk)
    rows.update(period_start=dt.date(2022, 1, 1), period_end=dt.date(2022, 1, 1))
    assert rows.get().period_length_class == 0
    with pytest.raises(ValueError, match="both ends"):
        rows.update(period_end=dt.date(2030, 1, 1))
    assert rows.get().period_end == dt.date(2022, 1, 1)


@pytest.mark.django_db(transaction=True)
def test_the_migration_classes_existing_claims_in_sql():
    executor = MigrationExecutor(connection)
    executor.migrate([("claims", "0012_claim_period_length_class")])
    executor = MigrationExecutor(connection)
    old = executor.loader.project_state(list(executor.loader.applied_migrations)).apps
    Source, OldClaim = old.get_model("sources", "Source"), old.get_model("claims", "Claim")
    source = Source.objects.create(
        sha256="0" * 64, file="sources/0.txt", filename="0.txt", file_kind="txt", size=1,
        text="7 killed", confidentiality="public",
    )  # fmt: skip
    start = dt.date(2001, 3, 1)
    lengths = [0, 1, 2, 3, 4, 59, 366, 4095, 4096, 2_900_000, -5]
    made = []
    for n, days in enumerate(lengths, start=1):
        made.append(OldClaim.objects.create(
            source=source, ordinal=n, measure="killed", subject="people", value=7,
            span_start=0, span_end=1, quote="7", confidentiality="public",
            period_start=start, period_end=start + dt.timedelta(days=days),
        ).pk)  # fmt: skip
    open_end = OldClaim.objects.create(
        source=source, ordinal=99, measure="killed", subject="people", value=7,
        span_start=0, span_end=1, quote="7", confidentiality="public", period_start=start,
    ).pk  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    for pk in made:
        claim = Claim.objects.get(pk=pk)
        assert claim.period_length_class == length_class(claim.period_start, claim.period_end)
    assert Claim.objects.get(pk=open_end).period_length_class is None

"""A claim carries its source's publication date (``Claim.source_published``), set on every
insert and moved whenever the source's date is set, changed or removed."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ombuds.claims.actions import do_reextract_source
from ombuds.claims.models import Claim
from ombuds.sources.actions import do_ingest_source, do_update_source_metadata

pytestmark = pytest.mark.django_db

TEXT = (
    "Report of the Examplia Monitoring Desk (synthetic test document).\n\n"
    "In Northtown, 12 civilians were killed and 30 were injured in May 2022.\n"
    "In Easton, 4 children were injured in June 2022.\n"
)
JULY, AUGUST = dt.date(2022, 7, 1), dt.date(2022, 8, 15)


def ingest(name: str, published: dt.date | None) -> object:
    source, _ = do_ingest_source(
        TEXT.replace("Examplia", f"Examplia {name}").encode(),
        filename=f"{name}.txt",
        published=published,
        acting_user=None,
    )
    assert source.claims.exists()
    return source


def dates_of(source) -> set[dt.date | None]:
    return set(Claim.objects.filter(source=source).values_list("source_published", flat=True))


def test_every_insert_copies_the_sources_date():
    dated, undated = ingest("dated", JULY), ingest("undated", None)
    assert dates_of(dated) == {JULY}  # ingest (bulk)
    assert dates_of(undated) == {None}

    Claim.objects.filter(source=dated).delete()
    do_reextract_source(dated, acting_user=None)
    assert dates_of(dated) == {JULY}

    template = dated.claims.first()
    made = Claim(
        source_id=dated.pk, ordinal=100, measure="killed", subject="people", value=9,
        span_start=0, span_end=4, quote=template.quote, source_published=AUGUST,
    )  # fmt: skip
    Claim.objects.bulk_create([made])  # never trusted: the source's row decides
    single = Claim(
        source_id=dated.pk, ordinal=101, measure="killed", subject="people", value=9,
        span_start=0, span_end=4, quote=template.quote, source_published=AUGUST,
    )  # fmt: skip
    single.save()
    assert dates_of(dated) == {JULY}


def test_the_action_moves_the_claims_when_the_date_is_set_changed_or_removed(editor):
    source, other = ingest("moved", None), ingest("other", JULY)

    do_update_source_metadata(source, changes={"published": JULY}, acting_user=editor)
    assert dates_of(source) == {JULY}
    do_update_source_metadata(source, changes={"published": AUGUST}, acting_user=editor)
    assert dates_of(source) == {AUGUST}
    do_update_source_metadata(source, changes={"published": None}, acting_user=editor)
    assert dates_of(source) == {None}
    assert dates_of(other) == {JULY}


def test_a_source_saved_any_other_way_moves_its_claims_to_its_date():
    source, other = ingest("plain", JULY), ingest("other", JULY)
    source.published = AUGUST
    source.save()  # a shell or a data migration, not the action
    assert dates_of(source) == {AUGUST}

    source.published = None
    source.save(update_fields=["published"])
    assert dates_of(source) == {None}
    source.title = "Renamed"
    source.save(update_fields=["title"])  # a save that leaves the date alone touches nothing
    Claim.objects.filter(source=source).update(source_published=JULY)
    source.save(update_fields=["title"])
    assert dates_of(source) == {JULY}
    assert dates_of(other) == {JULY}


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_claims_their_sources_date():
    executor = MigrationExecutor(connection)
    executor.migrate([("claims", "0008_level_indexes")])
    executor = MigrationExecutor(connection)  # the state of what is applied now
    old = executor.loader.project_state(list(executor.loader.applied_migrations)).apps
    Source, OldClaim = old.get_model("sources", "Source"), old.get_model("claims", "Claim")
    made = {}
    for n, published in enumerate([JULY, AUGUST, None]):
        source = Source.objects.create(
            sha256=f"{n:064d}", file=f"sources/{n}.txt", filename=f"{n}.txt", file_kind="txt",
            size=1, text="7 killed", published=published,
        )  # fmt: skip
        made[published] = OldClaim.objects.create(
            source=source, ordinal=1, measure="killed", subject="people", value=7,
            span_start=0, span_end=1, quote="7", confidentiality="public",
        ).pk  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    for published, pk in made.items():
        assert Claim.objects.get(pk=pk).source_published == published
    # The fill is one statement over the table, not a loop over the rows.
    fill = importlib.import_module("ombuds.claims.migrations.0010_fill_source_published")
    assert fill.FILL.strip().startswith("UPDATE claims_claim")

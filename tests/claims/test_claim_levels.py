"""A claim carries its source's confidentiality, set on every insert and moved with the source;
who sees a claim follows it on the list, the API, a claim's own page and the counts."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from ombuds.claims.actions import do_reextract_source
from ombuds.claims.models import Claim
from ombuds.claims.queries import count_accepted_claims, get_claim_by_id
from ombuds.sources.actions import do_ingest_source, do_update_source_metadata

pytestmark = pytest.mark.django_db

TEXT = (
    "Report of the Examplia Monitoring Desk (synthetic test document).\n\n"
    "In Northtown, 12 civilians were killed and 30 were injured in May 2022.\n"
    "In Easton, 4 children were injured in June 2022.\n"
)


def ingest(name: str, level: str) -> object:
    source, _ = do_ingest_source(
        TEXT.replace("Examplia", f"Examplia {name}").encode(),
        filename=f"{name}.txt",
        published=dt.date(2022, 7, 1),
        confidentiality=level,
        acting_user=None,
    )
    assert source.claims.exists()
    return source


def levels_of(source) -> set[str]:
    return set(Claim.objects.filter(source=source).values_list("confidentiality", flat=True))


def test_every_insert_copies_the_sources_level(client, editor):
    internal = ingest("inner", "internal")
    restricted = ingest("closed", "restricted")
    assert levels_of(internal) == {"internal"}  # ingest (bulk)
    assert levels_of(restricted) == {"restricted"}

    Claim.objects.filter(source=internal).delete()
    do_reextract_source(internal, acting_user=None)  # re-extraction (and OCR: merge_claims)
    assert Claim.objects.filter(source=internal).exists()
    assert levels_of(internal) == {"internal"}

    client.force_login(editor)
    start = restricted.text.index("4 children")
    answer = client.post(
        "/api/claims/",
        {
            "source": str(restricted.pk),
            "span": [start, start + len("4 children")],
            "measure": "injured",
            "subject": "children",
            "value": "4",
            "reason": "missed",
        },
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    assert Claim.objects.get(pk=answer.json()["id"]).confidentiality == "restricted"


def test_a_claim_made_with_only_its_sources_id_or_a_wrong_level_gets_the_sources():
    source = ingest("inner", "internal")
    template = source.claims.first()
    made = [
        Claim(
            source_id=source.pk,
            ordinal=100 + n,
            measure="killed",
            subject="people",
            value=n + 1,
            span_start=0,
            span_end=4,
            quote=source.text[:4],
            confidentiality="public",  # never trusted: the source's row decides
        )
        for n in range(3)
    ]
    Claim.objects.bulk_create(made)
    single = Claim(
        source_id=template.source_id, ordinal=200, measure="killed", subject="people", value=9,
        span_start=0, span_end=4, quote=source.text[:4], confidentiality="public",
    )  # fmt: skip
    single.save()

    assert levels_of(source) == {"internal"}


def test_a_change_of_level_hides_the_claims_from_the_list_the_api_and_the_counts(
    client, viewer, editor
):
    public = ingest("open", "public")
    other = ingest("other", "public")
    client.force_login(viewer)
    ids = {str(pk) for pk in public.claims.values_list("pk", flat=True)}
    claim = public.claims.first()

    def seen() -> tuple[set[str], set[str], int, bool]:
        page = client.get(reverse("claims:list"), {"measure": "killed"})
        listed = {str(c.pk) for c in page.context["page"].rows}
        api = client.get("/api/claims/", {"limit": 500}).json()["items"]
        shown = get_claim_by_id(claim.pk, user=viewer) is not None
        return listed, {c["id"] for c in api}, count_accepted_claims(user=viewer), shown

    listed, api, counted, shown = seen()
    assert ids & listed
    assert ids <= api
    assert shown
    assert counted == public.claims.count() + other.claims.count()

    do_update_source_metadata(public, changes={"confidentiality": "restricted"}, acting_user=editor)

    listed, api, counted, shown = seen()
    assert not ids & listed
    assert not ids & api
    assert not shown
    assert counted == other.claims.count()
    assert levels_of(public) == {"restricted"}
    client.force_login(editor)  # the editor still sees them, now as restricted claims
    assert ids <= {c["id"] for c in client.get("/api/claims/", {"limit": 500}).json()["items"]}

    do_update_source_metadata(public, changes={"confidentiality": "public"}, acting_user=editor)
    client.force_login(viewer)
    assert ids <= seen()[1]


def test_a_source_saved_any_other_way_moves_its_claims_to_its_level():
    source = ingest("plain", "public")
    other = ingest("other", "public")
    source.confidentiality = "restricted"
    source.save()  # a shell or a data migration, not the action
    assert levels_of(source) == {"restricted"}

    source.confidentiality = "internal"
    source.save(update_fields=["confidentiality"])
    assert levels_of(source) == {"internal"}
    source.title = "Renamed"
    source.save(update_fields=["title"])  # a save that leaves the level alone touches nothing
    assert levels_of(source) == {"internal"}
    assert levels_of(other) == {"public"}


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_claims_their_sources_level():
    executor = MigrationExecutor(connection)
    executor.migrate([("claims", "0005_gazetteer_links")])
    executor = MigrationExecutor(connection)  # the state of what is applied now
    old = executor.loader.project_state(list(executor.loader.applied_migrations)).apps
    Source, OldClaim = old.get_model("sources", "Source"), old.get_model("claims", "Claim")
    made = {}
    for n, level in enumerate(["public", "internal", "restricted"]):
        source = Source.objects.create(
            sha256=f"{n:064d}", file=f"sources/{n}.txt", filename=f"{n}.txt", file_kind="txt",
            size=1, text="7 killed", confidentiality=level,
        )  # fmt: skip
        made[level] = OldClaim.objects.create(
            source=source, ordinal=1, measure="killed", subject="people", value=7,
            span_start=0, span_end=1, quote="7",
        ).pk  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    for level, pk in made.items():
        assert Claim.objects.get(pk=pk).confidentiality == level
    # The fill is one statement over the table, not a loop over the rows.
    fill = importlib.import_module("ombuds.claims.migrations.0007_fill_confidentiality")
    assert fill.FILL.strip().startswith("UPDATE claims_claim")

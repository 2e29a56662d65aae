"""Edits of the gazetteer that call no action (Django's admin, a shell: a plain ``save`` or
``delete``) link the claims again in the same transaction, found through the index on their
folded place, and queue a run of the checks; the figures index and findings follow at that
run. Sources are ingested for real: the engine reads each place from the text."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from ombuds.claims.models import Claim
from ombuds.figures.actions import do_run_checks
from ombuds.figures.index import list_figure_keys
from ombuds.figures.keys import gazetteer_ref
from ombuds.figures.models import Finding
from ombuds.figures.tasks import run_checks
from ombuds.places.actions import do_add_place_alias
from ombuds.places.models import AdminUnit, PlaceName, PlaceText
from ombuds.sources.actions import do_ingest_source

pytestmark = pytest.mark.django_db


def ingest(text: str, publisher: str) -> None:
    do_ingest_source(
        text.encode(),
        filename=f"{publisher}.txt",
        publisher=publisher,
        published=dt.date(2024, 7, 10),
        acting_user=None,
    )


def killed(place_text: str) -> Claim:
    return Claim.objects.get(measure="killed", place=place_text)


def queued_runs() -> int:
    return DBTaskResult.objects.filter(task_path=run_checks.module_path).count()


@pytest.fixture
def north() -> AdminUnit:
    return AdminUnit.objects.create(name="North region", level=1, code="NR")


def test_a_unit_renamed_links_the_claims_of_its_new_name_and_unlinks_the_old(
    north, django_capture_on_commit_callbacks
):
    ingest("In North region, 100 civilians were killed by mines from January to June 2024.", "A")
    ingest("In Nordland, 90 civilians were killed by mines from January to June 2024.", "B")
    assert killed("North region").linked_unit_id == north.pk
    assert killed("Nordland").linked_unit_id is None
    assert PlaceText.objects.filter(folded="nordland").exists()

    # As the admin's change form saves it: one transaction, a plain save.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        north.name = "Nordland"
        north.save()

    assert killed("Nordland").linked_unit_id == north.pk
    assert not PlaceText.objects.filter(folded="nordland").exists()
    # The old name names nothing now: unlinked, and listed among the places to name.
    assert killed("North region").linked_unit_id is None
    assert PlaceText.objects.get(folded="northregion").state == "unmatched"
    assert queued_runs() == 1


def test_a_name_added_changed_and_removed_moves_the_claims_with_it(
    north, django_capture_on_commit_callbacks
):
    south = AdminUnit.objects.create(name="South region", level=1, code="SR")
    ingest("In Boreal, 12 civilians were killed by mines from January to June 2024.", "A")
    assert killed("Boreal").linked_unit_id is None

    with django_capture_on_commit_callbacks(execute=True):
        name = PlaceName.objects.create(admin_unit=north, name="Boreal", language="")
    assert killed("Boreal").linked_unit_id == north.pk
    assert queued_runs() == 1

    # The name given to another unit: the claims follow it.
    name.admin_unit = south
    name.save()
    assert killed("Boreal").linked_unit_id == south.pk

    # Its spelling changed: the claims of the old spelling are left unlinked.
    name.name = "Borealis"
    name.save()
    assert killed("Boreal").linked_unit_id is None
    assert PlaceText.objects.filter(folded="boreal").exists()

    name.name = "Boreal"
    name.save()
    assert killed("Boreal").linked_unit_id == south.pk
    name.delete()
    assert killed("Boreal").linked_unit_id is None


def test_an_entry_removed_leaves_the_claims_of_its_names_to_name_again(north):
    alias = PlaceName.objects.create(admin_unit=north, name="Upland", language="")
    ingest("In Upland, 8 civilians were killed by mines from January to June 2024.", "A")
    assert killed("Upland").linked_unit_id == north.pk
    other = AdminUnit.objects.create(name="Upland", level=1, code="UP")
    # Two entries of one name: ambiguous until one is gone.
    assert killed("Upland").linked_unit_id is None
    assert alias.pk

    north.delete()
    assert killed("Upland").linked_unit_id == other.pk
    assert not PlaceText.objects.filter(folded="upland").exists()


def test_relinking_reads_claims_only_through_their_folded_place(north):
    towns = ["Kestrel", "Falcon", "Osprey", "Harrier", "Merlin"]
    for n, town in enumerate(towns):
        ingest(f"In {town}, {n + 3} civilians were killed by mines from January to June 2024.",
               f"Agency {n}")  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        PlaceName.objects.create(admin_unit=north, name="Harrier", language="")
    on_claims = [q["sql"] for q in queries.captured_queries if '"claims_claim"' in q["sql"]]
    assert on_claims
    assert all("place_folded" in sql.split("WHERE", 1)[-1] for sql in on_claims), on_claims
    assert killed("Harrier").linked_unit_id == north.pk
    assert killed("Osprey").linked_unit_id is None


def test_a_district_given_to_a_region_is_checked_against_it_at_the_next_run(
    north, django_capture_on_commit_callbacks
):
    alpha = AdminUnit.objects.create(name="Alpha district", level=2, code="A")
    beta = AdminUnit.objects.create(name="Beta district", level=2, parent=north, code="B")
    ingest("In North region, 100 civilians were killed by mines from January to June 2024.", "A")
    ingest(
        "In Alpha district, 70 civilians were killed by mines from January to June 2024. "
        "In Beta district, 45 civilians were killed by mines from January to June 2024.",
        "B",
    )
    do_run_checks(acting_user=None)
    assert not Finding.objects.filter(kind="subdivisions_exceed").exists()

    with django_capture_on_commit_callbacks(execute=True):
        alpha.parent = north
        alpha.save()
    assert queued_runs() == 1
    do_run_checks(acting_user=None)
    assert Finding.objects.filter(kind="subdivisions_exceed", current=True).exists()

    # A named area's members changed: a run is queued too.
    area = AdminUnit.objects.create(name="Liberated territories", level=0)
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        area.members.add(alpha, beta)
    assert queued_runs() == 1
    # Unchanged claims, no change of the hierarchy: nothing queued.
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        beta.code = "NR-B"
        beta.save()
    assert queued_runs() == 0


def test_the_index_follows_a_name_added_at_the_next_run(north, editor):
    ingest("In Nordland, 90 civilians were killed by mines from January to June 2024.", "A")
    do_run_checks(acting_user=None)
    ref = gazetteer_ref(unit_id=north.pk)
    places = {row.key.place for row in list_figure_keys(user=editor)}
    assert ref not in places

    PlaceName.objects.create(admin_unit=north, name="Nordland", language="en")
    do_run_checks(acting_user=None)
    places = {row.key.place for row in list_figure_keys(user=editor)}
    assert ref in places


def test_an_action_that_relinks_itself_still_audits_how_many_claims_it_linked(north):
    from ombuds.core.models import AuditEvent

    ingest("In Boreal, 12 civilians were killed by mines from January to June 2024.", "A")
    do_add_place_alias("Boreal", entry=north, acting_user=None)
    event = AuditEvent.objects.filter(action="add_place_alias").latest("at")
    assert event.changes["claims_linked"] == [None, 1]

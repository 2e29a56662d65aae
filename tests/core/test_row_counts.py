"""The row counts the database keeps (core.RowCount, kept by triggers) equal a plain COUNT of
each counted table, and the counts the pages show from them equal a count under each role's
visibility: through creates, status and confidentiality changes, deletes, bulk imports and
writes, a rolled-back transaction and a restore. The dashboard and the places home count no
counted table; ``ombuds verify`` says when a count is wrong."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Count, F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ombuds.appeals.actions import do_submit_appeal
from ombuds.appeals.models import Appeal
from ombuds.appeals.queries import count_appeals
from ombuds.core.counting import count_problems, counted_models
from ombuds.core.integrity import verify
from ombuds.core.models import RowCount
from ombuds.places.actions import do_change_hazard_status, do_delete_hazard_area, do_ensure_site
from ombuds.places.kinds import REGISTRY
from ombuds.places.models import DeviceFind, EnvironmentalSite, HazardArea
from ombuds.places.queries import hazards_by_status, place_counts
from ombuds.places.vocabularies import HazardStatus
from ombuds.sources.actions import do_update_source_metadata
from ombuds.sources.models import Source
from ombuds.sources.queries import count_sources
from tests.appeals.factories import MINES_TEXT, MISSING_TEXT, draft, ingest
from tests.conftest import make_user
from tests.places.factories import feature, load, square

pytestmark = pytest.mark.django_db

ROLES = ("admin", "editor", "researcher", "viewer")


def plain_place_counts() -> dict[str, int]:
    counts = {name: kind.model.objects.count() for name, kind in REGISTRY.items()}
    counts["open hazards"] = HazardArea.objects.filter(status=HazardStatus.OPEN).count()
    return counts


def plain_hazards_by_status() -> list[dict[str, Any]]:
    rows = HazardArea.objects.values("classification", "status").annotate(n=Count("id"))
    return list(rows.order_by("classification", "status"))


def assert_counts_exact(users: list[Any]) -> None:
    assert count_problems() == []
    for user in users:
        assert count_sources(user=user) == Source.objects.visible_to(user).count(), user
        assert count_appeals(user=user) == Appeal.objects.visible_to(user).count(), user
    assert place_counts() == plain_place_counts()
    assert hazards_by_status() == plain_hazards_by_status()


def hazards(*names: str, classification: str = "SHA") -> int:
    return load(
        "hazards",
        *(
            feature(square(0.02 * i, 0.0, 0.01), name=name, classification=classification)
            for i, name in enumerate(names)
        ),
    )


def finds(n: int) -> int:
    point = {"type": "Point", "coordinates": [0.005, 0.005]}
    return load("finds", *(feature(point, category="ap_mine") for _ in range(n)))


def write_then_fail() -> None:
    with transaction.atomic():
        hazards("Abandoned")
        DeviceFind.objects.all().delete()
        Source.objects.update(confidentiality="restricted")
        raise RuntimeError("abandoned")


def test_counts_follow_every_write_for_every_role() -> None:
    users = [None, *(make_user(role, f"{role}-rows") for role in ROLES)]
    assert_counts_exact(users)
    assert place_counts() == dict.fromkeys([*REGISTRY, "open hazards"], 0)

    # sources: ingested, one made internal and one restricted through the action, then all
    # public again in one statement
    missing = ingest(MISSING_TEXT, title="Missing", published=dt.date(2023, 1, 25))
    mines = ingest(MINES_TEXT, title="Mines", published=dt.date(2023, 2, 1))
    do_update_source_metadata(missing, changes={"confidentiality": "internal"}, acting_user=None)
    do_update_source_metadata(mines, changes={"confidentiality": "restricted"}, acting_user=None)
    assert count_sources(user=users[-1]) == 0
    assert count_sources(user=users[1]) == 2
    assert_counts_exact(users)
    do_update_source_metadata(mines, changes={"title": "Mine statement"}, acting_user=None)
    assert_counts_exact(users)

    # appeals: drafts, one submitted, one approved in a bulk write, one deleted
    first, second, third = (draft() for _ in range(3))
    do_submit_appeal(first, acting_user=None)
    Appeal.objects.filter(pk=second.pk).update(status="approved")
    assert count_appeals(user=users[-1]) == 1
    assert count_appeals(user=users[1]) == 3
    assert_counts_exact(users)
    third.delete()
    assert_counts_exact(users)

    # places: imports, a status change, a delete, a site, bulk writes and a bulk delete
    assert hazards("North", "South", "East") == 3
    hazards("Depot", classification="stockpile")
    finds(4)
    do_ensure_site(name="River", site_type="water", lon=1.0, lat=1.0, acting_user=None)
    assert place_counts()["hazards"] == 4
    assert place_counts()["finds"] == 4
    assert_counts_exact(users)
    north = HazardArea.objects.get(name="North")
    do_change_hazard_status(
        north, status=HazardStatus.CLOSED, on=dt.date(2026, 5, 1), reason="Cleared",
        acting_user=None,
    )  # fmt: skip
    HazardArea.objects.filter(name="South").update(status=HazardStatus.WORKED_ON)
    HazardArea.objects.filter(name="East").update(description="unchanged status")
    assert place_counts()["open hazards"] == 2
    assert_counts_exact(users)
    do_delete_hazard_area(north, reason="entered twice", acting_user=None)
    DeviceFind.objects.bulk_create([DeviceFind(category="uxo") for _ in range(5)])
    assert place_counts()["finds"] == 9
    assert_counts_exact(users)
    DeviceFind.objects.filter(category="ap_mine").delete()
    EnvironmentalSite.objects.all().delete()
    assert_counts_exact(users)

    # a failed transaction leaves every count as it was
    before = (place_counts(), [count_sources(user=u) for u in users])
    with pytest.raises(RuntimeError, match="abandoned"):
        write_then_fail()
    assert (place_counts(), [count_sources(user=u) for u in users]) == before
    assert_counts_exact(users)


def test_every_counted_model_is_counted_by_a_trigger() -> None:
    """A model that says it is counted (``counted_by``) has its rows counted as they are
    written: each gets one row, and its count moves."""
    tables = {m._meta.db_table for m in counted_models()}
    assert {"sources_source", "appeals_appeal", "places_hazardarea", "places_devicefind",
            "registry_casualty"} <= tables  # fmt: skip
    before = set(RowCount.objects.filter(total__gt=0).values_list("db_table", flat=True))
    assert before == set()
    ingest(MISSING_TEXT, title="Missing", published=dt.date(2023, 1, 25))
    hazards("North")
    finds(1)
    draft()
    counted = set(RowCount.objects.filter(total__gt=0).values_list("db_table", flat=True))
    assert counted == {"sources_source", "places_hazardarea", "places_devicefind",
                       "appeals_appeal"}  # fmt: skip


def test_every_counted_model_has_its_triggers_and_no_other_table_has() -> None:
    """A model given ``counted_by`` without a migration that starts counting it fails here."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE '%_rowcount_insert'")
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                " AND name LIKE '%_rowcount_insert'"
            )
        counting = {name.removesuffix("_rowcount_insert") for (name,) in cursor.fetchall()}
    assert counting == {m._meta.db_table for m in counted_models()}


def test_verify_says_which_count_is_wrong() -> None:
    finds(2)
    assert count_problems() == []
    RowCount.objects.filter(db_table="places_devicefind").update(total=F("total") + 1)
    assert count_problems() == [
        "places_devicefind (all rows): 2 rows, but the count kept for the pages says 3"
    ]
    assert any("places_devicefind" in p for p in verify().problems)


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_and_places_home_count_no_counted_table(role: str) -> None:
    ingest(MISSING_TEXT, title="Missing", published=dt.date(2023, 1, 25))
    draft()
    hazards("North", "South")
    finds(3)
    client = Client()
    client.force_login(make_user(role, f"{role}-pages"))
    tables = [m._meta.db_table for m in counted_models()]
    for name in ("dashboard", "places:home"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name)).status_code == 200
        counting = [
            q["sql"]
            for q in captured
            if "COUNT(" in q["sql"].upper() and any(f'"{t}"' in q["sql"] for t in tables)
        ]
        assert counting == [], counting
        assert any('FROM "core_rowcount"' in q["sql"] for q in captured), name
    page = client.get(reverse("places:home")).content.decode()
    assert "<th>finds</th><td>3</td>" in page
    assert "<th>open hazards</th><td>2</td>" in page


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_counts_its_rows_once(tmp_path: Any) -> None:
    from ombuds.core.backup import create_backup, restore_backup

    ingest(MISSING_TEXT, title="Missing", published=dt.date(2023, 1, 25))
    draft()
    hazards("North", "South")
    finds(3)
    backup = create_backup(tmp_path / "backup.zip").path
    finds(2)
    hazards("Later")
    ingest(MINES_TEXT, title="Mines", published=dt.date(2023, 2, 1))
    restore_backup(backup)
    assert count_problems() == []
    assert place_counts()["finds"] == 3
    assert place_counts()["hazards"] == 2
    assert count_sources(user=make_user("admin", "after")) == Source.objects.count() == 1

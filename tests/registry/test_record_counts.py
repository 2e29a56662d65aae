"""Record counts read from core.RowCount (kept by triggers) equal a plain COUNT under each role's
visibility, through creates, edits, deletes, bulk writes and a rolled-back transaction; and the
dashboard and registry home never count a record table again."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ombuds.core.models import RowCount
from ombuds.registry.actions import do_delete_record, do_save_record
from ombuds.registry.models import RECORD_MODELS, Casualty, Incident
from ombuds.registry.queries import record_counts, visible_records
from tests.conftest import make_user
from tests.registry.factories import casualty, incident, person

pytestmark = pytest.mark.django_db

ROLES = ("admin", "editor", "researcher", "viewer")


def plain_counts(user: Any) -> dict[str, int]:
    return {kind: visible_records(model, user).count() for kind, model in RECORD_MODELS.items()}


def assert_counts_exact(users: list[Any]) -> None:
    for user in users:
        assert record_counts(user=user) == plain_counts(user), user


def write_then_fail() -> None:
    with transaction.atomic():
        casualty(incident(), confidentiality="restricted")
        Casualty.objects.all().delete()
        raise RuntimeError("abandoned")


def test_counts_follow_every_write_for_every_role() -> None:
    users = [None, *(make_user(role, f"{role}-counts") for role in ROLES)]
    assert_counts_exact(users)
    assert record_counts(user=None) == dict.fromkeys(RECORD_MODELS, 0)

    open_incident = incident()
    hidden = incident(confidentiality="restricted", consent_scope="none")
    casualty(open_incident)
    secret = casualty(hidden, confidentiality="restricted", consent_scope="office")
    person("Nigar Əliyeva", confidentiality="restricted")
    assert record_counts(user=None)["incidents"] == 2
    assert record_counts(user=users[-1])["incidents"] == 1
    assert_counts_exact(users)

    # an edit that changes confidentiality moves the record between cells; one that does not
    # leaves the counts alone
    do_save_record(secret, values={"confidentiality": "internal"}, acting_user=None)
    do_save_record(open_incident, values={"place": "Other field"}, acting_user=None)
    Incident.objects.filter(pk=hidden.pk).update(consent_scope="public")
    assert_counts_exact(users)

    # deletes, one through the action, several in one statement, and a cascade-free bulk write
    do_delete_record(secret, acting_user=None)
    Incident.objects.bulk_create(
        [Incident(incident_type="mine", place=f"Bulk {i}", confidentiality=c,
                  source_list=open_incident.source_list)
         for i, c in enumerate(["public", "restricted", "restricted", "internal"])]
    )  # fmt: skip
    assert_counts_exact(users)
    Incident.objects.filter(place__startswith="Bulk", confidentiality="restricted").delete()
    assert_counts_exact(users)

    # a failed transaction leaves the counts as they were
    before = record_counts(user=None)
    with pytest.raises(RuntimeError, match="abandoned"):
        write_then_fail()
    assert record_counts(user=None) == before
    assert_counts_exact(users)


def test_a_count_cell_that_reached_zero_is_counted_again() -> None:
    inc = incident(confidentiality="public")
    do_delete_record(inc, acting_user=None)
    assert RowCount.objects.get(db_table="registry_incident", key1="public").total == 0
    incident(confidentiality="public")
    assert record_counts(user=None)["incidents"] == 1


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_and_registry_home_count_no_record_table(role: str) -> None:
    inc = incident()
    casualty(inc)
    casualty(incident(confidentiality="restricted"), confidentiality="restricted",
             consent_scope="public")  # fmt: skip
    client = Client()
    client.force_login(make_user(role, f"{role}-pages"))
    tables = [model._meta.db_table for model in RECORD_MODELS.values()]
    for name in ("dashboard", "registry:home"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name)).status_code == 200
        reads = [q["sql"] for q in captured if any(f'FROM "{t}"' in q["sql"] for t in tables)]
        assert reads == [], reads
        if name == "registry:home" or role != "viewer":
            assert any('FROM "core_rowcount"' in q["sql"] for q in captured)


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_counts_its_records_once(tmp_path: Any) -> None:
    from ombuds.core.backup import create_backup, restore_backup

    casualty(incident(confidentiality="restricted"))
    casualty(incident())
    backup = create_backup(tmp_path / "backup.zip").path
    incident()
    restore_backup(backup)
    assert record_counts(user=None) == plain_counts(None)
    assert record_counts(user=None)["incidents"] == 2

"""``ombuds verify`` finds a changed or removed audit row, a changed stored file and a changed
frozen appeal, says which, and passes on an untouched database."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from click.testing import CliRunner
from django.core.files.storage import default_storage
from django.db import connection

from ombuds.appeals.actions import do_approve_appeal, do_submit_appeal
from ombuds.appeals.models import Appeal
from ombuds.cli import main
from ombuds.core.models import AuditEvent
from ombuds.sources.models import Source
from tests.appeals.factories import addressee, draft, missing_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def office() -> Appeal:
    """A stored source and an approved appeal citing it: a dozen chained audit rows."""
    missing_source()
    appeal = draft(addressees=[addressee("Desk A (test)", "a@example.org")])
    do_submit_appeal(appeal, acting_user=None)
    return do_approve_appeal(appeal, acting_user=None)


def verify(*args: str) -> Any:
    return CliRunner().invoke(main, ["verify", *args])


def raw(sql: str, params: list[Any]) -> None:
    """Change the database behind the application's back, as someone with the file would."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_untouched_database_verifies(office: Appeal) -> None:
    result = verify()
    assert result.exit_code == 0, result.output
    assert "verified" in result.output
    rows = list(AuditEvent.objects.order_by("id"))
    assert len(rows) > 3
    assert rows[0].prev_hash == ""
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))


def test_a_changed_audit_row_is_named(office: Appeal) -> None:
    event = AuditEvent.objects.get(action="approve_appeal")
    raw("UPDATE core_auditevent SET actor_name = %s WHERE id = %s", ["someone else", event.pk])
    result = verify()
    assert result.exit_code == 1
    assert f"audit row {event.pk}: its content was changed" in result.output


def test_a_deleted_audit_row_is_found_where_it_was(office: Appeal) -> None:
    rows = list(AuditEvent.objects.order_by("id"))
    gone, after = rows[1], rows[2]
    raw("DELETE FROM core_auditevent WHERE id = %s", [gone.pk])
    result = verify()
    assert result.exit_code == 1
    assert f"audit row {after.pk}: the row before it is missing" in result.output
    assert f"between {rows[0].pk} and {after.pk}" in result.output


def test_removing_the_last_rows_is_found_against_a_head_noted_earlier(office: Appeal) -> None:
    from tests.conftest import make_user

    make_user("viewer", "last-one")
    head = AuditEvent.objects.order_by("-id").first()
    assert head is not None
    raw("DELETE FROM core_auditevent WHERE id = %s", [head.pk])
    assert verify().exit_code == 0  # the chain alone cannot see its end cut off ...
    result = verify("--head", head.hash)  # ... a head written down elsewhere can
    assert result.exit_code == 1
    assert f"the chain head {head.hash} recorded earlier is not in the audit log" in result.output


def test_a_changed_stored_file_is_named(office: Appeal) -> None:
    source = Source.objects.get()
    with default_storage.open(source.file.name, "wb") as stored:
        stored.write(b"A doctored report.")
    result = verify()
    assert result.exit_code == 1
    assert f"source {source.pk}: its stored file {source.file.name} was changed" in result.output
    default_storage.delete(source.file.name)
    assert "is missing" in verify().output


def test_a_changed_frozen_appeal_is_named(office: Appeal) -> None:
    frozen = dict(office.frozen)
    frozen["title"] = "A doctored title"
    Appeal.objects.filter(pk=office.pk).update(frozen=frozen)
    result = verify()
    assert result.exit_code == 1
    assert f"appeal {office.reference}: its frozen copy" in result.output
    assert "was changed after approval" in result.output


def test_an_appeal_approved_before_hashes_were_kept_is_noted_not_failed(office: Appeal) -> None:
    # as an upgraded database holds it: the approval's row has no frozen_sha256
    event = AuditEvent.objects.get(action="approve_appeal")
    changes = {k: v for k, v in event.changes.items() if k != "frozen_sha256"}
    from ombuds.core.chain import row_hash

    event.changes = changes
    rows = list(AuditEvent.objects.order_by("id"))
    previous = ""
    for row in rows:  # re-chain, as the upgrade's migration did
        if row.pk == event.pk:
            row.changes = changes
        row.prev_hash = previous
        row.hash = row_hash(row)
        previous = row.hash
    AuditEvent.objects.bulk_update(rows, ["changes", "prev_hash", "hash"])
    result = verify()
    assert result.exit_code == 0, result.output
    assert f"not checked: appeal {office.reference}: approved before" in result.output

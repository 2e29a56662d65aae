"""A registry import killed with SIGKILL while it writes leaves every table as it was, and the
next start of the worker ends its job and deletes its upload.

Real processes on the test database: ``ombuds import`` and ``ombuds worker``, killed in the
middle of writing 30,000 rows (an open transaction that has written some of them).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from ombuds.core.models import AuditEvent
from ombuds.registry.actions import do_import_records, do_queue_import
from ombuds.registry.importing import parse_file
from ombuds.registry.models import Casualty, CasualtySummary, ImportJob, Incident
from ombuds.registry.tasks import run_import
from tests.core.test_writes_under_load import database_url

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 30_000
HEADER = "external_id,incident_external_id,incident_type,incident_date,outcome,status,age,sex\n"


def casualties(count: int, outcome: str) -> str:
    return HEADER + "".join(
        f"C{n},I{n // 10},mine,2021-05-{n % 28 + 1:02d},{outcome},civilian,{n % 80 + 1},male\n"
        for n in range(count)
    )


def env() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "OMBUDS_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "OMBUDS_ORPHAN_GRACE_MINUTES": "0",
    }


def ombuds(*args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from ombuds.cli import main; main()", *args]
    return subprocess.Popen(command, env=env(), **kwargs)  # type: ignore[call-overload,no-any-return]


def state() -> dict[str, object]:
    """Row counts of the tables an import writes, and what the records say."""
    return {
        "casualties": Casualty.objects.count(),
        "incidents": Incident.objects.count(),
        "summary": sorted(CasualtySummary.objects.values_list("outcome", "people")),
        "killed": Casualty.objects.filter(outcome="killed").count(),
        "audit": AuditEvent.objects.count(),
    }


@pytest.fixture
def recorded() -> dict[str, object]:
    """1,000 casualties already recorded (killed): the big import would update them."""
    report, rows = parse_file(casualties(1000, "killed").encode(), filename="a.csv",
                              kind="casualties")  # fmt: skip
    do_import_records(report, rows, acting_user=None)
    return state()


def writing_transaction_open() -> bool:
    """Whether another process holds a transaction that has written registry rows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = 'registry_casualty' AND l.mode = 'RowExclusiveLock' "
                "AND l.pid <> pg_backend_pid()"
            )
            return bool(cursor.fetchone()[0])
    # SQLite: one writer at a time; the import's transaction holds the lock until it ends.
    import sqlite3

    probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


def test_a_killed_command_line_import_leaves_every_table_as_it_was(tmp_path, recorded):
    big = tmp_path / "big.csv"
    big.write_text(casualties(ROWS, "injured"))
    process = ombuds("import", str(big), "--kind", "casualties", stderr=subprocess.PIPE)
    assert process.stderr is not None
    said = b""
    deadline = time.monotonic() + 120
    # Killed once it reports 4,000 of 30,000 rows written inside its one transaction.
    while b"writing 4000/" not in said and time.monotonic() < deadline:
        chunk = os.read(process.stderr.fileno(), 4096)
        if not chunk:
            break
        said += chunk
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stderr.close()
    assert b"writing 4000/" in said, said.decode()[-500:]
    assert b"rows: " not in said  # it never reported the import done

    assert state() == recorded
    assert not AuditEvent.objects.filter(action="import_casualties", reason__contains="big.csv")


def test_a_worker_killed_during_a_web_import_leaves_the_tables_and_its_next_start_cleans_up(
    recorded,
):
    job = do_queue_import(casualties(ROWS, "injured").encode(), filename="big.csv",
                          kind="casualties", mapping={}, acting_user=None)  # fmt: skip
    run_import.enqueue(str(job.pk))
    upload = Path(job.path)
    before = {**recorded, "audit": AuditEvent.objects.count()}

    worker = ombuds("worker", "--batch", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and worker.poll() is None:
        job.refresh_from_db()
        if job.status == ImportJob.Status.WRITING and writing_transaction_open():
            break
        time.sleep(0.05)
    time.sleep(0.3)  # a few batches into the transaction
    open_when_killed = writing_transaction_open()
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.WRITING, job.message
    assert open_when_killed

    assert state() == before
    assert upload.exists()
    # Meanwhile a request was killed between storing its upload and creating its job.
    stray = upload.parent / "killed-request.csv"
    stray.write_text(HEADER)

    again = ombuds("worker", "--batch", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err.decode()
    assert "deleted 2 uploads of interrupted registry imports" in err.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "interrupted" in job.message
    assert not upload.exists()
    assert not stray.exists()
    assert list(upload.parent.iterdir()) == []
    assert state() | {"audit": 0} == before | {"audit": 0}
    event = AuditEvent.objects.get(action="close_interrupted_imports")
    assert event.changes["jobs_failed"] == [None, 1]
    assert event.changes["files_deleted"] == [None, 2]


def test_a_running_or_queued_import_keeps_its_job_and_file(settings):
    from ombuds.registry.interrupted import do_close_interrupted_imports

    job = do_queue_import(HEADER.encode(), filename="a.csv", kind="casualties", mapping={},
                          acting_user=None)  # fmt: skip
    settings.OMBUDS_ORPHAN_GRACE_MINUTES = 0
    assert do_close_interrupted_imports(acting_user=None) == []  # queued: the worker will run it
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.WRITING)
    settings.OMBUDS_ORPHAN_GRACE_MINUTES = 60
    assert do_close_interrupted_imports(acting_user=None) == []  # progress younger than the grace
    job.refresh_from_db()
    assert job.status == ImportJob.Status.WRITING
    assert Path(job.path).exists()

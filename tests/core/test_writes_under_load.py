"""Writes never fail while a backup runs, and on SQLite a writer waits out a long write.

Real threads posting real forms through the whole Django stack, against the test database
(a file, in WAL mode, on SQLite; or PostgreSQL with DATABASE_URL).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
import zipfile
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse

from ombuds.appeals.models import Addressee

pytestmark = pytest.mark.django_db(transaction=True)
WRITERS = 10


def many_rows(count: int) -> None:
    Addressee.objects.bulk_create(
        (Addressee(organisation=f"Bulk {uuid.uuid4()}", category="un_body") for _ in range(count)),
        batch_size=2000,
    )


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{os.path.abspath(db['NAME'])}"
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def start_backup(tmp_path: Any) -> subprocess.Popen[str]:
    """``ombuds backup`` in its own process (its own CPU), on the test database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "OMBUDS_MEDIA_ROOT": str(tmp_path / "files"),
    }
    return subprocess.Popen(
        [sys.executable, "-c", "from ombuds.cli import main; main()", "backup",
         str(tmp_path / "backup.zip")],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


PROBE = """
import sqlite3, sys, time
probe = sqlite3.connect(sys.argv[1], timeout=600, isolation_level=None)
longest = 0.0
while True:
    started = time.monotonic()
    probe.execute("BEGIN IMMEDIATE")
    probe.execute("COMMIT")
    longest = max(longest, time.monotonic() - started)
    print(round(longest, 3), flush=True)
    time.sleep(0.05)
"""


def start_lock_probe() -> subprocess.Popen[str]:
    """A process taking SQLite's write lock again and again (as a form submission does at
    BEGIN), printing the longest wait so far; a backup holding the lock makes it long."""
    return subprocess.Popen(
        [sys.executable, "-c", PROBE, connection.settings_dict["NAME"]],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip


LONG_ENOUGH = 6  # seconds: a backup holding the lock would make one writer wait about this long


def backup_with_writers(
    tmp_path: Any, editor: Any, results: list[int], errors: list[str]
) -> tuple[subprocess.Popen[str], str, float, list[float]]:
    """``ombuds backup`` run while 10 writers post forms (and, on SQLite, a process probes the
    write lock): the backup, its stderr, how long it took and the probe's longest waits."""
    backup_done = threading.Event()

    def writer(n: int) -> None:
        client = Client(raise_request_exception=False)
        client.force_login(editor)
        i = 0
        try:
            while not backup_done.is_set() or i < 3:
                response = client.post(
                    reverse("appeals:addressee_new"),
                    {"organisation": f"Writer {n}-{i} {uuid.uuid4()}", "category": "un_body"},
                )
                results.append(response.status_code)
                if response.status_code != 302:
                    errors.append(response.content.decode()[:300])
                i += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    probe = start_lock_probe() if connection.vendor == "sqlite" else None
    waits: list[float] = []
    started = time.monotonic()
    backup = start_backup(tmp_path)
    try:
        _out, err = backup.communicate(timeout=600)
    finally:
        took = time.monotonic() - started
        backup_done.set()
        for thread in threads:
            thread.join()
        if probe is not None:
            probe.terminate()
            waits = [float(line) for line in probe.communicate()[0].split()]
    return backup, err, took, waits


def test_ten_writers_posting_forms_during_a_backup_never_fail(tmp_path, editor):
    rows = 60_000
    many_rows(rows)
    results: list[int] = []
    errors: list[str] = []
    attempts = 4
    for attempt in range(attempts):
        folder = tmp_path / f"attempt-{attempt}"
        folder.mkdir()
        backup, err, took, waits = backup_with_writers(folder, editor, results, errors)
        assert backup.returncode == 0, err
        if connection.vendor != "sqlite" or took > LONG_ENOUGH or attempt == attempts - 1:
            break
        # A fast machine copies the table before a held lock could show: a bigger table, so
        # that the backup lasts long enough to tell a lock held through it from none.
        many_rows(rows)
        rows *= 2

    with zipfile.ZipFile(folder / "backup.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["members"]["data/appeals.addressee.jsonl"]["rows"] >= rows
    assert errors == []
    assert len(results) >= WRITERS * 3
    assert set(results) == {302}
    assert Addressee.objects.filter(organisation__startswith="Writer ").count() == len(results)
    if connection.vendor == "sqlite":
        # A backup holding the lock would make one wait about as long as the backup itself;
        # a loaded machine can make a few seconds of waiting for the other writers.
        assert took > LONG_ENOUGH, f"the backup took {took:.1f} s even of {rows} rows"
        assert len(waits) > 10
        assert waits[-1] < max(3, took / 3), f"a write waited {waits[-1]:.1f} s of {took:.1f} s"


@pytest.mark.skipif("connection.vendor != 'sqlite'")
@pytest.mark.parametrize("wait", [10, 0])
def test_on_sqlite_a_writer_waits_out_a_long_write_up_to_the_setting(settings, wait):
    options = connection.settings_dict["OPTIONS"]
    before = options["timeout"]
    options["timeout"] = 0.2
    settings.OMBUDS_SQLITE_WRITE_WAIT = wait
    holding = threading.Event()

    def long_write() -> None:  # a bulk import holding the write lock for 1.5 s
        try:
            with transaction.atomic():
                many_rows(10)
                holding.set()
                time.sleep(1.5)
        finally:
            connection.close()

    thread = threading.Thread(target=long_write)
    thread.start()
    holding.wait(5)
    try:
        if wait:
            many_rows(1)
            assert Addressee.objects.filter(organisation__startswith="Bulk ").count() == 11
        else:
            with pytest.raises(OperationalError, match="database is locked"):
                many_rows(1)
    finally:
        thread.join()
        options["timeout"] = before

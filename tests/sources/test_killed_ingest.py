"""An ingest killed with SIGKILL between storing the file and committing its rows leaves the
database as it was, and the next start of the worker deletes the file left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from ombuds.core.models import AuditEvent
from ombuds.sources.actions import do_collect_orphan_files, do_ingest_source
from ombuds.sources.models import Source
from tests.core.test_writes_under_load import database_url

pytestmark = pytest.mark.django_db(transaction=True)

# Many claims, so that writing them keeps the transaction open long enough to be killed in.
LONG = "".join(
    f"In district {n}, {n % 90 + 3} civilians were killed and {n % 40 + 2} were injured.\n\n"
    for n in range(6000)
)
INGEST = """
import sys
from ombuds.bootstrap import setup_django
setup_django()
from ombuds.sources.actions import do_ingest_source
do_ingest_source(open(sys.argv[1], "rb").read(), filename="long.txt", acting_user=None)
"""


def env() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "OMBUDS_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "OMBUDS_ORPHAN_GRACE_MINUTES": "0",
    }


def stored() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "sources"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_killed_ingest_leaves_no_rows_and_the_next_start_removes_its_file(tmp_path):
    document = tmp_path / "long.txt"
    document.write_text(LONG)
    process = subprocess.Popen([sys.executable, "-c", INGEST, str(document)], env=env())
    deadline = time.monotonic() + 300
    while not stored() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    if Source.objects.exists():
        pytest.skip("the ingest committed before it could be killed: nothing to observe")

    (left,) = stored()  # the bytes were written, the rows never committed
    assert not AuditEvent.objects.filter(action="ingest_source").exists()

    worker = subprocess.run(
        [sys.executable, "-c", "from ombuds.cli import main; main()", "worker", "--batch"],
        env=env(), capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert worker.returncode == 0, worker.stderr
    assert "deleted 1 stored files no record names" in worker.stderr
    assert not left.exists()
    event = AuditEvent.objects.get(action="collect_orphan_files")
    assert event.changes["count"] == [1, None]


def test_files_named_by_a_source_or_younger_than_the_grace_are_kept(settings):
    source, _new = do_ingest_source(b"In 2021, 19 people were killed.", filename="a.txt",
                                    acting_user=None)  # fmt: skip
    stray = Path(settings.MEDIA_ROOT) / "sources" / "ab" / "stray.txt"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_text("left over")
    assert do_collect_orphan_files(acting_user=None) == []  # younger than the grace period
    settings.OMBUDS_ORPHAN_GRACE_MINUTES = 0
    assert do_collect_orphan_files(acting_user=None) == ["sources/ab/stray.txt"]
    assert not stray.exists()
    assert Path(source.file.path).exists()

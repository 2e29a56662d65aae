"""Backups carry the audit chain's head; restore refuses a backup whose audit log does not
verify; backups and restores are audited; a restore needs two admins (four eyes)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ombuds.cli import main
from ombuds.core.actions import do_create_backup, do_create_user, do_restore_backup
from ombuds.core.backup import restore_backup
from ombuds.core.errors import DamagedBackup, FourEyesRefused
from ombuds.core.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)
AUDIT = "data/core.auditevent.jsonl"


def rewrite(backup: Path, change: Any) -> Path:
    """A copy of the backup whose audit member went through ``change`` (lines -> lines), with
    its checksum in the manifest made to match, as a careful forger would."""
    forged = backup.with_name("forged.zip")
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(forged, "w") as target:
        manifest = json.loads(source.read("manifest.json"))
        for name in source.namelist():
            if name == "manifest.json":
                continue
            data = source.read(name)
            if name == AUDIT:
                lines = change(data.decode().splitlines(keepends=True))
                data = "".join(lines).encode()
                manifest["members"][name]["sha256"] = hashlib.sha256(data).hexdigest()
                if "rows" in manifest["members"][name]:
                    manifest["members"][name]["rows"] = len(lines)  # the count made to match
            target.writestr(name, data)
        target.writestr("manifest.json", json.dumps(manifest))
    return forged


@pytest.fixture
def backup(tmp_path: Path) -> Path:
    for name in ("ana", "bob", "cem"):
        do_create_user(name, role="admin", password=f"{name}-long-pass", acting_user=None)
    return do_create_backup(tmp_path / "backup.zip", acting_user=None).path


def test_a_backup_carries_the_chain_head_and_its_audit_row(backup: Path) -> None:
    manifest = json.loads(zipfile.ZipFile(backup).read("manifest.json"))
    assert manifest["audit_chain"]["rows"] == 3
    event = AuditEvent.objects.get(action="create_backup")
    assert event.changes["chain_head"][1] == manifest["audit_chain"]["head"]
    assert event.changes["sha256"][1] == hashlib.sha256(backup.read_bytes()).hexdigest()


def test_a_backup_with_a_changed_audit_row_is_refused(backup: Path) -> None:
    forged = rewrite(backup, lambda lines: [lines[0].replace("ana", "eve"), *lines[1:]])
    with pytest.raises(DamagedBackup, match="its audit log does not verify"):
        restore_backup(forged)
    assert AuditEvent.objects.filter(action="create_backup").exists()  # nothing changed


def test_a_backup_with_its_last_audit_row_removed_is_refused(backup: Path) -> None:
    forged = rewrite(backup, lambda lines: lines[:-1])
    with pytest.raises(DamagedBackup, match="not at the chain head its manifest carries"):
        restore_backup(forged)


def test_a_restore_needs_a_second_admin(backup: Path, settings: Any) -> None:
    from django.contrib.auth.models import User

    ana, bob = User.objects.get(username="ana"), User.objects.get(username="bob")
    with pytest.raises(FourEyesRefused, match="second admin"):
        do_restore_backup(backup, requested_by=ana, approved_by=None)
    with pytest.raises(FourEyesRefused, match="cannot approve their own restore"):
        do_restore_backup(backup, requested_by=ana, approved_by=ana)
    rows = do_restore_backup(backup, requested_by=ana, approved_by=bob, reason="disk failed")
    assert rows > 0
    event = AuditEvent.objects.get(action="restore_backup")
    assert event.changes["approved_by"] == [None, "bob"]
    assert event.reason == "disk failed"
    settings.OMBUDS_FOUR_EYES = False
    do_restore_backup(backup, requested_by=None, approved_by=None)


def test_the_restore_command_asks_both_passwords(backup: Path) -> None:
    runner = CliRunner()
    wrong = runner.invoke(main, ["restore", str(backup), "--yes", "--by", "ana",
                                 "--approved-by", "bob"], input="ana-long-pass\nnot-his\n")  # fmt: skip
    assert wrong.exit_code == 1
    assert "bob: wrong password" in wrong.output
    alone = runner.invoke(main, ["restore", str(backup), "--yes", "--by", "ana"],
                          input="ana-long-pass\n")  # fmt: skip
    assert alone.exit_code == 1
    assert "second admin" in alone.output
    done = runner.invoke(main, ["restore", str(backup), "--yes", "--by", "ana",
                                "--approved-by", "bob"], input="ana-long-pass\nbob-long-pass\n")  # fmt: skip
    assert done.exit_code == 0, done.output
    assert AuditEvent.objects.filter(action="restore_backup").count() == 1

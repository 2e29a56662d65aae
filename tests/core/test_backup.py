import threading
import time
import zipfile

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from ombuds.core.actions import do_create_user
from ombuds.core.backup import create_backup, restore_backup, verify_backup
from ombuds.core.errors import DamagedBackup, IncompatibleBackup

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_taken_during_writes_restores_the_rows_of_its_moment(tmp_path):
    do_create_user("before", role="viewer", password="x-long-pass", acting_user=None)
    stop = threading.Event()
    written: list[str] = []

    def keep_writing():
        n = 0
        try:
            while not stop.is_set() and n < 200:
                name = f"writer-{n}"
                do_create_user(name, role="viewer", password="x-long-pass", acting_user=None)
                written.append(name)
                n += 1
                time.sleep(0.005)
        finally:
            connection.close()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while len(written) < 5:
            time.sleep(0.01)
        summary = create_backup(tmp_path / "backup.zip")
    finally:
        stop.set()
        writer.join()
    with zipfile.ZipFile(summary.path) as archive:
        users_in_backup = archive.read("data/auth.user.jsonl").decode().count("\n")
    assert 6 <= users_in_backup <= len(written) + 1

    restore_backup(summary.path)

    call_command("check", fail_level="WARNING")
    call_command("migrate", check=True, verbosity=0)
    assert User.objects.count() == users_in_backup
    assert User.objects.filter(username="before").exists()


def test_restore_brings_back_stored_files(tmp_path, settings):
    stored = settings.MEDIA_ROOT / "sources" / "ab" / "abc.txt"
    stored.parent.mkdir(parents=True)
    stored.write_text("a stored document")
    backup = create_backup(tmp_path / "backup.zip").path
    stored.write_text("changed after the backup")

    restore_backup(backup)

    assert stored.read_text() == "a stored document"


def test_damaged_backup_is_refused_and_changes_nothing(tmp_path):
    do_create_user("kept", role="viewer", password="x-long-pass", acting_user=None)
    backup = create_backup(tmp_path / "backup.zip").path
    do_create_user("after", role="viewer", password="x-long-pass", acting_user=None)
    damaged = tmp_path / "damaged.zip"
    data = bytearray(backup.read_bytes())
    data[len(data) // 3 : len(data) // 3 + 64] = b"\0" * 64
    damaged.write_bytes(bytes(data))

    with pytest.raises(DamagedBackup):
        restore_backup(damaged)
    with pytest.raises(DamagedBackup, match=r"not an ombuds backup|cannot be opened"):
        restore_backup(_write(tmp_path / "plain.zip", {"hello.txt": "hi"}))

    assert set(User.objects.values_list("username", flat=True)) >= {"kept", "after"}


def test_damage_inside_every_compressed_member_is_refused_with_its_message(tmp_path):
    """Zeros written into the middle of a member's compressed bytes break its deflate stream
    (zlib's error) or its checksum; either way the backup is refused, never a traceback."""
    do_create_user("kept", role="viewer", password="x-long-pass", acting_user=None)
    backup = create_backup(tmp_path / "backup.zip").path
    with zipfile.ZipFile(backup) as archive:
        members = [
            i
            for i in archive.infolist()
            if i.compress_type == zipfile.ZIP_DEFLATED and i.compress_size > 64
        ]
    assert members
    for info in members:
        data = bytearray(backup.read_bytes())
        # the member's data starts after its local header (30 bytes, its name and extra field)
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        middle = start + info.compress_size // 2
        data[middle : middle + 16] = b"\0" * 16
        damaged = tmp_path / "damaged.zip"
        damaged.write_bytes(bytes(data))
        with pytest.raises(DamagedBackup, match="damaged"):
            verify_backup(damaged)


def test_backup_from_another_schema_is_refused(tmp_path):
    backup = create_backup(tmp_path / "backup.zip").path
    with zipfile.ZipFile(backup) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    manifest = members["manifest.json"].decode()
    members["manifest.json"] = manifest.replace(
        '"migrations": [', '"migrations": [\n  ["core", "9999_from_the_future"],', 1
    ).encode()
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(newer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)

    with pytest.raises(IncompatibleBackup, match="different version"):
        verify_backup(newer)


def _write(path, members):
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def test_a_table_of_several_batches_is_backed_up_row_for_row(tmp_path):
    import json

    from ombuds.appeals.models import Addressee
    from ombuds.core.backup import BATCH

    Addressee.objects.bulk_create(
        Addressee(organisation=f"Office {n}", category="un_body") for n in range(2 * BATCH + 1)
    )
    create_backup(tmp_path / "backup.zip")
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        lines = archive.read("data/appeals.addressee.jsonl").decode().splitlines()
    saved = [json.loads(line)["pk"] for line in lines]
    assert len(saved) == len(set(saved)) == 2 * BATCH + 1
    assert set(saved) == {str(pk) for pk in Addressee.objects.values_list("pk", flat=True)}

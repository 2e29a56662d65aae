"""Hostile backups: each is refused with a message naming the problem, and nothing changes.

Each backup here is a real one, edited the way an attacker (or a careless hand) would, with
its manifest's checksums recomputed so that only the check under test can catch it.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.conf import settings
from django.contrib.auth.models import User

from ombuds.cli import main
from ombuds.core.actions import do_create_user
from ombuds.core.backup import create_backup, restore_backup
from ombuds.core.backup_checks import staged_path
from ombuds.core.errors import DamagedBackup
from ombuds.core.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)

Members = dict[str, bytes]


def edited_backup(tmp_path: Path, edit: Callable[[Members, dict], None]) -> Path:
    """A fresh backup passed through ``edit(members, manifest)``, checksums recomputed."""
    original = create_backup(tmp_path / "original.zip").path
    with zipfile.ZipFile(original) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(members.pop("manifest.json"))
    edit(members, manifest)
    for name, data in members.items():
        if name in manifest["members"]:
            manifest["members"][name]["sha256"] = hashlib.sha256(data).hexdigest()
    out = tmp_path / "edited.zip"
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr("manifest.json", json.dumps(manifest))
    return out


@pytest.fixture
def state(tmp_path: Path) -> Callable[[], tuple]:
    """The database and media folder now; call it again after a refusal to compare."""
    do_create_user("kept", role="viewer", password="x-long-pass", acting_user=None)
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    (media / "doc.txt").write_text("a stored document")

    def snapshot() -> tuple:
        files = sorted(
            (p.relative_to(tmp_path).as_posix(), p.read_bytes())
            for p in tmp_path.rglob("*")
            if p.is_file() and p.suffix != ".zip"
        )
        return (
            sorted(User.objects.values_list("username", flat=True)),
            AuditEvent.objects.count(),
            files,
        )

    return snapshot


def add_member(name: str, data: bytes = b"pwned") -> Callable[[Members, dict], None]:
    def edit(members: Members, manifest: dict) -> None:
        members[name] = data
        manifest["members"][name] = {"sha256": ""}

    return edit


def refused(path: Path, match: str, state: Callable[[], tuple]) -> None:
    before = state()
    with pytest.raises(DamagedBackup, match=match):
        restore_backup(path)
    assert state() == before


@pytest.mark.parametrize(
    "name",
    [
        "files/../../escaped.txt",
        "files/a/../../../escaped.txt",
        "files//etc/escaped.txt",
        "files/C:/escaped.txt",
        "files/a\\..\\..\\escaped.txt",
        "../escaped.txt",
        "escaped.txt",
    ],
)
def test_a_member_outside_its_folder_is_refused_and_nothing_is_written(tmp_path, state, name):
    path = edited_backup(tmp_path, add_member(name))
    refused(path, "neither a table .* nor a file inside the media folder", state)
    assert not list(tmp_path.parent.rglob("escaped.txt"))


def test_staged_paths_stay_inside_the_staging_folder(tmp_path):
    assert staged_path(tmp_path, "files/sources/ab/cd.pdf") == (tmp_path / "sources/ab/cd.pdf")
    for name in ("files/../x", "files/a/../../x", "files//x", "files/"):
        with pytest.raises(DamagedBackup, match="outside the media folder"):
            staged_path(tmp_path, name)


def test_a_backup_without_its_audit_table_is_refused(tmp_path, state):
    def drop_audit(members: Members, manifest: dict) -> None:
        del members["data/core.auditevent.jsonl"]
        del manifest["members"]["data/core.auditevent.jsonl"]

    path = edited_backup(tmp_path, drop_audit)
    refused(path, r"no rows member for 1 table\(s\) \(core.auditevent\)", state)


def test_a_backup_with_a_table_this_code_does_not_have_is_refused(tmp_path, state):
    def add_table(members: Members, manifest: dict) -> None:
        members["data/sessions.session.jsonl"] = b""
        manifest["members"]["data/sessions.session.jsonl"] = {"sha256": "", "rows": 0}

    refused(edited_backup(tmp_path, add_table), "does not have .*sessions.session", state)


def test_a_member_the_manifest_does_not_list_is_refused(tmp_path, state):
    def smuggle(members: Members, manifest: dict) -> None:
        members["files/unlisted.txt"] = b"not in the manifest"

    refused(edited_backup(tmp_path, smuggle), "the manifest does not list", state)


def test_a_row_count_that_does_not_match_the_manifest_is_refused(tmp_path, state):
    def drop_a_user(members: Members, manifest: dict) -> None:
        lines = members["data/auth.user.jsonl"].splitlines(keepends=True)
        members["data/auth.user.jsonl"] = b"".join(lines[1:])

    refused(edited_backup(tmp_path, drop_a_user), "holds 0 rows where the manifest says 1", state)


def test_a_manifest_without_checksums_is_refused(tmp_path, state):
    path = tmp_path / "bare.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "manifest.json",
            json.dumps(
                {"format": "ombuds-backup", "version": 1, "migrations": [], "members": {"x": {}}}
            ),
        )
    refused(path, "no SHA-256 checksum", state)


@pytest.mark.parametrize("nul", [b"\\u0000", b"\x00"])
def test_text_holding_a_nul_character_is_refused_before_anything_changes(tmp_path, state, nul):
    def poison(members: Members, manifest: dict) -> None:
        members["data/auth.user.jsonl"] = members["data/auth.user.jsonl"].replace(
            b'"kept"', b'"ke' + nul + b'pt"'
        )

    refused(edited_backup(tmp_path, poison), "NUL", state)


def test_a_row_of_another_table_is_refused_and_the_transaction_rolled_back(tmp_path, state):
    def misplace(members: Members, manifest: dict) -> None:
        user = members["data/auth.user.jsonl"]
        members["data/auth.user.jsonl"] = user.replace(
            b'"model": "auth.user"', b'"model": "auth.group"'
        )

    refused(edited_backup(tmp_path, misplace), "hold a row of auth.group", state)


def test_the_restore_command_says_why_and_exits_non_zero(tmp_path, state):
    path = edited_backup(tmp_path, add_member("files/../../escaped.txt"))
    before = state()
    result = CliRunner().invoke(main, ["restore", str(path), "--yes"])
    assert result.exit_code == 1
    assert "files/../../escaped.txt" in result.output
    assert "Nothing was changed." in result.output
    assert "Traceback" not in result.output
    assert state() == before

"""What a backup must satisfy before restore touches anything (called by ``backup.verify_backup``).

A backup is a file anyone may hand over, so restore trusts nothing in it:

- the manifest has the expected shape (members with a SHA-256, data members with a row count,
  migrations as pairs of names): ``check_manifest_shape``;
- the zip holds exactly the members the manifest lists, once each, and every name is
  ``data/<app.model>.jsonl`` or ``files/<path inside the media folder>`` (no ``..``, no
  absolute path, no backslash): ``check_member_names``; ``staged_path`` checks again where each
  file would be written;
- there is one data member for every table this code has, and none for a table it does not
  have: ``check_tables``;
- each data member holds as many rows as the manifest says, and no text holds a NUL character
  (PostgreSQL cannot store one, and the ombuds never writes one): ``check_rows``.

Each check raises ``DamagedBackup`` with a message that names the problem; none changes
anything. The audit chain of the backup is checked elsewhere.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import Any

from ombuds.core.errors import DamagedBackup

MANIFEST = "manifest.json"
DATA_NAME_RE = re.compile(r"data/([a-z0-9_]+\.[a-z0-9_]+)\.jsonl")
SHA256_RE = re.compile(r"[0-9a-f]{64}")
ADVICE = "Use another backup, or one written by `ombuds backup` and not edited since."


def check_manifest_shape(manifest: dict[str, Any], path: Path) -> None:
    """The manifest's members and migrations have the shape ``create_backup`` writes."""
    members = manifest.get("members")
    if not isinstance(members, dict):
        raise DamagedBackup(f"{path}: the manifest lists no members. {ADVICE}")
    for name, info in members.items():
        if not isinstance(info, dict) or not SHA256_RE.fullmatch(str(info.get("sha256", ""))):
            raise DamagedBackup(
                f"{path}: the manifest gives member {name!r} no SHA-256 checksum. {ADVICE}"
            )
        rows = info.get("rows")
        if name.startswith("data/") and (not isinstance(rows, int) or rows < 0):
            raise DamagedBackup(
                f"{path}: the manifest gives table member {name!r} no row count. {ADVICE}"
            )
    migrations = manifest.get("migrations")
    if not isinstance(migrations, list) or not all(
        isinstance(m, list) and len(m) == 2 and all(isinstance(part, str) for part in m)
        for m in migrations
    ):
        raise DamagedBackup(f"{path}: the manifest's list of migrations is unreadable. {ADVICE}")


def check_member_names(archive: zipfile.ZipFile, manifest: dict[str, Any], path: Path) -> None:
    """The zip holds exactly the manifest's members, once each, each under its folder."""
    names = Counter(archive.namelist())
    doubled = sorted(name for name, count in names.items() if count > 1)
    if doubled:
        raise DamagedBackup(f"{path}: the zip holds {doubled[0]!r} more than once. {ADVICE}")
    listed = set(manifest["members"])
    extra = sorted(set(names) - listed - {MANIFEST})
    if extra:
        raise DamagedBackup(
            f"{path}: the zip holds {len(extra)} member(s) the manifest does not list "
            f"({', '.join(repr(n) for n in extra[:3])}). {ADVICE}"
        )
    missing = sorted(listed - set(names))
    if missing:
        raise DamagedBackup(
            f"{path}: the manifest lists {len(missing)} member(s) the zip does not hold "
            f"({', '.join(repr(n) for n in missing[:3])}). {ADVICE}"
        )
    for name in listed:
        if DATA_NAME_RE.fullmatch(name):
            continue
        if not name.startswith("files/") or _unsafe_file_name(name.removeprefix("files/")):
            raise DamagedBackup(
                f"{path}: member {name!r} is neither a table (data/<app.model>.jsonl) nor a "
                f"file inside the media folder (files/...); it is refused. {ADVICE}"
            )


def _unsafe_file_name(relative: str) -> bool:
    parts = relative.split("/")
    return (
        not relative
        or "\\" in relative
        or "\x00" in relative
        or relative.startswith("/")
        or PurePosixPath(relative).is_absolute()
        or (len(parts[0]) == 2 and parts[0][1] == ":")  # a Windows drive, "C:"
        or any(part in ("", ".", "..") for part in parts)
    )


def staged_path(staging: Path, name: str) -> Path:
    """Where member ``files/...`` is written under ``staging``; refused if outside it."""
    relative = name.removeprefix("files/")
    target = (staging / relative).resolve()
    if _unsafe_file_name(relative) or not target.is_relative_to(staging.resolve()):
        raise DamagedBackup(f"member {name!r} would be written outside the media folder. {ADVICE}")
    return target


def check_tables(manifest: dict[str, Any], labels: list[str], path: Path) -> None:
    """One data member for every table of this code (``labels``), none for any other."""
    held = {match[1] for name in manifest["members"] if (match := DATA_NAME_RE.fullmatch(name))}
    missing = sorted(set(labels) - held)
    if missing:
        raise DamagedBackup(
            f"{path}: the backup has no rows member for {len(missing)} table(s) "
            f"({', '.join(missing[:5])}); restoring it would empty them. {ADVICE}"
        )
    extra = sorted(held - set(labels))
    if extra:
        raise DamagedBackup(
            f"{path}: the backup holds table(s) this version of ombuds does not have "
            f"({', '.join(extra[:5])}). {ADVICE}"
        )


def check_rows(archive: zipfile.ZipFile, manifest: dict[str, Any], path: Path) -> None:
    """Each data member has the manifest's row count, and none holds a NUL character."""
    for name, info in manifest["members"].items():
        if not DATA_NAME_RE.fullmatch(name):
            continue
        rows = 0
        with archive.open(name) as member:
            for number, line in enumerate(member, start=1):
                rows += 1
                if b"\x00" in line:
                    raise DamagedBackup(
                        f"{path}: {name} line {number} holds a raw NUL byte; it is not a "
                        f"table written by ombuds. {ADVICE}"
                    )
                if b"\\u0000" in line and _holds_nul(line):
                    raise DamagedBackup(
                        f"{path}: {name} line {number} holds text with a NUL character "
                        f"(\\u0000), which cannot be stored. {ADVICE}"
                    )
        if rows != info["rows"]:
            raise DamagedBackup(
                f"{path}: {name} holds {rows} rows where the manifest says {info['rows']}. {ADVICE}"
            )


def _holds_nul(line: bytes) -> bool:
    try:
        value = json.loads(line)
    except ValueError:
        return False  # an unreadable row fails when it is restored, in the transaction
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False

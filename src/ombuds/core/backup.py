"""Backups of the whole database and the stored files, and restoring them.

A backup is one zip file:

- ``manifest.json``: format version, when it was taken, the applied migrations, the row count
  and SHA-256 of every member;
- ``data/<app_label.model>.jsonl``: the rows of each model, one serialized object a line;
- ``files/...``: every stored file (sources are content-addressed, so they never change once
  written and can be copied while the server runs).

The rows are read inside one transaction. On PostgreSQL it is REPEATABLE READ, on SQLite (WAL)
a DEFERRED read transaction that takes no lock: either way every table is read as of one
moment, while writers go on (``_read_snapshot``).

Restoring checks the manifest and every checksum first, then that the audit rows form an
unbroken hash chain ending at the head the manifest carries (core/chain.py), then refuses a
backup whose migrations differ from the code's or that fails any check of ``backup_checks``
(member paths, tables, row counts, NUL characters), and only then replaces the data in one
transaction: any failure leaves
the current database as it was. Serialization is Django's own (``jsonl``), so the same backup
restores on SQLite or PostgreSQL.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from ombuds.core import chain
from ombuds.core.backup_checks import (
    check_manifest_shape,
    check_member_names,
    check_rows,
    check_tables,
    staged_path,
)
from ombuds.core.errors import DamagedBackup, IncompatibleBackup
from ombuds.core.models import AuditEvent

FORMAT = "ombuds-backup"
FORMAT_VERSION = 1
BATCH = 2000

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    rows: int
    files: int
    chain_head: str = ""


# Not backed up: sessions (a restore logs everyone out) and the row counts database triggers
# keep from other tables' rows (core/counting.py), which the restore's own deletes and inserts
# set again (loading them as well would count every row twice).
LEFT_OUT = {"sessions.session", "core.rowcount"}


def _models() -> list[type[models.Model]]:
    """Every table Django manages, but those LEFT_OUT."""
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in LEFT_OUT
    ]


def _applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _code_migrations() -> list[list[str]]:
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return sorted([app, name] for app, name in loader.disk_migrations)


def _serialize_rows(model: type[models.Model]) -> Iterator[str]:
    # Batches by key (pk > the last one), not by OFFSET: an offset rereads every row before
    # it, so a table of n rows took about n²/(2·BATCH) row reads (250 million at a million).
    queryset = model._default_manager.order_by("pk")
    batch = list(queryset[:BATCH])
    while batch:
        yield serializers.serialize("jsonl", batch, use_natural_foreign_keys=False)
        if len(batch) < BATCH:
            return
        batch = list(queryset.filter(pk__gt=batch[-1].pk)[:BATCH])


@contextmanager
def _read_snapshot() -> Iterator[None]:
    """A read-only transaction: every table as of one moment, and writers never wait for it.

    On SQLite, Django's ``atomic()`` begins IMMEDIATE (settings.py), which takes the write lock
    for the whole backup; a DEFERRED transaction whose first read fixes the snapshot takes no
    lock in WAL mode, so form submissions go on while a backup of any size runs.
    """
    if connection.vendor != "sqlite":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
        try:
            cursor.execute("SELECT count(*) FROM django_migrations")  # the snapshot starts here
            yield
        finally:
            cursor.execute("ROLLBACK")  # it only read


def create_backup(path: Path, *, progress: Progress | None = None) -> BackupSummary:
    """Write a consistent backup of every table and stored file to ``path`` (a zip file)."""
    say = progress or (lambda _msg: None)
    path = Path(path)
    tmp = path.with_name(path.name + ".partial")
    members: dict[str, dict[str, Any]] = {}
    total_rows = 0
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with _read_snapshot():
            migrations = _applied_migrations()
            chain_head = chain.head()
            audit_chain = {"head": chain_head, "rows": AuditEvent.objects.count()}
            for model in _models():
                name = f"data/{model._meta.label_lower}.jsonl"
                digest = hashlib.sha256()
                rows = 0
                with archive.open(name, "w") as member:
                    for text in _serialize_rows(model):
                        data = text.encode()
                        digest.update(data)
                        member.write(data)
                        rows += text.count("\n")
                members[name] = {"sha256": digest.hexdigest(), "rows": rows}
                total_rows += rows
                if rows:
                    say(f"{model._meta.label_lower}: {rows} rows")
        files = 0
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            for file in sorted(p for p in media.rglob("*") if p.is_file()):
                name = "files/" + file.relative_to(media).as_posix()
                data = file.read_bytes()
                archive.writestr(name, data)
                members[name] = {"sha256": hashlib.sha256(data).hexdigest()}
                files += 1
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "taken_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "migrations": migrations,
            "audit_chain": audit_chain,
            "members": members,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=1))
    tmp.replace(path)
    say(f"backup written: {total_rows} rows, {files} files")
    return BackupSummary(path=path, rows=total_rows, files=files, chain_head=chain_head)


def _read_manifest(archive: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except KeyError:
        raise DamagedBackup(f"{path} has no manifest.json: it is not an ombuds backup.") from None
    except (ValueError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise DamagedBackup(f"{path} has an unreadable manifest ({exc}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DamagedBackup(f"{path} is not an ombuds backup (its manifest names no such format).")
    if manifest.get("version") != FORMAT_VERSION:
        raise IncompatibleBackup(
            f"{path} is backup format {manifest.get('version')}; this version of ombuds reads "
            f"format {FORMAT_VERSION}. Restore it with the ombuds version that made it."
        )
    return manifest


def verify_backup(path: Path) -> dict[str, Any]:
    """Check that ``path`` is a whole, undamaged backup this code can restore; its manifest."""
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise DamagedBackup(f"{path} cannot be opened as a backup ({exc}).") from None
    with archive:
        manifest = _read_manifest(archive, path)
        check_manifest_shape(manifest, path)
        check_member_names(archive, manifest, path)
        _check_checksums(archive, manifest, path)
        _check_migrations(manifest, path)
        check_tables(manifest, [m._meta.label_lower for m in _models()], path)
        check_rows(archive, manifest, path)
    return manifest


def _check_checksums(archive: zipfile.ZipFile, manifest: dict[str, Any], path: Path) -> None:
    for name, info in manifest["members"].items():
        try:
            digest = hashlib.sha256()
            with archive.open(name) as member:
                for block in iter(lambda: member.read(1 << 20), b""):
                    digest.update(block)
        except (KeyError, zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            # a damaged deflate stream is zlib's error, not the zip module's
            raise DamagedBackup(f"{path}: member {name} is missing or damaged ({exc}).") from None
        if digest.hexdigest() != info["sha256"]:
            raise DamagedBackup(
                f"{path}: member {name} does not match its checksum; "
                "the file is damaged. Use another backup."
            )


def _check_migrations(manifest: dict[str, Any], path: Path) -> None:
    theirs = manifest["migrations"]
    ours = _code_migrations()
    if sorted(map(list, theirs)) != ours:
        newer = sorted({tuple(m) for m in theirs} - {tuple(m) for m in ours})
        older = sorted({tuple(m) for m in ours} - {tuple(m) for m in theirs})
        detail = (
            f"it has migrations this code does not know ({newer[:3]})"
            if newer
            else f"it lacks migrations this code has ({older[:3]})"
        )
        raise IncompatibleBackup(
            f"{path} was made by a different version of ombuds: {detail}. Restore it with the "
            "version that made it, then upgrade."
        )


def restore_backup(path: Path, *, progress: Progress | None = None) -> int:
    """Replace every table and stored file by the backup's; the number of rows restored.

    Verifies the whole backup before touching anything; a failure while loading rolls the
    database back, and the stored files are swapped in only after the database commit.
    """
    say = progress or (lambda _msg: None)
    path = Path(path)
    manifest = verify_backup(path)
    chain.refuse_broken_backup_chain(path, manifest)
    model_list = _models()
    rows = 0
    media = Path(settings.MEDIA_ROOT)
    staging = Path(
        tempfile.mkdtemp(
            prefix="ombuds-restore-", dir=media.parent if media.parent.exists() else None
        )
    )
    try:
        with zipfile.ZipFile(path) as archive:
            for name in manifest["members"]:
                if name.startswith("files/"):
                    target = staged_path(staging, name)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(archive.read(name))
            with transaction.atomic(using=DEFAULT_DB_ALIAS):
                for model in reversed(model_list):
                    model._default_manager.all()._raw_delete(DEFAULT_DB_ALIAS)
                for model in model_list:
                    rows += _load_table(archive, model, path)
                    say(f"{model._meta.label_lower} restored")
                _reset_sequences(model_list)
        if media.exists():
            shutil.rmtree(media)
        media.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging), str(media))
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    say(f"restored {rows} rows")
    return rows


def _load_table(archive: zipfile.ZipFile, model: type[models.Model], path: Path) -> int:
    """Insert the rows of ``model``'s member; a row that cannot be stored refuses the backup
    (the caller's transaction then leaves the database as it was)."""
    label = model._meta.label_lower
    rows = 0
    batch: list[models.Model] = []
    try:
        with archive.open(f"data/{label}.jsonl") as member:
            stream = io.TextIOWrapper(member, encoding="utf-8")
            for obj in serializers.deserialize("jsonl", stream, ignorenonexistent=True):
                if type(obj.object) is not model:
                    raise DamagedBackup(
                        f"{path}: the rows of {label} hold a row of "
                        f"{obj.object._meta.label_lower}; the backup was edited. Use another one."
                    )
                batch.append(obj.object)
                if len(batch) >= BATCH:
                    model._default_manager.bulk_create(batch)
                    rows += len(batch)
                    batch = []
            if batch:
                model._default_manager.bulk_create(batch)
                rows += len(batch)
    except (DeserializationError, DatabaseError, ValueError, TypeError, LookupError) as exc:
        raise DamagedBackup(
            f"{path}: a row of {label} cannot be restored ({type(exc).__name__}: "
            f"{str(exc)[:300]}). Use another backup."
        ) from exc
    return rows


def _reset_sequences(model_list: list[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

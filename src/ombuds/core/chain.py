"""The audit log as a hash chain: each row holds the hash of the row before and of its own
content with it, so a row changed, removed or slipped in breaks the chain where it happened.

``hash = sha256(canonical JSON of the row's content and prev_hash)``; the first row's
``prev_hash`` is empty. Rows are chained in id order. Appends are serialized: SQLite runs
every write transaction IMMEDIATE (settings), PostgreSQL takes a transaction-level advisory
lock, so two writers never chain onto the same head. Under that lock a writer takes its rows'
ids (:func:`next_ids`) and the head, hashes its rows in Python and inserts them at once.

The chain proves nothing against someone who rewrites it whole from the first changed row
on; what they cannot do is match a head recorded elsewhere: every backup carries the head,
and ``ombuds verify --head HASH`` checks that a head written down earlier is still in the
chain. Hand-written because no library chains rows of a Django table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils.dateparse import parse_datetime

# An arbitrary constant naming the lock of the audit chain on PostgreSQL.
CHAIN_LOCK = 0x0B_0D5_A0D17


def canonical(row: dict[str, Any]) -> bytes:
    """The bytes hashed for one row: its content fields, sorted, as compact JSON."""
    return json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_of(event: Any) -> dict[str, Any]:
    """The hashed content of an AuditEvent (or of a dict with the same fields)."""
    get = event.get if isinstance(event, dict) else lambda name: getattr(event, name)
    return {
        "id": get("id"),
        "at": moment(get("at")),  # type: ignore[arg-type]
        "actor": get("actor_id") if not isinstance(event, dict) else get("actor"),
        "actor_name": get("actor_name"),
        "action": get("action"),
        "model": get("model"),
        "object_id": get("object_id"),
        "object_repr": get("object_repr"),
        "changes": get("changes"),
        "reason": get("reason"),
        "prev_hash": get("prev_hash"),
    }


def moment(value: dt.datetime | str) -> str:
    """A row's time as hashed: UTC to the millisecond, which every database and Django's
    serializer (backups) keep alike."""
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is None:
            raise ValueError(f"{value!r} is not a time")
        value = parsed
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def row_hash(event: Any) -> str:
    return hashlib.sha256(canonical(content_of(event))).hexdigest()


def lock_chain() -> None:
    """Hold the chain's lock until the current transaction ends (PostgreSQL; SQLite's
    IMMEDIATE transactions serialize writers already)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


def next_ids(count: int) -> list[int]:
    """``count`` ids for new rows of the log, ascending and above every id given so far.

    Called under the chain's lock (:func:`lock_chain`), so a batch of rows can be hashed, ids
    included, before its one INSERT. PostgreSQL takes them from the column's sequence (which
    every insert uses, so no later row can be given one of them); SQLite's AUTOINCREMENT
    never gives an id again either, and an INSERT with ids past its counter moves the counter.
    """
    from ombuds.core.models import AuditEvent

    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        if connection.vendor == "sqlite":
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
                f"coalesce((SELECT max(id) FROM {quoted}), 0))",
                [table],
            )
            last = int(cursor.fetchone()[0])
            return list(range(last + 1, last + 1 + count))
    raise ImproperlyConfigured(
        f"ombuds keeps its audit log on SQLite or PostgreSQL, not on {connection.vendor}: set "
        "DATABASE_URL to a sqlite:/// or postgres:// address."
    )


def head() -> str:
    """The hash of the last row of the chain ("" for an empty log)."""
    from ombuds.core.models import AuditEvent

    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    return last or ""


@dataclass(frozen=True)
class Break:
    """One place the chain does not hold, said for a person."""

    row_id: int
    message: str


def check(rows: Iterable[Any]) -> Iterator[Break]:
    """The breaks of a chain given its rows in id order (AuditEvents or serialized dicts)."""
    previous_hash = ""
    previous_id: int | None = None
    for row in rows:
        row_id = row["id"] if isinstance(row, dict) else row.id
        prev = row["prev_hash"] if isinstance(row, dict) else row.prev_hash
        stored = row["hash"] if isinstance(row, dict) else row.hash
        if prev != previous_hash:
            where = f"after row {previous_id}" if previous_id is not None else "at the start"
            yield Break(
                row_id,
                f"audit row {row_id}: the row before it is missing or was changed ({where}); "
                f"rows were removed or inserted between {previous_id or 'the start'} and "
                f"{row_id}",
            )
        if row_hash(row) != stored:
            yield Break(row_id, f"audit row {row_id}: its content was changed after it was written")
        previous_hash, previous_id = stored, row_id


def chain_of_serialized(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """AuditEvent rows as dicts from a backup's ``jsonl`` member (Django's serializer)."""
    for line in lines:
        if line.strip():
            obj = json.loads(line)
            yield {"id": obj["pk"], **obj["fields"]}


def refuse_broken_backup_chain(path: Any, manifest: dict[str, Any]) -> None:
    """Raise DamagedBackup unless the backup's audit rows form an unbroken chain ending at the
    head its manifest carries (a backup from before the chain carries none and passes)."""
    import io
    import zipfile

    from ombuds.core.errors import DamagedBackup

    recorded = manifest.get("audit_chain")
    if recorded is None:
        return
    with zipfile.ZipFile(path) as archive:
        try:
            member = archive.open("data/core.auditevent.jsonl")
        except KeyError:
            raise DamagedBackup(
                f"{path} has no audit log although its manifest names one."
            ) from None
        with member:
            rows = sorted(chain_of_serialized(io.TextIOWrapper(member, encoding="utf-8")),
                          key=lambda row: row["id"])  # fmt: skip
    breaks = list(check(rows))
    if breaks:
        raise DamagedBackup(
            f"{path}: its audit log does not verify ({breaks[0].message}"
            + (f", and {len(breaks) - 1} more" if len(breaks) > 1 else "")
            + "). Use another backup."
        )
    found = rows[-1]["hash"] if rows else ""
    if found != recorded.get("head", ""):
        raise DamagedBackup(
            f"{path}: its audit log ends at {found or '(nothing)'}, not at the chain head its "
            f"manifest carries ({recorded.get('head')}): rows were removed. Use another backup."
        )

"""Keyset pagination: pages of a newest-first list that stay fast however long the list is.

A page is read with ``WHERE (created_at, id) < (cursor) ORDER BY created_at DESC, id DESC
LIMIT n+1`` through an index on those two columns, so page 10,000 costs what page 1 costs,
unlike OFFSET. The cursor is opaque text in the URL: the last row's time and id.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class KeysetPage(Generic[M]):
    rows: list[M]
    next_cursor: str  # "" on the last page
    first: bool  # whether this is the first page


def encode_cursor(created_at: dt.datetime, pk: uuid.UUID) -> str:
    raw = f"{created_at.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, uuid.UUID] | None:
    """The (created_at, id) a cursor names; None for an empty or damaged cursor."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, pk = raw.split("|")
        moment = dt.datetime.fromisoformat(when)
        if moment.tzinfo is None:
            return None
        return moment, uuid.UUID(pk)
    except (ValueError, UnicodeDecodeError):
        return None


def keyset_page(queryset: QuerySet[M], *, cursor: str = "", size: int = 50) -> KeysetPage[M]:
    """One page of ``queryset`` newest first, starting after ``cursor`` (a damaged one: page 1)."""
    size = max(1, min(size, 500))
    ordered = queryset.order_by("-created_at", "-id")
    after = decode_cursor(cursor)
    if after is not None:
        moment, pk = after
        # "(created_at, id) < (moment, pk)" written as a range on created_at, which databases
        # seek in the index, minus the rows of that same moment at or after pk.
        ordered = ordered.filter(created_at__lte=moment).exclude(created_at=moment, id__gte=pk)
    rows = list(ordered[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if rows else None
    next_cursor = encode_cursor(last.created_at, last.pk) if more and last is not None else ""  # type: ignore[attr-defined]
    return KeysetPage(rows=rows, next_cursor=next_cursor, first=after is None)

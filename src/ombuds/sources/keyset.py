"""Keyset pagination: pages of a list that stay fast however long the list is.

A page of the newest-first list is read with ``WHERE (created_at, id) < (cursor) ORDER BY
created_at DESC, id DESC LIMIT n+1`` through an index on those two columns, so page 10,000
costs what page 1 costs, unlike OFFSET. Another order key works the same way (``order``:
a field name, ``-`` for descending; the id breaks ties in the same direction), e.g. claims of
one source in document order by ``ordinal``. The cursor is opaque text in the URL: the last
row's key and id.

A filter on a column that takes several values (``levels IN (1, 2, 3)``) breaks the index
order: the database would read every matching row and sort them. ``parts`` reads instead
each value's rows as a range of its own, a page from each, and merges them in Python: a few
small queries whose cost does not grow with the table. A part may also be a function that
reads its own page from the ordered query set (``PartReader``), for a condition no single
index range serves in the list's order (claims' period overlap, ``claims.queries``).
"""

from __future__ import annotations

import base64
import datetime as dt
import heapq
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeAlias, TypeVar

from django.db import models
from django.db.models import Model, Q, QuerySet

M = TypeVar("M", bound=Model)

NEWEST_FIRST = "-created_at"

# Reads up to ``limit`` rows of one part from the query set given (in the page's order, after
# the cursor), in that order.
PartReader: TypeAlias = Callable[[QuerySet[Any], int], list[Any]]


@dataclass(frozen=True)
class KeysetPage(Generic[M]):
    rows: list[M]
    next_cursor: str  # "" on the last page
    first: bool  # whether this is the first page


def encode_key_cursor(value: object, pk: object) -> str:
    """The cursor of a list in any ``order`` that starts after the row with this key and id."""
    text = value.isoformat() if isinstance(value, dt.datetime) else str(value)
    raw = f"{text}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, field: models.Field[Any, Any]) -> tuple[object, uuid.UUID] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        text, pk = raw.split("|")
        value: object
        if isinstance(field, models.DateTimeField):
            value = dt.datetime.fromisoformat(text)
            if value.tzinfo is None:
                return None
        elif isinstance(field, models.IntegerField):
            value = int(text)
        else:
            value = text
        return value, uuid.UUID(pk)
    except (ValueError, UnicodeDecodeError):
        return None


def encode_cursor(created_at: dt.datetime, pk: uuid.UUID) -> str:
    """The cursor of the newest-first list that starts after the row (created_at, pk)."""
    return encode_key_cursor(created_at, pk)


def decode_cursor(cursor: str) -> tuple[dt.datetime, uuid.UUID] | None:
    """The (created_at, id) a newest-first cursor names; None for an empty or damaged cursor."""
    decoded = _decode(cursor, models.DateTimeField())
    return None if decoded is None else (decoded[0], decoded[1])  # type: ignore[return-value]


def keyset_page(
    queryset: QuerySet[M],
    *,
    cursor: str = "",
    size: int = 50,
    order: str = NEWEST_FIRST,
    parts: Sequence[Q | PartReader] = (),
) -> KeysetPage[M]:
    """One page of ``queryset`` in ``order`` (default newest first), after ``cursor``.

    A damaged cursor gives page 1. ``order`` is a field name, with ``-`` for descending.
    ``parts``: conditions whose union is wanted (disjoint, each served by an index); a page
    of each is read and the pages merged, one query per part (a ``PartReader`` reads its own).
    """
    size = max(1, min(size, 500))
    descending = order.startswith("-")
    name = order.lstrip("-")
    ordered = queryset.order_by(order, "-id" if descending else "id")
    after = _decode(cursor, queryset.model._meta.get_field(name))  # type: ignore[arg-type]
    if after is not None:
        value, pk = after
        # "(key, id) < (value, pk)" written as a range on the key, which databases seek in
        # the index, minus the rows of that same key at or after pk (mirrored when ascending).
        if descending:
            ordered = ordered.filter(**{f"{name}__lte": value}).exclude(
                **{name: value, "id__gte": pk}
            )
        else:
            ordered = ordered.filter(**{f"{name}__gte": value}).exclude(
                **{name: value, "id__lte": pk}
            )
    if parts:
        pages = [
            list(ordered.filter(part)[: size + 1])
            if isinstance(part, Q)
            else part(ordered, size + 1)
            for part in parts
        ]

        def sort_key(row: M) -> tuple[Any, Any]:
            return (getattr(row, name), row.pk)

        rows = list(heapq.merge(*pages, key=sort_key, reverse=descending))[: size + 1]
    else:
        rows = list(ordered[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if rows else None
    next_cursor = (
        encode_key_cursor(getattr(last, name), last.pk) if more and last is not None else ""
    )
    return KeysetPage(rows=rows, next_cursor=next_cursor, first=after is None)

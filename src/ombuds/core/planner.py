"""Reads that must come in the order of an index, whatever PostgreSQL's statistics say.

A page read newest first under a ``LIMIT`` stops after the page where an index gives that
order. PostgreSQL chooses between that and reading every match some other way and sorting them
by the rows it expects: with statistics stale (never analysed after a bulk import) it expects a
handful where there are thousands, and sorts them all (a figure's family read through the plain
``(measure, subject)`` index and sorted; a common period's matches gathered in a bitmap and
sorted). :func:`in_index_order` plans the reads inside it with sorting off, so that the planner
takes the index that gives the order wherever one does. SQLite plans without statistics of
this kind and is left alone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connection, transaction

# The planner's settings turned off, each with its own statement, so a captured query says it.
SORTING = ("enable_sort", "enable_incremental_sort")
SORTING_OFF = "SET LOCAL enable_sort = off; SET LOCAL enable_incremental_sort = off"


@contextlib.contextmanager
def in_index_order() -> Iterator[None]:
    """On PostgreSQL, the queries inside are planned with sorting off.

    Sorting is not forbidden: a query no index gives the order of is still sorted (the planner
    only counts a sort as very expensive), so the queries inside must be those that an index
    serves in their order, whose cost the block's caller knows better than the statistics: a
    page stopping at its ``LIMIT``. The settings are the transaction's (``SET LOCAL``, a
    transaction opened for the block if none is open) and are set back when the block ends, so
    the queries after it in the same transaction plan as before; a block that fails is rolled
    back to its savepoint, which sets them back too."""
    if connection.vendor != "postgresql":
        yield
        return
    outer = connection.in_atomic_block
    with transaction.atomic():
        before: tuple[str, ...] = ()
        with connection.cursor() as cursor:
            if outer:
                cursor.execute(
                    "SELECT " + ", ".join(f"current_setting('{name}')" for name in SORTING)
                )
                before = tuple(cursor.fetchone())
            cursor.execute(SORTING_OFF)
        yield
        if outer:  # else the transaction's end takes the settings away
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT " + ", ".join(f"set_config('{name}', %s, true)" for name in SORTING),
                    list(before),
                )

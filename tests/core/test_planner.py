"""``core.planner.in_index_order``: sorting off for the queries inside it on PostgreSQL, and as
it was after it, in a transaction of its own or inside the caller's, after an error too."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from ombuds.core.planner import in_index_order

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's planner settings"
)


def sorting() -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_sort'), current_setting('enable_incremental_sort')"
        )
        return tuple(cursor.fetchone())


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_block_is_one_and_sorting_is_off_in_it_only():
    assert sorting() == ("on", "on")
    with in_index_order():
        assert connection.in_atomic_block
        assert sorting() == ("off", "off")
    assert not connection.in_atomic_block
    assert sorting() == ("on", "on")


@pytest.mark.django_db
def test_inside_a_transaction_the_settings_are_set_back_after_the_block_and_after_an_error():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_incremental_sort = off")
    with in_index_order():
        assert sorting() == ("off", "off")
    assert sorting() == ("on", "off")  # as they were, not the defaults

    def fails_inside() -> None:
        with in_index_order(), connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")

    with pytest.raises(DatabaseError):
        fails_inside()
    # The block's savepoint rolled back, and its settings with it: the transaction goes on.
    with transaction.atomic():
        assert sorting() == ("on", "off")

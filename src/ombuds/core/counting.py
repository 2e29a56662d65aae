"""Row counts kept by the database: how many rows each counted table holds per value of the
columns it is counted by, in ``RowCount``, so no page counts a table of a million rows.

A model is counted when it names those columns in ``counted_by`` (at most two; an empty tuple
counts the table whole): registry records per confidentiality and consent scope, sources per
confidentiality, appeals per status, hazard areas per classification and status, every other
place record whole. A migration starts counting a table with ``start_counting`` (triggers, then
the rows already there, in the migration's transaction, so none is missed or counted twice).

The triggers run in the writing statement's own transaction, whatever writes the rows
(actions, imports, cascades, bulk loads, a restore); a rolled-back write takes its counts back
with it. SQLite has row triggers only; they update the count row in place, and on an UPDATE
only when a counted column changed. PostgreSQL gets statement triggers over the transition
tables instead (a row trigger would write a new version of the same count row for every row of
a bulk load); an UPDATE there changes a count row only where the counted columns' values moved,
so the many writes that leave them alone (a source's claim count) take no lock on it.
A delete only lowers an existing count (an UPDATE, never a new row), so emptying the tables in
any order (Django's flush) leaves no negative count behind. Concurrent writers that move the
same cell wait for each other on its count row until commit.

Written by hand: no library keeps per-group counts by triggers on both databases.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Count

from ombuds.core.models import RowCount

KEY = "db_table, key1, key2"
UPSERT = (
    f"INSERT INTO core_rowcount ({KEY}, total) {{rows}} ON CONFLICT ({KEY}) "
    "DO UPDATE SET total = core_rowcount.total + excluded.total"
)


def _keys(columns: tuple[str, ...], row: str = "") -> tuple[str, str]:
    """The SQL of key1 and key2 for a row (``NEW.`` or ``OLD.`` on SQLite, bare on PostgreSQL)."""
    padded = [*columns, "", ""][:2]
    return tuple(f"{row}{c}" if c else "''" for c in padded)  # type: ignore[return-value]


def _sqlite(table: str, columns: tuple[str, ...]) -> list[str]:
    def add(row: str) -> str:
        k1, k2 = _keys(columns, f"{row}.")
        return UPSERT.format(rows=f"VALUES ('{table}', {k1}, {k2}, 1)")

    def take(row: str) -> str:
        k1, k2 = _keys(columns, f"{row}.")
        return (
            f"UPDATE core_rowcount SET total = total - 1 WHERE db_table = '{table}'"
            f" AND key1 = {k1} AND key2 = {k2}"
        )

    sql = [
        f"CREATE TRIGGER {table}_rowcount_insert AFTER INSERT ON {table} BEGIN {add('NEW')}; END",
        f"CREATE TRIGGER {table}_rowcount_delete AFTER DELETE ON {table} BEGIN {take('OLD')}; END",
    ]
    if columns:
        moved = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        sql.append(
            f"CREATE TRIGGER {table}_rowcount_update AFTER UPDATE OF {', '.join(columns)}"
            f" ON {table} WHEN {moved} BEGIN {take('OLD')}; {add('NEW')}; END"
        )
    return sql


def _postgresql(table: str, columns: tuple[str, ...]) -> list[str]:
    k1, k2 = _keys(columns)
    cells = f"SELECT {k1} AS key1, {k2} AS key2, count(*) AS n FROM {{rows}} GROUP BY 1, 2"
    lower = (
        "UPDATE core_rowcount AS c SET total = c.total - gone.n FROM ({cells}) AS gone"
        f" WHERE c.db_table = '{table}' AND c.key1 = gone.key1 AND c.key2 = gone.key2"
    )
    # An update's net change per cell: what the new rows add less what the old rows held.
    net = (
        "SELECT key1, key2, sum(n) AS n FROM ("
        f"{cells.format(rows='new_rows')} UNION ALL "
        f"SELECT {k1}, {k2}, -count(*) FROM old_rows GROUP BY 1, 2) AS d"
        " GROUP BY 1, 2 HAVING sum(n) <> 0"
    )
    insert = UPSERT.format(rows=f"SELECT '{table}', key1, key2, n FROM ({cells}) AS c")
    grown = UPSERT.format(rows=f"SELECT '{table}', key1, key2, n FROM ({net}) AS p WHERE n > 0")
    shrunk = lower.format(cells=f"SELECT key1, key2, -n AS n FROM ({net}) AS m WHERE n < 0")
    function = f"""
CREATE FUNCTION {table}_count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM core_rowcount WHERE db_table = '{table}';
    ELSIF TG_OP = 'INSERT' THEN
        {insert.format(rows="new_rows")};
    ELSIF TG_OP = 'DELETE' THEN
        {lower.format(cells=cells.format(rows="old_rows"))};
    ELSE
        {shrunk};
        {grown};
    END IF;
    RETURN NULL;
END
$$
"""
    each = f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_count_rows()"
    sql = [
        function,
        f"CREATE TRIGGER {table}_rowcount_insert AFTER INSERT ON {table}"
        f" REFERENCING NEW TABLE AS new_rows {each}",
        f"CREATE TRIGGER {table}_rowcount_delete AFTER DELETE ON {table}"
        f" REFERENCING OLD TABLE AS old_rows {each}",
        f"CREATE TRIGGER {table}_rowcount_truncate AFTER TRUNCATE ON {table} {each}",
    ]
    if columns:
        # (PostgreSQL allows no column list on a trigger with transition tables.)
        sql.append(
            f"CREATE TRIGGER {table}_rowcount_update AFTER UPDATE ON {table}"
            f" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows {each}"
        )
    return sql


def start_counting(schema_editor: Any, table: str, columns: tuple[str, ...]) -> None:
    """Create the triggers that count ``table``'s rows by ``columns`` and count the rows
    already there (for a migration: its transaction makes the two one step)."""
    vendor = schema_editor.connection.vendor
    for sql in _postgresql(table, columns) if vendor == "postgresql" else _sqlite(table, columns):
        schema_editor.execute(sql)
    k1, k2 = _keys(columns)
    schema_editor.execute(
        f"INSERT INTO core_rowcount ({KEY}, total) SELECT '{table}', {k1}, {k2}, count(*)"
        f" FROM {table} GROUP BY 2, 3"
    )


def stop_counting(schema_editor: Any, table: str) -> None:
    """Drop ``table``'s counting triggers and its counts (the reverse of ``start_counting``)."""
    vendor = schema_editor.connection.vendor
    for event in ("insert", "delete", "update", "truncate"):
        on = f" ON {table}" if vendor == "postgresql" else ""
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_rowcount_{event}{on}")
    if vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_count_rows()")
    schema_editor.execute("DELETE FROM core_rowcount WHERE db_table = %s", [table])


def counted_models() -> list[type[models.Model]]:
    """Every model whose table is counted (``counted_by`` is not None)."""
    return [m for m in apps.get_models() if getattr(m, "counted_by", None) is not None]


def count_cells(
    *counted: type[models.Model], every: bool = False
) -> dict[type[models.Model], dict[tuple[str, ...], int]]:
    """For each of ``counted``, how many rows hold each value of its ``counted_by`` columns
    (a tuple as long as ``counted_by``), read in one query; cells of no rows left out unless
    ``every``."""
    tables = {m._meta.db_table: m for m in counted}
    out: dict[type[models.Model], dict[tuple[str, ...], int]] = {m: {} for m in counted}
    rows = RowCount.objects.filter(db_table__in=tables).values_list(
        "db_table", "key1", "key2", "total"
    )
    if not every:
        rows = rows.filter(total__gt=0)
    for table, key1, key2, total in rows:
        model = tables[table]
        out[model][(key1, key2)[: len(model.counted_by)]] = total  # type: ignore[attr-defined]
    return out


def count_rows(model: type[models.Model], keep: Iterable[tuple[str, ...]] | None = None) -> int:
    """How many rows ``model``'s table holds, or only those of the cells in ``keep``."""
    cells = count_cells(model)[model]
    if keep is None:
        return sum(cells.values())
    return sum(cells.get(tuple(key), 0) for key in keep)


def count_problems() -> list[str]:
    """Each count that differs from a recount of its table (``ombuds verify``): a table
    written to with its triggers dropped or disabled. Reads every counted table whole."""
    problems = []
    for model in counted_models():
        columns: tuple[str, ...] = model.counted_by  # type: ignore[attr-defined]
        if columns:
            grouped = model._default_manager.order_by().values_list(*columns)
            found = {tuple(row[:-1]): row[-1] for row in grouped.annotate(n=Count("pk"))}
        else:
            found = {(): model._default_manager.count()}
        kept = count_cells(model, every=True)[model]
        table = model._meta.db_table
        for key in sorted(set(found) | set(kept)):
            if found.get(key, 0) != kept.get(key, 0):
                problems.append(
                    f"{table} {'/'.join(key) or '(all rows)'}: {found.get(key, 0)} rows, but "
                    f"the count kept for the pages says {kept.get(key, 0)}"
                )
    return problems

"""PostgreSQL's plan of a query a test captured, read as a tree: which index each scan reads,
and whether a sort stands anywhere in it.

A test's tables hold a few dozen rows, whose cheapest plan is to read the table whole and sort
it. Where the question is whether an index can serve a query in its order, the test turns
sequential and bitmap scans off for its own transaction only (``index_scans_only``): the
planner then reads through an index, and sorts only where no index gives the order. Reads that
the code itself plans with sorting off (``core.planner.in_index_order``) are explained so
(``plans_as_run``), and need no such help.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection

from ombuds.core.planner import SORTING_OFF, in_index_order

SORTS = {"Sort", "Incremental Sort"}
INDEX_SCANS = {"Index Scan", "Index Only Scan"}


def index_scans_only() -> None:
    """No sequential scan and no bitmap scan until the end of the test's transaction (``SET
    LOCAL``): the test's rollback ends it, and no other connection is affected."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")


def explain(sql: str) -> dict[str, Any]:
    """The top node of ``EXPLAIN (FORMAT JSON)`` of ``sql``, a query as captured by Django
    (its parameters bound in it)."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        document = cursor.fetchone()[0]
    return document[0]["Plan"]


def nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every node of ``plan``, each before the nodes under it."""
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def scans_of(plan: dict[str, Any], alias: str) -> list[dict[str, Any]]:
    """The nodes of ``plan`` that read the rows of ``alias`` (the table's name where the
    query does not rename it): a sequential, index, index-only or bitmap heap scan."""
    return [node for node in nodes(plan) if node.get("Alias") == alias]


def index_names(plan: dict[str, Any]) -> list[str]:
    """The indexes ``plan`` reads (index, index-only and bitmap index scans), in plan order."""
    return [node["Index Name"] for node in nodes(plan) if "Index Name" in node]


def has_sort(plan: dict[str, Any]) -> bool:
    return any(node["Node Type"] in SORTS for node in nodes(plan))


def outline(plan: dict[str, Any], depth: int = 0) -> str:
    """The plan in a few lines, for a failing assertion's message."""
    line = "  " * depth + plan["Node Type"]
    for key in ("Index Name", "Relation Name", "Sort Key", "Index Cond", "Filter"):
        if key in plan:
            line += f" {key}={plan[key]}"
    return "\n".join([line, *(outline(child, depth + 1) for child in plan.get("Plans", []))])


def index_in_order(plan: dict[str, Any], alias: str) -> str:
    """The index that gives ``plan`` the rows of ``alias`` in the query's order: the one index
    or index-only scan that reads them, where no sort stands anywhere in the plan; "" if the
    rows are read otherwise, or sorted."""
    scans = scans_of(plan, alias)
    if has_sort(plan) or len(scans) != 1 or scans[0]["Node Type"] not in INDEX_SCANS:
        return ""
    return str(scans[0]["Index Name"])


def plans_as_run(captured: Any, keep: Callable[[str], bool]) -> list[tuple[dict[str, Any], bool]]:
    """The plans of the queries of ``captured`` (a ``CaptureQueriesContext``) that ``keep``
    picks, each planned as it was run: with sorting off where ``core.planner.in_index_order``
    ran it (inside a test's transaction that block's statements are captured, the one turning
    sorting off and the one setting it back); each with whether sorting was off."""
    plans = []
    off = False
    for query in captured:
        sql = query["sql"]
        if sql == SORTING_OFF:
            off = True
        elif sql.startswith("SELECT set_config('enable_sort'"):
            off = False
        elif keep(sql):
            with in_index_order() if off else contextlib.nullcontext():
                plans.append((explain(sql), off))
    return plans

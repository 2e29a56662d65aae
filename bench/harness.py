"""What the page benchmarks share: Django on a throw-away database, and timing a page.

Each benchmark is run as ``python bench/<name>.py``; this module sits beside them.

The folder :func:`throwaway_django` makes (``ombuds-bench-*`` in the temporary directory) is
removed when the benchmark ends, however it ends (an error, Ctrl-C, SIGTERM), and so is the
PostgreSQL database :func:`throwaway_postgres` creates: a benchmark leaves nothing behind.
"""

from __future__ import annotations

import atexit
import math
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ROLES = ("admin", "editor", "researcher", "viewer")
# The aim the pages are held to at scale: a row over either is marked in the tables.
AIM_MEDIAN_MS, AIM_P95_MS = 200.0, 500.0


def _exit_on_sigterm() -> None:
    # atexit handlers run on a normal exit and on Ctrl-C, not on SIGTERM unless it exits.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))


def throwaway_postgres(server_url: str) -> str:
    """A new empty database on the PostgreSQL server of ``server_url`` (any database on it),
    dropped when the benchmark ends; its URL."""
    import psycopg

    base, _, _ = server_url.rpartition("/")
    name = f"ombuds_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    atexit.register(drop)
    _exit_on_sigterm()
    return f"{base}/{name}"


def throwaway_django(database_url: str = "", folder: str = "", start_from: str = "") -> str:
    """Set Django up on a new database, migrated; the folder holding its files.

    With ``database_url`` (an EMPTY throw-away PostgreSQL database) that database is used,
    else a SQLite file in the folder, a copy of the SQLite file ``start_from`` if given.
    Settings come from the environment as in production. A folder made here is removed when
    the benchmark ends.
    """
    if not folder:
        folder = tempfile.mkdtemp(prefix="ombuds-bench-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _exit_on_sigterm()
    if start_from:
        shutil.copyfile(start_from, os.path.join(folder, "ombuds.sqlite3"))
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ["OMBUDS_VAR_DIR"] = folder
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombuds.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    # Django's test client speaks plain HTTP, as the server does behind the TLS proxy: without
    # this every page answers 301 to https.
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    return folder


def median_ms(client: Any, url: str, runs: int) -> float:
    """The median time in ms of ``runs`` GETs of ``url``, each of which must answer 200."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - began)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000


@dataclass(frozen=True)
class PageTimes:
    """A page's times over its runs, and the queries of one more request."""

    median_ms: float
    p95_ms: float
    queries: int
    slowest_ms: float
    slowest_sql: str


def page_times(client: Any, url: str, runs: int = 20) -> PageTimes:
    """Time ``runs`` GETs of ``url`` (each must answer 200), then count the queries of one
    more and find the slowest of them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]), default=None)
    times.sort()
    return PageTimes(
        median_ms=statistics.median(times),
        p95_ms=times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)],
        queries=len(captured.captured_queries),
        slowest_ms=float(slowest["time"]) * 1000 if slowest else 0.0,
        slowest_sql=" ".join(str(slowest["sql"]).split())[:160] if slowest else "",
    )


def role_clients(roles: tuple[str, ...] = ROLES) -> dict[str, tuple[Any, Any]]:
    """A user ``bench-<role>`` for each role, and a test client logged in as that user."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from ombuds.core.actions import do_create_user

    clients = {}
    for role in roles:
        user = get_user_model().objects.filter(username=f"bench-{role}").first()
        if user is None:  # a kept database has its users from the run that built it
            user = do_create_user(f"bench-{role}", role=role, password="x" * 12, acting_user=None)
        client = Client()
        client.force_login(user)
        clients[role] = (client, user)
    return clients


def analyse() -> None:
    """Fresh planner statistics for every table (ANALYZE)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def hold_statistics() -> None:
    """Keep the tables unanalysed until :func:`analyse`, as SQLite leaves them.

    On PostgreSQL autovacuum is turned off for every table, so that it does not analyse them
    during the load. The empty tables are not analysed first: the foreign-key checks of a load
    keep the plan their first use made, and with statistics saying a table is empty that plan
    scans the table for every row inserted, which makes the load quadratic.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'ALTER TABLE "{table}" SET (autovacuum_enabled = false)')


def page_arguments(parser: Any) -> None:
    """The options of a benchmark of pages: ``--runs``, ``--database-url``, ``--statistics``."""
    parser.add_argument("--runs", type=int, default=20, help="requests timed a page and role")
    parser.add_argument(
        "--database-url", default="", help="a PostgreSQL server (a new database is made on it)"
    )
    parser.add_argument("--statistics", choices=("stale", "fresh", "both"), default="both")


def with_statistics(which: str, time_pages: Callable[[str], None]) -> None:
    """``time_pages(label)`` with the statistics stale, then fresh after ANALYZE, as ``which``
    (stale, fresh or both) says; see :func:`hold_statistics`."""
    if which in ("stale", "both"):
        time_pages("stale (not analysed since the load)")
    if which in ("fresh", "both"):
        analyse()
        time_pages("fresh (ANALYZE)")


def times_header(width: int, runs: int, label: str, *, cpu: bool = False) -> None:
    """The head of a table of :func:`times_row` rows (with a column of CPU time per request
    when ``cpu``)."""
    from django.db import connection

    cpu_column = f" {'cpu':>6}" if cpu else ""
    print(
        f"\n{'page':{width}} {'role':10} {'median':>8} {'p95':>8}{cpu_column} {'queries':>7} "
        f"{'slowest':>8}"
        f"   (ms, {runs} runs, {connection.vendor}, statistics {label})",
        flush=True,
    )


def times_row(
    page: str, role: str, t: PageTimes, width: int, *, sql: int = 90, cpu_ms: float | None = None
) -> None:
    """One page's times for one role; ``OVER`` where the median or the p95 misses the aim."""
    over = t.median_ms > AIM_MEDIAN_MS or t.p95_ms > AIM_P95_MS
    cpu = f" {cpu_ms:6.1f}" if cpu_ms is not None else ""
    print(
        f"{page:{width}} {role:10} {t.median_ms:8.1f} {t.p95_ms:8.1f}{cpu} {t.queries:7d} "
        f"{t.slowest_ms:8.1f} {'OVER' if over else '    '} {t.slowest_sql[:sql]}",
        flush=True,
    )

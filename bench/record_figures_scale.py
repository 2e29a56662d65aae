"""Speed of the pages that show record figures, with many incidents and hazard areas.

    uv run python bench/record_figures_scale.py [--incidents 245000] [--hazards 100000]
        [--runs 20] [--database-url postgres://postgres@127.0.0.1:5432/postgres]

Builds a throw-away SQLite database in a temporary folder (or, with --database-url, a new
database on that PostgreSQL server), loads the demo sources and the demo appeal (8 figures,
four of them killed or injured), then fills it in bulk with registry incidents that have a
point, one casualty each (killed or injured), and square hazard areas of 0.002-0.01 degrees,
four in five open, scattered over a 5 x 3 degree region (so some incidents lie in an area).
Incidents and areas are not marked synthetic here, since the figures leave synthetic records
out and the benchmark wants them counted; the database is dropped at the end.

The fill bypasses the actions, so the stored pairs of incident and hazard area are rebuilt
with ``do_relink_incidents`` as on an existing database (timed; skipped on a checkout that
has no such action, to time the code before it).

Prints, for each role (editor, researcher, viewer), the median and 95th percentile of --runs
requests through Django's test client and the queries of one more: the figure page of
killed people in open hazard areas, the demo appeal's page (a draft: editor and researcher;
a viewer reads approved appeals only, so the viewer's row is an approved copy, its stored
document), the draft's page with the cache emptied before each request (what the first
reader after a change waited for when the request composed it), and the draft's first view
after a registry edit once the task worker has run (``db_worker --batch``: the run of
``warm_compositions`` the edit queued), with the worker's time beside it. Checkouts before
the worker composed the pages show that row as what the request composes.
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from harness import PageTimes, page_times, throwaway_django, throwaway_postgres  # noqa: E402  (beside this file)

ROLES = ("editor", "researcher", "viewer")
WEST, SOUTH, WIDTH, HEIGHT = 44.0, 38.5, 5.0, 3.0
BATCH = 20_000


def fill(incidents: int, hazards: int) -> None:
    import numpy as np
    from django.db import transaction

    from ombuds.places.models import HazardArea
    from ombuds.registry.inserting import insert_new
    from ombuds.registry.list_actions import office_list
    from ombuds.registry.models import Casualty, Incident

    started = time.perf_counter()
    rng = np.random.default_rng(19)
    office = office_list()
    for start in range(0, hazards, BATCH):
        n = min(BATCH, hazards - start)
        lons = (WEST + rng.random(n) * WIDTH).tolist()
        lats = (SOUTH + rng.random(n) * HEIGHT).tolist()
        sizes = (0.002 + rng.random(n) * 0.008).tolist()
        opens = (rng.random(n) < 0.8).tolist()
        rows = []
        for i in range(n):
            w, s, size = round(lons[i], 6), round(lats[i], 6), sizes[i]
            e, north = round(w + size, 6), round(s + size, 6)
            area = HazardArea(
                name=f"benchmark area {start + i}",
                classification="sha",
                status="open" if opens[i] else "closed",
            )
            area.set_geometry(
                {
                    "type": "Polygon",
                    "coordinates": [[[w, s], [e, s], [e, north], [w, north], [w, s]]],
                }
            )
            rows.append(area)
        with transaction.atomic():
            HazardArea.objects.bulk_create(rows)
    for start in range(0, incidents, BATCH):
        n = min(BATCH, incidents - start)
        lons = (WEST + rng.random(n) * WIDTH).round(6).tolist()
        lats = (SOUTH + rng.random(n) * HEIGHT).round(6).tolist()
        made = [
            Incident(
                id=uuid.uuid4(),
                external_id=f"BENCH-I{start + i}",
                incident_type="mine",
                place="benchmark field",
                latitude=lats[i],
                longitude=lons[i],
                source_list=office,
            )
            for i in range(n)
        ]
        hurt = [
            Casualty(
                incident=item,
                external_id=f"BENCH-C{start + i}",
                outcome="killed" if i % 3 == 0 else "injured",
                status="civilian",
                cause="landmine",
                source_list=office,
            )
            for i, item in enumerate(made)
        ]
        with transaction.atomic():
            insert_new(Incident, made)
            insert_new(Casualty, hurt)
    print(
        f"filled {incidents:,} incidents (one casualty each) and {hazards:,} hazard areas "
        f"in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )


def relink() -> None:
    try:
        from ombuds.places.actions import do_relink_incidents  # type: ignore[attr-defined]
    except ImportError:
        print("no stored pairs of incident and area on this checkout", file=sys.stderr)
        return
    began = time.perf_counter()
    pairs = do_relink_incidents(acting_user=None)
    print(
        f"do_relink_incidents: {pairs:,} pairs in {time.perf_counter() - began:.1f} s",
        file=sys.stderr,
    )


def approved_copy(demo: Any, editor: Any, researcher: Any) -> Any:
    from ombuds.appeals.actions import do_approve_appeal, do_create_appeal, do_submit_appeal

    copy = do_create_appeal(
        title=f"{demo.title} (approved copy)",
        body=demo.body,
        signatory=demo.signatory,
        place=demo.place,
        acting_user=researcher,
    )
    do_submit_appeal(copy, acting_user=researcher)
    return do_approve_appeal(copy, acting_user=editor)


def after_write_times(client: Any, url: str, runs: int) -> tuple[Any, float]:
    """The first GET of ``url`` after each of ``runs`` registry edits and a run of the worker
    (the page times, the queries of one more such GET), and the worker's median time in s."""
    import math
    import statistics

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ombuds.registry.actions import do_save_record
    from ombuds.registry.models import Incident

    item = Incident.objects.order_by("external_id").first()
    assert item is not None
    pages: list[float] = []
    workers: list[float] = []
    queries = 0
    for n in range(runs + 1):
        do_save_record(item, values={"place": f"benchmark field, edit {n}"}, acting_user=None)
        began = time.perf_counter()
        call_command("db_worker", batch=True, startup_delay=False, interval=0.1, verbosity=0)
        workers.append(time.perf_counter() - began)
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            took = (time.perf_counter() - began) * 1000
        assert response.status_code == 200, (url, response.status_code)
        if n < runs:
            pages.append(took)
        else:
            queries = len(captured.captured_queries)
    pages.sort()
    times = PageTimes(
        median_ms=statistics.median(pages),
        p95_ms=pages[min(len(pages) - 1, math.ceil(0.95 * len(pages)) - 1)],
        queries=queries,
        slowest_ms=0.0,
        slowest_sql="",
    )
    return times, statistics.median(workers)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--incidents", type=int, default=245_000)
    parser.add_argument("--hazards", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument(
        "--roles", default=",".join(ROLES), help="the roles to time, comma-separated"
    )
    parser.add_argument(
        "--database-url", default="", help="a PostgreSQL server (a new database is made on it)"
    )
    args = parser.parse_args()
    url = throwaway_postgres(args.database_url) if args.database_url else ""
    throwaway_django(url)
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from ombuds.appeals.demo import load_demo_appeals
    from ombuds.appeals.models import Appeal
    from ombuds.core.actions import do_create_user
    from ombuds.figures.keys import FigureKey
    from ombuds.sources.demo import load_demo_sources

    load_demo_sources(lambda _m: None)
    load_demo_appeals(lambda _m: None)
    fill(args.incidents, args.hazards)
    relink()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    users = {
        role: do_create_user(f"bench-{role}", role=role, password="x" * 12, acting_user=None)
        for role in ROLES
    }
    demo = Appeal.objects.get(demo=True)
    approved = approved_copy(demo, users["editor"], users["researcher"])
    # What the loading queued (runs of the checks, and of warm_compositions where it exists).
    began = time.perf_counter()
    call_command("db_worker", batch=True, startup_delay=False, interval=0.1, verbosity=0)
    print(f"the worker's queue after the load: {time.perf_counter() - began:.1f} s",
          file=sys.stderr)  # fmt: skip
    slug = FigureKey.of(measure="killed", subject="people", place="open hazard areas").slug()
    print(
        f"\n{'page':44} {'role':10} {'median':>8} {'p95':>8} {'queries':>7}"
        f"   (ms, {args.runs} runs, {connection.vendor}, {args.incidents:,} incidents, "
        f"{args.hazards:,} hazard areas)",
        flush=True,
    )

    class Cold:
        """A client that empties the cache before each request."""

        def __init__(self, client: Client) -> None:
            self.client = client

        def get(self, url: str) -> Any:
            cache.clear()
            return self.client.get(url)

    for role, user in users.items():
        if role not in args.roles.split(","):
            continue
        client = Client()
        client.force_login(user)
        appeal = approved if role == "viewer" else demo
        pages: list[tuple[str, Any, str, int]] = [
            ("figure: killed people, open hazard areas", client, f"/figures/{slug}/", args.runs),
            (
                "appeal page" + (" (approved copy)" if role == "viewer" else " (demo draft)"),
                client,
                f"/appeals/{appeal.pk}/",
                args.runs,
            ),
        ]
        if role != "viewer":
            pages.append(
                ("appeal page, cache emptied each time", Cold(client), f"/appeals/{demo.pk}/",
                 args.cold_runs)
            )  # fmt: skip
        for label, by, url, runs in pages:
            t = page_times(by, url, runs)
            print(
                f"{label:44} {role:10} {t.median_ms:8.1f} {t.p95_ms:8.1f} {t.queries:7d}",
                flush=True,
            )
        if role != "viewer":
            t, worker_s = after_write_times(client, f"/appeals/{demo.pk}/", args.cold_runs)
            print(
                f"{'appeal page, first view after edit + worker':44} {role:10} "
                f"{t.median_ms:8.1f} {t.p95_ms:8.1f} {t.queries:7d}   (worker {worker_s:.1f} s)",
                flush=True,
            )


if __name__ == "__main__":
    main()

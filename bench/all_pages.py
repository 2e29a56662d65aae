"""Speed of every page the office reads most, for every role, at a million records a table.

    uv run python bench/all_pages.py [--scale 1.0] [--runs 20] [--statistics stale|fresh|both]
        [--roles admin,editor,researcher,viewer] [--page TEXT]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres]

Builds one throw-away database (a SQLite file in a temporary folder, or with --database-url a
new database on that PostgreSQL server; either is removed when the benchmark ends, however it
ends) holding, at ``--scale 1``:

- the demo sources and the demo appeal (its figures are the ones the appeal page composes);
- 1,000,000 claims of bench/figures_pages.py's synthetic ledger, and the findings a run of the
  checks stores for them (about 1,300,000, some 506,000 open);
- 1,000,000 registry incidents with a point, one casualty each, and 100,000 hazard areas, four
  in five open (bench/record_figures_scale.py), with the stored pairs of incident and area;
- 1,000,000 device finds (bench/places_layers.py).

Every count is multiplied by ``--scale`` (0.01 builds in about a minute, for a smoke test).
Then, for every page below and every role of ``--roles``, it prints the median and 95th
percentile of ``--runs`` requests through Django's test client, the number of queries of one
more request, and that request's slowest query (its time and first 100 characters); ``OVER``
marks a row whose median is above 200 ms or whose p95 is above 500 ms (the aim). A page a role
may not open is printed as such. The tables come with statistics stale (never analysed: on
PostgreSQL autovacuum is off during the load) and then fresh (after ANALYZE), as
``--statistics`` says.

``--page TEXT`` times only the pages whose name holds TEXT (``--page figure``).

The records a page opens are chosen deterministically: page 50 of a list by following its
cursors from the first page as a reader would, the figure key and the appeal by name, the
map's box fixed.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

# The builders of the benchmarks beside this file, each filling its part of the database.
import figures_pages  # noqa: E402
import harness  # noqa: E402
import places_layers  # noqa: E402
import record_figures_scale  # noqa: E402

CLAIMS, INCIDENTS, FINDS, HAZARDS = 1_000_000, 1_000_000, 1_000_000, 100_000
PAGE = 50  # the deep page of each list
WIDTH = 40


def build(scale: float) -> None:
    """Fill the database at ``scale`` times the counts above and store the checks' findings."""
    from ombuds.appeals.demo import load_demo_appeals
    from ombuds.figures.actions import do_run_checks
    from ombuds.sources.demo import load_demo_sources

    def count(full: int) -> int:
        return max(1, round(full * scale))

    started = time.perf_counter()
    load_demo_sources(lambda _m: None)
    load_demo_appeals(lambda _m: None)
    figures_pages.build(count(CLAIMS))
    record_figures_scale.fill(count(INCIDENTS), count(HAZARDS))
    began = time.perf_counter()
    places_layers.fill(count(FINDS), 0)
    print(f"filled {count(FINDS):,} device finds in {time.perf_counter() - began:.0f} s")
    record_figures_scale.relink()
    began = time.perf_counter()
    counts = do_run_checks(acting_user=None)
    print(
        f"do_run_checks: {counts.found:,} findings ({counts.open:,} open) "
        f"in {time.perf_counter() - began:.0f} s; built in all in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )


def cursor_of_page(next_page: Callable[[str], Any], page: int) -> str:
    """The cursor of page ``page`` of a list (its last page if it is shorter), by following
    the cursors from the first page as a reader would; ``next_page(cursor)`` reads a page."""
    cursor = ""
    for _ in range(page - 1):
        following = next_page(cursor).next_cursor
        if not following:
            break
        cursor = following
    return cursor


def pages_of(role: str, user: Any, appeals: dict[str, Any]) -> dict[str, str]:
    """The pages timed for ``user``, by label."""
    from ombuds.claims.queries import page_claims
    from ombuds.figures.keys import FigureKey
    from ombuds.registry.queries import FILTERS, list_records

    # figures_pages.pages_of follows the findings' cursors to page 50 as a reader would.
    ledger = figures_pages.pages_of(user)
    no_filters = dict.fromkeys(FILTERS["incidents"], "")
    claims_after = cursor_of_page(lambda c: page_claims(user=user, cursor=c), PAGE)
    incidents_after = cursor_of_page(
        lambda c: list_records("incidents", filters=no_filters, user=user, cursor=c), PAGE
    )
    slug = FigureKey.of(measure="killed", subject="people", place="open hazard areas").slug()
    box = ",".join(str(d) for d in places_layers.DISTRICT)
    # A viewer reads approved appeals only: the viewer's appeal is an approved copy of the demo.
    appeal = appeals["approved" if role == "viewer" else "draft"]
    return {
        "dashboard": "/",
        "findings, first page": ledger["open findings, first page"],
        f"findings, page {PAGE}": ledger["open findings, page 50"],
        "figure killed · people (with records)": f"/figures/{slug}/",
        "figure keys index": ledger["figure keys, first page"],
        "claims, first page": "/claims/",
        f"claims, page {PAGE}": f"/claims/?after={claims_after}",
        "claims, period overlap 2021": "/claims/?period_from=2021-01-01&period_to=2021-12-31",
        "places home": "/places/",
        "map layer: finds in a district box": f"/places/layers/finds.geojson?bbox={box}",
        "registry home (counts)": "/registry/",
        "registry incidents, first page": "/registry/incidents/",
        f"registry incidents, page {PAGE}": f"/registry/incidents/?after={incidents_after}",
        "registry casualties, first page": "/registry/casualties/",
        "registry casualties, killed": "/registry/casualties/?outcome=killed",
        "appeal page" + (" (approved copy)" if role == "viewer" else " (demo draft)"): (
            f"/appeals/{appeal.pk}/"
        ),
    }


def time_pages(
    pages: dict[str, tuple[Any, dict[str, str]]], runs: int, label: str, *, only: str = ""
) -> None:
    """Time each role's pages with that role's client: ``pages`` maps a role to both; only
    the pages whose name holds ``only``."""
    # A page a role may not open is a row of the table, not a logged warning with its trace.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    harness.times_header(WIDTH, runs, label)
    for role, (client, urls) in pages.items():
        for page, url in urls.items():
            if only not in page:
                continue
            status = client.get(url).status_code
            if status != 200:
                print(f"{page:{WIDTH}} {role:10} not for this role (HTTP {status})", flush=True)
                continue
            harness.times_row(page, role, harness.page_times(client, url, runs), WIDTH, sql=100)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="times the full counts")
    parser.add_argument(
        "--roles", default=",".join(harness.ROLES), help="the roles to time, comma-separated"
    )
    harness.page_arguments(parser)
    parser.add_argument("--page", default="", help="time only the pages whose name holds this")
    args = parser.parse_args()
    roles = tuple(args.roles.split(","))
    if unknown := set(roles) - set(harness.ROLES):
        parser.error(f"unknown roles {sorted(unknown)}: choose among {', '.join(harness.ROLES)}")
    if args.scale <= 0:
        parser.error("--scale must be above 0 (1 is the full scale, 0.01 a smoke test)")
    url = harness.throwaway_postgres(args.database_url) if args.database_url else ""
    harness.throwaway_django(url)
    from ombuds.appeals.models import Appeal

    harness.hold_statistics()
    build(args.scale)
    clients = harness.role_clients(harness.ROLES)
    draft = Appeal.objects.get(demo=True)
    approved = record_figures_scale.approved_copy(
        draft, clients["editor"][1], clients["researcher"][1]
    )
    appeals = {"draft": draft, "approved": approved}
    # Chosen once (following cursors to page 50 takes a while at scale), timed in each table.
    pages = {role: (clients[role][0], pages_of(role, clients[role][1], appeals)) for role in roles}
    harness.with_statistics(
        args.statistics, lambda label: time_pages(pages, args.runs, label, only=args.page)
    )


if __name__ == "__main__":
    main()

"""Speed of the sources and claims pages with many rows (default: a million claims).

    uv run python bench/sources_pages.py [--sources 20000] [--claims 1000000] [--runs 20]
        [--database-url postgres://user@host/any] [--statistics stale|fresh|both]
        [--pages "period overlap"]

Builds a throw-away SQLite database in a temporary folder (never the office's database; or a
new database on the PostgreSQL server given with --database-url, dropped at the end),
fills it with synthetic sources and claims in bulk, then renders the real pages through
Django's test client as a viewer, a researcher and an editor, and prints for each page and
role the median and 95th percentile of ``--runs`` requests, the queries of one more request
and the slowest of them: the first page and a page deep in the list (keyset cursor), filters
by measure, cause and period overlap (a common period and a rare one), one source's page with
its claims, one long source's claims in document order (first page and a page at 90%), and
the API's claims list. Every 10th source is internal and every 50th restricted, so the
viewer's and researcher's pages pay for the confidentiality filter. The pages are timed with
the statistics stale (never analysed; on PostgreSQL autovacuum is off for the tables) and
then fresh (after ANALYZE). --pages times only the pages whose label holds that text (e.g.
"period overlap").
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import harness

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

MEASURES = ["killed", "injured", "missing", "displaced", "destroyed", "casualties"]
SUBJECTS = ["civilians", "children", "servicemen", "people", "houses", "schools"]
CAUSES = ["", "landmine", "shelling", "airstrike"]
LONG_SOURCE_CLAIMS = 20_000
ROLES = ("viewer", "researcher", "editor")


def build(sources: int, claims: int) -> None:
    from django.db import transaction

    from ombuds.claims.models import Claim
    from ombuds.sources.models import Source

    rng = random.Random(7)
    text = "Synthetic benchmark source: 12 civilians were killed and 30 were injured. " * 4
    per_source = max(1, claims // sources)
    made = 0
    started = time.perf_counter()
    for first in range(0, sources, 500):
        with transaction.atomic():
            batch = [
                Source(
                    sha256=uuid.uuid4().hex + uuid.uuid4().hex,
                    file=f"sources/bench/{n}.txt",
                    filename=f"bench-{n}.txt",
                    file_kind="txt",
                    size=len(text),
                    title=f"Synthetic benchmark source {n}",
                    publisher=f"Publisher {n % 50}",
                    published=dt.date(2015, 1, 1) + dt.timedelta(days=n % 3000),
                    text=text,
                    confidentiality=(
                        "restricted" if n % 50 == 0 else "internal" if n % 10 == 0 else "public"
                    ),
                )
                for n in range(first, min(first + 500, sources))
            ]
            Source.objects.bulk_create(batch)
            rows = []
            for source in batch:
                for ordinal in range(1, per_source + 1):
                    if made >= claims:
                        break
                    start = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(3500))
                    rows.append(
                        Claim(
                            source=source,
                            ordinal=ordinal,
                            measure=rng.choice(MEASURES),
                            subject=rng.choice(SUBJECTS),
                            value=rng.randrange(1, 5000),
                            cause=rng.choice(CAUSES),
                            period_start=start,
                            period_end=start + dt.timedelta(days=rng.randrange(400)),
                            span_start=0,
                            span_end=74,
                            quote=text[:74],
                            rule="bench",
                        )
                    )
                    made += 1
            Claim.objects.bulk_create(rows, batch_size=5000)
    # One long public source (a yearly report listing many incidents), for its claims' pages.
    long = Source.objects.create(
        sha256=uuid.uuid4().hex + uuid.uuid4().hex,
        file="sources/bench/long.txt",
        filename="bench-long.txt",
        file_kind="txt",
        size=len(text),
        title="Synthetic long benchmark source",
        text=text,
    )
    Claim.objects.bulk_create(
        (
            Claim(
                source=long,
                ordinal=ordinal,
                measure=rng.choice(MEASURES),
                subject=rng.choice(SUBJECTS),
                value=rng.randrange(1, 5000),
                span_start=0,
                span_end=74,
                quote=text[:74],
                rule="bench",
            )
            for ordinal in range(1, LONG_SOURCE_CLAIMS + 1)
        ),
        batch_size=5000,
    )
    print(
        f"built {sources:,} sources and {made:,} claims in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )


def pages_of(args: argparse.Namespace) -> dict[str, str]:
    """The pages timed, by label: first pages, deep pages (keyset cursors) and filters."""
    from ombuds.claims.models import Claim
    from ombuds.sources.keyset import encode_cursor, encode_key_cursor
    from ombuds.sources.models import Source

    long = Source.objects.get(filename="bench-long.txt")
    deep_in_long = Claim.objects.get(source=long, ordinal=int(LONG_SOURCE_CLAIMS * 0.9))
    deep = Claim.objects.order_by("-created_at", "-id")[int(args.claims * 0.9)]
    deep_source = Source.objects.order_by("-created_at", "-id")[int(args.sources * 0.9)]
    one = Source.objects.filter(confidentiality="public").order_by("?").first()
    assert one is not None
    return {
        "sources, first page": "/sources/",
        "sources, page at 90%": "/sources/?after="
        + encode_cursor(deep_source.created_at, deep_source.pk),
        "sources, kind + date filter": "/sources/?kind=other&published_from=2020-01-01",
        "claims, first page": "/claims/",
        "claims, page at 90%": "/claims/?after=" + encode_cursor(deep.created_at, deep.pk),
        "claims, measure=killed": "/claims/?measure=killed",
        "claims, measure+subject+cause": "/claims/?measure=killed&subject=children&cause=landmine",
        "claims, period overlap 2019": "/claims/?period_from=2019-01-01&period_to=2019-12-31",
        # Few claims overlap a week before the data's periods begin (a sparse filter).
        "claims, period overlap, rare": "/claims/?period_from=2013-12-25&period_to=2014-01-01",
        "claims, one source": f"/claims/?source={one.pk}",
        "claims, long source, first page": f"/claims/?source={long.pk}",
        "claims, long source, page at 90%": f"/claims/?source={long.pk}&after="
        + encode_key_cursor(deep_in_long.ordinal, deep_in_long.pk),
        "source page with its claims": f"/sources/{one.pk}/",
        "API claims, measure=injured": "/api/claims/?measure=injured",
        "API claims, period overlap 2019": "/api/claims/?period_from=2019-01-01"
        "&period_to=2019-12-31",
    }


def time_pages(clients: dict[str, Any], pages: dict[str, str], runs: int, label: str) -> None:
    harness.times_header(34, runs, label)
    for role, (client, _user) in clients.items():
        for page, url in pages.items():
            harness.times_row(page, role, harness.page_times(client, url, runs), 34)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=20_000)
    parser.add_argument("--claims", type=int, default=1_000_000)
    harness.page_arguments(parser)
    parser.add_argument("--pages", default="", help="only the pages whose label holds this")
    args = parser.parse_args()
    url = harness.throwaway_postgres(args.database_url) if args.database_url else ""
    harness.throwaway_django(url)
    # Stale statistics: none (never analysed), not autovacuum's after the load.
    harness.hold_statistics()
    build(args.sources, args.claims)
    pages = {label: url for label, url in pages_of(args).items() if args.pages in label}
    clients = harness.role_clients(ROLES)
    harness.with_statistics(
        args.statistics, lambda label: time_pages(clients, pages, args.runs, label)
    )


if __name__ == "__main__":
    main()

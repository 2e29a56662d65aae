"""Speed of the ledger on a database: running the checks, and the figures pages.

    uv run python bench/figures_pages.py [--claims 200000] [--runs 5] [--database-url URL]

Builds a throw-away SQLite database in a temporary folder (or uses the EMPTY PostgreSQL
database given with --database-url) and fills it with the synthetic documents of
bench/ledger_checks.py (breakdowns, series, restated figures under other publishers). Prints
the time of ``do_run_checks`` (first run, which stores every finding, and a second run,
which finds them stored) and the median time of each figures page rendered through
Django's test client as a logged-in viewer.
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from harness import median_ms, throwaway_django  # noqa: E402  (beside this file)
from ledger_checks import documents  # noqa: E402  (the benchmark's own synthetic documents)


def build(claims: int) -> None:
    from django.db import transaction

    from ombuds.claims.models import Claim
    from ombuds.sources.models import Source

    facts = documents(claims)
    started = time.perf_counter()
    sources: dict[str, Source] = {}
    ids = {f.claim_id: uuid.uuid4() for f in facts}
    for fact in facts:
        if fact.source_id not in sources:
            sources[fact.source_id] = Source(
                sha256=uuid.uuid4().hex + uuid.uuid4().hex,
                file=f"sources/bench/{fact.source_id}.txt",
                filename=f"{fact.source_id}.txt",
                file_kind="txt",
                size=100,
                title=f"Synthetic ledger benchmark {fact.source_title}",
                publisher=fact.publisher,
                published=fact.published,
                text="synthetic",
            )
    with transaction.atomic():
        Source.objects.bulk_create(list(sources.values()), batch_size=2000)
        rows = []
        ordinals: dict[str, int] = {}
        for fact in facts:
            ordinals[fact.source_id] = ordinals.get(fact.source_id, 0) + 1
            rows.append(
                Claim(
                    id=ids[fact.claim_id],
                    source=sources[fact.source_id],
                    ordinal=ordinals[fact.source_id],
                    measure=fact.measure,
                    subject=fact.subject,
                    value=Decimal(str(fact.value)),
                    qualifier=fact.qualifier,
                    period_start=fact.period_start,
                    period_end=fact.period_end,
                    cause=fact.cause,
                    place=fact.place,
                    parent_id=ids[fact.parent_id] if fact.parent_id else None,
                    span_start=0,
                    span_end=len(fact.quote),
                    quote=fact.quote,
                    rule="bench",
                )
            )
        Claim.objects.bulk_create(rows, batch_size=5000)
    print(
        f"built {len(sources):,} sources and {len(rows):,} claims "
        f"in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default="", help="an EMPTY throw-away PostgreSQL db")
    args = parser.parse_args()
    throwaway_django(args.database_url)
    from django.db import connection
    from django.test import Client

    from ombuds.core.actions import do_create_user
    from ombuds.figures.actions import do_run_checks
    from ombuds.figures.index import list_figure_keys

    build(args.claims)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    for label in ("first run (stores all)", "second run (all stored)"):
        began = time.perf_counter()
        counts = do_run_checks(acting_user=None)
        print(
            f"do_run_checks, {label}: {time.perf_counter() - began:.1f} s "
            f"({counts.found:,} findings, {counts.open:,} open)"
        )
    viewer = do_create_user("bench-viewer", role="viewer", password="x" * 12, acting_user=None)
    client = Client()
    client.force_login(viewer)
    key = list_figure_keys(user=None, measure="missing", limit=1)[0].key
    pages = {
        "figure keys, first page": "/figures/",
        "figure keys, page 20": "/figures/?page=20",
        "figure keys, measure=missing": "/figures/?measure=missing",
        "one figure (chart, claims, findings)": f"/figures/{key.slug()}/",
        "open findings, first page": "/figures/findings/",
        "open findings, page 50": "/figures/findings/?page=50",
        "publishers side by side": "/figures/publishers/?left=Ombudsman+A&right=Ombudsman+B",
        "API findings (open)": "/api/figures/findings?open=true",
    }
    print(
        f"{'page':38} median ms over {args.runs} runs ({args.claims:,} claims, {connection.vendor})"
    )
    for label, url in pages.items():
        print(f"{label:38} {median_ms(client, url, args.runs):8.1f}")


if __name__ == "__main__":
    main()

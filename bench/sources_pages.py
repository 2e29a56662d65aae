"""Speed of the sources and claims pages with many rows (default: a million claims).

    uv run python bench/sources_pages.py [--sources 20000] [--claims 1000000] [--runs 5]

Builds a throw-away SQLite database in a temporary folder (never the office's database; or
uses the empty PostgreSQL database given with --database-url),
fills it with synthetic sources and claims in bulk, then renders the real pages through
Django's test client as a logged-in viewer and prints the median time of each: the first page
and a page deep in the list (keyset cursor), filters by measure, cause and period overlap,
one source's page with its claims, one long source's claims in document order (first page and
a page at 90%), and the API's claims list. Every 10th source is internal and every 50th
restricted, so the viewer's pages pay for the confidentiality filter; a few pages are also
timed as an editor, who sees everything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
import uuid
from pathlib import Path

from harness import median_ms, throwaway_django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

MEASURES = ["killed", "injured", "missing", "displaced", "destroyed", "casualties"]
SUBJECTS = ["civilians", "children", "servicemen", "people", "houses", "schools"]
CAUSES = ["", "landmine", "shelling", "airstrike"]
LONG_SOURCE_CLAIMS = 20_000


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=20_000)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--database-url",
        default="",
        help="an EMPTY throw-away PostgreSQL database to use instead of a temporary SQLite file",
    )
    args = parser.parse_args()
    throwaway_django(args.database_url)
    from django.test import Client

    from ombuds.claims.models import Claim
    from ombuds.core.actions import do_create_user
    from ombuds.sources.keyset import encode_cursor, encode_key_cursor
    from ombuds.sources.models import Source

    build(args.sources, args.claims)
    viewer = do_create_user("bench-viewer", role="viewer", password="x" * 12, acting_user=None)
    editor = do_create_user("bench-editor", role="editor", password="x" * 12, acting_user=None)
    client = Client()
    client.force_login(viewer)
    editor_client = Client()
    editor_client.force_login(editor)
    long = Source.objects.get(filename="bench-long.txt")
    deep_in_long = Claim.objects.get(source=long, ordinal=int(LONG_SOURCE_CLAIMS * 0.9))
    deep = Claim.objects.order_by("-created_at", "-id")[int(args.claims * 0.9)]
    deep_source = Source.objects.order_by("-created_at", "-id")[int(args.sources * 0.9)]
    one = Source.objects.order_by("?").first()
    assert one is not None
    pages = {
        "sources, first page": "/sources/",
        "sources, page at 90%": "/sources/?after="
        + encode_cursor(deep_source.created_at, deep_source.pk),
        "sources, kind + date filter": "/sources/?kind=other&published_from=2020-01-01",
        "claims, first page": "/claims/",
        "claims, page at 90%": "/claims/?after=" + encode_cursor(deep.created_at, deep.pk),
        "claims, measure=killed": "/claims/?measure=killed",
        "claims, measure+subject+cause": "/claims/?measure=killed&subject=children&cause=landmine",
        "claims, period overlap 2019": "/claims/?period_from=2019-01-01&period_to=2019-12-31",
        "claims, one source": f"/claims/?source={one.pk}",
        "claims, long source, first page": f"/claims/?source={long.pk}",
        "claims, long source, page at 90%": f"/claims/?source={long.pk}&after="
        + encode_key_cursor(deep_in_long.ordinal, deep_in_long.pk),
        "source page with its claims": f"/sources/{one.pk}/",
        "API claims, measure=injured": "/api/claims/?measure=injured",
    }
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"{'page':34} median ms over {args.runs} runs ({args.claims:,} claims, {connection.vendor})"
    )
    for label, url in pages.items():
        print(f"{label:34} {median_ms(client, url, args.runs):8.1f}")
    for label in ("claims, first page", "claims, page at 90%", "claims, long source, page at 90%"):
        print(f"{label + ' (editor)':34} {median_ms(editor_client, pages[label], args.runs):8.1f}")


if __name__ == "__main__":
    main()

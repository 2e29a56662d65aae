"""Speed of one very large document's pages: a 20 MB text holding about 100,000 claims.

    uv run python bench/large_document.py [--megabytes 20] [--runs 5] [--database-url URL]

Builds a throw-away SQLite database in a temporary folder (or uses the EMPTY PostgreSQL
database given with --database-url) with one synthetic source whose text is about 20 MB of
paragraphs, each stating a figure, and one claim per figure with its real span (every fifth
claim a part of the one before it), written in bulk (running the engine over 20 MB is timed by
bench/engine_speed.py, not here). Then renders the real pages through Django's test client as
a logged-in editor and prints the median time of each: the source page's first screen (the
first window of its text with that window's claims), a window in the middle, a link to the
last claim's passage, the API's page of the source (text up to 1,000,000 characters and 100
claims), the claims list of the source, and the correction form of a claim (its parent
chooser). Targets (issue 18): first screen under 500 ms, API page under 200 ms.
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from pathlib import Path

from harness import median_ms, throwaway_django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

FILLER = (
    "The office recorded the statements of witnesses and of the families concerned, "
    "and asked the authorities for the records of the incident and of the victims. "
)
MEASURES = [("killed", "civilians"), ("injured", "civilians"), ("displaced", "people")]


def build(megabytes: float) -> tuple[object, int]:
    from django.db import transaction

    from ombuds.claims.models import Claim
    from ombuds.sources.models import Source

    started = time.perf_counter()
    target = int(megabytes * 1024 * 1024)
    parts: list[str] = []
    spans: list[tuple[int, int, str, str, int]] = []
    size = 0
    n = 0
    while size < target:
        measure, subject = MEASURES[n % len(MEASURES)]
        value = 3 + n % 997
        head = f"Incident {n + 1}. "
        figure = f"{value} {subject} were {measure}"
        paragraph = f"{head}{figure} in the district. {FILLER}\n\n"
        start = size + len(head)
        spans.append((start, start + len(figure), measure, subject, value))
        parts.append(paragraph)
        size += len(paragraph)
        n += 1
    text = "".join(parts)
    with transaction.atomic():
        source = Source.objects.create(
            sha256=uuid.uuid4().hex + uuid.uuid4().hex,
            file="sources/bench/large.txt",
            filename="bench-large.txt",
            file_kind="txt",
            size=len(text.encode()),
            title="Synthetic 20 MB benchmark document",
            text=text,
        )
        claims = [
            Claim(
                source=source,
                ordinal=i + 1,
                measure=measure,
                subject=subject,
                value=value,
                span_start=start,
                span_end=end,
                quote=text[start:end],
                rule="bench",
            )
            for i, (start, end, measure, subject, value) in enumerate(spans)
        ]
        Claim.objects.bulk_create(claims, batch_size=5000)
        parents = []
        for i in range(1, len(claims), 5):
            claims[i].parent = claims[i - 1]
            parents.append(claims[i])
        Claim.objects.bulk_update(parents, ["parent"], batch_size=5000)
    print(
        f"built a {len(text) / 1024 / 1024:.1f} MB text with {len(claims):,} claims in "
        f"{time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return source, len(claims)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--database-url",
        default="",
        help="an EMPTY throw-away PostgreSQL database to use instead of a temporary SQLite file",
    )
    args = parser.parse_args()
    throwaway_django(args.database_url)
    from django.db import connection
    from django.test import Client

    from ombuds.claims.models import Claim
    from ombuds.core.actions import do_create_user
    from ombuds.sources.text_windows import text_window

    source, count = build(args.megabytes)
    editor = do_create_user("bench-editor", role="editor", password="x" * 12, acting_user=None)
    client = Client()
    client.force_login(editor)
    if connection.vendor == "postgresql":
        # What autovacuum does within a minute of a bulk insert (PostgreSQL 13 and later): the
        # visibility map lets counts of a source's claims read the index alone, as in service.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    windows = text_window(source, 0).count  # type: ignore[arg-type]
    last = Claim.objects.get(source=source, ordinal=count)
    middle = Claim.objects.get(source=source, ordinal=count // 2 + 2)
    pages = {
        "source page, first screen": f"/sources/{source.pk}/",  # type: ignore[attr-defined]
        "source page, middle window": f"/sources/{source.pk}/?part={windows // 2}",  # type: ignore[attr-defined]
        "source page, link to last claim": f"/sources/{source.pk}/?claim={count}",  # type: ignore[attr-defined]
        "API source page": f"/api/sources/{source.pk}",  # type: ignore[attr-defined]
        "claims list of the source": f"/claims/?source={source.pk}",  # type: ignore[attr-defined]
        "correct a claim (parent chooser)": f"/claims/{middle.pk}/correct/",
        "correct the last claim": f"/claims/{last.pk}/correct/",
    }
    print(
        f"{'page':34} median ms over {args.runs} runs ({count:,} claims, {windows} windows, "
        f"{connection.vendor})"
    )
    for label, url in pages.items():
        print(f"{label:34} {median_ms(client, url, args.runs):8.1f}")


if __name__ == "__main__":
    main()

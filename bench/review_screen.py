"""Speed of the review screen of a source with 500 claims, and of bulk actions over 500 claims.

    uv run python bench/review_screen.py [--claims 500] [--runs 5] [--database-url URL]

Builds a throw-away SQLite database in a temporary folder (or uses the EMPTY PostgreSQL
database given with --database-url), ingests one synthetic report whose sentences state
the claims (each total with a part, as the engine reads them), and prints the median time of:
opening the review screen, setting the period of every claim (and its parts) in one bulk
action, confirming every claim shown in one bulk action, and undoing that confirmation (aim:
under 300 ms each).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

from harness import median_ms, throwaway_django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def report(claims: int) -> str:
    lines = ["Report of the Office of the Ombudsperson, 3 March 2022.", ""]
    for n in range(claims // 2):
        lines.append(
            f"In district {n + 1}, {n % 90 + 10} civilians were killed, including "
            f"{n % 7 + 1} children."
        )
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--database-url", default="", help="An EMPTY throw-away PostgreSQL database."
    )
    args = parser.parse_args()
    throwaway_django(args.database_url)
    from django.test import Client
    from django.urls import reverse

    from ombuds.claims.models import Claim
    from ombuds.core.actions import do_create_user
    from ombuds.sources.actions import do_ingest_source

    editor = do_create_user("bench-editor", role="editor", password="x" * 12, acting_user=None)
    began = time.perf_counter()
    source, _ = do_ingest_source(
        report(args.claims).encode(),
        filename="bench.txt",
        published=dt.date(2022, 3, 3),
        acting_user=None,
    )
    count = source.claims.count()
    print(f"ingested one source with {count} claims in {time.perf_counter() - began:.1f} s")
    client = Client()
    client.force_login(editor)
    review = reverse("claims:review", args=[source.pk])
    bulk = reverse("claims:bulk", args=[source.pk])
    print(f"review screen, {count} claims: {median_ms(client, review, args.runs):.0f} ms")

    every = ",".join(
        str(pk) for pk in Claim.objects.filter(source=source).values_list("pk", flat=True)
    )
    totals = ",".join(
        str(pk)
        for pk in Claim.objects.filter(source=source, parent=None).values_list("pk", flat=True)
    )
    times = []
    for run in range(args.runs):
        data = {"op": "set", "claims": totals, "period_end": f"2022-03-{run + 1:02d}",
                "with_parts": "on"}  # fmt: skip
        began = time.perf_counter()
        response = client.post(bulk, data)
        times.append(time.perf_counter() - began)
        assert response.status_code == 302, response.status_code
    assert (
        Claim.objects.filter(source=source, period_end=dt.date(2022, 3, args.runs)).count() == count
    )
    print(
        f"bulk: set the period of {count} claims (totals and their parts): "
        f"{statistics.median(times) * 1000:.0f} ms"
    )
    times, undo_times = [], []
    decide = reverse("claims:decide", args=[source.pk])
    for _ in range(args.runs):
        Claim.objects.filter(source=source).update(status="extracted", corrected_fields=[])
        began = time.perf_counter()
        response = client.post(bulk, {"op": "confirm", "claims": every})
        times.append(time.perf_counter() - began)
        assert response.status_code == 302, response.status_code
        assert Claim.objects.filter(source=source, status="confirmed").count() == count
        # Then take that confirmation back, as the screen's u does.
        events = ",".join(str(pk) for pk in client.session["claims_review_undo"])
        began = time.perf_counter()
        response = client.post(decide, {"decision": "undo", "events": events})
        undo_times.append(time.perf_counter() - began)
        assert response.status_code == 200, response.content
        assert response.json()["undone"] == count
        assert Claim.objects.filter(source=source, status="extracted").count() == count
    print(f"bulk: confirm all {count} claims shown: {statistics.median(times) * 1000:.0f} ms")
    print(f"undo that confirmation ({count} claims): {statistics.median(undo_times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()

"""Speed of the appeals pages with many rows, and of composing and rendering a letter.

    uv run python bench/appeals_scale.py [--appeals 20000] [--dispatches 1000000] [--runs 5]
                                         [--keep FOLDER]

Builds a throw-away SQLite database in a temporary folder (or uses the EMPTY PostgreSQL
database given with --database-url), loads the demo sources and the demo appeal, then fills it
with synthetic appeals, dispatches (a third of them answered) in bulk, and prints the median
time of: the appeals list (first page and a page at 90%, as a viewer who sees the approved
ones and as an editor who sees all), the follow-up list (everything awaiting an answer, and the
overdue only, some addressees with reply periods of their own), the addressee directory, an
addressee's page, the demands overview (all, one status, one addressee; two demands an appeal,
each appeal addressed to three addressees, half the demands carried from the appeal before), an
appeal's page with its dispatches, the API detail, composing the demo appeal from the ledger,
and rendering it to HTML, PDF and DOCX. Building 1,000,000 dispatches takes some minutes; a
smaller --dispatches gives a quicker, smaller run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from harness import throwaway_django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def build(appeals: int, dispatches: int, doc: dict[str, object]) -> None:
    from django.db import transaction

    from ombuds.appeals.models import Addressee, Appeal, Demand, Dispatch, Response

    rng = random.Random(11)
    started = time.perf_counter()
    addressees = [
        Addressee(organisation=f"Synthetic benchmark addressee {n}", category="ngo")
        for n in range(500)
    ]
    Addressee.objects.bulk_create(addressees)
    # A few addressees wait longer or shorter than the default for a reply.
    for n, days in ((1, 14), (2, 30), (3, 120)):
        Addressee.objects.filter(pk=addressees[n].pk).update(reply_days=days)
    per_appeal = max(1, dispatches // appeals)
    made = 0
    addressed = Appeal.addressees.through
    statuses = ["open", "partly_met", "met", "refused"]
    before: list[Demand] = []
    now = dt.datetime.now(dt.UTC)
    for first in range(0, appeals, 1000):
        with transaction.atomic():
            batch = [
                Appeal(
                    reference=f"BENCH-{n:07d}",
                    title=f"Synthetic benchmark appeal {n}",
                    body="Synthetic text without figures.",
                    status="approved",
                    frozen={**doc, "reference": f"BENCH-{n:07d}"},
                )
                for n in range(first, min(first + 1000, appeals))
            ]
            Appeal.objects.bulk_create(batch)
            links, demands = [], []
            for appeal in batch:
                for target in rng.sample(addressees, 3):
                    links.append(addressed(appeal_id=appeal.pk, addressee_id=target.pk))
                for ordinal in (1, 2):
                    carried = before.pop() if before and ordinal == 1 else None
                    demands.append(
                        Demand(
                            appeal=appeal,
                            ordinal=ordinal,
                            party=f"Synthetic party {ordinal}",
                            text=f"Synthetic demand {ordinal} of {appeal.reference}.",
                            status=rng.choice(statuses),
                            carried_from=carried,
                        )
                    )
            addressed.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)
            Demand.objects.bulk_create(demands, batch_size=5000)
            before = [d for d in demands if d.ordinal == 1]
            rows, replies = [], []
            for appeal in batch:
                for k in range(per_appeal):
                    if made >= dispatches:
                        break
                    sent = now - dt.timedelta(days=rng.randrange(1, 900))
                    row = Dispatch(
                        id=uuid.uuid4(),
                        appeal=appeal,
                        addressee=addressees[k % len(addressees)],
                        channel="email",
                        status="sent",
                        sent_at=sent,
                        attempts=1,
                        message_id=f"<{uuid.uuid4().hex}@bench>",
                    )
                    rows.append(row)
                    if rng.random() < 1 / 3:
                        replies.append(
                            Response(
                                dispatch=row,
                                received_on=sent.date() + dt.timedelta(days=10),
                                sender="Synthetic sender",
                                kind="answer",
                                summary="Synthetic reply.",
                            )
                        )
                    made += 1
            Dispatch.objects.bulk_create(rows, batch_size=5000)
            Response.objects.bulk_create(replies, batch_size=5000)
    print(
        f"built {appeals:,} appeals and {made:,} dispatches in "
        f"{time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )


def median_ms(step: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        step()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--appeals", type=int, default=20_000)
    parser.add_argument("--dispatches", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default="", help="an EMPTY throw-away PostgreSQL db")
    parser.add_argument(
        "--keep",
        default="",
        help="a folder to build the SQLite database in and keep; a later run given the same "
        "folder times the pages again without building (delete the folder when done)",
    )
    args = parser.parse_args()
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
        run(args.keep, args)
        return
    folder = tempfile.mkdtemp(prefix="ombuds-bench-")
    try:
        run(folder, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the database is about a gigabyte


def run(folder: str, args: argparse.Namespace) -> None:
    throwaway_django(args.database_url, folder)
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    from ombuds.appeals.demo import load_demo_appeals
    from ombuds.appeals.letters import render
    from ombuds.appeals.models import Addressee, Appeal
    from ombuds.appeals.rendering import compose
    from ombuds.core.actions import do_create_user
    from ombuds.sources.demo import load_demo_sources
    from ombuds.sources.keyset import encode_cursor

    built = Path(folder) / "built"
    if built.exists():
        print(f"timing the database kept in {folder}: {built.read_text()}", file=sys.stderr)
        demo = Appeal.objects.get(demo=True)
        doc = compose(demo)
    else:
        load_demo_sources(lambda _m: None)
        load_demo_appeals(lambda _m: None)
        demo = Appeal.objects.get(demo=True)
        doc = compose(demo)
        build(args.appeals, args.dispatches, doc)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        do_create_user("bench-viewer", role="viewer", password="x" * 12, acting_user=None)
        do_create_user("bench-editor", role="editor", password="x" * 12, acting_user=None)
        built.write_text(f"{args.appeals:,} appeals, {args.dispatches:,} dispatches")
    viewer = User.objects.get(username="bench-viewer")
    editor = User.objects.get(username="bench-editor")
    client = Client()
    client.force_login(viewer)
    staff = Client()  # the follow-up page is for those who work on appeals
    staff.force_login(editor)
    deep = Appeal.objects.order_by("-created_at", "-id")[int(Appeal.objects.count() * 0.9)]
    busy = Appeal.objects.filter(reference="BENCH-0000001").get()
    busiest = Addressee.objects.get(organisation="Synthetic benchmark addressee 0")

    def page(url: str, *, by: Client = client) -> Callable[[], object]:
        def get() -> object:
            response = by.get(url, secure=True)  # production settings redirect to https
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    steps: dict[str, Callable[[], object]] = {
        "appeals list, first page (viewer)": page("/appeals/"),
        "appeals list, first page (editor)": page("/appeals/", by=staff),
        "appeals list, page at 90%": page(
            "/appeals/?after=" + encode_cursor(deep.created_at, deep.pk)
        ),
        "demands overview, first page": page("/appeals/demands/", by=staff),
        "demands overview, viewer": page("/appeals/demands/"),
        "demands overview, one status": page("/appeals/demands/?status=met", by=staff),
        "demands overview, one addressee": page(
            f"/appeals/demands/?addressee={busiest.pk}", by=staff
        ),
        "follow-up, awaiting (100 oldest)": page("/appeals/follow-up/", by=staff),
        "follow-up, overdue only": page("/appeals/follow-up/?show=overdue", by=staff),
        "addressee directory": page("/appeals/addressees/", by=staff),
        "an addressee's page (2,000 letters)": page(f"/appeals/addressees/{busiest.pk}/", by=staff),
        "appeal page with its dispatches": page(f"/appeals/{busy.pk}/"),
        "API appeal detail": page(f"/api/appeals/{busy.pk}"),
        "dashboard (due count tile)": page("/"),
        "compose demo appeal (8 figures)": lambda: compose(demo),
        "render demo appeal to HTML": lambda: render(doc, "html"),
        "render demo appeal to PDF": lambda: render(doc, "pdf"),
        "render demo appeal to DOCX": lambda: render(doc, "docx"),
    }
    print(
        f"{'step':38} median ms over {args.runs} runs "
        f"({Appeal.objects.count():,} appeals, {connection.vendor})"
    )
    for label, step in steps.items():
        print(f"{label:38} {median_ms(step, args.runs):8.1f}")


if __name__ == "__main__":
    main()

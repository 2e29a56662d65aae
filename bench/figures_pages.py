"""Speed of the ledger on a database: storing the checks, and the figures pages for each role.

    uv run python bench/figures_pages.py [--claims 200000] [--runs 20]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--statistics both]
        [--page TEXT] [--keep FOLDER]

Builds a throw-away SQLite database in a temporary folder (or, with --database-url, a new
database on that PostgreSQL server) and fills it with the synthetic documents of
bench/ledger_checks.py (breakdowns, series, restated figures under other publishers). Every
tenth document is restricted and two in ten are internal, so a viewer and a researcher each
see a part of the ledger. Prints:

- ``do_run_checks``: the first run (which stores every finding) and a second run (which finds
  them stored), each with its time, the CPU time of this process and its peak memory during
  that run (on Linux; elsewhere the peak since the process started);
- for every page and role (admin, editor, researcher, viewer): the median and 95th percentile of
  ``--runs`` requests through Django's test client, this process's mean CPU time per request
  (on a loaded machine the wall time is mostly waiting for a core), the number of queries of
  one more request and the slowest of them; with statistics stale (never analysed) and fresh
  (after ANALYZE), as ``--statistics`` says (``--checks-only`` stops after the runs of the
  checks);
- with ``--digest``, after the runs, a SHA-256 of what they stored (findings with their claims,
  the index of figure keys, the aliases, the counts), ids and times left out: two versions of
  the checks that print the same digest for the same ``--claims`` stored the same things.

``--page TEXT`` times only the pages whose name holds TEXT (``--page "one figure"``).
``--keep FOLDER`` (SQLite only) keeps the database in FOLDER; when FOLDER holds one already
(left by an earlier run with the same ``--claims``), it is migrated and used as it is: no
build and no runs of the checks; its statistics are dropped before the stale timings. Two versions of the code can so be timed on the same rows,
the second after its own migrations ran on them.

Measured figures are in docs/figures.md, *Speed*: a figure's own page at 200,000 claims on
SQLite went from 236-387 ms of CPU a request (stale statistics; 252-283 fresh) to 135-144
(140-187), on the same rows kept with ``--keep``.

The records a page opens are chosen deterministically (the most claimed figure key of a
measure, the first key of the index, page 50 reached by following the cursors). The temporary
folder and the PostgreSQL database are removed when the benchmark ends.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import resource
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

import harness  # noqa: E402  (beside this file)
from ledger_checks import iter_documents  # noqa: E402  (the benchmark's own synthetic documents)

ROLES = ("admin", "editor", "researcher", "viewer")


def confidentiality_of(doc: int) -> str:
    """Deterministic: one document in ten restricted, two internal, the rest public."""
    return {0: "restricted", 1: "internal", 2: "internal"}.get(doc % 10, "public")


def build(claims: int) -> None:
    """Store the synthetic documents as sources and claims, 5,000 claims per batch."""
    from django.db import transaction

    from ombuds.claims.models import Claim
    from ombuds.sources.models import Source

    started = time.perf_counter()
    # Ids drawn from a seeded generator: the same claims and sources, ids included, each time,
    # so that two versions' results compare (``--digest``); findings name their claims' ids.
    rng = random.Random(claims)

    def new_id() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    n_sources = n_claims = 0
    sources: list[Source] = []
    rows: list[Claim] = []

    def flush() -> None:
        with transaction.atomic():
            Source.objects.bulk_create(sources, batch_size=2000)
            Claim.objects.bulk_create(rows, batch_size=5000)
        sources.clear()
        rows.clear()

    for doc, facts in enumerate(iter_documents(claims), start=1):
        first = facts[0]
        source = Source(
            id=new_id(),
            sha256=new_id().hex + new_id().hex,
            file=f"sources/bench/{first.source_id}.txt",
            filename=f"{first.source_id}.txt",
            file_kind="txt",
            size=100,
            title=f"Synthetic ledger benchmark {first.source_title}",
            publisher=first.publisher,
            published=first.published,
            confidentiality=confidentiality_of(doc),
            text="synthetic",
            accepted_claims=len(facts),  # as the claims' writes keep it
        )
        sources.append(source)
        ids = {f.claim_id: new_id() for f in facts}
        for ordinal, fact in enumerate(facts, start=1):
            rows.append(
                Claim(
                    id=ids[fact.claim_id],
                    source=source,
                    ordinal=ordinal,
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
        n_sources += 1
        n_claims += len(facts)
        if len(rows) >= 5000:
            flush()
    flush()
    print(
        f"built {n_sources:,} sources and {n_claims:,} claims "
        f"in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )


def peak_mb() -> float:
    """The process's peak resident memory since the last :func:`reset_peak` (Linux), else
    since it started."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (
        next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
        / 1024
    )


def reset_peak() -> None:
    """Start counting the peak memory afresh (Linux; elsewhere the peak stays the process's)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def stored_digest() -> str:
    """A SHA-256 of what the runs stored, read in a fixed order a row at a time; the findings'
    and index rows' own ids and times are left out (each run makes its own), claims' ids kept
    (the benchmark's claims are the same rows for both versions compared)."""
    import hashlib

    from ombuds.figures.models import FigureKeyAlias, FigureSummary, Finding, FindingCount

    digest = hashlib.sha256()
    parts = [
        Finding.objects.order_by("fingerprint").values_list(
            "fingerprint", "status", "kind", "explanation", "key_slug", "current", "resolved",
            "state", "levels",
        ),
        Finding.claims.through.objects.order_by("finding__fingerprint", "claim_id").values_list(
            "finding__fingerprint", "claim_id"
        ),
        FigureSummary.objects.order_by("key_slug", "levels").values_list(
            "key_slug", "levels", "measure", "subject", "cause", "place", "period_start",
            "period_end", "unit", "claims", "sources", "latest", "open_findings",
            "current_claim_id", "low", "high", "trend",
        ),
        FigureKeyAlias.objects.order_by("own_slug").values_list(
            "own_slug", "figure_slug", "figure_series"
        ),
        FindingCount.objects.order_by("state", "status", "kind", "levels").values_list(
            "state", "status", "kind", "levels", "findings"
        ),
    ]  # fmt: skip
    for rows in parts:
        for row in rows.iterator(chunk_size=5000):
            digest.update(repr(row).encode())
        digest.update(b"|")
    return digest.hexdigest()


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def pages_of(user: Any) -> dict[str, str]:
    """The pages to time for ``user``, with the records they open chosen deterministically."""
    from dataclasses import replace
    from urllib.parse import quote

    from ombuds.claims.models import Claim
    from ombuds.figures.index import index_page, list_figure_keys
    from ombuds.figures.queries import findings_page

    key = list_figure_keys(user=user, measure="missing", limit=1)[0].key
    cursor = ""
    for _ in range(49):
        cursor = findings_page(user=user, cursor=cursor).next_cursor
    # Page 20 of the index by following its cursors, as a reader clicking "Next" would.
    after = ""
    for _ in range(19):
        after = index_page(user=user, cursor=after).next_cursor
    source = Claim.objects.visible_to(user).values_list("source_id", flat=True).first()
    return {
        "dashboard": "/",
        "figure keys, first page": "/figures/",
        "figure keys, page 20": f"/figures/?after={quote(after)}",
        "figure keys, measure=missing": "/figures/?measure=missing",
        "figure keys, place": f"/figures/?place={quote(key.place)}",
        "figure keys, periods ending in a year": "/figures/?ends_from=2021-01-01"
        "&ends_until=2021-12-31",
        "figure keys, one source": f"/figures/?source={source}",
        "one figure (chart, claims, findings)": f"/figures/{key.slug()}/",
        # The same figure with its end left open: the claims left open of every date.
        "one figure, any end": f"/figures/{replace(key, period_end=None).slug()}/",
        "open findings, first page": "/figures/findings/",
        "open findings, page 50": f"/figures/findings/?after={cursor}",
        "findings, contradictions": "/figures/findings/?state=open&status=contradiction",
        "findings, kind=differs": "/figures/findings/?state=open&kind=differs",
        "findings, all current": "/figures/findings/?state=",
        "findings of one figure key": f"/figures/findings/?state=&key={key.slug()}",
        "API findings (open)": "/api/figures/findings?open=true",
    }


def time_pages(clients: dict[str, Any], runs: int, label: str, *, only: str = "") -> None:
    harness.times_header(38, runs, label, cpu=True)
    for role, (client, user) in clients.items():
        for page, url in pages_of(user).items():
            if only not in page:
                continue
            began = time.process_time()
            t = harness.page_times(client, url, runs)
            # This process's CPU time per request (the runs and the one that counts queries):
            # on a loaded machine the wall time is mostly waiting for a core; on SQLite the
            # database's work is in this process, on PostgreSQL it is not.
            cpu_ms = (time.process_time() - began) * 1000 / (runs + 1)
            harness.times_row(page, role, t, 38, cpu_ms=cpu_ms)


def forget_statistics() -> None:
    """Drop what an earlier ANALYZE of a kept SQLite database stored: "stale" is never analysed.
    The planner reads the statistics when a connection opens, so the connection is closed."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in ("sqlite_stat1", "sqlite_stat4"):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=200_000)
    harness.page_arguments(parser)
    parser.add_argument(
        "--checks-only", action="store_true", help="time the runs of the checks, not the pages"
    )
    parser.add_argument(
        "--digest", action="store_true", help="print a digest of what the runs stored"
    )
    parser.add_argument("--page", default="", help="time only the pages whose name holds this")
    parser.add_argument(
        "--keep", default="", help="keep the SQLite database in this folder, or reuse the one there"
    )
    args = parser.parse_args()
    if args.keep and args.database_url:
        parser.error("--keep keeps a SQLite database: leave out --database-url")
    reuse = bool(args.keep) and (Path(args.keep) / "ombuds.sqlite3").exists()
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
    url = harness.throwaway_postgres(args.database_url) if args.database_url else ""
    harness.throwaway_django(url, folder=args.keep)

    from ombuds.figures.actions import do_run_checks

    if reuse:
        print(f"reusing the database in {args.keep} (migrated)", file=sys.stderr)
        run_pages(args)
        return
    build(args.claims)
    # Wall time on a shared machine varies with its load; the CPU time of this process does
    # not count the database server's on PostgreSQL.
    for label in ("first run (stores all)", "second run (all stored)"):
        reset_peak()
        began, cpu = time.perf_counter(), cpu_seconds()
        counts = do_run_checks(acting_user=None)
        print(
            f"do_run_checks, {label}: {time.perf_counter() - began:.1f} s "
            f"({cpu_seconds() - cpu:.1f} s of CPU), peak memory {peak_mb():,.0f} MB "
            f"({counts.found:,} findings, {counts.open:,} open)",
            flush=True,
        )
    if args.digest:
        print(f"digest of what the runs stored: {stored_digest()}", flush=True)
    if args.checks_only:
        return
    run_pages(args)


def run_pages(args: argparse.Namespace) -> None:
    """Time the pages for each role, with the statistics ``args`` asks for."""
    clients = harness.role_clients(ROLES)
    if args.keep:
        forget_statistics()  # a kept database may hold the statistics of an earlier run

    def timed(label: str) -> None:
        time_pages(clients, args.runs, label, only=args.page)

    harness.with_statistics(args.statistics, timed)


if __name__ == "__main__":
    main()

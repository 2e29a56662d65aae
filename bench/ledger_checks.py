"""Speed of the ledger's checks on synthetic claim facts.

    uv run python bench/ledger_checks.py [--claims 100000] [--runs 5]
    uv run python bench/ledger_checks.py --stored [--claims 1000000] [--built FOLDER]

Builds documents of 10 claims each, written for this benchmark: a casualty total with
its parts by status and age (parent-linked), killed and injured beside it, destroyed houses
and apartment buildings beside a total of civilian objects (not linked), and a missing total
that successive reports repeat, raise, round ("about ...") or lower. Every fifth document
restates the previous one's figures under another publisher, so figure keys have several
sources. Prints the median seconds of ``run_checks`` over the runs and the findings by status.
Target: under 10 seconds for 100,000 claims.

With ``--stored`` it stores the same documents as sources and claims in a throw-away SQLite
database (``bench/figures_pages.py``'s ``build``: one document in ten restricted, two in ten
internal), runs ``do_run_checks`` once on it, the first run, which stores every finding, and
prints that run's wall time, CPU time, peak memory (on Linux the peak during the run; elsewhere
since the process started), the findings it stored, and the load average of the machine
(1-minute, sampled every 10 seconds during the run: lowest and highest), with
``--digest`` a SHA-256 of what it stored (``figures_pages.stored_digest``). The aim (issue 19):
1,000,000 claims in under 5 minutes and under 2 GB. ``--built FOLDER`` keeps a copy of the
database as built, before the checks ran, in FOLDER and starts from that copy when FOLDER
holds one built for the same ``--claims`` (the build of a million claims takes half an hour):
two versions of the checks timed on the same rows. The temporary folder is removed at the
end; FOLDER is the caller's to remove.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ombuds.figures.checks import ClaimFact, run_checks

PUBLISHERS = ["Ombudsman A", "Ombudsman B", "UN mission", "NGO monitor", "News agency"]
PLACES = [f"district {n}" for n in range(40)]


def _document(rng: random.Random, doc: int, missing: dict[str, int]) -> list[ClaimFact]:
    """One synthetic document's ten claims."""
    start = dt.date(2020, 9, 27)
    place = PLACES[doc % len(PLACES)]
    published = start + dt.timedelta(days=30 + doc // len(PLACES))
    publisher = PUBLISHERS[doc % len(PUBLISHERS)] if doc % 5 else PUBLISHERS[0]
    source = f"doc{doc}"
    facts: list[ClaimFact] = []

    def add(measure: str, subject: str, value: float, **extra: object) -> str:
        claim_id = f"{source}-{len(facts) + 1}"
        facts.append(
            ClaimFact.build(
                claim_id=claim_id,
                source_id=source,
                source_title=f"Report {doc}",
                publisher=publisher,
                published=published,
                measure=measure,
                subject=subject,
                value=value,
                place=place,
                period_start=start,
                quote=f"{value:g} {subject} {measure}",
                **extra,  # type: ignore[arg-type]
            )
        )
        return claim_id

    civilians = rng.randint(50, 900)
    servicemen = rng.randint(10, 500)
    children = rng.randint(0, civilians // 3)
    total = add("killed", "people", civilians + servicemen + rng.choice([0, 0, 0, 3]))
    add("killed", "civilians", civilians, parent_id=total)
    add("killed", "servicemen", servicemen, parent_id=total)
    add("killed", "children", children, parent_id=total)
    add("injured", "people", rng.randint(100, 2000))
    houses = rng.randint(100, 5000)
    add("destroyed", "houses", houses, qualifier=rng.choice(["exact", "at_least"]))
    add("destroyed", "apartment_buildings", rng.randint(0, 200))
    add("destroyed", "civilian_objects", houses + rng.randint(-300, 600))
    missing[place] = max(0, missing[place] + rng.choice([0, 0, 5, 20, -10]))
    if rng.random() < 0.2:
        add("missing", "people", round(missing[place], -2), qualifier="approx")
    else:
        add("missing", "people", missing[place])
    add("casualties", "civilians", civilians + rng.randint(0, 300), cause="landmine")
    return facts


def iter_documents(claims: int, seed: int = 7) -> Iterator[list[ClaimFact]]:
    """The synthetic documents holding ``claims`` facts (ten per document), one at a time."""
    rng = random.Random(seed)
    missing = {place: rng.randint(100, 4000) for place in PLACES}
    doc = 0
    left = claims
    while left > 0:
        doc += 1
        facts = _document(rng, doc, missing)[:left]
        left -= len(facts)
        yield facts


def documents(claims: int, seed: int = 7) -> list[ClaimFact]:
    """About ``claims`` synthetic facts, ten per document."""
    return [fact for document in iter_documents(claims, seed) for fact in document]


class LoadSampler:
    """The machine's 1-minute load average every ``every`` seconds while it runs."""

    def __init__(self, every: float = 10.0) -> None:
        self.samples = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)

    def _run(self, every: float) -> None:
        while not self._stop.wait(every):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])

    def __str__(self) -> str:
        return f"{min(self.samples):.1f} to {max(self.samples):.1f}"


def stored_run(claims: int, built: str, digest: bool) -> None:
    """Build (or copy) the ledger of ``claims`` claims in a throw-away SQLite database and time
    the first, storing run of ``do_run_checks`` on it."""
    import harness
    from figures_pages import build, cpu_seconds, peak_mb, reset_peak, stored_digest

    copy = Path(built) / f"ledger-{claims}.sqlite3" if built else None
    reuse = bool(copy and copy.exists())
    # migrates the copy if the code has new migrations
    folder = harness.throwaway_django(start_from=str(copy) if reuse else "")
    if reuse:
        print(f"started from the ledger built in {copy}", file=sys.stderr, flush=True)

    from django.db import connection

    from ombuds.figures.actions import do_run_checks

    if not reuse:
        build(claims)
        if copy:
            connection.close()  # the file whole on disk before it is copied
            Path(built).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(folder) / "ombuds.sqlite3", copy)
    reset_peak()
    began, cpu = time.perf_counter(), cpu_seconds()
    with LoadSampler() as load:
        counts = do_run_checks(acting_user=None)
    print(
        f"do_run_checks at {claims:,} claims, first run (stores all): "
        f"{time.perf_counter() - began:.1f} s ({cpu_seconds() - cpu:.1f} s of CPU), "
        f"peak memory {peak_mb():,.0f} MB, {counts.found:,} findings ({counts.open:,} open), "
        f"load average {load} (target < 300 s, < 2,048 MB)",
        flush=True,
    )
    if digest:
        print(f"digest of what the run stored: {stored_digest()}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--stored", action="store_true", help="time the storing run on a SQLite database"
    )
    parser.add_argument(
        "--built", default="", help="with --stored: keep, or start from, the built ledger here"
    )
    parser.add_argument(
        "--digest", action="store_true", help="with --stored: a digest of what the run stored"
    )
    args = parser.parse_args()
    if args.stored:
        stored_run(args.claims, args.built, args.digest)
        return
    facts = documents(args.claims)
    times = []
    findings = []
    for _ in range(args.runs):
        began = time.perf_counter()
        findings = run_checks(facts)
        times.append(time.perf_counter() - began)
    by_status = Counter(f.status for f in findings)
    print(f"claims checked: {len(facts):,} in {len({f.source_id for f in facts}):,} documents")
    print(f"findings: {len(findings):,} ({', '.join(f'{k} {v:,}' for k, v in by_status.items())})")
    print(f"run_checks median of {args.runs}: {statistics.median(times):.2f} s (target < 10 s)")


if __name__ == "__main__":
    main()

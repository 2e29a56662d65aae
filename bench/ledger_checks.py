"""Speed of the ledger's checks on synthetic claim facts.

    uv run python bench/ledger_checks.py [--claims 100000] [--runs 5]

Builds documents of 10 claims each, written for this benchmark: a casualty total with
its parts by status and age (parent-linked), killed and injured beside it, destroyed houses
and apartment buildings beside a total of civilian objects (not linked), and a missing total
that successive reports repeat, raise, round ("about ...") or lower. Every fifth document
restates the previous one's figures under another publisher, so figure keys have several
sources. Prints the median seconds of ``run_checks`` over the runs and the findings by status.
Target: under 10 seconds for 100,000 claims.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
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

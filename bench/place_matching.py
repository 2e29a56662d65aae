"""Cost of linking claims' places to the gazetteer on ingest, with a large gazetteer and ledger.

    uv run python bench/place_matching.py [--names 10000] [--sources 100000] [--per-source 10]
        [--new 300] [--database-url URL]

Builds a throw-away SQLite database (or uses the EMPTY PostgreSQL database given) holding a
gazetteer of ``--names`` administrative units (regions of 50 districts, each unit with a second
name in another language), and ``--sources`` sources of ``--per-source`` claims whose places
are drawn from those names as documents write them (other case, a leading "the", the other
language) or are texts the gazetteer does not hold (one in five), linked as ingest links them.
Then ``--new`` sources' claims are linked the way ingest links them (``places.matching.
link_claims`` inside a transaction, as ``store_claims`` calls it) and stored. Prints the median
and 95th percentile milliseconds per source and per claim, how many claims were linked, and
the cost of one alias decision (``do_add_place_alias``) relinking the claims of a text, and
of a unit renamed by a plain save (as Django's admin or a shell saves it), which the signals of
``places/gazetteer_edits.py`` follow by relinking the claims of its old and new names.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from harness import throwaway_django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

BATCH = 5000


def written(rng: random.Random, names: list[tuple[str, str]]) -> str:
    """A place as a document writes it: a gazetteer name in some form, or one it lacks."""
    if rng.random() < 0.2:
        return f"Unnamed hamlet {rng.randint(1, 5000)}"
    english, other = rng.choice(names)
    form = rng.random()
    if form < 0.3:
        return f"the {english}"
    if form < 0.5:
        return english.upper()
    if form < 0.7:
        return other
    return english


def source_of(title: str) -> Any:
    """An unsaved source of no text (only its claims are linked)."""
    from ombuds.sources.models import Source

    sha = uuid.uuid4().hex * 2
    return Source(sha256=sha, file=f"s/{sha}.txt", filename=f"{title}.txt", file_kind="txt",
                  size=100, title=title, text="")  # fmt: skip


def claims_of(
    source: Any, count: int, rng: random.Random, names: list[tuple[str, str]]
) -> list[Any]:
    """A source's claims, unsaved, their places written as documents write them."""
    from ombuds.claims.models import Claim

    return [
        Claim(
            source=source,
            ordinal=i,
            measure="killed",
            subject="civilians",
            value=i,
            place=written(rng, names),
            span_start=0,
            span_end=1,
            quote="x",
        )
        for i in range(count)
    ]


def build(args: argparse.Namespace, rng: random.Random) -> list[tuple[str, str]]:
    from django.db import transaction

    from ombuds.claims.models import Claim
    from ombuds.places.matching import link_claims
    from ombuds.places.models import AdminUnit, PlaceName
    from ombuds.sources.models import Source

    names: list[tuple[str, str]] = []
    units: list[AdminUnit] = []
    aliases: list[PlaceName] = []
    region = None
    for n in range(args.names):
        if n % 51 == 0:
            region = AdminUnit(name=f"Region {n // 51}", level=1, code=f"R{n}")
            unit = region
        else:
            unit = AdminUnit(name=f"District {n}", level=2, code=f"D{n}", parent=region)
        unit.folded = ""
        units.append(unit)
        other = f"Район {n}"
        aliases.append(PlaceName(admin_unit=unit, name=other, language="ru"))
        names.append((unit.name, other))
    from ombuds.places.naming import fold_place

    for unit in units:
        unit.folded = fold_place(unit.name)
    for alias in aliases:
        alias.folded = fold_place(alias.name)
    AdminUnit.objects.bulk_create(units, batch_size=BATCH)
    PlaceName.objects.bulk_create(aliases, batch_size=BATCH)
    began = time.perf_counter()
    for start in range(0, args.sources, 1000):
        with transaction.atomic():
            sources = [
                source_of(f"Report {n}") for n in range(start, min(start + 1000, args.sources))
            ]
            Source.objects.bulk_create(sources)
            claims = [c for s in sources for c in claims_of(s, args.per_source, rng, names)]
            link_claims(claims, levels=1)
            Claim.objects.bulk_create(claims, batch_size=BATCH)
        if start and start % 20000 == 0:
            print(f"  {start} sources stored ({time.perf_counter() - began:.0f} s)", flush=True)
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=10_000)
    parser.add_argument("--sources", type=int, default=100_000)
    parser.add_argument("--per-source", type=int, default=10)
    parser.add_argument("--new", type=int, default=300)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    throwaway_django(args.database_url)
    from django.db import transaction

    from ombuds.claims.models import Claim
    from ombuds.places.actions import do_add_place_alias
    from ombuds.places.matching import link_claims
    from ombuds.places.models import AdminUnit

    rng = random.Random(16)
    started = time.perf_counter()
    names = build(args, rng)
    print(
        f"gazetteer of {args.names:,} units ({2 * args.names:,} names), "
        f"{args.sources:,} sources, {Claim.objects.count():,} claims stored in "
        f"{time.perf_counter() - started:.0f} s"
    )
    per_source: list[float] = []
    linked = total = 0
    for n in range(args.new):
        source = source_of(f"New {n}")
        source.save()
        claims = claims_of(source, args.per_source, rng, names)
        began = time.perf_counter()
        with transaction.atomic():
            link_claims(claims, levels=1)
        per_source.append((time.perf_counter() - began) * 1000)
        Claim.objects.bulk_create(claims)
        total += len(claims)
        linked += sum(1 for c in claims if c.linked_unit_id)
    per_source.sort()
    median = statistics.median(per_source)
    p95 = per_source[int(0.95 * (len(per_source) - 1))]
    print(
        f"linking on ingest, {args.per_source} claims a source: median {median:.2f} ms a "
        f"source ({median / args.per_source:.3f} ms a claim), 95th percentile {p95:.2f} ms; "
        f"{linked} of {total} claims linked"
    )
    target = AdminUnit.objects.filter(level=2).first()
    assert target is not None
    began = time.perf_counter()
    do_add_place_alias("Unnamed hamlet 7", entry=target, acting_user=None)
    print(
        f"one alias decision relinking {Claim.objects.filter(linked_unit=target).count():,} "
        f"claims of its unit: {(time.perf_counter() - began) * 1000:.1f} ms"
    )
    # Edits that call no action, saved as Django's admin saves them (one transaction, a plain
    # save): a district renamed to a text some claims write, its claims relinked by the
    # signals of places/gazetteer_edits.py.
    renames: list[float] = []
    moved = 0
    for n, unit in enumerate(AdminUnit.objects.filter(level=2).order_by("code")[1:12]):
        unit.name = f"Unnamed hamlet {100 + n}"
        began = time.perf_counter()
        with transaction.atomic():
            unit.save()
        renames.append((time.perf_counter() - began) * 1000)
        moved += Claim.objects.filter(linked_unit=unit).count()
    renames.sort()
    print(
        f"a unit renamed by a plain save, relinking the claims of its old and new names "
        f"({moved / len(renames):.0f} claims on average): median "
        f"{statistics.median(renames):.1f} ms, slowest {renames[-1]:.1f} ms of {len(renames)}"
    )


if __name__ == "__main__":
    main()

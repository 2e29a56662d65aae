"""Cost of finding copies of one text on ingest, with many sources signed already.

    uv run python bench/copies.py [--sources 100000] [--new 300] [--database-url URL]

Builds a throw-away SQLite database in a temporary folder (or uses the EMPTY PostgreSQL
database given with --database-url) and fills the signatures index: ``--sources`` generated
texts of 250 to 400 words drawn from a vocabulary of 20,000 words with Zipf's law, so that
unrelated texts share common words and phrases as real ones do; every 20th text is an edited
republication of an earlier one (a new headline, a byline, words changed, a closing line).
Their signatures are stored as ingest stores them (``TextSignature``, ``SignatureBand``).

Then ``--new`` sources are ingested's way (``copy_actions.sign_and_group`` inside a
transaction, as ``do_ingest_source`` calls it): half are edited copies of indexed texts, half
new texts. Prints the median and 95th percentile milliseconds per source, how many copies were
found and how many new texts were wrongly grouped, the rows and bytes of the index, and the
process's peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import resource
import shutil
import statistics
import sys
import time
import uuid
from pathlib import Path

from harness import throwaway_django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

VOCABULARY = 20_000
BATCH = 1000


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """The words and their cumulative Zipf weights."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choices(letters, k=rng.randint(2, 9))) for _ in range(VOCABULARY)]
    weights = list(itertools.accumulate(1.0 / rank for rank in range(1, VOCABULARY + 1)))
    return words, weights


def story(rng: random.Random, words: list[str], weights: list[float]) -> str:
    drawn = rng.choices(words, cum_weights=weights, k=rng.randint(250, 400))
    sentences = [" ".join(drawn[i : i + 15]).capitalize() + "." for i in range(0, len(drawn), 15)]
    return " ".join(sentences)


def republished(rng: random.Random, text: str, words: list[str]) -> str:
    """The text as another outlet prints it: a headline, a byline, 2% of its words changed,
    a closing line."""
    tokens = text.split()
    for _ in range(max(1, len(tokens) // 50)):
        tokens[rng.randrange(len(tokens))] = rng.choice(words)
    headline = " ".join(rng.choice(words) for _ in range(8)).capitalize()
    return f"{headline}\nBy our correspondent\n\n{' '.join(tokens)}\nMore on our website."


def _source(n: int, text: str) -> object:
    from ombuds.sources.models import Source

    return Source(
        sha256=uuid.uuid4().hex + uuid.uuid4().hex,
        file=f"sources/bench/{n}.txt",
        filename=f"bench-{n}.txt",
        file_kind="txt",
        size=len(text),
        title=f"Generated story {n}",
        published=dt.date(2015, 1, 1) + dt.timedelta(days=n % 3000),
        text=text,
    )


def build(count: int, rng: random.Random, words: list[str], weights: list[float]) -> list[str]:
    """Sign ``count`` generated texts into the index; the texts (kept for making copies)."""
    from django.db import connection, transaction

    from ombuds.sources import copies
    from ombuds.sources.models import SignatureBand, Source, TextSignature

    texts: list[str] = []
    began = time.perf_counter()
    signing = 0.0
    for first in range(0, count, BATCH):
        batch_texts = []
        for n in range(first, min(first + BATCH, count)):
            if n % 20 == 19:
                earlier = texts + batch_texts
                batch_texts.append(republished(rng, earlier[rng.randrange(len(earlier))], words))
            else:
                batch_texts.append(story(rng, words, weights))
        texts.extend(batch_texts)
        t0 = time.perf_counter()
        signatures = [copies.signature(t) for t in batch_texts]
        signing += time.perf_counter() - t0
        with transaction.atomic():
            # The index's texts are not needed to find copies: only their signatures are kept.
            sources = Source.objects.bulk_create(
                [_source(first + i, "") for i in range(len(batch_texts))]
            )
            TextSignature.objects.bulk_create(
                TextSignature(source=s, version=copies.VERSION, words=g.words, digest=g.digest,
                              minhash=g.minhash)
                for s, g in zip(sources, signatures, strict=True) if g is not None
            )  # fmt: skip
            # Three million rows: one executemany, not model instances.
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {SignatureBand._meta.db_table} (source_id, bucket) VALUES (%s, %s)",
                    [
                        (source_id, bucket)
                        for s, g in zip(sources, signatures, strict=True)
                        if g is not None
                        for source_id in [s.pk.hex if connection.vendor == "sqlite" else s.pk]
                        for bucket in g.buckets
                    ],
                )
        done = first + len(batch_texts)
        if done % 10_000 == 0 or done == count:
            print(f"  indexed {done:,} sources in {time.perf_counter() - began:.0f} s",
                  file=sys.stderr)  # fmt: skip
    print(f"signing while building: {signing / count * 1000:.2f} ms per source (mean)")
    return texts


def index_size() -> str:
    from django.db import connection

    from ombuds.sources.models import SignatureBand, TextSignature

    rows = f"{TextSignature.objects.count():,} signatures, {SignatureBand.objects.count():,} bands"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_total_relation_size('sources_signatureband') + "
                "pg_total_relation_size('sources_textsignature')"
            )
            size = cursor.fetchone()[0]
            return f"{rows}, {size / 2**20:.0f} MiB with their indexes"
        cursor.execute(
            "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'sources_signatureband%' "
            "OR name LIKE 'sources_textsignature%' OR name LIKE '%signatureband%'"
        )
        found = cursor.fetchone()
        size = found[0] if found and found[0] else 0
    return f"{rows}, {size / 2**20:.0f} MiB with their indexes"


def measure(new: int, texts: list[str], rng: random.Random, words, weights) -> None:
    from django.db import transaction

    from ombuds.sources.copy_actions import sign_and_group
    from ombuds.sources.models import Source

    checks, whole = [], []
    found = missed = wrong = 0
    for n in range(new):
        is_copy = n % 2 == 0
        text = republished(rng, rng.choice(texts), words) if is_copy else story(rng, words, weights)
        source = _source(10_000_000 + n, text)
        began = time.perf_counter()
        with transaction.atomic():
            Source.objects.bulk_create([source])  # type: ignore[list-item]
            checking = time.perf_counter()
            match = sign_and_group(source)  # type: ignore[arg-type]
            checks.append(time.perf_counter() - checking)
        whole.append(time.perf_counter() - began)
        if is_copy:
            found += match is not None
            missed += match is None
        else:
            wrong += match is not None
    print(f"the copy check (sign, store the signature, find candidates, measure, group): "
          f"median {_ms(checks, 0.5)} ms, p95 {_ms(checks, 0.95)} ms per source")  # fmt: skip
    print(f"the whole transaction (store the source, the check, commit): median "
          f"{_ms(whole, 0.5)} ms, p95 {_ms(whole, 0.95)} ms")  # fmt: skip
    print(f"copies found {found} of {found + missed}; new texts wrongly grouped: {wrong}")


def _ms(times: list[float], share: float) -> str:
    if share == 0.5:
        return f"{statistics.median(times) * 1000:.1f}"
    ordered = sorted(times)
    return f"{ordered[max(0, int(len(ordered) * share) - 1)] * 1000:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sources", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=300)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    folder = throwaway_django(args.database_url)
    try:
        run(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, folder: str) -> None:
    print(f"database: {'PostgreSQL' if args.database_url else 'SQLite in ' + folder}")
    rng = random.Random(16)
    words, weights = vocabulary(rng)
    began = time.perf_counter()
    texts = build(args.sources, rng, words, weights)
    print(f"index of {args.sources:,} sources built in {time.perf_counter() - began:.0f} s: "
          f"{index_size()}")  # fmt: skip
    measure(args.new, texts, rng, words, weights)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process: {peak:.0f} MiB (the generated texts included)")


if __name__ == "__main__":
    main()

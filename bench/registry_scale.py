"""Registry at scale: import 100,000 casualty rows from CSV, then the figure breakdown over
1,000,000 casualty records (killed and injured by year x status x age group x sex, one cause)
through the registry's query, beside the equivalent raw SQL GROUP BY on the same database.

Runs on a temporary database: a fresh SQLite file in a temp folder, or, when DATABASE_URL
names a PostgreSQL server, a new database on that server dropped at the end.

    uv run python bench/registry_scale.py [--total 1000000] [--import-rows 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres uv run python bench/registry_scale.py
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

INCIDENT_TYPES = ["mine", "erw", "improvised_mine", "shelling", "airstrike", "gunfire"]


def write_csv(path: Path, rows: int, *, prefix: str, seed: int) -> None:
    rng = random.Random(seed)
    incidents = max(1, rows // 4)
    kinds = {i: rng.choice(INCIDENT_TYPES) for i in range(incidents)}
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["external_id", "incident_external_id", "incident_type", "incident_date",
                         "incident_place", "outcome", "status", "age", "sex", "synthetic"])  # fmt: skip
        for n in range(rows):
            i = rng.randrange(incidents)
            year = 2020 + i % 5
            writer.writerow([
                f"{prefix}-C{n:07d}", f"{prefix}-I{i:06d}", kinds[i], f"{year}-{1 + i % 12:02d}-15",
                "Synthetic place", rng.choices(["killed", "injured", "unknown"], [35, 60, 5])[0],
                rng.choices(["civilian", "serviceman", "deminer", "unknown"], [55, 35, 5, 5])[0],
                rng.choice(["", str(rng.randrange(2, 90))]),
                rng.choice(["male", "female", "unknown"]), "yes",
            ])  # fmt: skip


def median_ms(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=1_000_000, help="casualty records in all")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--people", type=int, default=0, help="synthetic persons for name search")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="ombuds-bench-"))
    os.environ.setdefault("SECRET_KEY", "bench-only")
    url = os.environ.get("DATABASE_URL", "")
    pg_admin = None
    bench_db = f"ombuds_bench_{os.getpid()}"
    if url.startswith("postgres"):
        import psycopg

        pg_admin = psycopg.connect(url, autocommit=True)
        pg_admin.execute(f'CREATE DATABASE "{bench_db}"')
        os.environ["DATABASE_URL"] = urlunparse(urlparse(url)._replace(path=f"/{bench_db}"))
    else:
        os.environ["OMBUDS_VAR_DIR"] = str(tmp)
    os.environ["DJANGO_SETTINGS_MODULE"] = "ombuds.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", verbosity=0)
        vendor = connection.vendor
        print(f"database: {vendor} (temporary: {bench_db if pg_admin else tmp})")
        from ombuds.registry.actions import do_import_records
        from ombuds.registry.importing import parse_file
        from ombuds.registry.models import Casualty
        from ombuds.registry.queries import casualty_breakdown

        def import_file(path: Path) -> tuple[float, float, int]:
            start = time.perf_counter()
            report, rows = parse_file(path.read_bytes(), filename=path.name, kind="casualties")
            checked = time.perf_counter() - start
            assert report.ok, report.summary()
            do_import_records(report, rows, acting_user=None)
            return checked, time.perf_counter() - start, report.created + report.updated

        first = tmp / "casualties.csv"
        write_csv(first, args.import_rows, prefix="A", seed=1)
        checked, seconds, count = import_file(first)
        print(f"import {count:,} casualty rows from CSV: {seconds:.1f} s "
              f"(checking {checked:.1f} s, writing {seconds - checked:.1f} s)")  # fmt: skip
        checked, seconds, count = import_file(first)
        print(f"re-import the same {count:,} rows (updates, no duplicates): {seconds:.1f} s")

        filled = Casualty.objects.count()
        part = 0
        fill_start = time.perf_counter()
        while filled < args.total:
            rows = min(200_000, args.total - filled)
            path = tmp / f"fill{part}.csv"
            write_csv(path, rows, prefix=f"F{part}", seed=100 + part)
            import_file(path)
            path.unlink()
            filled += rows
            part += 1
        print(f"filled to {Casualty.objects.count():,} casualty records "
              f"in {time.perf_counter() - fill_start:.0f} s")  # fmt: skip

        # Planner statistics, as autovacuum (PostgreSQL) or `ANALYZE` after a bulk load give them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        def ours() -> list[object]:
            return casualty_breakdown(cause="landmine")

        raw_sql = (
            "SELECT year, status, age_group, sex, outcome, SUM(count), COUNT(*) "
            "FROM registry_casualty WHERE cause = %s AND outcome IN (%s, %s) "
            "GROUP BY year, status, age_group, sex, outcome "
            "ORDER BY year, status, age_group, sex, outcome"
        )

        def raw() -> list[object]:
            with connection.cursor() as cursor:
                cursor.execute(raw_sql, ["landmine", "killed", "injured"])
                return list(cursor.fetchall())

        ours_rows = ours()
        raw_rows = raw()
        same = [(r["year"], r["status"], r["age_group"], r["sex"], r["outcome"], r["people"])
                for r in ours_rows] == [tuple(r[:6]) for r in raw_rows]  # type: ignore[index]  # fmt: skip
        print(f"breakdown cells: {len(ours_rows)}; identical to the raw GROUP BY: {same}")
        print(f"breakdown via registry query (summary table), median of {args.runs}: "
              f"{median_ms(ours, args.runs):.1f} ms")  # fmt: skip
        print(f"equivalent raw SQL GROUP BY over registry_casualty, median of {args.runs}: "
              f"{median_ms(raw, args.runs):.1f} ms")  # fmt: skip
        from ombuds.registry.queries import _encode, filtered_records, list_records

        filters = {"outcome": "killed", "cause": "landmine", "status": "civilian"}
        matching = filtered_records("casualties", filters, user=None).order_by("-created_at", "-id")
        deep = matching.values_list("created_at", "id")[int(matching.count() * 0.9)]
        cursor = _encode(deep[0], deep[1])
        print(f"casualty list, first page, filters {filters}, median of {args.runs}: "
              f"{median_ms(lambda: list_records('casualties', filters=filters, user=None), args.runs):.1f} ms")  # fmt: skip
        print(f"casualty list, a page 90% deep with the same filters, median of {args.runs}: "
              f"{median_ms(lambda: list_records('casualties', filters=filters, user=None, cursor=cursor), args.runs):.1f} ms")  # fmt: skip
        if args.people:
            from ombuds.registry.synth import generate

            start = time.perf_counter()
            generate(people=args.people, seed=7, say=lambda _m: None)
            print(f"synthetic persons with their records: {args.people:,} "
                  f"in {time.perf_counter() - start:.0f} s")  # fmt: skip
            for query in ("Mamedov", "Григорян Армен", "Hovhannisyan"):
                found = len(list_records("persons", filters={"name": query}, user=None).rows)
                ms = median_ms(
                    lambda q=query: list_records("persons", filters={"name": q}, user=None),
                    args.runs,
                )
                print(f"name search {query!r} ({found} on the first page), median: {ms:.1f} ms")
    finally:
        connection.close()
        if pg_admin is not None:
            pg_admin.execute(f'DROP DATABASE IF EXISTS "{bench_db}"')
            pg_admin.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

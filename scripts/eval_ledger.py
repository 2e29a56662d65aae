"""`make eval`, the ledger's part: ingest the two seed documents and check the findings.

Works on a throwaway SQLite database and file store in a temporary folder: migrates it,
ingests the seeds from $OMBUDS_SHARED/seeds (default: ../shared next to the repository) with
their publication dates through the real ingest action, runs the ledger's checks, prints every
finding and exits non-zero unless the four findings the ledger must report are there.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = {
    "000_30c2c541372784c9.txt": (
        dt.date(2021, 9, 21),
        "Trend News Agency, citing the Ombudsman of Azerbaijan",
    ),
    "001_b80b6b93a2a1b4e3.txt": (
        dt.date(2023, 1, 25),
        "Commissioner for Human Rights (Ombudsman) of the Republic of Azerbaijan",
    ),
}


def shared_folder() -> Path:
    return Path(os.environ.get("OMBUDS_SHARED") or ROOT.parent / "shared").resolve()


def main() -> int:
    seeds = shared_folder() / "seeds"
    missing = [name for name in SEEDS if not (seeds / name).is_file()]
    if missing:
        print(f"eval_ledger: {', '.join(missing)} not found in {seeds}: set OMBUDS_SHARED.")
        return 2
    with tempfile.TemporaryDirectory(prefix="ombuds-ledger-") as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/ledger.sqlite3"
        os.environ["OMBUDS_VAR_DIR"] = folder
        os.environ.setdefault("SECRET_KEY", "eval-ledger-throwaway")
        os.environ["DJANGO_SETTINGS_MODULE"] = "ombuds.settings"
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        return evaluate(seeds)


def evaluate(seeds: Path) -> int:
    from ombuds.figures.actions import do_run_checks
    from ombuds.figures.models import Finding
    from ombuds.sources.actions import do_ingest_source

    sources = {}
    for name, (published, publisher) in SEEDS.items():
        source, _new = do_ingest_source(
            (seeds / name).read_bytes(),
            filename=name,
            acting_user=None,
            published=published,
            publisher=publisher,
        )
        sources[published.year] = source
        print(f"ingested {name} ({published}): {source.claims.count()} claims")
    counts = do_run_checks(acting_user=None)
    print(f"checks: {counts.found} findings, {counts.open} open")
    findings = list(Finding.objects.filter(current=True).prefetch_related("claims__source"))
    for finding in findings:
        print(f"  [{finding.status}] {finding.kind}: {finding.explanation}")

    def has(
        status: str, test: Callable[[list[tuple[int, str, str, float]]], bool]
    ) -> Finding | None:
        for finding in findings:
            if finding.status != status:
                continue
            claims = [
                (c.source.published.year, c.measure, c.subject, float(c.value))
                for c in finding.claims.all()
            ]
            if test(claims):
                return finding
        return None

    def contains(*wanted: tuple[int, str, str, float]) -> Callable[[list[object]], bool]:
        return lambda claims: all(w in claims for w in wanted)

    required = [
        (
            "2021: destroyed houses and apartment buildings against the total of civilian "
            "objects, to review",
            has(
                "needs_review",
                contains(
                    (2021, "destroyed", "houses", 3410.0),
                    (2021, "destroyed", "apartment_buildings", 120.0),
                    (2021, "destroyed", "civilian_objects", 512.0),
                ),
            ),
        ),
        (
            "2023: 3,171 + 719 = 3,890 missing, consistent",
            has(
                "consistent",
                contains(
                    (2023, "missing", "people", 3890.0),
                    (2023, "missing", "servicemen", 3171.0),
                    (2023, "missing", "civilians", 719.0),
                ),
            ),
        ),
        (
            "3,890 missing in 2021 and in 2023 agree",
            has(
                "consistent",
                contains((2021, "missing", "people", 3890.0), (2023, "missing", "people", 3890.0)),
            ),
        ),
        (
            '"nearly 4,000" missing consistent with 3,890',
            has(
                "consistent",
                lambda claims: (
                    any(c[1] == "missing" and c[3] == 4000.0 for c in claims)
                    and any(c[1] == "missing" and c[3] == 3890.0 for c in claims)
                ),
            ),
        ),
    ]
    failed = 0
    print("required findings:")
    for name, finding in required:
        mark = "ok  " if finding else "MISSING"
        failed += finding is None
        print(f"  {mark} {name}" + (f"\n       {finding.explanation}" if finding else ""))
    print(f"ledger: {len(required) - failed}/{len(required)} required findings")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

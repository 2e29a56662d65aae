"""Multiple systems estimation: times and results on the Kosovo table, and on populations of
known size drawn from HRDAG's simulation designs (StanLCMCR's sim1 to sim5, N = 2,000).

Prints the log-linear search time (median of runs), and for each LCMCR seed its time, median
and 95% interval beside R's (research note C, §3.4); then, for each simulated population, the
best-BIC log-linear and the LCMCR estimates beside the true 2,000.

    uv run python bench/estimation.py [--seeds 1,2,3,123] [--runs 5] [--no-sims]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from ombuds.registry.estimation import lcmcr, loglinear
from ombuds.registry.estimation.tables import OverlapTable

KOSOVO = {"0001": 306, "0010": 936, "0011": 123, "0100": 845, "0101": 31, "0110": 217,
          "0111": 32, "1000": 1131, "1001": 106, "1010": 228, "1011": 42, "1100": 177,
          "1101": 18, "1110": 181, "1111": 27}  # fmt: skip
# (stratum sizes, list-inclusion probabilities per stratum), StanLCMCR simulations.yaml.
SIMS = {
    "sim1": ([1800, 200], [[.033, .033, .099, .132, .033], [.660, .825, .759, .990, .693]]),
    "sim2": ([1600, 400], [[.013, .013, .099, .132, .033], [.560, .825, .759, .990, .593]]),
    "sim3": ([1600, 400], [[.113, .113, .199, .232, .133], [.860, .925, .859, .990, .793]]),
    "sim4": ([1600, 200, 200], [[.1, .05, .15, .2, .1], [.5, .4, .6, .4, .5],
                                [.8, .9, .6, .7, .7]]),
    "sim5": ([1600, 400], [[.113, .113, .199, .832, .733], [.860, .925, .859, .190, .193]]),
}  # fmt: skip


def simulated(name: str, seed: int) -> OverlapTable:
    sizes, probabilities = SIMS[name]
    rng = np.random.default_rng(seed)
    rows = [
        rng.random((size, 5)) < np.array(p) for size, p in zip(sizes, probabilities, strict=True)
    ]
    captured = np.vstack(rows).astype(int)
    return OverlapTable.from_memberships(
        ("A", "B", "C", "D", "E"), [set(np.flatnonzero(row)) for row in captured]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", default="1,2,3,123")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-sims", action="store_true")
    args = parser.parse_args()
    table = OverlapTable(
        ("EXH", "ABA", "OSCE", "HRW"), {tuple(int(c) for c in k): n for k, n in KOSOVO.items()}
    )
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        result = loglinear.estimate(table)
        times.append(time.perf_counter() - started)
    print(
        f"Kosovo log-linear: {len(result.ranked)} models searched and the interval profiled in "
        f"{statistics.median(times):.2f} s (median of {args.runs}); best {result.best.name} "
        f"N = {result.best.n_hat:,.1f} (Rcapture 10,356.5), 95% {result.lower:,.0f} to "
        f"{result.upper:,.0f}"
    )
    print("Kosovo LCMCR (R: medians 10,402 to 10,598 over seeds 1, 2, 3, 123):")
    for seed in (int(s) for s in args.seeds.split(",")):
        started = time.perf_counter()
        draws = lcmcr.sample(table, lcmcr.LcmcrSettings(seed=seed))
        print(
            f"  seed {seed}: {time.perf_counter() - started:.1f} s, median {draws.median:,.0f}, "
            f"95% {draws.lower:,.0f} to {draws.upper:,.0f}"
        )
    if args.no_sims:
        return
    print("Simulated populations of 2,000 (seed 100):")
    for name in SIMS:
        sim = simulated(name, 100)
        ll = loglinear.estimate(sim)
        lc = lcmcr.sample(sim, lcmcr.LcmcrSettings(seed=1))
        print(
            f"  {name}: observed {sim.observed:,}; log-linear {ll.best.name} {ll.best.n_hat:,.0f} "
            f"({ll.lower:,.0f} to {ll.upper:,.0f}); LCMCR {lc.median:,.0f} "
            f"({lc.lower:,.0f} to {lc.upper:,.0f})"
        )


if __name__ == "__main__":
    main()

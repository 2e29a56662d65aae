"""bench/all_pages.py at a tiny scale: a row for every page and role, and nothing left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "all_pages.py"
# What the issue of a million records asks the benchmark to time; each must be a row.
PAGES = (
    "dashboard",
    "findings, first page",
    "findings, page 50",
    "figure killed · people (with records)",
    "figure keys index",
    "claims, first page",
    "claims, period overlap",
    "places home",
    "map layer: finds in a district box",
    "registry incidents, first page",
    "registry casualties, first page",
    "appeal page",
)
ROLES = ("editor", "viewer")


def test_tiny_scale_prints_a_row_per_page_and_role_and_removes_its_folder(tmp_path: Path) -> None:
    # given a temporary directory of its own, so that what the run leaves there can be seen
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["TMPDIR"] = str(tmp_path)
    # when the benchmark runs at a thousandth of the scale
    run = subprocess.run(
        [sys.executable, str(BENCH), "--scale", "0.001", "--runs", "1", "--statistics", "fresh",
         "--roles", ",".join(ROLES)],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    # then it succeeds and prints one table, with a row for every page and role
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.count("statistics fresh (ANALYZE)") == 1
    rows = [line for line in run.stdout.splitlines() if line.split()[:1] and "  " in line]
    for role in ROLES:
        for page in PAGES:
            found = [r for r in rows if r.startswith(page) and f" {role} " in r]
            assert len(found) == 1, (page, role, run.stdout)
            # timed (median, p95, queries) or said to be closed to the role; never blank
            fields = found[0][40:].split()
            assert fields[0] == role
            assert fields[1] == "not" or (float(fields[1]) > 0 and int(fields[3]) > 0), found[0]
    # and the viewer is shown the approved copy, the editor the draft
    assert any(r.startswith("appeal page (approved copy)") and " viewer " in r for r in rows)
    assert any(r.startswith("appeal page (demo draft)") and " editor " in r for r in rows)
    # and its temporary folder is gone
    assert not list(tmp_path.iterdir())

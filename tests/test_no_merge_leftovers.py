"""No file of the project keeps the markers a merge leaves around a conflict.

A stylesheet once shipped with them: the browser dropped the two rules they enclosed and nothing
else failed. Every text file git tracks is read, so the check follows the tree as it grows.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^(<{7}|>{7}) ", re.MULTILINE)


def test_no_tracked_file_holds_conflict_markers() -> None:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    found = []
    for name in filter(None, listed):
        path = ROOT / name.decode()
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue  # binary files (images, fonts) and files deleted in the work tree
        for match in MARKER.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{name.decode()}:{line}")
    assert not found, "conflict markers left by a merge: " + ", ".join(found)

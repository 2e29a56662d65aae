"""`ombuds extract`: JSON lines on stdout, errors on stderr, exit status, published date."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ombuds.claims.extract_command import extract


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_jsonl_output_is_only_claims(tmp_path: Path) -> None:
    doc = write(tmp_path, "a.txt", "From 1995 until now, 61 people were killed by mines.")
    result = CliRunner().invoke(extract, ["--published", "2024-02-01", doc])
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    claim = json.loads(line)
    assert claim["doc"] == doc
    assert (claim["measure"], claim["subject"], claim["value"]) == ("killed", "people", 61)
    assert (claim["period_start"], claim["period_end"]) == ("1995-01-01", "2024-02-01")
    assert claim["cause"] == "landmine"


def test_unreadable_file_is_reported_and_others_processed(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", "12 houses were destroyed.")
    empty = write(tmp_path, "empty.txt", "")
    result = CliRunner().invoke(extract, [empty, good])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    assert "empty.txt" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(extract, [str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "nope.txt" in result.stderr


def test_table_format(tmp_path: Path) -> None:
    doc = write(tmp_path, "a.txt", "About 300 families were displaced, including 20 women.")
    result = CliRunner().invoke(extract, ["--format", "table", doc])
    assert result.exit_code == 0
    assert "displaced" in result.stdout
    assert "households" in result.stdout


def test_bad_published_date(tmp_path: Path) -> None:
    doc = write(tmp_path, "a.txt", "5 houses were destroyed.")
    result = CliRunner().invoke(extract, ["--published", "21.09.2021", doc])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_spans_match_read_text_with_crlf(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Title\r\n\r\nIn April, 9 civilians were injured.\r\n")
    result = CliRunner().invoke(extract, [str(path)])
    [claim] = [json.loads(line) for line in result.stdout.splitlines()]
    text = path.read_text(errors="replace")
    assert text[claim["span"][0] : claim["span"][1]] == claim["quote"]

"""`ombuds ingest`: several files, a bad one reported and the others still stored."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from ombuds.cli import main
from ombuds.sources.models import Source
from tests.sources.documents import REPORT, REPORT_TWO, docx_bytes

pytestmark = pytest.mark.django_db


def test_ingest_stores_good_files_and_reports_the_bad_one(tmp_path):
    good = tmp_path / "statement.txt"
    good.write_text(REPORT)
    other = tmp_path / "mines.docx"
    other.write_bytes(docx_bytes(REPORT_TWO))
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    missing = tmp_path / "nowhere.pdf"

    result = CliRunner().invoke(
        main,
        [
            "ingest",
            str(good),
            str(bad),
            str(other),
            str(missing),
            "--published",
            "2022-03-03",
            "--publisher",
            "Examplia Ombudsperson",
            "--kind",
            "ombudsman_statement",
        ],
    )

    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert errors[0].startswith(f"error: {bad}: ")
    assert "empty" in errors[0].split("empty.txt", 1)[1]
    assert errors[1].startswith(f"error: {missing}: ")
    assert "[3/4]" in result.stderr  # progress for several files
    stored = Source.objects.order_by("filename")
    assert [s.filename for s in stored] == ["mines.docx", "statement.txt"]
    for source in stored:
        assert source.published == dt.date(2022, 3, 3)
        assert source.publisher == "Examplia Ombudsperson"
        assert source.kind == "ombudsman_statement"
        assert source.claims.exists()
    assert "stored as" in result.stdout


def test_ingest_twice_finds_the_stored_source(tmp_path):
    good = tmp_path / "statement.txt"
    good.write_text(REPORT)
    runner = CliRunner()

    first = runner.invoke(main, ["ingest", str(good)])
    second = runner.invoke(main, ["ingest", str(good)])

    assert first.exit_code == second.exit_code == 0
    assert "already stored" in second.stdout
    assert Source.objects.count() == 1


def test_ingest_refuses_a_bad_date(tmp_path):
    good = tmp_path / "statement.txt"
    good.write_text(REPORT)

    result = CliRunner().invoke(main, ["ingest", str(good), "--published", "3 March"])

    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr
    assert Source.objects.count() == 0

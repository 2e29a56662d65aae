"""`ombuds check --json` and `ombuds figures --json`: one JSON object a line, in their shapes."""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal

import pytest
from click.testing import CliRunner
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ombuds.claims.models import Claim
from ombuds.cli import main
from ombuds.figures import commands
from ombuds.figures.actions import do_run_checks
from ombuds.figures.models import Finding
from ombuds.sources.models import Source
from tests.figures.factories import make_claim, make_source

pytestmark = pytest.mark.django_db(transaction=True)
END = dt.date(2022, 12, 31)


@pytest.fixture
def claims():
    a = make_source("Examplia report", publisher="Ombudsperson of Examplia")
    b = make_source("Otherland report", publisher="Ombudsperson of Otherland")
    total = make_claim(a, "missing", "people", 3890)
    make_claim(a, "missing", "servicemen", 3171, parent=total)
    make_claim(a, "missing", "civilians", 719, parent=total)
    make_claim(b, "killed", "civilians", 1230, period_end=END)
    make_claim(a, "killed", "civilians", 1203, period_end=END)
    return a, b


def test_check_json_prints_every_finding_in_its_shape(claims):
    result = CliRunner().invoke(main, ["check", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == Finding.objects.count() == 2
    for row in rows:
        assert row["status"] in ("consistent", "contradiction", "needs_review")
        assert isinstance(row["kind"], str)
        assert isinstance(row["explanation"], str)
        for claim in row["claims"]:
            assert set(claim) >= {"claim_id", "source", "value"}
    by_kind = {row["kind"]: row for row in rows}
    assert by_kind["parts_add_up"]["status"] == "consistent"
    assert sorted(c["value"] for c in by_kind["parts_add_up"]["claims"]) == [719, 3171, 3890]
    assert by_kind["differs"]["status"] == "contradiction"
    assert {c["source"] for c in by_kind["differs"]["claims"]} == {
        "Examplia report",
        "Otherland report",
    }


def test_check_without_json_prints_one_line_per_finding(claims):
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert any(line.startswith("[contradiction] differs:") for line in lines)


def test_figures_json_gives_one_object_per_key_with_claimed_values(claims):
    result = CliRunner().invoke(main, ["figures", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    required = {"measure", "subject", "cause", "place", "period_start", "period_end",
                "records", "claimed"}  # fmt: skip
    assert all(required <= set(row) for row in rows)
    killed = next(r for r in rows if r["measure"] == "killed")
    assert killed["period_end"] == "2022-12-31"
    assert sorted((c["source"], c["value"], c["qualifier"]) for c in killed["claimed"]) == [
        ("Examplia report", 1203, "exact"),
        ("Otherland report", 1230, "exact"),
    ]
    missing = next(r for r in rows if r["subject"] == "people")
    assert missing["period_end"] == "2022-03-03"  # open end: as of the publication date


def test_figures_json_puts_current_record_counts_beside_the_claims_of_their_series(claims):
    from ombuds.registry.actions import do_save_record
    from ombuds.registry.models import MissingPersonCase
    from tests.registry.factories import person

    do_save_record(
        MissingPersonCase(),
        values={
            "person": person("Elvin Məmmədov"),
            "status_group": "civilian",
            "status": "reported",
        },
        acting_user=None,
    )
    result = CliRunner().invoke(main, ["figures", "--json"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    people = next(r for r in rows if r["subject"] == "people" and r["claimed"])
    assert people["records"] == 1
    assert [c["value"] for c in people["claimed"]] == [3890]
    killed = next(r for r in rows if r["measure"] == "killed")
    assert killed["records"] is None


def _districts_of_three(count: int) -> None:
    """``count`` sources, three per district, each claiming a slightly different number of civilians
    killed there: every district's three give three pairs that differ (``count`` findings)."""
    start = Source.objects.count()
    sources = Source.objects.bulk_create(
        Source(
            sha256=f"{n:064x}",
            file=f"sources/many/{n}.txt",
            filename=f"{n}.txt",
            file_kind="txt",
            size=10,
            title=f"Report {n}",
            publisher=f"Publisher {n}",
            published=dt.date(2023, 1, 1) + dt.timedelta(days=n % 3),
            text="x" * 1000,
        )
        for n in range(start, start + count)
    )
    Claim.objects.bulk_create(
        Claim(
            source=source,
            ordinal=1,
            measure="killed",
            subject="civilians",
            value=Decimal(100 + n % 3),
            place=f"district {n // 3}",
            period_end=END,
            span_start=0,
            span_end=3,
            quote="100",
        )
        for n, source in enumerate(sources, start=start)
    )


def test_check_prints_every_finding_of_a_ledger_of_thousands_of_sources():
    # 3,000 sources: reading their claims' sources as one condition per source overflowed
    # SQLite's expression depth (1,000); the command reads a batch of findings at a time.
    _districts_of_three(3000)
    result = CliRunner().invoke(main, ["check", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    # Each district's three sources give three pairs that differ.
    assert len(rows) == Finding.objects.count() == 3000
    stored = {
        (str(c.source_id), str(c.pk)): c
        for c in Claim.objects.select_related("source").defer("source__text")
    }
    for row in rows:
        assert row["status"] == "contradiction"
        assert len(row["claims"]) == 2
        for claim in row["claims"]:
            match = stored[(claim["source_id"], claim["claim_id"])]
            assert claim["value"] == int(match.value)
            assert claim["source"] == match.source.title
            assert claim["publisher"] == match.source.publisher
    assert len({tuple(sorted(c["claim_id"] for c in row["claims"])) for row in rows}) == 3000


def _printed_with_queries(*args: str) -> tuple[list[str], list[str]]:
    """The lines ``ombuds check`` prints and the SQL of the queries it makes."""
    with CaptureQueriesContext(connection) as captured:
        result = CliRunner().invoke(main, ["check", *args])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines(), [q["sql"] for q in captured.captured_queries]


def test_check_streams_findings_a_batch_at_a_time_with_queries_bounded_by_the_batch(
    monkeypatch,
):
    monkeypatch.setattr(commands, "PAGE", 40)
    sizes = {}
    for total in (300, 600):
        _districts_of_three(total - Finding.objects.count())
        do_run_checks(acting_user=None)
        assert Finding.objects.count() == total
        lines, queries = _printed_with_queries("--json", "--no-run")
        assert len(lines) == total
        assert len({line for line in lines}) == total
        # One query reads the findings, a chunk at a time; one more per batch reads the
        # batch's claims with their sources, never their texts.
        assert len(queries) == 1 + math.ceil(total / 40)
        assert not any("text" in q.split("FROM")[0] for q in queries)
        # No condition per source or per finding joined by OR (SQLite's expression depth
        # is 1,000), and no query grows with the ledger: only with the batch.
        assert not any(" OR " in q for q in queries)
        sizes[total] = max(len(q) for q in queries)
    assert sizes[600] <= sizes[300] * 1.05


def test_check_prints_the_findings_newest_first_as_the_findings_page_lists_them():
    _districts_of_three(90)
    do_run_checks(acting_user=None)
    _districts_of_three(30)  # a second run adds findings of a later time
    do_run_checks(acting_user=None)
    lines, _queries = _printed_with_queries("--no-run")
    expected = [
        f"[{f.status}] {f.kind}: {f.explanation}"
        for f in Finding.objects.exclude(state="retired").order_by("-created_at", "-id")
    ]
    assert lines == expected
    assert len(lines) == 120

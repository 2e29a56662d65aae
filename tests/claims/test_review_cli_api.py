"""`ombuds claims` (reextract, add, export-gold) and the API's add and review endpoints."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ombuds.claims.actions import do_confirm_claims, do_reject_claim
from ombuds.claims.models import Claim
from ombuds.cli import main
from ombuds.core.models import AuditEvent
from ombuds.sources.actions import do_ingest_source
from tests.sources.documents import REPORT, REPORT_TWO

pytestmark = pytest.mark.django_db(transaction=False)
# the shared scorer: $OMBUDS_SHARED, else the shared folder beside the repository (as make eval)
SHARED = Path(os.environ.get("OMBUDS_SHARED") or Path(__file__).resolve().parents[3] / "shared")
SCORE = SHARED / "claims" / "score.py"


@pytest.fixture
def source():
    source, _ = do_ingest_source(
        REPORT.encode(), filename="report.txt", published=dt.date(2022, 3, 3), acting_user=None
    )
    return source


def test_reextract_all_prints_the_counts_per_source_and_keeps_decisions(source, editor):
    do_ingest_source(REPORT_TWO.encode(), filename="mines.txt", acting_user=None)
    claim = source.claims.get(measure="killed", subject="civilians")
    do_confirm_claims([claim], acting_user=editor)

    result = CliRunner().invoke(main, ["claims", "reextract", "--all"])

    assert result.exit_code == 0, result.output
    assert "[2/2]" in result.output
    assert f"{source.pk}  new 0, changed 0, gone 0, unchanged {source.claims.count()}" in (
        result.output
    )
    assert "2 sources:" in result.output
    claim.refresh_from_db()
    assert claim.status == "confirmed"


def test_reextract_needs_sources_or_all():
    result = CliRunner().invoke(main, ["claims", "reextract"])

    assert result.exit_code == 2
    assert "--all" in result.output


def test_add_fills_what_is_not_given_from_the_engines_reading(source):
    start = REPORT.index("25 schools")
    end = start + len("25 schools were destroyed")

    result = CliRunner().invoke(
        main,
        ["claims", "add", str(source.pk), "--start", str(start), "--end", str(end),
         "--measure", "damaged"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert (out["measure"], out["subject"], out["value"]) == ("damaged", "schools", 25)
    assert out["quote"] == "25 schools were destroyed"
    assert out["origin"] == "hand"
    assert AuditEvent.objects.filter(action="add_claim").count() == 1


def test_add_outside_the_text_fails_with_a_message(source):
    result = CliRunner().invoke(
        main, ["claims", "add", str(source.pk), "--start", "5", "--end", "999999"]
    )

    assert result.exit_code == 1
    assert "select the passage again" in result.output


def test_export_gold_writes_reviewed_sources_that_score_py_grades(source, editor, tmp_path):
    do_ingest_source(REPORT_TWO.encode(), filename="mines.txt", acting_user=None)
    claims = list(source.claims.all())
    schools = source.claims.get(subject="schools")
    do_confirm_claims([c for c in claims if c.pk != schools.pk], acting_user=editor)
    do_reject_claim(schools, reason="classrooms", acting_user=editor)
    gold_path = tmp_path / "gold.json"

    result = CliRunner().invoke(
        main, ["claims", "export-gold", "-o", str(gold_path), "--texts", str(tmp_path / "t")]
    )

    assert result.exit_code == 0, result.output
    assert "left out: mines" in result.output
    gold = json.loads(gold_path.read_text())
    assert list(gold) == ["report.txt"]
    exported = gold["report.txt"]["claims"]
    assert len(exported) == len(claims) - 1
    children = next(c for c in exported if c["subject"] == "children")
    assert exported[children["parent"] - 1]["subject"] == "civilians"
    # the engine's own claims, graded against the office's gold by the contract's scorer
    from ombuds.claims.engine import extract

    text = (tmp_path / "t" / "report.txt").read_text()
    preds = tmp_path / "preds.jsonl"
    preds.write_text(
        "".join(
            json.dumps(c.to_json("report.txt")) + "\n"
            for c in extract(text, published=dt.date(2022, 3, 3))
        )
    )
    if SCORE.exists():
        scored = subprocess.run(
            [sys.executable, str(SCORE), str(gold_path), str(preds), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
        report = json.loads(scored.stdout)
        assert report["fp"] == 1  # the rejected schools claim
        assert report["fn"] == 0


def test_the_api_adds_a_claim_with_the_engines_reading_and_confirms(client, editor, source):
    client.force_login(editor)
    start = REPORT.index("25 schools")

    added = client.post(
        "/api/claims/",
        {"source": str(source.pk), "span": [start, start + 10]},
        content_type="application/json",
    )
    claim_id = source.claims.get(measure="killed", subject="civilians").pk
    reviewed = client.post(
        f"/api/claims/{claim_id}/review", {"decision": "confirm"}, content_type="application/json"
    )

    assert added.status_code == 201, added.content
    assert added.json()["subject"] == "schools"
    assert added.json()["status"] == "confirmed"
    assert reviewed.json()["status"] == "confirmed"


def test_the_api_refuses_a_viewer(client, viewer, source):
    client.force_login(viewer)

    response = client.post(
        "/api/claims/", {"source": str(source.pk), "span": [0, 5]}, content_type="application/json"
    )

    assert response.status_code == 403
    assert not Claim.objects.filter(origin="hand").exists()

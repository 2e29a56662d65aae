"""The ledger end to end: small documents written for this test go through the real ingest
(extraction included), then the checks; the findings are what a reader of both would see."""

from __future__ import annotations

import datetime as dt

import pytest

from ombuds.figures.actions import do_run_checks
from ombuds.figures.models import Finding
from ombuds.sources.actions import do_ingest_source

pytestmark = pytest.mark.django_db

EXAMPLIA = """Statement of the Ombudsperson of Examplia

As a result of the shelling of border villages since September 27, 2020, 120 civilians were
killed, including 30 children and 100 women.

In total, 2,410 people went missing, including 1,900 soldiers and 510 civilians.
"""

OTHERLAND = """Report of the Ombudsperson of Otherland

According to our office, 1,250 people went missing.

Since January 1, 2021, 150 civilians were killed, including 90 men and 70 women.
"""


def ingest(text: str, name: str, publisher: str, published: dt.date) -> None:
    do_ingest_source(
        text.encode(), filename=name, acting_user=None, publisher=publisher, published=published
    )


def values(finding: Finding) -> list[int]:
    return sorted(int(c.value) for c in finding.claims.all())


def test_two_publishers_documents_give_the_findings_a_reader_would_see():
    ingest(EXAMPLIA, "examplia.txt", "Ombudsperson of Examplia", dt.date(2022, 3, 3))
    ingest(OTHERLAND, "otherland.txt", "Ombudsperson of Otherland", dt.date(2023, 3, 3))
    do_run_checks(acting_user=None)
    found = {(f.kind, tuple(values(f))): f for f in Finding.objects.all()}

    # 1,900 soldiers + 510 civilians = 2,410 missing.
    assert found["parts_add_up", (510, 1900, 2410)].status == "consistent"
    # Children (age) and women (sex) of 120 overlap: 30 + 100 > 120 is no contradiction.
    assert found["parts_within_total", (30, 120)].status == "consistent"
    assert found["parts_within_total", (100, 120)].status == "consistent"
    # 90 men + 70 women of 150 civilians: the breakdown cannot hold together.
    broken = found["parts_exceed_total", (70, 90, 150)]
    assert broken.status == "contradiction"
    assert "160" in broken.explanation
    # Missing "as of" 2022 then 2023, by another publisher: a stock that fell, to review.
    fell = found["stock_decreases", (1250, 2410)]
    assert fell.status == "needs_review"
    assert "1,160" in fell.explanation

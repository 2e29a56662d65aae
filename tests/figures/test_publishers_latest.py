"""Publishers side by side read each publisher's latest claims without sorting all of them:
the latest sources first, every source of the last date taken, claims by date then place."""

from __future__ import annotations

import datetime as dt

import pytest

from ombuds.figures import publishers
from ombuds.figures.publishers import side_by_side
from tests.figures.factories import make_claim, make_source

pytestmark = pytest.mark.django_db

LEFT = "Ombudsperson of Examplia"


@pytest.fixture
def claims_by_date():
    """LEFT's sources, newest first: June (two claims), two of May (three claims, one), an
    internal one of May, April (two); each claim of a subject of its own. (Where undated
    sources go, first or last, is the database's order of NULLs, as it was.)"""
    made = [
        ("june", dt.date(2022, 6, 1), "public", 2),
        ("may a", dt.date(2022, 5, 1), "public", 3),
        ("may b", dt.date(2022, 5, 1), "public", 1),
        ("may internal", dt.date(2022, 5, 1), "internal", 1),
        ("april", dt.date(2022, 4, 1), "public", 2),
    ]
    for title, published, level, count in made:
        source = make_source(title, publisher=LEFT, published=published)
        source.confidentiality = level
        source.save()
        for ordinal in range(1, count + 1):
            subject = f"{title} {ordinal}".replace(" ", "_")
            make_claim(source, "killed", subject, ordinal, ordinal=ordinal)


def compared(user) -> set[str]:
    """The subjects of the claims the page compares (the publisher beside itself)."""
    return {row.key.subject for row in side_by_side(LEFT, LEFT, user=user)}


def test_the_latest_claims_by_date_then_place_in_the_text(
    claims_by_date, monkeypatch, viewer, editor
):
    monkeypatch.setattr(publishers, "CLAIMS_PER_PUBLISHER", 4)
    monkeypatch.setattr(publishers, "SOURCES_PER_BATCH", 2)  # the last date spans two batches
    # June's two, then May's first claims (of two sources, tied), never April's.
    assert compared(viewer) == {"june_1", "june_2", "may_a_1", "may_b_1"}

    monkeypatch.setattr(publishers, "CLAIMS_PER_PUBLISHER", 6)
    assert compared(viewer) == {"june_1", "june_2", "may_a_1", "may_b_1", "may_a_2", "may_a_3"}
    # The editor sees the internal source of May too: its first claim ties with May's first.
    monkeypatch.setattr(publishers, "CLAIMS_PER_PUBLISHER", 5)
    assert compared(editor) == {
        "june_1", "june_2", "may_a_1", "may_b_1", "may_internal_1",
    }  # fmt: skip

    monkeypatch.setattr(publishers, "CLAIMS_PER_PUBLISHER", 2000)
    assert len(compared(viewer)) == 8
    assert len(compared(editor)) == 9

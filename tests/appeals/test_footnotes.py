"""Footnotes a lawyer would sign: no internal keys or record counts, one citation per text."""

from __future__ import annotations

import datetime as dt

import pytest

from ombuds.appeals.letters import render_html
from ombuds.appeals.rendering import compose
from ombuds.sources.actions import do_ingest_source
from tests.appeals.factories import MISSING_TEXT, draft, missing_source
from tests.registry.factories import casualty, incident

pytestmark = pytest.mark.django_db


def notes_of(doc) -> str:
    html = render_html(doc)
    return html.split('class="footnotes"', 1)[1]


def test_a_note_names_no_internal_figure_key():
    missing_source()
    doc = compose(draft("{{fig missing/people}} are missing."))
    notes = notes_of(doc)
    assert "missing · people" not in notes
    assert "Commission report" in notes


def test_a_note_on_a_records_figure_gives_no_internal_count():
    for _ in range(3):
        casualty(incident())
    doc = compose(draft("Our records hold {{fig killed/civilians}} civilians killed."))
    assert doc["figures"][0]["display"] == "3"
    notes = notes_of(doc)
    assert "records)" not in notes
    assert "casualty records" not in notes
    assert "According to the records of the Office as of" in notes


def test_the_same_text_as_txt_and_html_is_cited_once():
    missing_source()
    paragraphs = "".join(f"<p>{p}</p>" for p in MISSING_TEXT.split("\n\n"))
    do_ingest_source(
        f"<html><body>{paragraphs}</body></html>".encode(),
        filename="Commission report.html",
        title="Commission report (web copy)",
        publisher="Test Commission",
        published=dt.date(2023, 1, 25),
        acting_user=None,
    )
    doc = compose(draft("{{fig missing/people}} are missing."))
    (figure,) = doc["figures"]
    assert len(figure["citations"]) == 1
    assert notes_of(doc).count("The report says that") == 1


def test_a_source_stating_a_figure_twice_is_cited_once():
    from ombuds.claims.actions import do_add_claim
    from ombuds.claims.models import Claim

    source = missing_source()
    start = source.text.index("3,890")
    do_add_claim(
        source,
        span=(start, start + 5),
        values={"measure": "missing", "subject": "people", "value": "3890"},
        reason="stated again in the test",
        acting_user=None,
    )
    assert Claim.objects.filter(measure="missing", subject="people").count() == 2
    doc = compose(draft("{{fig missing/people}} are missing."))
    (figure,) = doc["figures"]
    assert len(figure["citations"]) == 1

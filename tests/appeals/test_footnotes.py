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


WIRE_STORY = (
    "Commission counts the missing\n\n"
    "The state commission on missing persons said in its annual report that during the first "
    "Karabakh war a total of 3,890 citizens went missing. The commission said it had sent the "
    "files of each missing person to the International Committee of the Red Cross and asked "
    "for access to burial sites on the other side of the line of contact. Families of the "
    "missing gathered outside the commission's building to hear the report read aloud.\n"
)


def test_a_wire_story_republished_with_edits_is_cited_once():
    from ombuds.sources.models import Source

    do_ingest_source(WIRE_STORY.encode(), filename="wire.txt", title="Wire story",
                     publisher="Wire agency", published=dt.date(2023, 1, 25),
                     acting_user=None)  # fmt: skip
    republished = (
        "Missing persons: the commission's report\nBy our correspondent\n\n"
        + WIRE_STORY.split("\n\n", 1)[1].replace("gathered outside", "waited outside")
        + "\nMore on our website.\n"
    )
    do_ingest_source(republished.encode(), filename="outlet.txt", title="Outlet story",
                     publisher="Daily outlet", published=dt.date(2023, 1, 27),
                     acting_user=None)  # fmt: skip
    outlet = Source.objects.get(title="Outlet story")
    assert outlet.copy_of is not None
    assert outlet.copy_of.title == "Wire story"
    (figure,) = compose(draft("{{fig missing/people}} are missing."))["figures"]
    assert [c["source_title"] for c in figure["citations"]] == ["Outlet story"]


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


def same_figure(title: str, *, published: dt.date, **metadata):
    text = (
        f"{title}, prepared for the tests.\n\n"
        "The report says that during the first Karabakh war a total of 3,890 citizens went "
        f"missing; this is the finding of {title}.\n"
    )
    source, _new = do_ingest_source(text.encode(), filename=f"{title}.txt", title=title,
                                    published=published, acting_user=None, **metadata)  # fmt: skip
    return source


def test_a_note_reads_as_a_citation_with_publisher_title_date_address_and_quote():
    same_figure("Field report", published=dt.date(2023, 1, 25), publisher="Test Commission",
                url="https://example.org/field-report")  # fmt: skip
    (figure,) = compose(draft("{{fig missing/people}} are missing."))["figures"]
    assert figure["note"] == (
        "Test Commission, “Field report”, 25 January 2023, https://example.org/field-report: "
        "“The report says that during the first Karabakh war a total of 3,890 citizens went "
        "missing; this is the finding of Field report.”"
    )


def test_the_most_reliable_source_comes_first_then_the_latest():
    same_figure("Older but highly reliable", published=dt.date(2021, 1, 1),
                reliability="highly_reliable")  # fmt: skip
    same_figure("Newest of unknown reliability", published=dt.date(2024, 1, 1))
    same_figure("Newer of unknown reliability", published=dt.date(2022, 1, 1))
    (figure,) = compose(draft("{{fig missing/people}} are missing."))["figures"]
    assert [c["source_title"] for c in figure["citations"]] == [
        "Older but highly reliable",
        "Newest of unknown reliability",
        "Newer of unknown reliability",
    ]


def test_a_long_passage_is_quoted_short_around_its_number():
    filler = ", after the commission heard many witnesses in many districts over many months" * 4
    text = f"Long report.\n\nIn the end{filler}, a total of 3,890 citizens went missing{filler}.\n"
    do_ingest_source(text.encode(), filename="long.txt", title="Long", acting_user=None,
                     published=dt.date(2023, 1, 25))  # fmt: skip
    (figure,) = compose(draft("{{fig missing/people}} are missing."))["figures"]
    quote = figure["citations"][0]["quote"]
    assert len(quote) < 230
    assert "3,890 citizens went missing" in quote
    assert quote.startswith("… ")
    assert quote.endswith(" …")


def test_the_author_chooses_the_sources_a_note_cites(editor):
    from ombuds.appeals.actions import do_choose_citations
    from ombuds.appeals.errors import WorkflowError
    from ombuds.core.models import AuditEvent
    from tests.appeals.factories import OTHER_MISSING_TEXT, ingest

    first = same_figure("First report", published=dt.date(2023, 1, 25))
    same_figure("Second report", published=dt.date(2023, 2, 25))
    other = ingest(OTHER_MISSING_TEXT, title="Later note", published=dt.date(2023, 1, 1))
    appeal = draft("{{fig missing/people}} are missing.")
    (figure,) = compose(appeal)["figures"]
    assert [c["source_title"] for c in figure["citations"]] == ["Second report", "First report"]
    states = {c["title"]: c["states_value"] for c in figure["candidates"]}
    assert states["Later note"] is False
    appeal = do_choose_citations(appeal, figure_key=figure["key"],
                                 sources=[str(first.pk), str(other.pk)], acting_user=editor)  # fmt: skip
    (figure,) = compose(appeal)["figures"]
    assert [c["source_title"] for c in figure["citations"]] == ["First report", "Later note"]
    assert AuditEvent.objects.filter(action="choose_citations").count() == 1
    with pytest.raises(WorkflowError, match="at least one source"):
        do_choose_citations(appeal, figure_key=figure["key"], sources=[], acting_user=editor)
    appeal = do_choose_citations(appeal, figure_key=figure["key"], sources=None,
                                 acting_user=editor)  # fmt: skip
    assert len(compose(appeal)["figures"][0]["citations"]) == 2


def test_the_draft_page_chooses_a_notes_sources(client, editor):
    from django.urls import reverse

    same_figure("First report", published=dt.date(2023, 1, 25))
    second = same_figure("Second report", published=dt.date(2023, 2, 25))
    appeal = draft("{{fig missing/people}} are missing.")
    client.force_login(editor)
    page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert "Choose the sources its note cites" in page
    key = compose(appeal)["figures"][0]["key"]
    client.post(reverse("appeals:cite", args=[appeal.pk]), {"figure": key, "source": [second.pk]})
    letter = client.get(reverse("appeals:letter", args=[appeal.pk, "html"])).content.decode()
    notes = letter.split('class="footnotes"', 1)[1]
    assert "“Second report”" in notes
    assert "“First report”" not in notes

"""The DOCX letter: A4, the office as author, the notes as real Word footnotes."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

import pytest
from docx import Document as Docx

from ombuds.appeals.actions import do_save_version
from ombuds.appeals.letters import render
from ombuds.appeals.rendering import compose
from tests.appeals.factories import draft, missing_source

pytestmark = pytest.mark.django_db
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def footnotes(data: bytes) -> dict[str, str]:
    """The footnotes part's notes by id, read from the zip as Word reads it."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = ElementTree.fromstring(package.read("word/footnotes.xml"))
    return {
        note.get(f"{W}id"): "".join(t.text or "" for t in note.iter(f"{W}t")).strip()
        for note in root.iter(f"{W}footnote")
        if note.get(f"{W}type") is None
    }


def references(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = ElementTree.fromstring(package.read("word/document.xml"))
    return [ref.get(f"{W}id") for ref in root.iter(f"{W}footnoteReference")]


def test_the_notes_are_word_footnotes_referenced_from_the_text():
    missing_source()
    data = render(compose(draft()), "docx")
    notes = footnotes(data)
    assert list(notes) == ["1", "2", "3"]
    assert notes["1"].startswith("Test Commission, “Commission report”, 25 January 2023: “")
    assert notes["3"] == "See note 1."  # the first figure cited again
    assert references(data) == ["1", "2", "3"]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        relations = package.read("word/_rels/document.xml.rels").decode()
        types = package.read("[Content_Types].xml").decode()
        settings_xml = package.read("word/settings.xml").decode()
    assert 'Target="footnotes.xml"' in relations
    assert "wordprocessingml.footnotes+xml" in types
    assert '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>' in (
        settings_xml
    )
    text = "\n".join(p.text for p in Docx(io.BytesIO(data)).paragraphs)
    assert "Notes" not in text  # no list of notes at the end: they are at the foot of the page
    assert "Commission report" not in text


def test_the_page_is_a4_and_the_author_is_the_office(settings):
    missing_source()
    document = Docx(io.BytesIO(render(compose(draft()), "docx")))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.core_properties.author == "Test Office"
    assert "python-docx" not in (document.core_properties.last_modified_by or "")
    settings.OMBUDS_OFFICE_NAME = "Office of the Commissioner for Human Rights"
    document = Docx(io.BytesIO(render(compose(draft()), "docx")))
    assert document.core_properties.author == "Office of the Commissioner for Human Rights"


def test_the_russian_footnotes_and_numbers_are_in_russian():
    missing_source()
    appeal = draft()
    do_save_version(appeal, language="ru", title="Обращение",
                    body="Пропали {{fig missing/people}} человек.", acting_user=None)  # fmt: skip
    data = render(compose(appeal, language="ru"), "docx")
    assert footnotes(data)["1"].startswith("Test Commission, «Commission report», 25 января 2023")
    text = "\n".join(p.text for p in Docx(io.BytesIO(data)).paragraphs)
    assert "Пропали 3\u00a0890 человек." in text
    assert Docx(io.BytesIO(data)).core_properties.language == "ru"

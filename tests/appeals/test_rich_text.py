"""Text written with the editor: sanitized HTML with figure references, printed with its
headings, lists and marks in every format; the picker's search and the chips' values."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document as Docx

from ombuds.appeals.actions import do_update_appeal
from ombuds.appeals.dispatch import plain_text
from ombuds.appeals.letters import render
from ombuds.appeals.rendering import compose
from ombuds.appeals.richtext import as_html, blocks, sanitize
from tests.appeals.factories import draft, missing_source

pytestmark = pytest.mark.django_db

RICH = (
    "<h2>The missing</h2><p>Of <strong>{{fig missing/people}}</strong> people, "
    "<em>{{fig missing/servicemen}}</em> were servicemen "
    '<a href="https://example.org/r" onclick="steal()">(report)</a>.</p>'
    "<ul><li><p>First point</p></li><li><p>Second point</p></li></ul>"
    "<blockquote><p>A quoted passage.</p></blockquote>"
    '<script>alert(1)</script><p style="color:red">Plain.</p>'
)


def test_the_stored_body_is_sanitized_html():
    clean = sanitize(RICH)
    assert "<script" not in clean
    assert "onclick" not in clean
    assert "style=" not in clean
    assert '<a href="https://example.org/r" rel="noopener noreferrer">(report)</a>' in clean
    assert "<strong>{{fig missing/people}}</strong>" in clean
    assert sanitize("Plain paragraphs.\n\nTwo.") == "Plain paragraphs.\n\nTwo."
    missing_source()
    appeal = do_update_appeal(draft(), changes={"body": RICH}, acting_user=None)
    assert appeal.body == clean


def test_a_plain_body_opens_in_the_editor_as_paragraphs():
    assert as_html("One <b>\nline.\n\nTwo.") == "<p>One &lt;b&gt;<br>line.</p><p>Two.</p>"
    assert [b.tag for b in blocks("One.\n\nTwo.")] == ["p", "p"]


def test_headings_lists_quotes_and_marks_reach_every_format():
    missing_source()
    appeal = do_update_appeal(draft(), changes={"body": RICH}, acting_user=None)
    doc = compose(appeal)
    assert [b["tag"] for b in doc["blocks"]] == ["h2", "p", "li", "li", "blockquote", "p"]
    assert doc["blocks"][2]["listed"] == "ul"
    segments = doc["paragraphs"][1]
    assert segments[1] == {"figure": 1, "display": "3,890"}
    html = render(doc, "html").decode()
    assert "<h2>The missing</h2>" in html
    assert "<ul>\n<li>First point</li>\n<li>Second point</li>\n</ul>" in html
    assert "<blockquote><p>A quoted passage.</p></blockquote>" in html
    assert '<a href="https://example.org/r">(report)</a>' in html
    document = Docx(io.BytesIO(render(doc, "docx")))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Heading 2", "The missing") in styles
    assert ("List Bullet", "First point") in styles
    assert ("Quote", "A quoted passage.") in styles
    assert "• Second point" in plain_text(doc)


def test_the_picker_finds_figures_by_words_with_their_values(client, researcher):
    missing_source()
    client.force_login(researcher)
    url = reverse("appeals:figure_search")
    found = client.get(url, {"q": "missing servicemen"}).json()["figures"]
    assert [(f["display"], f["label"].split(" · ")[1]) for f in found] == [("3,171", "servicemen")]
    assert found[0]["reference"].startswith("{{fig missing/servicemen")
    assert found[0]["sources"] == ["Commission report"]
    assert client.get(url, {"q": "killed"}).json()["figures"] == []
    values = client.get(
        reverse("appeals:figure_values"),
        {"ref": [found[0]["reference"], "{{fig killed/civilians}}", "{{fig nonsense}}"]},
    ).json()["values"]
    assert values[found[0]["reference"]] == "3,171"
    assert values["{{fig killed/civilians}}"] == "finds no figure"
    assert "must start with measure/subject" in values["{{fig nonsense}}"]


def test_the_picker_is_for_those_who_write_appeals(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("appeals:figure_search"), {"q": "x"}).status_code == 403

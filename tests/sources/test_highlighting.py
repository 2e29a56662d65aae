"""The marked text of a source: nested and crossing spans, escaping, links both ways."""

from __future__ import annotations

from dataclasses import dataclass

from ombuds.sources.highlighting import highlight


@dataclass
class Span:
    ordinal: int
    span_start: int
    span_end: int
    status: str = "extracted"


def test_crossing_and_shared_spans_each_get_one_anchor_and_one_link():
    text = "aaaa bbbb cccc dddd"
    spans = [Span(1, 0, 9), Span(2, 5, 14), Span(3, 5, 14), Span(4, 15, 19)]

    html = str(highlight(text, spans))

    for n in (1, 2, 3, 4):
        assert html.count(f'id="claim-{n}"') == 1
        assert html.count(f'href="#entry-{n}"') == 1
    assert html.count("<mark") == html.count("</mark>")
    # Take the markup away and the text is whole again.
    import re

    assert re.sub(r"<[^>]+>|\[\d\]", "", html) == text


def test_the_text_is_escaped():
    text = 'Report <script>alert("x")</script>: 5 civilians & 2 children'

    html = str(highlight(text, [Span(1, 36, 47)]))

    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp;" in html


def test_spans_outside_the_text_are_left_out():
    html = str(highlight("short", [Span(1, 3, 99), Span(2, 0, 5)]))

    assert 'id="claim-1"' not in html
    assert 'id="claim-2"' in html

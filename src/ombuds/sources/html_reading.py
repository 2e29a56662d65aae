"""The article text of an HTML page, through trafilatura (no Django).

trafilatura finds the main text and leaves out menus, breadcrumbs, cookie notices, share
buttons, lists of related articles and footers. Its plain-text output puts every paragraph on
a single line with no blank line between them, so a heading runs into the first paragraph and
all paragraphs into one; the text is therefore rendered here from its XML output:

- a heading, paragraph or quotation is a paragraph of its own, separated by a blank line
  (a ``<br>`` stays a line break);
- a list is one item a line, "- item";
- a table is one row a line, "| cell | cell |";
- a superscript footnote number ("houses<sup>3</sup>") is left out, a square metre (m²) kept.

A page too short for trafilatura to find a main text falls back to all its visible text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from .reading import is_note_mark, table_text

BLOCK_TAGS = frozenset({"p", "head", "quote", "code", "item", "cell"})
SKIPPED_TAGS = frozenset({"graphic", "comments", "del"})


def html_text(html: str) -> str:
    """The main text of a page as paragraphs, list lines and table rows."""
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        html,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_formatting=True,  # to see superscript note marks; other formatting is dropped
        include_links=False,
        include_images=False,
        favor_recall=True,
    )
    if xml:
        try:
            root = etree.fromstring(xml.encode(), parser=etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError:
            root = None
        if root is not None:
            main = root.find("main")
            text = "\n\n".join(b for b in _blocks(root if main is None else main) if b)
            if text.strip():
                return _tidy(text)
    return _tidy(_visible_text(html))


def _blocks(element: Any) -> list[str]:
    out: list[str] = []
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIPPED_TAGS:
            continue
        if tag == "list":
            out.append("\n".join(_list_lines(child)))
        elif tag == "table":
            out.append(_table(child))
        elif tag in ("quote", "div", "main", "body") and any(
            isinstance(c.tag, str) and c.tag in ("p", "list", "table", "head") for c in child
        ):
            lead = _inline_text(child, own_only=True).strip()
            if lead:
                out.append(lead)
            out.extend(_blocks(child))
        else:
            out.append(_inline_text(child).strip())
    return out


def _list_lines(element: Any) -> list[str]:
    lines = []
    for item in element.iterchildren("item"):
        own = _inline_text(item, own_only=True).strip()
        if own:
            lines.append(f"- {own}")
        for nested in item.iterchildren("list"):
            lines.extend(_list_lines(nested))
    return lines


def _table(element: Any) -> str:
    rows = [
        [" ".join(_inline_text(cell).split()) for cell in row.iterchildren("cell")]
        for row in element.iter("row")
    ]
    return table_text(rows)


def _inline_text(element: Any, *, own_only: bool = False) -> str:
    """The text of an element with ``<lb/>`` as a line break; with `own_only`, nested lists,
    tables and paragraphs are left out (they are blocks of their own)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            if child.tag == "lb":
                parts.append("\n")
            elif (
                child.tag in SKIPPED_TAGS
                or (own_only and child.tag in ("list", "table", "p", "head"))
                or (child.tag == "hi" and _is_note_mark(child, "".join(parts)))
            ):
                pass
            else:
                parts.append(_inline_text(child, own_only=own_only))
                if child.tag in BLOCK_TAGS:
                    parts.append(" ")
        parts.append(child.tail or "")
    return "".join(parts)


def _is_note_mark(element: Any, before: str) -> bool:
    """A superscript footnote number after a word ("houses³"), not a square metre ("m²")."""
    return element.get("rend") == "#sup" and is_note_mark("".join(element.itertext()), before)


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]{2,}", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines).replace("\u00ad", "").replace("\u200b", "")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


class _Text(HTMLParser):
    """All visible text, a blank line between blocks."""

    BREAKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "tr", "section", "article"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self.skip += 1
        elif tag in self.BREAKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript", "template") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(" ".join(data.split("\n")))


def _visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)

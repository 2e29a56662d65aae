"""Appeal text written with the editor: sanitized HTML, read back as blocks of marked runs.

The editor (django-prose-editor, static/appeals/composer.js) stores HTML; every save passes it
through nh3 (the Ammonia sanitizer) with the few tags a letter uses: paragraphs, headings (h2,
h3), bulleted and numbered lists, quotations, bold, italic, links and line breaks. Figure
references stay as text (``{{fig ...}}``), so typing them works as before and a text written
before the editor (paragraphs parted by blank lines) still reads.

``blocks`` turns the HTML into what the letters print: a list of blocks (a paragraph, a
heading, a list item with its list's kind, a quotation), each a list of runs of text with
their marks. It is written with the standard library's HTML parser because the input is the
sanitizer's output: a handful of known tags, well nested.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3

TAGS = {"p", "h2", "h3", "ul", "ol", "li", "blockquote", "strong", "em", "b", "i", "a", "br"}
ATTRIBUTES = {"a": {"href"}}
BLOCK_TAGS = {"p", "h2", "h3", "li", "blockquote"}
MARKS = {"strong": "b", "b": "b", "em": "i", "i": "i"}


def is_html(text: str) -> bool:
    """Whether a body was written with the editor (HTML) rather than as plain paragraphs."""
    return text.lstrip().startswith("<")


def sanitize(text: str) -> str:
    """The body as stored: editor HTML cleaned to the letter's tags; plain text unchanged."""
    if not is_html(text):
        return text
    return nh3.clean(
        text,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def as_html(text: str) -> str:
    """A body for the editor: HTML as it is, plain paragraphs (blank lines) as <p>."""
    if is_html(text):
        return text
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(
        "<p>" + html.escape(p, quote=False).replace("\n", "<br>") + "</p>" for p in paragraphs
    )


@dataclass
class Block:
    """A paragraph, heading (h2, h3), list item (``listed``: ul or ol) or quotation."""

    tag: str
    listed: str = ""
    runs: list[dict[str, object]] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.lists: list[str] = []
        self.marks: list[str] = []
        self.href: list[str] = []
        self.quoted = 0
        self.current: Block | None = None

    def _block(self, tag: str) -> Block:
        if self.current is None:
            listed = self.lists[-1] if tag == "li" and self.lists else ""
            self.current = Block(tag="blockquote" if self.quoted and tag == "p" else tag,
                                 listed=listed)  # fmt: skip
            self.blocks.append(self.current)
        return self.current

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "blockquote":
            self.quoted += 1
        elif tag == "p" and self.current is not None and self.current.tag == "li":
            return  # the editor writes a list item's text as <li><p>...</p></li>
        elif tag in BLOCK_TAGS:
            self.current = None
            self._block(tag)
        elif tag in MARKS:
            self.marks.append(MARKS[tag])
        elif tag == "a":
            self.href.append(dict(attrs).get("href") or "")
        elif tag == "br":
            self._block("p").runs.append({"text": "\n", "marks": []})

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "blockquote":
            self.quoted = max(0, self.quoted - 1)
        elif tag == "p" and self.current is not None and self.current.tag == "li":
            return
        elif tag in BLOCK_TAGS:
            self.current = None
        elif tag in MARKS and MARKS[tag] in self.marks:
            self.marks.remove(MARKS[tag])
        elif tag == "a" and self.href:
            self.href.pop()

    def handle_data(self, data: str) -> None:
        if not data.strip() and self.current is None:
            return  # whitespace between blocks
        run: dict[str, object] = {"text": data, "marks": sorted(set(self.marks))}
        if self.href and self.href[-1]:
            run["href"] = self.href[-1]
        self._block("p").runs.append(run)


def blocks(text: str) -> list[Block]:
    """The body's blocks: from editor HTML, or from plain paragraphs parted by blank lines."""
    if not is_html(text):
        return [
            Block(tag="p", runs=[{"text": p.strip(), "marks": []}])
            for p in text.replace("\r\n", "\n").split("\n\n")
            if p.strip()
        ]
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return [b for b in reader.blocks if any(str(r["text"]).strip() for r in b.runs)]

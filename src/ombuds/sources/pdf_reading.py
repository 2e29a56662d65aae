"""A PDF's text through pypdf, cleaned of what page layout puts into the prose (no Django).

pypdf gives each page's text line by line, in the order the producer drew it. What page layout
adds to that text, and what is done about it here:

- running headers and footers ("Office of the Ombudsman", "Page 3 of 12"): a line at the top
  or bottom of a page that recurs, digits aside, on about half the pages or more is dropped,
  and so is a line at a page's edge that is only a page number;
- footnote reference marks ("civilians¹²", "houses³"): digits drawn smaller than the text
  before them and raised above its baseline are dropped, except after "m" or "km" (m², km²);
- footnotes at the foot of a page: lines smaller than the body text that start with a note
  number are moved to the end of the text, so they no longer cut the sentence running on to
  the next page;
- a sentence cut by a page break: the pages are joined by a line break, not a blank line,
  when the page ends inside a sentence;
- hyphenation: a word hyphenated at the end of a line is joined ("dis-\\nplaced" →
  "displaced"), keeping the hyphens of compounds (see `hyphenation`);
- paragraphs: a blank line where the vertical gap between lines is wider than the line pitch
  or the type size changes (headings), so paragraphs do not run together;
- table rows: cells separated by wide gaps are written "| cell | cell |", one row a line;
- list bullets drawn apart from their items are put back in front of them, private-use bullet
  glyphs become "•", ligature characters (ﬁ, ﬂ …) become letters, soft hyphens go.
"""

from __future__ import annotations

import io
import itertools
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .hyphenation import join_hyphenated
from .pdf_warnings import collected_warnings, damage_in
from .reading import (
    PRINT_CHARACTERS,
    CorruptDocument,
    PasswordProtected,
    ReadError,
    is_note_mark,
)

LIST_MARK_RE = re.compile(r"[•◦▪▫●○‣∙·■□➢➤►✓-]|\d{1,3}[.)]|[a-z][.)]|[ivx]{1,4}[.)]")
PAGE_NUMBER_RE = re.compile(
    r"(?i)(?:page|p\.|pg\.)?\s*[-–—]?\s*(?:\d{1,3}|[ivxl]{1,6})\s*[-–—]?"
    r"(?:\s*(?:of|/|\|)\s*\d{1,3})?"
)
NOTE_START_RE = re.compile(r"\s*(?:\d{1,3}(?![\d,])[.)]?|[*†‡])\s*\S")
NUMBER_RE = re.compile(r"[-+(]?\d[\d,.\u00a0\u202f]*%?\)?")
SENTENCE_END = (".", "!", "?", ":", ";", '"', "”", "’", ")", "»")
HYPHENS = "-\u2010\u2011"
LIGATURES = {k: v for k, v in PRINT_CHARACTERS.items() if k != ord("\u00ad")}
EDGE_LINES = 4
RUNNING_SHARE = 0.45


def read_pdf(data: bytes, name: str) -> tuple[str, int]:
    """The cleaned text of a PDF and its number of pages; raises a `ReadError` saying why not.

    The text is empty for a PDF without a text layer (a scan: pictures of pages), which
    `ocr` reads instead.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    try:
        with collected_warnings() as warnings:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                _decrypt(reader, name)
            pages = list(reader.pages)
            lines = [_safe_lines(page) for page in pages]
    except ReadError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CorruptDocument(
            f"{name}: the PDF is damaged ({exc}); re-export it or give another copy."
        ) from exc
    damage = damage_in(warnings)
    if damage and not all(lines):
        # A page read as empty because its bytes did not decode is damaged, not a scan.
        raise CorruptDocument(
            f"{name}: the PDF is damaged ({damage}); re-export it or give another copy."
        )
    if not any(lines):
        return "", len(pages)
    for n, (page, found) in enumerate(zip(pages, lines, strict=True)):
        if may_hold_table(found) or sum(1 for line in found if line.jump) >= 3:
            try:
                layout = page.extract_text(extraction_mode="layout")
            except Exception:  # the plain text is kept as it is
                continue
            mark_table_rows(found, layout)
            lines[n] = split_columns(found, layout)
    # Nothing but page numbers is a scan with a stamped footer: returned as empty too.
    text = clean_pdf_text(lines)
    return (text if text.strip() else ""), len(pages)


def _safe_lines(page: Any) -> list[Line]:
    """The page's lines; if reading positions fails on an odd page, its plain text lines."""
    try:
        return page_lines(page)
    except (ArithmeticError, AttributeError, IndexError, KeyError, TypeError, ValueError):
        text = page.extract_text() or ""
        return [Line(line.strip()) for line in text.splitlines() if line.strip()]


def _decrypt(reader: Any, name: str) -> None:
    """Opens a PDF encrypted with an empty user password; refuses one that needs a password."""
    try:
        opened = reader.decrypt("")
    except Exception as exc:  # pypdf raises several kinds for schemes it cannot open
        raise PasswordProtected(
            f"{name}: the PDF is encrypted in a way that cannot be opened here ({exc}); save an "
            "unprotected copy and try again."
        ) from exc
    if not opened:
        raise PasswordProtected(
            f"{name}: the PDF is protected by a password; open it with the password, save an "
            "unprotected copy and give that."
        )


@dataclass
class Line:
    """One line of a page: its text, where it starts and the size of its type (points)."""

    text: str
    x: float | None = None
    y: float | None = None
    size: float | None = None
    cells: list[str] = field(default_factory=list)
    jump: bool = False  # text drawn far to the right of the line's start (another column?)

    @property
    def is_row(self) -> bool:
        return len(self.cells) > 1


AnyLine = TypeVar("AnyLine", bound=Line)  # a Line or a line read by OCR (ocr.OcrLine)


def page_lines(page: Any) -> list[Line]:
    """The lines pypdf draws on `page`, footnote marks left out."""
    lines: list[Line] = []
    parts: list[str] = []
    first: tuple[float, float, float] | None = None
    last: tuple[float, float] | None = None  # baseline and size of the last visible text
    jump = False
    try:
        far = 0.3 * float(page.mediabox.width)
    except (KeyError, TypeError, ValueError):
        far = math.inf

    def close() -> None:
        nonlocal parts, first, last, jump
        x, y, size = first if first else (None, None, None)
        text = re.sub(r"[ \t]{2,}", " ", "".join(parts)).strip()
        lines.append(Line(text, x, y, size, jump=jump))
        parts, first, last, jump = [], None, None, False

    def visit(text: str, cm: Any, tm: Any, font: Any, font_size: float) -> None:
        nonlocal first, last, jump
        if not text:
            return
        x, y, size = _position(cm, tm, font_size)
        for n, chunk in enumerate(text.split("\n")):
            if n:
                close()
            if chunk.strip():
                if n == 0 and last and _is_raised(y, size, last):
                    before = "".join(parts)
                    if is_note_mark(chunk, before):
                        continue
                    # a kept superscript (m², km²) belongs to the word before it
                    parts[:] = [before.rstrip()]
                    chunk = chunk.strip()
                if first is None:
                    # only the first piece of pypdf's output starts at the matrix it reports
                    first = (x, y, size) if n == 0 else (x, math.nan, size)
                elif n == 0 and x - first[0] > far:
                    jump = True
                last = (y, size)
            parts.append(chunk)

    page.extract_text(visitor_text=visit)
    close()
    for line in lines:
        if line.y is not None and math.isnan(line.y):
            line.y = None
    return [line for line in lines if line.text]


def _position(cm: Any, tm: Any, font_size: float) -> tuple[float, float, float]:
    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    scale = math.sqrt(abs(tm[0] * tm[3] - tm[1] * tm[2]) * abs(cm[0] * cm[3] - cm[1] * cm[2]))
    return x, y, font_size * scale


def _is_raised(y: float, size: float, last: tuple[float, float]) -> bool:
    """Whether text is a superscript: smaller than the text before it and above its baseline."""
    last_y, last_size = last
    return size <= 0.8 * last_size and y - last_y >= 0.15 * last_size


def mark_table_rows(lines: list[Line], layout_text: str) -> None:
    """Gives `cells` to the lines that pypdf's layout mode shows as rows of a table of figures.

    A row is a line whose layout text splits on wide gaps into two or more cells, at least
    half of them (past the first) figures; a line of words next to such rows with as many
    cells is their header.
    """
    layout: dict[str, list[str]] = {}
    for raw in layout_text.splitlines():
        cells = [c.strip() for c in re.split(r"\s{3,}", raw.strip()) if c.strip()]
        if len(cells) > 1:
            layout.setdefault(" ".join(raw.split()), cells)
    found = [layout.get(" ".join(line.text.split()), []) for line in lines]
    numeric = [
        len(cells) > 1
        and not cells[-1].endswith(tuple(HYPHENS))
        and sum(1 for c in cells[1:] if NUMBER_RE.fullmatch(c)) * 2 >= len(cells) - 1
        for cells in found
    ]
    for i, line in enumerate(lines):
        cells = found[i]
        if numeric[i]:
            line.cells = cells
        elif len(cells) > 1:
            for j in (i - 1, i + 1):
                if 0 <= j < len(lines) and numeric[j] and abs(len(found[j]) - len(cells)) <= 1:
                    line.cells = cells
                    break


def split_columns(lines: list[Line], layout_text: str) -> list[Line]:
    """Puts side-by-side columns that pypdf reads across (one line of the left column, then
    one of the right, glued) back in order: the left column, then the right.

    The column's edge is where pypdf's layout mode shows, in at least three of the lines that
    have text far to the right of their start, a gap wider than any other gap of the line; a
    run of lines that all split there (or hold one column only), three of them holding both,
    is read column by column. Justified prose, whose gaps are all alike, is left alone.
    """
    layout: dict[str, str] = {}
    for layout_line in layout_text.splitlines():
        layout.setdefault(" ".join(layout_line.split()), layout_line.rstrip())
    raws = [None if line.is_row else layout.get(" ".join(line.text.split())) for line in lines]
    edges: Counter[int] = Counter()
    for line, raw in zip(lines, raws, strict=True):
        gap = _widest_gap(raw) if line.jump and raw else None
        if gap is not None:
            edges[gap[1]] += 1
    if not edges:
        return lines
    edge, count = edges.most_common(1)[0]
    if count < 3:
        return lines
    halves = [_halves(raw, edge) if raw else None for raw in raws]
    out: list[Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and halves[j] is not None:
            j += 1
        if j == i:
            out.append(lines[i])
            i += 1
            continue
        run = [(line, h) for line, h in zip(lines[i:j], halves[i:j], strict=True) if h]
        if sum(1 for _, (left, right) in run if left and right) >= 3:
            out += [_part(line, left, keep_x=True) for line, (left, _) in run if left]
            out += [_part(line, right, keep_x=False) for line, (_, right) in run if right]
        else:
            out += lines[i:j]
        i = j
    return out


def _widest_gap(raw: str) -> tuple[int, int] | None:
    """The start and end of a line's widest gap, if it is at least four spaces and wider than
    every other gap of the line."""
    gaps = sorted(
        (
            (m.end() - m.start(), m.start(), m.end())
            for m in re.finditer(r"(?<=\S) {2,}(?=\S)", raw)
        ),
        reverse=True,
    )
    if not gaps or gaps[0][0] < 4 or (len(gaps) > 1 and gaps[1][0] >= gaps[0][0] - 1):
        return None
    return gaps[0][1], gaps[0][2]


def _halves(raw: str, edge: int) -> tuple[str, str] | None:
    """The left and right column of a layout line split at `edge`, or None if text spans it."""
    if len(raw.rstrip()) <= edge - 3:
        return raw.strip(), ""
    indent = len(raw) - len(raw.lstrip())
    if abs(indent - edge) <= 2:
        return "", raw.strip()
    gap = _widest_gap(raw)
    if gap is not None and abs(gap[1] - edge) <= 2:
        return raw[: gap[0]].strip(), raw[gap[1] :].strip()
    return None


def _part(line: Line, text: str, *, keep_x: bool) -> Line:
    return Line(" ".join(text.split()), line.x if keep_x else None, line.y, line.size)


def may_hold_table(lines: list[Line]) -> bool:
    """Whether a line on the page looks like a row of figures (worth a layout-mode pass)."""
    for line in lines:
        tokens = line.text.split()
        figures = sum(1 for t in tokens if NUMBER_RE.fullmatch(t))
        if figures >= 2 and figures * 3 >= len(tokens):
            return True
    return False


def clean_pdf_text(pages: list[list[Line]]) -> str:
    """The text of the pages as prose: running lines and page numbers out, pages joined."""
    body = _body_size(pages)
    pages = [_attach_list_marks(lines) for lines in pages]
    pages = drop_running_lines(pages)
    notes: list[str] = []
    kept: list[list[Line]] = []
    for lines in pages:
        main, foot = _split_footnotes(lines, body)
        kept.append(main)
        notes.extend(foot)
    pitch = _line_pitch(kept)
    out: list[str] = []
    previous: Line | None = None
    for lines in kept:
        for n, line in enumerate(lines):
            if previous is not None:
                out.append(_separator(previous, line, pitch, page_break=n == 0))
            out.append(_line_text(line))
            previous = line
    text = "".join(out)
    if notes:
        text = text + "\n\n" + "\n\n".join(notes)
    # ligatures first (a hyphenated word may hold one), soft hyphens after the joining
    return join_hyphenated(text.translate(LIGATURES)).translate(PRINT_CHARACTERS)


def _body_size(pages: list[list[Line]]) -> float:
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            if line.size:
                sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _attach_list_marks(lines: list[Line]) -> list[Line]:
    """Puts a bullet or list number drawn apart from its item back in front of it."""
    out: list[Line] = []
    for line in lines:
        if LIST_MARK_RE.fullmatch(line.text) and line.y is not None and line.size:
            target = next(
                (
                    other
                    for other in lines
                    if other is not line
                    and other.y is not None
                    and abs(other.y - line.y) < 0.3 * line.size
                    and (other.x or 0) > (line.x or 0)
                    and not LIST_MARK_RE.match(other.text.split()[0])
                ),
                None,
            )
            if target is not None:
                mark = "•" if not line.text[0].isalnum() else line.text
                target.text = f"{mark} {target.text}"
                continue
            if not line.text[0].isalnum():
                continue  # a bullet with no item: nothing to say
        out.append(line)
    return out


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def drop_running_lines(pages: list[list[AnyLine]]) -> list[list[AnyLine]]:
    """The pages without their running headers and footers (a line near the top or bottom
    that recurs, digits aside, on about half the pages or more) and page numbers."""

    def edges(lines: list[AnyLine]) -> list[AnyLine]:
        if len(lines) <= 2 * EDGE_LINES:
            return lines
        return lines[:EDGE_LINES] + lines[-EDGE_LINES:]

    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_key(line.text) for line in edges(lines)})
    needed = max(2, math.ceil(RUNNING_SHARE * len(pages)))
    out = []
    for lines in pages:
        # a table's header repeated on each page is kept: the rows need it
        edge = {id(line) for line in edges(lines) if not line.is_row}
        out.append(
            [
                line
                for line in lines
                if id(line) not in edge
                or not (
                    (len(pages) > 1 and counts[_key(line.text)] >= needed)
                    or _is_page_number(line.text, len(pages))
                )
            ]
        )
    return out


def _is_page_number(text: str, pages: int) -> bool:
    if not PAGE_NUMBER_RE.fullmatch(text.strip()):
        return False
    return pages > 1 or "page" in text.lower() or "/" in text


def _split_footnotes(lines: list[Line], body: float) -> tuple[list[Line], list[str]]:
    """Splits the notes at the foot of a page (small type, starting with a number) off."""
    start = len(lines)
    while start > 0 and 0 < (lines[start - 1].size or body) < 0.9 * body:
        start -= 1
    while start < len(lines) and not NOTE_START_RE.match(lines[start].text):
        start += 1
    if start == len(lines) or start == 0 or lines[start - 1].is_row:
        return lines, []
    notes: list[str] = []
    for line in lines[start:]:
        if NOTE_START_RE.match(line.text) or not notes:
            notes.append(line.text)
        else:
            notes[-1] += "\n" + line.text
    return lines[:start], notes


def _line_pitch(pages: list[list[Line]]) -> dict[float, float]:
    """The usual distance between two lines of one paragraph, for each type size."""
    gaps: dict[float, list[float]] = {}
    for lines in pages:
        for a, b in itertools.pairwise(lines):
            if a.y is None or b.y is None or not a.size or not b.size:
                continue
            if abs(a.size - b.size) > 0.1 * a.size:
                continue
            gap = a.y - b.y
            if 0.5 * a.size < gap < 4 * a.size:
                gaps.setdefault(round(a.size * 2) / 2, []).append(gap)
    return {
        size: statistics.quantiles(g, n=4, method="inclusive")[0] if len(g) > 1 else g[0]
        for size, g in gaps.items()
    }


def _separator(a: Line, b: Line, pitch: dict[float, float], *, page_break: bool) -> str:
    if a.is_row or b.is_row:
        return "\n" if a.is_row and b.is_row else "\n\n"
    ends_sentence = a.text.rstrip().endswith(SENTENCE_END)
    if a.size and b.size and abs(a.size - b.size) > 0.12 * max(a.size, b.size):
        return "\n\n"  # a heading and the text under it
    if page_break or a.y is None or b.y is None or not a.size or not b.size:
        return "\n\n" if ends_sentence else "\n"
    gap = a.y - b.y
    usual = pitch.get(round(a.size * 2) / 2, 1.2 * a.size)
    if gap <= 0 or gap > 6 * usual:  # a new column, or a jump over a figure
        return "\n\n" if ends_sentence else "\n"
    return "\n\n" if gap > 1.4 * usual else "\n"


def _line_text(line: Line) -> str:
    if line.is_row:
        return "| " + " | ".join(line.cells) + " |"
    return line.text

"""Tables: figures in rows under a line of column labels.

Reports put their figures in tables ("Region | Killed | Injured | Total"), and once a table is
text its cells are separated by tabs, pipes or runs of spaces. A table here is a header line of
labels followed by rows that have the same number of cells, whose first cell is a label (a
region, a year, a group of people, a kind of device) and whose other cells are figures. A
figure's measure and subject come from its column label, else its row label, else the caption
(the line just above the header, "Table 2. Civilian casualties by region, January-June 2025");
its period from a year in its row or column label, else the caption. In a row with killed,
injured and total columns, the total counts casualties and the others are its parts.

Only the rows are read here; everything around a table is read sentence by sentence as before.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from .measure import PEOPLE_MEASURES, fits, normalised_measure
from .numbers import Mention
from .periods import Period, find_periods
from .vocabulary import CAUSES, MEASURES_IN_NOUN, SUBJECTS

PIPE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
TAB_SPLIT_RE = re.compile(r"[ ]*\t+[ ]*")
SPACE_SPLIT_RE = re.compile(r" {2,}|\t+")
# a figure cell: a number, maybe with a qualifier, a percent sign or a parenthesised part
FIGURE_CELL_RE = re.compile(
    r"^(?:(?:about|approx\.?|over|at\s+least|more\s+than|some|~|>|<)\s*)?"
    r"\d[\d,. \u00a0\u202f]*(?:\s*%)?(?:\s*\([^()]{0,40}\))?\*?$",
    re.IGNORECASE,
)
EMPTY_CELL_RE = re.compile(r"^(?:|-|–|—|n/?a|\.\.\.|…|none|nil|0)$", re.IGNORECASE)
YEAR_RE = re.compile(r"^(?:19[5-9]\d|20[0-4]\d)$")
TOTAL_RE = re.compile(r"\b(?:total|overall|all)\b", re.IGNORECASE)
PERCENT_LABEL_RE = re.compile(r"%|\bper\s*cent\b|\bpercent\b|\bshare\b", re.IGNORECASE)
UNIT_LABEL_RE = re.compile(
    r"\((?P<ha>ha|hectares)\)|\((?P<km2>km2|km²|sq\.?\s?km)\)|\((?P<m2>m2|m²|sq\.?\s?m)\)"
    r"|\bin\s+(?:(?P<ha2>hectares)|(?P<km22>square\s+kilomet(?:re|er)s)|(?P<m22>square\s+met(?:re|er)s))",
    re.IGNORECASE,
)
OUTCOMES = frozenset({"killed", "injured"})
SOURCES = ("column", "row", "corner", "caption")


@dataclass(frozen=True)
class Cell:
    """One cell of a table line: its text range."""

    start: int
    end: int


@dataclass(frozen=True)
class TableFigure:
    """A figure read from a table: its number, what it counts and the row that states it."""

    mention: Mention
    measure: str
    subject: str
    row: tuple[int, int]
    period: Period | None
    cause: str | None
    total: Mention | None  # the row's total that this figure is a part of
    rule: str


def _cells(text: str, start: int, end: int) -> list[Cell] | None:
    """The cells of a line, or None if the line is not split into cells."""
    line = text[start:end]
    if "|" in line:
        left = start + (len(line) - len(line.lstrip()))
        right = start + len(line.rstrip())
        if text[left : left + 1] == "|":
            left += 1
        if right > left and text[right - 1] == "|":
            right -= 1
        bounds = [left]
        bounds += [i for i in range(left, right) if text[i] == "|"]
        cells = []
        for n, a in enumerate(bounds):
            a = a + 1 if n else a
            b = bounds[n + 1] if n + 1 < len(bounds) else right
            cells.append(_trimmed(text, a, b))
        return cells if len(cells) >= 2 else None
    splitter = TAB_SPLIT_RE if "\t" in line else SPACE_SPLIT_RE
    cells = []
    # a tab at the start of a line is an empty first cell ("\tKilled\tInjured")
    pos = start + (len(line) - len(line.lstrip(" " if splitter is TAB_SPLIT_RE else None)))
    stop = start + len(line.rstrip())
    for sep in splitter.finditer(text, pos, stop):
        cells.append(_trimmed(text, pos, sep.start()))
        pos = sep.end()
        if splitter is TAB_SPLIT_RE:
            # "a\t\tb": an empty cell between two tabs
            cells += [Cell(pos, pos)] * (sep.group().count("\t") - 1)
    cells.append(_trimmed(text, pos, stop))
    if splitter is SPACE_SPLIT_RE and len(cells) < 3:
        return None  # two runs of words with a wide gap are not yet a table
    return cells if len(cells) >= 2 else None


def _trimmed(text: str, a: int, b: int) -> Cell:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return Cell(a, b)


def _is_figure(text: str, cell: Cell) -> bool:
    value = text[cell.start : cell.end]
    return bool(FIGURE_CELL_RE.match(value)) and not YEAR_RE.match(value.strip())


def _is_empty(text: str, cell: Cell) -> bool:
    return bool(EMPTY_CELL_RE.match(text[cell.start : cell.end].strip()))


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def table_figures(
    text: str, mentions: list[Mention], published: dt.date | None
) -> tuple[list[TableFigure], list[tuple[int, int]]]:
    """Figures stated in the tables of `text`, in document order, and the ranges of the rows
    read (whose other numbers are not claims)."""
    rows_read: list[tuple[int, int]] = []
    if "\t" not in text and "|" not in text and "   " not in text:
        return [], rows_read
    lines = _lines(text)
    by_start = {m.start: m for m in mentions}
    out: list[TableFigure] = []
    i = 0
    while i < len(lines):
        header = _cells(text, *lines[i])
        if header is None or any(_is_figure(text, c) for c in header):
            i += 1
            continue
        j = i + 1
        if j < len(lines) and PIPE_RULE_RE.match(text[lines[j][0] : lines[j][1]]):
            j += 1
        rows: list[tuple[tuple[int, int], list[Cell]]] = []
        while j < len(lines):
            cells = _cells(text, *lines[j])
            if cells is None or len(cells) != len(header) or not _is_row(text, cells):
                break
            rows.append((lines[j], cells))
            j += 1
        if rows and _labelled(text, header):
            caption = _caption(text, lines, i)
            corner = (header[0].start, header[0].end)
            out += _read_table(text, header, rows, (corner, caption), by_start, published)
            rows_read += [row for row, _ in rows]
            i = j
        else:
            i += 1
    return out, rows_read


def _is_row(text: str, cells: list[Cell]) -> bool:
    values = cells[1:]
    figures = [c for c in values if _is_figure(text, c)]
    return bool(figures) and all(_is_figure(text, c) or _is_empty(text, c) for c in values)


def _labelled(text: str, header: list[Cell]) -> bool:
    """A header names what its columns count (or that they are years)."""
    for cell in header[1:]:
        words = text[cell.start : cell.end]
        if (
            MEASURES_IN_NOUN.search(text, cell.start, cell.end)
            or SUBJECTS.search(text, cell.start, cell.end)
            or TOTAL_RE.search(words)
            or YEAR_RE.match(words.strip())
        ):
            return True
    return False


def _caption(text: str, lines: list[tuple[int, int]], header: int) -> tuple[int, int] | None:
    """The nearest non-empty line above the header, if it is not itself a row."""
    for k in range(header - 1, max(-1, header - 3), -1):
        a, b = lines[k]
        if text[a:b].strip():
            if _cells(text, a, b) is not None:
                return None
            return a, b
    return None


def _measure(text: str, spans: list[tuple[int, int] | None]) -> tuple[str | None, str]:
    for name, span in zip(SOURCES, spans, strict=True):
        if span is not None:
            for value, _, _ in MEASURES_IN_NOUN.find_all(text, *span):
                value = value.rstrip("*")
                if value != "block":
                    return value, name
    return None, ""


def _subject(
    text: str, spans: list[tuple[int, int] | None], measure: str
) -> tuple[str | None, str]:
    for name, span in zip(SOURCES, spans, strict=True):
        if span is not None:
            for value, _, _ in SUBJECTS.find_all(text, *span):
                if fits(measure, value):
                    return value, name
    if measure in PEOPLE_MEASURES:
        return "people", "default"
    return None, ""


def _read_table(
    text: str,
    header: list[Cell],
    rows: list[tuple[tuple[int, int], list[Cell]]],
    around: tuple[tuple[int, int], tuple[int, int] | None],
    by_start: dict[int, Mention],
    published: dt.date | None,
) -> list[TableFigure]:
    corner, caption = around
    caption_periods = find_periods(text, *caption, published) if caption else []
    column_measures = [_measure(text, [(c.start, c.end), None, None, None])[0] for c in header]
    outcomes = {m for m in column_measures if m in OUTCOMES}
    out: list[TableFigure] = []
    for row, cells in rows:
        label = cells[0]
        row_span = (label.start, label.end)
        found: list[TableFigure] = []
        total: Mention | None = None
        for k in range(1, len(cells)):
            cell = cells[k]
            m = next(
                (by_start[p] for p in range(cell.start, cell.end) if p in by_start),
                None,
            )
            if m is None or m.start >= cell.end:
                continue
            column = (header[k].start, header[k].end)
            spans: list[tuple[int, int] | None] = [column, row_span, corner, caption]
            measure, measure_from = _measure(text, spans)
            is_total = bool(TOTAL_RE.search(text[column[0] : column[1]])) and (
                measure is None or measure_from != "column"
            )
            if is_total and outcomes == OUTCOMES:
                measure, measure_from = "casualties", "total-column"
            if measure is None:
                continue
            unit = _label_unit(text[column[0] : column[1]])
            if unit and m.unit == "count":
                m = Mention(m.start, m.end, m.value, m.value_max, unit, m.qualifier, m.lead)
            subject: str | None
            if m.unit in ("ha", "km2", "m2") and fits(measure, "land"):
                subject, subject_from = "land", "unit"  # "Cleared (ha)"
            else:
                subject, subject_from = _subject(text, spans, measure)
            if subject is None:
                continue
            measure = normalised_measure(measure, subject)
            period = _period(text, column, row_span, caption_periods)
            cause = None
            for span in spans:
                if span is not None and (hit := CAUSES.search(text, *span)):
                    cause = hit[0]
                    break
            figure = TableFigure(
                m,
                measure,
                subject,
                row,
                period,
                cause,
                None,
                f"table;measure:{measure_from};subject:{subject_from}",
            )
            if is_total and measure == "casualties":
                total = m
            found.append(figure)
        if total is not None:
            found = [replace(f, total=total) if f.measure in OUTCOMES else f for f in found]
        released = next((f for f in found if f.measure == "released"), None)
        if released is not None:
            # "Released (km2) | Cleared (km2)": the land cleared is a part of the land released
            found = [
                replace(f, total=released.mention)
                if f.measure == "cleared"
                and f.subject == released.subject
                and f.mention.start > released.mention.start
                else f
                for f in found
            ]
        out += found
    return out


LABEL_UNITS = {"ha": "ha", "ha2": "ha", "km2": "km2", "km22": "km2", "m2": "m2", "m22": "m2"}


def _label_unit(label: str) -> str | None:
    """The unit a column label gives its figures: "Area cleared (ha)", "Share (%)"."""
    unit = UNIT_LABEL_RE.search(label)
    if unit:
        found = next(name for name, value in unit.groupdict().items() if value)
        return LABEL_UNITS[found]
    return "percent" if PERCENT_LABEL_RE.search(label) else None


def _period(
    text: str,
    column: tuple[int, int],
    row: tuple[int, int],
    caption_periods: list[Period],
) -> Period | None:
    for a, b in (column, row):
        value = text[a:b].strip()
        if YEAR_RE.match(value):
            year = int(value)
            return Period(a, b, dt.date(year, 1, 1), dt.date(year, 12, 31))
    return caption_periods[-1] if caption_periods else None

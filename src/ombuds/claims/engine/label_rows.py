"""Lines of `label – number` under a heading, read as the rows of a list (a layout block).

Reports list their key figures as lines:

    Crimes against children (as of 30 August 2024)
    Killed – 574
    Injured – 1,560

    Explosive items removed and destroyed – 9,641
       of which anti-tank mines – 87

A row's label names its measure, its subject or both; what the label leaves out comes from the
heading over the block (the nearest line above that is not a row) and, for a row that breaks
down the one above it ("of which", "of whom", "including", or indented deeper), from that row,
which is then its total. The heading's period and cause apply to every row. Like table rows,
these lines are read by their labels, not as sentences.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from .language import Markers
from .measure import PEOPLE_MEASURES, fits, normalised_measure
from .numbers import Mention
from .periods import find_periods
from .rules import sentence_measures
from .tables import TableFigure
from .vocabulary import CAUSES, SUBJECTS, can_be_part

ROW_RE = re.compile(
    r"(?P<indent>[ \t]*)(?:[-–•*▪][ \t]*)?(?P<label>[^\W\d_][^\n\d:–—]{0,80}?)"
    r"[ \t]*(?::|[ \t][–—-]|[–—])[ \t]*(?P<value>[^\n]*?)[ \t]*[.;,]?[ \t]*$"
)
SEPARATOR_RE = re.compile(r"[:–—-]")  # a row needs one (ROW_RE's separator)
MIN_ROWS = 2


def label_rows(
    text: str, mentions: list[Mention], published: dt.date | None, words: Markers
) -> tuple[list[TableFigure], list[tuple[int, int]]]:
    """Figures stated in blocks of label rows, and the ranges of the rows read."""
    if "\n" not in text:
        return [], []
    by_start = {m.start: m for m in mentions}
    starts = sorted(by_start)
    lines = _lines(text)
    out: list[TableFigure] = []
    read: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        block: list[tuple[tuple[int, int], re.Match[str], Mention]] = []
        j = i
        while j < len(lines):
            row = _row(text, lines[j], by_start, starts)
            if row is None:
                break
            block.append((lines[j], *row))
            j += 1
        heading = _heading(text, lines, i) if len(block) >= MIN_ROWS else None
        if heading is not None and ROW_RE.fullmatch(text, *heading):
            block = []  # the rest of a list whose rows above are not all plain rows
        if len(block) >= MIN_ROWS:
            out += _read_block(text, block, heading, published, words)
            read += [line for line, _, _ in block]
            i = j
        else:
            i += 1
    return out, read


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _row(
    text: str, line: tuple[int, int], by_start: dict[int, Mention], starts: list[int]
) -> tuple[re.Match[str], Mention] | None:
    if SEPARATOR_RE.search(text, *line) is None:
        return None  # no colon or dash: no row, found faster than by ROW_RE
    match = ROW_RE.fullmatch(text, *line)
    if match is None:
        return None
    start = match.start("value")
    # the value may open with a qualifier ("over 2,100"): the mention starts after it
    i = bisect.bisect_left(starts, start)
    if i == len(starts) or starts[i] >= match.end("value"):
        return None
    mention = by_start[starts[i]]
    if mention.lead > start + 12:
        return None
    rest = text[mention.end : match.end("value")].strip()
    if len(rest) > 25 or re.search(r"\d", rest):
        return None  # prose or more figures after the number: a sentence, not a row
    return match, mention


def _heading(text: str, lines: list[tuple[int, int]], first: int) -> tuple[int, int] | None:
    """The nearest non-empty line above a block: its heading or lead-in."""
    for k in range(first - 1, max(-1, first - 3), -1):
        a, b = lines[k]
        if text[a:b].strip():
            return a, b
    return None


def _read_block(
    text: str,
    block: list[tuple[tuple[int, int], re.Match[str], Mention]],
    heading: tuple[int, int] | None,
    published: dt.date | None,
    words: Markers,
) -> list[TableFigure]:
    h_measure = h_subject = None
    h_period = None
    h_cause = None
    if heading is not None:
        h_measure = _measure(text, *heading, None)
        h_subject = _subject(text, *heading)
        periods = find_periods(text, heading[0], heading[1], published)
        h_period = periods[-1] if periods else None
        causes = CAUSES.find_all(text, *heading)
        h_cause = causes[0][0] if causes else None
    out: list[TableFigure] = []
    stack: list[tuple[int, TableFigure]] = []  # (indent, figure) of the rows above
    for line, match, mention in block:
        label_start, label_end = match.span("label")
        part = words.part_label.match(text, label_start, label_end)
        indent = len(match.group("indent").expandtabs(4)) + (1 if part else 0)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        total = stack[-1][1] if stack else None
        own_start = part.end() if part else label_start
        rest = (mention.end, match.end("value"))  # "Donetsk: 12 killed"
        subject = _subject(text, own_start, label_end) or _subject(text, *rest)
        if subject is None and mention.unit in ("m2", "ha", "km2"):
            subject = "land"
        measure = _measure(text, own_start, label_end, subject) or _measure(text, *rest, subject)
        if total is not None:
            subject = subject or total.subject
            measure = measure or total.measure
        subject = subject or h_subject
        measure = measure or (h_measure if fits(h_measure or "", subject) else None)
        if subject is None and measure in PEOPLE_MEASURES:
            subject = "people"
        if measure is None or subject is None or not fits(measure, subject):
            continue
        if total is not None and not (
            can_be_part(total.subject, total.measure, subject, measure)
            or (part and measure == total.measure)
        ):
            total = None
        own_periods = find_periods(text, label_start, label_end, published)
        figure = TableFigure(
            mention,
            measure,
            subject,
            line,
            own_periods[-1] if own_periods else h_period,
            h_cause,
            total.mention if total is not None else None,
            "label-row",
        )
        out.append(figure)
        stack.append((indent, figure))
    return out


def _subject(text: str, start: int, end: int) -> str | None:
    found = SUBJECTS.find_all(text, start, end)
    specific = [v for v, _, _ in found if v != "people"]
    if specific:
        return specific[-1]
    return found[-1][0] if found else None


def _measure(text: str, start: int, end: int, subject: str | None) -> str | None:
    for value, _, _ in reversed(sentence_measures(text, start, end)):
        measure = normalised_measure(value.rstrip("*"), subject)
        if measure == "block":
            return None
        if fits(measure, subject):
            return measure
    return None

"""A long source's text in windows of about ``WINDOW`` characters, read without loading it all.

The source page shows one window (about 20,000 characters) at a time with the claims whose passage starts in it, so a
20 MB text with 100,000 claims renders as fast as a short one. Window ``k`` nominally covers
characters ``k*WINDOW`` to ``(k+1)*WINDOW``; each boundary moves back to just after the last
line break in the ``MARGIN`` characters before it, so no paragraph (and hardly any passage) is
cut. Only the window and its margin are read from the database (``Substr``); the text's length
is a column the database keeps (``Source.text_length``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Value
from django.db.models.functions import Substr

from ombuds.sources.models import Source

WINDOW = 20_000
MARGIN = 2_000


@dataclass(frozen=True)
class TextWindow:
    number: int  # from 0
    count: int  # how many windows the text has
    start: int  # offset of the window's first character in the whole text
    text: str


def _boundary(nominal: int, before: str) -> int:
    """The boundary near ``nominal``: just after the last line break of ``before`` (the text
    right before ``nominal``), else ``nominal`` itself."""
    cut = before.rfind("\n")
    return nominal if cut < 0 else nominal - len(before) + cut + 1


def text_window(source: Source, number: int) -> TextWindow:
    """Window ``number`` of the source's text (the last one when ``number`` is past it)."""
    total = text_length(source)
    count = max(1, -(-total // WINDOW))
    number = max(0, min(number, count - 1))
    nominal = number * WINDOW
    read_from = max(0, nominal - MARGIN)
    chunk = _substring(source, read_from, nominal + WINDOW - read_from)
    start = 0 if number == 0 else _boundary(nominal, chunk[: nominal - read_from])
    end_nominal = nominal + WINDOW
    if number == count - 1:
        end = total
    else:
        tail = chunk[end_nominal - MARGIN - read_from : end_nominal - read_from]
        end = _boundary(end_nominal, tail)
    return TextWindow(number, count, start, chunk[start - read_from : end - read_from])


def window_of(source: Source, offset: int) -> int:
    """The number of the window that holds character ``offset``."""
    number = offset // WINDOW
    following = (number + 1) * WINDOW
    if offset >= following - MARGIN:
        before = _substring(source, following - MARGIN, MARGIN)
        if offset >= _boundary(following, before) and following < text_length(source):
            return number + 1
    return number


def text_slice(source: Source, *, start: int, length: int) -> str:
    """``length`` characters of the source's text from offset ``start``."""
    return _substring(source, start, length)


def text_length(source: Source) -> int:
    """The length of the source's text in characters, as the database keeps it (no text read)."""
    return int(source.text_length or 0)


def _substring(source: Source, start: int, length: int) -> str:
    """``length`` characters of the text from offset ``start`` (SQL counts from 1)."""
    if length <= 0:
        return ""
    part = (
        Source.objects.filter(pk=source.pk)
        .annotate(part=Substr("text", Value(start + 1), Value(length)))
        .values_list("part", flat=True)
        .first()
    )
    return str(part or "")

"""What pypdf complained about while reading one PDF (no Django).

pypdf reads a damaged PDF as far as it can: a content stream that does not decompress is
logged as a warning and read as empty, so a damaged page looks like a scanned one. The warnings
are collected per read (a context variable, so threads and requests do not mix them) and tell
"the PDF is damaged" apart from "the PDF has no text layer".
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_collected: ContextVar[list[str] | None] = ContextVar("pypdf_warnings", default=None)
# Words of pypdf's warnings about bytes it could not decode or parse (not about style slips
# such as a missing /Length, which it repairs).
DAMAGE_WORDS = ("decompress", "decod", "corrupt", "invalid", "truncat")


class _Collector(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        bucket = _collected.get()
        if bucket is not None:
            bucket.append(record.getMessage())


def _install() -> None:
    logger = logging.getLogger("pypdf")
    if not any(isinstance(h, _Collector) for h in logger.handlers):
        logger.addHandler(_Collector(logging.WARNING))
    # Warnings are collected, not printed: a damaged file is reported to its user instead.
    logger.setLevel(logging.WARNING)
    logger.propagate = False


@contextmanager
def collected_warnings() -> Iterator[list[str]]:
    """The list pypdf's warnings are added to while the block runs."""
    _install()
    bucket: list[str] = []
    token = _collected.set(bucket)
    try:
        yield bucket
    finally:
        _collected.reset(token)


def damage_in(warnings: list[str]) -> str | None:
    """The first warning that says bytes could not be decoded, or None."""
    return next((w for w in warnings if any(d in w.lower() for d in DAMAGE_WORDS)), None)

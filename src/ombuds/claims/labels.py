"""Claims in the words people use: "at least 1,248 apartment buildings damaged in Veldoria,
1 Jan – 30 Jun 2025", instead of the engine's codes (``at_least``, ``apartment_buildings``).

The rule strings stay available on demand; everywhere a person reads, these labels are shown.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

QUALIFIER_WORDS = {"exact": "", "approx": "about", "at_least": "at least", "at_most": "at most"}
UNIT_SUFFIX = {"percent": "%"}


def words(code: str | None) -> str:
    """A code as words: ``apartment_buildings`` -> ``apartment buildings``."""
    return (code or "").replace("_", " ").strip()


def number(value: Decimal | float | int | None) -> str:
    """A number with thousands separators and no trailing zeros: 1,248 or 12.5."""
    if value is None:
        return ""
    amount = Decimal(str(value))
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount.normalize():,f}"


def amount(claim: Any) -> str:
    """The claim's value as written for people: "at least 1,248", "1,200–1,500", "about 40%"."""
    text = number(claim.value)
    if claim.value_max is not None:
        text += "–" + number(claim.value_max)
    text += UNIT_SUFFIX.get(claim.unit, "")
    qualifier = QUALIFIER_WORDS.get(claim.qualifier, words(claim.qualifier))
    return f"{qualifier} {text}".strip()


def _day(value: dt.date, *, year: bool = True) -> str:
    return f"{value.day} {value:%b}" + (f" {value.year}" if year else "")


def period(start: dt.date | None, end: dt.date | None) -> str:
    """ "1 Jan – 30 Jun 2025", "since 1 Feb 2022", "until 3 Mar 2022", or ""."""
    if start and end:
        if start == end:
            return _day(start)
        return f"{_day(start, year=start.year != end.year)} – {_day(end)}"
    if start:
        return f"since {_day(start)}"
    if end:
        return f"until {_day(end)}"
    return ""


def sentence(claim: Any) -> str:
    """The claim as one sentence: "at least 1,248 apartment buildings damaged in Veldoria,
    1 Jan – 30 Jun 2025, by shelling"."""
    text = f"{amount(claim)} {words(claim.subject)} {words(claim.measure)}"
    if claim.unit not in ("count", "percent"):
        text += f" ({words(claim.unit)})"
    if claim.place:
        text += f" in {claim.place}"
    when = period(claim.period_start, claim.period_end)
    if when:
        text += f", {when}"
    if claim.cause:
        text += f", by {words(claim.cause)}"
    return " ".join(text.split())


def count(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 claim", "2 claims", "1,248 claims": a count with its noun in the right number."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"

"""Figure references in appeal text: the syntax, and turning a reference into a figure key.

A reference is written between double braces, in one of two forms (docs/appeals.md):

- by parts: ``{{fig killed/civilians cause=landmine place="liberated territories"
  from=2020-11-10 to=2023-01-25 unit=count}}``: measure/subject, then any of the key's parts;
  a place the gazetteer knows is found by any of its names (``place=@unit:<id>`` names the
  entry itself);
- by key slug, as the figures pages show it: ``{{fig killed~civilians~landmine~...~count}}``.

An estimate kept on the registry's estimate page is referenced by its number:
``{{estimate 3}}``.

Parsing is written by hand because the syntax is ours and small; shlex splits the parts so
that quoted places may hold spaces.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shlex
from dataclasses import dataclass

from ombuds.appeals.errors import FigureReferenceError
from ombuds.figures.keys import FigureKey, parse_ref
from ombuds.figures.placing import named, resolved

REFERENCE = re.compile(r"\{\{\s*(?P<kind>fig|estimate)\s+(?P<spec>[^{}]+?)\s*\}\}")
ESTIMATE = "estimate"
PARTS = {"cause", "place", "from", "to", "unit"}


@dataclass(frozen=True)
class Reference:
    """One figure reference as written, and the key it names."""

    text: str  # the reference as written, braces included
    key: FigureKey
    start: int
    end: int


def _date(name: str, raw: str, spec: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise FigureReferenceError(
            f"In {{{{fig {spec}}}}}, {name}={raw!r} is not a date: write it as YYYY-MM-DD."
        ) from None


def parse_spec(spec: str) -> FigureKey:
    """The figure key a reference's inside names; FigureReferenceError says what is wrong."""
    spec = spec.strip()
    if "~" in spec and " " not in spec:
        try:
            return FigureKey.from_slug(spec)
        except ValueError:
            raise FigureReferenceError(
                f"{{{{fig {spec}}}}} is not a figure key: copy the key from the figures page, "
                "or write {{fig measure/subject cause=... from=YYYY-MM-DD to=YYYY-MM-DD}}."
            ) from None
    try:
        words = shlex.split(spec)
    except ValueError as exc:
        raise FigureReferenceError(f"{{{{fig {spec}}}}} cannot be read ({exc}).") from None
    head, *rest = words
    measure, _, subject = head.partition("/")
    if not measure or not subject:
        raise FigureReferenceError(
            f"{{{{fig {spec}}}}} must start with measure/subject, e.g. killed/civilians."
        )
    values: dict[str, str] = {}
    for word in rest:
        name, eq, value = word.partition("=")
        if not eq or name not in PARTS:
            raise FigureReferenceError(
                f"In {{{{fig {spec}}}}}, {word!r} is not understood: use "
                f"{', '.join(sorted(PARTS))} as name=value."
            )
        values[name] = value
    return FigureKey.of(
        measure=measure,
        subject=subject,
        cause=values.get("cause"),
        place=values.get("place"),
        place_ref=values["place"] if parse_ref(values.get("place") or "") else "",
        period_start=_date("from", values["from"], spec) if values.get("from") else None,
        period_end=_date("to", values["to"], spec) if values.get("to") else None,
        unit=values.get("unit"),
    )


def parse_estimate(spec: str) -> int:
    """The number of the estimate ``{{estimate N}}`` cites; FigureReferenceError otherwise."""
    spec = spec.strip()
    if not spec.isdigit() or int(spec) < 1:
        raise FigureReferenceError(
            f"{{{{estimate {spec}}}}} names no estimate: write its number as the registry's "
            "estimate page gives it, e.g. {{estimate 3}}."
        )
    return int(spec)


def estimate_slug(number: int) -> str:
    """What stands for an estimate where a figure has its key slug (notes, citations)."""
    return f"{ESTIMATE}~{number}"


def find_references(text: str) -> list[Reference]:
    """Every figure reference in ``text``, in order (estimates left out); raises on the first
    malformed one."""
    return [
        Reference(text=m.group(0), key=parse_spec(m.group("spec")), start=m.start(), end=m.end())
        for m in REFERENCE.finditer(text)
        if m.group("kind") == "fig"
    ]


def _place_words(key: FigureKey) -> str:
    """A linked place by its gazetteer name when that name names it alone (the figure is
    found through the gazetteer), else by its entry (``@unit:<id>``)."""
    if parse_ref(key.place) is None:
        return key.place
    key = named(key)
    if key.place_name and resolved(dataclasses.replace(key, place=key.place_name)) == key:
        return key.place_name
    return key.place


def write_reference(key: FigureKey) -> str:
    """The by-parts reference for ``key`` (what the "insert figure" helper puts in the text)."""
    words = [f"{key.measure}/{key.subject}"]
    if key.cause:
        words.append(f"cause={key.cause}")
    if key.place:
        words.append(f"place={shlex.quote(_place_words(key))}")
    if key.period_start:
        words.append(f"from={key.period_start.isoformat()}")
    if key.period_end:
        words.append(f"to={key.period_end.isoformat()}")
    if key.unit != "count":
        words.append(f"unit={key.unit}")
    return "{{fig " + " ".join(words) + "}}"

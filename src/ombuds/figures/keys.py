"""Figure keys: what makes two numbers count the same thing.

A figure key is (measure, subject, cause, place, period_start, period_end, unit). Claims from
sources and figures computed from registry or place records that share a key are figures of
the same thing and are compared, charted and cited together.

Normalisation (written down in docs/figures.md):

- measure, subject, cause and unit use the claims vocabulary (../shared/claims/CONTRACT.md);
- place is the gazetteer entry the claim's place text names, as ``@unit:<id>`` or
  ``@place:<id>`` (:func:`gazetteer_ref`), so that two spellings of one place are one key;
  a text the gazetteer does not name is compared case-folded, with a leading "the" and
  surrounding punctuation and spaces removed ("the liberated territories" = "Liberated
  territories"); no place is its own key;
- an open period end that a document ties to the present ("until now", "so far") has already
  been resolved to the publication date by the extractor; an end left open stays None and
  means "as of the document's date", which is what ``as_of`` holds for series.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field

from ombuds.claims import labels

_SPACE = re.compile(r"\s+")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
# A key's place that is a gazetteer entry; a normalised text never starts with "@".
REF_PREFIX = "@"


def gazetteer_ref(*, unit_id: object = None, place_id: object = None) -> str:
    """A key's place for a claim linked to the gazetteer: "@unit:<id>" for an administrative
    unit or named area, "@place:<id>" for a place; "" when the claim is not linked."""
    if unit_id:
        return f"{REF_PREFIX}unit:{unit_id}"
    if place_id:
        return f"{REF_PREFIX}place:{place_id}"
    return ""


def parse_ref(place: str) -> tuple[str, uuid.UUID] | None:
    """("unit" or "place", id) of a key's place that is a gazetteer entry; None for a text."""
    if not place.startswith(REF_PREFIX):
        return None
    kind, _, pk = place[len(REF_PREFIX) :].partition(":")
    try:
        return (kind, uuid.UUID(pk)) if kind in ("unit", "place") else None
    except ValueError:
        return None


def normalise_place(place: str | None) -> str:
    """The comparable form of a place as written; "" when there is none."""
    if not place:
        return ""
    text = _SPACE.sub(" ", place).strip().casefold()
    text = _EDGE.sub("", text)
    if text.startswith("the "):
        text = text[4:]
    return text


@dataclass(frozen=True, order=True)
class FigureKey:
    """What a figure counts; equal keys count the same thing."""

    measure: str
    subject: str
    cause: str = ""
    place: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    unit: str = "count"
    # The gazetteer's name of a linked place, for people; not part of what the key is.
    place_name: str = field(default="", compare=False)

    @classmethod
    def of(
        cls,
        *,
        measure: str,
        subject: str,
        cause: str | None = None,
        place: str | None = None,
        period_start: dt.date | None = None,
        period_end: dt.date | None = None,
        unit: str | None = None,
        place_ref: str = "",
        place_name: str = "",
    ) -> FigureKey:
        """A key with its parts normalised; ``place_ref`` (:func:`gazetteer_ref`), when the
        place is linked to the gazetteer, stands for the place instead of its text."""
        return cls(
            measure=measure,
            subject=subject,
            cause=cause or "",
            place=place_ref or normalise_place(place),
            period_start=period_start,
            period_end=period_end,
            unit=unit or "count",
            place_name=place_name if place_ref else "",
        )

    @property
    def place_label(self) -> str:
        """The place for people: the gazetteer's name of a linked place, else the text."""
        return self.place_name or ("a place of the gazetteer" if parse_ref(self.place) else
                                   self.place)  # fmt: skip

    @property
    def series(self) -> tuple[str, str, str, str, dt.date | None, str]:
        """The key without its end: cumulative figures of one series share it."""
        return (self.measure, self.subject, self.cause, self.place, self.period_start, self.unit)

    def slug(self) -> str:
        """A stable text form usable in URLs and references: parts joined by '~'. Made once
        per key (a run of the checks asks each key's slug for every row and finding of it)."""
        made = self.__dict__.get("_slug")
        if made is None:
            made = self._make_slug()
            object.__setattr__(self, "_slug", made)  # frozen, but not part of what it is
        return made

    def _make_slug(self) -> str:
        parts = [
            self.measure,
            self.subject,
            self.cause,
            self.place,
            self.period_start.isoformat() if self.period_start else "",
            self.period_end.isoformat() if self.period_end else "",
            self.unit,
        ]
        return "~".join(p.replace("~", "-") for p in parts)

    @classmethod
    def from_slug(cls, slug: str) -> FigureKey:
        """The key a slug was made from; ValueError when it is not one."""
        parts = slug.split("~")
        if len(parts) != 7 or not parts[0] or not parts[1]:
            raise ValueError(f"{slug!r} is not a figure key")
        start = dt.date.fromisoformat(parts[4]) if parts[4] else None
        end = dt.date.fromisoformat(parts[5]) if parts[5] else None
        return cls(parts[0], parts[1], parts[2], parts[3], start, end, parts[6] or "count")

    def name(self, *, place: str = "") -> str:
        """The figure in words, for people: "civilians killed by landmine in Veldoria, 1 Jan –
        30 Jun 2025" (``place`` as a source writes it, else the key's normalised place)."""
        text = f"{labels.words(self.subject)} {labels.words(self.measure)}"
        if self.unit not in ("count", "percent"):
            text += f" ({labels.words(self.unit)})"
        if self.cause:
            text += f" by {labels.words(self.cause)}"
        if self.place:
            text += f" in {place or self.place_label}"
        when = labels.period(self.period_start, self.period_end)
        if when:
            text += f", {when}"
        return text

    def label(self) -> str:
        """A short human description: "killed · civilians · landmine · 2020-11-10 – 2023-01-25"."""
        bits = [self.measure, self.subject.replace("_", " ")]
        if self.cause:
            bits.append(self.cause)
        if self.place:
            bits.append(self.place_label)
        if self.period_start or self.period_end:
            start = self.period_start.isoformat() if self.period_start else "…"
            end = self.period_end.isoformat() if self.period_end else "…"
            bits.append(f"{start} – {end}")
        if self.unit != "count":
            bits.append(self.unit)
        return " · ".join(bits)


@dataclass(frozen=True)
class RecordFigure:
    """A figure computed from the office's own records (registry, places), with its receipt.

    Apps that compute such figures give their AppConfig a method
    ``record_figures(self, measure: str | None = None) -> Iterable[RecordFigure]``; the figures
    app collects them beside the claimed values of the same key.
    """

    key: FigureKey
    value: float
    records: int  # how many records the value was computed from
    description: str  # how it was computed, e.g. "280 casualty records, outcome killed"
    url: str = ""  # a page listing those records
    app: str = ""  # the app that computed it ("registry", "places")

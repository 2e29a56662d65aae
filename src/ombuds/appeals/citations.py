"""The sources a figure's footnote cites, in which order, and how the note reads them.

One note per figure, in a citation style a lawyer would sign (docs/appeals.md)::

    Test Commission, “Commission report”, 25 January 2023, https://example.org/report:
    “… a total of 3,890 citizens went missing …”.

What is cited: the sources that state the printed value (the author may choose others, or
fewer, per figure: ``Appeal.cited_sources``), the best first: by their reliability (HURIDOCS
micro-thesaurus 42, ``Source.reliability``), then the latest publication first. Each text is
cited once: the claims of one source collapse to its best one, and the copies of one text
(the same story as PDF and as TXT, a wire story republished: one group of copies, found when
the sources were stored, ``sources/copies.py``) collapse to the first. A records figure is
cited as the office's records "as of" a day, never by internal record counts or descriptions
(those stay on the staff pages). An estimate (``{{estimate N}}``) is cited by what it rests on:
the day it was made, the method and model, the lists (publisher, name, date), the people on at
least one of them, and the 95% interval.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ombuds.appeals.languages import format_date, format_month, format_number, label

# The HURIDOCS reliability scale, best first; unknown sits with "unsure".
RELIABILITY_RANK = {
    "highly_reliable": 0,
    "likely_reliable": 1,
    "unsure": 2,
    "unknown": 2,
    "likely_unreliable": 3,
    "highly_unreliable": 4,
}
QUOTE_CHARS = 200


def _sources(ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    from ombuds.sources.models import Source

    rows = Source.objects.filter(pk__in=list(ids)).values("pk", "reliability", "url")
    return {str(row["pk"]): dict(row) for row in rows}


def _is_claim(citation: Any) -> bool:
    return getattr(citation, "kind", "claim") == "claim"


def _source_of(citation: Any) -> str:
    return str(getattr(citation, "source_id", "") or "")


def distinct_texts(citations: list[Any]) -> list[Any]:
    """Of ``citations`` (in the order to cite), one per source and one per group of copies."""
    from ombuds.sources.queries import copy_groups

    seen_sources: set[str] = set()
    kept: list[Any] = []
    for citation in citations:
        if _is_claim(citation):
            if _source_of(citation) in seen_sources:
                continue
            seen_sources.add(_source_of(citation))
        kept.append(citation)
    groups = copy_groups(_source_of(c) for c in kept if _is_claim(c))
    seen_texts: set[str] = set()
    result: list[Any] = []
    for citation in kept:
        group = groups.get(_source_of(citation)) if _is_claim(citation) else None
        if group is not None:
            if group in seen_texts:
                continue
            seen_texts.add(group)
        result.append(citation)
    return result


def _states(citation: Any, value: Any) -> bool:
    stated = getattr(citation, "value", None)
    return stated is not None and Decimal(str(stated)) == Decimal(str(value.value))


def choose(value: Any, *, chosen: list[str] | None = None) -> list[dict[str, Any]]:
    """The citations of a figure's note, best first, as plain data (see the module docstring).

    ``chosen``: the source ids the author picked for this figure (records as "records"); None
    cites every source stating the printed value."""
    citations = list(getattr(value, "citations", []) or [])
    if chosen is None:
        picked = [c for c in citations if _states(c, value)] or citations[:1]
    else:
        wanted = set(chosen)
        picked = [c for c in citations if (_source_of(c) if _is_claim(c) else "records") in wanted]
    meta = _sources(_source_of(c) for c in picked if _is_claim(c))

    def best_first(citation: Any) -> tuple[int, int, int]:
        if not _is_claim(citation):
            return (1 if getattr(value, "basis", "") == "claims" else -1, 0, 0)
        reliability = meta.get(_source_of(citation), {}).get("reliability", "unknown")
        published = getattr(citation, "published", None)
        recency = -published.toordinal() if isinstance(published, dt.date) else 0
        return (0, RELIABILITY_RANK.get(reliability, 2), recency)

    ordered = distinct_texts(sorted(picked, key=best_first))
    return [_data(c, meta.get(_source_of(c), {}), value) for c in ordered]


def candidates(value: Any) -> list[dict[str, Any]]:
    """Every source the author may cite for a figure (one per source), with what it states."""
    seen: set[str] = set()
    rows = []
    for citation in getattr(value, "citations", []) or []:
        key = _source_of(citation) if _is_claim(citation) else "records"
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            {
                "id": key,
                "title": getattr(citation, "source_title", "") or "",
                "publisher": getattr(citation, "publisher", "") or "",
                "states_value": _states(citation, value),
                "value": str(getattr(citation, "value", "") or ""),
            }
        )
    return rows


def short_quote(quote: str, value: Any) -> str:
    """The passage, cut to about QUOTE_CHARS characters around the number it states."""
    quote = " ".join(quote.split())
    if len(quote) <= QUOTE_CHARS:
        return quote
    number = Decimal(str(value)).normalize() if value is not None else None
    at = -1
    if number is not None and number == number.to_integral_value():
        for written in (f"{int(number):,}", str(int(number)), f"{int(number):,}".replace(",", " ")):
            at = quote.find(written)
            if at >= 0:
                break
    start = max(0, (at if at >= 0 else 0) - QUOTE_CHARS // 2)
    end = min(len(quote), start + QUOTE_CHARS)
    start = quote.rfind(" ", 0, start) + 1 if start else 0
    cut_end = quote.find(" ", end)
    end = len(quote) if cut_end < 0 else cut_end
    return ("… " if start else "") + quote[start:end].strip() + (" …" if end < len(quote) else "")


def _data(citation: Any, source: dict[str, Any], value: Any) -> dict[str, Any]:
    published = getattr(citation, "published", None)
    page = getattr(citation, "url", "") or ""
    address = source.get("url", "") or ""
    return {
        "kind": getattr(citation, "kind", "claim"),
        "claim_id": str(getattr(citation, "claim_id", "") or ""),
        "source_id": _source_of(citation),
        "source_title": getattr(citation, "source_title", "") or "",
        "publisher": getattr(citation, "publisher", "") or "",
        "published": published.isoformat() if isinstance(published, dt.date) else "",
        "reliability": source.get("reliability", ""),
        "quote": short_quote(
            getattr(citation, "quote", "") or "", getattr(citation, "value", None)
        ),
        # Only public addresses go into the letter; a page of ombuds is linked on screen.
        "url": address if address.startswith(("http://", "https://")) else "",
        "page": page,
    }


def estimate_citation(saved: Any, *, page: str = "") -> dict[str, Any]:
    """The citation of a kept estimate (``registry.SavedEstimate``) as plain data."""
    return {
        "kind": "estimate",
        "number": saved.number,
        "source_title": f"estimate {saved.number}: {saved.description}",
        "page": page,
        "made": saved.created_at.date().isoformat(),
        "method": saved.method,
        "model": saved.model,
        "chosen_by_bic": saved.chosen_by_bic,
        "lists": list(saved.lists),
        "observed": saved.observed,
        "estimate": saved.estimate,
        "lower": saved.lower,
        "upper": saved.upper,
    }


def _list_date(item: dict[str, str], language: str) -> str:
    if not item.get("date"):
        return ""
    day = dt.date.fromisoformat(item["date"])
    precision = item.get("date_precision", "day")
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return format_month(day, language)
    if precision == "unknown":
        return ""
    return format_date(day, language)


def estimate_text(citation: dict[str, Any], *, language: str) -> str:
    """An estimate's note: when and how it was made, from which lists, and its interval."""
    marks = label("quotes", language)
    lists = []
    for item in citation["lists"]:
        parts = [item["publisher"]] if item.get("publisher") else []
        parts.append(f"{marks[0]}{item['name']}{marks[-1]}")
        when = _list_date(item, language)
        if when:
            parts.append(when)
        lists.append(", ".join(parts))
    if citation["method"] == "lcmcr":
        method = label("lcmcr", language)
    else:
        which = "loglinear_bic" if citation.get("chosen_by_bic") else "loglinear"
        method = label(which, language).format(model=citation["model"])
    lower = format_number(citation["lower"], language)
    if citation.get("upper") is None:
        interval = label("open_interval", language).format(lower=lower)
    else:
        interval = f"{lower}–{format_number(citation['upper'], language)}"
    return label("estimate_note", language).format(
        date=format_date(dt.date.fromisoformat(citation["made"]), language),
        method=method,
        k=len(citation["lists"]),
        lists="; ".join(lists),
        observed=format_number(citation["observed"], language),
        interval=interval,
    )


def citation_text(citation: dict[str, Any], *, language: str, as_of: dt.date) -> str:
    """One source of a note in the letter's language: publisher, “title”, date, address:
    “short quote”; the office's records as of a day; or what an estimate rests on."""
    if citation.get("kind") == "records":
        return label("records_as_of", language).format(date=format_date(as_of, language)) + "."
    if citation.get("kind") == "estimate":
        return estimate_text(citation, language=language)
    marks = label("quotes", language)
    opening, closing = marks[0], marks[-1]
    parts = []
    if citation.get("publisher"):
        parts.append(citation["publisher"])
    parts.append(f"{opening}{citation.get('source_title') or label('untitled', language)}{closing}")
    if citation.get("published"):
        parts.append(format_date(dt.date.fromisoformat(citation["published"]), language))
    if citation.get("url"):
        parts.append(citation["url"])
    text = ", ".join(parts)
    quote = citation.get("quote", "")
    if quote:
        # The passage's own full stop ends the citation: no second one after the quote.
        end = "" if quote.rstrip("…").rstrip().endswith((".", "!", "?")) else "."
        return f"{text}: {opening}{quote}{closing}{end}"
    return text + "."


def note_text(figure: dict[str, Any], *, language: str, as_of: dt.date) -> str:
    """The whole note of a figure: its citations, best first, separated by semicolons."""
    texts = [citation_text(c, language=language, as_of=as_of) for c in figure["citations"]]
    # Citations are parted by semicolons: each one's closing full stop goes but the last's (a
    # full stop inside a quotation is followed by the closing mark, so it stays).
    return "; ".join([*(t.removesuffix(".") for t in texts[:-1]), *texts[-1:]])


def figure_note(figure: dict[str, Any]) -> str:
    """A figure's note as the letter prints it (a copy frozen before notes were written as one
    text gives its citations' texts)."""
    if figure.get("note"):
        return str(figure["note"])
    return "; ".join(
        c.get("text", "") + (f" {c['url']}" if c.get("url") else "") for c in figure["citations"]
    )

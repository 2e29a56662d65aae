"""Composing an appeal: its text with each figure reference replaced by the figure's current
value and a numbered footnote citing the figure's sources or records.

The result is a plain, JSON-safe ``dict`` (the "document"), so that approval can store it as
it is and every later rendering (page, PDF, DOCX, email) of an approved appeal reads only the
stored copy. Values come from ``ombuds.figures.queries.figure_value``; a reference that finds
no figure is an error shown in its place, never a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ombuds.appeals.citations import distinct_texts
from ombuds.appeals.errors import FigureReferenceError
from ombuds.appeals.languages import doubled_qualifier
from ombuds.appeals.models import Addressee, AddresseeCategory, Appeal
from ombuds.appeals.references import REFERENCE, parse_spec
from ombuds.figures.keys import FigureKey

Lookup = Callable[[FigureKey], Any]
Document = dict[str, Any]

QUALIFIER_WORDS = {"approx": "about ", "at_least": "at least ", "at_most": "at most "}


def _default_lookup(key: FigureKey) -> Any:
    from ombuds.figures.queries import figure_value

    return figure_value(key)


def visible_lookup(user: Any) -> Lookup:
    """Figure values from the claims ``user`` may see: a draft shown to someone outside the
    case team neither counts nor cites a restricted source (a frozen copy is shown as sent)."""
    from ombuds.figures.queries import figure_value_for

    return lambda key: figure_value_for(key, user=user)


def format_number(value: Any) -> str:
    """3890 -> "3,890"; 1.50 -> "1.5"; None -> ""."""
    if value is None:
        return ""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


def format_figure(figure: Any) -> str:
    """The figure as the letter prints it: qualifier, value or range, unit."""
    text = format_number(figure.value)
    if getattr(figure, "value_max", None) is not None:
        text = f"{text}–{format_number(figure.value_max)}"
    text = QUALIFIER_WORDS.get(getattr(figure, "qualifier", "exact") or "exact", "") + text
    unit = getattr(figure, "unit", "count") or "count"
    if unit == "percent":
        text += "%"
    elif unit != "count":
        text += f" {unit}"
    return text


def _date_text(value: Any) -> str:
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    return str(value or "")


def citation_text(citation: Any, *, as_of: dt.date) -> str:
    """One source of a footnote: title, publisher, date and quoted passage; or the records,
    "as of" a day, without the internal count or description of the records."""
    if getattr(citation, "kind", "claim") == "records":
        return f"According to the records of the Office as of {_date_text(as_of)}."
    parts = [getattr(citation, "source_title", "") or "Untitled source"]
    if getattr(citation, "publisher", ""):
        parts.append(citation.publisher)
    if getattr(citation, "published", None):
        parts.append(_date_text(citation.published))
    text = ", ".join(parts)
    quote = (getattr(citation, "quote", "") or "").strip()
    if quote:
        return f"{text}: “{quote}”"
    return text + "."


def _citation_data(citation: Any, *, as_of: dt.date) -> dict[str, Any]:
    published = getattr(citation, "published", None)
    url = getattr(citation, "url", "") or ""
    return {
        "kind": getattr(citation, "kind", "claim"),
        "claim_id": str(getattr(citation, "claim_id", "") or ""),
        "source_id": str(getattr(citation, "source_id", "") or ""),
        "source_title": getattr(citation, "source_title", "") or "",
        "publisher": getattr(citation, "publisher", "") or "",
        "published": published.isoformat() if isinstance(published, dt.date) else "",
        "quote": getattr(citation, "quote", "") or "",
        # Only public addresses go into the letter; a page of ombuds is linked on screen.
        "url": url if url.startswith(("http://", "https://")) else "",
        "page": url,
        "text": citation_text(citation, as_of=as_of),
    }


def _plain(value: Any) -> str | None:
    return None if value is None else str(Decimal(str(value)).normalize())


def _by_category(addressees: Iterable[Addressee]) -> list[Addressee]:
    """UN bodies first, then regional organisations, ombudsmen, embassies, NGOs, diasporas."""
    rank = {value: n for n, value in enumerate(AddresseeCategory.values)}
    return sorted(addressees, key=lambda a: (rank.get(a.category, 99), a.organisation))


def compose(appeal: Appeal, *, lookup: Lookup | None = None) -> Document:
    """The appeal as a document: live figures for a draft, the stored copy once approved."""
    if appeal.is_frozen and appeal.frozen:
        frozen: Document = appeal.frozen
        return frozen
    lookup = lookup or _default_lookup
    today = timezone.now().date()
    figures: list[dict[str, Any]] = []
    numbers: dict[str, int] = {}
    errors: list[str] = []
    warnings: list[str] = []
    paragraphs: list[list[dict[str, Any]]] = []
    for block in [b.strip() for b in appeal.body.replace("\r\n", "\n").split("\n\n")]:
        if not block:
            continue
        segments: list[dict[str, Any]] = []
        cursor = 0
        for match in REFERENCE.finditer(block):
            if match.start() > cursor:
                segments.append({"text": block[cursor : match.start()]})
            cursor = match.end()
            written = match.group(0)
            try:
                key = parse_spec(match.group("spec"))
            except FigureReferenceError as exc:
                errors.append(str(exc))
                segments.append({"error": written})
                continue
            slug = key.slug()
            if slug not in numbers:
                value = lookup(key)
                if value is None:
                    errors.append(
                        f"{written} finds no figure ({key.label()}): check the key on the "
                        "figures page or add the claim; nothing is printed in its place."
                    )
                    segments.append({"error": written})
                    continue
                numbers[slug] = len(figures) + 1
                figure_warnings = [str(w) for w in getattr(value, "warnings", []) or []]
                warnings.extend(f"{key.label()}: {w}" for w in figure_warnings)
                figures.append(
                    {
                        "n": numbers[slug],
                        "reference": written,
                        "key": slug,
                        "label": key.label(),
                        "display": format_figure(value),
                        "value": _plain(value.value),
                        "value_max": _plain(getattr(value, "value_max", None)),
                        "qualifier": getattr(value, "qualifier", "exact"),
                        "unit": getattr(value, "unit", "count"),
                        "basis": getattr(value, "basis", "claims"),
                        "citations": [
                            _citation_data(c, as_of=today) for c in distinct_texts(value.citations)
                        ],
                        "warnings": figure_warnings,
                        "unreviewed": bool(getattr(value, "unreviewed", False)),
                    }
                )
                if getattr(value, "unreviewed", False):
                    warnings.append(
                        f"{written} rests on a claim nobody has reviewed yet: confirm or "
                        "correct it on its source's page (the letter does not say so)."
                    )
                if not value.citations:
                    errors.append(f"{written} has no source to cite: add one before approval.")
            figure = figures[numbers[slug] - 1]
            doubled = doubled_qualifier(block[: match.start()], figure["qualifier"])
            if doubled:
                warnings.append(
                    f"“{doubled}” is written before {written}, which prints "
                    f"“{figure['display']}” by itself: remove one of the two qualifiers."
                )
            segments.append({"figure": figure["n"], "display": figure["display"]})
        if cursor < len(block):
            segments.append({"text": block[cursor:]})
        paragraphs.append(segments)
    return {
        "reference": appeal.reference,
        "title": appeal.title,
        "letter_date": (appeal.letter_date or timezone.now().date()).isoformat(),
        "place": appeal.place,
        "signatory": [line for line in appeal.signatory.splitlines() if line.strip()],
        "demo": appeal.demo,
        "paragraphs": paragraphs,
        "figures": figures,
        "demands": [{"party": d.party, "text": d.text} for d in appeal.demands.all()],
        "addressees": [a.organisation for a in _by_category(appeal.addressees.all())],
        "warnings": warnings,
        "errors": errors,
        "rendered_at": timezone.now().isoformat(),
    }


def figures_then_and_now(
    previous: Document, *, lookup: Lookup | None = None
) -> list[dict[str, Any]]:
    """Each figure of a (frozen) previous appeal beside the figure's current value."""
    lookup = lookup or _default_lookup
    rows = []
    for figure in previous.get("figures", []):
        value = lookup(FigureKey.from_slug(figure["key"]))
        now = format_figure(value) if value is not None else ""
        now_value = _plain(value.value) if value is not None else None
        now_max = _plain(getattr(value, "value_max", None)) if value is not None else None
        rows.append(
            {
                "label": figure["label"],
                "reference": figure["reference"],
                "then": figure["display"],
                "now": now or "no figure now",
                "changed": (now_value, now_max) != (figure["value"], figure["value_max"]),
            }
        )
    return rows

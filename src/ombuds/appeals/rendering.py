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

from django.conf import settings
from django.utils import timezone

from ombuds.appeals import citations, richtext
from ombuds.appeals.errors import FigureReferenceError
from ombuds.appeals.languages import (
    DEFAULT_LANGUAGE,
    LABELS,
    LANGUAGES,
    doubled_qualifier,
    format_date,
    format_figure,
    label,
)
from ombuds.appeals.models import Addressee, AddresseeCategory, Appeal, Office
from ombuds.appeals.office import get_office, letterhead
from ombuds.appeals.references import ESTIMATE, REFERENCE, estimate_slug, parse_estimate, parse_spec
from ombuds.figures.keys import FigureKey

Lookup = Callable[[FigureKey], Any]
# An estimate's number -> the kept estimate (registry.SavedEstimate), or None.
EstimateLookup = Callable[[int], Any]
Document = dict[str, Any]

__all__ = ["Document", "Lookup", "compose", "figures_then_and_now", "format_figure"]


def _default_lookup(key: FigureKey) -> Any:
    from ombuds.figures.queries import figure_value

    return figure_value(key)


def _default_estimates(number: int) -> Any:
    from ombuds.registry.list_queries import get_saved_estimate_by_number

    return get_saved_estimate_by_number(number)


def _estimate_page(number: int) -> str:
    from django.urls import reverse

    return reverse("registry:estimate") + f"#estimate-{number}"


def visible_lookup(user: Any) -> Lookup:
    """Figure values from the claims ``user`` may see: a draft shown to someone outside the
    case team neither counts nor cites a restricted source (a frozen copy is shown as sent)."""
    from ombuds.figures.queries import figure_value_for

    return lambda key: figure_value_for(key, user=user)


def _plain(value: Any) -> str | None:
    return None if value is None else str(Decimal(str(value)).normalize())


class _Estimated:
    """An estimate as ``format_figure`` prints it: about N people."""

    qualifier = "approx"
    unit = "count"
    value_max = None

    def __init__(self, value: Decimal) -> None:
        self.value = value


def _by_category(addressees: Iterable[Addressee]) -> list[Addressee]:
    """UN bodies first, then regional organisations, ombudsmen, embassies, NGOs, diasporas."""
    rank = {value: n for n, value in enumerate(AddresseeCategory.values)}
    return sorted(addressees, key=lambda a: (rank.get(a.category, 99), a.organisation))


def figure_date(key: FigureKey, value: Any) -> dt.date | None:
    """How old a figure is: its period's end, else the publication date of its latest claim;
    None for a figure counted from the office's records (they count as they stand now) or
    whose sources are undated."""
    if getattr(value, "basis", "claims") != "claims":
        return None
    if key.period_end is not None:
        return key.period_end
    published = [
        c.published
        for c in getattr(value, "citations", [])
        if c.kind == "claim" and c.published is not None
    ]
    return max(published, default=None)


def figures_since(appeal: Appeal, *, today: dt.date) -> dt.date:
    """The day before which a figure is old for this appeal: its own, else today less
    OMBUDS_APPEAL_FIGURE_AGE_DAYS."""
    if appeal.figures_since is not None:
        return appeal.figures_since
    return today - dt.timedelta(days=settings.OMBUDS_APPEAL_FIGURE_AGE_DAYS)


class _Composer:
    """Resolves one text's references into segments, figures, errors and warnings."""

    def __init__(
        self,
        *,
        lookup: Lookup,
        language: str,
        chosen: dict[str, list[str]],
        today: dt.date,
        since: dt.date,
        estimates: EstimateLookup = _default_estimates,
    ) -> None:
        self.lookup = lookup
        self.estimates = estimates
        self.language = language
        self.chosen = chosen
        self.today = today
        self.since = since
        self.figures: list[dict[str, Any]] = []
        self.numbers: dict[str, int] = {}
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def figure(self, written: str, spec: str) -> dict[str, Any] | None:
        try:
            key = parse_spec(spec)
        except FigureReferenceError as exc:
            self.errors.append(str(exc))
            return None
        slug = key.slug()
        if slug in self.numbers:
            return self.figures[self.numbers[slug] - 1]
        value = self.lookup(key)
        if value is None:
            self.errors.append(
                f"{written} finds no figure ({key.label()}): check the key on the figures page "
                "or add the claim; nothing is printed in its place."
            )
            return None
        self.numbers[slug] = len(self.figures) + 1
        figure_warnings = [str(w) for w in getattr(value, "warnings", []) or []]
        self.warnings.extend(f"{key.label()}: {w}" for w in figure_warnings)
        if getattr(value, "unreviewed", False):
            self.warnings.append(
                f"{written} rests on a claim nobody has reviewed yet: confirm or correct it on "
                "its source's page (the letter does not say so)."
            )
        dated = figure_date(key, value)
        if dated is not None and dated < self.since:
            what = "its period's end" if key.period_end else "its latest claim"
            self.warnings.append(
                f"{written} is of {format_date(dated)} ({what}), older than {format_date(self.since)}: look for a newer figure, or say in the "
                "text how old it is."
            )
        cited = citations.choose(value, chosen=self.chosen.get(slug))
        entry = {
            "n": self.numbers[slug],
            "reference": written,
            "key": slug,
            "label": key.label(),
            "display": format_figure(value, self.language),
            "value": _plain(value.value),
            "value_max": _plain(getattr(value, "value_max", None)),
            "qualifier": getattr(value, "qualifier", "exact"),
            "unit": getattr(value, "unit", "count"),
            "basis": getattr(value, "basis", "claims"),
            "citations": cited,
            "candidates": citations.candidates(value),
            "warnings": figure_warnings,
            "unreviewed": bool(getattr(value, "unreviewed", False)),
            "dated": dated.isoformat() if dated is not None else None,
        }
        entry["note"] = citations.note_text(entry, language=self.language, as_of=self.today)
        self.figures.append(entry)
        if not cited:
            self.errors.append(
                f"{written} has no source to cite: add one, or choose one for its note, "
                "before approval."
            )
        return entry

    def estimate(self, written: str, spec: str) -> dict[str, Any] | None:
        """A kept estimate as a figure: about N, its note naming method, lists and interval.
        It was made as anyone outside the case team sees the registry, so it is cited as is."""
        try:
            number = parse_estimate(spec)
        except FigureReferenceError as exc:
            self.errors.append(str(exc))
            return None
        slug = estimate_slug(number)
        if slug in self.numbers:
            return self.figures[self.numbers[slug] - 1]
        saved = self.estimates(number)
        if saved is None:
            self.errors.append(
                f"{written} finds no estimate {number}: keep one on the registry's estimate "
                "page, which gives its number; nothing is printed in its place."
            )
            return None
        self.numbers[slug] = len(self.figures) + 1
        period_end = (saved.stratum or {}).get("date_to")
        dated = dt.date.fromisoformat(period_end) if period_end else saved.created_at.date()
        if dated < self.since:
            self.warnings.append(
                f"{written} is of {format_date(dated)}, older than {format_date(self.since)}: "
                "estimate again, or say in the text how old it is."
            )
        value = Decimal(saved.estimate)
        entry = {
            "n": self.numbers[slug],
            "reference": written,
            "key": slug,
            "label": f"estimate {number}: {saved.description}",
            "display": format_figure(_Estimated(value), self.language),
            "value": _plain(value),
            "value_max": None,
            "qualifier": _Estimated.qualifier,
            "unit": "count",
            "basis": ESTIMATE,
            "citations": [citations.estimate_citation(saved, page=_estimate_page(number))],
            "candidates": [],
            "warnings": [],
            "unreviewed": False,
            "dated": dated.isoformat(),
        }
        entry["note"] = citations.note_text(entry, language=self.language, as_of=self.today)
        self.figures.append(entry)
        return entry

    def paragraphs(self, body: str) -> tuple[list[list[dict[str, Any]]], list[dict[str, str]]]:
        """The body's blocks as lists of segments (text with its marks, a figure, an error),
        and each block's kind (tag, and list kind for a list item)."""
        paragraphs: list[list[dict[str, Any]]] = []
        kinds: list[dict[str, str]] = []
        for block in richtext.blocks(body):
            segments: list[dict[str, Any]] = []
            before = ""  # the block's text so far, for the qualifier written before a figure
            for run in block.runs:
                style: dict[str, Any] = {}
                if run.get("marks"):
                    style["marks"] = run["marks"]
                if run.get("href"):
                    style["href"] = run["href"]
                text = str(run["text"])
                cursor = 0
                for match in REFERENCE.finditer(text):
                    if match.start() > cursor:
                        segments.append({"text": text[cursor : match.start()], **style})
                    before += text[cursor : match.start()]
                    cursor = match.end()
                    segments.append(
                        self._segment(
                            match.group(0), match.group("spec"), before, kind=match.group("kind")
                        )
                    )
                    before += segments[-1].get("display", "")
                if cursor < len(text):
                    segments.append({"text": text[cursor:], **style})
                    before += text[cursor:]
            paragraphs.append(segments)
            kinds.append({"tag": block.tag, "listed": block.listed})
        return paragraphs, kinds

    def _segment(
        self, written: str, spec: str, before: str, *, kind: str = "fig"
    ) -> dict[str, Any]:
        figure = self.estimate(written, spec) if kind == ESTIMATE else self.figure(written, spec)
        if figure is None:
            return {"error": written}
        doubled = doubled_qualifier(before, figure["qualifier"])
        if doubled:
            self.warnings.append(
                f"“{doubled}” is written before {written}, which prints "
                f"“{figure['display']}” by itself: remove one of the two qualifiers."
            )
        return {"figure": figure["n"], "display": figure["display"]}


def _texts(appeal: Appeal) -> dict[str, dict[str, Any]]:
    """Each language version's words, the appeal's own first; blanks take the first's."""
    first_demands = [{"party": d.party, "text": d.text} for d in appeal.demands.all()]
    texts = {
        appeal.language: {
            "title": appeal.title,
            "body": appeal.body,
            "signatory": appeal.signatory,
            "place": appeal.place,
            "demands": first_demands,
        }
    }
    for version in appeal.versions.all():
        lines = [line.strip() for line in version.demands.splitlines() if line.strip()]
        texts.setdefault(
            version.language,
            {
                "title": version.title,
                "body": version.body,
                "signatory": version.signatory or appeal.signatory,
                "place": version.place or appeal.place,
                "demands": [{"party": "", "text": line} for line in lines] or first_demands,
            },
        )
    return texts


def _cached(lookup: Lookup) -> Lookup:
    """One lookup per figure key however many versions cite it."""
    values: dict[str, Any] = {}

    def cached(key: FigureKey) -> Any:
        slug = key.slug()
        if slug not in values:
            values[slug] = lookup(key)
        return values[slug]

    return cached


def _compose_version(
    appeal: Appeal,
    language: str,
    words: dict[str, Any],
    *,
    lookup: Lookup,
    today: dt.date,
    office: Office | None,
) -> Document:
    composer = _Composer(
        lookup=lookup,
        language=language,
        chosen=dict(appeal.cited_sources or {}),
        today=today,
        since=figures_since(appeal, today=today),
    )
    paragraphs, blocks = composer.paragraphs(words["body"])
    letter_date = appeal.letter_date or today
    head = letterhead(
        language=language,
        reference=appeal.reference,
        letter_date=letter_date,
        signatory=[line.strip() for line in words["signatory"].splitlines() if line.strip()],
        office=office,
    )
    return {
        "reference": appeal.reference,
        "language": language,
        "labels": {name: label(name, language) for name in LABELS[DEFAULT_LANGUAGE]},
        "title": words["title"],
        "letter_date": letter_date.isoformat(),
        "letter_date_text": format_date(letter_date, language),
        "place": words["place"],
        "signatory": head.pop("signatory"),
        "office": head,
        "demo": appeal.demo,
        "paragraphs": paragraphs,
        "blocks": blocks,
        "figures": composer.figures,
        "demands": words["demands"],
        "addressees": [a.organisation for a in _by_category(appeal.addressees.all())],
        "warnings": composer.warnings,
        "errors": composer.errors,
        "rendered_at": timezone.now().isoformat(),
    }


def _compare_versions(docs: dict[str, Document], first: str) -> list[str]:
    """Warnings where a version cites other figures than the first version."""
    warnings = []
    cited = {lang: {f["key"]: f["label"] for f in doc["figures"]} for lang, doc in docs.items()}
    for lang, keys in cited.items():
        if lang == first:
            continue
        name = LANGUAGES.get(lang, lang)
        for key in cited[first].keys() - keys.keys():
            warnings.append(
                f"The {name} version does not cite {cited[first][key]}, which the first "
                "version cites: the versions share their figures."
            )
        for key in keys.keys() - cited[first].keys():
            warnings.append(
                f"The {name} version cites {keys[key]}, which the first version does not."
            )
    return warnings


def version_of(doc: Document, language: str | None) -> Document:
    """The stored document's version in ``language`` (the first version when it has none)."""
    versions: dict[str, Document] = doc.get("versions", {})
    if language and language != doc.get("language") and language in versions:
        return versions[language]
    return doc


def compose(
    appeal: Appeal, *, lookup: Lookup | None = None, language: str | None = None
) -> Document:
    """The appeal as a document: live figures for a draft, the stored copy once approved.

    The first version's document holds the others under ``versions`` (by language), each
    with its own words, figures formatted for its language, notes, errors and warnings; the
    first's warnings say where a version cites other figures. ``language`` returns that
    version's document (the first's when the appeal has none in that language)."""
    if appeal.is_frozen and appeal.frozen:
        return version_of(appeal.frozen, language)
    today = timezone.now().date()
    shared = _cached(lookup or _default_lookup)
    texts = _texts(appeal)
    office = get_office()
    docs = {
        lang: _compose_version(appeal, lang, words, lookup=shared, today=today, office=office)
        for lang, words in texts.items()
    }
    first = docs[appeal.language]
    first["warnings"].extend(_compare_versions(docs, appeal.language))
    first["languages"] = list(docs)
    first["versions"] = {lang: doc for lang, doc in docs.items() if lang != appeal.language}
    for lang, doc in first["versions"].items():
        doc["languages"] = list(docs)
        first["errors"].extend(f"{LANGUAGES.get(lang, lang)} version: {e}" for e in doc["errors"])
    return version_of(first, language)


def figures_then_and_now(
    previous: Document, *, lookup: Lookup | None = None
) -> list[dict[str, Any]]:
    """Each figure of a (frozen) previous appeal beside the figure's current value."""
    lookup = lookup or _default_lookup
    rows = []
    for figure in previous.get("figures", []):
        if figure.get("basis") == ESTIMATE:
            # A kept estimate never changes; a newer one has a number of its own.
            rows.append(
                {
                    "label": figure["label"],
                    "reference": figure["reference"],
                    "then": figure["display"],
                    "now": figure["display"],
                    "changed": False,
                }
            )
            continue
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

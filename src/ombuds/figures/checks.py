"""The ledger's checks: pure functions over plain claim facts, no Django, no database.

:func:`run_checks` takes :class:`ClaimFact` records and returns :class:`Finding` records:

- inside one document, parts against their total, by the parent links the extractor found
  and by the subject hierarchy (``dimensions.py``): parts of one dimension must not exceed the
  total and must add up to it when the breakdown is complete; parts of different dimensions
  are never added;
- across documents, claims of the same figure key agree or differ (copies of one text count
  as one source: ``run_checks``' ``copies``), and the claims of one series (same key but for
  the end of the period) must not go down when they count something that only grows.

Qualifiers turn numbers into ranges (:func:`bounds`): "more than 3,410" is [3410, inf),
"up to 50" is [0, 50], "nearly 4,000" is 4,000 give or take its tolerance (:func:`tolerance`).
A check that fails only because of that tolerance, or only under our reading of the
hierarchy rather than the document's own words, needs review rather than being a contradiction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from ombuds.figures.dimensions import (
    CAUSE,
    OUTCOME,
    OUTCOME_DIMENSION,
    Dimension,
    dimensions_of,
    is_stock,
    part_dimension,
)
from ombuds.figures.keys import FigureKey

CONSISTENT, CONTRADICTION, NEEDS_REVIEW = "consistent", "contradiction", "needs_review"
STATUSES = (CONSISTENT, CONTRADICTION, NEEDS_REVIEW)
# Sources of one figure key compared pairwise up to this many; beyond, each against the latest.
PAIRWISE_LIMIT = 12


@dataclass(frozen=True, slots=True)
class ClaimFact:
    """One claim with what the checks need of it and of its source."""

    claim_id: str
    source_id: str
    source_title: str
    publisher: str
    published: dt.date | None
    measure: str
    subject: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str
    period_start: dt.date | None
    period_end: dt.date | None
    cause: str
    place: str
    parent_id: str | None
    quote: str
    key: FigureKey
    # Not used by the checks: what chooses the claim a figure quotes among claims of one
    # publication date and precision (the one stored last), and whether an editor vouched.
    stored_at: dt.datetime | None = None
    ordinal: int = 0
    reviewed: bool = False
    # Whether ``key`` is the figure the periods' meeting gave it (``figures/periods.py``),
    # its start read from other sources rather than its own words.
    joined: bool = False

    @classmethod
    def build(
        cls,
        *,
        claim_id: str,
        source_id: str,
        measure: str,
        subject: str,
        value: float,
        source_title: str = "",
        publisher: str = "",
        published: dt.date | None = None,
        value_max: float | None = None,
        unit: str = "count",
        qualifier: str = "exact",
        period_start: dt.date | None = None,
        period_end: dt.date | None = None,
        cause: str = "",
        place: str = "",
        parent_id: str | None = None,
        quote: str = "",
        stored_at: dt.datetime | None = None,
        ordinal: int = 0,
        reviewed: bool = False,
        place_ref: str = "",
        place_name: str = "",
    ) -> ClaimFact:
        """A fact with its figure key; an open period end counts as the publication date, and
        ``place_ref`` (the gazetteer entry the place names, if any) stands for the place."""
        key = FigureKey.of(
            measure=measure,
            subject=subject,
            cause=cause,
            place=place,
            place_ref=place_ref,
            place_name=place_name,
            period_start=period_start,
            period_end=period_end or published,
            unit=unit,
        )
        return cls(
            claim_id, source_id, source_title, publisher, published, measure, subject,
            value, value_max, unit, qualifier, period_start, period_end, cause or "",
            place or "", parent_id, quote, key, stored_at, ordinal, reviewed,
        )  # fmt: skip

    @property
    def low(self) -> float:
        return bounds(self)[0]

    @property
    def high(self) -> float:
        return bounds(self)[1]

    def describe(self) -> str:
        """The value as stated with its qualifier and what it counts: "more than 3,410 houses"."""
        return f"{stated(self)} {self.subject.replace('_', ' ')}"


@dataclass(frozen=True)
class Finding:
    """What a check found: a status, a kind, the claims involved and a sentence with numbers."""

    status: str
    kind: str
    claims: tuple[ClaimFact, ...]
    explanation: str
    key: FigureKey | None = None
    details: dict[str, float] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        """Stable across runs while the kind, the claims and their values stay the same."""
        parts = sorted(f"{c.claim_id}={c.value}/{c.value_max}/{c.qualifier}" for c in self.claims)
        return hashlib.sha256("|".join([self.kind, *parts]).encode()).hexdigest()


def number(value: float) -> str:
    """3890 -> "3,890"; 2.5 -> "2.5"; inf -> "no upper bound"."""
    if math.isinf(value):
        return "no upper bound"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


_WORDS = {"at_least": "at least ", "approx": "about ", "at_most": "at most "}


def stated(fact: ClaimFact) -> str:
    """The value with its qualifier and unit: "about 4,000", "20 percent", "159,000–192,000"."""
    text = number(fact.value)
    if fact.value_max is not None:
        text = f"{text}–{number(fact.value_max)}"
    unit = "" if fact.unit == "count" else f" {fact.unit}"
    return f"{_WORDS.get(fact.qualifier, '')}{text}{unit}"


def tolerance(value: float) -> float:
    """How far an approximate value may be from the truth and still be consistent with it.

    5% of the value, widened to half of the step the number is rounded to ("4,000" is rounded
    to thousands: 500) but never beyond 10% of the value.
    """
    value = abs(value)
    if value == 0:
        return 0.0
    step = 1.0
    whole = int(value)
    if float(value).is_integer():
        while whole and whole % 10 == 0:
            whole //= 10
            step *= 10
    return max(0.05 * value, min(step / 2, 0.10 * value))


def bounds(fact: ClaimFact) -> tuple[float, float]:
    """The range of true values the claim allows, given its qualifier."""
    top = fact.value_max if fact.value_max is not None else fact.value
    if fact.qualifier == "at_least":
        return fact.value, math.inf
    if fact.qualifier == "at_most":
        return 0.0, top
    if fact.qualifier == "approx":
        return max(0.0, fact.value - tolerance(fact.value)), top + tolerance(top)
    return fact.value, top


def _title(fact: ClaimFact) -> str:
    return f"«{fact.source_title or fact.source_id}»"


def _who(fact: ClaimFact) -> str:
    date = fact.published.isoformat() if fact.published else "undated"
    return f"{fact.publisher or fact.source_title or 'an unnamed source'} ({date})"


# --- inside one document -------------------------------------------------------------------


def compare_parts(
    total: ClaimFact, parts: Sequence[ClaimFact], dimension: Dimension, *, linked: bool
) -> Finding:
    """Parts of one dimension against their total: within it, adding up to it, or not."""
    parts = sorted(parts, key=lambda p: (p.subject, p.measure, p.cause))
    low = sum(p.low for p in parts)
    high = sum(p.high for p in parts)
    total_low, total_high = bounds(total)
    point = sum(p.value for p in parts)
    shown = " + ".join(
        stated(p)
        + f" {p.subject.replace('_', ' ') if dimension.name != OUTCOME else p.measure}"
        + (f" ({p.cause})" if dimension.name == CAUSE else "")
        for p in parts
    )
    whole = f"{stated(total)} {total.subject.replace('_', ' ')} {total.measure}"
    where = f"In {_title(total)}"
    how = "listed as its parts" if linked else f"parts of it by {dimension.name}"
    claims = (total, *parts)
    fuzzy = any(c.qualifier == "approx" for c in claims)
    names = {c.subject for c in parts} | {c.measure for c in parts}
    complete = dimension.complete_with(names) and len(parts) > 1
    if low > total_high:
        status = CONTRADICTION if linked and not fuzzy else NEEDS_REVIEW
        advice = (
            "the breakdown cannot hold together."
            if status == CONTRADICTION
            else "check whether the total counts the same things as its parts."
        )
        return Finding(
            status,
            "parts_exceed_total",
            claims,
            f"{where}, {shown} ({how}) come to {'at least ' if high > low else ''}"
            f"{number(low)}, more than the total of {whole}, by {number(low - total_high)}: "
            f"{advice}",
            total.key,
            {"parts": point, "total": total.value, "excess": low - total_high},
        )
    if complete and high < total_low:
        return Finding(
            NEEDS_REVIEW,
            "parts_short_of_total",
            claims,
            f"{where}, {shown} ({how}) come to {number(point)}, short of the total of {whole} "
            f"by {number(total_low - high)}: check whether the rest is of unknown "
            f"{dimension.name}.",
            total.key,
            {"parts": point, "total": total.value, "short": total_low - high},
        )
    if complete:
        sign = "=" if point == total.value else "≈"
        return Finding(
            CONSISTENT,
            "parts_add_up",
            claims,
            f"{where}, {shown} {sign} {number(point)}, which matches the total of {whole}.",
            total.key,
            {"parts": point, "total": total.value},
        )
    rounding = " within rounding" if point > total.value else ""
    return Finding(
        CONSISTENT,
        "parts_within_total",
        claims,
        f"{where}, {shown} ({how}) come to {number(point)}, within the total of {whole}{rounding}.",
        total.key,
        {"parts": point, "total": total.value},
    )


def _check_linked(facts: Sequence[ClaimFact]) -> list[Finding]:
    by_id = {f.claim_id: f for f in facts}
    children: dict[str, list[ClaimFact]] = defaultdict(list)
    for fact in facts:
        if fact.parent_id and fact.parent_id in by_id and fact.unit == by_id[fact.parent_id].unit:
            children[fact.parent_id].append(fact)
    findings = []
    for parent_id, parts in children.items():
        total = by_id[parent_id]
        groups: dict[Dimension, list[ClaimFact]] = defaultdict(list)
        for part in parts:
            groups[part_dimension(total, part)].append(part)
        for dimension, members in groups.items():
            if dimension.additive:
                findings.append(compare_parts(total, members, dimension, linked=True))
            else:
                findings.extend(compare_parts(total, [m], dimension, linked=True) for m in members)
    return findings


def _check_hierarchy(facts: Sequence[ClaimFact]) -> list[Finding]:
    """Parts the document does not link to a total, read through the subject hierarchy."""
    findings: list[Finding] = []
    free = [f for f in facts if f.parent_id is None]
    # Same measure: subjects nest (status, age, sex, kind, type), and causes within no cause.
    groups: dict[tuple[object, ...], dict[tuple[str, str], ClaimFact]] = defaultdict(dict)
    for fact in free:
        group = (fact.measure, fact.key.place, fact.period_start, fact.period_end, fact.unit)
        groups[group].setdefault((fact.subject, fact.cause), fact)
    for members in groups.values():
        if len(members) < 2:
            continue
        for (subject, cause), total in members.items():
            for dimension in dimensions_of(total.measure, subject):
                if dimension.name == CAUSE:
                    if cause:
                        continue
                    parts = [m for (s, c), m in members.items() if s == subject and c]
                else:
                    parts = [
                        m for (s, c), m in members.items() if c == cause and s in dimension.parts
                    ]
                if parts:
                    findings.append(compare_parts(total, parts, dimension, linked=False))
    # killed + injured = casualties of the same subject.
    outcome: dict[tuple[object, ...], dict[str, ClaimFact]] = defaultdict(dict)
    for fact in free:
        if fact.measure in ("killed", "injured", "casualties"):
            where = (fact.subject, fact.cause, fact.key.place, fact.period_start, fact.period_end)
            outcome[(*where, fact.unit)].setdefault(fact.measure, fact)
    for by_measure in outcome.values():
        if "casualties" in by_measure and len(by_measure) > 1:
            outcomes = [m for name, m in by_measure.items() if name != "casualties"]
            findings.append(
                compare_parts(by_measure["casualties"], outcomes, OUTCOME_DIMENSION, linked=False)
            )
    return findings


# --- across documents ----------------------------------------------------------------------


def compare_same_key(a: ClaimFact, b: ClaimFact) -> Finding:
    """Two claims of one figure key (a published no later than b): agree, or by how much not."""
    low = max(a.low, b.low)
    high = min(a.high, b.high)
    fuzzy = a.qualifier == "approx" or b.qualifier == "approx" or a.joined or b.joined
    label = a.key.label()
    both = f"{_who(a)} says {stated(a)} and {_who(b)} says {stated(b)} ({label}){_read(a, b)}"
    if low <= high:
        kind = "rounded_agrees" if fuzzy and a.value != b.value else "agrees"
        why = ", consistent within rounding" if kind == "rounded_agrees" else ""
        if a.qualifier in ("at_least", "at_most") or b.qualifier in ("at_least", "at_most"):
            why = ", consistent with their qualifiers"
        return Finding(CONSISTENT, kind, (a, b), f"{both}{why}.", a.key)
    difference = abs(b.value - a.value)
    base = abs(a.value) or abs(b.value) or 1.0
    percent = 100.0 * difference / base
    details = {"difference": difference, "percent": round(percent, 2)}
    measure = f"by {number(difference)} ({percent:.1f}%)"
    if a.source_id == b.source_id:
        text = f"{_title(a)} gives two values for one figure: {stated(a)} and {stated(b)} ({label})"
        return Finding(NEEDS_REVIEW, "differs_in_document", (a, b), f"{text}, {measure}.",
                       a.key, details)  # fmt: skip
    if a.publisher and a.publisher == b.publisher:
        return Finding(
            NEEDS_REVIEW,
            "revised",
            (a, b),
            f"{both}: the publisher revised the figure {measure}; cite the later one.",
            a.key,
            details,
        )
    status = NEEDS_REVIEW if fuzzy else CONTRADICTION
    return Finding(status, "differs", (a, b), f"{both}: they differ {measure}.", a.key, details)


# What the checks count as one voice: a source, or a group of copies of one text among sources
# of one confidentiality (``sources.queries.copy_voices``: source id -> (representative,
# level)). Copies kept at different levels stay apart, so that which copy speaks for the
# group never decides who may see a finding.
Copies = Mapping[str, tuple[str, str]]


def _voice(fact: ClaimFact, copies: Copies) -> tuple[str, str]:
    return copies.get(fact.source_id, (fact.source_id, ""))


def _speaks_first(fact: ClaimFact, kept: ClaimFact, copies: Copies) -> bool:
    """Whether ``fact`` rather than ``kept`` (one voice, one value) stands for the voice: the
    later claim of one source, else the representative's, else the smaller source id."""
    if fact.source_id == kept.source_id:
        return True
    representative = _voice(fact, copies)[0]
    return (fact.source_id != representative, fact.source_id) < (
        kept.source_id != representative,
        kept.source_id,
    )


def _check_same_key(facts: Sequence[ClaimFact], copies: Copies) -> list[Finding]:
    groups: dict[FigureKey, list[ClaimFact]] = defaultdict(list)
    for fact in facts:
        groups[fact.key].append(fact)
    findings: list[Finding] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda f: (f.published or dt.date.min, f.source_id, f.claim_id))
        # One claim per voice and value: a document repeating a number, or a copy of it
        # stating it again, is not a second voice.
        voices: dict[tuple[object, ...], ClaimFact] = {}
        for fact in members:
            slot = (_voice(fact, copies), fact.value, fact.qualifier)
            kept = voices.get(slot)
            if kept is None or _speaks_first(fact, kept, copies):
                voices[slot] = fact
        distinct = list(voices.values())
        if len(distinct) < 2:
            continue
        if len(distinct) <= PAIRWISE_LIMIT:
            pairs = [(a, b) for i, a in enumerate(distinct) for b in distinct[i + 1 :]]
        else:
            latest = distinct[-1]
            pairs = [(a, latest) for a in distinct[:-1]]
        findings.extend(compare_same_key(a, b) for a, b in pairs)
    return findings


def _check_series(facts: Sequence[ClaimFact]) -> list[Finding]:
    """Figures of one series (same key but the end) at successive ends must not go down."""
    series: dict[tuple[object, ...], dict[dt.date, list[ClaimFact]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for fact in facts:
        if fact.key.period_end is not None:
            series[fact.key.series][fact.key.period_end].append(fact)
    findings = []
    for by_end in series.values():
        if len(by_end) < 2:
            continue
        ends = sorted(by_end)
        for earlier_end, later_end in itertools.pairwise(ends):
            earlier, later = by_end[earlier_end], by_end[later_end]
            high_before = max(earlier, key=lambda f: f.low)
            low_after = min(later, key=lambda f: f.high)
            findings.append(_series_step(high_before, low_after))
    return findings


def _read(a: ClaimFact, b: ClaimFact) -> str:
    """What the explanation says when the periods' meeting, not the sources, joined them."""
    if a.joined or b.joined:
        return ' (a total "as of" a date read as the period the other sources give)'
    return ""


def _series_step(a: ClaimFact, b: ClaimFact) -> Finding:
    span = f"{a.key.period_end} to {b.key.period_end}"
    what = f"{a.measure} {a.subject.replace('_', ' ')}"
    both = f"{_who(a)}: {stated(a)} {what} as of {a.key.period_end}; {_who(b)}: {stated(b)} "
    both += f"as of {b.key.period_end}{_read(a, b)}"
    if a.low > b.high:
        fuzzy = a.qualifier == "approx" or b.qualifier == "approx" or a.joined or b.joined
        drop = a.low - b.high
        if is_stock(a.measure):
            return Finding(
                NEEDS_REVIEW,
                "stock_decreases",
                (a, b),
                f"{both}: down by at least {number(drop)} from {span}; people can be found, "
                "return or be released, so check which figure is current.",
                b.key,
                {"drop": drop},
            )
        return Finding(
            NEEDS_REVIEW if fuzzy else CONTRADICTION,
            "series_decreases",
            (a, b),
            f"{both}: a cumulative figure went down by at least {number(drop)} from {span}.",
            b.key,
            {"drop": drop},
        )
    if a.value == b.value and a.qualifier == b.qualifier:
        return Finding(CONSISTENT, "agrees", (a, b), f"{both}: unchanged from {span}.", b.key, {})
    return Finding(
        CONSISTENT,
        "superseded",
        (a, b),
        f"{both}: the later figure supersedes the earlier one.",
        b.key,
        {"change": b.value - a.value},
    )


def _said(finding: Finding) -> tuple[object, ...]:
    """What a finding inside one document says, whichever copy of the text it is about."""
    claims = sorted(
        (c.measure, c.subject, c.cause, c.value, c.value_max or 0.0, c.qualifier, c.unit)
        for c in finding.claims
    )
    return (finding.kind, finding.status, tuple(claims))


def check_documents(
    sources: Iterable[Sequence[ClaimFact]], *, copies: Copies | None = None
) -> Iterator[list[Finding]]:
    """The findings inside each document of ``sources`` (each the facts of one source): one
    list per source, in the order given, holding one source's facts at a time.

    The sources of one group of copies (``copies``, see ``Copies``) must come one after the
    other, the representative first: what a copy's own figures show that another copy of its
    voice showed before is found once, in the first to show it (a copy whose figures were
    edited is still checked)."""
    copies = copies or {}
    group = ""
    said: dict[tuple[str, str], set[tuple[object, ...]]] = defaultdict(set)
    for members in sources:
        if not members:
            yield []
            continue
        source_id = members[0].source_id
        voice = _voice(members[0], copies)
        if voice[0] != group:
            # The group's copies are all behind: what they said is no longer needed.
            group = voice[0]
            said.clear()
        found: list[Finding] = []
        for finding in (*_check_linked(members), *_check_hierarchy(members)):
            if source_id in copies:
                if _said(finding) in said[voice]:
                    continue
                said[voice].add(_said(finding))
            found.append(finding)
        yield found


def check_across(
    facts: Sequence[ClaimFact],
    *,
    copies: Copies | None = None,
    parts: Mapping[str, Sequence[str]] | None = None,
) -> list[Finding]:
    """The findings across documents among ``facts``: claims of one figure key compared, the
    figures of each series followed from end to end, and across places (``place_checks``): one
    figure under two place names, and a place's figure against the sum of its parts' (``parts``,
    a gazetteer place -> the places it is made of).

    ``facts`` must hold every fact of each series (the key but for its end) that it holds one
    of, in the order the claims are read (source, then position in its text): the database is
    read in families of whole series for this (``streams.iter_series_families``)."""
    from ombuds.figures.place_checks import check_parts_of_places, check_place_names

    copies = copies or {}
    return [
        *_check_same_key(facts, copies),
        *_check_series(facts),
        *check_place_names(facts, copies),
        *check_parts_of_places(facts, parts or {}),
    ]


def run_checks(
    facts: Iterable[ClaimFact],
    *,
    copies: Copies | None = None,
    parts: Mapping[str, Sequence[str]] | None = None,
) -> list[Finding]:
    """Every finding about ``facts``: within each document, then across documents and places.

    ``copies`` (source id -> (representative, level), see ``Copies``) makes the copies of one
    text one voice: their agreement is no finding, another source agreeing with them is one
    finding, and what each copy's own figures show is found once, in the representative
    first (a copy whose figures were edited is still checked). ``parts`` (a gazetteer place
    -> the places it is made of) compares a place's figures with the sum of its parts'.

    Holds every fact at once; ``do_run_checks`` reads the database a document and a family of
    series at a time through :func:`check_documents` and :func:`check_across` instead, with
    the same findings."""
    facts = list(facts)
    copies = copies or {}
    by_source: dict[str, list[ClaimFact]] = defaultdict(list)
    for fact in facts:
        by_source[fact.source_id].append(fact)
    # The sources of one group of copies together, where the group's first source was read,
    # the representative first; otherwise in the order read.
    first: dict[str, int] = {}
    for position, source_id in enumerate(by_source):
        first.setdefault(_voice(by_source[source_id][0], copies)[0], position)

    def place(source_id: str) -> tuple[int, bool]:
        group = _voice(by_source[source_id][0], copies)[0]
        return first[group], source_id != group

    order = sorted(by_source, key=place)
    documents = check_documents((by_source[pk] for pk in order), copies=copies)
    findings = [finding for found in documents for finding in found]
    findings.extend(check_across(facts, copies=copies, parts=parts))
    return findings

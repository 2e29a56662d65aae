"""A learned layer over the rules: for every number, whether it is a claim and of what.

The sentence pass and the breakdowns (`extraction`, `structure`) decide by rules which numbers
become claims and with which measure and subject. This layer looks at every number the number
reader found in a sentence again, builds its options and picks one with a log-linear model:

- "no claim";
- the rules' own reading (the claim they made, or what they read of a number they dropped);
- every (measure, subject) pair that `fits`, made of the measure words and subject words the
  lexicons find in the number's clause, the rest of its sentence, the sentence before, the
  lead-in that ends with a colon above it, and the claim it is a part of (its total).

An option's score is the sum of the weights (`learned_weights.py`) of its features, which are
kinds of evidence, never words: where each word was found, how far from the number, on which side,
what punctuation stands between, whether the rules chose the option, what kind of number it is
(year-like, percent, money, ordinal, range, in words), why the rules rejected it, and whether a
marker of the language (`Markers`) stands before or after it. The highest-scoring option wins:
a claim the rules made may be dropped or read again, a number they dropped may become a claim.
`scripts/fit_learned.py` fits the weights (`make fit-learned`); see docs/claims.md.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .context import claim_cause, claim_period, claim_place
from .draft import Draft, Orphan
from .language import Markers
from .measure import fits, normalised_measure
from .numbers import Mention
from .periods import Period, find_periods
from .sentences import Sentence
from .vocabulary import CAUSES, PEOPLE_SUBJECTS, SUBJECTS

# where a clause ends around a number: not the comma of "1,234"
CLAUSE_CUT_RE = re.compile(r"[;:()\[\]]|,(?!\d{3})|\s[–—-]\s|\n\s*\n")
ORDINAL_RE = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
NUMBER_RE = re.compile(r"\d")
MAX_VALUES = 6  # measure (or subject) values a number's options are built from
Hit = tuple[str, int, int]


@dataclass(frozen=True)
class Option:
    """One reading of a number: a (measure, subject) pair, or no claim (both None)."""

    measure: str | None
    subject: str | None
    features: tuple[str, ...]


@dataclass
class Choice:
    """A number, its options and the index of the option the rules chose."""

    mention: Mention
    sentence: int  # index into the document's sentences
    options: list[Option]
    engine: int
    draft: Draft | None  # the claim the rules made of it, if any


@dataclass
class Document:
    """What the rules left behind for the layer: the numbers of the sentences, and why not."""

    text: str
    sentences: list[Sentence]
    mentions: list[Mention]  # the numbers read as sentences (not table rows)
    published: dt.date | None = None
    words: Markers | None = None
    orphans: list[Orphan] = field(default_factory=list)
    rejected: dict[int, str] = field(default_factory=dict)  # mention start -> the rule's reason
    carried: dict[int, Period | None] = field(default_factory=dict)  # sentence -> its period


def number_kind(text: str, m: Mention) -> tuple[str, ...]:
    """The kinds of a number as written: year-like, percent, money, ordinal, range, words..."""
    kinds = [f"unit={m.unit if m.unit in ('count', 'percent') else 'money-or-other'}"]
    raw = text[m.start : m.end]
    if m.unit == "count" and not m.words and 1900 <= m.value <= 2100 and raw.isdigit():
        kinds.append("year-like")
    if ORDINAL_RE.match(text, m.end):
        kinds.append("ordinal")
    if m.value_max is not None:
        kinds.append("range")
    if m.words:
        kinds.append("words")
    if m.value < 10:
        kinds.append("small")
    elif m.value >= 1000:
        kinds.append("large")
    if not float(m.value).is_integer():
        kinds.append("decimal")
    if m.qualifier != "exact":
        kinds.append("qualified")
    if text[m.start - 1 : m.start] == "(" or text[m.lead - 1 : m.lead] == "(":
        kinds.append("in-parens")
    return tuple(kinds)


def _distance(text: str, a: int, b: int) -> str:
    words = len(text[a:b].split()) if b > a else 0
    if words <= 1:
        return "0"
    if words <= 3:
        return "2"
    if words <= 7:
        return "4"
    if words <= 15:
        return "8"
    return "16"


def _between(text: str, a: int, b: int) -> str:
    gap = text[a:b] if b > a else ""
    if NUMBER_RE.search(gap):
        return "number"
    if "(" in gap or ")" in gap:
        return "paren"
    if ";" in gap or ":" in gap:
        return "colon"
    if "," in gap:
        return "comma"
    return "none"


def _clause(text: str, sent: Sentence, m: Mention) -> tuple[int, int]:
    start = sent.start
    for cut in CLAUSE_CUT_RE.finditer(text, max(sent.start, m.lead - 200), m.lead):
        start = cut.end()
    after = CLAUSE_CUT_RE.search(text, m.end, min(sent.end, m.end + 200))
    return start, after.start() if after else min(sent.end, m.end + 200)


@dataclass
class _Word:
    value: str
    source: str
    features: tuple[str, ...]
    at: int | None = None  # where it is written, when in the number's sentence


def _order(number: int, measure: int, subject: int) -> str:
    """The order of the number (N), the measure word (M) and the subject word (S)."""
    return "".join(x for _, x in sorted([(number, "N"), (measure, "M"), (subject, "S")]))


def _located(
    text: str, hits: Sequence[Hit], m: Mention, source: str, clause: tuple[int, int] | None
) -> list[_Word]:
    """The hits of one source as words with where they were found, nearest first."""
    out: list[tuple[int, _Word]] = []
    nearest_before = max((h[2] for h in hits if h[2] <= m.lead), default=None)
    nearest_after = min((h[1] for h in hits if h[1] >= m.end), default=None)
    for value, a, b in hits:
        if a < m.end and b > m.lead:
            continue  # the number's own digits
        before = b <= m.lead
        where = source
        if clause is not None:
            where = "clause" if clause[0] <= a and b <= clause[1] else "sentence"
        if source in ("previous", "lead-in"):
            distance, between, side = "far", "far", "before"
            dist = 10_000
        else:
            lo, hi = (b, m.lead) if before else (m.end, a)
            distance, between = _distance(text, lo, hi), _between(text, lo, hi)
            side = "before" if before else "after"
            dist = hi - lo
        nearest = (before and b == nearest_before) or (not before and a == nearest_after)
        feats = (
            f"{where}",
            f"{where}:{side}",
            f"{where}:{side}:d{distance}",
            f"{where}:{side}:{between}",
        ) + (("nearest",) if nearest and where in ("clause", "sentence") else ())
        at = a if source == "sentence" else None
        out.append((dist, _Word(value, where, feats, at)))
    out.sort(key=lambda x: x[0])
    return [w for _, w in out]


def _first_by_value(words: list[_Word], limit: int) -> list[_Word]:
    seen: dict[str, _Word] = {}
    for w in words:
        if w.value not in seen:
            seen[w.value] = w
            if len(seen) >= limit:
                break
    return list(seen.values())


def choices(doc: Document, drafts: Sequence[Draft]) -> list[Choice]:
    """The options of every number of the document's sentences, with the rules' choice."""
    # local imports: rules imports much of the engine, the layer only its word finders
    from .rules import sentence_measures

    text, sents = doc.text, doc.sentences
    by_start = {d.mention.start: d for d in drafts}
    by_id = {d.id: d for d in drafts}
    orphan_at = {o.mention.start: o for o in doc.orphans}
    starts = [s.start for s in sents]
    out: list[Choice] = []
    lead_in: int | None = None
    for_sentence: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        if i >= 0 and sents[i].start <= m.start < sents[i].end:
            for_sentence.setdefault(i, []).append(m)
    draft_list = sorted(drafts, key=lambda d: d.mention.start)
    draft_starts = [d.mention.start for d in draft_list]
    words = doc.words
    for i, sent in enumerate(sents):
        if i and text[sents[i - 1].start : sents[i - 1].end].rstrip().endswith(":"):
            lead_in = i - 1
        elif lead_in is not None and i - lead_in > 6:
            lead_in = None
        mentions = for_sentence.get(i)
        if not mentions:
            continue
        m_hits = sentence_measures(text, sent.start, sent.end)
        s_hits = SUBJECTS.find_all(text, sent.start, sent.end)
        prev = sents[i - 1] if i and sents[i - 1].paragraph == sent.paragraph else None
        lead = sents[lead_in] if lead_in is not None and lead_in != i - 1 else None
        if prev is not None:
            prev_m = sentence_measures(text, prev.start, prev.end)
            prev_s = SUBJECTS.find_all(text, prev.start, prev.end)
        if lead is not None:
            lead_m = sentence_measures(text, lead.start, lead.end)
            lead_s = SUBJECTS.find_all(text, lead.start, lead.end)
        for m in mentions:
            clause = _clause(text, sent, m)
            measures = _located(text, m_hits, m, "sentence", clause)
            subjects = _located(text, s_hits, m, "sentence", clause)
            if prev is not None:
                measures += _located(text, prev_m, m, "previous", None)
                subjects += _located(text, prev_s, m, "previous", None)
            if lead is not None:
                measures += _located(text, lead_m, m, "lead-in", None)
                subjects += _located(text, lead_s, m, "lead-in", None)
            draft = by_start.get(m.start)
            # the total: the claim it is a part of, or the last claim before it in the paragraph
            total: Draft | None = None
            if draft is not None and draft.parent is not None:
                total = by_id.get(draft.parent)
            else:
                j = bisect.bisect_left(draft_starts, m.start) - 1
                while j >= 0 and draft_list[j].parent is not None:
                    j -= 1
                if j >= 0 and draft_list[j].sentence.paragraph == sent.paragraph:
                    total = draft_list[j]
            if total is not None:
                measures.append(_Word(total.measure, "total", ("total",)))
                subjects.append(_Word(total.subject, "total", ("total",)))
            orphan = orphan_at.get(m.start)
            engine_pair: tuple[str | None, str | None] = (None, None)
            if draft is not None:
                engine_pair = (draft.measure, draft.subject)
                measures.insert(0, _Word(draft.measure, "rules", ("rules",)))
                subjects.insert(0, _Word(draft.subject, "rules", ("rules",)))
            elif orphan is not None:
                if orphan.measure:
                    measures.insert(0, _Word(orphan.measure, "rules", ("rules-partial",)))
                if orphan.subject:
                    subjects.insert(0, _Word(orphan.subject, "rules", ("rules-partial",)))
            subjects.append(_Word("people", "default", ("default",)))
            out.append(
                _options(text, m, i, measures, subjects, engine_pair, draft, orphan, doc, words)
            )
    return out


def _options(
    text: str,
    m: Mention,
    index: int,
    measures: list[_Word],
    subjects: list[_Word],
    engine_pair: tuple[str | None, str | None],
    draft: Draft | None,
    orphan: Orphan | None,
    doc: Document,
    words: Markers | None,
) -> Choice:
    kinds = number_kind(text, m)
    context: list[str] = []
    rules: list[str] = []  # which rules made the claim: how far the rules are trusted
    if draft is not None:
        context.append("rules-claim")
        if draft.parent is not None:
            context.append("rules-part")
        rules = [f"rule:{part.split('-')[0]}" for part in draft.rule.split(";")]
        if draft.generic:
            rules.append("rule:generic")
        if not draft.measure_own:
            rules.append("rule:measure-of-total")
        if draft.confidence < 0.6:
            rules.append("rule:unsure")
    elif orphan is not None:
        context.append("rules-orphan")
    else:
        context.append("rules-none")
    if (why := doc.rejected.get(m.start)) is not None:
        context.append(f"rejected={why}")
    sent = doc.sentences[index]
    if words is not None:
        before = text[max(sent.start, m.lead - 40) : m.lead]
        if words.part_before.search(before):
            context.append("marker-part-before")
        if words.of_them_after.match(text, m.end, sent.end) or words.of_group_after.match(
            text, m.end, sent.end
        ):
            context.append("marker-of-them-after")
        if words.generic.match(text, m.end):
            context.append("marker-generic")
    shared = (*kinds, *context)
    none_feats = ["none", *(f"none|{k}" for k in shared)]
    if engine_pair == (None, None):
        none_feats.append("chosen-by-rules")
    options = [Option(None, None, tuple(none_feats))]
    engine = 0
    for mw in _first_by_value(measures, MAX_VALUES):
        for sw in _first_by_value(subjects, MAX_VALUES):
            if mw.value is None or sw.value is None:
                continue
            measure = normalised_measure(mw.value.rstrip("*"), sw.value)
            if measure == "block" or not fits(measure, sw.value):
                continue
            if any(o.measure == measure and o.subject == sw.value for o in options):
                continue
            pair = f"pair:{mw.source}+{sw.source}"
            feats = [
                "claim",
                *(f"m:{f}" for f in mw.features),
                *(f"s:{f}" for f in sw.features),
                pair,
                *(f"claim|{k}" for k in kinds),
            ]
            if mw.at is not None and sw.at is not None:
                feats.append("order:" + _order(m.start, mw.at, sw.at))
            if mw.value.endswith("*"):
                feats.append("m:noun")
            if sw.value == "people":
                feats.append("s:people")
            if sw.value not in PEOPLE_SUBJECTS:
                feats.append("s:not-people")
            if (measure, sw.value) == engine_pair:
                feats.append("chosen-by-rules")
                feats += rules
                engine = len(options)
            else:
                if measure == engine_pair[0]:
                    feats.append("same-measure-as-rules")
                if sw.value == engine_pair[1]:
                    feats.append("same-subject-as-rules")
            options.append(Option(measure, sw.value, tuple(feats)))
    if engine == 0 and engine_pair != (None, None):
        # the rules' pair is always an option, even when its words were not found again
        options.append(Option(engine_pair[0], engine_pair[1], ("claim", "chosen-by-rules", *rules)))
        engine = len(options) - 1
    return Choice(m, index, options, engine, draft)


def score(option: Option, weights: Mapping[str, float]) -> float:
    return sum(weights.get(f, 0.0) for f in option.features)


def best(choice: Choice, weights: Mapping[str, float]) -> int:
    """The index of the highest-scoring option (the rules' choice wins ties)."""
    scores = [score(option, weights) for option in choice.options]
    top = choice.engine
    for k, s in enumerate(scores):
        if s > scores[top] + 1e-9:
            top = k
    return top


def probabilities(choice: Choice, weights: Mapping[str, float]) -> list[float]:
    scores = [score(o, weights) for o in choice.options]
    peak = max(scores)
    exps = [math.exp(s - peak) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def revise(doc: Document, drafts: list[Draft], weights: Mapping[str, float]) -> list[Draft]:
    """The claims after the layer's choice for every number, in document order, renumbered."""
    text = doc.text
    keys: dict[tuple[str, str, str, float], int] = {}
    for d in drafts:
        key = (d.measure, d.subject, d.mention.unit, d.mention.value)
        keys[key] = keys.get(key, 0) + 1
    dropped: set[int] = set()
    added: list[Draft] = []
    for choice in choices(doc, drafts):
        k = best(choice, weights)
        if k == choice.engine:
            continue
        option = choice.options[k]
        m, made = choice.mention, choice.draft
        if option.measure is None or option.subject is None:
            if made is not None:
                dropped.add(id(made))
            continue
        key = (option.measure, option.subject, m.unit, m.value)
        if keys.get(key):
            continue  # the same figure is a claim already: a restatement, not a new claim
        keys[key] = 1
        if made is not None:
            made.measure, made.subject = option.measure, option.subject
            made.rule += ";learned"
            continue
        sent = doc.sentences[choice.sentence]
        carried = doc.carried.get(choice.sentence)
        periods = find_periods(text, sent.start, sent.end, doc.published)
        causes = CAUSES.find_all(text, sent.start, sent.end)
        added.append(
            Draft(
                0,
                m,
                option.measure,
                option.subject,
                sent,
                m.end,
                None,
                claim_period(m, periods, carried, text=text, others=doc.mentions),
                claim_cause(causes, m, option.measure),
                claim_place(text, m, sent),
                "learned",
            )
        )
    if not dropped and not added:
        return drafts
    parent_of = {id(d): drafts[d.parent - 1] for d in drafts if d.parent is not None}
    kept = sorted(
        [d for d in drafts if id(d) not in dropped] + added, key=lambda d: d.mention.start
    )
    for n, d in enumerate(kept, start=1):
        d.id = n
    for d in kept:
        parent = parent_of.get(id(d))
        d.parent = parent.id if parent is not None and id(parent) not in dropped else None
    return kept

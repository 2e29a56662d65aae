"""Breakdowns decided together, a paragraph at a time.

The sentence pass (`extraction.py`) reads each number alone. It proposes a claim (a `Draft`),
or, for a number that names no measure or no subject of its own, an `Orphan`. This module
decides for all the numbers of a paragraph at once which earlier claim each one is a part of,
if any:

1. Options. A number may have no total, or be a part of an earlier claim of its paragraph (or
   of the paragraph before, when its sentence opens with "Of them" or follows a lead-in). An
   option exists only where evidence supports it (`evidence.py`): a marker before the part,
   a sentence opening "This includes", a trailing "among them", parentheses or dashes around
   the parts, a colon after the total, a list continued from a part, the sentence pass's own
   reading. The part must fit under its total (`fits_under`).
2. Joint choice. A beam search keeps the assignments of the whole paragraph with the best
   total score. Each kind of evidence has a weight (`weights.py`); at the end of a paragraph,
   parts that add up exactly to their total earn a bonus and parts of one dimension that
   exceed it a penalty, so that arithmetic can settle what markers leave open.
3. Result. An orphan becomes a claim only as a part, taking its total's measure or subject
   where it has none; a part whose noun is generic takes its total's subject. Each claim
   carries the evidence of its choice and a confidence: its margin over the best assignment
   that decided it otherwise, squashed into (0, 1).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from itertools import islice

from .dimensions import KILLED_OR_INJURED, fits_under
from .draft import Draft, Orphan
from .english import ENGLISH
from .evidence import (
    Node,
    apposite_share,
    cues,
    earlier_in_sentence,
    ellipsis_gap,
    lead_in_measure,
    other_date_figure,
    pair_evidence,
    parallel_figure,
    sentence_measure,
    sibling_gap,
)
from .language import Markers
from .measure import fits
from .restatements import restatements
from .sentences import Sentence
from .subjects import own_noun
from .vocabulary import PEOPLE_SUBJECTS
from .weights import WEIGHTS

BEAM = 12
BULLET_RE = re.compile(r"\s*(?:[-–—•*▪·]|\d{1,2}[.)])\s")
# the evidence that a marker word gives, as against punctuation and layout
STRONG = frozenset(
    {
        "inline",
        "marker",
        "opening",
        "of-the-total",
        "of-them-after",
        "of-them-before",
        "of-group-after",
        "trailing",
        "share-of",
    }
)
MAX_CANDIDATES = 12  # earlier claims a number may be a part of, nearest first
MAX_NODES = 400  # longer paragraphs (tables pasted as text) keep the sentence pass's reading

# what makes the killed and the injured parts of one total: punctuation or a marker after it
OUTCOME_EVIDENCE = frozenset({"paren", "colon", "dash", "marker", "inline", "opening", "trailing"})


@dataclass(frozen=True)
class Option:
    """One reading of a number: its total (an index into the paragraph's nodes) or none.

    `features` names the evidence (what a claim shows); `phi` is every feature with its value,
    the evidence and the costs, whose weighted sum is `score`.
    """

    total: int | None
    measure: str | None
    subject: str | None
    dimension: str
    features: tuple[str, ...]
    phi: tuple[tuple[str, float], ...] = ()

    @property
    def score(self) -> float:
        return sum(WEIGHTS[name] * value for name, value in self.phi)


@dataclass
class PairMemo:
    """For one paragraph's search, what a node shows under a total whatever the choices before:
    its fit (`fits_under`, by the total's resolved measure and subject) and the evidence
    (`pair_evidence`, by the node's and the total's indexes)."""

    fits: dict[tuple[int, str, str, str | None, str], tuple[str, str, str] | None] = field(
        default_factory=dict
    )
    evidence: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Beam:
    score: float
    choices: tuple[Option, ...]


def decide_breakdowns(
    text: str,
    drafts: list[Draft],
    orphans: list[Orphan],
    sentences: list[Sentence],
    words: Markers = ENGLISH,
) -> list[Draft]:
    """The claims with their parents chosen per paragraph, orphans adopted, ids renumbered."""
    if not drafts and not orphans:
        return drafts
    parent_of = {id(d): drafts[d.parent - 1] for d in drafts if d.parent is not None}
    nodes_by_paragraph: dict[int, list[Node]] = {}
    for d in drafts:
        nodes_by_paragraph.setdefault(d.sentence.paragraph, []).append(Node.of_draft(d))
    for o in orphans:
        nodes_by_paragraph.setdefault(o.sentence.paragraph, []).append(Node.of_orphan(o))
    aliases = restatements(text, drafts, sentences)
    sentence_index = {s.start: i for i, s in enumerate(sentences)}
    for paragraph_nodes in nodes_by_paragraph.values():
        for node in paragraph_nodes:
            node.paragraph_sentence = sentence_index.get(node.sentence.start, 0)
    out: list[Draft] = []
    previous: list[Draft] = []  # the top-level claims of the paragraph before
    latest: dict[str, Draft] = {}  # the latest top-level count of each measure
    for paragraph in sorted(nodes_by_paragraph):
        nodes = sorted(nodes_by_paragraph[paragraph], key=lambda n: n.mention.start)
        for i, node in enumerate(nodes):
            node.index = i
            inline = parent_of.get(id(node.draft)) if node.draft is not None else None
            node.inline_total = next(
                (j for j, n in enumerate(nodes) if inline is not None and n.draft is inline), None
            )
        if len(nodes) > MAX_NODES:
            out += [n.draft for n in nodes if n.draft is not None]  # the inline parents stay
            continue
        # the totals of the paragraph before, and the latest total of each measure before it,
        # which a share ("38 per cent of all civilian casualties") or a group may point at
        recent = {id(d) for d in previous[-3:]}
        older = [d for d in latest.values() if id(d) not in recent][-6:]
        external = [Node.of_draft(d, external=True) for d in [*older, *previous[-3:]]]
        for node in nodes:
            inline = parent_of.get(id(node.draft)) if node.draft is not None else None
            if inline is not None and node.inline_total is None:
                # a total the sentence pass found in an earlier paragraph ("Of them, ...")
                known = next((e for e in external if e.draft is inline), None)
                if known is None:
                    known = Node.of_draft(inline, external=True)
                    external.append(known)
                node.inline_total = -(external.index(known) + 1)
        made = _decide_paragraph(text, nodes, external, parent_of, aliases, words)
        out += made
        previous = [d for d in made if id(d) not in parent_of] or previous
        for d in previous:
            if d.mention.unit != "percent":
                latest.pop(d.measure, None)
                latest[d.measure] = d
    out.sort(key=lambda d: d.mention.start)
    for n, d in enumerate(out, start=1):
        d.id = n
    for d in out:
        parent = parent_of.get(id(d))
        # a total stated after its part makes no breakdown: a parent has a smaller id
        d.parent = parent.id if parent is not None and parent.id < d.id else None
    return out


# the dimensions a list of groups mixes freely: "including 12 children and 8 women"
GROUP_DIMENSIONS = frozenset({"status", "age", "sex", "subset", "same-group"})


def _same_kind_of_part(before: Option | None, dimension: str) -> bool:
    """A list goes on along the dimension of its item before, groups mixed freely: "including 362
    children, and 7,946 people injured" turns from a group of the dead to an outcome."""
    if before is None or not before.dimension or before.dimension == dimension:
        return True
    return before.dimension in GROUP_DIMENSIONS and dimension in GROUP_DIMENSIONS


def _bulleted(text: str, start: int) -> bool:
    """The sentence is an item of a bulleted or numbered list ("- 395 including ...")."""
    return BULLET_RE.match(text, text.rfind("\n", 0, start) + 1) is not None


def _signature(node: Node, nodes: list[Node], choices: tuple[Option, ...]) -> tuple[object, ...]:
    """What of the choices before `node` its options depend on: which numbers before it are
    claims, what they count, and the total of the number just before."""
    window = choices[max(0, node.index - MAX_CANDIDATES * 2) : node.index]
    return tuple((c.total, c.measure, c.subject) for c in window)


def search(text: str, nodes: list[Node], external: list[Node], words: Markers) -> list[Beam]:
    """The best assignments of a paragraph's numbers, best first (a beam search)."""
    beams = [Beam(0.0, ())]
    pairs = PairMemo()  # what depends on a node and a total only, found once
    for node in nodes:
        grown: list[Beam] = []
        memo: dict[tuple[object, ...], list[Option]] = {}
        for beam in beams:
            key = _signature(node, nodes, beam.choices)
            if key not in memo:
                memo[key] = options_of(
                    text, node, nodes, external, beam.choices, words, pairs=pairs
                )
            for option in memo[key]:
                grown.append(Beam(beam.score + option.score, (*beam.choices, option)))
            if sum(o.total is not None for o in memo[key]) > 1:
                node.ambiguous = True  # more than one total it may be a part of
        grown.sort(key=lambda b: -b.score)
        beams = grown[:BEAM]
    return sorted(
        (
            Beam(
                b.score
                + sum(WEIGHTS[k] * v for k, v in arithmetic(nodes, external, b.choices).items()),
                b.choices,
            )
            for b in beams
        ),
        key=lambda b: -b.score,
    )


def _decide_paragraph(
    text: str,
    nodes: list[Node],
    external: list[Node],
    parent_of: dict[int, Draft],
    aliases: dict[int, Draft],
    words: Markers,
) -> list[Draft]:
    finals = search(text, nodes, external, words)
    best = finals[0]
    made: list[Draft] = []
    drafts_at: dict[int, Draft] = {}
    for node, option in zip(nodes, best.choices, strict=True):
        margin = min(
            (best.score - b.score for b in finals[1:] if b.choices[node.index] is not option),
            default=4.0,
        )
        confidence = 1 / (1 + math.exp(-margin))
        if option.total is None:
            if node.draft is None and option.measure and option.subject:
                orphan = node.orphan
                assert orphan is not None
                draft = Draft(
                    -1,
                    orphan.mention,
                    option.measure,
                    option.subject,
                    orphan.sentence,
                    orphan.phrase_end,
                    None,
                    orphan.period,
                    orphan.cause,
                    orphan.place,
                    "structure:" + "+".join(option.features),
                    confidence=round(confidence * node.prior, 3),
                    evidence=option.features,
                )
                drafts_at[node.index] = draft
                made.append(draft)
                continue
            if node.draft is None:
                continue  # an orphan no total adopted: not a claim
            draft = node.draft
            parent_of.pop(id(draft), None)
            if id(draft) in aliases:
                drafts_at[node.index] = aliases[id(draft)]  # its parts attach to the first
                continue
            draft.confidence = round(confidence * node.prior, 3)
            draft.evidence = option.features
            drafts_at[node.index] = draft
            made.append(draft)
            continue
        if node.draft is not None and id(node.draft) in aliases:
            # a part the document states again (a sentence repeated, a headline's part restated
            # in the body): its statement in the body stands for it
            parent_of.pop(id(node.draft), None)
            drafts_at[node.index] = aliases[id(node.draft)]
            continue
        if option.dimension == "same-group":
            parent_of.pop(id(node.draft), None)
            continue  # named as a group of the total's own subject: not a claim
        total = _total_draft(option.total, nodes, external, drafts_at)
        draft = _as_part(node, option, total)
        draft.confidence = round(confidence * node.prior, 3)
        draft.evidence = option.features
        parent_of[id(draft)] = total
        drafts_at[node.index] = draft
        made.append(draft)
    _read_again(nodes, best.choices, external, drafts_at)
    return made


def _read_again(
    nodes: list[Node],
    choices: tuple[Option, ...],
    external: list[Node],
    drafts_at: dict[int, Draft],
) -> None:
    """A total of the killed (or injured) whose parts count both outcomes counts casualties."""
    outcomes: dict[int, set[str]] = {}
    for option in choices:
        if option.total is not None and option.dimension == "outcome?" and option.measure:
            outcomes.setdefault(option.total, set()).add(option.measure)
    for index, measures in outcomes.items():
        if measures != KILLED_OR_INJURED:
            continue
        total = _total_draft(index, nodes, external, drafts_at)
        if fits("casualties", total.subject):
            total.measure = "casualties"
            total.rule += ";structure:outcomes"


def _total_draft(
    index: int, nodes: list[Node], external: list[Node], drafts_at: dict[int, Draft]
) -> Draft:
    if index < 0:
        d = external[-index - 1].draft
        assert d is not None
        return d
    return drafts_at[index]


def _as_part(node: Node, option: Option, total: Draft) -> Draft:
    measure = option.measure or total.measure
    subject = option.subject or total.subject
    if node.draft is not None:
        d = node.draft
        rule = d.rule if option.features == ("inline",) else f"{d.rule};structure"
        cause = d.cause or total.cause
        period = d.period or total.period  # a part takes its total's period unless it has one
        return _update(d, measure=measure, subject=subject, cause=cause, period=period, rule=rule)
    o = node.orphan
    assert o is not None
    same_sentence = o.sentence.start == total.sentence.start
    return Draft(
        -1,
        o.mention,
        measure,
        subject,
        o.sentence,
        o.phrase_end,
        None,
        total.period if same_sentence else (o.period or total.period),
        o.cause or total.cause,
        o.place or total.place,
        "structure:" + "+".join(option.features),
    )


def _update(d: Draft, **changes: object) -> Draft:
    for name, value in changes.items():
        setattr(d, name, value)
    return d


def options_of(
    text: str,
    node: Node,
    nodes: list[Node],
    external: list[Node],
    choices: tuple[Option, ...],
    words: Markers,
    *,
    pairs: PairMemo | None = None,
) -> list[Option]:
    """The readings of `node` given the choices made for the nodes before it.

    `pairs` keeps, for one search, the evidence and the fit of a node under a total, which do
    not depend on the choices: the beam asks for them again and again.
    """
    if pairs is None:
        pairs = PairMemo()
    none = Option(None, node.measure, node.subject, "", ())
    if node.draft is None:
        none = Option(None, None, None, "", ())
    options = [none]
    if node.draft is None and node.subject and not node.measure:
        measure = lead_in_measure(text, node)
        if measure is not None:
            # "documents the following as destroyed: 54,300 houses, 612 schools"
            options.append(
                Option(
                    None,
                    measure,
                    node.subject,
                    "",
                    ("lead-in-measure",),
                    (("lead-in-measure", 1.0),),
                )
            )
    if node.index and (
        (node.draft is None and node.generic)
        # a share read with words of its own is still the share of the count it follows
        or apposite_share(text, nodes[node.index - 1], node)
    ):
        chosen = choices[node.index - 1]
        if (
            node.measure in (None, chosen.measure)  # "15 at home, 11 at work": the verb shared
            and chosen.measure
            and chosen.subject
            and ellipsis_gap(text, nodes[node.index - 1], node, words)
        ):
            # "840 fatalities in April, and 586 in May": the 586 counts what the 840 counts;
            # "6,076 (9 percent) boys": the share is the same figure
            kind = "apposite-share" if node.mention.unit == "percent" else "ellipsis"
            options.append(_same_reading(chosen, kind))
    if len(options) == 1 and node.draft is None:
        # "5,000 in 2009 and 2,800 in 2008": a bare number in a phrase built like the one of
        # the figure before it counts what that figure counts, at the same level
        j = parallel_figure(
            text,
            node,
            nodes,
            lambda i: bool(
                choices[i].measure and choices[i].subject and choices[i].dimension != "same-group"
            ),
            words,
        )
        if j is not None:
            options.append(_same_reading(choices[j], "parallel"))
    if len(options) == 1 and (j := other_date_figure(text, node, nodes)) is not None:
        chosen = choices[j]
        if chosen.measure and chosen.subject and chosen.dimension != "same-group":
            # "18,817 civilians (a week earlier some 18,657)", "5,120 killed (4,990 at the end
            # of April)": the same count at another date, a claim of its own with no total
            other_date = Option(
                None,
                node.measure or chosen.measure,
                node.subject or chosen.subject,
                "",
                ("other-date",),
                (("other-date", 1.0),),
            )
            if node.draft is not None:
                return [other_date]  # not a part of the figure it restates at another date
            options.append(other_date)
    if node.cues is None:
        node.cues = cues(text, node, nodes, words)
        node.list_gap = node.index > 0 and sibling_gap(text, nodes[node.index - 1], node, words)
    found = node.cues
    if not found.any() and node.inline_total is None and not node.list_gap:
        return _with_sentence_measure(text, node, options)  # nothing makes it a part
    accepted = list(
        islice(  # the nearest ones: a long paragraph is not walked to its start
            (
                n
                for n in reversed(nodes[: node.index])
                if (n.draft is not None or choices[n.index].total is not None)
                and choices[n.index].dimension != "same-group"
            ),
            MAX_CANDIDATES,
        )
    )
    if found.lead_in:
        # a long list under a lead-in ("... were killed as follows:" and twenty lines) reaches
        # back to the lead-in's total however many numbers stand between
        seen = {id(n) for n in accepted}
        accepted += [
            n
            for n in nodes[: node.index]
            if id(n) not in seen
            and n.draft is not None
            and choices[n.index].total is None
            and text[n.sentence.start : n.sentence.end].rstrip().endswith(":")
        ][-2:][::-1]  # nearest first, as the candidates before them
    before = choices[node.index - 1] if node.index else None
    sibling_totals: set[int] = set()
    if before is not None and node.list_gap and before.total is not None:
        sibling_totals.add(before.total)
        if before.total >= 0 and (outer := choices[before.total].total) is not None:
            # "5,614 were killed, including 362 children, and 7,946 were injured": the list
            # goes on at the level of the item the number before breaks down
            sibling_totals.add(outer)
    rank = 0
    for total in [*accepted, *reversed(external)]:
        index = total.index if not total.external else -(external.index(total) + 1)
        t_measure, t_subject = _resolved(total, choices)
        fit_key = (node.index, t_measure, t_subject, total.place, total.mention.unit)
        if fit_key in pairs.fits:
            reading = pairs.fits[fit_key]
        else:
            reading = fits_under(node, t_measure, t_subject, total.place, total.mention.unit)
            pairs.fits[fit_key] = reading
        if reading is None:
            continue
        measure, subject, dimension = reading
        if (
            dimension in ("subset", "outcome?")
            and node.draft is not None
            and not node.generic
            and not node.place
            and own_noun(text, node.mention.end)
            and not words.generic.match(text, node.mention.end)
            and node.subject == t_subject
            and t_subject in PEOPLE_SUBJECTS  # "including 211 cluster munition remnants": a kind
            and measure == t_measure
        ):
            # "12 people, including a doctor, two nurses": nurses are people, a group of the
            # total's own subject named otherwise: no claim (contract)
            dimension = "same-group"
        if found.share_of and total.mention.unit == "percent":
            continue  # "10% of the casualties": a share of the count, not of another share
        known = pairs.evidence.get((node.index, index))
        if known is None:
            known = tuple(pair_evidence(text, node, total, nodes, found, words))
            pairs.evidence[(node.index, index)] = known
        features = list(known)
        if node.inline_total == index and (
            total.sentence.start == node.sentence.start
            or not any(n.draft is None and n.generic for n in earlier_in_sentence(node, nodes))
        ):
            # the sentence pass's total, unless it passed over a number it could not read in
            # the part's own sentence ("- 395 including 92 children")
            features.append("inline")
        if index in sibling_totals and (
            _same_kind_of_part(before, dimension)
            # "(2,472 killed, 6,937 injured, and 28 unknown)": a bare item closes the list
            or (node.draft is None and not node.measure and not node.subject)
        ):
            features.append("sibling")
        if total.external:
            features = [
                f
                for f in features
                if f in ("opening", "lead-in", "inline", "of-group-after", "share-of")
                or (f == "trailing" and found.trailing and found.trailing.groupdict().get("group"))
            ]
        if (
            "of-them-before" in features
            and not total.external
            and choices[total.index].total is not None
        ):
            # "71 of them" points at the sentence before's own total, not at one of its parts
            # ("3,890 citizens ..., including 719 civilians. 71 of them were minors")
            features.remove("of-them-before")
        if "lead-in" in features and not total.external and choices[total.index].total is not None:
            # the lines under a lead-in break down its total, not one of that total's parts
            features.remove("lead-in")
        bare = node.draft is None and not node.measure and not node.subject
        if (
            dimension in ("subset", "other", "same-group")
            and not STRONG.intersection(features)
            # "467 cases of violations (317 civilians killed, ...)": parentheses right after the
            # total mark its parts, whatever they count
            and not (dimension == "other" and "paren" in features)
            and not (bare and "sibling" in features)  # "(2,472 killed, ..., and 28 unknown)"
            # "72 civilians were killed: 41 in Stepanakert, 31 in Shushi": a bare number after
            # the colon or dash that follows its total is an item of the list it opens
            and not (bare and {"colon", "dash"}.intersection(features))
            # "they were killed as follows:" over bulleted lines: the lead-in marks each item
            and not ("lead-in" in features and _bulleted(text, node.sentence.start))
        ):
            features = []  # a subset or another measure is a part only when a marker says so
        if dimension == "outcome?" and not (
            OUTCOME_EVIDENCE.intersection(features)
            or (before is not None and before.dimension == "outcome?" and "sibling" in features)
        ):
            features = []  # "(44 killed, 99 injured)" after a total, not any list item
        if features:
            phi = [(f, 1.0) for f in features]
            back = min(2, abs(node.paragraph_sentence - total.paragraph_sentence))
            phi += [("rank", float(rank)), ("sentences-back", float(back))]
            if node.draft is None:
                phi.append(("orphan", 1.0))
            if dimension == "other" or (
                dimension in ("subset", "same-group")
                and (node.subject or (node.measure and node.draft is not None))
            ):
                # a number with no subject of its own ("- 395 including 92 children were
                # killed") takes it from its total: the orphan's cost is its cost, not also the
                # subset's
                phi.append(("subset" if dimension == "same-group" else dimension, 1.0))
            options.append(Option(index, measure, subject, dimension, tuple(features), tuple(phi)))
            rank += 1  # nearer totals that the text also points at come first
    return _with_sentence_measure(text, node, options)


def _same_reading(chosen: Option, kind: str) -> Option:
    """The reading ``chosen`` again (its total, measure, subject and dimension), for a number
    that counts what that figure counts; ``kind`` names the evidence."""
    return Option(
        chosen.total, chosen.measure, chosen.subject, chosen.dimension, (kind,), ((kind, 1.0),)
    )


def _with_sentence_measure(text: str, node: Node, options: list[Option]) -> list[Option]:
    """`options`, and for a number that names its group but no harm and that nothing makes a
    part of a total, the reading with its sentence's measure ("killed 19 people in one town and
    another 23 people in the next"). Only where no total is offered: a total outweighs it."""
    if node.draft is not None or not node.subject or node.measure or len(options) > 1:
        return options
    measure = sentence_measure(text, node)
    if measure is None:
        return options
    reading = Option(
        None, measure, node.subject, "", ("sentence-measure",), (("sentence-measure", 1.0),)
    )
    return [*options, reading]


def _resolved(total: Node, choices: tuple[Option, ...]) -> tuple[str, str]:
    if total.external:
        return total.measure or "", total.subject or ""
    option = choices[total.index]
    return option.measure or "", option.subject or ""


def arithmetic(
    nodes: list[Node], external: list[Node], choices: tuple[Option, ...]
) -> dict[str, float]:
    """How many totals of a paragraph's choice have parts that add up to them, or exceed them."""
    groups: dict[tuple[int, str], float] = {}
    counts: dict[tuple[int, str], int] = {}
    for node, option in zip(nodes, choices, strict=True):
        if option.total is None or option.dimension in ("subset", "other", "mixed", "same-group"):
            continue
        if node.mention.unit != "count":
            continue
        key = (option.total, "outcome" if option.dimension == "outcome?" else option.dimension)
        groups[key] = groups.get(key, 0.0) + node.mention.value
        counts[key] = counts.get(key, 0) + 1
    phi = {"adds-up": 0.0, "exceeds": 0.0, "exceeds-marked": 0.0}
    ambiguous: set[tuple[int, str]] = set()
    for node, option in zip(nodes, choices, strict=True):
        if option.total is not None and node.ambiguous:
            ambiguous.add(
                (option.total, "outcome" if option.dimension == "outcome?" else option.dimension)
            )
    for (index, dimension), value in groups.items():
        total = external[-index - 1] if index < 0 else nodes[index]
        if total.mention.unit != "count":
            continue
        if counts[(index, dimension)] >= 2 and math.isclose(value, total.mention.value):
            phi["adds-up"] += 1
        elif value > total.mention.value * (1.05 if total.mention.qualifier == "approx" else 1):
            # parts that had another total to go to should go there; parts the text gives to
            # this total alone stay, and the ledger reports that they exceed it
            phi["exceeds" if (index, dimension) in ambiguous else "exceeds-marked"] += 1
    return phi

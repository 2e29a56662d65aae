"""The evidence that a number is a part of an earlier total: markers, punctuation and layout.

Each function looks at the text between or around two numbers and names what it finds;
`structure.py` weighs the names. None of them decides alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .continuations import APPOSITE_SHARE_RE
from .draft import Draft, Orphan
from .language import Markers
from .measure import fits, measure_in_context, normalised_measure
from .numbers import Mention
from .rules import sentence_measures
from .sentences import Sentence
from .vocabulary import MEASURES, SUBJECTS

DASH_RE = re.compile(r"\s[–—-]{1,2}\s")
# a dash after a number that stands for its verb: "21 - in captivity", "23 – as a result of"
ELLIPSIS_DASH_RE = re.compile(
    r"\s[–—-]{1,2}\s+(?:in|on|at|from|by|during|as\s+a\s+result\s+of|due\s+to)\b",
    re.IGNORECASE,
)
# the phrase of a bare list item: "41 – in Stepanakert", "12 in the north"
ITEM_PHRASE_RE = re.compile(
    r"(?:\s*[–—-]{1,2})?\s+(?:in|on|at|from|by|during|as\s+a\s+result\s+of|due\s+to)\s"
    r"[^\d.;:()]{1,60}?(?=\s*(?:,|;|\band\b))",
    re.IGNORECASE,
)
OUTCOMES_AND_CASUALTIES = frozenset({"killed", "injured", "casualties"})
# a marker, then list items that name people without a figure (ages aside), up to a number
MARKED_LIST_RE = re.compile(
    r"\b(?:including|among\s+them|among\s+whom|of\s+whom)\s*[:,]?\s+"
    r"(?:[^.;:()\d]|\d+-year-old)+,\s*(?:and\s+)?$",
    re.IGNORECASE,
)
LAST_WORD_RE = re.compile(r"([^\W\d_][\w'’-]*)\s*$")
# the first word after a number, past punctuation: "5,000 in 2009", "559 - to the region"
FIRST_WORD_RE = re.compile(r"[\s,;:()–—-]*([^\W\d_][\w'’-]*)")
PARALLEL_REACH = 100  # characters between a bare number and the figure whose reading it repeats
PARALLEL_BACK = 4  # numbers of the sentence it may look back over

RULE_PRIOR = (
    ("subject:noun", 0.95),
    ("subject:label", 0.9),
    ("subject:predicate", 0.85),
    ("subject:inherited", 0.85),
    ("subject:implicit", 0.8),
)


@dataclass(eq=False)  # one node is one number: compared by identity
class Node:
    """A number of a paragraph as the breakdown decision sees it."""

    mention: Mention
    draft: Draft | None
    orphan: Orphan | None
    measure: str | None
    subject: str | None
    generic: bool
    place: str | None
    sentence: Sentence
    phrase_end: int
    prior: float
    external: bool = False  # a total of the paragraph before
    index: int = -1
    inline_total: int | None = None
    paragraph_sentence: int = 0  # the sentence's index, to count sentences between numbers
    cues: Cues | None = None
    list_gap: bool = False  # only list punctuation between the number before and this one
    measure_given: bool = True  # its measure is its own, not its total's
    ambiguous: bool = False  # it had more than one total to choose from

    @classmethod
    def of_draft(cls, d: Draft, *, external: bool = False) -> Node:
        prior = next((p for tag, p in RULE_PRIOR if tag in d.rule), 0.85)
        return cls(
            d.mention,
            d,
            None,
            d.measure,
            d.subject,
            d.generic,
            d.place,
            d.sentence,
            d.phrase_end,
            prior,
            external,
            measure_given=d.measure_own,
        )

    @classmethod
    def of_orphan(cls, o: Orphan) -> Node:
        return cls(
            o.mention,
            None,
            o,
            o.measure,
            o.subject,
            o.subject is None and not o.unknown_noun,
            o.place,
            o.sentence,
            o.phrase_end,
            0.75,
            measure_given=o.measure is not None,
        )


def apposite_share(text: str, before: Node, node: Node) -> bool:
    """A share of the count right before it: "6,076 (9 percent) boys", "51,111 or 79 percent"."""
    return (
        node.mention.unit == "percent"
        and before.mention.unit == "count"
        and APPOSITE_SHARE_RE.search(text, before.mention.end, node.mention.lead) is not None
        and node.mention.lead - before.mention.end < 12
    )


def ellipsis_gap(text: str, before: Node, node: Node, words: Markers) -> bool:
    """A bare number right after a figure, joined by a comma or "and", followed by a place or
    a time ("and 586 in May") or led by one ("in May to 476"), as the figure before was; or a
    share of the count right before it (`apposite_share`)."""
    if apposite_share(text, before, node):
        return True
    start = max(before.phrase_end, before.mention.end)
    if before.sentence.start != node.sentence.start or start > node.mention.lead:
        return False
    if words.ellipsis_lead.fullmatch(text, start, node.mention.lead) is not None:
        return True
    return (
        words.ellipsis_gap.fullmatch(text, start, node.mention.lead) is not None
        and words.ellipsis_after.match(text, node.mention.end) is not None
    )


def sibling_gap(text: str, before: Node, node: Node, words: Markers) -> bool:
    """Only list punctuation and "and" stand between the number before and this one, or, after
    a bare item, the phrase that says where or how its number counted ("41 – in Stepanakert,
    31 – in Shushi")."""
    start = max(before.phrase_end, before.mention.end)
    if before.draft is None and not before.measure and not before.subject:
        item = ITEM_PHRASE_RE.match(text, start, node.mention.lead)
        start = item.end() if item else start
    if start > node.mention.lead or node.mention.lead - start > 40:
        return False
    return words.list_gap.fullmatch(text, start, node.mention.lead) is not None


def parallel_figure(
    text: str, node: Node, nodes: list[Node], counted: Callable[[int], bool], words: Markers
) -> int | None:
    """The index of the earlier figure of the sentence whose reading a bare number repeats.

    A number with no noun and no measure of its own counts what a figure before it in the same
    sentence counts when its phrase is built like that figure's: the same function word opens
    the phrase after both ("5,000 in 2009 and 2,800 in 2008") or stands before both ("with 39
    in one town, with 10 in another"), and nothing between them names another harm or group.
    Only the nearest figure that is a claim (`counted`) is compared; None when it does not fit.
    """
    m = node.mention
    if node.draft is not None or node.measure or node.subject or not node.generic:
        return None
    end = node.sentence.end
    after = _first_word(text, m.end, end, words)
    before = _last_word(text, node.sentence.start, m.lead, words)
    if after is None and before is None:
        return None
    for j in range(node.index - 1, max(-1, node.index - 1 - PARALLEL_BACK), -1):
        other = nodes[j]
        if other.sentence.start != node.sentence.start:
            return None
        gap_start = max(other.phrase_end, other.mention.end)
        if gap_start > m.lead or m.lead - gap_start > PARALLEL_REACH:
            return None
        if sentence_measures(text, gap_start, m.lead) or SUBJECTS.find_all(text, gap_start, m.lead):
            return None  # "12 killed in May and 30 houses in June": the list has moved on
        if not counted(j):
            if other.draft is None and other.generic and other.mention.unit == m.unit:
                continue  # a bare number read otherwise, or not at all, on the way back
            return None
        if other.mention.unit != m.unit:
            return None
        other_after = {
            _first_word(text, other.mention.end, end, words),
            _first_word(text, other.phrase_end, end, words),
        }
        other_before = _last_word(text, node.sentence.start, other.mention.lead, words)
        if (after is not None and after in other_after) or (
            before is not None and before == other_before
        ):
            return j
        return None
    return None


# between a figure (and its verb) and a bare figure of the same count at another date in
# parentheses: "18,817 (a week earlier some 18,657)", "9,287 killed (9,177)"
OTHER_DATE_GAP_RE = re.compile(r"(?:\s+[^\W\d_][\w'’-]*){0,4}\s*\([^()]{0,40}")
# after it, the rest of the parenthesis: a date, never a noun of its own ("4,990 at the end of
# April)", "(7,110)")
OTHER_DATE_AFTER_RE = re.compile(
    r"[ \t]*(?:\)|(?:at|on|in|by|as\s+of|until|a\s+week|a\s+month|the\s+previous)\b[^()]{0,40}\))",
    re.IGNORECASE,
)
CLOSE_RATIO = 0.75  # how near in value the two figures of one count at two dates stand


def other_date_figure(text: str, node: Node, nodes: list[Node]) -> int | None:
    """The index of the figure right before a bare number in parentheses that counts the same
    thing at another date: the parenthesis opens right after that figure's phrase or verb, holds
    nothing but the number and a date, and the two values differ by less than a quarter ("5,120
    killed (4,990 at the end of May)": its own claim with its own period, not a part, contract)."""
    m = node.mention
    if node.draft is None and (node.measure or node.subject or not node.generic):
        return None
    if node.index == 0 or not OTHER_DATE_AFTER_RE.match(text, m.end):
        return None
    other = nodes[node.index - 1]
    if other.sentence.start != node.sentence.start or other.mention.unit != m.unit:
        return None
    gap = OTHER_DATE_GAP_RE.fullmatch(text, max(other.phrase_end, other.mention.end), m.lead)
    if gap is None:
        gap = OTHER_DATE_GAP_RE.fullmatch(text, other.mention.end, m.lead)
    if gap is None or m.value == other.mention.value or not other.mention.value:
        return None
    ratio = m.value / other.mention.value
    return other.index if CLOSE_RATIO <= ratio <= 1 / CLOSE_RATIO else None


def _first_word(text: str, pos: int, end: int, words: Markers) -> str | None:
    """The function word that opens the phrase after `pos`, if the phrase opens with one."""
    found = FIRST_WORD_RE.match(text, pos, end)
    if found is None or words.function_word.fullmatch(found.group(1)) is None:
        return None
    return found.group(1).lower()


def _last_word(text: str, start: int, pos: int, words: Markers) -> str | None:
    """The function word that ends the text before `pos`, if it ends with one."""
    found = LAST_WORD_RE.search(text, max(start, pos - 30), pos)
    if found is None or words.function_word.fullmatch(found.group(1)) is None:
        return None
    return found.group(1).lower()


@dataclass
class Cues:
    """What the text around one number says, found once and compared with each total."""

    marker_at: int | None  # where a marker before the number ("including") starts
    opening: re.Match[str] | None  # "This includes", "Of the wounded" opening its sentence
    of_them_after: bool  # "five of them"
    group_after: str | None  # "15 of the victims": the measure of the group
    trailing: re.Match[str] | None  # "... were among them"
    paren: int | None  # the parenthesis the number stands in
    paren_verb: bool  # that parenthesis follows a measure word ("killed (120)")
    punctuation: bool  # a colon or a dash in the sentence before the number
    lead_in: bool  # a sentence before it in its paragraph ends with a colon
    share_of: str | None = None  # a share of the total of this measure ("of all casualties")
    of_the_total: bool = False  # its sentence opens "Of the 5,000 deaths recorded in July,"

    def any(self) -> bool:
        return bool(
            self.of_the_total
            or self.marker_at is not None
            or self.opening
            or self.of_them_after
            or self.group_after
            or self.trailing
            or self.paren is not None
            or self.punctuation
            or self.lead_in
            or self.share_of
        )


def cues(text: str, node: Node, nodes: list[Node], words: Markers) -> Cues:
    """The cues around `node`, computed once."""
    sent, lead, end = node.sentence, node.mention.lead, node.mention.end
    before = nodes[node.index - 1] if node.index > 0 else None
    gap_start = sent.start
    if before is not None and before.sentence.start == sent.start:
        gap_start = max(before.phrase_end, before.mention.end)
    marker_at = None
    if gap_start <= lead:
        window = max(gap_start, lead - 120)
        marker = words.part_before.search(text, window, lead)
        marker_at = marker.start() if marker else None
        if marker_at is None and (listed := MARKED_LIST_RE.search(text, window, lead)):
            # "among them a small girl, two men, four women": a later item of the list
            marker_at = listed.start()
    group_after = None
    if node.mention.unit == "count" and (after := words.of_group_after.match(text, end)):
        group_after = words.group_measure.get(after.group("group").lower())
    paren = text.rfind("(", max(sent.start, lead - 80), lead)
    if paren >= 0 and ")" in text[paren:lead]:
        paren = -1
    paren_verb = False
    if paren >= 0:
        word = LAST_WORD_RE.search(text, max(sent.start, paren - 30), paren)
        paren_verb = bool(word and MEASURES.match(text, word.start(1), paren))
    before_text = text[max(sent.start, lead - 200) : lead]
    share_of = None
    if (
        node.mention.unit == "percent"
        and (share := words.share_of.match(text, end, sent.end))
        # "87% of casualties were civilians where the status was known": of a narrower base
        and not words.narrow_base.search(text, end, sent.end)
    ):
        share_of = words.group_measure.get(re.sub(r"\s+", " ", share.group("group").lower()))
    return Cues(
        marker_at,
        words.opening.match(text, sent.start, lead),
        words.of_them_after.match(text, end) is not None,
        group_after,
        words.trailing.match(text, end, _clause_end(text, end, sent.end)),
        paren if paren >= 0 else None,
        paren_verb,
        ":" in before_text or DASH_RE.search(before_text) is not None,
        any(
            text[n.sentence.start : n.sentence.end].rstrip().endswith(":")
            for n in nodes[: node.index]
            if n.sentence.start != sent.start
        ),
        share_of,
        any(
            n.sentence.start == sent.start
            and words.of_the.fullmatch(text, sent.start, n.mention.lead) is not None
            for n in earlier_in_sentence(node, nodes)
        ),
    )


def pair_evidence(
    text: str, node: Node, total: Node, nodes: list[Node], found: Cues, words: Markers
) -> list[str]:
    """What in the text says that `node` is a part of `total` (an earlier number)."""
    out: list[str] = []
    sent, lead = node.sentence, node.mention.lead
    same_sentence = total.sentence.start == sent.start
    earlier_sentence = not same_sentence and total.sentence.start < sent.start
    if (
        found.marker_at is not None
        and not total.external
        and total.mention.end <= found.marker_at
        and (
            same_sentence
            # "Over 87 percent of the victims were male including 1,363 deaths": the marker
            # points at the figure before it in its sentence, never past it to another sentence
            or not any(n.mention.end <= found.marker_at for n in earlier_in_sentence(node, nodes))
        )
    ):
        out.append("marker")
    if (
        found.opening
        and earlier_sentence
        and _opening(node, total, nodes, found.opening, words)
        and not _nested(text, node, nodes)
    ):
        out.append("opening")
    if (
        same_sentence
        and words.of_the.fullmatch(text, sent.start, total.mention.lead) is not None
        and "," in text[total.mention.end : lead]
        # "Of the 5,000 deaths, 1,289 were civilians, including 263 children": the marker gives
        # the 263 to the figure just before it
        and not (
            found.marker_at is not None
            and any(
                total.mention.end <= n.mention.start < found.marker_at
                for n in earlier_in_sentence(node, nodes)
            )
        )
    ):
        out.append("of-the-total")  # "Of the 64 deaths, 50 occurred in ..."
    if (
        found.of_them_after
        and same_sentence
        and not any(total.mention.start < n.mention.start for n in nodes[: node.index])
    ):
        out.append("of-them-after")  # "10 civilians, five of them children": the nearest
    elif (
        found.of_them_after
        and earlier_sentence
        and not earlier_in_sentence(node, nodes)  # "41 proposals, 29 of which"
    ):
        # "71 of them were minors" after the sentence that states them: its own total
        out.append("of-them-before")
    if (
        found.group_after
        and total.sentence.start <= sent.start
        and (
            found.group_after == total.measure
            or (found.group_after == "casualties" and total.measure in OUTCOMES_AND_CASUALTIES)
        )
    ):
        out.append("of-group-after")  # "15 of the victims were killed": the victims before
    if (
        found.trailing
        and total.sentence.start <= sent.start
        and _group_fits(found.trailing, node, total, words)
        and (not same_sentence or total.mention.end < _clause_start(text, sent.start, lead))
    ):
        out.append("trailing")
    if found.paren is not None:
        between = text[total.mention.end : found.paren]
        if (
            same_sentence
            and total.mention.end <= found.paren  # not an earlier item inside the parenthesis
            and len(between) <= 60
            and not re.search(r"[.;()]", between)
        ):
            out.append("paren")
        elif found.paren_verb:
            out.append("paren-verb")
    if found.punctuation and same_sentence and total.mention.end <= lead:
        between = text[total.mention.end : lead]
        dash = DASH_RE.search(between)
        # right after the total or its verb: "40 people were killed – 31 civilians ... –"
        if (
            dash
            and dash.start() <= 40
            and not re.search(r"[.;(),]", between[: dash.start()])
            # "41 – in Stepanakert": a dash that stands for a verb left out, not a list's
            and not ELLIPSIS_DASH_RE.match(between, dash.start())
        ):
            out.append("dash")
        colon = between.find(":")
        # "casualties: 5,614 were killed, including 362 children": the marker after an item of
        # the list gives the number to that item, not to the list's total
        item_marker = found.marker_at is not None and any(
            total.mention.end + colon < n.mention.start < found.marker_at
            for n in nodes[: node.index]
        )
        if (
            colon >= 0
            and len(between) <= 200
            and not re.search(r"[.;]\s|\d", between[:colon])
            and not re.search(r"[.;]\s", between)
            and not item_marker
        ):
            out.append("colon")
    if (
        found.share_of
        and found.share_of == total.measure
        and total.mention.unit != "percent"
        and total.sentence.start <= sent.start
    ):
        out.append("share-of")  # "38 per cent of all civilian casualties": of that total
    if (
        found.lead_in
        and not same_sentence
        # "- 395 including 92 children": a later number of the item goes with the item
        and not earlier_in_sentence(node, nodes)
        and total.sentence.end <= sent.start
        and text[total.sentence.start : total.sentence.end].rstrip().endswith(":")
    ):
        out.append("lead-in")
    return out


def earlier_in_sentence(node: Node, nodes: list[Node]) -> list[Node]:
    """The numbers of ``node``'s own sentence before it (``nodes`` are in text order)."""
    out: list[Node] = []
    for n in reversed(nodes[: node.index]):
        if n.sentence.start != node.sentence.start:
            break
        out.append(n)
    return out[::-1]


def _nested(text: str, node: Node, nodes: list[Node]) -> bool:
    """A number after a dash or colon that follows a claim of its own sentence ("Of these, 60
    were seriously injured - 48 men and 12 women"): a part of that claim, not of the total the
    sentence's opening points back to."""
    for n in earlier_in_sentence(node, nodes):
        if n.draft is None:
            continue
        between = text[n.mention.end : node.mention.lead]
        mark = DASH_RE.search(between)
        at = mark.start() if mark else between.find(":")
        if 0 <= at <= 40 and not re.search(r"[.;()]", between):
            return True
    return False


def _opening(
    node: Node, total: Node, nodes: list[Node], opening: re.Match[str], words: Markers
) -> bool:
    """The part's sentence opens by pointing back: "This includes", "Of them"."""
    if not _group_fits(opening, node, total, words):
        return False
    group = _group_word(opening)
    if (
        group
        and words.group_measure.get(group.lower()) == "casualties"
        and total.measure != "casualties"
        and any(
            n.measure == "casualties" and n.sentence.start == total.sentence.start
            for n in nodes[: total.index]
        )
    ):
        # "38 civilian casualties – 23 deaths and 15 injuries. Victims included ...": the
        # victims are the casualties, not the killed stated as their part
        return False
    named = bool(group)  # "Among the victims" says whom it means
    if (
        not named
        and any(  # "The office has 12 staff. Of them, ...": them are the staff
            n.orphan is not None and n.orphan.unknown_noun and total.mention.end <= n.mention.start
            for n in nodes[: node.index]
        )
    ):
        return False
    # a total of the paragraph before: named by its group ("Of the wounded"), or for the
    # paragraph's first sentence with numbers ("Of them")
    return (
        not total.external
        or named
        or not any(n.sentence.start < node.sentence.start for n in nodes[: node.index])
    )


def _group_word(marker: re.Match[str]) -> str | None:
    """The group a marker names: "Of the wounded", "Victims included"."""
    found = marker.groupdict()
    return found.get("group") or found.get("lead")


def _group_fits(marker: re.Match[str], node: Node, total: Node, words: Markers) -> bool:
    """ "Of the wounded" points at a total of the injured, not at any total before."""
    group = _group_word(marker)
    if not group:
        return True
    measure = words.group_measure.get(group.lower())
    # "Among the victims, children were killed (9)": the killed counted before are victims
    # too, when the part is of the same outcome
    return (
        measure is None
        or measure == total.measure
        or (
            measure == "casualties"
            and total.measure in ("killed", "injured")
            and node.measure in (None, total.measure)
        )
    )


def _clause_end(text: str, start: int, limit: int) -> int:
    for i in range(start, limit):
        if text[i] in ";:":
            return i
    return limit


def _clause_start(text: str, floor: int, pos: int) -> int:
    for i in range(pos - 1, floor - 1, -1):
        if text[i] in ";:,":
            return i
    return floor


def lead_in_measure(text: str, node: Node) -> str | None:
    """The measure a lead-in before a colon gives the list after it ("as destroyed: 54,300
    houses, 612 schools"), if it fits the number's subject."""
    sent = node.sentence
    colon = text.rfind(":", sent.start, node.mention.lead)
    if colon < 0 or re.search(r"[.;]\s", text[colon : node.mention.lead]):
        return None
    for value, _, _ in reversed(sentence_measures(text, max(sent.start, colon - 120), colon)):
        measure = normalised_measure(value.rstrip("*"), node.subject)
        if measure != "block" and fits(measure, node.subject):
            return measure
        return None  # the nearest measure word decides
    return None


AFTER_REACH = 60  # characters from a number to a measure word after it in its own clause
CLAUSE_PUNCTUATION_RE = re.compile(r"[,;:()–—]")
CLAUSE_END_RE = re.compile(r"[,;:()–—]|\d")
# a verb that makes the measure word after a number its predicate: "were reported as missing"
PREDICATE_LINK_RE = re.compile(
    r"\b(?:were|was|are|is|been|being|be|has|have|had|as|got|get|became|become)\b", re.IGNORECASE
)
# a finite verb right after a number's phrase: the number is the subject of a clause of its own
OWN_PREDICATE_RE = re.compile(
    r"(?:\s+[^\W\d_][\w'’-]*){0,2}?\s*(?:were|was|are|is|have|has|had|will|would|could|can"
    r"|may|might|must|shall|should|continues?|continued|remains?|remained|lives?|lived|stays?"
    r"|stayed)\b",
    re.IGNORECASE,
)


def sentence_measure(text: str, node: Node) -> str | None:
    """The measure a number with a subject and no measure of its own takes from its sentence.

    The nearest measure word before it governs it ("killed 19 people in one town and another
    23 people in the next"); with none before, the nearest after it in its own clause ("6,400
    persons were reported as missing"). The word must fit the subject once read in context; a
    word that does not fit decides: the number takes no measure. This is a candidate, not a
    verdict: a total the paragraph offers outweighs it in the joint choice.
    """
    sent, m = node.sentence, node.mention
    hits = sentence_measures(text, sent.start, sent.end)
    before = [h for h in hits if h[2] <= m.lead]
    if before:
        if OWN_PREDICATE_RE.match(text, max(node.phrase_end, m.end), sent.end):
            return None  # "31 were killed and 2,400 were stranded": a clause of its own
        clause_end = CLAUSE_END_RE.search(text, m.end, sent.end)
        own_end = clause_end.start() if clause_end else sent.end
        if any(m.end <= a < own_end for _, a, _ in hits):
            return None  # "18 were burned and 64 occupied": its own verb, which did not fit
        word, at, _ = before[-1]
        if ";" in text[at : m.lead]:
            return None  # "240 were killed; 19 children lost their parents": another clause
    else:
        after = [h for h in hits if h[1] >= m.end]
        if not after:
            return None
        word, at, _ = after[0]
        if at < node.phrase_end or not PREDICATE_LINK_RE.search(text, node.phrase_end, at):
            return None  # "1,400 families of missing persons": a word of its noun phrase
        if at - m.end > AFTER_REACH or CLAUSE_PUNCTUATION_RE.search(text, m.end, at):
            return None  # "62 families asked about their missing relatives": another clause
    measure = normalised_measure(word.rstrip("*"), node.subject)
    if measure == "block" or not fits(measure, node.subject):
        return None
    read = measure_in_context(text, m, sent.end, measure, at)
    if read is None or not fits(read, node.subject):
        return None  # "12 people returned from captivity": released, no harm
    return read

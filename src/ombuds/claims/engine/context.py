"""The period, cause and place of a figure, from the words around it in its sentence."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from .numbers import Mention
from .periods import Period, resolve_anaphor
from .sentences import Sentence

PLACE_RE = re.compile(
    r"\b(?:in|In|across|Across|within|Within|throughout|Throughout|at|from)\s+"
    r"(?P<place>the\s+liberated\s+territories"
    r"|the\s+occupied\s+territories|(?:the\s+)?(?:[A-Z][\w'’-]+(?:\s+(?:and|of|de|del|al)\s+|\s+)?"
    r"){1,4}(?:regions?|provinces?|districts?|governorates?|states?|county|counties|city|town"
    r"|villages?|oblasts?|departments?|territory|prefecture|area|municipality|settlements?)?"
    # a place named by its number: "in district 12", "in Zone 3", "in camp 4"
    r"|(?i:district|zone|sector|block|ward|camp|site|area)\s+\d{1,4}\b)",
)


NOT_PLACES = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "The",
        "This",
        "That",
        "These",
        "As",
        "In",
        "On",
        "At",
        "From",
        "UN",
    ]
)


# What divides a sentence into the segments a list of figures is written in ("In April the toll
# fell to 714, in May to 476 and in June to 376").
# the verb of a clause whose period the clause before it shares: "6 were killed and 29 injured
# from January to April" (a bare item of a list, "to 544 in May", has none)
SHARED_VERB_RE = re.compile(r"\b(?:were|was|are|is|have|has|had|[a-z]+ed)\b")
COMPARISON_RE = re.compile(
    r"\b(?=[cudaCUDA])(?:compared\s+(?:with|to)|up\s+from|down\s+from|as\s+against"
    r"|an?\s+(?:increase|decrease|rise|drop|fall)\s+(?:from|on|over))\b",
    re.IGNORECASE,
)
SEGMENT_BREAK_RE = re.compile(r"(?<!\d),|,(?!\d)|;|\s(?:and|while|whereas|but)\s")


def claim_period(
    m: Mention,
    periods: list[Period],
    carried: Period | None,
    *,
    text: str = "",
    others: list[Mention] | None = None,
) -> Period | None:
    """The period of a figure: the nearest stated in its sentence, or the carried one.

    Given the sentence's other figures, a period that opens a segment of the sentence (between
    commas, "and", "while") holding another figure and not this one is that figure's: "fell to
    714, in May to 476" gives May to 476 only. A period after the figures of its segment may be
    shared: "6 were killed and 29 injured from January to April"."""
    # a period inside a comparison is of the figures after the comparison's word only
    periods = [p for p in periods if p.compared_at is None or p.compared_at <= m.lead]
    periods = [p for p in periods if not p.background] or periods
    periods = [r for p in periods if (r := resolve_anaphor(p, carried)) is not None]
    if not periods:
        return carried
    if text:
        # "84 killed in 2011, compared with 36 deaths and 238 injuries the previous year": past
        # the comparison's word, only the periods stated after it
        floor = min(periods[0].start, m.lead)
        word = max(
            COMPARISON_RE.finditer(text, floor, m.lead), key=lambda w: w.start(), default=None
        )
        if word is not None:
            periods = [p for p in periods if p.start >= word.end()] or periods
    if text and others:
        periods = _not_anothers(text, m, periods, others) or periods
    if text:
        # "182, in 2020; 145, in 2021": a semicolon parts a figure from the period across it
        near_side = [
            p for p in periods if ";" not in text[min(p.end, m.end) : max(p.start, m.lead)]
        ]
        periods = near_side or periods
    i = bisect.bisect_left(periods, m.lead, key=lambda p: p.start)
    near = periods[max(0, i - 2) : i + 2]
    chosen = min(near, key=lambda p: _distance(p, m))
    if chosen.from_before:
        # "The war began in 2014. Since then, ...": from the start of the date stated before,
        # in its own sentence first ("the coup of February 1, 2021, and since then, ...")
        before = [p for p in periods if p.end <= chosen.start and p.first is not None]
        base = before[-1] if before else carried
        return replace(chosen, first=base.first if base else None)
    return within(chosen, carried)


def within(period: Period, carried: Period | None) -> Period:
    """ "As of 4 October" inside a stated period from 27 September: a point of that period,
    counted from its start."""
    if (
        period.first is None
        and period.last is not None
        and carried is not None
        and carried.first is not None
        and carried.last is not None  # a stated period with both ends, not "since February"
        and carried.first <= period.last <= carried.last
    ):
        return replace(period, first=carried.first)
    return period


def _not_anothers(
    text: str, m: Mention, periods: list[Period], others: list[Mention]
) -> list[Period]:
    """The periods whose segment holds this figure, else those that open no other's segment."""
    figures = [
        o for o in others if o is not m and not any(p.start <= o.start < p.end for p in periods)
    ]
    if not figures:
        return periods
    floor = min(m.start, periods[0].start, figures[0].start)
    ceiling = max(m.end, periods[-1].end, figures[-1].end)
    breaks = [b.start() for b in SEGMENT_BREAK_RE.finditer(text, floor, ceiling)]
    after = bisect.bisect_left(breaks, m.end)
    own_end = breaks[after] if after < len(breaks) else ceiling  # where this figure's segment ends
    own: list[Period] = []
    free: list[Period] = []
    for p in periods:
        lo = bisect.bisect_left(breaks, p.start)
        start = breaks[lo - 1] if lo else floor
        hi = bisect.bisect_left(breaks, p.end)
        end = breaks[hi] if hi < len(breaks) else ceiling
        if start <= m.start < end:
            own.append(p)
        elif not any(start <= o.start < end for o in figures) or (
            # a period after the figures of the clause right after this one may be shared: "15
            # wounded and 17 bodies were evacuated on 20 October"; one opening another figure's
            # segment, or further down a list, is that figure's: "to 817, to 544 in May"
            start == own_end
            and any(
                start <= o.start < p.start and SHARED_VERB_RE.search(text, o.end, p.start)
                for o in figures
            )
        ):
            free.append(p)
    return own or free


def _distance(p: Period, m: Mention) -> int:
    if p.end <= m.lead:
        return m.lead - p.end
    if p.start >= m.end:
        return p.start - m.end
    return 0


# Characters after a figure beyond which a cause word is not the figure's ("... nearly 4,000
# went missing ..., and hand over the maps of the mines ..."). A cause before the figure
# ("As a result of mine explosions since 1991, ...") carries over however long the sentence.
MAX_CAUSE_DISTANCE = 200


def claim_cause(causes: list[tuple[str, int, int]], m: Mention, measure: str) -> str | None:
    best: tuple[int, str] | None = None
    i = bisect.bisect_left(causes, m.start, key=lambda c: c[1])
    for value, start, _ in causes[max(0, i - 3) : i + 3]:
        if value == "captivity" and measure in ("detained", "missing"):
            continue  # captivity is a cause of death or torture, not of detention
        distance = abs(start - m.start)
        if start > m.start and distance > MAX_CAUSE_DISTANCE:
            continue  # a weapon word far after the figure belongs to a later clause
        if best is None or distance < best[0]:
            best = (distance, value)
    return best[1] if best else None


def claim_place(text: str, m: Mention, sent: Sentence) -> str | None:
    best: tuple[int, str] | None = None
    lo, hi = max(sent.start, m.start - 300), min(sent.end, m.end + 300)
    for p in PLACE_RE.finditer(text, lo, hi):
        place = p.group("place").strip()
        first = place.split()[0] if place.split() else ""
        if first in NOT_PLACES and not place.startswith("the "):
            continue
        if (
            place.startswith("the ")
            and place.split()[1][:1].islower()
            and "territories" not in place
        ):
            continue
        distance = abs(p.start() - m.start)
        if best is None or distance < best[0]:
            best = (distance, re.sub(r"\s+", " ", place))
    return best[1] if best else None

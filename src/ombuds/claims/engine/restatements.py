"""Figures a document states more than once: one claim each (contract: "Headlines and
restatements").

A headline's figure that the body states again is the body's claim; a figure the body states
again (the same measure, subject, value and unit, and no other period, place or cause) is its
first statement, and the parts of either statement attach to it.
"""

from __future__ import annotations

from .draft import Draft
from .layout import is_heading as _is_heading
from .sentences import Sentence


def restatements(text: str, drafts: list[Draft], sentences: list[Sentence]) -> dict[int, Draft]:
    """Claims that state again a figure of the same document, each with the claim it restates.

    A headline's figure restated in the body is the body's claim; a figure the body states
    again (the same measure, subject, value and unit, and no other period, place or cause) is
    its first statement. Small numbers recur by chance and are left alone.
    """
    first_paragraphs = sorted({s.paragraph for s in sentences})[:2]
    headline = {
        p for p in first_paragraphs if _is_heading(text, [s for s in sentences if s.paragraph == p])
    }
    aliases: dict[int, Draft] = {}
    _repeated_sentences(text, drafts)
    seen: dict[tuple[str, str, str, float, float | None], list[Draft]] = {}
    for d in drafts:
        m = d.mention
        key = (d.measure, d.subject, m.unit, m.value, m.value_max)
        if d.restates is not None:
            aliases[id(d)] = d.restates  # a base that the sentence pass knew for a restatement
            continue
        if m.value < 10 or d.parent is not None:
            seen.setdefault(key, []).append(d)
            continue
        earlier = next(
            (
                e
                for e in seen.get(key, ())
                if e.sentence.paragraph not in headline and _same_figure(e, d)
            ),
            None,
        )
        if earlier is not None:
            aliases[id(d)] = earlier
        seen.setdefault(key, []).append(d)
    for d in drafts:
        if d.sentence.paragraph in headline and id(d) not in aliases:
            m = d.mention
            key = (d.measure, d.subject, m.unit, m.value, m.value_max)
            body = next(
                (e for e in seen.get(key, ()) if e.sentence.paragraph not in headline), None
            )
            if body is not None:
                aliases[id(d)] = body
    return aliases


def _same_figure(a: Draft, b: Draft) -> bool:
    if a.sentence.paragraph == b.sentence.paragraph and a.sentence == b.sentence:
        return False  # "5 and 5" in one sentence are two figures
    periods = (a.period, b.period)
    same_period = None in periods or (
        a.period is not None
        and b.period is not None
        and (a.period.first, a.period.last) == (b.period.first, b.period.last)
    )
    return (
        same_period
        and (a.place is None or b.place is None or a.place == b.place)
        and (a.cause is None or b.cause is None or a.cause == b.cause)
    )


def _repeated_sentences(text: str, drafts: list[Draft]) -> None:
    """A sentence a page repeats word for word (a block of highlights shown twice) states its
    figures again, whatever their size: each restates the figure at the same place in the
    first copy."""
    first: dict[str, dict[int, Draft]] = {}
    by_sentence: dict[int, list[Draft]] = {}
    for d in drafts:
        by_sentence.setdefault(d.sentence.start, []).append(d)
    for group in by_sentence.values():
        sent = group[0].sentence
        words = " ".join(text[sent.start : sent.end].split())
        if len(words) < 40:
            continue  # short lines ("Killed: 5") recur by chance
        offsets = {d.mention.start - sent.start: d for d in group}
        earlier = first.setdefault(words, offsets)
        if earlier is offsets:
            continue
        for offset, d in offsets.items():
            e = earlier.get(offset)
            if (
                e is not None
                and d.restates is None
                and (e.measure, e.subject) == (d.measure, d.subject)
            ):
                d.restates = e

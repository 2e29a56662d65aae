"""Figures read from tables and label rows, set among the sentence claims in document order.

A row's total is the row's "Total" cell (a parent must come first, so a total after its parts
gives none), or a total stated in the lead-in over the table ("346 people have become victims
of mines: 65 were killed and 281 injured. By year:").
"""

from __future__ import annotations

import re

from .draft import Draft
from .sentences import Sentence
from .tables import TableFigure
from .vocabulary import PARTS_OF


def with_table_figures(text: str, drafts: list[Draft], figures: list[TableFigure]) -> list[Draft]:
    """The sentence claims and the table claims together in document order, renumbered."""
    table = {
        f.mention.start: Draft(
            0,
            f.mention,
            f.measure,
            f.subject,
            Sentence(f.row[0], f.row[1], -1),
            f.mention.end,
            None,
            f.period,
            f.cause,
            None,
            f.rule,
        )
        for f in figures
    }
    # parents as drafts, so that they survive the renumbering
    parent_of = {id(d): drafts[d.parent - 1] for d in drafts if d.parent is not None}
    for f in figures:
        row = table[f.mention.start]
        if f.total is not None and f.total.start in table:
            parent_of[id(row)] = table[f.total.start]
        elif (lead := _lead_in_total(text, drafts, row)) is not None:
            parent_of[id(row)] = lead
    ordered = sorted([*drafts, *table.values()], key=lambda d: d.mention.start)
    for n, d in enumerate(ordered, start=1):
        d.id = n
    for d in ordered:
        parent = parent_of.get(id(d))
        # a total stated after its part (a "Total" column) makes no breakdown
        d.parent = parent.id if parent is not None and parent.id < d.id else None
    return ordered


def _lead_in_total(text: str, drafts: list[Draft], row: Draft) -> Draft | None:
    """The total a table's rows break down, stated in the lead-in over the table: "346 people
    have become victims of mines: 65 were killed and 281 injured. By year:"."""
    start = row.mention.start
    for d in reversed(drafts):
        if d.mention.start >= start:
            continue
        if start - d.mention.start > 800:
            return None
        between = text[d.sentence.end : row.sentence.start]
        if not re.search(r":[ \t]*\n", between) or re.search(
            r"\n[ \t]*\n[^\n]*[.!?][ \t]*\n", between
        ):
            continue  # no lead-in with a colon, or a paragraph of prose between
        if d.measure == row.measure and (
            d.subject == row.subject or row.subject in PARTS_OF.get(d.subject, frozenset())
        ):
            return d
    return None

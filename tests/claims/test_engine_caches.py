"""What the engine remembers to read faster (issue 11) never changes an answer.

A lexicon remembers the hits of the ranges it has read in the current text, and the date atoms
of the last sentence are kept for the next question about the same sentence; both only within
one call of `extract`. These tests read real texts through the real lexicons.
"""

from __future__ import annotations

import datetime as dt

from ombuds.claims.engine import extract
from ombuds.claims.engine.lexicon import new_document
from ombuds.claims.engine.periods import date_atoms, find_periods
from ombuds.claims.engine.vocabulary import CAUSES, MEASURES

SHELLING = "Shelling killed 12 civilians and injured 30 in the city on 4 March 2024."
FLOODS = "Floods displaced 4,000 families and destroyed 900 houses in the delta in 2023."


def test_the_same_range_of_another_text_is_read_afresh() -> None:
    new_document()
    end = min(len(SHELLING), len(FLOODS))
    shelling = MEASURES.find_all(SHELLING, 0, end)
    floods = MEASURES.find_all(FLOODS, 0, end)
    assert [h[0] for h in shelling] != [h[0] for h in floods]
    assert MEASURES.find_all(SHELLING, 0, end) == shelling


def test_changing_the_hits_returned_does_not_change_the_next_answer() -> None:
    new_document()
    hits = CAUSES.find_all(SHELLING, 0, len(SHELLING))
    assert hits  # shelling
    expected = list(hits)
    hits.clear()
    assert CAUSES.find_all(SHELLING, 0, len(SHELLING)) == expected


def test_a_sentences_dates_are_those_of_its_own_range() -> None:
    new_document()
    find_periods(SHELLING, 0, len(SHELLING), dt.date(2024, 3, 10))
    whole = date_atoms(SHELLING, 0, len(SHELLING))
    assert [SHELLING[s:e] for s, e in whole] == ["4 March 2024"]
    assert date_atoms(SHELLING, 0, 40) == []  # another range of the same text
    assert date_atoms(FLOODS, 0, len(SHELLING)) != whole


def test_extract_gives_the_same_claims_whatever_was_read_before() -> None:
    published = dt.date(2024, 3, 10)
    alone = [c.to_json("a") for c in extract(SHELLING, published=published)]
    extract(FLOODS, published=published)
    again = [c.to_json("a") for c in extract(SHELLING, published=published)]
    twice = [c.to_json("a") for c in extract(SHELLING, published=published)]
    assert alone == again == twice
    assert {c["measure"] for c in alone} >= {"killed", "injured"}

"""Reading one selected passage with its context (engine/span.py)."""

from __future__ import annotations

import datetime as dt

from ombuds.claims.engine.span import read_span

TEXT = (
    "Report on the first half of 2025.\n\n"
    "Between 1 January and 30 June 2025, 23 civilians were killed in Veldoria. "
    "At least 1,248 apartment buildings were damaged. Some 40% of schools closed."
)


def select(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def test_a_selected_number_is_read_with_the_period_of_its_sentence_and_the_exact_span():
    start, end = select("At least 1,248 apartment buildings were damaged")

    (claim,) = read_span(TEXT, start, end, published=dt.date(2025, 7, 1))

    assert (claim.measure, claim.subject, claim.value) == ("damaged", "apartment_buildings", 1248)
    assert claim.qualifier == "at_least"
    assert claim.period_end == dt.date(2025, 6, 30)  # from the sentence before: context counts
    assert claim.span == (start, end)
    assert claim.quote == TEXT[start:end]


def test_only_the_numbers_inside_the_selection_are_read():
    start, end = select("23 civilians were killed in Veldoria")

    claims = read_span(TEXT, start, end)

    assert [(c.measure, c.subject, c.value) for c in claims] == [("killed", "civilians", 23)]
    assert claims[0].place == "Veldoria"


def test_a_number_the_engine_reads_no_claim_for_comes_back_as_a_draft():
    start, end = select("40%")

    (draft,) = read_span(TEXT, start, end)

    assert draft.rule == "draft"
    assert (draft.value, draft.unit, draft.measure) == (40, "percent", "")
    assert draft.confidence == 0.0
    assert draft.quote == "40%"


def test_a_selection_outside_the_text_or_without_numbers_reads_nothing():
    assert read_span(TEXT, 10, 5) == []
    assert read_span(TEXT, 0, len(TEXT) + 1) == []
    assert read_span(TEXT, *select("Report on the first")) == []

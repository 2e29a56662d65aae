"""Properties that hold for any text: no exception, exact spans, ids in order."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from ombuds.claims.engine import extract

WORDS = st.sampled_from(
    [
        "killed",
        "injured",
        "people",
        "civilians",
        "including",
        "of",
        "whom",
        "were",
        "and",
        "between",
        "from",
        "to",
        "since",
        "until",
        "now",
        "1,200",
        "37",
        "twelve",
        "2021",
        "March",
        "5",
        "about",
        "more",
        "than",
        "%",
        "(",
        ")",
        ",",
        ".",
        "\n",
        "\n\n",
        "houses",
        "destroyed",
        "displaced",
        "mines",
        "ﬂed",
        "at",
        "least140,000",
        "USD",
        "million",
        "ha",
        "of them",
        "as of",
        "last week",
        "—",
        "-",
        "’",
    ]
)
DOCS = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=80).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(DOCS, st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))))
def test_never_raises_and_spans_are_exact(text: str, published: dt.date | None) -> None:
    claims = extract(text, published=published)
    for n, claim in enumerate(claims, start=1):
        assert claim.id == n
        assert text[claim.span[0] : claim.span[1]] == claim.quote
        assert any(ch.isdigit() for ch in claim.quote) or any(
            w in claim.quote.lower() for w in ("twelve",)
        )
        assert claim.parent is None or claim.parent < claim.id
        if claim.period_start and claim.period_end:
            assert claim.period_start <= claim.period_end


@settings(max_examples=100, deadline=None)
@given(st.lists(WORDS, max_size=60).map(" ".join))
def test_deterministic(text: str) -> None:
    assert extract(text) == extract(text)

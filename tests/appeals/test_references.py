"""The figure reference syntax: both forms, round trips, and what a bad reference says."""

from __future__ import annotations

import datetime as dt

import pytest

from ombuds.appeals.errors import FigureReferenceError
from ombuds.appeals.references import find_references, parse_spec, write_reference
from ombuds.figures.keys import FigureKey


def test_a_reference_by_parts_names_the_key():
    key = parse_spec(
        'killed/civilians cause=landmine place="the liberated territories" '
        "from=2020-11-10 to=2023-01-25"
    )
    assert key == FigureKey.of(
        measure="killed",
        subject="civilians",
        cause="landmine",
        place="Liberated territories",
        period_start=dt.date(2020, 11, 10),
        period_end=dt.date(2023, 1, 25),
    )


def test_a_reference_by_slug_names_the_same_key():
    key = FigureKey.of(measure="missing", subject="people", unit="count")
    assert parse_spec(key.slug()) == key


@pytest.mark.parametrize(
    "key",
    [
        FigureKey.of(measure="missing", subject="people"),
        FigureKey.of(
            measure="injured",
            subject="civilians",
            cause="landmine",
            place="liberated territories",
            period_start=dt.date(2020, 11, 10),
            period_end=dt.date(2023, 1, 25),
        ),
        FigureKey.of(measure="occupied", subject="territory", unit="percent"),
    ],
)
def test_written_references_read_back_as_their_key(key):
    (reference,) = find_references(f"Text {write_reference(key)} more.")
    assert reference.key == key


@pytest.mark.parametrize(
    ("spec", "hint"),
    [
        ("missing", "measure/subject"),
        ("missing/people since=2020-01-01", "not understood"),
        ("missing/people from=2020-13-01", "YYYY-MM-DD"),
        ("a~b~c", "not a figure key"),
    ],
)
def test_a_bad_reference_says_what_to_write(spec, hint):
    with pytest.raises(FigureReferenceError, match=hint):
        parse_spec(spec)

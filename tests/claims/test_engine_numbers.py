"""Numbers as written: digits, words, scales, glue from PDF conversion, units, ranges."""

from __future__ import annotations

import pytest

from ombuds.claims.engine.numbers import find_mentions, words_to_number


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("twelve", 12),
        ("nine hundred and twenty-one", 921),
        ("Eighty", 80),
        ("one million", 1_000_000),
        ("two thousand five hundred", 2500),
        ("forty-two", 42),
    ],
)
def test_words_to_number(phrase: str, value: int) -> None:
    assert words_to_number(phrase) == value


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("some 14,250 people", 14250, "count"),
        ("around 1.2 million people", 1_200_000, "count"),
        ("2,5 million people", 2_500_000, "count"),
        ("Thirty-five per cent of them", 35, "percent"),
        ("nearly 12% of the land", 12, "percent"),
        ("USD 4.5 million of damage", 4_500_000, "USD"),
        ("damage worth 300 million AZN", 300_000_000, "AZN"),
        ("€20,000 in losses", 20_000, "EUR"),
        ("412 hectares of land", 412, "ha"),
        ("3.7 km2 of fields", 3.7, "km2"),
        ("5,600 square metres", 5600, "m2"),
        ("a total of 12 500 homes", 12500, "count"),
    ],
)
def test_values_and_units(text: str, value: float, unit: str) -> None:
    [mention] = find_mentions(text)
    assert (mention.value, mention.unit) == (value, unit)


def test_glued_qualifier_keeps_the_number() -> None:
    [mention] = find_mentions("the flood left at least18,000 people homeless")
    assert (mention.value, mention.qualifier) == (18_000, "at_least")


def test_number_inside_a_code_is_not_glued() -> None:
    assert find_mentions("the MH17 case") == []


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("more than 600 houses", "at_least"),
        ("no fewer than 600 houses", "at_least"),
        ("about 600 houses", "approx"),
        ("an estimated 600 houses", "approx"),
        ("up to 600 houses", "at_most"),
        ("fewer than 600 houses", "at_most"),
        ("600 houses", "exact"),
    ],
)
def test_qualifiers(text: str, qualifier: str) -> None:
    [mention] = find_mentions(text)
    assert mention.qualifier == qualifier


def test_qualifier_applies_to_the_next_number_only() -> None:
    first, second = find_mentions("over 240 shops, 31 warehouses")
    assert (first.qualifier, second.qualifier) == ("at_least", "exact")


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("between 4,100 and 5,300 people", 4100, 5300),
        ("8,000 to 9,500 people", 8000, 9500),
        ("60-75 families", 60, 75),
        ("between 1.1 and 1.4 million people", 1_100_000, 1_400_000),
    ],
)
def test_ranges(text: str, low: float, high: float) -> None:
    [mention] = find_mentions(text)
    assert (mention.value, mention.value_max) == (low, high)


def test_year_pairs_are_not_ranges() -> None:
    mentions = find_mentions("over 1994-2019")
    assert all(m.value_max is None for m in mentions)

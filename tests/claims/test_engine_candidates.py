"""Candidates for numbers the sentence pass reads only in part, settled by the joint choice.

A number that names its group but no harm may take the measure word of its sentence; a bare
number set in a phrase built like the one of a figure before it counts what that figure counts.
The sentences are written for these tests.
"""

from __future__ import annotations

import datetime as dt

from ombuds.claims.engine import extract
from ombuds.claims.engine.model import Claim


def rows(claims: list[Claim]) -> list[tuple[str, str, float, int | None]]:
    return [(c.measure, c.subject, c.value, c.parent) for c in claims]


def test_a_group_after_a_list_takes_the_verb_that_governs_the_list() -> None:
    text = (
        "Artillery fire killed 14 people, including five children, in the market, "
        "and another 9 people near the bridge."
    )
    assert rows(extract(text)) == [
        ("killed", "people", 14, None),
        ("killed", "children", 5, 1),
        ("killed", "people", 9, None),
    ]


def test_a_group_takes_a_predicate_after_it() -> None:
    text = "Over 1,300 persons from the valley were listed by the commission as missing."
    assert rows(extract(text)) == [("missing", "people", 1300, None)]


def test_a_group_with_a_verb_of_its_own_takes_no_other_verb() -> None:
    text = "In the attack 12 farmers were killed and 300 residents remained without water."
    assert rows(extract(text)) == [("killed", "people", 12, None)]


def test_a_measure_word_inside_the_groups_own_phrase_is_not_taken() -> None:
    assert extract("The charity feeds some 900 families of displaced workers.") == []


def test_a_verb_before_a_semicolon_does_not_reach_past_it() -> None:
    text = "Two soldiers were wounded; 40 residents stayed indoors."
    assert rows(extract(text)) == [("injured", "servicemen", 2, None)]


def test_returned_from_captivity_is_still_no_harm_for_a_group_without_measure() -> None:
    text = "On Friday, 15 soldiers came home and the ministry said 6 civilians returned from captivity."
    assert extract(text) == []


def test_bare_numbers_in_parallel_phrases_count_what_the_first_counts() -> None:
    text = (
        "Flooding of the camps displaced 700 people in Alpha, with 300 in the upper "
        "district and with 150 in the lower one."
    )
    claims = extract(text, published=dt.date(2025, 6, 1))
    assert rows(claims) == [
        ("displaced", "people", 700, None),
        ("displaced", "people", 300, None),
        ("displaced", "people", 150, None),
    ]
    assert {c.cause for c in claims} == {"disaster"}


def test_a_bare_number_after_another_harm_named_between_is_left_alone() -> None:
    text = "The raid killed 8 villagers in the east and burned crops, with 20 in the west."
    assert rows(extract(text)) == [("killed", "people", 8, None)]


def test_a_group_whose_own_verb_names_no_harm_takes_no_other_verb() -> None:
    text = "During the month 12 clinics were damaged and 40 clinics nearby now are shelters."
    assert rows(extract(text)) == [("damaged", "hospitals", 12, None)]


def test_a_group_with_its_own_measure_word_that_does_not_fit_takes_no_other() -> None:
    text = "In the spring 7 schools were burned and 15 occupied by fighters."
    assert rows(extract(text)) == [("destroyed", "schools", 7, None)]


def test_a_group_marked_as_a_part_still_goes_under_its_total() -> None:
    text = "Shelling killed 30 civilians in the district, including 11 children in Alpha."
    assert rows(extract(text)) == [
        ("killed", "civilians", 30, None),
        ("killed", "children", 11, 1),
    ]


def test_a_bare_figure_at_another_date_in_parentheses_is_its_own_claim() -> None:
    text = (
        "Casualties since the start amounted to 18,817 civilians (a week earlier some 18,657), "
        "including 7,155 killed (7,110)."
    )
    assert rows(extract(text)) == [
        ("casualties", "civilians", 18817, None),
        ("casualties", "civilians", 18657, None),
        ("killed", "civilians", 7155, 1),
        ("killed", "civilians", 7110, None),
    ]


def test_a_figure_at_another_date_after_the_verb_is_no_part_of_the_first() -> None:
    text = "By the end of May, 5,120 civilians had been killed (4,990 at the end of April)."
    assert rows(extract(text)) == [
        ("killed", "civilians", 5120, None),
        ("killed", "civilians", 4990, None),
    ]


def test_parts_in_parentheses_with_nouns_or_far_values_stay_parts() -> None:
    assert rows(extract("Shelling killed 23 people (18 civilians and 5 soldiers).")) == [
        ("killed", "people", 23, None),
        ("killed", "civilians", 18, 1),
        ("killed", "servicemen", 5, 1),
    ]
    assert rows(extract("Shelling killed 40 civilians (12 in the north) during the week.")) == [
        ("killed", "civilians", 40, None),
        ("killed", "civilians", 12, 1),
    ]

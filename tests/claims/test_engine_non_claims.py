"""Numbers that are not claims: dates, years, ages, laws, durations, phones, forecasts, vague."""

from __future__ import annotations

import pytest

from ombuds.claims.engine import extract


@pytest.mark.parametrize(
    "text",
    [
        "The law of 12 May 2015 was amended in 2019.",
        "The statement of November 4, 2022 was ignored.",
        "The 1949 Geneva Conventions apply.",
        "A man aged 58 was detained by the police.",
        "A 34-year-old woman was injured.",
        "Under Article 9 and paragraph 17 of Resolution 2216, the parties must act.",
        "Security Council resolution No. 822 demanded withdrawal.",
        "After the 12-day offensive, the area was occupied.",
        "The territories were occupied for nearly 25 years.",
        "Call the hotline +994 12 498 23 41 if relatives went missing.",
        "Officials said the number of displaced could rise to 80,000.",
        "The camp is ready for up to 15,000 displaced people.",
        "Dozens of civilians were killed and hundreds of thousands displaced.",
        "One in every five residents was displaced.",
        "Nearly nine in ten casualties were caused by explosive weapons.",
        "Three out of four displaced people live in host families.",
        "The centre held its 3rd meeting on missing persons.",
    ],
)
def test_not_a_claim(text: str) -> None:
    assert extract(text) == []


def test_year_then_count() -> None:
    claims = extract("In 2016, 340 families were displaced by the floods.")
    assert [(c.measure, c.subject, c.value) for c in claims] == [("displaced", "households", 340)]


def test_returns_are_not_displacement() -> None:
    # contract v2: returns are claims of their own measure, never displacement
    claims = extract("About 2,300 people returned home last month.")
    assert [(c.measure, c.subject, c.value) for c in claims] == [("returned", "people", 2300)]


def test_a_number_that_names_a_district_or_a_zone_is_no_count() -> None:
    assert [c.value for c in extract("In district 1, 12 people were killed.")] == [12]
    assert [c.value for c in extract("In Zone 3, 40 houses were destroyed.")] == [40]
    assert [c.value for c in extract("In the third quarter 45 people were killed.")] == [45]

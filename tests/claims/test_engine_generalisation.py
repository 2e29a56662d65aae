"""Constructions of news dispatches, UN updates and ombudsman statements, on texts written here."""

from __future__ import annotations

import datetime as dt

from ombuds.claims.engine import Claim, extract


def keys(claims: list[Claim]) -> list[tuple[str, str, float]]:
    return [(c.measure, c.subject, c.value) for c in claims]


def test_dateline_date_is_not_the_period_and_number_words_open_the_sentence() -> None:
    text = "TBILISI, May 6 (Reuters) - Two soldiers were killed and three others wounded on Monday."
    claims = extract(text, published=dt.date(2026, 5, 6))
    assert keys(claims) == [("killed", "servicemen", 2), ("injured", "servicemen", 3)]
    assert claims[0].period_start == claims[0].period_end == dt.date(2026, 5, 4)


def test_other_dateline_styles_are_not_periods() -> None:
    for text in (
        "KYIV, July 9. /TASS/. 14 civilians were injured.",
        "Baku, July 9, Trend: 14 civilians were injured.",
        "YEREVAN, JULY 9, ARMENPRESS. 14 civilians were injured.",
    ):
        (claim,) = extract(text, published=dt.date(2026, 7, 9))
        assert claim.period_start is None, text


def test_publication_date_is_not_the_period() -> None:
    text = "Last year, 54 people were injured, according to figures released by the army in March."
    (claim,) = extract(text, published=dt.date(2026, 5, 1))
    assert (claim.period_start, claim.period_end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_a_verb_before_a_coordinated_list_applies_to_each_item() -> None:
    text = "The raids killed 12 soldiers and 40 civilians, and injured 77 people."
    claims = extract(text)
    assert keys(claims) == [
        ("killed", "servicemen", 12),
        ("killed", "civilians", 40),
        ("injured", "people", 77),
    ]


def test_among_those_killed_were_links_the_parts_to_the_killed_total() -> None:
    text = (
        "In May, 800 civilian casualties were recorded: 200 killed and 600 injured. "
        "Among those killed were 90 men, 70 women, 20 girls and 20 boys."
    )
    claims = extract(text)
    killed = next(c for c in claims if c.value == 200)
    parts = [c for c in claims if c.subject in ("men", "women", "girls", "boys")]
    assert [c.value for c in parts] == [90, 70, 20, 20]
    assert all(c.parent == killed.id and c.measure == "killed" for c in parts)


def test_n_of_the_missing_were_is_a_part_of_the_missing_total() -> None:
    text = "In all, 2,950 people went missing. Some 83 of the missing were minors."
    claims = extract(text)
    assert keys(claims) == [("missing", "people", 2950), ("missing", "children", 83)]
    assert claims[1].parent == 1
    assert claims[1].qualifier == "approx"


def test_of_them_opening_the_next_paragraph_links_to_the_total_before() -> None:
    text = (
        "Since 2021, 410 residents have become victims of landmines.\n\n"
        "Of them, 90 were killed and 320 were injured."
    )
    claims = extract(text, published=dt.date(2026, 1, 1))
    assert keys(claims) == [
        ("casualties", "people", 410),
        ("killed", "people", 90),
        ("injured", "people", 320),
    ]
    assert [c.parent for c in claims] == [None, 1, 1]
    assert claims[1].cause == "landmine"


def test_an_unrelated_paragraph_does_not_take_the_total_before() -> None:
    text = "In 2023, 410 people were displaced.\n\nThe office has 12 staff. Of them, 3 were hurt."
    claims = extract(text)
    assert [c.parent for c in claims if c.value == 3] == [None]


def test_since_the_end_of_the_war_on_a_date_runs_to_the_published_date() -> None:
    text = "Since the end of the war on 10 November 2020, 77 people have been killed by mines."
    (claim,) = extract(text, published=dt.date(2026, 1, 15))
    assert (claim.period_start, claim.period_end) == (dt.date(2020, 11, 10), dt.date(2026, 1, 15))


def test_the_death_toll_rose_to_takes_the_measure_of_the_toll() -> None:
    text = "The death toll from a strike on a shelter for displaced families rose to 43."
    assert keys(extract(text)) == [("killed", "people", 43)]


def test_completely_destroyed_after_a_damage_clause() -> None:
    text = "The shelling damaged 5 schools, while 2 houses were completely destroyed."
    assert keys(extract(text)) == [("damaged", "schools", 5), ("destroyed", "houses", 2)]


def test_captivity_with_an_adjective() -> None:
    text = "The commissioner said 812 servicemen remain in Russian captivity."
    assert keys(extract(text)) == [("detained", "servicemen", 812)]


def test_aid_figures_are_not_displacement() -> None:
    text = "Partners delivered food to 5,600 people and emergency shelter kits to 410 households."
    assert extract(text) == []


def test_a_figure_followed_by_a_place_count_is_not_a_ratio() -> None:
    text = "Casualties among deminers totalled 54 in 17 countries."
    assert keys(extract(text)) == [("casualties", "deminers", 54)]
    assert extract("One in 5 people was displaced.") == []

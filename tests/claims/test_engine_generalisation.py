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


def test_a_table_row_reads_its_label_and_the_heading_not_the_row_before() -> None:
    text = (
        "Civilian casualties recorded in May 2026\n"
        "Killed: 120 (including 9 children)\n"
        "Injured: 480 (including 40 children)\n"
    )
    claims = extract(text)
    assert keys(claims) == [
        ("killed", "civilians", 120),
        ("killed", "children", 9),
        ("injured", "civilians", 480),
        ("injured", "children", 40),
    ]
    assert [c.parent for c in claims] == [None, 1, None, 3]


def test_a_row_label_with_a_date_gives_the_measure() -> None:
    (claim,) = extract("KEY FIGURES\nIDPs since 1 June: 83,000\n")
    assert (claim.measure, claim.subject, claim.value) == ("displaced", "people", 83000)


def test_bringing_the_total_to() -> None:
    text = (
        "Some 2,000 people fled on Friday, bringing the total number of people displaced "
        "from the city to 61,500."
    )
    assert keys(extract(text)) == [("displaced", "people", 2000), ("displaced", "people", 61500)]


def test_the_fate_of_hostages_remains_unknown_is_missing() -> None:
    text = "The fate of 90 hostages, including 6 women, remains unknown."
    claims = extract(text)
    assert keys(claims) == [("missing", "people", 90), ("missing", "women", 6)]
    assert claims[1].parent == 1


def test_destroyed_or_damaged_counted_together_is_damaged() -> None:
    # contract v2: "destroyed or damaged" counted together is damaged
    text = "The fighting destroyed or damaged around 700 houses."
    assert keys(extract(text)) == [("damaged", "houses", 700)]


def test_mine_incidents_are_events_and_mine_casualties_people() -> None:
    text = "There were 12 mine incidents, and 20 mine casualties were recorded."
    assert keys(extract(text)) == [("incidents", "events", 12), ("casualties", "people", 20)]


def test_a_share_takes_the_people_its_predicate_names() -> None:
    (claim,) = extract("About 55 per cent of the newly displaced are children.")
    assert (claim.measure, claim.subject, claim.unit) == ("displaced", "children", "percent")
    assert extract("Around 40 percent of IDP families still lack housing.") == []


def test_a_second_share_continues_the_first() -> None:
    text = (
        "In June, 64 per cent of civilian casualties occurred in the east, and 36 per cent in "
        "the south."
    )
    assert keys(extract(text)) == [("casualties", "civilians", 64), ("casualties", "civilians", 36)]


def test_of_the_n_restated_links_parts_to_that_figure() -> None:
    text = (
        "The Monitor recorded 150 casualties in 2025, up from 120 in 2024. "
        "Of the 150 casualties, 40 were killed and 110 were injured."
    )
    claims = extract(text)
    assert [c.parent for c in claims if c.value in (40, 110)] == [1, 1]


def test_since_the_start_of_the_year_and_the_day_of_a_statement() -> None:
    text = "The ICRC said on Monday that 310 people had gone missing since the start of the year."
    (claim,) = extract(text, published=dt.date(2026, 6, 18))
    assert (claim.period_start, claim.period_end) == (dt.date(2026, 1, 1), dt.date(2026, 6, 18))


def test_a_second_age_is_not_a_figure() -> None:
    text = "Shelling wounded nine people, including two children aged 7 and 12."
    assert keys(extract(text)) == [("injured", "people", 9), ("injured", "children", 2)]


def test_surveyed_land_is_not_cleared_land() -> None:
    text = "Teams surveyed 4.2 square kilometres and cleared 1,870,000 square metres of land."
    claims = extract(text)
    assert [(c.measure, c.unit, c.value) for c in claims] == [("cleared", "m2", 1870000)]


def test_cluster_munition_remnants_and_represented_shares() -> None:
    text = (
        "Teams destroyed 3,116 explosive remnants of war, including 211 cluster munition "
        "remnants. Explosive ordnance killed 17 civilians; children represented 62 percent of "
        "the casualties."
    )
    claims = extract(text)
    assert keys(claims) == [
        ("found", "unexploded_ordnance", 3116),
        ("found", "unexploded_ordnance", 211),
        ("killed", "civilians", 17),
        ("casualties", "children", 62),
    ]
    assert claims[1].parent == 1
    assert claims[2].cause == "landmine"


def test_executions_of_prisoners_of_war_and_maimed() -> None:
    text = "The report documents the execution of 21 prisoners of war. 9 people were maimed."
    assert keys(extract(text)) == [("killed", "servicemen", 21), ("injured", "people", 9)]


def test_cases_of_disappearance_of_civilians_and_their_parts() -> None:
    text = (
        "The Mission recorded 40 cases of enforced disappearance of civilians, 11 of which were "
        "later confirmed as deaths in custody."
    )
    claims = extract(text)
    assert keys(claims) == [("missing", "civilians", 40), ("killed", "civilians", 11)]
    assert claims[1].parent == 1


def test_a_toll_that_climbed_past_a_figure() -> None:
    text = "The death toll in the region had climbed past 2,300, officials said."
    assert keys(extract(text)) == [("killed", "people", 2300)]


def test_of_the_total_number_of_victims() -> None:
    text = (
        "In all, 300 people became mine victims. Of the total number of victims, 200 were "
        "civilians and 100 were military personnel."
    )
    claims = extract(text)
    assert keys(claims) == [
        ("casualties", "people", 300),
        ("casualties", "civilians", 200),
        ("casualties", "servicemen", 100),
    ]
    assert [c.parent for c in claims] == [None, 1, 1]


def test_rows_under_a_heading_take_its_cause_and_a_total_row_its_measure() -> None:
    text = (
        "Mine victims since 10 November 2020:\n"
        "- killed: 70, of whom 3 children\n"
        "- injured: 280\n"
        "- total: 350\n"
    )
    claims = extract(text, published=dt.date(2026, 6, 1))
    assert keys(claims) == [
        ("killed", "people", 70),
        ("killed", "children", 3),
        ("injured", "people", 280),
        ("casualties", "people", 350),
    ]
    assert {c.cause for c in claims} == {"landmine"}
    assert claims[3].period_start == dt.date(2020, 11, 10)


def test_a_total_row_without_a_heading_is_not_a_claim() -> None:
    assert extract("Budget lines\n\nTotal: 350\n") == []


def test_a_figure_after_a_comma_does_not_take_a_noun_before_the_comma() -> None:
    text = "The strike killed 13 people, including a 6-year-old girl, and injured at least 58."
    assert keys(extract(text)) == [("killed", "people", 13), ("injured", "people", 58)]


def test_taken_the_lives_of() -> None:
    text = "The war has taken the lives of 650 children."
    assert keys(extract(text)) == [("killed", "children", 650)]


def test_families_of_missing_persons_are_not_missing() -> None:
    assert extract("The ICRC supports some 1,400 families of missing persons.") == []


def test_a_comparison_figure_has_the_measure_of_the_first() -> None:
    text = "In 2025, 170,000 antipersonnel mines were destroyed, an increase from 155,000 in 2024."
    assert keys(extract(text)) == [
        ("found", "anti_personnel_mines", 170000),
        ("found", "anti_personnel_mines", 155000),
    ]


def test_shares_of_the_casualties_counted_before() -> None:
    text = (
        "In June, 200 civilians were killed and 900 injured.\n\n"
        "Of the civilians killed, 20 were children. Drones caused 40 per cent of the casualties, "
        "and shelling 30 per cent."
    )
    claims = extract(text)
    assert keys(claims) == [
        ("killed", "civilians", 200),
        ("injured", "civilians", 900),
        ("killed", "children", 20),
        ("casualties", "civilians", 40),
        ("casualties", "civilians", 30),
    ]
    assert claims[2].parent == 1


def test_n_of_the_victims_in_the_next_paragraph_is_a_part_of_the_killed() -> None:
    text = (
        "Fighters killed more than 200 civilians.\n\nSome 15 of the victims were killed at prayer."
    )
    claims = extract(text)
    assert keys(claims) == [("killed", "civilians", 200), ("killed", "civilians", 15)]
    assert claims[1].parent == 1


def test_a_weapon_word_far_after_the_figure_is_not_its_cause():
    text = (
        "The commission asks the other side to account for some 2,300 people who went missing "
        "during the hostilities of the past decade, to open its archives on the detention "
        "facilities that it ran in the northern districts and in the capital, to let families "
        "visit the cemeteries of their villages, and to hand over reliable maps of the "
        "minefields laid along the old front line."
    )

    (claim,) = extract(text, published=dt.date(2026, 3, 1))

    assert (claim.measure, claim.subject, claim.value) == ("missing", "people", 2300)
    assert claim.cause is None


def test_a_cause_before_the_figure_carries_over_a_long_sentence():
    text = (
        "As a result of explosions of anti-personnel mines and other explosive remnants of war "
        "left in the fields and orchards of the border villages over the last three years, "
        "including near schools, roads and irrigation canals, 41 residents were injured."
    )

    (claim,) = extract(text, published=dt.date(2026, 3, 1))

    assert (claim.measure, claim.value, claim.cause) == ("injured", 41, "landmine")


def test_a_fraction_word_is_no_count_and_with_deaths_counts_the_sentences_subject() -> None:
    text = (
        "Child casualties comprised nearly one-third of the overall civilian casualties, with "
        "327 deaths and 880 injured."
    )
    assert keys(extract(text)) == [("killed", "children", 327), ("injured", "children", 880)]


def test_n_of_them_with_no_total_before_counts_the_group_named_before() -> None:
    text = (
        "Afghan civilians continue to bear the brunt of the conflict as 1,366 of them were "
        "killed and 2,446 injured in the first half of 2019."
    )
    assert keys(extract(text)) == [("killed", "civilians", 1366), ("injured", "civilians", 2446)]


def test_bare_figures_opening_a_sentence_go_on_counting_the_paragraphs_group() -> None:
    text = (
        "The west saw 90 civilian casualties (30 killed, 60 injured). The east followed with "
        "25 killed and 11 injured, and the south had 3 killed and 8 injured."
    )
    claims = extract(text)
    assert [c.subject for c in claims] == ["civilians"] * 7
    assert keys(claims)[3:] == [
        ("killed", "civilians", 25),
        ("injured", "civilians", 11),
        ("killed", "civilians", 3),
        ("injured", "civilians", 8),
    ]


def test_a_figure_named_by_a_noun_phrase_or_in_a_new_paragraph_stays_people() -> None:
    text = (
        "Four soldiers were killed. He put the number of wounded at 30.\n\n12 killed and 5 injured."
    )
    claims = extract(text)
    assert keys(claims) == [
        ("killed", "servicemen", 4),
        ("injured", "people", 30),
        ("killed", "people", 12),
        ("injured", "people", 5),
    ]

"""The layers over the sentence pass: breakdowns chosen per paragraph, layout, label rows.

Each test names a construction of real reports that the number-by-number reading missed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from ombuds.claims.engine import extract, extraction
from ombuds.claims.engine.english import ENGLISH
from ombuds.claims.engine.model import Claim


def rows(claims: list[Claim]) -> list[tuple[str, str, float, int | None]]:
    return [(c.measure, c.subject, c.value, c.parent) for c in claims]


def test_this_includes_in_the_next_sentence_breaks_the_total_down() -> None:
    text = "At least 94 civilians were killed. This includes 12 children and 8 women."
    assert rows(extract(text)) == [
        ("killed", "civilians", 94, None),
        ("killed", "children", 12, 1),
        ("killed", "women", 8, 1),
    ]


def test_a_trailing_among_them_makes_the_numbers_before_it_parts() -> None:
    text = "A total of 230 people were injured. Twelve children and 30 women were among them."
    assert rows(extract(text)) == [
        ("injured", "people", 230, None),
        ("injured", "children", 12, 1),
        ("injured", "women", 30, 1),
    ]


def test_of_the_total_opening_its_sentence_gives_parts_by_place() -> None:
    text = "Of the 64 deaths recorded in May, 50 occurred in the north and 14 in the south."
    claims = extract(text, published=dt.date(2025, 6, 1))
    assert rows(claims) == [
        ("killed", "people", 64, None),
        ("killed", "people", 50, 1),
        ("killed", "people", 14, 1),
    ]
    assert {c.period_start for c in claims} == {dt.date(2025, 5, 1)}


def test_parts_between_dashes_and_a_generic_part_after_a_colon() -> None:
    text = (
        "On Tuesday 40 people were killed – 31 civilians and 9 soldiers – in the attack.\n\n"
        "1,320 civilian casualties were recorded: 410 people killed and 910 injured."
    )
    assert rows(extract(text)) == [
        ("killed", "people", 40, None),
        ("killed", "civilians", 31, 1),
        ("killed", "servicemen", 9, 1),
        ("casualties", "civilians", 1320, None),
        ("killed", "civilians", 410, 4),
        ("injured", "civilians", 910, 4),
    ]


def test_five_of_them_is_a_part_of_the_nearest_total() -> None:
    text = "The strike killed at least 200 people, including 10 civilians, five of them children."
    assert rows(extract(text)) == [
        ("killed", "people", 200, None),
        ("killed", "civilians", 10, 1),
        ("killed", "children", 5, 2),
    ]


def test_the_group_word_of_an_opening_names_the_total() -> None:
    text = (
        "In October, 36 civilians were killed and 115 wounded.\n\n"
        "The dead include two children. Of the wounded civilians, 17 are children."
    )
    claims = extract(text)
    by_value = {c.value: c for c in claims}
    assert by_value[17].measure == "injured"
    assert by_value[17].parent == by_value[115].id
    assert by_value[2].parent == by_value[36].id


def test_arithmetic_settles_which_total_the_parts_break_down() -> None:
    # the nearest total is the 12 killed, but the parts add up to the 40 injured
    text = "In the attack 40 people were injured and 12 killed – 25 men and 15 women – on Monday."
    claims = extract(text)
    assert rows(claims)[2:] == [("injured", "men", 25, 1), ("injured", "women", 15, 1)]
    assert "adds-up" not in claims[2].evidence  # the paragraph's bonus is not a claim's evidence
    assert "dash" in claims[2].evidence


def test_a_part_carries_the_evidence_and_a_confidence() -> None:
    [total, part] = extract("94 civilians were killed, including 12 children.")
    assert part.parent == total.id
    assert 0 < part.confidence <= 1
    assert part.to_json("a.txt")["evidence"]


def test_a_headline_restated_in_the_body_is_the_bodys_claim() -> None:
    text = (
        "UN: 2,310 civilians killed in 2025\n\n"
        "The UN said 2,310 civilians were killed in 2025, including 500 children."
    )
    claims = extract(text, published=dt.date(2026, 1, 10))
    assert rows(claims) == [("killed", "civilians", 2310, None), ("killed", "children", 500, 1)]
    assert claims[0].span[0] > text.index("\n\n")


def test_a_headline_set_directly_above_its_story_is_a_block_of_its_own() -> None:
    """No blank line under the headline: it is still the headline, and its figure the body's;
    the first line of a wrapped paragraph is not taken for one."""
    story = (
        "KABUL, March 3 (Reuters) - At least 23 civilians were killed and 40 injured in an "
        "airstrike on a market on Friday, officials said."
    )
    for headline in ("23 civilians killed in airstrike on market", "Airstrike Kills 23 Civilians"):
        text = f"{headline}\n{story}"
        claims = extract(text, published=dt.date(2024, 3, 3))
        assert [(c.value, c.qualifier) for c in claims] == [(23, "at_least"), (40, "exact")]
        assert claims[0].span[0] > text.index("\n")
    wrapped = (
        "In the northern districts at least 23 civilians were killed and 40 injured in\n"
        "Kabul and its outskirts during the week, officials said."
    )
    claims = extract(wrapped, published=dt.date(2024, 3, 3))
    assert claims[0].span == (0, len(wrapped))


def test_a_headlines_parts_restated_in_the_body_are_the_bodys() -> None:
    text = (
        "Air strikes kill 42, including 16 children\n"
        "Government air strikes killed at least 42 people, including 16 children, in the "
        "province, the monitor said on Monday."
    )
    claims = extract(text, published=dt.date(2014, 9, 22))
    assert rows(claims) == [("killed", "people", 42, None), ("killed", "children", 16, 1)]
    assert all(c.span[0] > text.index("\n") for c in claims)


def test_the_head_of_the_number_of_says_what_is_counted() -> None:
    text = (
        "The confirmed number of civilians killed in the country since February 2022 has "
        "exceeded 10,200, including 575 children, with the number of wounded surpassing 19,300."
    )
    claims = extract(text, published=dt.date(2024, 1, 11))
    assert rows(claims)[:2] == [
        ("killed", "civilians", 10200, None),
        ("killed", "children", 575, 1),
    ]
    assert ("injured", 19300) in [(c.measure, c.value) for c in claims]


def test_a_toll_as_the_sentences_subject_says_what_the_figure_after_its_verb_counts() -> None:
    text = (
        "Civilian casualties from February 24, 2022, when the war started, to February 5, 2023 "
        "amounted to 18,817 civilians, including 7,155 killed."
    )
    claims = extract(text, published=dt.date(2023, 2, 7))
    assert rows(claims) == [
        ("casualties", "civilians", 18817, None),
        ("killed", "civilians", 7155, 1),
    ]
    text = "Casualties among deminers totalled 54 in 17 states."
    assert rows(extract(text)) == [("casualties", "deminers", 54, None)]


def test_a_marker_after_an_item_of_a_list_breaks_that_item_down() -> None:
    text = (
        "From 24 February to 23 August 2022, the mission recorded 13,560 civilian casualties: "
        "5,614 civilians were killed, including 362 children, and 7,946 were injured, including "
        "610 children."
    )
    claims = extract(text, published=dt.date(2022, 8, 24))
    assert rows(claims) == [
        ("casualties", "civilians", 13560, None),
        ("killed", "civilians", 5614, 1),
        ("killed", "children", 362, 2),
        ("injured", "civilians", 7946, 1),
        ("injured", "children", 610, 4),
    ]


def test_a_large_base_restated_paragraphs_later_is_the_figure_stated_first() -> None:
    text = (
        "We registered 593 homicides of social leaders between 2019 and 2022.\n\n"
        "The risk is extreme in 120 municipalities.\n\n"
        "The office monitored the period closely.\n\n"
        "Of the total of 593 victims, 519 were men and 74 women."
    )
    assert rows(extract(text)) == [
        ("killed", "people", 593, None),
        ("killed", "men", 519, 1),
        ("killed", "women", 74, 1),
    ]


def test_a_figure_restated_later_is_one_claim() -> None:
    text = (
        "The ministry said 1,450 people were missing.\n\n"
        "Relatives of the 1,450 people who went missing met the commission on Friday."
    )
    assert [c.value for c in extract(text)] == [1450]


def test_a_title_period_is_the_scope_of_the_figures_under_it() -> None:
    text = "Protection update for April 2026\n\nIn the north, 12 civilians were killed."
    [claim] = extract(text, published=dt.date(2026, 5, 3))
    assert (claim.period_start, claim.period_end) == (dt.date(2026, 4, 1), dt.date(2026, 4, 30))


def test_a_report_statement_of_its_period_carries_forward() -> None:
    text = (
        "This report covers the period from 1 February to 31 July 2023.\n\n"
        "The mission recorded 310 civilian casualties.\n\n"
        "Since 2014, at least 3,000 civilians have been killed."
    )
    claims = extract(text, published=dt.date(2023, 9, 1))
    assert (claims[0].period_start, claims[0].period_end) == (
        dt.date(2023, 2, 1),
        dt.date(2023, 7, 31),
    )
    assert claims[1].period_start == dt.date(2014, 1, 1)  # its own period wins


def test_label_rows_under_a_heading_take_its_subject_and_period() -> None:
    text = (
        "Crimes against children (as of 30 August 2024)\n"
        "Killed – 574\n"
        "Injured – 1,560\n"
        "Missing – 2,190\n"
    )
    claims = extract(text, published=dt.date(2024, 9, 1))
    assert rows(claims) == [
        ("killed", "children", 574, None),
        ("injured", "children", 1560, None),
        ("missing", "children", 2190, None),
    ]
    assert {c.period_end for c in claims} == {dt.date(2024, 8, 30)}


def test_of_which_rows_are_parts_of_the_row_above() -> None:
    text = (
        "Results for October 2024:\n"
        "Area cleared – 812 ha\n"
        "Explosive items removed and destroyed – 9,641\n"
        "   of which anti-tank mines – 87\n"
        "   of which anti-personnel mines – 304\n"
    )
    claims = extract(text, published=dt.date(2024, 11, 5))
    assert rows(claims)[1:] == [
        ("found", "explosive_items", 9641, None),
        ("found", "anti_tank_mines", 87, 2),
        ("found", "anti_personnel_mines", 304, 2),
    ]
    assert claims[0].unit == "ha"


def test_table_rows_under_a_lead_in_are_parts_of_its_totals() -> None:
    text = (
        "Since 2020, 346 people have become victims of mines: 65 were killed and 281 injured. "
        "By year:\n\n"
        "Year\tKilled\tInjured\n"
        "2021\t29\t112\n"
        "2022\t36\t169\n"
    )
    claims = extract(text, published=dt.date(2023, 1, 10))
    killed, injured = claims[1], claims[2]
    assert [c.parent for c in claims[3:]] == [killed.id, injured.id, killed.id, injured.id]


def test_a_list_after_a_colon_takes_the_lead_ins_measure() -> None:
    text = "The report documents the following as destroyed: 54,300 houses, 612 schools."
    assert rows(extract(text)) == [
        ("destroyed", "houses", 54300, None),
        ("destroyed", "schools", 612, None),
    ]


def test_a_bare_number_continuing_a_list_counts_what_the_one_before_counts() -> None:
    text = "The toll was 840 civilian deaths in April, and 586 in May."
    assert rows(extract(text)) == [
        ("killed", "civilians", 840, None),
        ("killed", "civilians", 586, None),
    ]


def test_a_generic_number_takes_the_group_its_sentence_is_about() -> None:
    text = "The number of civilian victims was high, with 4,289 deaths in March 2022."
    assert rows(extract(text)) == [("killed", "civilians", 4289, None)]


def test_a_count_is_no_part_of_a_share() -> None:
    text = "In 2018, 71% of casualties were civilians.\n\nOut of 80 victims, 68 were men."
    claims = extract(text)
    shares = {c.id for c in claims if c.unit == "percent"}
    assert shares
    assert all(c.parent not in shares for c in claims if c.unit == "count")


def test_the_breakdown_layers_read_their_markers_through_the_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "At least 94 civilians were killed. Zumal 12 children."
    assert [c.parent for c in extract(text)] == [None]
    toy = dataclasses.replace(ENGLISH, opening=re.compile(r"[\W_]*(?:zumal)\b", re.IGNORECASE))
    monkeypatch.setitem(extraction.LANGUAGES, "toy", toy)
    assert rows(extract(text, language="toy")) == [
        ("killed", "civilians", 94, None),
        ("killed", "children", 12, 1),
    ]


def test_a_cause_carries_forward_in_its_paragraph_only() -> None:
    text = (
        "Mines killed or injured 80 people in May. Of them, 23 died.\n\n"
        "In a separate incident, 4 people were killed."
    )
    claims = extract(text, published=dt.date(2025, 6, 1))
    assert [c.cause for c in claims] == ["landmine", "landmine", None]


def test_the_first_half_of_a_month() -> None:
    text = "In the first half of March 2025, 482 civilians were injured."
    [claim] = extract(text)
    assert (claim.period_start, claim.period_end) == (dt.date(2025, 3, 1), dt.date(2025, 3, 15))


def test_of_the_n_dead_in_the_next_paragraph_restates_the_body_and_takes_its_period() -> None:
    text = (
        "Shelling kills 31 in market\n\n"
        "KHARTOUM, May 14 - Shells hit a market on Tuesday, killing 31 people.\n\n"
        "Of the 31 dead, 19 were women, the network said in a statement on Wednesday."
    )
    claims = extract(text, published=dt.date(2024, 5, 15))
    assert rows(claims) == [("killed", "people", 31, None), ("killed", "women", 19, 1)]
    assert claims[1].period_start == claims[0].period_start == dt.date(2024, 5, 14)


def test_a_group_in_apposition_is_the_subject_but_two_groups_are_not() -> None:
    text = (
        "Six people were killed and four others, all women, were injured.\n\n"
        "Two soldiers and three others, both civilians, died.\n\n"
        "More than 50,000 people, both civilians and soldiers, are missing."
    )
    assert [(c.subject, c.value) for c in extract(text)] == [
        ("people", 6),
        ("women", 4),
        ("servicemen", 2),
        ("civilians", 3),
        ("people", 50000),
    ]


def test_a_share_of_a_stated_total_is_a_part_of_it() -> None:
    text = (
        "In 2025, 1,074 civilian casualties were recorded.\n\n"
        "Short-range drones caused 38 per cent of all civilian casualties. "
        "Children made up 10% of the casualties."
    )
    claims = extract(text)
    assert [(c.unit, c.parent) for c in claims] == [("count", None), ("percent", 1), ("percent", 1)]
    assert "share-of" in claims[1].evidence


def test_since_an_undated_event_ends_on_the_published_date() -> None:
    text = (
        "Since the start of the full-scale invasion, 19,546 children have been deported.\n\n"
        "In the past week, 2,300 people were evacuated.\n\n"
        "Since the start of the month, attacks have killed 41 civilians."
    )
    assert [
        (c.period_start, c.period_end) for c in extract(text, published=dt.date(2026, 7, 21))
    ] == [
        (None, dt.date(2026, 7, 21)),
        (dt.date(2026, 7, 15), dt.date(2026, 7, 21)),
        (dt.date(2026, 7, 1), dt.date(2026, 7, 21)),
    ]


def test_a_range_of_days_in_one_month_is_a_period_not_a_figure() -> None:
    text = (
        "Between September 19 and 20, the offensive killed at least 200 people.\n\n"
        "From March 3 to 5, 12 civilians were injured."
    )
    claims = extract(text, published=dt.date(2023, 9, 25))
    assert [(c.value, c.period_start, c.period_end) for c in claims] == [
        (200, dt.date(2023, 9, 19), dt.date(2023, 9, 20)),
        (12, dt.date(2023, 3, 3), dt.date(2023, 3, 5)),
    ]


def test_a_total_whose_parts_count_both_outcomes_counts_casualties() -> None:
    text = (
        "Between November 2020 and June 2023, 143 civilians (44 killed, 99 injured) died or "
        "received injuries as a result of mine explosions."
    )
    assert rows(extract(text, published=dt.date(2023, 7, 1))) == [
        ("casualties", "civilians", 143, None),
        ("killed", "civilians", 44, 1),
        ("injured", "civilians", 99, 1),
    ]


def test_a_dateline_on_a_line_of_its_own_is_no_scope_period() -> None:
    text = (
        "BAKU, Azerbaijan, Sept. 21\n\nThe fate of 3,890 Azerbaijanis who are missing is unknown."
    )
    [claim] = extract(text, published=dt.date(2021, 9, 21))
    assert (claim.period_start, claim.period_end) == (None, None)


def test_n_of_them_opening_a_sentence_points_at_the_sentence_befores_own_total() -> None:
    text = (
        "A total of 3,890 citizens went missing, including 3,171 soldiers and 719 civilians. "
        "71 of them were minors."
    )
    claims = extract(text)
    assert [c.parent for c in claims] == [None, 1, 1, 1]


# Constructions of real pages read in December 2026 (each sentence written here, not copied).


def test_a_share_whose_people_follow_other_words_of_its_clause() -> None:
    text = (
        "Last year 61 percent of all victims in the border districts were civilians, of which "
        "38 percent were children. 72% of casualties were civilians in 2019 where the status "
        "was known."
    )
    claims = extract(text, published=dt.date(2021, 3, 1))
    assert rows(claims) == [
        ("casualties", "civilians", 61, None),
        ("casualties", "children", 38, 1),
        ("casualties", "civilians", 72, None),
    ]


def test_a_share_in_parentheses_after_the_group_it_is_a_share_of() -> None:
    text = "Most civilian casualties (83 per cent) were caused by shelling."
    assert rows(extract(text)) == [("casualties", "civilians", 83, None)]
    assert extract("Most displaced people (60%) live in rented flats.") == []


def test_a_reporting_clause_before_of_them_still_opens_a_sentence_of_parts() -> None:
    text = (
        '"So far 2,600 people have gone missing," the delegate said.\n\n'
        "He said that of them 1,900 were registered by the office in the capital."
    )
    assert rows(extract(text)) == [
        ("missing", "people", 2600, None),
        ("missing", "people", 1900, 1),
    ]


def test_a_base_that_restates_an_earlier_figure_passes_it_its_parts() -> None:
    text = (
        "The office established that 64 civilians were killed. 30 civilians were killed by "
        "shelling.\n\nOut of 64 civilian victims, 51 are men and 13 are women."
    )
    assert rows(extract(text)) == [
        ("killed", "civilians", 64, None),
        ("killed", "civilians", 30, None),
        ("killed", "men", 51, 1),
        ("killed", "women", 13, 1),
    ]


def test_bare_numbers_listing_places_share_the_verb_of_the_first() -> None:
    text = "33 civilians were killed at home, 9 at the market, 7 at work, 2 on the road."
    assert [c.value for c in extract(text)] == [33, 9, 7, 2]
    assert {(c.measure, c.subject) for c in extract(text)} == {("killed", "civilians")}


def test_a_lone_status_word_closes_a_list_of_parts() -> None:
    text = (
        "The registry holds 5,210 casualties for 2017 (1,402 killed, 3,790 injured and 18 unknown)."
    )
    assert rows(extract(text)) == [
        ("casualties", "people", 5210, None),
        ("killed", "people", 1402, 1),
        ("injured", "people", 3790, 1),
        ("casualties", "people", 18, 1),
    ]


def test_dozens_datelines_without_a_space_and_announced_results() -> None:
    assert [c.value for c in extract("The fate of two dozen civilians remains unknown.")] == [24]
    text = (
        "October 12,2022 10:15\n\n"
        "The staff examined the shelling of the district on 3-6 October 2022. Below are the "
        "findings:\n\nIn all, 9 civilians were injured."
    )
    (claim,) = extract(text, published=dt.date(2022, 10, 12))
    assert (claim.period_start, claim.period_end) == (dt.date(2022, 10, 3), dt.date(2022, 10, 6))


def test_a_base_with_its_own_measure_restates_and_its_places_share_the_copula() -> None:
    text = (
        "Monitors verified 52 attacks on clinics, in which 4 nurses were killed. Of the 52 "
        "attacks, 31 were in the north and 21 in the south."
    )
    assert rows(extract(text)) == [
        ("incidents", "events", 52, None),
        ("killed", "people", 4, None),
        ("incidents", "events", 31, 1),
        ("incidents", "events", 21, 1),
    ]


def test_numbers_in_parentheses_after_verbs_under_a_named_group_of_the_paragraph_before() -> None:
    text = (
        "Shelling hit the market on Sunday, killing at least 16 people and wounding 41 others.\n\n"
        "About 200 shoppers were there at noon. Among the victims, children were killed (5) "
        "and injured (12), a doctor said."
    )
    assert rows(extract(text)) == [
        ("killed", "people", 16, None),
        ("injured", "people", 41, None),
        ("killed", "children", 5, 1),
        ("injured", "children", 12, 2),
    ]
    # "Among the casualties" after separate totals of the killed and the injured: neither
    text = "At least 14 people were killed and 63 injured. Among the casualties were 18 children."
    assert rows(extract(text))[-1] == ("casualties", "children", 18, None)


def test_a_running_total_counts_what_the_figure_before_counts_over_its_own_period() -> None:
    text = "Another 7 civilians were killed on Tuesday, bringing the death toll to 212."
    claims = extract(text, published=dt.date(2024, 5, 2))
    assert rows(claims) == [("killed", "civilians", 7, None), ("killed", "civilians", 212, None)]
    assert (claims[1].period_start, claims[1].period_end) == (None, None)
    text = (
        "In 2023 the office opened more than 9,000 new cases of missing people, bringing the "
        "number of cases it follows in 2024 to 61,300."
    )
    claims = extract(text, published=dt.date(2024, 6, 1))
    assert [(c.measure, c.subject, c.value) for c in claims] == [
        ("missing", "people", 9000),
        ("missing", "people", 61300),
    ]
    assert claims[1].period_start == dt.date(2024, 1, 1)


def test_ordnance_written_in_the_plural_and_rounds_of_ammunition() -> None:
    text = "Teams found 44 unexploded ordnances and 90 rounds of ammunition."
    assert [(c.subject, c.value) for c in extract(text)] == [
        ("unexploded_ordnance", 44),
        ("unexploded_ordnance", 90),
    ]


def test_a_share_after_the_percentage_of_a_group_and_one_coordinated_with_it() -> None:
    text = "The percentage of civilian casualties fell from 91% in 2020 and about 84% in 2021."
    assert [(c.measure, c.subject, c.value) for c in extract(text)] == [
        ("casualties", "civilians", 91),
        ("casualties", "civilians", 84),
    ]
    assert extract("The percentage of households without water rose to 60%.") == []


def test_a_marked_list_gives_its_later_items_and_a_group_named_as_the_total_is_no_claim() -> None:
    text = (
        "In all, 9 civilians were killed, among them an elderly man, a 30-year-old driver, "
        "three women – 44, 52 and 70-year-old."
    )
    assert rows(extract(text)) == [("killed", "civilians", 9, None), ("killed", "women", 3, 1)]
    text = "Shelling killed 14 people, including a teacher, two nurses and 5 children."
    assert rows(extract(text)) == [("killed", "people", 14, None), ("killed", "children", 5, 1)]
    text = "Teams destroyed 900 explosive remnants of war, including 120 cluster munition remnants."
    assert [c.parent for c in extract(text)] == [None, 1]


def test_a_count_with_its_share_in_parentheses_or_after_or_is_two_figures_of_one_group() -> None:
    text = (
        "From 1990 to 2021 the centre recorded 40,120 mine and ERW casualties – including "
        "30,400 or 76 percent victims of mines and 9,720 or 24 percent victims of ERW.\n\n"
        "Of the victims, 11,050 (28 percent) dead and 6,200 (15 percent) were paralysed.\n\n"
        "Among the victims, 31,900 (80 percent) were males, 4,100 (10 percent) boys."
    )
    got = [(c.measure, c.subject, c.value, c.unit, c.parent) for c in extract(text)]
    assert got == [
        ("casualties", "people", 40120, "count", None),
        ("casualties", "people", 30400, "count", 1),
        ("casualties", "people", 76, "percent", 1),
        ("casualties", "people", 9720, "count", 1),
        ("casualties", "people", 24, "percent", 1),
        ("killed", "people", 11050, "count", 1),
        ("killed", "people", 28, "percent", 1),
        ("injured", "people", 6200, "count", 1),
        ("injured", "people", 15, "percent", 1),
        ("casualties", "men", 31900, "count", 1),
        ("casualties", "men", 80, "percent", 1),
        ("casualties", "boys", 4100, "count", 1),
        ("casualties", "boys", 10, "percent", 1),
    ]


def test_the_number_of_a_group_amounting_to_a_figure_names_whom_it_counts() -> None:
    text = (
        "He said the number of those residents illegally detained at the crossing amounted to "
        "97 in 2019. 11 were women and 6 minors among them."
    )
    assert rows(extract(text)) == [
        ("detained", "people", 97, None),
        ("detained", "women", 11, 1),
        ("detained", "children", 6, 1),
    ]
    text = "The number of missing people registered by their families rose to about 7,300."
    assert [(c.measure, c.subject) for c in extract(text)] == [("missing", "people")]


def test_injured_or_killed_and_a_share_of_what_has_been() -> None:
    text = "Over 12,000 people have been injured or killed since 1975. 35 percent of all casualties have been children."
    assert [(c.measure, c.subject, c.value) for c in extract(text)] == [
        ("casualties", "people", 12000),
        ("casualties", "children", 35),
    ]


def test_a_sentence_a_page_repeats_word_for_word_states_its_figures_once() -> None:
    line = (
        "  • A total of 31 children (17 boys and 14 girls) went missing, and four children "
        "(three boys and one girl) were killed during the fighting."
    )
    text = f"HIGHLIGHTS\n\n{line}\n\nSITUATION\n\n{line}\n"
    assert rows(extract(text)) == [
        ("missing", "children", 31, None),
        ("missing", "boys", 17, 1),
        ("missing", "girls", 14, 1),
        ("killed", "children", 4, None),
        ("killed", "boys", 3, 4),
        ("killed", "girls", 1, 4),
    ]


def test_the_word_of_a_part_after_including_is_not_its_total_s() -> None:
    text = (
        "More than 9 million people are in urgent need of aid, including more than 700,000 "
        "internally displaced by the war."
    )
    assert [(c.measure, c.value) for c in extract(text)] == [("displaced", 700000)]
    text = "Five people including two children were killed in the strike."
    assert rows(extract(text)) == [("killed", "people", 5, None), ("killed", "children", 2, 1)]


def test_a_verb_after_with_and_another_number_is_that_number_s() -> None:
    text = "The death toll from the strikes on the port has risen to 23, with 31 others wounded."
    assert [(c.measure, c.value) for c in extract(text)] == [("killed", 23), ("injured", 31)]


def test_figures_in_parentheses_after_a_quantity_word_and_a_day_of_publication() -> None:
    text = (
        "The report published on Tuesday says at least 3,950 casualties were recorded last "
        "year. Children accounted for almost half (47 per cent, or 1,020) of civilian "
        "casualties."
    )
    claims = extract(text, published=dt.date(2024, 11, 21))
    assert [(c.measure, c.subject, c.value) for c in claims] == [
        ("casualties", "people", 3950),
        ("casualties", "children", 47),
        ("casualties", "children", 1020),
    ]
    assert claims[0].period_start == dt.date(2023, 1, 1)


def test_a_number_in_an_among_phrase_keeps_its_own_noun_and_leaves_the_verb_to_the_head() -> None:
    text = "An officer said three children among the 250 refugees have died on the road."
    assert [(c.measure, c.subject, c.value) for c in extract(text)] == [
        ("killed", "children", 3),
        ("displaced", "people", 250),
    ]


def test_a_share_of_these_casualties_and_a_share_coordinated_past_an_age() -> None:
    text = (
        "In 2023 there were 350 civilian casualties, among them 90 children. Mines accounted "
        "for 41 per cent of these casualties."
    )
    assert rows(extract(text))[-1] == ("casualties", "civilians", 41, 1)
    text = (
        "Children make up about 35 per cent of the new arrivals, and persons aged over 65 "
        "account for some 12 per cent."
    )
    assert [(c.subject, c.value) for c in extract(text)] == [("children", 35), ("elderly", 12)]


def test_counts_of_the_victims_a_gapped_count_and_a_table_of_mine_uxo_victims() -> None:
    text = (
        "The system recorded 9,310 victims of mines, of whom 1,902 lost their lives. Members of "
        "the security forces account for 5,600 of the victims and civilians for 3,710, among "
        "them 990 children."
    )
    assert rows(extract(text)) == [
        ("casualties", "people", 9310, None),
        ("killed", "people", 1902, 1),
        ("casualties", "servicemen", 5600, 1),
        ("casualties", "civilians", 3710, 1),
        ("casualties", "children", 990, 4),
    ]
    text = (
        "Mine/UXO victims by year\nYear | Civilians | Security forces | Total\n2021 | 64 | 18 | 82"
    )
    assert [(c.measure, c.subject, c.value) for c in extract(text)] == [
        ("casualties", "civilians", 64),
        ("casualties", "servicemen", 18),
        ("casualties", "people", 82),
    ]


def test_a_list_of_names_with_figures_in_parentheses_counts_what_the_figure_before_counts() -> None:
    text = (
        "The Monitor identified 880 casualties in the country in 2022. Casualties were recorded "
        "in 11 of its 14 provinces. North Province (301), Lake Province (122) and Hill Province "
        "(97) were the most affected."
    )
    got = [(c.measure, c.subject, c.value) for c in extract(text)]
    assert got == [
        ("casualties", "people", 880),
        ("casualties", "people", 301),
        ("casualties", "people", 122),
        ("casualties", "people", 97),
    ]
    text = "The provinces with the most mine victims in 2021 were Alpha (27), Beta (19) and Gamma (16)."
    assert [(c.measure, c.value) for c in extract(text)] == [
        ("casualties", 27),
        ("casualties", 19),
        ("casualties", 16),
    ]


def test_parts_after_a_dash_belong_to_the_claim_before_the_dash_not_to_the_opening() -> None:
    text = (
        "A total of about 80 people were injured. "
        "Of these, 60 were seriously injured - 48 men and 12 women."
    )
    claims = extract(text)
    assert rows(claims) == [
        ("injured", "people", 80, None),
        ("injured", "people", 60, 1),
        ("injured", "men", 48, 2),
        ("injured", "women", 12, 2),
    ]


def test_a_share_of_a_narrower_base_is_no_part_of_the_total() -> None:
    text = (
        "The Monitor recorded 7,239 casualties in 2017. Civilians were the majority: "
        "87% of casualties were civilians in 2017 where the status was known."
    )
    share = next(c for c in extract(text) if c.unit == "percent")
    assert (share.subject, share.value, share.parent) == ("civilians", 87, None)
    without = "The Monitor recorded 7,239 casualties in 2017. 87% of casualties were civilians."
    assert next(c for c in extract(without) if c.unit == "percent").parent == 1


def test_a_footnote_number_in_brackets_is_no_figure() -> None:
    text = (
        "Of the total of 7,239 mine casualties recorded for 2017, at least 2,793 people were "
        "killed and another 4,431 people were injured; for 15 casualties it was not known if "
        "the person survived or was killed.[2]"
    )
    assert [c.value for c in extract(text)] == [7239, 2793, 4431, 15]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Women make up over 7 percent of the casualties with 98 dead and 98 wounded.", "women"),
        ("More than 5 percent of them were children, with 59 dead and 84 wounded.", "children"),
        (
            "Over 87 percent of the victims were male including 1,363 deaths and 924 injuries.",
            "men",
        ),
    ],
)
def test_the_counts_behind_a_groups_share_are_the_groups(text: str, subject: str) -> None:
    counts = [c for c in extract(text) if c.unit == "count"]
    assert [(c.measure, c.subject) for c in counts] == [
        ("killed", subject),
        ("injured", subject),
    ]


def test_a_marker_after_a_share_does_not_reach_into_the_sentence_before() -> None:
    text = (
        "More than 5 percent of them were children, with 59 dead and 84 wounded. "
        "Over 87 percent of the victims were male including 1,363 deaths and 924 injuries."
    )
    counts = [c for c in extract(text) if c.unit == "count"]
    assert [(c.measure, c.subject, c.value, c.parent) for c in counts] == [
        ("killed", "children", 59, None),
        ("injured", "children", 84, None),
        ("killed", "men", 1363, None),
        ("injured", "men", 924, None),
    ]


def test_bulleted_items_under_a_lead_in_break_down_its_total_and_carry_their_own_parts() -> None:
    text = (
        "Civilian casualties: 955 people including 207 children, and they were killed as "
        "follows:\n"
        "- 395 including 92 children and 71 women were killed in raids by warplanes.\n"
        "- 91 including 22 children were killed in shelling.\n"
    )
    assert rows(extract(text)) == [
        ("killed", "civilians", 955, None),
        ("killed", "children", 207, 1),
        ("killed", "civilians", 395, 1),
        ("killed", "children", 92, 3),
        ("killed", "women", 71, 3),
        ("killed", "civilians", 91, 1),
        ("killed", "children", 22, 6),
    ]


def test_of_this_figure_opens_a_breakdown_and_troopers_are_servicemen() -> None:
    text = (
        "The ICRC is still handling the cases of 15,780 people reported missing. "
        "Of this figure there are 1495 minors and 751 women, the report said."
    )
    assert rows(extract(text)) == [
        ("missing", "people", 15780, None),
        ("missing", "children", 1495, 1),
        ("missing", "women", 751, 1),
    ]
    text = "129 people have been killed, 19 of them were civilians and 21 government troopers."
    assert rows(extract(text))[-1] == ("killed", "servicemen", 21, 1)


def test_a_list_that_turns_from_a_group_to_an_outcome_is_no_list_of_siblings() -> None:
    text = (
        "There have been 13,560 civilian casualties, with 5,614 deaths, including 362 "
        "children, and 7,946 people injured."
    )
    claims = extract(text)
    assert [(c.measure, c.subject, c.value, c.parent) for c in claims][2:] == [
        ("killed", "children", 362, 2),
        ("injured", "civilians", 7946, None),
    ]
    # a bare status closes an outcome list: "(2,472 killed, 6,937 injured, and 28 unknown)"
    text = "The total of 9,437 casualties for 2016 (2,472 killed, 6,937 injured, and 28 unknown)."
    assert [c.parent for c in extract(text)] == [None, 1, 1, 1]


def test_a_list_of_shares_by_party_goes_on_from_the_first_share() -> None:
    text = (
        "Anti-government elements caused 67 per cent of civilian casualties, with 43 per cent "
        "attributed to the Taliban and 5 per cent to Daesh."
    )
    assert [(c.measure, c.subject, c.value, c.unit) for c in extract(text)] == [
        ("casualties", "civilians", 67, "percent"),
        ("casualties", "civilians", 43, "percent"),
        ("casualties", "civilians", 5, "percent"),
    ]


def test_n_of_the_above_mentioned_is_a_part_of_the_total_before() -> None:
    text = (
        "On the whole, 31 civilians suffered severe injuries. "
        "23 of the above-mentioned were injured in the place of their residence."
    )
    assert rows(extract(text)) == [
        ("injured", "civilians", 31, None),
        ("injured", "civilians", 23, 1),
    ]


def test_a_long_bulleted_list_reaches_back_to_its_lead_in() -> None:
    lines = "".join(
        f"- {10 + k} including {k + 1} children were killed in the attack number {k}.\n"
        for k in range(8)
    )
    text = "Civilian casualties: 955 people, and they were killed as follows:\n" + lines
    claims = extract(text)
    items = [c for c in claims if c.subject == "civilians" and c.value < 100]
    assert [c.value for c in items] == [10, 11, 12, 13, 14, 15, 16, 17]
    assert {c.parent for c in items} == {1}


def test_bare_items_after_a_colon_are_parts_of_the_total_before_it() -> None:
    text = "In 2019, 58 civilians were killed: 35 – in Aravan, 23 – in Kosh."
    claims = extract(text)
    assert [(c.measure, c.subject, c.value, c.parent) for c in claims] == [
        ("killed", "civilians", 58, None),
        ("killed", "civilians", 35, 1),
        ("killed", "civilians", 23, 1),
    ]


def test_a_dash_standing_for_the_verb_continues_the_figure_before() -> None:
    text = "Nine people were hurt by the blast at the market, and 14 - as a result of fire on cars."
    claims = extract(text)
    assert [(c.measure, c.subject, c.value) for c in claims] == [
        ("injured", "people", 9),
        ("injured", "people", 14),
    ]


def test_a_dash_after_the_total_still_opens_its_parts() -> None:
    text = "30 people were killed - 22 civilians and 8 soldiers - in the raid."
    claims = extract(text)
    assert [(c.subject, c.value, c.parent) for c in claims] == [
        ("people", 30, None),
        ("civilians", 22, 1),
        ("servicemen", 8, 1),
    ]


def test_of_without_an_article_opens_a_breakdown() -> None:
    text = "Of 1,410 civilian casualties, 610 were killed and 800 injured."
    claims = extract(text)
    assert [(c.measure, c.subject, c.value, c.parent) for c in claims] == [
        ("casualties", "civilians", 1410, None),
        ("killed", "civilians", 610, 1),
        ("injured", "civilians", 800, 1),
    ]


def test_victims_included_points_at_the_casualties_not_at_their_killed_part() -> None:
    text = (
        "In June, 42 civilian casualties were recorded - 19 deaths and 23 injuries. "
        "Victims included 8 men killed and 10 injured, and 4 boys killed."
    )
    claims = extract(text)
    got = [(c.measure, c.subject, c.value, c.parent) for c in claims]
    assert got[3:] == [
        ("killed", "men", 8, 1),
        ("injured", "men", 10, 1),
        ("killed", "boys", 4, 1),
    ]


def test_parentheses_after_a_count_of_violations_give_its_victims() -> None:
    text = "The mission recorded 350 cases of violations (210 civilians killed and 90 injured)."
    claims = extract(text)
    assert [(c.measure, c.subject, c.value, c.parent) for c in claims] == [
        ("incidents", "events", 350, None),
        ("killed", "civilians", 210, 1),
        ("injured", "civilians", 90, 1),
    ]


def test_of_the_total_with_a_qualifier_and_a_clause_before_the_comma() -> None:
    text = (
        "Of the nearly 3,000 deaths recorded in May, 1,150 were civilians, including 240 children."
    )
    claims = extract(text)
    assert [(c.subject, c.value, c.parent) for c in claims] == [
        ("people", 3000, None),
        ("civilians", 1150, 1),
        ("children", 240, 2),
    ]

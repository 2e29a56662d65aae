"""The constructions of casualty, displacement and damage reports, on short texts written here."""

from __future__ import annotations

import datetime as dt

from ombuds.claims.engine import Claim, extract


def keys(claims: list[Claim]) -> list[tuple[str, str, float]]:
    return [(c.measure, c.subject, c.value) for c in claims]


def test_outcome_after_the_number() -> None:
    claims = extract("In the night, 27 civilians were killed in the town.")
    assert keys(claims) == [("killed", "civilians", 27)]


def test_outcome_before_the_number() -> None:
    claims = extract("The explosion killed at least 9 soldiers near the bridge.")
    assert keys(claims) == [("killed", "servicemen", 9)]
    assert claims[0].qualifier == "at_least"


def test_outcome_noun_before_the_number() -> None:
    claims = extract("Among the residents of the valley, the dead comprised 61 men.")
    assert keys(claims) == [("killed", "men", 61)]


def test_number_words() -> None:
    claims = extract("Seventeen children were injured when the school was hit.")
    assert keys(claims) == [("injured", "children", 17)]


def test_including_links_the_part_to_its_total() -> None:
    claims = extract("Some 230 people were wounded, including 41 children.")
    assert keys(claims) == [("injured", "people", 230), ("injured", "children", 41)]
    assert claims[1].parent == claims[0].id == 1


def test_of_whom_with_predicates() -> None:
    text = "A total of 880 persons went missing, of whom 120 were women and 66 were children."
    claims = extract(text)
    assert keys(claims) == [
        ("missing", "people", 880),
        ("missing", "women", 120),
        ("missing", "children", 66),
    ]
    assert [c.parent for c in claims] == [None, 1, 1]


def test_of_them_in_the_next_sentence() -> None:
    text = "During the war 2,204 residents disappeared. 318 of them were minors."
    claims = extract(text)
    assert keys(claims) == [("missing", "people", 2204), ("missing", "children", 318)]
    assert claims[1].parent == 1


def test_parenthesis_breakdown() -> None:
    claims = extract("Mines killed 52 children (31 boys, 19 girls) in the province.")
    assert keys(claims) == [
        ("killed", "children", 52),
        ("killed", "boys", 31),
        ("killed", "girls", 19),
    ]
    assert [c.parent for c in claims] == [None, 1, 1]


def test_colon_breakdown_by_outcome() -> None:
    claims = extract("The office verified 1,020 civilian casualties: 310 killed and 710 injured.")
    assert keys(claims) == [
        ("casualties", "civilians", 1020),
        ("killed", "civilians", 310),
        ("injured", "civilians", 710),
    ]
    assert [c.parent for c in claims] == [None, 1, 1]


def test_coordinated_list_shares_the_verb() -> None:
    text = "7 soldiers and 12 civilians were killed, and 20 soldiers and 5 civilians were injured."
    claims = extract(text)
    assert keys(claims) == [
        ("killed", "servicemen", 7),
        ("killed", "civilians", 12),
        ("injured", "servicemen", 20),
        ("injured", "civilians", 5),
    ]


def test_other_total_is_not_a_part() -> None:
    text = (
        "The shelling killed 14 civilians, including 3 children, 40 people were wounded, "
        "and 75 houses were destroyed."
    )
    claims = extract(text)
    assert keys(claims) == [
        ("killed", "civilians", 14),
        ("killed", "children", 3),
        ("injured", "people", 40),
        ("destroyed", "houses", 75),
    ]
    assert [c.parent for c in claims] == [None, 1, None, None]


def test_others_takes_the_subject_before() -> None:
    claims = extract("At least 6 people were killed and 19 others wounded on Monday.")
    assert keys(claims) == [("killed", "people", 6), ("injured", "people", 19)]


def test_displacement_words() -> None:
    text = (
        "About 3,400 families fled the fighting. Nearly 900 people were evacuated. "
        "Some 1,150 IDPs are sheltering in schools."
    )
    assert keys(extract(text)) == [
        ("displaced", "households", 3400),
        ("displaced", "people", 900),
        ("displaced", "people", 1150),
    ]


def test_range_claim() -> None:
    [claim] = extract("Between 2,000 and 2,600 people were displaced.")
    assert (claim.value, claim.value_max) == (2000, 2600)


def test_percent_area_and_money() -> None:
    text = (
        "Around 15 percent of the territory was occupied. Deminers cleared 640 hectares of "
        "land. The damage to property is estimated at USD 12 million."
    )
    claims = extract(text)
    assert [(c.measure, c.subject, c.value, c.unit) for c in claims] == [
        ("occupied", "territory", 15, "percent"),
        ("cleared", "land", 640, "ha"),
        ("damaged", "property", 12_000_000, "USD"),
    ]


def test_ordnance() -> None:
    text = "Teams found 1,930 mines, including 410 anti-tank mines, and 75 items of UXO."
    claims = extract(text)
    assert keys(claims) == [
        ("found", "mines", 1930),
        ("found", "anti_tank_mines", 410),
        ("found", "unexploded_ordnance", 75),
    ]
    assert claims[1].parent == 1


def test_cause() -> None:
    claims = extract("Since the ceasefire, landmines have killed 8 shepherds and 2 children.")
    assert {c.cause for c in claims} == {"landmine"}


def test_mojibake_flee() -> None:
    claims = extract("around 5,100 people have been forced to  ee their homes")
    assert keys(claims) == [("displaced", "people", 5100)]


def test_glued_words() -> None:
    claims = extract("In the north, about 7,700 peoplewere evacuated after the storm.")
    assert keys(claims) == [("displaced", "people", 7700)]


def test_quote_is_the_sentence_and_matches_the_span() -> None:
    text = "Intro line.\n\nIn May, 44 civilians were injured. Nothing else."
    [claim] = extract(text)
    assert (
        text[claim.span[0] : claim.span[1]] == claim.quote == "In May, 44 civilians were injured."
    )


def test_json_key_order() -> None:
    [claim] = extract("11 civilians were killed.", published=dt.date(2024, 1, 5))
    assert list(claim.to_json("a.txt")) == [
        "doc",
        "id",
        "measure",
        "subject",
        "value",
        "value_max",
        "unit",
        "qualifier",
        "period_start",
        "period_end",
        "cause",
        "place",
        "parent",
        "span",
        "quote",
        "rule",
        "confidence",
        "evidence",
    ]
    assert claim.to_json("a.txt")["value"] == 11
    assert isinstance(claim.to_json("a.txt")["value"], int)


def test_restated_total_is_one_claim_and_takes_the_parts() -> None:
    text = (
        "The mission recorded 2,310 civilian casualties: 705 killed and 1,605 injured. "
        "This included a total of 705 killed (402 men, 211 women and 92 children)."
    )
    claims = extract(text)
    assert [c.value for c in claims] == [2310, 705, 1605, 402, 211, 92]
    assert [c.parent for c in claims] == [None, 1, 1, 2, 2, 2]


def test_subset_measured_otherwise() -> None:
    claims = extract(
        "In the village 85 houses were damaged, 12 of which were completely destroyed."
    )
    assert keys(claims) == [("damaged", "houses", 85), ("destroyed", "houses", 12)]
    assert claims[1].parent == 1


def test_group_of_the_dead() -> None:
    text = "Shelling killed 160 people in May. Of the dead, 101 were men and 37 were women."
    claims = extract(text)
    assert keys(claims) == [
        ("killed", "people", 160),
        ("killed", "men", 101),
        ("killed", "women", 37),
    ]
    assert [c.parent for c in claims] == [None, 1, 1]


def test_cause_of_the_sentence_before_a_consequence() -> None:
    text = "The town was shelled with artillery overnight. As a result, 4 civilians were injured."
    [claim] = extract(text)
    assert claim.cause == "shelling"


def test_accounted_for_gives_the_subject() -> None:
    [claim] = extract("Children accounted for 640 of the recorded casualties.")
    assert (claim.measure, claim.subject, claim.value) == ("casualties", "children", 640)


def test_counts_of_camps_are_not_people() -> None:
    claims = extract("About 9,100 people live in 14 camps near the border.")
    assert keys(claims) == [("displaced", "people", 9100)]


def test_labels_with_colons() -> None:
    claims = extract("Civilians killed: 94\nCivilians injured: 211\n")
    assert keys(claims) == [("killed", "civilians", 94), ("injured", "civilians", 211)]


def test_labelled_parts_in_parentheses() -> None:
    claims = extract("Total casualties: 4,020 (killed 1,110; injured 2,910)")
    assert keys(claims) == [
        ("casualties", "people", 4020),
        ("killed", "people", 1110),
        ("injured", "people", 2910),
    ]
    assert [c.parent for c in claims] == [None, 1, 1]


def test_verbs_before_bare_numbers() -> None:
    claims = extract("A drone hit the bus station, killing 4 and injuring 17.")
    assert keys(claims) == [("killed", "people", 4), ("injured", "people", 17)]


def test_measure_noun_then_subject_before_the_number() -> None:
    [claim] = extract("Casualties among civilians reached 300.")
    assert (claim.measure, claim.subject, claim.value) == ("casualties", "civilians", 300)


def test_territory_captured_is_occupied() -> None:
    [claim] = extract("Nearly 20 percent of the territory was captured.")
    assert (claim.measure, claim.subject, claim.unit) == ("occupied", "territory", "percent")


def test_dateline_then_number_word() -> None:
    text = "LONDON, May 2 (Agency) - Three soldiers were killed and two others wounded."
    claims = extract(text)
    assert keys(claims) == [("killed", "servicemen", 3), ("injured", "servicemen", 2)]


def test_key_figures_block() -> None:
    text = "KEY FIGURES\n46,000 internally displaced persons\n310 fatalities\n1,250 injuries\n"
    assert keys(extract(text)) == [
        ("displaced", "people", 46000),
        ("killed", "people", 310),
        ("injured", "people", 1250),
    ]


def test_one_attack_is_narrative() -> None:
    claims = extract("In one attack on a market, 12 civilians were killed.")
    assert keys(claims) == [("killed", "civilians", 12)]


def test_an_unknown_noun_does_not_break_a_list_of_parts() -> None:
    text = "In all, 600 people died, among them 410 gunmen, 140 soldiers and 50 civilians."
    claims = extract(text)
    assert keys(claims) == [
        ("killed", "people", 600),
        ("killed", "servicemen", 140),
        ("killed", "civilians", 50),
    ]
    assert [c.parent for c in claims] == [None, 1, 1]


def test_a_verb_of_another_clause_is_not_taken() -> None:
    claims = extract("Last year 31 activists were murdered and 2,400 people were stranded.")
    assert keys(claims) == [("killed", "people", 31)]


def test_deported_people_are_deported_not_displaced() -> None:
    # contract v2: deportation is kept apart from displacement
    claims = extract("Some 5,200 civilians were deported, among them 800 children.")
    assert keys(claims) == [("deported", "civilians", 5200), ("deported", "children", 800)]


def test_what_happened_to_detainees() -> None:
    [claim] = extract("Last year 4 detainees died in custody.")
    assert (claim.measure, claim.subject, claim.cause) == ("killed", "people", "captivity")


def test_of_which_points_at_the_nearest_count() -> None:
    text = "In 2021, 16 civilians were injured. The office made 41 proposals, 29 of which were adopted."
    assert keys(extract(text)) == [("injured", "civilians", 16)]


def test_families_of_martyrs_are_not_killed() -> None:
    text = "In 2022, 800 children from families of martyrs received scholarships."
    assert extract(text) == []
    assert keys(extract("The war took 2,900 martyrs.")) == [("killed", "people", 2900)]


def test_hyphenation_from_pdf_line_breaks() -> None:
    claims = extract("As a result, 31 civi-\nlians were killed and about 900 fami-lies fled.")
    assert keys(claims) == [("killed", "civilians", 31), ("displaced", "households", 900)]


def test_mine_as_a_modifier_of_people() -> None:
    text = "In 2020 there were 77 mine/ERW casualties, of which 21 were killed and 56 injured."
    claims = extract(text)
    assert keys(claims) == [
        ("casualties", "people", 77),
        ("killed", "people", 21),
        ("injured", "people", 56),
    ]


def test_parts_in_parentheses_do_not_give_the_total_its_measure() -> None:
    text = "The total number of casualties from 1995 to the end of 2020 was 2,440 (510 killed, 1,930 injured)."
    claims = extract(text)
    assert keys(claims) == [
        ("casualties", "people", 2440),
        ("killed", "people", 510),
        ("injured", "people", 1930),
    ]
    assert (str(claims[0].period_start), str(claims[0].period_end)) == ("1995-01-01", "2020-12-31")


def test_all_but_n() -> None:
    # "all but three" states no count of its own; the 40 victims are casualties
    claims = extract("All but three of the 40 victims were civilians.")
    assert [(c.measure, c.value) for c in claims] == [("casualties", 40)]


def test_killed_or_injured_before_the_number() -> None:
    claims = extract(
        "Since 2016, mines have killed or injured 1,240 people, of whom 300 were children."
    )
    assert keys(claims) == [("casualties", "people", 1240), ("casualties", "children", 300)]


def test_label_value_lines() -> None:
    text = "Cleared area: 1,250.5 ha\nAnti-personnel mines neutralized: 3,310\nAnti-tank mines neutralized: 920\n"
    claims = extract(text)
    assert [(c.measure, c.subject, c.value, c.unit) for c in claims] == [
        ("cleared", "land", 1250.5, "ha"),
        ("found", "anti_personnel_mines", 3310, "count"),
        ("found", "anti_tank_mines", 920, "count"),
    ]


def test_group_measure_carries_through_the_sentence() -> None:
    text = "Of the casualties, 20 were children (6 killed and 14 injured) and 9 were women."
    claims = extract(text)
    assert keys(claims) == [
        ("casualties", "children", 20),
        ("killed", "children", 6),
        ("injured", "children", 14),
        ("casualties", "women", 9),
    ]


def test_a_number_with_its_own_verb_takes_no_other_verb() -> None:
    text = (
        "In the raid 240 villagers were killed; 19 children lost both parents, "
        "64 people were wounded and 300 residents were taken hostage. The fate of 40 of "
        "them is still unknown."
    )
    claims = extract(text)
    assert keys(claims) == [
        ("killed", "people", 240),
        ("injured", "people", 64),
        ("detained", "people", 300),
        ("missing", "people", 40),
    ]
    assert claims[3].parent == claims[2].id


def test_two_numbers_share_one_noun() -> None:
    claims = extract("In May, 4 and 9 civilians were killed in the north and south, respectively.")
    assert keys(claims) == [("killed", "civilians", 4), ("killed", "civilians", 9)]


def test_label_takes_the_most_specific_subject() -> None:
    claims = extract("Civilian deaths: 1,203 (including 180 children)")
    assert keys(claims) == [("killed", "civilians", 1203), ("killed", "children", 180)]


def test_the_group_includes_parts_of_the_last_total() -> None:
    text = (
        "In all, 2,410 residents went missing, of whom 1,900 were soldiers and 510 were "
        "civilians. The missing include 44 minors and 130 women."
    )
    claims = extract(text)
    assert [c.parent for c in claims] == [None, 1, 1, 1, 1]


def test_forced_to_flee_without_a_noun() -> None:
    text = "The war has left more than 25,000 people dead and forced 12 million to flee."
    assert [(c.measure, c.subject, c.value) for c in extract(text)] == [
        ("killed", "people", 25000),
        ("displaced", "people", 12000000),
    ]


def test_a_number_that_concerns_the_missing_counts_something_else() -> None:
    text = "The Ombudsman received 4,312 complaints, of which 1,120 concerned missing persons."
    assert extract(text) == []


def test_a_relative_clause_keeps_its_number_from_the_main_verb() -> None:
    text = "The hospital, which treats around 200 patients a day, was hit, injuring four medical staff."
    assert keys(extract(text)) == [("injured", "people", 4)]


def test_people_who_left_a_place_are_displaced() -> None:
    text = (
        "Over 100,000 ethnic Armenians left Nagorno-Karabakh within a week. "
        "A convoy of 40 vehicles left Stepanakert on Monday."
    )
    assert keys(extract(text)) == [("displaced", "people", 100000)]


def test_mine_report_breakdowns() -> None:
    text = (
        "In 2023, the Monitor recorded 11 mine casualties (four killed, seven injured), compared "
        "with eight in 2022. Two of the 2023 casualties were deminers; the other nine were "
        "civilians.\n\n"
        "Deminers suffered 50 casualties in eight countries in 2024, compared with 62 in 2023. "
        "Of the 50 deminer casualties, seven were killed. Children made up 1,171 casualties. Of "
        "the child casualties, 391 were killed."
    )
    claims = extract(text, published=dt.date(2025, 3, 1))
    assert [(c.measure, c.subject, c.value, c.parent) for c in claims] == [
        ("casualties", "people", 11, None),
        ("killed", "people", 4, 1),
        ("injured", "people", 7, 1),
        ("casualties", "people", 8, None),
        ("casualties", "deminers", 2, 1),
        ("casualties", "civilians", 9, 1),
        ("casualties", "deminers", 50, None),
        ("casualties", "deminers", 62, None),
        ("killed", "deminers", 7, 7),
        ("casualties", "children", 1171, None),
        ("killed", "children", 391, 10),
    ]
    # a part in a later sentence keeps its total's period, not the one of "compared with"
    assert claims[8].period_start == dt.date(2024, 1, 1)


def test_a_dash_opens_a_breakdown_and_a_year_before_a_dash_stays_a_year() -> None:
    text = "56 people were killed or injured by mines in 2023 – 19 killed and 37 injured."
    claims = extract(text)
    assert [(c.measure, c.value, c.parent) for c in claims] == [
        ("casualties", 56, None),
        ("killed", 19, 1),
        ("injured", 37, 1),
    ]
    assert claims[0].period_start == dt.date(2023, 1, 1)


def test_list_items_take_the_verb_of_their_lead_in() -> None:
    text = (
        "During clearance, teams found and destroyed:\n- 5,127 anti-personnel mines;\n"
        "- 41,683 items of ERW."
    )
    assert keys(extract(text)) == [
        ("found", "anti_personnel_mines", 5127),
        ("found", "unexploded_ordnance", 41683),
    ]


def test_shares_in_apposition_and_figures_after_names() -> None:
    text = (
        "Military personnel accounted for 658 casualties in 2022, or 15% of all casualties. "
        "Syria recorded the highest number of mine casualties (834), followed by Ukraine (608) "
        "and Yemen (582)."
    )
    assert [(c.measure, c.subject, c.value, c.unit) for c in extract(text)] == [
        ("casualties", "servicemen", 658, "count"),
        ("casualties", "servicemen", 15, "percent"),
        ("casualties", "people", 834, "count"),
        ("casualties", "people", 608, "count"),
        ("casualties", "people", 582, "count"),
    ]


def test_forced_from_their_homes() -> None:
    text = "The floods forced about 90,000 people from their homes."
    assert keys(extract(text)) == [("displaced", "people", 90000)]


def test_damage_by_degree_and_shares_followed_by_others() -> None:
    text = (
        "Imagery showed 52,564 structures destroyed, 18,913 severely damaged and 35,591 "
        "moderately damaged. Kharkiv region accounted for 42 per cent of the area cleared, "
        "followed by Kherson region (19 per cent) and Mykolaiv region (14 per cent)."
    )
    assert [(c.measure, c.subject, c.value) for c in extract(text)] == [
        ("destroyed", "buildings", 52564),
        ("damaged", "buildings", 18913),
        ("damaged", "buildings", 35591),
        ("cleared", "land", 42),
        ("cleared", "land", 19),
        ("cleared", "land", 14),
    ]


def test_mine_action_vocabulary() -> None:
    text = (
        "In that period, 31,287 anti-per-\nsonnel mines were found and rendered safe. "
        "14 large aircraft bombs were located. In 2023, the ICRC recorded 380 victims of "
        "anti-personnel mines. It documented 222 new cases of people who went missing. "
        "Technical survey confirmed 312 hazardous areas covering 1,406 hectares, entered into "
        "the database for future clearance. Teams gave assistance to 64,500 people affected by "
        "displacement. About 18 per cent of the country remains under temporary occupation."
    )
    assert [(c.measure, c.subject, c.value) for c in extract(text)] == [
        ("found", "anti_personnel_mines", 31287),
        ("found", "unexploded_ordnance", 14),
        ("casualties", "people", 380),
        ("missing", "people", 222),
        ("occupied", "territory", 18),
    ]


def test_news_and_ombudsman_vocabulary() -> None:
    text = (
        "UNMAS said explosive ordnance killed or injured 542 people in 2023. Children accounted "
        "for441 of them. At least 33 Armenians are being held in Azerbaijani custody. Russia "
        "occupies about 18 per cent of the territory of Ukraine. The Office registered 173 "
        "murders of social leaders. Russia launched 56 attack drones, 40 of which were shot down."
    )
    assert [(c.measure, c.subject, c.value) for c in extract(text)] == [
        ("casualties", "people", 542),
        ("casualties", "children", 441),
        ("detained", "people", 33),
        ("occupied", "territory", 18),
        ("killed", "people", 173),
    ]


def test_money_and_land_that_are_not_harms() -> None:
    text = (
        "The council allocated UAH 15 million to restore damaged housing. Owners whose homes "
        "were destroyed are entitled to housing certificates of up to 3 million rubles. About "
        "1,150 square kilometers of land still need to be cleared. Survey released a further "
        "5.4 km2. Authorities expect the number of people in shelters to rise to 15,000."
    )
    assert extract(text) == []


def test_rows_of_a_list_by_year_under_a_lead_in() -> None:
    text = (
        "Mine victims by year:\n• 2020–2021 – 145 persons (36 killed, 109 injured)\n"
        "• 2022 – 82 persons (17 killed, 65 injured)\n"
    )
    claims = extract(text)
    assert [(c.measure, c.value, c.parent) for c in claims] == [
        ("casualties", 145, None),
        ("killed", 36, 1),
        ("injured", 109, 1),
        ("casualties", 82, None),
        ("killed", 17, 4),
        ("injured", 65, 4),
    ]
    assert claims[0].period_start == dt.date(2020, 1, 1)
    assert claims[3].period_end == dt.date(2022, 12, 31)


def test_key_figure_lines_are_sentences_of_their_own() -> None:
    text = "KEY FIGURES\n\n100,632   refugees registered as of 3 October\n~30%      of the refugees are children\n"
    assert [(c.measure, c.subject, c.value) for c in extract(text)] == [
        ("displaced", "people", 100632),
        ("displaced", "children", 30),
    ]


def test_label_rows_take_the_head_of_their_label() -> None:
    text = (
        "Key figures:\n- Deaths due to torture: 15,102, including 199 children\n"
        "- Attacks on medical facilities: 912\n\n"
        "People displaced: 36,000\nPeople in confinement: 18,000\nDeaths reported: 80\n"
    )
    assert [(c.measure, c.subject, c.value) for c in extract(text)] == [
        ("killed", "people", 15102),
        ("killed", "children", 199),
        ("incidents", "events", 912),
        ("displaced", "people", 36000),
        ("confined", "people", 18000),  # contract v2: confinement is a measure
        ("killed", "people", 80),
    ]


def test_shares_written_as_continuations() -> None:
    text = (
        "Women accounted for 27 per cent of all civilian casualties, men for 61 per cent and "
        "children for 10 per cent. Missile strikes caused 41 per cent of civilian casualties. "
        "Short-range drones accounted for a further 29 per cent. Around 85% of Gaza's 2.3 "
        "million people have fled their homes."
    )
    assert [(c.measure, c.subject, c.value) for c in extract(text)] == [
        ("casualties", "women", 27),
        ("casualties", "men", 61),
        ("casualties", "children", 10),
        ("casualties", "civilians", 41),
        ("casualties", "civilians", 29),
        ("displaced", "people", 85),
    ]


def test_damage_to_land_and_its_value() -> None:
    text = (
        "The floods damaged about 2,300 hectares of farmland, and the authorities put the value "
        "of damage to roads and private property at an estimated US$ 31 million. A suicide "
        "attack killed 21 people and injured 50others.2 In 2024, 1,236 IDP families received "
        "apartments."
    )
    # contract v2: land is occupied, cleared or released, not damaged
    assert [(c.measure, c.subject, c.value, c.unit) for c in extract(text)] == [
        ("damaged", "property", 31000000, "USD"),
        ("killed", "people", 21, "count"),
        ("injured", "people", 50, "count"),
    ]


def test_measure_words_broken_across_lines() -> None:
    text = (
        "Deminers neutral-\nized 151 anti-personnel mines. Since 2020, 383 people have become "
        "vic-\ntims of landmines, including 69 killed and 314 injured."
    )
    assert [(c.measure, c.value, c.parent) for c in extract(text)] == [
        ("found", 151, None),
        ("casualties", 383, None),
        ("killed", 69, 2),
        ("injured", 314, 2),
    ]


def test_second_blind_batch_constructions() -> None:
    text = (
        "The number of civilians killed by shelling since September 27 has reached 69, the "
        "office said. Russian forces violated the ceasefire 12 times on January 15. Since 7 "
        "November, 48,572 people have crossed from Ethiopia into Sudan. About 3,300 refugees "
        "and migrants remain detained. At least 23 Armenians remain held in Baku. Since 1990, "
        "the number of victims of mines has reached 12,412, of whom 2,351 were killed. Of those "
        "detained, at least 14 were subjected to ill-treatment. The plan aims to help up to "
        "100,000 refugees. The NRA estimates that 10 of the country's 17 provinces remain "
        "affected."
    )
    assert keys(extract(text, published=dt.date(2024, 1, 1))) == [
        ("killed", "civilians", 69),
        ("incidents", "events", 12),
        ("displaced", "people", 48572),
        ("detained", "people", 3300),
        ("detained", "people", 23),
        ("casualties", "people", 12412),
        ("killed", "people", 2351),
        ("ill_treated", "people", 14),
    ]
    text = "In 2023, Cambodia released 158.6 km2 of land, of which 121.3 km2 was cleared."
    # contract v2: land released in all is a claim, and the land cleared its part by method
    claims = extract(text)
    assert keys(claims) == [("released", "land", 158.6), ("cleared", "land", 121.3)]
    assert [c.parent for c in claims] == [None, 1]


def test_a_table_column_in_hectares_counts_land() -> None:
    text = (
        "Table 1. Results by district, April 2025\n"
        "District | Cleared (ha) | Anti-personnel mines found\nAghdam | 3,210.0 | 164\n"
    )
    assert [(c.measure, c.subject, c.value, c.unit) for c in extract(text)] == [
        ("cleared", "land", 3210, "ha"),
        ("found", "anti_personnel_mines", 164, "count"),
    ]


def test_numbers_set_in_brackets_before_their_noun() -> None:
    text = (
        "The toll amounted to the fall of at least (188) martyrs, including (52) children and "
        "(31) women, and at least (1225) civilians were injured."
    )
    claims = extract(text)
    assert [(c.measure, c.subject, c.value, c.qualifier, c.parent) for c in claims] == [
        ("killed", "people", 188, "at_least", None),
        ("killed", "children", 52, "exact", 1),
        ("killed", "women", 31, "exact", 1),
        ("injured", "civilians", 1225, "at_least", None),
    ]
    assert all(c.quote == text[c.span[0] : c.span[1]] for c in claims)
    # a bare count after a verb keeps its reading: "killed (120) and injured (310)"
    assert [c.measure for c in extract("Children were killed (120) and injured (310).")] == [
        "killed",
        "injured",
    ]
    assert extract("Prices showed a fall of 20 per cent.") == []


def test_the_number_of_things_destroyed_counts_those_things() -> None:
    text = "The number of housing units that the army destroyed reached 219 units in the area."
    assert [(c.measure, c.subject, c.value) for c in extract(text)] == [
        ("destroyed", "houses", 219)
    ]
    assert [(c.measure, c.subject) for c in extract("4 residential towers were leveled.")] == [
        ("destroyed", "apartment_buildings")
    ]


def test_a_list_of_perpetrators_continues_the_figure_and_found_killed_is_killed() -> None:
    text = (
        "Fifteen persons were killed by the Maoists, 11 by the state, five by vigilante groups, "
        "and another seven persons were found killed by the unidentified."
    )
    assert [(c.measure, c.value) for c in extract(text)] == [
        ("killed", 15),
        ("killed", 11),
        ("killed", 5),
        ("killed", 7),
    ]
    text = "177 persons were abducted, and 168 others were found to have been disappeared."
    assert [(c.measure, c.value) for c in extract(text)] == [("detained", 177), ("missing", 168)]


def test_a_group_with_its_figure_set_beside_it() -> None:
    text = "Civilians, at 25,667, represented the vast majority of those killed."
    assert [(c.measure, c.subject, c.value) for c in extract(text)] == [
        ("killed", "civilians", 25667)
    ]


def test_people_who_were_victims_and_a_yearly_list_that_goes_on_with_then() -> None:
    text = (
        "More than 6,000 people were victims of these devices, including 1,945 deaths and "
        "4,325 injuries."
    )
    assert [(c.measure, c.value, c.parent) for c in extract(text)] == [
        ("casualties", 6000, None),
        ("killed", 1945, 1),
        ("injured", 4325, 1),
    ]
    assert [c.measure for c in extract("Some 300 women were victims of sexual violence.")] == [
        "ill_treated"
    ]
    text = "In 2017, 57 victims were identified, then 244 were reported in 2018 and 353 in 2019."
    claims = extract(text)
    assert [
        (c.measure, c.value, c.period_start.year if c.period_start else None) for c in claims
    ] == [
        ("casualties", 57, 2017),
        ("casualties", 244, 2018),
        ("casualties", 353, 2019),
    ]


def test_the_number_of_people_with_a_long_parenthesis_before_its_figure() -> None:
    text = (
        "The number of people deported (forcibly removed from the territory of Ukraine to the "
        "territory of the Russian Federation or the Autonomous Republic of Crimea and the city "
        "of Sevastopol) is 45,995 people in total, of which 37,855 are adults."
    )
    assert [(c.measure, c.subject, c.value) for c in extract(text)] == [
        ("deported", "people", 45995),
        ("deported", "adults", 37855),
    ]


def test_another_figure_recorded_elsewhere_continues_the_one_before() -> None:
    text = (
        "Areas under government control have accounted for 10,545 casualties, with another "
        "11,396 recorded in other parts of the country and 5,208 recorded in occupied territory."
    )
    assert [(c.measure, c.value) for c in extract(text)] == [
        ("casualties", 10545),
        ("casualties", 11396),
        ("casualties", 5208),
    ]

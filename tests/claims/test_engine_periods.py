"""Periods: ranges, open ends resolved against the published date, carry-over, inheritance."""

from __future__ import annotations

import datetime as dt

import pytest

from ombuds.claims.engine import extract

PUBLISHED = dt.date(2024, 6, 14)


def period(text: str, published: dt.date | None = PUBLISHED) -> tuple[str | None, str | None]:
    claim = extract(text, published=published)[0]
    first, last = claim.period_start, claim.period_end
    return (first.isoformat() if first else None, last.isoformat() if last else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "From March 3 through May 20, 2023, 61 civilians were killed.",
            ("2023-03-03", "2023-05-20"),
        ),
        ("Between 4 and 9 February, 2,000 people were displaced.", ("2024-02-04", "2024-02-09")),
        (
            "Between 1 January and 31 March 2022, 80 civilians were injured.",
            ("2022-01-01", "2022-03-31"),
        ),
        (
            "From 1992 until now, 2,150 people were killed or injured by mines.",
            ("1992-01-01", "2024-06-14"),
        ),
        ("Since 2014, 410 people have been detained.", ("2014-01-01", "2024-06-14")),
        ("In 2021, 77 deminers were injured.", ("2021-01-01", "2021-12-31")),
        ("In March 2023, 77 deminers were injured.", ("2023-03-01", "2023-03-31")),
        ("Over 1994-2020, 930 civilians went missing.", ("1994-01-01", "2020-12-31")),
        ("As of 2 May 2024, 5,000 people remained displaced.", (None, "2024-05-02")),
        ("Last year 12 civilians were killed by mines.", ("2023-01-01", "2023-12-31")),
        ("The previous day, 4 civilians were injured.", ("2024-06-13", "2024-06-13")),
        ("Last week 7 houses were destroyed.", ("2024-06-03", "2024-06-09")),
        ("On 5 June 2024, 3 civilians were killed.", ("2024-06-05", "2024-06-05")),
    ],
)
def test_periods(text: str, expected: tuple[str | None, str | None]) -> None:
    assert period(text) == expected


def test_without_published_relative_periods_stay_open() -> None:
    assert period("Since 2014, 410 people have been detained.", None) == ("2014-01-01", None)
    assert extract("Last year 12 civilians were killed.")[0].period_start is None


def test_period_carries_over_within_a_paragraph() -> None:
    text = (
        "The attacks began on 14 October 2023. As a result, 18 civilians were killed.\n\n"
        "Elsewhere 5 houses were destroyed."
    )
    first, second = extract(text, published=PUBLISHED)
    assert first.period_start == dt.date(2023, 10, 14)
    assert second.period_start is None


def test_parts_inherit_period_and_cause() -> None:
    text = "Since 2020, mines have injured 140 people, including 33 children."
    total, part = extract(text, published=PUBLISHED)
    assert part.parent == total.id
    assert (part.period_start, part.period_end, part.cause) == (
        total.period_start,
        total.period_end,
        "landmine",
    )


def test_citation_date_is_not_the_period() -> None:
    text = "About 9,000 people were displaced (OCHA, 3 April 2024)."
    assert extract(text, published=PUBLISHED)[0].period_start is None


def test_from_with_a_clause_before_to() -> None:
    text = (
        "From 3 March 2022, when the offensive began, to 30 June 2023, 806 civilians were injured."
    )
    assert period(text) == ("2022-03-03", "2023-06-30")


def test_events_of_a_date_are_a_period_but_a_law_of_a_date_is_not() -> None:
    assert period("After the attacks of 19-20 September 2023, 25 civilians were injured.") == (
        "2023-09-19",
        "2023-09-20",
    )
    text = "According to the report of 3 April 2019, 40 civilians were injured."
    assert period(text) == (None, None)


def test_weekday_resolves_to_the_latest_such_day() -> None:
    # PUBLISHED is a Friday
    assert period("Shelling killed 3 civilians on Wednesday.") == ("2024-06-12", "2024-06-12")
    assert period("On Friday, 9 houses were destroyed.") == ("2024-06-14", "2024-06-14")


def test_since_an_event_began_in_a_month() -> None:
    text = "More than 700 civilians have been killed since the offensive began in March 2023."
    assert period(text) == ("2023-03-01", "2024-06-14")


def test_parts_of_a_year_and_spans_back_from_the_published_date() -> None:
    assert period("In the first half of 2023, 12 people were injured by mines.") == (
        "2023-01-01",
        "2023-06-30",
    )
    assert period("In the last quarter of 2022, 5 civilians were killed.") == (
        "2022-10-01",
        "2022-12-31",
    )
    assert period("In the first six months of 2025, 3,774 civilians were injured.") == (
        "2025-01-01",
        "2025-06-30",
    )
    assert period("In the last three months of 2024, 40 civilians were killed.") == (
        "2024-10-01",
        "2024-12-31",
    )
    # like "the past week" (the seven days ending on the published date, contract v2), the
    # past 30 years end on the published date, that day included
    assert period("Over the past 30 years, 3,300 people have become mine victims.") == (
        "1994-06-15",
        "2024-06-14",
    )
    # a window of hours ends at the statement: 72 hours reach into the third day before it
    assert period("In the past 72 hours, 14 civilians were killed in shelling.") == (
        "2024-06-11",
        "2024-06-14",
    )
    assert period("During the last 48 hours, 5 children were killed.") == (
        "2024-06-12",
        "2024-06-14",
    )


def periods(text: str) -> list[tuple[float, str | None, str | None]]:
    return [
        (
            c.value,
            c.period_start.isoformat() if c.period_start else None,
            c.period_end.isoformat() if c.period_end else None,
        )
        for c in extract(text, published=PUBLISHED)
    ]


def test_a_period_opening_a_segment_with_another_figure_is_that_figures() -> None:
    text = "In April, the number of civilian deaths fell to 714, in May to 476 and in June to 376."
    assert periods(text) == [
        (714, "2024-04-01", "2024-04-30"),
        (476, "2024-05-01", "2024-05-31"),
        (376, "2024-06-01", "2024-06-30"),
    ]
    # a period after the figures of its segment is shared by the clauses before it
    text = "The authority said 6 people were killed and 29 injured from January to April."
    assert [p[1:] for p in periods(text)] == [("2024-01-01", "2024-04-30")] * 2


def test_a_month_without_a_year_takes_the_year_stated_before_in_its_sentence() -> None:
    text = "There were 4,289 deaths in March 2022, 840 deaths in April, and 586 deaths in May."
    assert periods(text) == [
        (4289, "2022-03-01", "2022-03-31"),
        (840, "2022-04-01", "2022-04-30"),
        (586, "2022-05-01", "2022-05-31"),
    ]
    # a later month of the year before: the next year
    text = "In December 2022, 120 civilians were killed, and 140 civilians were killed in January."
    assert periods(text)[1] == (140, "2023-01-01", "2023-01-31")


def test_since_and_as_of_make_one_period() -> None:
    text = "As of 1 May 2024, since 24 February 2022, 10,500 civilians were killed."
    assert period(text) == ("2022-02-24", "2024-05-01")


def test_since_the_signing_of_a_dated_statement() -> None:
    text = (
        "Since the signing of the trilateral statement of 10 November 2020, 387 citizens have "
        "become victims of landmines."
    )
    assert period(text) == ("2020-11-10", "2024-06-14")


def test_since_a_long_named_event_in_a_month_up_to_present_the_last_decade_and_statements() -> None:
    published = dt.date(2019, 5, 2)
    text = (
        "Since the start of international coalition air operations in March 2016, at least 410 "
        "civilians have been killed."
    )
    (claim,) = extract(text, published=published)
    assert (claim.period_start, claim.period_end) == (dt.date(2016, 3, 1), published)
    (claim,) = extract("Up to present there are 23 dead among civilians.", published=published)
    assert claim.period_end == published
    (claim,) = extract(
        "In the last decade 35 percent of all casualties have been children.", published=published
    )
    assert claim.period_end == published
    assert claim.period_start is not None
    assert claim.period_start.year == 2009
    text = "UNICEF in a statement on Monday, April 29, said that 12 children have been killed."
    (claim,) = extract(text, published=published)
    assert (claim.period_start, claim.period_end) == (None, None)


def test_a_year_inside_a_comparison_is_not_the_period_of_the_figure_before_it() -> None:
    text = (
        "All figures below refer to the period from 1 January to 31 December 2024.\n\n"
        "The Office recorded the murder of 151 social leaders, 19 more than in 2023. Among the "
        "victims were 12 women."
    )
    claims = extract(text, published=dt.date(2025, 1, 30))
    assert [(c.measure, c.value, c.period_start) for c in claims] == [
        ("killed", 151, dt.date(2024, 1, 1)),
        ("casualties", 12, dt.date(2024, 1, 1)),
    ]
    text = "The Monitor recorded 190 casualties in 2025, up from 150 in 2024."
    claims = extract(text, published=dt.date(2026, 1, 1))
    assert [c.period_start for c in claims] == [dt.date(2025, 1, 1), dt.date(2024, 1, 1)]


def test_a_list_of_yearly_figures_after_commas_and_semicolons() -> None:
    text = "In late 2019, 51 homicides occurred; 182, in 2020; 145, in 2021, and 215, in 2022."
    assert periods(text)[1:] == [
        (182, "2020-01-01", "2020-12-31"),
        (145, "2021-01-01", "2021-12-31"),
        (215, "2022-01-01", "2022-12-31"),
    ]


def test_a_bare_weekday_a_part_of_this_year_and_since_then() -> None:
    assert period("Twelve people were killed Wednesday in a strike on a market.") == (
        "2024-06-12",
        "2024-06-12",
    )
    # the day a statement was made is not the day of the figures
    assert period("Twelve people were killed in a strike, police said Wednesday.") == (None, None)
    assert period("In the first half of the year, 45 civilians were killed.") == (
        "2024-01-01",
        "2024-06-30",
    )
    assert period("In the first two months of the year, 45 civilians were killed.") == (
        "2024-01-01",
        "2024-02-29",
    )
    text = "The war began in 2014. Since then, 14,000 people have been killed."
    assert period(text) == ("2014-01-01", "2024-06-14")


def test_the_same_period_last_year_is_the_period_before_a_year_earlier() -> None:
    text = (
        "In the first ten months of 2019, 60 people were injured or amputated, up from only 42 "
        "in the same period last year."
    )
    assert periods(text) == [(60, "2019-01-01", "2019-10-31"), (42, "2018-01-01", "2018-10-31")]
    text = "In the first half of 2024, 120 civilians were killed, compared with 90 over the same period in 2022."
    assert periods(text)[1] == (90, "2022-01-01", "2022-06-30")


def test_a_list_repeating_its_preposition() -> None:
    text = "Deaths decreased to 817, to 544 in May, to 429 in June and to 385 in July."
    assert [p[0] for p in periods(text)] == [817, 544, 429, 385]
    assert periods(text)[2] == (429, "2024-06-01", "2024-06-30")


def test_a_trend_the_sentence_looks_back_on_is_not_the_figures_period() -> None:
    text = (
        "High numbers of casualties continued to be recorded in 2017, following the sharp rise "
        "in 2015, with a total of at least 7,239 people killed or injured by mines."
    )
    assert period(text) == ("2017-01-01", "2017-12-31")


def test_as_of_a_date_inside_a_stated_scope_counts_from_the_scope_start() -> None:
    text = (
        "The investigation was carried out for September 27, 2020 - October 4, 2020.\n\n"
        "As of October 4, a total of 19 civilians were killed. About 80 people were injured."
    )
    claims = extract(text, published=dt.date(2020, 10, 5))
    assert [(c.value, c.period_start, c.period_end) for c in claims] == [
        (19, dt.date(2020, 9, 27), dt.date(2020, 10, 4)),
        (80, dt.date(2020, 9, 27), dt.date(2020, 10, 4)),
    ]
    # with no stated scope, or an open one, "as of" has no start
    assert period("As of 2 May 2024, 5,000 people remained displaced.") == (None, "2024-05-02")
    text = "Since February 2022 the war goes on.\n\nAs of 2 May 2024, 470 children were killed."
    assert period(text) == (None, "2024-05-02")


def test_a_report_released_on_a_named_day_dates_the_report_and_since_an_event_on_a_date() -> None:
    text = (
        "The commission said in a report released on Monday, August 15, that 2626 civilians "
        "were killed and wounded since the Taliban returned to power on August 15, 2021."
    )
    assert period(text, dt.date(2022, 8, 16)) == ("2021-08-15", None)


@pytest.mark.parametrize(
    "text",
    [
        "2017-09-05 A total of 125 civilians were killed in acts of violence across the country.",
        "Posted on 12 March 2024. At least 40 people were killed.",
        "Date: 12 March 2024\nAt least 40 people were killed.",
        "12 March 2024 – At least 40 people were killed in the shelling of the town.",
    ],
)
def test_a_posting_date_opening_a_line_is_no_period(text: str) -> None:
    assert period(text) == (None, None)


def test_a_year_opening_a_sentence_is_its_period() -> None:
    text = "2022 was the deadliest year on record, with 45 civilians killed in the region."
    assert period(text) == ("2022-01-01", "2022-12-31")


def test_a_possessive_day_names_its_event_unless_the_sentence_states_another_period() -> None:
    published = dt.date(2017, 11, 1)  # a Wednesday
    text = "The official says that Wednesday’s airstrike wounded nine others in the market."
    assert period(text, published) == ("2017-11-01", "2017-11-01")
    text = (
        "Saturday's attack occurred in the same market where a truck bomber killed 28 people "
        "and injured 72 last month."
    )
    assert period(text, published) == ("2017-10-01", "2017-10-31")


def test_the_period_under_review_and_the_previous_quarter_resolve_against_the_scope() -> None:
    text = (
        "The Note covers the period from April 1 to June 30, 2022.\n\n"
        "Acts of violence by militias doubled, from 15 in the previous quarter to 34 in the "
        "period under review.\n\n"
        "Violations attributable to the army decreased, from 320 between January and March "
        "2022 to 122 during the period covered by this Note."
    )
    claims = extract(text, published=dt.date(2022, 7, 15))
    assert [(c.value, c.period_start, c.period_end) for c in claims] == [
        (15, dt.date(2022, 1, 1), dt.date(2022, 3, 31)),
        (34, dt.date(2022, 4, 1), dt.date(2022, 6, 30)),
        (320, dt.date(2022, 1, 1), dt.date(2022, 3, 31)),
        (122, dt.date(2022, 4, 1), dt.date(2022, 6, 30)),
    ]
    # a period named by its dates is no reference to the scope
    assert period("Over 120,000 casualties were recorded in the period 1999–2017.") == (
        "1999-01-01",
        "2017-12-31",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In Amhara 391,000 people were displaced during August and September 2021.",
         ("2021-08-01", "2021-09-30")),
        ("The total rose to more than 542,000 IDPs as of September 2021.", (None, "2021-09-30")),
        ("Over 2.1 million people were displaced by end of July 2021.", (None, "2021-07-31")),
        ("Over 2.1 million people were displaced by the end of July 2021.", (None, "2021-07-31")),
        ("At the end of 2023, 45 people were still missing.", (None, "2023-12-31")),
    ],
)  # fmt: skip
def test_months_in_a_row_and_the_end_of_a_month(
    text: str, expected: tuple[str | None, str | None]
) -> None:
    assert period(text) == expected


def test_a_separator_typed_with_a_space_joins_the_thousands() -> None:
    claims = extract("More than 151, 000 people were displaced in Amhara.")
    assert [c.value for c in claims] == [151000]
    assert [c.value for c in extract("The shelling destroyed 5, 6 and 7 houses.")] != [5006]


def test_a_period_opening_the_lead_is_the_scope_of_the_report() -> None:
    text = (
        "From 1 October to 31 October 2017, the Mission documented 38 civilian casualties "
        "across the country.\n\n"
        "Airstrikes caused most of them: 12 deaths and seven injuries."
    )
    claims = extract(text, published=dt.date(2017, 11, 6))
    assert {(c.period_start, c.period_end) for c in claims} == {
        (dt.date(2017, 10, 1), dt.date(2017, 10, 31))
    }
    # a day that opens the lead dates an event, not the report
    text = "On 4 October, an attack killed two men.\n\nIn another attack, 41 men were injured."
    assert extract(text, published=dt.date(2017, 11, 6))[-1].period_start is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least 50 people died in ethnic violence in the region this month.",
         ("2024-06-01", "2024-06-30")),
        ("The toll of the aggression until this date amounted to 188 martyrs.",
         (None, "2024-06-14")),
        ("Since the start of the rebels’ offensive on Goma on Jan. 26, 700 people have been killed.",
         ("2024-01-26", "2024-06-14")),
    ],
)  # fmt: skip
def test_this_month_until_this_date_and_an_offensive_since_its_date(
    text: str, expected: tuple[str | None, str | None]
) -> None:
    assert period(text) == expected


def test_the_day_of_a_statement_and_the_year_a_toll_is_ranked_in_are_no_periods() -> None:
    text = "On December 9, the Prosecutor's Office reported that 29 civilians were killed."
    assert period(text) == (None, None)
    assert period("On December 9, an attack killed 29 civilians.") == ("2023-12-09", "2023-12-09")
    text = (
        "The Observatory documented 3055 deaths in September 2017, the highest monthly toll "
        "in 2017, and the toll among civilians: 955 people."
    )
    claims = extract(text, published=dt.date(2017, 10, 1))
    assert {(c.period_start, c.period_end) for c in claims} == {
        (dt.date(2017, 9, 1), dt.date(2017, 9, 30))
    }


def test_a_date_of_last_year() -> None:
    text = "As of December 31 last year, 15,780 people were reported missing."
    assert period(text, dt.date(2012, 7, 8)) == (None, "2011-12-31")
    assert period("In March this year, 45 people were killed.") == ("2024-03-01", "2024-03-31")


def test_a_report_for_the_period_scopes_the_three_month_reporting_period() -> None:
    text = (
        "She presented a human rights report for Ukraine for the period between May 16 and "
        "August 15, 2019.\n\n"
        "During the three-month reporting period, eight civilians were killed."
    )
    assert period(text, dt.date(2019, 9, 17)) == ("2019-05-16", "2019-08-15")


def test_a_dateline_after_a_posting_date_and_past_months_without_the() -> None:
    text = (
        "Posted 2024-07-03 Vientiane, July 3: Seven people were killed in accidents during "
        "past six months."
    )
    assert period(text, dt.date(2024, 7, 3)) == ("2024-01-04", "2024-07-03")


def test_a_day_later_in_the_published_month_is_of_the_year_before() -> None:
    text = "In the first five days of the war, from February 24 to February 28, 362 people died."
    assert period(text, dt.date(2023, 2, 7)) == ("2022-02-24", "2022-02-28")


def test_a_day_before_a_reporting_verb_and_the_same_period_last_year_across_sentences() -> None:
    text = (
        "Cambodia on Saturday reported 129 landmine casualties in the first eight months of 2014."
    )
    assert period(text, dt.date(2014, 9, 13)) == ("2014-01-01", "2014-08-31")
    text = (
        "In the first four months of 2015, 20 people were killed. "
        "During the same period last year, 10 people died."
    )
    claims = extract(text, published=dt.date(2015, 5, 10))
    assert (claims[1].period_start, claims[1].period_end) == (
        dt.date(2014, 1, 1),
        dt.date(2014, 4, 30),
    )


def test_the_period_after_from_is_the_earlier_figures() -> None:
    text = "The number of deaths in January decreased to 177 from 190 in December."
    claims = extract(text, published=dt.date(2023, 2, 7))
    assert [(c.value, c.period_start) for c in claims] == [
        (177, dt.date(2023, 1, 1)),
        (190, dt.date(2022, 12, 1)),
    ]


def test_the_first_days_of_a_month() -> None:
    text = "UN: 292 civilian casualties recorded in first 10 days of September."
    assert period(text, dt.date(2023, 9, 11)) == ("2023-09-01", "2023-09-10")


def test_the_previous_year_after_a_comparison_is_the_year_before_the_one_stated() -> None:
    text = (
        "Mines killed 57 people and injured 140 in 2019, compared with 41 deaths and "
        "96 injuries the previous year."
    )
    claims = extract(text, published=dt.date(2021, 3, 1))
    got = [(c.measure, c.value, c.period_start, c.period_end) for c in claims]
    year = (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    before = (dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    assert got == [
        ("killed", 57, *year),
        ("injured", 140, *year),
        ("killed", 41, *before),
        ("injured", 96, *before),
    ]


def test_a_figure_after_up_from_takes_the_year_named_after_it() -> None:
    text = "In 2024, 312 houses were destroyed, up from 250 a year earlier."
    claims = extract(text, published=dt.date(2025, 2, 1))
    assert [(c.value, c.period_start) for c in claims] == [
        (312, dt.date(2024, 1, 1)),
        (250, dt.date(2023, 1, 1)),
    ]


def test_months_named_with_this_year_end_at_the_last_month_not_the_published_date() -> None:
    published = dt.date(2021, 11, 20)
    text = (
        "In March and April this year, 9 people were killed. During the January-September "
        "period this year, 31 people were injured, up from 22 over the same period last year."
    )
    claims = extract(text, published=published)
    assert [(c.value, c.period_start, c.period_end) for c in claims] == [
        (9, dt.date(2021, 3, 1), dt.date(2021, 4, 30)),
        (31, dt.date(2021, 1, 1), dt.date(2021, 9, 30)),
        (22, dt.date(2020, 1, 1), dt.date(2020, 9, 30)),
    ]


def test_a_range_from_a_year_to_a_month_this_year() -> None:
    text = "From 1995 to August this year, 640 square kilometres were cleared of mines."
    (claim,) = extract(text, published=dt.date(2021, 11, 20))
    assert (claim.period_start, claim.period_end) == (dt.date(1995, 1, 1), dt.date(2021, 8, 31))


def test_the_said_period_is_the_period_stated_before_it() -> None:
    text = (
        "From 3 to 9 March 2022, 40 mines were found. In the said period, 12.5 hectares were "
        "cleared, and 9 shells were destroyed during the period. In the period 2010–2015, "
        "300 mines were found."
    )
    claims = extract(text, published=dt.date(2022, 3, 12))
    week = (dt.date(2022, 3, 3), dt.date(2022, 3, 9))
    assert [(c.value, c.period_start, c.period_end) for c in claims] == [
        (40, *week),
        (12.5, *week),
        (9, *week),
        (300, dt.date(2010, 1, 1), dt.date(2015, 12, 31)),
    ]


def test_a_statement_of_the_present_counts_up_to_its_published_day() -> None:
    text = "At least 13 civilians have been killed since the beginning of 2024, the mission said."
    assert period(text) == ("2024-01-01", "2024-06-14")
    text = "More than 70,000 people have been newly displaced in June by the offensive."
    assert period(text) == ("2024-06-01", "2024-06-14")
    # told in the past tense, the month stays whole
    assert period("In June, 376 civilians were killed.") == ("2024-06-01", "2024-06-30")


def test_the_period_of_a_release_of_casualty_figures_scopes_its_later_paragraphs() -> None:
    text = (
        "A total of 125 civilians were killed and another 188 injured in Iraq in August 2017, "
        "according to casualty figures recorded by the mission.\n\n"
        "Ninewa followed with 36 killed and 18 injured."
    )
    claims = extract(text, published=dt.date(2017, 9, 5))
    assert [(c.value, c.period_start, c.period_end) for c in claims[-2:]] == [
        (36, dt.date(2017, 8, 1), dt.date(2017, 8, 31)),
        (18, dt.date(2017, 8, 1), dt.date(2017, 8, 31)),
    ]


def test_an_anaphor_names_the_period_stated_in_a_paragraph_before() -> None:
    text = (
        "The agency cleared 4,410,908 square meters of land in March, the agency informed on "
        "April 3.\n\n"
        "During this period, the agency destroyed 1,541 unexploded ordnance."
    )
    claims = extract(text, published=dt.date(2018, 4, 4))
    assert (claims[-1].value, claims[-1].period_start, claims[-1].period_end) == (
        1541,
        dt.date(2018, 3, 1),
        dt.date(2018, 3, 31),
    )


def test_currently_this_morning_and_since_then_after_a_date_in_the_sentence() -> None:
    text = "The number of civilians wounded is four at the moment."
    assert period(text) == (None, "2024-06-14")
    # a period the sentence states wins over "currently"
    text = "A total of 77,700 people are currently displaced by the conflict since January 2019."
    assert period(text) == ("2019-01-01", "2024-06-14")
    text = "Militants stormed the hospital this morning and killed two newborn children."
    assert period(text) == ("2024-06-14", "2024-06-14")
    text = (
        "The report described the coup that took place on February 1, 2021, and said that since "
        "then, at least 5,350 civilians have lost their lives."
    )
    assert period(text) == ("2021-02-01", "2024-06-14")

"""Figures in tables: rows of cells under a line of column labels."""

from __future__ import annotations

import datetime as dt

from ombuds.claims.engine import Claim, extract


def rows(claims: list[Claim]) -> list[tuple[str, str, float, int | None]]:
    return [(c.measure, c.subject, c.value, c.parent) for c in claims]


def test_tab_separated_table_with_caption_and_total_column() -> None:
    text = (
        "Table 2. Civilian casualties by region, January-June 2025\n\n"
        "Region\tKilled\tInjured\tTotal\n"
        "Donetsk\t312\t1,024\t1,336\n"
        "Kharkiv\t98\t402\t500\n"
    )
    claims = extract(text, published=dt.date(2025, 7, 10))
    # contract v2: a total stated after its parts (the "Total" column) makes no breakdown
    assert rows(claims) == [
        ("killed", "civilians", 312, None),
        ("injured", "civilians", 1024, None),
        ("casualties", "civilians", 1336, None),
        ("killed", "civilians", 98, None),
        ("injured", "civilians", 402, None),
        ("casualties", "civilians", 500, None),
    ]
    assert {(c.period_start, c.period_end) for c in claims} == {
        (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    }
    assert claims[0].quote == "Donetsk\t312\t1,024\t1,336"


def test_markdown_table_with_years_as_rows() -> None:
    text = (
        "Mine casualties by year\n\n| Year | Killed | Injured |\n|---|---|---|\n"
        "| 2022 | 45 | 120 |\n| 2023 | 61 | – |\n"
    )
    claims = extract(text)
    assert rows(claims) == [
        ("killed", "people", 45, None),
        ("injured", "people", 120, None),
        ("killed", "people", 61, None),
    ]
    assert claims[2].period_start == dt.date(2023, 1, 1)
    assert {c.cause for c in claims} == {"landmine"}


def test_years_as_columns_and_outcomes_as_rows() -> None:
    text = "Civilians\t2021\t2022\nKilled\t14\t30\nInjured\t52\t88\n"
    claims = extract(text)
    assert rows(claims) == [
        ("killed", "civilians", 14, None),
        ("killed", "civilians", 30, None),
        ("injured", "civilians", 52, None),
        ("injured", "civilians", 88, None),
    ]
    assert [c.period_start.year for c in claims if c.period_start] == [2021, 2022, 2021, 2022]


def test_groups_as_columns() -> None:
    text = "Killed by shelling\tMen\tWomen\tChildren\nKherson\t10\t7\t2\n"
    assert [(c.subject, c.value, c.cause) for c in extract(text)] == [
        ("men", 10, "shelling"),
        ("women", 7, "shelling"),
        ("children", 2, "shelling"),
    ]


def test_a_table_that_counts_no_harm_gives_nothing() -> None:
    text = "Activity\tTeams\tSessions\nRisk education\t12\t340\nSurvey\t4\t18\n"
    assert extract(text) == []


def test_text_around_a_table_is_read_as_before() -> None:
    text = (
        "In May, 40 civilians were killed.\n\n"
        "Oblast\tKilled\tInjured\nSumy\t3\t9\n\n"
        "Since February 2022, 12,000 civilians have been killed."
    )
    claims = extract(text, published=dt.date(2025, 6, 1))
    assert [(c.id, c.measure, c.value) for c in claims] == [
        (1, "killed", 40),
        (2, "killed", 3),
        (3, "injured", 9),
        (4, "killed", 12000),
    ]


def test_a_column_label_gives_the_unit() -> None:
    text = (
        "Table 1: Clearance results by province, January–June 2023\n"
        "Province | Area cleared (ha) | UXO found and destroyed\n"
        "Xieng Khouang | 512.3 | 8,906\n"
        "Total | 1,934.7 | 28,412\n"
    )
    assert [(c.measure, c.subject, c.value, c.unit) for c in extract(text)] == [
        ("cleared", "land", 512.3, "ha"),
        ("found", "unexploded_ordnance", 8906, "count"),
        ("cleared", "land", 1934.7, "ha"),
        ("found", "unexploded_ordnance", 28412, "count"),
    ]

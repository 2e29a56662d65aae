"""Periods that meet: a total "as of" a date is the figure of the period ending then, and a few
days of reporting lag make points of one series, not figures apart (figures/periods.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ombuds.figures.checks import run_checks
from ombuds.figures.keys import FigureKey
from ombuds.figures.periods import LAG, figure_keys
from tests.figures.facts import fact

JAN = dt.date(2024, 1, 1)
JUNE = dt.date(2024, 6, 30)


def key(start: dt.date | None, end: dt.date | None, **parts: str) -> FigureKey:
    return FigureKey.of(measure="killed", subject="civilians", place="Northern districts",
                        period_start=start, period_end=end, **parts)  # fmt: skip


def test_an_as_of_total_is_the_figure_of_the_period_ending_then():
    assert figure_keys([key(None, JUNE), key(JAN, JUNE)]) == {key(None, JUNE): key(JAN, JUNE)}


def test_a_few_days_of_lag_join_the_series_not_the_figure():
    lagged = key(None, JUNE + dt.timedelta(days=3))
    joined = figure_keys([lagged, key(JAN, JUNE)])[lagged]
    assert joined == key(JAN, JUNE + dt.timedelta(days=3))
    assert joined.series == key(JAN, JUNE).series
    assert joined != key(JAN, JUNE)


def test_ends_further_apart_than_the_lag_stay_apart():
    far = key(None, JUNE + LAG + dt.timedelta(days=1))
    assert figure_keys([far, key(JAN, JUNE)]) == {}


def test_two_starts_near_the_end_leave_the_total_alone():
    keys = [key(None, JUNE), key(JAN, JUNE), key(dt.date(2022, 2, 24), JUNE)]
    assert figure_keys(keys) == {}


def test_a_start_after_the_totals_end_is_no_reading_of_it():
    assert figure_keys([key(None, JUNE), key(dt.date(2024, 7, 1), JUNE + dt.timedelta(1))]) == {}


def test_other_places_measures_and_causes_never_meet():
    assert figure_keys([key(None, JUNE), key(JAN, JUNE, cause="landmine")]) == {}
    other = dataclasses.replace(key(JAN, JUNE), place="southern districts")
    assert figure_keys([key(None, JUNE), other]) == {}


def test_a_split_stops_the_meeting_and_merges_chain():
    as_of, period = key(None, JUNE), key(JAN, JUNE)
    assert figure_keys([as_of, period], splits={(as_of, period)}) == {}
    third = key(None, dt.date(2023, 12, 31))
    merged = figure_keys([as_of, period, third], merges={third: as_of})
    assert merged == {as_of: period, third: period}


def test_the_checks_compare_the_as_of_total_with_the_period_and_flag_the_reading():
    period = fact("killed", "civilians", 120, source="a", publisher="Mine Action Centre",
                  place="Northern districts", period_start=JAN, period_end=JUNE)  # fmt: skip
    as_of = fact("killed", "civilians", 150, source="b", publisher="Monitoring Mission",
                 place="northern districts", period_end=JUNE)  # fmt: skip
    assert [f.kind for f in run_checks([period, as_of])] == []  # two figures: never compared
    joined = figure_keys([period.key, as_of.key])
    facts = [
        dataclasses.replace(f, key=joined[f.key], joined=True) if f.key in joined else f
        for f in (period, as_of)
    ]
    (finding,) = run_checks(facts)
    assert finding.kind == "differs"
    assert finding.status == "needs_review"  # the start is our reading, not the source's words
    assert '"as of" a date read as the period' in finding.explanation


def test_a_lagged_total_that_went_down_is_a_step_of_the_series():
    period = fact("killed", "civilians", 120, source="a", publisher="Mine Action Centre",
                  period_start=JAN, period_end=JUNE)  # fmt: skip
    later = fact("killed", "civilians", 100, source="b", publisher="Monitoring Mission",
                 published=JUNE + dt.timedelta(days=4))  # fmt: skip
    joined = figure_keys([period.key, later.key])
    facts = [
        dataclasses.replace(f, key=joined[f.key], joined=True) if f.key in joined else f
        for f in (period, later)
    ]
    (finding,) = run_checks(facts)
    assert finding.kind == "series_decreases"
    assert finding.status == "needs_review"

"""Checks across documents: one figure key from several sources, and series over time."""

from __future__ import annotations

import datetime as dt

from ombuds.figures.checks import CONSISTENT, CONTRADICTION, NEEDS_REVIEW, run_checks
from tests.figures.facts import fact

START = dt.date(2020, 9, 27)
END = dt.date(2022, 12, 31)


def only(findings, kind_prefix=""):
    found = [f for f in findings if f.kind.startswith(kind_prefix)]
    assert len(found) == 1, [(f.kind, f.explanation) for f in findings]
    return found[0]


def test_the_same_figure_from_two_sources_agrees():
    a = fact("missing", "people", 3890, source="a", published=dt.date(2021, 9, 21))
    b = fact("missing", "people", 3890, source="b", published=dt.date(2023, 1, 25))
    finding = only(run_checks([a, b]))
    # Open-ended figures are "as of" their publication: one series, unchanged.
    assert (finding.kind, finding.status) == ("agrees", CONSISTENT)
    assert "unchanged" in finding.explanation


def test_a_rounded_figure_agrees_with_the_exact_one():
    a = fact("missing", "people", 3890, source="a", period_end=END)
    b = fact("missing", "people", 4000, qualifier="approx", source="b", period_end=END)
    finding = only(run_checks([a, b]))
    assert (finding.kind, finding.status) == ("rounded_agrees", CONSISTENT)


def test_near_duplicates_from_two_publishers_differ_by_how_much():
    a = fact("killed", "civilians", 1203, source="a", publisher="Ombudsperson of Examplia",
             period_start=START, period_end=END)  # fmt: skip
    b = fact("killed", "civilians", 1230, source="b", publisher="Ombudsperson of Otherland",
             period_start=START, period_end=END, published=dt.date(2023, 1, 5))  # fmt: skip
    finding = only(run_checks([a, b]))
    assert (finding.kind, finding.status) == ("differs", CONTRADICTION)
    assert "by 27 (2.2%)" in finding.explanation
    assert finding.details == {"difference": 27, "percent": 2.24}


def test_a_publisher_revising_its_own_figure_needs_review():
    a = fact("killed", "civilians", 90, source="a", period_start=START, period_end=END)
    b = fact("killed", "civilians", 94, source="b", period_start=START, period_end=END,
             published=dt.date(2023, 2, 1))  # fmt: skip
    finding = only(run_checks([a, b]))
    assert (finding.kind, finding.status) == ("revised", NEEDS_REVIEW)


def test_one_document_giving_two_values_for_one_figure_needs_review():
    a = fact("killed", "civilians", 90, period_end=END)
    b = fact("killed", "civilians", 94, period_end=END)
    finding = only(run_checks([a, b]))
    assert (finding.kind, finding.status) == ("differs_in_document", NEEDS_REVIEW)


def test_a_cumulative_series_that_goes_down_is_a_contradiction():
    early = fact("killed", "civilians", 94, source="a", period_start=START,
                 period_end=dt.date(2020, 10, 10))  # fmt: skip
    late = fact("killed", "civilians", 80, source="b", period_start=START,
                period_end=dt.date(2020, 11, 10))  # fmt: skip
    finding = only(run_checks([early, late]))
    assert (finding.kind, finding.status) == ("series_decreases", CONTRADICTION)
    assert "by at least 14" in finding.explanation


def test_a_series_that_grows_is_superseded_by_its_later_figure():
    early = fact("killed", "civilians", 80, source="a", period_start=START,
                 period_end=dt.date(2020, 10, 10))  # fmt: skip
    late = fact("killed", "civilians", 94, source="b", period_start=START,
                period_end=dt.date(2020, 11, 10))  # fmt: skip
    finding = only(run_checks([early, late]))
    assert (finding.kind, finding.status) == ("superseded", CONSISTENT)


def test_a_stock_that_goes_down_needs_review_not_contradiction():
    early = fact("missing", "people", 4000, source="a", published=dt.date(2021, 1, 1))
    late = fact("missing", "people", 3890, source="b", published=dt.date(2023, 1, 1))
    finding = only(run_checks([early, late]))
    assert (finding.kind, finding.status) == ("stock_decreases", NEEDS_REVIEW)


def test_at_least_is_consistent_with_a_larger_exact_figure():
    a = fact("destroyed", "houses", 3000, qualifier="at_least", source="a", period_end=END)
    b = fact("destroyed", "houses", 3410, source="b", period_end=END)
    finding = only(run_checks([a, b]))
    assert (finding.kind, finding.status) == ("agrees", CONSISTENT)


def test_places_compare_normalised_and_other_places_are_other_figures():
    a = fact("killed", "civilians", 5, source="a", place="the Liberated territories",
             period_end=END)  # fmt: skip
    b = fact("killed", "civilians", 5, source="b", place="liberated territories", period_end=END)
    c = fact("killed", "civilians", 9, source="c", place="Border villages", period_end=END)
    findings = run_checks([a, b, c])
    # Border villages are another figure; as neither place is in the gazetteer, an editor is
    # asked whether they are one place under two names (docs/figures.md, *Across places*).
    assert [(f.kind, f.status) for f in findings] == [
        ("agrees", CONSISTENT),
        ("same_figure_other_place", NEEDS_REVIEW),
    ]
    assert {x.key.place for x in findings[1].claims} == {"liberated territories", "border villages"}


def test_fingerprints_change_with_values_only():
    a = fact("killed", "civilians", 5, source="a", claim_id="x", period_end=END)
    b = fact("killed", "civilians", 6, source="b", claim_id="y", period_end=END)
    again = run_checks([a, b])[0].fingerprint
    assert run_checks([a, b])[0].fingerprint == again
    b2 = fact("killed", "civilians", 7, source="b", claim_id="y", period_end=END)
    assert run_checks([a, b2])[0].fingerprint != again

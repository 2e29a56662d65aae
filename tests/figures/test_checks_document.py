"""Checks inside one document: parts against their total, by links and by the hierarchy."""

from __future__ import annotations

import datetime as dt

from ombuds.figures.checks import (
    CONSISTENT,
    CONTRADICTION,
    NEEDS_REVIEW,
    bounds,
    run_checks,
    tolerance,
)
from tests.figures.facts import fact

START = dt.date(2022, 2, 1)


def kinds(findings):
    return sorted((f.kind, f.status) for f in findings)


def test_linked_parts_that_add_up_are_consistent():
    total = fact("missing", "people", 3890, claim_id="t")
    parts = [
        fact("missing", "servicemen", 3171, parent_id="t"),
        fact("missing", "civilians", 719, parent_id="t"),
    ]
    [finding] = run_checks([total, *parts])
    assert (finding.kind, finding.status) == ("parts_add_up", CONSISTENT)
    assert "3,171 servicemen" in finding.explanation
    assert "= 3,890" in finding.explanation


def test_linked_parts_exceeding_their_total_are_a_contradiction():
    total = fact("killed", "people", 100, claim_id="t")
    parts = [
        fact("killed", "civilians", 80, parent_id="t"),
        fact("killed", "servicemen", 30, parent_id="t"),
    ]
    [finding] = run_checks([total, *parts])
    assert (finding.kind, finding.status) == ("parts_exceed_total", CONTRADICTION)
    assert "110" in finding.explanation
    assert "by 10" in finding.explanation


def test_parts_read_through_the_hierarchy_exceeding_the_total_need_review():
    houses = fact("destroyed", "houses", 3410, qualifier="at_least", period_start=START)
    flats = fact("destroyed", "apartment_buildings", 120, period_start=START)
    total = fact("destroyed", "civilian_objects", 512, period_start=START)
    [finding] = run_checks([houses, flats, total])
    assert (finding.kind, finding.status) == ("parts_exceed_total", NEEDS_REVIEW)
    assert "at least 3,530" in finding.explanation
    assert "512" in finding.explanation


def test_parts_of_different_dimensions_are_never_added():
    total = fact("killed", "people", 100, claim_id="t")
    servicemen = fact("killed", "servicemen", 70, parent_id="t")
    children = fact("killed", "children", 60, parent_id="t")  # 70 + 60 > 100, but overlap
    findings = run_checks([total, servicemen, children])
    assert kinds(findings) == [
        ("parts_within_total", CONSISTENT),
        ("parts_within_total", CONSISTENT),
    ]


def test_a_complete_breakdown_short_of_its_total_needs_review():
    total = fact("injured", "civilians", 50, claim_id="t")
    parts = [
        fact("injured", "men", 20, parent_id="t"),
        fact("injured", "women", 15, parent_id="t"),
        fact("injured", "boys", 5, parent_id="t"),
        fact("injured", "girls", 4, parent_id="t"),
    ]
    [finding] = run_checks([total, *parts])
    assert (finding.kind, finding.status) == ("parts_short_of_total", NEEDS_REVIEW)
    assert "short of the total" in finding.explanation
    assert "by 6" in finding.explanation


def test_killed_and_injured_add_up_to_casualties_of_the_same_subject():
    casualties = fact("casualties", "civilians", 150, period_start=START)
    killed = fact("killed", "civilians", 40, period_start=START)
    injured = fact("injured", "civilians", 110, period_start=START)
    [finding] = run_checks([casualties, killed, injured])
    assert (finding.kind, finding.status) == ("parts_add_up", CONSISTENT)
    other = fact("injured", "children", 500, period_start=START)  # another subject: not a part
    assert kinds(run_checks([casualties, killed, other])) == [("parts_within_total", CONSISTENT)]


def test_a_total_of_at_least_cannot_be_exceeded():
    total = fact("killed", "people", 100, qualifier="at_least", claim_id="t")
    parts = [fact("killed", "civilians", 150, parent_id="t")]
    [finding] = run_checks([total, *parts])
    assert finding.status == CONSISTENT


def test_an_approximate_part_over_its_total_only_within_rounding_is_consistent():
    total = fact("missing", "people", 3890, claim_id="t")
    part = fact("missing", "people", 4000, qualifier="approx", cause="landmine", parent_id="t")
    [finding] = run_checks([total, part])
    assert (finding.kind, finding.status) == ("parts_within_total", CONSISTENT)
    assert "within rounding" in finding.explanation


def test_an_approximate_breakdown_well_over_its_total_needs_review_not_contradiction():
    total = fact("killed", "people", 100, claim_id="t")
    parts = [
        fact("killed", "civilians", 200, qualifier="approx", parent_id="t"),
        fact("killed", "servicemen", 10, parent_id="t"),
    ]
    [finding] = run_checks([total, *parts])
    assert (finding.kind, finding.status) == ("parts_exceed_total", NEEDS_REVIEW)


def test_tolerance_and_bounds_of_qualifiers():
    assert tolerance(4000) == 400  # half the thousands step, capped at 10%
    assert tolerance(3890) == 3890 * 0.05
    assert bounds(fact("killed", "people", 12, qualifier="at_least")) == (12, float("inf"))
    assert bounds(fact("killed", "people", 12, qualifier="at_most")) == (0, 12)
    assert bounds(fact("displaced", "people", 159000, value_max=192000)) == (159000, 192000)


def test_claims_of_other_documents_are_not_parts():
    total = fact("destroyed", "civilian_objects", 10, source="a")
    houses = fact("destroyed", "houses", 500, source="b")
    assert [f for f in run_checks([total, houses]) if f.kind.startswith("parts")] == []

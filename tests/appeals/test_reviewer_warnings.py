"""Warnings that catch what a reviewer would: a qualifier written next to a figure that prints
its own."""

from __future__ import annotations

import datetime as dt

import pytest

from ombuds.appeals.rendering import compose
from tests.appeals.factories import draft, ingest

pytestmark = pytest.mark.django_db

AT_LEAST_TEXT = (
    "A bulletin prepared for the tests.\n\n"
    "The bulletin says that at least 1,248 civilians were killed.\n"
)


@pytest.fixture
def at_least_source():
    return ingest(AT_LEAST_TEXT, title="Bulletin", published=dt.date(2024, 3, 1))


def test_at_least_written_before_an_at_least_figure_is_a_warning(at_least_source):
    doc = compose(draft("We count at least {{fig killed/civilians}} civilians killed."))
    assert doc["figures"][0]["display"] == "at least 1,248"
    (warning,) = [w for w in doc["warnings"] if "at least" in w]
    assert "“at least” is written before {{fig killed/civilians}}" in warning
    assert "prints “at least 1,248” by itself" in warning


def test_a_qualifier_across_a_line_break_and_in_capitals_is_caught(at_least_source):
    doc = compose(draft("No fewer than\n{{fig killed/civilians}} civilians. About 5 hurt."))
    assert any("“no fewer than” is written before" in w for w in doc["warnings"])


def test_a_figure_without_a_qualifier_of_its_own_may_take_one():
    from tests.appeals.factories import missing_source

    missing_source()
    doc = compose(draft("At least {{fig missing/people}} people are missing."))
    assert doc["figures"][0]["display"] == "3,890"
    assert not [w for w in doc["warnings"] if "is written before" in w]


def test_a_figure_resting_on_a_claim_nobody_reviewed_is_a_warning(at_least_source):
    from ombuds.claims.actions import do_confirm_claims
    from ombuds.claims.models import Claim

    body = "{{fig killed/civilians}} civilians killed."
    recent = dt.date(2024, 1, 1)  # the bulletin of March 2024 is not old for this appeal
    (warning,) = compose(draft(body, figures_since=recent))["warnings"]
    assert "rests on a claim nobody has reviewed yet" in warning
    do_confirm_claims([Claim.objects.get(measure="killed")], acting_user=None)
    assert compose(draft(body, figures_since=recent))["warnings"] == []

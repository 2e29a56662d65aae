"""Figures say whether they rest on reviewed claims; a setting counts confirmed claims only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ombuds.claims.actions import do_confirm_claims
from ombuds.figures.queries import figure_value
from ombuds.sources.actions import do_ingest_source
from tests.sources.documents import REPORT

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    source, _ = do_ingest_source(
        REPORT.encode(), filename="report.txt", published=dt.date(2022, 3, 3), acting_user=None
    )
    return source.claims.get(measure="killed", subject="civilians")


def test_a_figure_on_an_unreviewed_claim_says_so_until_it_is_confirmed(claim, editor):
    before = figure_value(claim.figure_key)
    do_confirm_claims([claim], acting_user=editor)
    after = figure_value(claim.figure_key)

    assert before is not None
    assert before.unreviewed
    assert not before.citations[0].reviewed
    assert after is not None
    assert not after.unreviewed
    assert after.citations[0].reviewed


def test_with_the_setting_only_confirmed_claims_count(claim, editor, settings):
    settings.OMBUDS_CONFIRMED_CLAIMS_ONLY = True

    assert figure_value(claim.figure_key) is None
    do_confirm_claims([claim], acting_user=editor)
    value = figure_value(claim.figure_key)
    assert value is not None
    assert value.value == claim.value


def test_the_figure_page_marks_an_unreviewed_value(claim, client, viewer):
    client.force_login(viewer)

    response = client.get(reverse("figures:detail", args=[claim.figure_key.slug()]))

    assert response.status_code == 200
    assert "rests on an unreviewed claim" in response.content.decode()


def test_the_rules_page_counts_what_each_rule_produced_and_how_it_fared(claim, client, editor):
    from ombuds.claims.actions import do_reject_claim

    do_confirm_claims([claim], acting_user=editor)
    other = claim.source.claims.get(subject="schools")
    do_reject_claim(other, reason="classrooms", acting_user=editor)
    client.force_login(editor)

    response = client.get(reverse("claims:rules"))

    tallies = {(t.kind, t.name): t for t in response.context["tallies"]}
    part = claim.rule.split(";")[0]
    assert tallies[("rule", part)].confirmed >= 1
    assert sum(t.rejected for k, t in tallies.items() if k[0] == "rule") >= 1
    assert (
        sum(t.produced for k, t in tallies.items() if k[0] == "rule") >= claim.source.claims.count()
    )

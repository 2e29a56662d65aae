"""Drafts show live figures with footnotes; approval freezes them; the next appeal compares."""

from __future__ import annotations

import datetime as dt

import pytest

from ombuds.appeals.actions import (
    do_approve_appeal,
    do_start_next_appeal,
    do_submit_appeal,
    do_update_appeal,
)
from ombuds.appeals.errors import AppealFrozen, WorkflowError
from ombuds.appeals.rendering import compose, figures_then_and_now
from ombuds.claims.actions import do_correct_claim
from ombuds.core.models import AuditEvent
from tests.appeals.factories import (
    MINES_TEXT,
    OTHER_MISSING_TEXT,
    claim,
    draft,
    ingest,
    missing_source,
)

pytestmark = pytest.mark.django_db


def shown(doc):
    """The paragraphs as text with [n] for each footnote mark."""
    return [
        "".join(
            f"{s['display']}[{s['figure']}]" if "figure" in s else s.get("text", s.get("error"))
            for s in paragraph
        )
        for paragraph in doc["paragraphs"]
    ]


def test_a_draft_shows_each_figure_with_a_footnote_quoting_its_claim():
    source = missing_source()
    doc = compose(draft(figures_since=dt.date(2023, 1, 1)))  # the 2023 figures are not old
    assert shown(doc) == [
        "We write about the missing: 3,890[1] people, 3,171[2] of them servicemen.",
        "And again 3,890[1] in total.",
    ]
    first, second = doc["figures"]
    assert first["label"] == "missing · people"
    (citation,) = first["citations"]
    assert citation["quote"] == claim(source, "missing", "people").quote
    assert citation["source_title"] == "Commission report"
    assert first["note"].startswith("Test Commission, “Commission report”, 25 January 2023: “")
    assert second["display"] == "3,171"
    assert not doc["errors"]
    assert all("nobody has reviewed" in w for w in doc["warnings"])  # engine claims only


def test_a_reference_to_no_figure_is_an_error_and_prints_no_number():
    missing_source()
    doc = compose(draft("Killed: {{fig killed/civilians cause=shelling}} people."))
    assert shown(doc) == ["Killed: {{fig killed/civilians cause=shelling}} people."]
    assert doc["figures"] == []
    assert "finds no figure" in doc["errors"][0]


def test_sources_that_disagree_raise_a_warning():
    missing_source()
    ingest(OTHER_MISSING_TEXT, title="Later note", published=dt.date(2023, 3, 1))
    doc = compose(draft())
    assert doc["figures"][0]["display"] == "3,900"
    assert any("Sources disagree" in w for w in doc["warnings"])


def test_a_reference_with_its_period_and_place_finds_the_landmine_figure():
    ingest(MINES_TEXT, title="Mine statement", published=dt.date(2023, 1, 25))
    body = (
        'Mines killed {{fig killed/civilians cause=landmine place="liberated territories" '
        "from=2020-11-10 to=2023-01-25}} civilians."
    )
    assert shown(compose(draft(body))) == ["Mines killed 36[1] civilians."]


def test_before_approval_a_corrected_claim_changes_the_figure_and_its_footnote(editor):
    source = missing_source()
    appeal = draft()
    assert compose(appeal)["figures"][1]["display"] == "3,171"
    do_correct_claim(
        claim(source, "missing", "servicemen"),
        changes={"value": "3172"},
        reason="the annex gives 3,172",
        acting_user=editor,
    )
    doc = compose(appeal)
    assert (
        shown(doc)[0] == "We write about the missing: 3,890[1] people, 3,172[2] of them servicemen."
    )
    assert doc["figures"][1]["display"] == "3,172"


def approve(appeal, user):
    do_submit_appeal(appeal, acting_user=None)  # submitted by someone else
    return do_approve_appeal(appeal, acting_user=user)


def test_approval_freezes_the_figures_and_the_next_appeal_shows_then_and_now(editor):
    source = missing_source()
    appeal = approve(draft(), editor)
    frozen = compose(appeal)
    assert appeal.approved_by == editor
    assert AuditEvent.objects.filter(action="approve_appeal", object_id=str(appeal.pk)).exists()

    do_correct_claim(
        claim(source, "missing", "servicemen"),
        changes={"value": "3200"},
        reason="a later count",
        acting_user=editor,
    )
    appeal.refresh_from_db()
    assert compose(appeal) == frozen
    assert frozen["figures"][1]["display"] == "3,171"

    following = do_start_next_appeal(appeal, acting_user=editor)
    assert following.previous == appeal
    assert following.status == "draft"
    assert compose(following)["figures"][1]["display"] == "3,200"
    rows = figures_then_and_now(appeal.frozen)
    assert [(r["then"], r["now"], r["changed"]) for r in rows] == [
        ("3,890", "3,890", False),
        ("3,171", "3,200", True),
    ]


def test_an_approved_appeal_refuses_changes(editor):
    missing_source()
    appeal = approve(draft(), editor)
    with pytest.raises(AppealFrozen, match="start a next appeal"):
        do_update_appeal(appeal, changes={"body": "new"}, acting_user=editor)


def test_approval_is_refused_while_a_reference_is_broken(editor):
    missing_source()
    appeal = draft("Killed: {{fig killed/civilians cause=shelling}}.")
    do_submit_appeal(appeal, acting_user=None)  # submitted by someone else
    with pytest.raises(WorkflowError, match="finds no figure"):
        do_approve_appeal(appeal, acting_user=editor)
    appeal.refresh_from_db()
    assert appeal.status == "review"
    assert appeal.frozen == {}


def test_approval_needs_review_first(editor):
    missing_source()
    with pytest.raises(WorkflowError, match="submitted for review"):
        do_approve_appeal(draft(), acting_user=editor)

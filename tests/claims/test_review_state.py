"""Review state: confirming, proposing, adding by hand, bulk corrections, undo, re-extraction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ombuds.claims.actions import (
    do_add_claim,
    do_confirm_claims,
    do_correct_claim,
    do_correct_claims,
    do_reextract_source,
    do_reject_claim,
    do_undo_review,
)
from ombuds.claims.errors import InvalidCorrection, ReviewNotAllowed, UndoNotPossible
from ombuds.claims.models import Claim
from ombuds.core.models import AuditEvent
from ombuds.sources.actions import do_ingest_source
from tests.sources.documents import REPORT

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    source, _ = do_ingest_source(
        REPORT.encode(), filename="report.txt", published=dt.date(2022, 3, 3), acting_user=None
    )
    return source


def claim_of(source, measure, subject):
    return Claim.objects.get(source=source, measure=measure, subject=subject)


def test_extraction_stores_the_engines_confidence_and_evidence_and_leaves_claims_unreviewed(
    source,
):
    claims = list(source.claims.all())
    assert claims
    assert all(c.status == "extracted" for c in claims)
    assert all(c.confidence is not None and 0 < c.confidence <= 1 for c in claims)
    assert all(isinstance(c.evidence, list) for c in claims)
    assert all(c.origin == "engine" and c.reviewed_by is None for c in claims)


def test_an_editor_confirms_in_one_action_audited_with_who_and_when(source, editor):
    claim = claim_of(source, "killed", "civilians")

    (event_id,) = do_confirm_claims([claim], acting_user=editor)

    claim.refresh_from_db()
    assert claim.status == "confirmed"
    assert claim.reviewed_by == editor
    assert claim.reviewed_at is not None
    event = AuditEvent.objects.get(pk=event_id)
    assert event.action == "confirm_claim"
    assert event.changes["status"] == ["extracted", "confirmed"]


def test_a_researcher_may_not_confirm_and_their_correction_is_a_proposal(source, researcher):
    claim = claim_of(source, "killed", "civilians")

    with pytest.raises(ReviewNotAllowed, match="Only an editor"):
        do_confirm_claims([claim], acting_user=researcher)
    do_correct_claim(claim, changes={"value": 42}, reason="annex", acting_user=researcher)

    claim.refresh_from_db()
    assert claim.status == "proposed"
    assert claim.value == Decimal(42)


def test_an_editors_correction_confirms(source, editor):
    claim = claim_of(source, "killed", "civilians")

    do_correct_claim(claim, changes={"value": 42}, reason="annex", acting_user=editor)

    claim.refresh_from_db()
    assert claim.status == "corrected"
    assert claim.is_reviewed
    assert claim.reviewed_by == editor


def test_a_claim_added_by_hand_keeps_its_exact_span_and_survives_re_extraction(source, editor):
    start = REPORT.index("25 schools")
    claim = do_add_claim(
        source,
        span=(start, start + len("25 schools")),
        values={"measure": "damaged", "subject": "schools", "value": "25"},
        reason="the engine missed it",
        acting_user=editor,
    )
    assert claim.quote == "25 schools"
    assert (claim.origin, claim.status) == ("hand", "confirmed")
    assert claim.ordinal == source.claims.count()

    do_reextract_source(source, acting_user=editor)

    claim.refresh_from_db()
    assert (claim.span_start, claim.quote, claim.measure) == (start, "25 schools", "damaged")
    assert AuditEvent.objects.filter(action="add_claim", object_id=str(claim.pk)).exists()


def test_adding_outside_the_text_or_without_a_value_says_what_to_do(source, editor):
    with pytest.raises(InvalidCorrection, match="select the passage again"):
        do_add_claim(
            source,
            span=(0, len(source.text) + 5),
            values={"measure": "killed", "subject": "people", "value": 1},
            reason="x",
            acting_user=editor,
        )
    with pytest.raises(InvalidCorrection, match="value"):
        do_add_claim(
            source,
            span=(0, 5),
            values={"measure": "killed", "subject": "people"},
            reason="x",
            acting_user=editor,
        )
    assert not source.claims.filter(origin="hand").exists()


def test_a_bulk_period_reaches_the_parts_and_one_bad_value_changes_nothing(source, editor):
    total = claim_of(source, "killed", "civilians")
    part = claim_of(source, "killed", "children")
    assert part.parent_id == total.pk

    with pytest.raises(InvalidCorrection):
        do_correct_claims(
            [total], changes={"period_end": "not a date"}, with_parts=True, reason="x",
            acting_user=editor,
        )  # fmt: skip
    events = do_correct_claims(
        [total],
        changes={"period_end": dt.date(2022, 3, 1)},
        with_parts=True,
        reason="the report's date",
        acting_user=editor,
    )

    assert len(events) == 2
    for claim in (total, part):
        claim.refresh_from_db()
        assert claim.period_end == dt.date(2022, 3, 1)
        assert claim.status == "corrected"


def test_undo_restores_the_state_before_and_only_for_the_person_who_acted(source, editor):
    claim = claim_of(source, "destroyed", "schools")
    do_reject_claim(claim, reason="classrooms", acting_user=editor)
    event = AuditEvent.objects.get(action="reject_claim")
    other = Claim.objects.get(pk=claim.pk)

    with pytest.raises(UndoNotPossible, match="Only the person"):
        do_undo_review([event.pk], acting_user=None)
    do_undo_review([event.pk], acting_user=editor)

    other.refresh_from_db()
    assert other.status == "extracted"
    assert other.reviewed_by is None
    assert AuditEvent.objects.filter(action="undo_reject_claim").count() == 1
    with pytest.raises(UndoNotPossible, match="changed since"):
        do_undo_review([event.pk], acting_user=editor)


def test_undo_of_an_addition_removes_the_claim(source, editor):
    claim = do_add_claim(
        source,
        span=(0, 9),
        values={"measure": "killed", "subject": "people", "value": 3},
        reason="x",
        acting_user=editor,
    )
    event = AuditEvent.objects.get(action="add_claim")

    do_undo_review([event.pk], acting_user=editor)

    assert not Claim.objects.filter(pk=claim.pk).exists()


def test_a_confirmed_claim_the_engine_reads_the_same_stays_confirmed(source, editor):
    claims = list(source.claims.all())
    do_confirm_claims(claims, acting_user=editor)

    do_reextract_source(source, acting_user=editor)

    assert set(source.claims.values_list("status", flat=True)) == {"confirmed"}
    event = AuditEvent.objects.get(action="reextract_source")
    assert event.changes["unchanged"] == [None, len(claims)]
    assert event.changes["reopened"] == [None, 0]


def test_a_confirmed_claim_whose_reading_moved_is_asked_again(source, editor):
    claim = claim_of(source, "injured", "civilians")
    do_confirm_claims([claim], acting_user=editor)
    # as if the engine had read another value when the person confirmed
    Claim.objects.filter(pk=claim.pk).update(value=Decimal(129))

    do_reextract_source(source, acting_user=editor)

    claim.refresh_from_db()
    assert claim.value == Decimal(130)
    assert claim.status == "extracted"
    event = AuditEvent.objects.get(action="reextract_source")
    assert event.changes["reopened"] == [None, 1]

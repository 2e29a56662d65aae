"""Correcting and rejecting claims, and what survives re-extraction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ombuds.claims.actions import do_correct_claim, do_reextract_source, do_reject_claim
from ombuds.claims.errors import InvalidCorrection, ReasonRequired
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


def test_a_correction_is_stored_and_audited_with_old_and_new_values(source, editor):
    claim = claim_of(source, "injured", "civilians")

    do_correct_claim(
        claim,
        changes={"value": "131", "period_end": dt.date(2022, 3, 1)},
        reason="the annex gives 131",
        acting_user=editor,
    )

    claim.refresh_from_db()
    assert claim.value == Decimal("131")
    assert claim.status == "corrected"
    assert claim.corrected_fields == ["period_end", "value"]
    event = AuditEvent.objects.get(action="correct_claim")
    assert event.actor == editor
    assert event.reason == "the annex gives 131"
    assert event.changes["value"] == ["130.0000", "131.0000"]
    assert event.changes["period_end"][1] == "2022-03-01"


def test_a_correction_survives_re_extraction(source, editor):
    claim = claim_of(source, "injured", "civilians")
    do_correct_claim(claim, changes={"value": 131}, reason="annex", acting_user=editor)
    ids_before = set(source.claims.values_list("id", flat=True))

    do_reextract_source(source, acting_user=editor)

    assert set(source.claims.values_list("id", flat=True)) == ids_before
    claim.refresh_from_db()
    assert claim.value == Decimal("131")
    assert claim.status == "corrected"
    event = AuditEvent.objects.get(action="reextract_source")
    assert event.changes["kept"] == [None, len(ids_before)]
    assert event.changes["added"] == [None, 0]


def test_a_rejection_survives_re_extraction(source, editor):
    claim = claim_of(source, "destroyed", "schools")

    do_reject_claim(claim, reason="a count of classrooms, not schools", acting_user=editor)
    do_reextract_source(source, acting_user=editor)

    claim.refresh_from_db()
    assert claim.status == "rejected"
    event = AuditEvent.objects.get(action="reject_claim")
    assert event.changes["status"] == ["extracted", "rejected"]


def test_re_extraction_removes_vanished_claims_but_keeps_corrected_ones(source, editor):
    houses = claim_of(source, "destroyed", "houses")
    schools = claim_of(source, "destroyed", "schools")
    do_correct_claim(houses, changes={"qualifier": "approx"}, reason="reading", acting_user=editor)
    # The text loses its last sentence and gains a new one, as after a better reading.
    cut = source.text.index("More than 600")
    source.text = source.text[:cut] + "Another 9 civilians went missing.\n"
    source.save()

    do_reextract_source(source, acting_user=editor)

    assert not Claim.objects.filter(pk=schools.pk).exists()
    houses.refresh_from_db()
    assert houses.qualifier == "approx"
    assert claim_of(source, "missing", "civilians").value == 9
    assert claim_of(source, "killed", "children").parent == claim_of(source, "killed", "civilians")


def test_an_edited_parent_survives_re_extraction(source, editor):
    children = claim_of(source, "killed", "children")
    injured = claim_of(source, "injured", "civilians")

    do_correct_claim(children, changes={"parent": injured}, reason="test", acting_user=editor)
    do_reextract_source(source, acting_user=editor)

    children.refresh_from_db()
    assert children.parent == injured


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": "many"}, "not a number"),
        ({"period_start": "2022-05-01", "period_end": "2022-04-01"}, "ends before it starts"),
        ({"period_end": "31/12/2022"}, "YYYY-MM-DD"),
        ({"qualifier": "roughly"}, "not a qualifier"),
        ({"measure": ""}, "cannot be empty"),
        ({"span_start": 0}, "cannot be corrected"),
    ],
)
def test_bad_corrections_are_refused_and_change_nothing(source, editor, changes, message):
    claim = claim_of(source, "killed", "civilians")

    with pytest.raises(InvalidCorrection, match=message):
        do_correct_claim(claim, changes=changes, reason="test", acting_user=editor)

    claim.refresh_from_db()
    assert claim.status == "extracted"
    assert not AuditEvent.objects.filter(action="correct_claim").exists()


def test_a_claim_cannot_become_a_part_of_its_own_part(source, editor):
    civilians = claim_of(source, "killed", "civilians")
    children = claim_of(source, "killed", "children")

    with pytest.raises(InvalidCorrection, match="part of itself"):
        do_correct_claim(civilians, changes={"parent": children}, reason="x", acting_user=editor)


def test_a_parent_from_another_source_is_refused(source, editor):
    other, _ = do_ingest_source(b"12 civilians were killed.\n", filename="b.txt", acting_user=None)

    with pytest.raises(InvalidCorrection, match="same source"):
        do_correct_claim(
            claim_of(source, "killed", "children"),
            changes={"parent": other.claims.get()},
            reason="x",
            acting_user=editor,
        )


def test_correcting_and_rejecting_need_a_reason(source, editor):
    claim = claim_of(source, "killed", "civilians")

    with pytest.raises(ReasonRequired):
        do_correct_claim(claim, changes={"value": 40}, reason=" ", acting_user=editor)
    with pytest.raises(ReasonRequired):
        do_reject_claim(claim, reason="", acting_user=editor)


def test_figure_key_of_a_claim(source):
    claim = claim_of(source, "killed", "civilians")

    key = claim.figure_key

    assert (key.measure, key.subject, key.period_start) == (
        "killed",
        "civilians",
        dt.date(2022, 2, 1),
    )

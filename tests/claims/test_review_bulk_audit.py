"""Bulk review decisions, and undoing them, write one audit row per changed claim, in one
INSERT, and the audit log's hash chain still verifies, also when several writers chain onto
it at once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ombuds.claims.actions import (
    do_confirm_claims,
    do_correct_claims,
    do_reject_claim,
    do_undo_review,
)
from ombuds.claims.errors import UndoNotPossible
from ombuds.claims.models import Claim
from ombuds.core import chain, integrity
from ombuds.core.models import AuditEvent
from ombuds.sources.actions import do_ingest_source


def report(districts: int, *, name: str = "Ombudsperson") -> bytes:
    """A report whose every paragraph states a total of the killed and a part of it."""
    lines = [f"Report of the Office of the {name}, 3 March 2022.", ""]
    for n in range(districts):
        lines += [
            f"In district {n + 1}, {n % 90 + 10} civilians were killed, including "
            f"{n % 7 + 1} children.",
            "",
        ]
    return "\n".join(lines).encode()


def ingest(districts: int, *, name: str = "Ombudsperson"):
    source, _ = do_ingest_source(
        report(districts, name=name),
        filename=f"{name}.txt",
        published=dt.date(2022, 3, 3),
        acting_user=None,
    )
    return source


def new_events(after: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=after).order_by("pk"))


def last_id() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.django_db
def test_a_bulk_confirmation_writes_one_chained_row_per_changed_claim_and_verifies(editor):
    source = ingest(150)
    claims = list(Claim.objects.filter(source=source).select_related("source"))
    assert len(claims) == 300
    already = claims[:40]
    do_confirm_claims(already, acting_user=editor)
    head, since = chain.head(), last_id()

    events = do_confirm_claims(
        list(Claim.objects.filter(source=source).select_related("source")), acting_user=editor
    )

    written = new_events(since)
    assert [e.pk for e in written] == events
    assert len(written) == 260  # the 40 confirmed already are left alone
    assert {e.object_id for e in written} == {str(c.pk) for c in claims[40:]}
    assert all(e.action == "confirm_claim" and e.actor == editor for e in written)
    assert all(e.changes["status"] == ["extracted", "confirmed"] for e in written)
    assert written[0].prev_hash == head
    assert Claim.objects.filter(source=source, status="confirmed").count() == 300
    report = integrity.verify()
    assert report.ok, report.problems
    assert report.head == written[-1].hash


@pytest.mark.django_db
def test_a_bulk_period_over_totals_and_parts_writes_one_row_per_claim_and_verifies(editor):
    source = ingest(150)
    totals = list(Claim.objects.filter(source=source, parent=None).select_related("source"))
    assert len(totals) == 150
    since = last_id()

    events = do_correct_claims(
        totals,
        changes={"period_end": "2022-03-01"},
        with_parts=True,
        reason="period of the report",
        acting_user=editor,
    )

    written = new_events(since)
    assert [e.pk for e in written] == events
    assert len(written) == 300
    assert len({e.object_id for e in written}) == 300
    assert all(e.changes["period_end"] == [None, "2022-03-01"] for e in written)
    assert all(e.reason == "period of the report" for e in written)
    assert Claim.objects.filter(source=source, period_end=dt.date(2022, 3, 1)).count() == 300
    report = integrity.verify()
    assert report.ok, report.problems

    # Setting the same period again changes no value; each claim is re-confirmed (who and
    # when), which is one row per claim again, chained after the first batch.
    again = do_correct_claims(
        totals, changes={"period_end": "2022-03-01"}, with_parts=True, reason="again",
        acting_user=editor,
    )  # fmt: skip
    assert len(again) == 300
    assert all("period_end" not in e.changes for e in new_events(written[-1].pk))
    assert integrity.verify().ok


def review_state(source) -> dict[str, tuple]:
    """Each claim's reviewed values; times to the millisecond, as audit rows keep them."""
    return {
        str(c.pk): (
            c.status,
            c.reviewed_by_id,
            c.reviewed_at
            and c.reviewed_at.replace(microsecond=c.reviewed_at.microsecond // 1000 * 1000),
            c.period_end,
            c.cause,
            c.corrected_fields,
        )
        for c in Claim.objects.filter(source=source)
    }


@pytest.mark.django_db
def test_undoing_a_bulk_correction_gives_each_claim_back_its_own_state_one_row_each(editor):
    source = ingest(60)
    claims = list(Claim.objects.filter(source=source).select_related("source"))
    assert len(claims) > 100
    # Given claims in different states before the bulk correction: some confirmed, one
    # rejected, some with a period of their own, the rest as extracted.
    do_confirm_claims(claims[:20], acting_user=editor)
    do_reject_claim(claims[20], reason="not a count", acting_user=editor)
    do_correct_claims(
        claims[30:40], changes={"period_end": "2022-02-01"}, with_parts=False, reason="own",
        acting_user=editor,
    )  # fmt: skip
    before = review_state(source)
    totals = list(Claim.objects.filter(source=source, parent=None).select_related("source"))
    bulk = do_correct_claims(
        totals, changes={"period_end": "2022-03-01", "cause": "shelling"}, with_parts=True,
        reason="period of the report", acting_user=editor,
    )  # fmt: skip
    assert len(bulk) == len(claims)
    head, since = chain.head(), last_id()

    undone = do_undo_review(bulk, acting_user=editor)

    assert undone == len(claims)
    assert review_state(source) == before
    written = new_events(since)
    assert len(written) == len(claims)
    assert written[0].prev_hash == head
    assert {e.object_id for e in written} == {str(c.pk) for c in claims}
    assert all(e.action == "undo_correct_claim" and e.actor == editor for e in written)
    # Each row says what moved back: the bulk row's values, old and new swapped.
    taken_back = {e.object_id: e.changes for e in AuditEvent.objects.filter(pk__in=bulk)}
    for event in written:
        assert event.changes == {
            name: [new, old] for name, (old, new) in taken_back[event.object_id].items()
        }
    report = integrity.verify()
    assert report.ok, report.problems
    assert report.head == written[-1].hash


@pytest.mark.django_db
def test_an_undo_over_many_claims_is_refused_whole_when_one_changed_since(editor):
    source = ingest(30)
    claims = list(Claim.objects.filter(source=source).select_related("source"))
    events = do_confirm_claims(claims, acting_user=editor)
    do_reject_claim(claims[41], reason="a year, not a count", acting_user=editor)
    since = last_id()

    with pytest.raises(UndoNotPossible, match="changed since"):
        do_undo_review(events, acting_user=editor)

    assert Claim.objects.filter(source=source, status="confirmed").count() == len(claims) - 1
    assert new_events(since) == []


@pytest.mark.django_db
def test_an_undo_reads_and_writes_in_as_many_queries_for_200_claims_as_for_20(editor):
    def queries_to_undo(source) -> int:
        claims = list(Claim.objects.filter(source=source).select_related("source"))
        events = do_confirm_claims(claims, acting_user=editor)
        with CaptureQueriesContext(connection) as context:
            assert do_undo_review(events, acting_user=editor) == len(claims)
        assert not Claim.objects.filter(source=source).exclude(status="extracted").exists()
        # SQLite's bound on parameters splits the audit rows' INSERT into batches
        # (bulk_create); every other statement is one for all claims.
        return sum(
            not q["sql"].startswith('INSERT INTO "core_auditevent"')
            for q in context.captured_queries
        )

    assert queries_to_undo(ingest(10, name="A")) == queries_to_undo(ingest(100, name="B"))
    assert integrity.verify().ok


WRITERS = 4
ROUNDS = 3


@pytest.mark.django_db(transaction=True)
def test_bulk_and_single_writers_at_once_leave_one_unbroken_chain(editor):
    sources = [ingest(30, name="Office " + "ABCD"[n]) for n in range(WRITERS)]
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            claims = list(Claim.objects.filter(source=sources[n]).select_related("source"))
            start.wait()
            for round_ in range(ROUNDS):
                do_correct_claims(
                    claims, changes={"period_end": f"2022-03-0{round_ + 1}"}, with_parts=False,
                    reason=f"round {round_}", acting_user=editor,
                )  # fmt: skip
                do_reject_claim(claims[round_], reason="not a count", acting_user=editor)
        except BaseException as exc:  # any failure, reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    claims = Claim.objects.filter(source__in=sources).count()
    assert AuditEvent.objects.filter(action="correct_claim").count() == ROUNDS * claims
    assert AuditEvent.objects.filter(action="reject_claim").count() == WRITERS * ROUNDS
    report = integrity.verify()
    assert report.ok, report.problems

"""Replies to dispatches, the follow-up status and list, and demands with their evidence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ombuds.appeals.actions import do_approve_appeal, do_set_demand_status, do_submit_appeal
from ombuds.appeals.dispatch_actions import do_log_response, do_record_manual_dispatch
from ombuds.appeals.errors import WorkflowError
from ombuds.appeals.models import Dispatch, Response
from ombuds.appeals.queries import count_due_follow_ups, list_due_follow_ups
from tests.appeals.factories import addressee, draft, missing_source

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def approved(editor):
    missing_source()
    appeal = draft(
        addressees=[addressee("Desk A (test)"), addressee("Desk B (test)")],
        demands=[("Party X", "Hand over the minefield maps.")],
    )
    do_submit_appeal(appeal, acting_user=None)  # submitted by someone else
    return do_approve_appeal(appeal, acting_user=editor)


def post(appeal, name, sent_on, editor):
    target = appeal.addressees.get(organisation=name)
    return do_record_manual_dispatch(
        appeal, addressee=target, channel="post", sent_on=sent_on, acting_user=editor
    )


def test_the_reply_status_moves_from_awaiting_to_answered(approved, editor, settings):
    settings.OMBUDS_APPEAL_REPLY_DAYS = 30
    dispatch = post(approved, "Desk A (test)", TODAY - dt.timedelta(days=10), editor)
    assert dispatch.follow_up(today=TODAY) == "awaiting"
    assert dispatch.follow_up(today=TODAY + dt.timedelta(days=25)) == "no_reply"
    do_log_response(
        dispatch,
        received_on=TODAY,
        sender="Registry clerk",
        kind="acknowledgement",
        summary="Received.",
        acting_user=editor,
    )
    assert dispatch.follow_up(today=TODAY + dt.timedelta(days=25)) == "acknowledged"
    reply = do_log_response(
        dispatch,
        received_on=TODAY,
        sender="Head of office",
        summary="Will raise the maps with the party.",
        file=SimpleUploadedFile("reply.pdf", b"%PDF-1.4 reply"),
        acting_user=editor,
    )
    assert dispatch.follow_up(today=TODAY) == "answered"
    with reply.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 reply"


def test_the_follow_up_list_holds_what_is_past_the_reply_period_without_answer(
    approved, editor, settings
):
    settings.OMBUDS_APPEAL_REPLY_DAYS = 30
    today = timezone.now().date()
    old = post(approved, "Desk A (test)", today - dt.timedelta(days=40), editor)
    post(approved, "Desk B (test)", today - dt.timedelta(days=5), editor)
    assert [d.pk for d in list_due_follow_ups(overdue=True)[0]] == [old.pk]
    assert count_due_follow_ups() == 1
    do_log_response(
        old, received_on=today, sender="Desk A", summary="Answered.", acting_user=editor
    )
    assert list_due_follow_ups(overdue=True) == ([], "")


def test_a_reply_that_fails_leaves_no_file_and_no_row(approved, editor, settings):
    dispatch = post(approved, "Desk A (test)", TODAY, editor)
    with pytest.raises(WorkflowError, match="Unknown kind"):
        do_log_response(
            dispatch,
            received_on=TODAY,
            sender="x",
            kind="rumour",
            summary="y",
            file=SimpleUploadedFile("r.txt", b"r"),
            acting_user=editor,
        )
    assert not Response.objects.exists()
    assert not (settings.MEDIA_ROOT / "appeals").exists()


def test_a_demand_status_needs_evidence(approved, editor):
    demand = approved.demands.get()
    with pytest.raises(WorkflowError, match="evidence"):
        do_set_demand_status(demand, status="partly_met", evidence="", acting_user=editor)
    do_set_demand_status(
        demand,
        status="partly_met",
        evidence="Maps of two districts received 2026-05-02.",
        acting_user=editor,
    )
    demand.refresh_from_db()
    assert demand.status == "partly_met"
    assert Dispatch.objects.count() == 0


def test_the_follow_up_list_pages_by_sending_date(approved, editor, settings):
    settings.OMBUDS_APPEAL_REPLY_DAYS = 1
    today = timezone.now().date()
    for n, name in enumerate(("Desk A (test)", "Desk B (test)")):
        post(approved, name, today - dt.timedelta(days=10 - n), editor)
    first, cursor = list_due_follow_ups(size=1)
    assert [d.addressee.organisation for d in first] == ["Desk A (test)"]
    second, last = list_due_follow_ups(size=1, after=cursor)
    assert [d.addressee.organisation for d in second] == ["Desk B (test)"]
    assert last == ""

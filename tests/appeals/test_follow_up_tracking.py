"""Follow-up that tracks: replies dated after their letter, reply files for those who see the
appeal, demands shown and carried with their status, and what is due listed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ombuds.appeals.actions import (
    do_approve_appeal,
    do_save_addressee,
    do_set_demand_status,
    do_start_next_appeal,
    do_submit_appeal,
)
from ombuds.appeals.dispatch_actions import do_log_response, do_record_manual_dispatch
from ombuds.appeals.errors import WorkflowError
from ombuds.appeals.models import Response
from ombuds.appeals.queries import count_due_follow_ups, list_due_follow_ups
from tests.appeals.factories import addressee, draft, missing_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved():
    missing_source()
    appeal = draft(
        addressees=[addressee("Desk A (test)"), addressee("Desk B (test)")],
        demands=[("Party X", "Hand over the minefield maps.")],
    )
    return do_approve_appeal(do_submit_appeal(appeal, acting_user=None), acting_user=None)


def post(appeal, name, sent_on):
    target = appeal.addressees.get(organisation=name)
    return do_record_manual_dispatch(
        appeal, addressee=target, channel="post", sent_on=sent_on, acting_user=None
    )


def test_a_reply_dated_before_its_letter_was_sent_is_refused(approved):
    sent = post(approved, "Desk A (test)", dt.date(2026, 3, 10))
    with pytest.raises(
        WorkflowError, match=r"before the letter was sent to Desk A .* on 2026-03-10"
    ):
        do_log_response(sent, received_on=dt.date(2026, 3, 9), sender="Desk A",
                        summary="Answered.", acting_user=None)  # fmt: skip
    assert not Response.objects.exists()
    do_log_response(sent, received_on=dt.date(2026, 3, 10), sender="Desk A",
                    summary="Answered the same day.", acting_user=None)  # fmt: skip


def test_the_reply_page_says_why_an_early_reply_was_refused(client, editor, approved):
    sent = post(approved, "Desk A (test)", dt.date(2026, 3, 10))
    client.force_login(editor)
    page = client.post(
        reverse("appeals:response_add", args=[sent.pk]),
        {"received_on": "2026-01-02", "sender": "Desk A", "kind": "answer", "summary": "x"},
        follow=True,
    ).content.decode()
    assert "before the letter was sent" in page
    assert not Response.objects.exists()


def test_a_reply_file_downloads_for_everyone_who_sees_the_appeal(
    client, viewer, researcher, approved
):
    sent = post(approved, "Desk A (test)", dt.date(2026, 3, 10))
    reply = do_log_response(sent, received_on=dt.date(2026, 4, 1), sender="Desk A",
                            summary="Answered.", acting_user=None,
                            file=SimpleUploadedFile("Réponse du bureau.pdf", b"%PDF reply"))  # fmt: skip
    for user in (viewer, researcher):
        client.force_login(user)
        page = client.get(reverse("appeals:detail", args=[approved.pk])).content.decode()
        url = reverse("appeals:response_file", args=[reply.pk])
        assert f'href="{url}"' in page
        served = client.get(url)
        assert served.status_code == 200
        assert b"".join(served.streaming_content) == b"%PDF reply"


def test_the_saved_status_of_a_demand_is_shown_and_carried_into_the_next_appeal(
    client, editor, approved
):
    demand = approved.demands.get()
    client.force_login(editor)
    client.post(
        reverse("appeals:demand_status", args=[demand.pk]),
        {"status": "partly_met", "evidence": "Maps of two districts received."},
    )
    page = client.get(reverse("appeals:detail", args=[approved.pk])).content.decode()
    assert '<option value="partly_met" selected>' in page
    assert '<option value="open" selected>' not in page
    following = do_start_next_appeal(approved, acting_user=editor)
    carried = following.demands.get()
    assert (carried.status, carried.evidence) == ("partly_met", "Maps of two districts received.")
    assert carried.carried_from == demand
    do_set_demand_status(carried, status="met", evidence="All maps received.", acting_user=editor)
    page = client.get(reverse("appeals:detail", args=[following.pk])).content.decode()
    assert f'Partly met in <a href="{reverse("appeals:detail", args=[approved.pk])}">' in page
    assert '<option value="met" selected>' in page


def test_the_follow_up_page_lists_every_letter_awaiting_an_answer(client, editor, approved):
    today = timezone.now().date()
    recent = post(approved, "Desk A (test)", today - dt.timedelta(days=5))
    client.force_login(editor)
    page = client.get(reverse("appeals:follow_up")).content.decode()
    assert "Desk A (test)" in page
    assert "No letter is awaiting" not in page
    assert "overdue by" not in page
    overdue_only = client.get(reverse("appeals:follow_up") + "?show=overdue").content.decode()
    assert "Nothing is overdue." in overdue_only
    assert list_due_follow_ups(overdue=True) == ([], "")
    assert [d.pk for d in list_due_follow_ups()[0]] == [recent.pk]


def test_an_addressee_sets_its_own_reply_period(approved, settings):
    settings.OMBUDS_APPEAL_REPLY_DAYS = 60
    today = timezone.now().date()
    quick = approved.addressees.get(organisation="Desk A (test)")
    do_save_addressee(quick, organisation=quick.organisation, category=quick.category,
                      reply_days=7, acting_user=None)  # fmt: skip
    late = post(approved, "Desk A (test)", today - dt.timedelta(days=10))
    post(approved, "Desk B (test)", today - dt.timedelta(days=10))
    assert [d.pk for d in list_due_follow_ups(overdue=True)[0]] == [late.pk]
    assert count_due_follow_ups() == 1
    late.refresh_from_db()
    assert late.reply_due() == today - dt.timedelta(days=3)
    assert late.follow_up() == "no_reply"


def test_an_addressees_page_lists_every_appeal_it_received_and_every_reply(
    client, viewer, editor, approved
):
    sent = post(approved, "Desk A (test)", dt.date(2026, 3, 10))
    do_log_response(sent, received_on=dt.date(2026, 4, 1), sender="Head of desk",
                    summary="Will look into it.", acting_user=None,
                    file=SimpleUploadedFile("reply.pdf", b"%PDF reply"))  # fmt: skip
    desk = approved.addressees.get(organisation="Desk A (test)")
    url = reverse("appeals:addressee", args=[desk.pk])
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert approved.reference in page
    assert "2026-03-10" in page
    assert "2026-04-01 Answer from Head of desk: Will look into it." in page
    assert reverse("appeals:addressee_edit", args=[desk.pk]) in page
    client.force_login(viewer)
    page = client.get(url).content.decode()
    assert "2026-04-01 Answer from Head of desk" in page
    assert "Will look into it." not in page  # summaries are for those who work on appeals
    other = approved.addressees.get(organisation="Desk B (test)")
    assert (
        "No appeal has been sent"
        in client.get(reverse("appeals:addressee", args=[other.pk])).content.decode()
    )

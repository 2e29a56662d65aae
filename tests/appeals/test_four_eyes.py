"""Four eyes: whoever submitted an appeal cannot approve it, whoever queued an email cannot
release it when stuck; a one-person office turns the rule off and the pages say so."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from ombuds.appeals.actions import do_approve_appeal, do_submit_appeal
from ombuds.appeals.dispatch_actions import do_queue_email_dispatch, do_release_stuck_dispatch
from ombuds.appeals.errors import DispatchError, WorkflowError
from ombuds.appeals.models import Dispatch, DispatchStatus
from ombuds.core.models import AuditEvent
from tests.appeals.factories import addressee, draft, missing_source
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(editor: User) -> Any:
    missing_source()
    appeal = draft(addressees=[addressee("Desk A (test)", "a@example.org")])
    return do_submit_appeal(appeal, acting_user=editor)


def test_the_submitter_cannot_approve_and_a_second_editor_can(submitted: Any, editor: User) -> None:
    with pytest.raises(WorkflowError, match="four eyes need another editor"):
        do_approve_appeal(submitted, acting_user=editor)
    submitted.refresh_from_db()
    assert submitted.status == "review"
    second = make_user("editor", "second-editor")
    approved = do_approve_appeal(submitted, acting_user=second)
    assert approved.approved_by == second
    event = AuditEvent.objects.get(action="approve_appeal")
    assert event.changes["four_eyes"] == [None, True]


def test_the_page_says_who_submitted_and_refuses_their_approval(
    client: Any, submitted: Any, editor: User
) -> None:
    client.force_login(editor)
    page = client.get(reverse("appeals:detail", args=[submitted.pk])).content.decode()
    assert "Four eyes:" in page
    assert "Submitted by editor-user" in page
    answer = client.post(reverse("appeals:approve", args=[submitted.pk]), follow=True)
    assert "four eyes need another editor" in answer.content.decode()


def test_a_one_person_office_turns_four_eyes_off_and_the_page_says_so(
    client: Any, submitted: Any, editor: User, settings: Any
) -> None:
    settings.OMBUDS_FOUR_EYES = False
    client.force_login(editor)
    page = client.get(reverse("appeals:detail", args=[submitted.pk])).content.decode()
    assert "Four eyes are off" in page
    approved = do_approve_appeal(submitted, acting_user=editor)
    assert approved.status == "approved"
    event = AuditEvent.objects.get(action="approve_appeal")
    assert event.changes["four_eyes"] == [None, False]


def test_whoever_queued_an_email_cannot_release_it_when_stuck(
    submitted: Any, editor: User, settings: Any
) -> None:
    approved = do_approve_appeal(submitted, acting_user=make_user("editor", "second-editor"))
    (row,) = do_queue_email_dispatch(approved, addressees=approved.addressees.all(),
                                     acting_user=editor)  # fmt: skip
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    Dispatch.objects.filter(pk=row.pk).update(status=DispatchStatus.SENDING, updated_at=long_ago)
    with pytest.raises(DispatchError, match="You queued this email"):
        do_release_stuck_dispatch(
            row, reason="worker died; not in the mail log", acting_user=editor
        )
    released = do_release_stuck_dispatch(
        row, reason="worker died; not in the mail log", acting_user=make_user("admin", "boss")
    )
    assert released.status == DispatchStatus.FAILED


def test_the_submitter_is_not_offered_approval_and_another_editor_is(
    client: Any, submitted: Any, editor: User
) -> None:
    client.force_login(editor)
    page = client.get(reverse("appeals:detail", args=[submitted.pk])).content.decode()
    assert "Approve and freeze" not in page
    assert "You submitted this appeal: another editor approves it." in page
    client.force_login(make_user("editor", "second-editor"))
    page = client.get(reverse("appeals:detail", args=[submitted.pk])).content.decode()
    assert "Approve and freeze" in page

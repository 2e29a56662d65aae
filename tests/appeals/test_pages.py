"""The appeals pages: who may do what, and the HTTP contract of each step."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ombuds.appeals.actions import do_approve_appeal, do_submit_appeal
from ombuds.appeals.models import Appeal, Dispatch
from tests.appeals.factories import BODY, addressee, draft, missing_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeal():
    missing_source()
    return draft(addressees=[addressee("Desk A (test)", "a@example.org")])


def login(client, user):
    client.force_login(user)
    return client


def test_a_researcher_drafts_and_submits_but_cannot_approve(client, researcher):
    login(client, researcher)
    missing_source()
    response = client.post(
        reverse("appeals:new"), {"title": "Missing persons", "body": BODY, "signatory": "S"}
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("appeals:detail", args=[appeal.pk])
    page = client.get(response.url)
    assert b"3,890" in page.content
    assert b"Approve and freeze" not in page.content
    client.post(reverse("appeals:submit", args=[appeal.pk]))
    assert client.post(reverse("appeals:approve", args=[appeal.pk])).status_code == 403
    appeal.refresh_from_db()
    assert appeal.status == "review"


def test_an_editor_approves_and_the_page_says_it_is_frozen(client, editor, appeal):
    login(client, editor)
    do_submit_appeal(appeal, acting_user=None)  # submitted by someone else
    response = client.post(reverse("appeals:approve", args=[appeal.pk]), follow=True)
    assert b"frozen" in response.content
    appeal.refresh_from_db()
    assert appeal.status == "approved"
    edit = client.post(reverse("appeals:edit", args=[appeal.pk]), {"title": "x", "body": "y"})
    assert b"start a next appeal" in edit.content


def test_a_viewer_reads_approved_appeals_only_and_may_not_draft(client, viewer, appeal):
    login(client, viewer)
    assert appeal.reference not in client.get(reverse("appeals:list")).content.decode()
    assert client.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 404
    assert client.get(reverse("appeals:letter", args=[appeal.pk, "html"])).status_code == 404
    assert client.get(f"/api/appeals/{appeal.pk}").status_code == 404
    assert client.get(reverse("appeals:new")).status_code == 403
    assert client.post(reverse("appeals:submit", args=[appeal.pk])).status_code == 403
    approved = do_approve_appeal(do_submit_appeal(appeal, acting_user=None), acting_user=None)
    assert approved.reference in client.get(reverse("appeals:list")).content.decode()
    assert client.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 200


@pytest.mark.parametrize(
    ("fmt", "content_type", "start"),
    [
        ("pdf", "application/pdf", b"%PDF"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
        ("html", "text/html; charset=utf-8", b"<!doctype html>"),
    ],
)
def test_the_letter_downloads_in_each_format(client, researcher, appeal, fmt, content_type, start):
    response = login(client, researcher).get(reverse("appeals:letter", args=[appeal.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(start)


def test_an_unknown_format_is_refused_with_a_message(client, researcher, appeal):
    response = login(client, researcher).get(
        reverse("appeals:letter", args=[appeal.pk, "odt"]), follow=True
    )
    assert b"choose one of html, pdf, docx" in response.content


def test_sending_returns_at_once_and_leaves_the_work_to_the_worker(
    client, editor, appeal, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    login(client, editor)
    do_submit_appeal(appeal, acting_user=None)  # submitted by someone else
    client.post(reverse("appeals:approve", args=[appeal.pk]))
    target = appeal.addressees.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("appeals:send", args=[appeal.pk]), {"addressees": [target.pk]}
        )
    assert response.status_code == 302
    assert Dispatch.objects.get().status == "queued"
    task = DBTaskResult.objects.get()
    assert task.status == "READY"
    assert task.args_kwargs["args"] == [[str(Dispatch.objects.get().pk)]]


def test_the_follow_up_and_addressee_pages_render(client, editor):
    login(client, editor)
    assert client.get(reverse("appeals:follow_up")).status_code == 200
    response = client.post(
        reverse("appeals:addressee_new"),
        {"organisation": "New body (test)", "category": "ngo", "emails": "not-an-address"},
    )
    assert b"is not an email address" in response.content
    client.post(
        reverse("appeals:addressee_new"),
        {"organisation": "New body (test)", "category": "ngo", "emails": "x@example.org"},
    )
    page = client.get(reverse("appeals:addressees"))
    assert b"New body (test)" in page.content


def test_the_api_gives_an_appeal_with_its_figures_and_citations(client, researcher, appeal):
    login(client, researcher)
    listing = client.get("/api/appeals/").json()
    assert [a["reference"] for a in listing["items"]] == [appeal.reference]
    detail = client.get(f"/api/appeals/{appeal.pk}").json()
    figure = detail["document"]["figures"][0]
    assert figure["display"] == "3,890"
    assert figure["citations"][0]["source_title"] == "Commission report"
    names = [a["organisation"] for a in client.get("/api/appeals/addressees").json()]
    assert names == ["Desk A (test)"]
    assert client.get("/api/appeals/00000000-0000-0000-0000-000000000000").status_code == 404


def test_the_next_appeal_page_shows_each_figure_then_and_now(client, editor, appeal):
    from ombuds.claims.actions import do_correct_claim
    from ombuds.claims.models import Claim

    login(client, editor)
    do_submit_appeal(appeal, acting_user=None)  # submitted by someone else
    client.post(reverse("appeals:approve", args=[appeal.pk]))
    do_correct_claim(
        Claim.objects.get(measure="missing", subject="servicemen"),
        changes={"value": "3180"},
        reason="a later count",
        acting_user=editor,
    )
    response = client.post(reverse("appeals:next", args=[appeal.pk]), follow=True)
    table = response.content.decode().split('class="then-now"', 1)[1].split("</table>", 1)[0]
    assert "<td>3,171</td><td>3,180 (changed)</td>" in table
    assert "<td>3,890</td><td>3,890</td>" in table
    old = client.get(reverse("appeals:letter", args=[appeal.pk, "html"])).content.decode()
    assert "3,171" in old
    assert "3,180" not in old


def test_the_draft_page_lists_figures_whose_references_resolve(client, researcher):
    import html
    import re

    from ombuds.appeals.rendering import compose

    missing_source()
    page = login(client, researcher).get(reverse("appeals:new") + "?measure=missing")
    references = [
        html.unescape(r) for r in re.findall(r"<code>(.*?)</code>", page.content.decode())
    ]
    assert len(references) == 3
    assert all(r.startswith("{{fig missing/") for r in references)
    doc = compose(draft(" ".join(references)))
    assert doc["errors"] == []
    assert sorted(f["display"] for f in doc["figures"]) == ["3,171", "3,890", "719"]

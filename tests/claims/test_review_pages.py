"""The HTTP contract of the review screen, its decisions and bulk actions, and adding a claim."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ombuds.claims.actions import do_add_claim
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


def test_the_review_screen_shows_labels_parts_under_their_total_and_the_sum(client, editor, source):
    client.force_login(editor)

    response = client.get(reverse("claims:review", args=[source.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    page = page[page.index('id="claims"') :]
    assert "41 civilians killed, since 1 Feb 2022" in page
    assert "at least 600 houses destroyed" in page
    total = page.index("41 civilians killed")
    part = page.index("7 children killed")
    assert total < part
    assert "depth-1" in page[total : part + 300]
    assert "7 = 7 of 41" in page
    head = response.content.decode()
    assert "<script>" not in head  # scripts are static files, for the CSP
    assert "claims/review.js" in head


def test_the_source_page_lists_claims_as_the_review_screen_writes_them(client, editor, source):
    houses = claim_of(source, "destroyed", "houses")
    client.force_login(editor)
    client.post(
        reverse("claims:correct", args=[houses.pk]),
        {"period_end": "2022-03-01", "reason": "period of the report",
         **{name: getattr(houses, name) or "" for name in ("measure", "subject", "value", "unit",
                                                          "qualifier", "cause", "place")}},
    )  # fmt: skip

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("sources:detail", args=[source.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    page = page[page.index('id="claims"') :]
    assert "41 civilians killed, since 1 Feb 2022" in page
    assert "7 children killed, since 1 Feb 2022" in page
    assert "part of <a" in page
    assert "at least 600 houses destroyed" in page
    assert "Corrected: period end" in page
    assert "at_least" not in page
    assert "= <strong>" not in page
    assert '<details class="why"><summary>rule</summary>' in page  # the rule on demand
    few = len(captured)
    for n in range(2, 6):  # more claims, no more queries
        do_add_claim(source, span=(0, 9), values={"measure": "killed", "subject": "people",
                     "value": n}, reason="test", acting_user=editor)  # fmt: skip
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("sources:detail", args=[source.pk]))
    assert len(captured) == few


def test_a_viewer_cannot_open_the_review_screen_or_decide(client, viewer, source):
    client.force_login(viewer)
    claim = claim_of(source, "killed", "civilians")

    assert client.get(reverse("claims:review", args=[source.pk])).status_code == 403
    response = client.post(
        reverse("claims:decide", args=[source.pk]), {"decision": "confirm", "claim": claim.pk}
    )
    assert response.status_code == 403
    assert client.get(reverse("claims:add", args=[source.pk])).status_code == 403


def test_a_researcher_reviews_but_cannot_confirm(client, researcher, source):
    client.force_login(researcher)
    claim = claim_of(source, "killed", "civilians")

    assert client.get(reverse("claims:review", args=[source.pk])).status_code == 200
    response = client.post(
        reverse("claims:decide", args=[source.pk]), {"decision": "confirm", "claim": claim.pk}
    )

    assert response.status_code == 403
    assert "propose" in response.json()["error"]
    claim.refresh_from_db()
    assert claim.status == "extracted"


def test_confirm_and_undo_answer_json(client, editor, source):
    client.force_login(editor)
    claim = claim_of(source, "killed", "civilians")
    url = reverse("claims:decide", args=[source.pk])

    confirmed = client.post(url, {"decision": "confirm", "claim": claim.pk}).json()
    undone = client.post(
        url, {"decision": "undo", "events": ",".join(map(str, confirmed["events"]))}
    )

    assert confirmed["claims"][0]["status"] == "confirmed"
    assert undone.status_code == 200
    claim.refresh_from_db()
    assert claim.status == "extracted"
    bad = client.post(url, {"decision": "undo", "events": "999999"})
    assert bad.status_code == 400
    assert "nothing to undo" in bad.json()["error"]


def test_a_bulk_period_for_a_total_reaches_its_parts(client, editor, source):
    client.force_login(editor)
    total = claim_of(source, "killed", "civilians")

    response = client.post(
        reverse("claims:bulk", args=[source.pk]),
        {"op": "set", "claims": str(total.pk), "period_end": "2022-03-01", "with_parts": "on"},
    )

    assert response.status_code == 302
    part = claim_of(source, "killed", "children")
    assert part.period_end == dt.date(2022, 3, 1)
    assert part.status == "corrected"
    assert AuditEvent.objects.filter(action="correct_claim").count() == 2


def test_making_claims_parts_of_a_total_and_confirming_all_shown(client, editor, source):
    client.force_login(editor)
    houses = claim_of(source, "destroyed", "houses")
    schools = claim_of(source, "destroyed", "schools")
    rejected = claim_of(source, "injured", "civilians")
    rejected.status = "rejected"
    rejected.save()
    url = reverse("claims:bulk", args=[source.pk])

    client.post(url, {"op": "parts", "claims": f"{schools.pk}", "total": str(houses.pk)})
    everything = ",".join(str(pk) for pk in source.claims.values_list("pk", flat=True))
    client.post(url, {"op": "confirm", "claims": everything})

    schools.refresh_from_db()
    rejected.refresh_from_db()
    assert schools.parent_id == houses.pk
    assert rejected.status == "rejected"
    assert set(source.claims.exclude(pk=rejected.pk).values_list("status", flat=True)) <= {
        "confirmed",
        "corrected",
    }


def test_the_add_form_opens_filled_with_the_engines_reading_and_saves_the_exact_span(
    client, editor, source
):
    client.force_login(editor)
    start = REPORT.index("25 schools")
    end = start + len("25 schools were destroyed")
    url = reverse("claims:add", args=[source.pk])

    form = client.get(url, {"start": start, "end": end})
    saved = client.post(
        url,
        {
            "span_start": start,
            "span_end": end,
            "measure": "damaged",
            "subject": "schools",
            "value": "25",
            "unit": "count",
            "qualifier": "exact",
            "reason": "destroyed or damaged",
        },
    )

    assert form.status_code == 200
    assert form.context["form"].initial["measure"] == "destroyed"
    assert form.context["form"].initial["subject"] == "schools"
    assert saved.status_code == 302
    claim = Claim.objects.get(source=source, origin="hand")
    assert claim.quote == "25 schools were destroyed"
    assert claim.measure == "damaged"


def test_an_add_without_a_selection_says_what_to_do(client, editor, source):
    client.force_login(editor)

    response = client.get(reverse("claims:add", args=[source.pk]), follow=True)

    assert "Select a passage" in response.content.decode()


def test_decisions_on_one_source_are_undone_only_on_its_own_page(client, editor, source):
    other, _ = do_ingest_source(
        b"In May 2022, 31 civilians were killed by shelling in the north.",
        filename="other.txt",
        published=dt.date(2022, 6, 1),
        acting_user=None,
    )
    client.force_login(editor)
    claim = claim_of(source, "killed", "civilians")
    confirmed = client.post(
        reverse("claims:decide", args=[source.pk]), {"decision": "confirm", "claim": claim.pk}
    ).json()
    events = ",".join(map(str, confirmed["events"]))

    refused = client.post(
        reverse("claims:decide", args=[other.pk]), {"decision": "undo", "events": events}
    )

    assert refused.status_code == 400
    assert "another source" in refused.json()["error"]
    claim.refresh_from_db()
    assert claim.status == "confirmed"

"""The HTTP contract of the sources and claims pages and of their API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ombuds.claims.models import Claim
from ombuds.core.models import AuditEvent
from ombuds.sources.actions import do_ingest_source
from ombuds.sources.models import Source
from tests.sources.documents import REPORT, REPORT_TWO

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources():
    first, _ = do_ingest_source(
        REPORT.encode(),
        filename="report.txt",
        publisher="Examplia Ombudsperson",
        published=dt.date(2022, 3, 3),
        acting_user=None,
    )
    second, _ = do_ingest_source(
        REPORT_TWO.encode(),
        filename="mines.txt",
        publisher="Examplia Mine Action Centre",
        kind="mine_action_report",
        published=dt.date(2022, 1, 15),
        acting_user=None,
    )
    return first, second


def login(client, user):
    client.force_login(user)
    return client


def test_source_page_marks_every_claim_and_links_both_ways(client, viewer, sources):
    first, _ = sources

    response = login(client, viewer).get(reverse("sources:detail", args=[first.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    for claim in first.claims.all():
        assert f'id="claim-{claim.ordinal}"' in html
        assert f'href="#entry-{claim.ordinal}"' in html
        assert f'id="entry-{claim.ordinal}"' in html
        assert f'href="#claim-{claim.ordinal}"' in html
    assert "<mark" in html


def test_claims_list_filters(client, viewer, sources):
    first, second = sources
    client = login(client, viewer)

    def listed(**params):
        response = client.get(reverse("claims:list"), params)
        assert response.status_code == 200
        return len(response.context["page"].rows)

    assert listed() == Claim.objects.count()
    assert listed(measure="killed") == Claim.objects.filter(measure="killed").count()
    assert listed(subject="schools") == 1
    assert listed(cause="landmine") == second.claims.filter(cause="landmine").count() > 0
    assert listed(source=str(second.pk)) == second.claims.count()
    # The mine report covers 2021; the statement starts in February 2022.
    assert listed(period_from="2021-03-01", period_to="2021-04-30") == second.claims.count()
    assert listed(period_from="2022-02-01") == first.claims.exclude(period_start=None).count()


def test_claims_list_links_back_to_the_passage(client, viewer, sources):
    first, _ = sources
    claim = first.claims.get(subject="schools")

    response = login(client, viewer).get(reverse("claims:list"), {"subject": "schools"})

    assert (
        f"/sources/{first.pk}/?claim={claim.ordinal}#claim-{claim.ordinal}"
        in response.content.decode()
    )


def test_claims_list_shows_words_not_codes(client, viewer, sources):
    """The list reads as the source does: "landmine", "1 Jan – 31 Dec 2021", not the codes."""
    _, second = sources
    claim = second.claims.get(measure="injured")
    claim.qualifier = "at_least"
    claim.save()

    response = login(client, viewer).get(reverse("claims:list"), {"source": str(second.pk)})

    page = response.content.decode()
    assert "at least 44" in page
    assert "at_least" not in page
    assert "1 Jan – 31 Dec 2021" in page
    assert "2021-01-01" not in page


def test_claims_list_pages_by_cursor(client, viewer, sources):
    client = login(client, viewer)
    seen = []
    url = reverse("claims:list")
    cursor = ""
    for _ in range(20):
        response = client.get(url, {"after": cursor} if cursor else {})
        page = response.context["page"]
        seen.extend(c.pk for c in page.rows)
        cursor = page.next_cursor
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == Claim.objects.count()


def test_a_viewer_gets_403_on_the_correct_and_reject_forms(client, viewer, sources):
    claim = Claim.objects.first()
    client = login(client, viewer)

    assert client.get(reverse("claims:correct", args=[claim.pk])).status_code == 403
    assert (
        client.post(reverse("claims:reject", args=[claim.pk]), {"reason": "x"}).status_code == 403
    )
    claim.refresh_from_db()
    assert claim.status == "extracted"


def test_a_researchers_correction_is_a_proposal_and_they_cannot_reject(client, researcher, sources):
    claim = Claim.objects.get(measure="killed", subject="civilians")
    client = login(client, researcher)
    form = {
        "measure": claim.measure, "subject": claim.subject, "value": "42", "unit": claim.unit,
        "qualifier": claim.qualifier, "reason": "the annex gives 42",
    }  # fmt: skip

    response = client.post(reverse("claims:correct", args=[claim.pk]), form)
    rejected = client.post(reverse("claims:reject", args=[claim.pk]), {"reason": "x"})

    assert response.status_code == 302
    assert rejected.status_code == 403
    claim.refresh_from_db()
    assert claim.status == "proposed"
    assert "value" in claim.corrected_fields


def test_an_editor_corrects_a_claim_through_the_form(client, editor, sources):
    first, _ = sources
    claim = first.claims.get(subject="schools")
    form = {
        "measure": "destroyed",
        "subject": "schools",
        "value": "26",
        "unit": "count",
        "qualifier": "exact",
        "period_start": "",
        "period_end": "",
        "cause": "",
        "place": "",
        "parent": "",
        "reason": "a later paragraph gives 26",
    }

    response = login(client, editor).post(reverse("claims:correct", args=[claim.pk]), form)

    assert response.status_code == 302
    assert response["Location"].endswith(
        f"/sources/{first.pk}/?claim={claim.ordinal}#claim-{claim.ordinal}"
    )
    claim.refresh_from_db()
    assert claim.value == 26
    assert claim.corrected_fields == ["value"]
    assert AuditEvent.objects.filter(action="correct_claim", actor=editor).count() == 1


def test_a_bad_correction_is_shown_with_its_message(client, editor, sources):
    claim = Claim.objects.filter(period_start__isnull=False).first()
    form = {
        "measure": claim.measure,
        "subject": claim.subject,
        "value": "5",
        "unit": "count",
        "qualifier": "exact",
        "period_start": "2022-05-01",
        "period_end": "2022-01-01",
        "reason": "typo",
    }

    response = login(client, editor).post(reverse("claims:correct", args=[claim.pk]), form)

    assert response.status_code == 400
    assert "ends before it starts" in response.content.decode()


def test_an_editor_rejects_a_claim(client, editor, sources):
    claim = Claim.objects.first()

    response = login(client, editor).post(
        reverse("claims:reject", args=[claim.pk]), {"reason": "a year, not a count"}
    )

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "rejected"


def test_upload_form_stores_a_document(client, researcher):
    upload = SimpleUploadedFile("statement.txt", REPORT.encode(), content_type="text/plain")
    form = {
        "document": upload,
        "kind": "ombudsman_statement",
        "published": "2022-03-03",
        "published_precision": "day",
        "reliability": "unknown",
        "confidentiality": "public",
        "publisher": "Examplia Ombudsperson",
    }

    response = login(client, researcher).post(reverse("sources:upload"), form)

    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("sources:detail", args=[source.pk])
    assert source.publisher == "Examplia Ombudsperson"
    assert source.claims.count() >= 5


def test_upload_of_a_bad_file_shows_what_to_do(client, researcher):
    upload = SimpleUploadedFile("empty.txt", b"", content_type="text/plain")
    form = {
        "document": upload,
        "kind": "other",
        "published_precision": "day",
        "reliability": "unknown",
        "confidentiality": "public",
    }

    response = login(client, researcher).post(reverse("sources:upload"), form)

    assert response.status_code == 400
    assert Source.objects.count() == 0


def test_a_viewer_may_not_upload(client, viewer):
    assert login(client, viewer).get(reverse("sources:upload")).status_code == 403


def test_sources_list_filters_and_dashboard_tiles(client, viewer, sources):
    client = login(client, viewer)

    everything = client.get(reverse("sources:list"))
    mines = client.get(reverse("sources:list"), {"kind": "mine_action_report"})

    assert len(everything.context["page"].rows) == 2
    assert [s.filename for s in mines.context["page"].rows] == ["mines.txt"]
    tiles = [
        *apps.get_app_config("sources").dashboard_tiles(viewer),
        *apps.get_app_config("claims").dashboard_tiles(viewer),
    ]
    labels = {tile.label: tile.count for tile in tiles}
    assert labels["Sources"] == 2
    assert labels["Claims (not rejected)"] == Claim.objects.count()


def test_api_lists_sources_claims_and_one_source(client, viewer, sources):
    first, second = sources
    client = login(client, viewer)

    listed = client.get("/api/sources/").json()
    detail = client.get(f"/api/sources/{first.pk}").json()
    claims = client.get("/api/claims/", {"source": str(second.pk), "measure": "killed"}).json()

    assert {s["id"] for s in listed["items"]} == {str(first.pk), str(second.pk)}
    assert len(detail["claims"]) == first.claims.count()
    for claim in detail["claims"]:
        start, end = claim["span"]
        assert detail["text"][start:end] == claim["quote"]
    children = next(c for c in detail["claims"] if c["subject"] == "children")
    assert children["parent"] == first.claims.get(measure="killed", subject="civilians").ordinal
    assert [(c["measure"], c["value"]) for c in claims["items"]] == [("killed", 19.0)]


def test_api_needs_a_login(client, sources):
    response = client.get("/api/claims/")

    assert response.status_code in (302, 401)
    assert b"quote" not in response.content


def test_re_extraction_from_the_source_page(client, researcher, viewer, sources):
    first, _ = sources
    url = reverse("sources:reextract", args=[first.pk])

    assert login(client, viewer).post(url).status_code == 403
    response = login(client, researcher).post(url)

    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="reextract_source", actor=researcher).count() == 1


def test_metadata_form_saves_and_audits(client, researcher, sources):
    first, _ = sources
    form = {
        "title": "Statement of 3 March",
        "kind": "ombudsman_statement",
        "author": "Ombudsperson of Examplia",
        "publisher": "Examplia Ombudsperson",
        "published": "2022-03-03",
        "published_precision": "day",
        "language": "en",
        "url": "https://ombudsperson.example/statements/3-march",
        "reliability": "likely_reliable",
        "confidentiality": "public",
    }

    response = login(client, researcher).post(reverse("sources:edit", args=[first.pk]), form)

    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.title, first.reliability) == ("Statement of 3 March", "likely_reliable")
    event = AuditEvent.objects.get(action="update_source_metadata")
    assert event.changes["author"] == ["", "Ombudsperson of Examplia"]


def test_the_stored_file_downloads_as_it_was_received(client, viewer, sources):
    first, _ = sources

    response = login(client, viewer).get(reverse("sources:file", args=[first.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == REPORT.encode()
    assert "report.txt" in response["Content-Disposition"]

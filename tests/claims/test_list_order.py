"""One source's claims are listed in document order, page after page; others newest first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ombuds.claims.models import Claim
from ombuds.sources.actions import do_ingest_source
from ombuds.sources.keyset import keyset_page

pytestmark = pytest.mark.django_db

PLACES = ["Northtown", "Easton", "Southvale", "Westbury", "Midfield", "Lakeside", "Hillcrest"]
DOCUMENT = "Weekly update of the Examplia Relief Desk (synthetic test document).\n\n" + "".join(
    f"In {place}, {n + 3} civilians were killed and {n + 40} houses were destroyed in May 2022.\n"
    for n, place in enumerate(PLACES)
)


@pytest.fixture
def long_source():
    do_ingest_source(
        b"Another desk: 5 people were injured in 2021.\n",
        filename="other.txt",
        acting_user=None,
    )
    source, _ = do_ingest_source(
        DOCUMENT.encode(), filename="weekly.txt", published=dt.date(2022, 6, 1), acting_user=None
    )
    assert source.claims.count() >= 10
    return source


def test_a_source_filter_lists_its_claims_in_document_order_across_pages(
    client, viewer, long_source
):
    client.force_login(viewer)
    seen: list[int] = []
    after = ""
    while True:
        answer = client.get(
            "/api/claims/", {"source": str(long_source.pk), "limit": 3, "after": after}
        ).json()
        seen += [c["ordinal"] for c in answer["items"]]
        after = answer["next"]
        if not after:
            break

    expected = list(long_source.claims.order_by("ordinal").values_list("ordinal", flat=True))
    assert seen == expected
    starts = [c.span_start for c in long_source.claims.order_by("ordinal")]
    assert starts == sorted(starts)  # ordinal is the order of the text
    page = client.get(reverse("claims:list"), {"source": str(long_source.pk)})
    assert [c.ordinal for c in page.context["page"].rows] == expected


def test_without_a_source_filter_the_list_stays_newest_first(client, viewer, long_source):
    client.force_login(viewer)

    rows = client.get(reverse("claims:list")).context["page"].rows

    keys = [(c.created_at, c.pk) for c in rows]
    assert keys == sorted(keys, reverse=True)
    assert len({c.source_id for c in rows}) == 2


def test_an_ascending_cursor_resumes_after_its_row(long_source):
    claims = Claim.objects.filter(source=long_source)
    first = keyset_page(claims, size=4, order="ordinal")
    second = keyset_page(claims, size=4, cursor=first.next_cursor, order="ordinal")
    damaged = keyset_page(claims, size=4, cursor="not-a-cursor", order="ordinal")

    assert [c.ordinal for c in first.rows + second.rows] == sorted(
        claims.values_list("ordinal", flat=True)
    )[:8]
    assert second.first is False
    assert [c.pk for c in damaged.rows] == [c.pk for c in first.rows]

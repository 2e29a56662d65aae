"""A long source is shown a window at a time, with only that window's claims; its API page is
bounded too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ombuds.sources.actions import do_ingest_source
from ombuds.sources.models import Source
from ombuds.sources.text_windows import WINDOW, text_window, window_of

pytestmark = pytest.mark.django_db

FILLER = "The office visited the area and spoke with the families who live there. " * 10
PARAGRAPH = (
    "Report {n}. In 2021, {k} civilians were killed by landmines in district {n}, "
    "including 2 children. " + FILLER + "\n\n"
)
COUNT = 160


@pytest.fixture
def long_source():
    text = "".join(PARAGRAPH.format(n=n, k=10 + n % 50) for n in range(COUNT))
    assert len(text) > 2 * WINDOW
    source, _new = do_ingest_source(text.encode(), filename="long.txt", acting_user=None)
    return source


def test_the_windows_cover_the_text_once_and_cut_after_line_breaks(long_source):
    first = text_window(long_source, 0)
    assert first.count == -(-len(long_source.text) // WINDOW)
    pieces = [text_window(long_source, n) for n in range(first.count)]
    assert "".join(p.text for p in pieces) == long_source.text
    for piece in pieces[1:]:
        assert long_source.text[piece.start - 1] == "\n"
        assert piece.start == sum(len(p.text) for p in pieces[: piece.number])
        assert window_of(long_source, piece.start) == piece.number
        assert window_of(long_source, piece.start - 1) == piece.number - 1
    assert text_window(long_source, 10**9).number == first.count - 1
    assert text_window(long_source, -5).number == 0


def test_the_source_page_shows_one_window_and_its_claims(client, viewer, long_source):
    client.force_login(viewer)
    url = reverse("sources:detail", args=[long_source.pk])
    total = long_source.claims.count()

    page = client.get(url).content.decode()
    first = text_window(long_source, 0)
    shown = long_source.claims.filter(span_start__lt=len(first.text))
    assert 0 < shown.count() < total
    assert f"Claims ({shown.count()} in part 1 of {total})" in page
    assert page.count('class="claim-ref"') >= shown.count()
    assert "Report 0." in page
    assert f"Report {COUNT - 1}." not in page
    assert "?part=2" in page

    last = client.get(url, {"part": 10**6}).content.decode()
    assert f"Report {COUNT - 1}." in last
    assert f"Part {first.count} of {first.count}" in last
    assert client.get(url, {"part": "x"}).status_code == 200


def test_a_short_source_page_is_one_window_as_before(client, viewer):
    source, _new = do_ingest_source(
        PARAGRAPH.format(n=1, k=19).encode(), filename="short.txt", acting_user=None
    )
    client.force_login(viewer)
    page = client.get(reverse("sources:detail", args=[source.pk])).content.decode()
    assert "Part 1 of" not in page
    assert f"Claims ({source.claims.count()})" in page


def test_the_api_gives_a_bounded_page_of_text_and_claims(client, viewer, long_source):
    client.force_login(viewer)
    url = f"/api/sources/{long_source.pk}"
    total = long_source.claims.count()

    first = client.get(url, {"limit": 50}).json()
    assert first["text"] == long_source.text  # under the limit: the whole text
    assert (first["text_from"], first["text_total"]) == (0, len(long_source.text))
    assert len(first["claims"]) == 50
    assert first["claims_total"] == total
    claims, after = list(first["claims"]), first["claims_next"]
    while after:
        page = client.get(url, {"limit": 50, "after": after}).json()
        claims += page["claims"]
        after = page["claims_next"]
    assert [c["ordinal"] for c in claims] == sorted(c.ordinal for c in long_source.claims.all())

    part = client.get(url, {"text_from": 1000, "text_length": 500, "limit": 1}).json()
    assert part["text"] == long_source.text[1000:1500]
    claim = part["claims"][0]
    start, end = claim["span"]
    assert long_source.text[start:end] == claim["quote"]
    for bad in ({"limit": 501}, {"text_length": 1_000_001}, {"text_from": -1}):
        assert client.get(url, bad).status_code == 422


def test_the_database_keeps_the_length_of_the_text_in_characters(client, viewer):
    # Characters, not bytes: windows and API offsets count as Python's str does.
    text = "Şəhər: 12 mülki şəxs öldürülüb. Ещё 3 ранены.\n\n" * 40
    source, _new = do_ingest_source(text.encode(), filename="az.txt", acting_user=None)
    assert Source.objects.get(pk=source.pk).text_length == len(text) < len(text.encode())
    client.force_login(viewer)
    tail = client.get(f"/api/sources/{source.pk}", {"text_from": len(text) - 10}).json()
    assert (tail["text_total"], tail["text"]) == (len(text), text[-10:])

    Source.objects.filter(pk=source.pk).update(text="Ещё")  # any write of the text
    assert Source.objects.get(pk=source.pk).text_length == 3


def test_a_link_to_a_claim_opens_the_window_that_holds_it(client, viewer, long_source):
    client.force_login(viewer)
    last = long_source.claims.order_by("-ordinal").first()
    url = reverse("sources:detail", args=[long_source.pk])
    page = client.get(url, {"claim": last.ordinal}).content.decode()
    assert f'id="claim-{last.ordinal}"' in page
    assert f'id="entry-{last.ordinal}"' in page


def test_the_parent_chooser_suggests_neighbours_and_takes_a_number(client, editor, long_source):
    claims = list(long_source.claims.order_by("ordinal"))
    child = claims[100]
    client.force_login(editor)
    url = reverse("claims:correct", args=[child.pk])
    page = client.get(url).content.decode()
    suggestions = page.split('<datalist id="parent-suggestions">')[1].split("</datalist>")[0]
    assert suggestions.count("<option value=") == 40  # 30 before, 10 after: never all of them
    assert f'<option value="{claims[99].ordinal}">' in suggestions
    assert f'<option value="{claims[0].ordinal}">' not in suggestions

    form = {
        name: getattr(child, name) or ""
        for name in ("measure", "subject", "value", "unit", "qualifier", "cause", "place")
    }
    form["period_start"] = child.period_start or ""
    form["period_end"] = child.period_end or ""
    refused = client.post(url, {**form, "parent": 999_999, "reason": "test"})
    assert refused.status_code == 400
    assert "The source has no claim [999999]" in refused.content.decode()
    client.post(url, {**form, "parent": claims[0].ordinal, "reason": "test"})
    child.refresh_from_db()
    assert child.parent == claims[0]

"""Copies of one text: found on ingest, grouped, shown on the source page, split and joined."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from click.testing import CliRunner
from django.db.models import Q

from ombuds.cli import main
from ombuds.core.models import AuditEvent
from ombuds.sources import copies
from ombuds.sources.actions import do_ingest_source
from ombuds.sources.copy_actions import do_join_copies, do_split_copy
from ombuds.sources.errors import CopiesRefused
from ombuds.sources.models import SeparateTexts, SignatureBand, Source, TextSignature
from tests.sources.documents import pdf_bytes

pytestmark = pytest.mark.django_db

# A story written for the tests, long enough to be told apart from others by its shingles.
STORY = (
    "Mine explosions in the northern districts of Examplia\n\n"
    "The mine action centre of Examplia said on Monday that 14 civilians were killed and 31 "
    "were injured by landmines in the northern districts since the start of the year. Most of "
    "the victims were farmers working their fields near the old front line, the centre said, "
    "and four of the dead were children who had picked up unexploded shells near a school.\n\n"
    "Clearance teams have surveyed 120 square kilometres so far, but the centre warned that "
    "maps handed over after the fighting covered only a small share of the mined land. It "
    "asked donors for more detectors and for training of local deminers before the spring "
    "sowing season begins.\n"
)
# The same story as another outlet republished it: a new headline, a byline, words changed,
# a line of its own at the end.
REPUBLISHED = (
    "Landmines kill 14 civilians in northern Examplia\n"
    "By our staff correspondent\n\n"
    + STORY.split("\n\n", 1)[1]
    .replace("said on Monday", "reported on Monday")
    .replace("Most of the victims", "Most victims")
    .replace("the centre warned", "it warned")
    + "\nRead more of our coverage of mine action on our website.\n"
)
OTHER_STORY = (
    "Mine explosions in the southern districts of Examplia\n\n"
    "The ombudsperson of Examplia wrote to parliament about displaced families who cannot go "
    "home to the southern districts because their villages have not been cleared. Some 2,300 "
    "families still live in collective centres, the letter said, and the schools in three "
    "towns remain closed. The ombudsperson asked for a plan with dates for each village and "
    "for help with rent for the families who have found flats in the capital.\n\n"
    "The mine action centre of Examplia said that clearance of the southern districts would "
    "start after the northern districts are finished, and that it had no date for it yet.\n"
)


def ingest(text: str | bytes, name: str, **metadata: object) -> Source:
    data = text.encode() if isinstance(text, str) else text
    metadata.setdefault("published", dt.date(2024, 3, 4))
    source, created = do_ingest_source(data, filename=name, acting_user=None, **metadata)
    assert created
    return source


def group_of(source: Source) -> set[str]:
    source.refresh_from_db(fields=["copy_of"])
    group = source.copy_group_id
    members = Source.objects.filter(Q(pk=group) | Q(copy_of_id=group))
    return {str(pk) for pk in members.values_list("pk", flat=True)}


def test_a_pdf_and_a_txt_of_the_same_text_are_one_group():
    txt = ingest(STORY, "story.txt", publisher="Examplia Mine Action Centre")
    pdf = ingest(pdf_bytes(STORY), "story.pdf", publisher="Examplia Mine Action Centre")
    assert group_of(pdf) == {str(txt.pk), str(pdf.pk)}
    # The first stored represents the group; the copy points to it.
    assert txt.copy_of_id is None
    assert pdf.copy_of_id == txt.pk
    event = AuditEvent.objects.filter(action="ingest_source", object_id=str(pdf.pk)).get()
    assert event.changes["copy_of"] == [None, str(txt.pk)]


def test_a_lightly_edited_republication_is_grouped():
    wire = ingest(STORY, "wire.txt", publisher="Wire agency")
    again = ingest(REPUBLISHED, "outlet.txt", publisher="Daily outlet")
    assert TextSignature.objects.get(source=again).digest != (
        TextSignature.objects.get(source=wire).digest
    )
    assert again.copy_of_id == wire.pk


def test_two_different_stories_are_not_grouped():
    first = ingest(STORY, "north.txt")
    second = ingest(OTHER_STORY, "south.txt")
    a, b = (copies.signature(s.text) for s in (first, second))
    assert a is not None
    assert b is not None
    assert copies.similarity(a.minhash, b.minhash) < copies.THRESHOLD
    assert first.copy_of_id is None
    assert second.copy_of_id is None
    assert group_of(second) == {str(second.pk)}


def test_short_texts_are_copies_only_word_for_word():
    a = ingest("As of 1 March, 41 civilians were killed in Examplia.", "a.txt")
    b = ingest("AS OF 1 MARCH: 41 civilians were killed in Examplia!", "b.txt")
    c = ingest("As of 1 March, 42 civilians were killed in Examplia.", "c.txt")
    assert b.copy_of_id == a.pk
    assert c.copy_of_id is None
    # Short texts have no bands: only their words' digest finds them.
    assert not SignatureBand.objects.filter(source__in=[a, b, c]).exists()


def test_a_scan_is_grouped_once_its_text_is_read_by_ocr():
    from ombuds.sources.ocr_actions import do_run_ocr_job
    from tests.sources.scans import page, scanned_pdf

    txt = ingest(STORY, "story.txt")
    paragraphs = [textwrap.wrap(p, 60) for p in STORY.split("\n\n")]
    scan, _created = do_ingest_source(
        scanned_pdf(page(paragraphs)), filename="scan.pdf", acting_user=None,
        ocr_in_background=False,
    )  # fmt: skip
    assert not TextSignature.objects.filter(source=scan).exists()
    do_run_ocr_job(scan.ocr_jobs.get(), acting_user=None)
    scan.refresh_from_db()
    assert scan.copy_of_id == txt.pk
    event = AuditEvent.objects.get(action="read_source_by_ocr")
    assert event.changes["copy_of"] == [None, str(txt.pk)]


def test_the_source_page_names_its_copies_to_whoever_may_see_them(client, viewer, editor):
    wire = ingest(STORY, "wire.txt", title="Wire story")
    outlet = ingest(REPUBLISHED, "outlet.txt", title="Outlet story")
    hidden = ingest(
        pdf_bytes(STORY), "wire.pdf", title="Restricted copy", confidentiality="restricted"
    )
    client.force_login(editor)
    page = client.get(f"/sources/{wire.pk}/").content.decode()
    assert "Same text as:" in page
    assert f'href="/sources/{outlet.pk}/"' in page
    assert f'href="/sources/{hidden.pk}/"' in page
    client.force_login(viewer)
    page = client.get(f"/sources/{outlet.pk}/").content.decode()
    assert f'href="/sources/{wire.pk}/"' in page
    assert "Restricted copy" not in page
    assert str(hidden.pk) not in page
    # Every copy stays visible and found by the list's search.
    listing = client.get("/sources/?title=story").content.decode()
    assert "Wire story" in listing
    assert "Outlet story" in listing


def test_a_reviewer_splits_a_source_out_of_its_group(client, editor):
    wire = ingest(STORY, "wire.txt")
    outlet = ingest(REPUBLISHED, "outlet.txt")
    pdf = ingest(pdf_bytes(STORY), "wire.pdf")
    client.force_login(editor)
    response = client.post(
        f"/sources/{outlet.pk}/copies/split/", {"reason": "a different outlet's own report"}
    )
    assert response.status_code == 302
    outlet.refresh_from_db()
    assert outlet.copy_of_id is None
    assert group_of(wire) == {str(wire.pk), str(pdf.pk)}
    event = AuditEvent.objects.get(action="split_copy")
    assert event.reason == "a different outlet's own report"
    assert event.actor_name == editor.username
    assert SeparateTexts.objects.count() == 2
    # Grouping again (the command) does not join them again.
    TextSignature.objects.filter(source=outlet).update(version="older")
    result = CliRunner().invoke(main, ["sources", "group-copies"])
    assert result.exit_code == 0, result.output
    outlet.refresh_from_db()
    assert outlet.copy_of_id is None


def test_the_representative_leaving_hands_the_group_to_the_next_copy():
    wire = ingest(STORY, "wire.txt")
    outlet = ingest(REPUBLISHED, "outlet.txt")
    pdf = ingest(pdf_bytes(STORY), "wire.pdf")
    do_split_copy(wire, reason="the wire's text differs after all", acting_user=None)
    outlet.refresh_from_db()
    pdf.refresh_from_db()
    assert outlet.copy_of_id is None
    assert pdf.copy_of_id == outlet.pk
    assert group_of(wire) == {str(wire.pk)}


def test_splitting_without_a_reason_or_a_group_is_refused_and_changes_nothing():
    wire = ingest(STORY, "wire.txt")
    outlet = ingest(REPUBLISHED, "outlet.txt")
    alone = ingest(OTHER_STORY, "south.txt")
    with pytest.raises(CopiesRefused, match="Say why"):
        do_split_copy(outlet, reason="  ", acting_user=None)
    with pytest.raises(CopiesRefused, match="no group"):
        do_split_copy(alone, reason="tidying", acting_user=None)
    outlet.refresh_from_db()
    assert outlet.copy_of_id == wire.pk
    assert not SeparateTexts.objects.exists()
    assert not AuditEvent.objects.filter(action="split_copy").exists()


def test_a_reviewer_joins_two_sources_as_copies(client, editor, researcher):
    first = ingest(STORY, "north.txt")
    second = ingest(OTHER_STORY, "south.txt")
    client.force_login(researcher)
    data = {"other": f"https://ombuds.example/sources/{second.pk}/", "reason": "one text"}
    assert client.post(f"/sources/{first.pk}/copies/join/", data).status_code == 403
    client.force_login(editor)
    response = client.post(f"/sources/{first.pk}/copies/join/", data)
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.copy_of_id == first.pk
    event = AuditEvent.objects.get(action="join_copies")
    assert event.reason == "one text"
    assert event.changes["group"] == [None, {"representative": str(first.pk),
                                             "copies": [str(second.pk)]}]  # fmt: skip
    with pytest.raises(CopiesRefused, match="one group of copies already"):
        do_join_copies(second, first, reason="again", acting_user=None)


def test_joining_after_a_split_forgets_the_split():
    wire = ingest(STORY, "wire.txt")
    outlet = ingest(REPUBLISHED, "outlet.txt")
    do_split_copy(outlet, reason="thought different", acting_user=None)
    assert SeparateTexts.objects.count() == 1
    do_join_copies(outlet, wire, reason="the same after all", acting_user=None)
    outlet.refresh_from_db()
    assert outlet.copy_of_id == wire.pk
    assert not SeparateTexts.objects.exists()


def test_a_join_form_without_a_source_id_says_what_to_give(client, editor):
    first = ingest(STORY, "north.txt")
    client.force_login(editor)
    response = client.post(
        f"/sources/{first.pk}/copies/join/", {"other": "the other one", "reason": "same"},
        follow=True,
    )  # fmt: skip
    assert "Give the other source&#x27;s id or paste the address of its page." in (
        response.content.decode()
    )
    assert not AuditEvent.objects.filter(action="join_copies").exists()


def test_group_copies_groups_the_sources_stored_before_with_progress():
    wire = ingest(STORY, "wire.txt")
    outlet = ingest(REPUBLISHED, "outlet.txt")
    other = ingest(OTHER_STORY, "south.txt")
    # As they were before copies were grouped: no signatures, no groups.
    Source.objects.update(copy_of=None)
    TextSignature.objects.all().delete()
    SignatureBand.objects.all().delete()
    result = CliRunner().invoke(main, ["sources", "group-copies"])
    assert result.exit_code == 0, result.output
    assert "3 of 3 sources signed, 1 grouped as copies" in result.stderr
    assert "Signed 3 sources; 1 joined a group of copies." in result.stdout
    outlet.refresh_from_db()
    other.refresh_from_db()
    assert outlet.copy_of_id == wire.pk
    assert other.copy_of_id is None
    assert AuditEvent.objects.filter(action="group_copies").count() == 1
    again = CliRunner().invoke(main, ["sources", "group-copies"])
    assert "nothing to do" in again.stdout

"""Copies of one text are one voice in the ledger: their agreement is no agreement."""

from __future__ import annotations

import datetime as dt

import pytest

from ombuds.figures.checks import run_checks
from tests.figures.facts import fact

END = dt.date(2022, 12, 31)
# s1 and s2 hold one text (s1 represents it); s3 is another source.
COPIES = {"s1": ("s1", "public"), "s2": ("s1", "public")}


def kinds(findings):
    return sorted(f.kind for f in findings)


def three_sources(value_in_copy: float = 3890):
    return [
        fact("missing", "people", 3890, source="s1", publisher="Wire", period_end=END),
        fact("missing", "people", value_in_copy, source="s2", publisher="Outlet", period_end=END),
        fact("missing", "people", 3890, source="s3", publisher="Commission", period_end=END),
    ]


def test_without_copies_three_sources_agree_pairwise():
    assert kinds(run_checks(three_sources())) == ["agrees", "agrees", "agrees"]


def test_two_copies_and_another_source_are_one_agreement():
    (finding,) = run_checks(three_sources(), copies=COPIES)
    assert finding.kind == "agrees"
    assert {c.source_id for c in finding.claims} == {"s1", "s3"}


def test_copies_alone_agreeing_are_no_finding():
    facts = three_sources()[:2]
    assert run_checks(facts, copies=COPIES) == []


def test_a_copy_whose_figure_was_edited_still_differs():
    findings = run_checks(three_sources(value_in_copy=3900), copies=COPIES)
    assert kinds(findings) == ["agrees", "differs", "differs"]


def test_copies_kept_at_different_levels_stay_two_voices():
    levels = {"s1": ("s1", "public"), "s2": ("s1", "restricted")}
    assert kinds(run_checks(three_sources(), copies=levels)) == ["agrees", "agrees", "agrees"]


def test_a_finding_inside_a_text_is_found_once_for_its_copies():
    def document(source: str):
        total = fact("killed", "civilians", 10, source=source, claim_id=f"{source}-t",
                     period_end=END)  # fmt: skip
        part = fact("killed", "children", 14, source=source, parent_id=f"{source}-t",
                    period_end=END)  # fmt: skip
        return [total, part]

    facts = document("s1") + document("s2")
    alone = [f for f in run_checks(facts) if f.kind == "parts_exceed_total"]
    grouped = [f for f in run_checks(facts, copies=COPIES) if f.kind == "parts_exceed_total"]
    assert len(alone) == 2
    (finding,) = grouped
    assert {c.source_id for c in finding.claims} == {"s1"}


@pytest.mark.django_db
def test_a_pdf_and_a_txt_of_one_story_agree_with_another_source_once():
    from ombuds.figures.actions import do_run_checks
    from ombuds.figures.models import Finding
    from ombuds.sources.actions import do_ingest_source
    from tests.sources.documents import pdf_bytes
    from tests.sources.test_copies import STORY

    published = dt.date(2024, 3, 4)
    for data, name in ((STORY.encode(), "story.txt"), (pdf_bytes(STORY), "story.pdf")):
        do_ingest_source(data, filename=name, publisher="Examplia Mine Action Centre",
                         published=published, acting_user=None)  # fmt: skip
    do_ingest_source(
        b"Statement of the ombudsperson.\n\nSince the start of the year 14 civilians were "
        b"killed by landmines in the northern districts.\n",
        filename="ombudsperson.txt", publisher="Ombudsperson of Examplia", published=published,
        acting_user=None,
    )  # fmt: skip
    do_run_checks(acting_user=None)
    agreeing = [
        f for f in Finding.objects.filter(kind="agrees").prefetch_related("claims")
        if any(c.value == 14 for c in f.claims.all())
    ]  # fmt: skip
    assert len(agreeing) == 1, [f.explanation for f in agreeing]
    sources = {c.source.filename for c in agreeing[0].claims.all()}
    assert sources == {"story.txt", "ombudsperson.txt"}

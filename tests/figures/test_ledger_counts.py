"""The findings pages' counts and keyset pages: exact, and only what each role may see.

The counts come from ``FindingCount`` and each finding's ``levels``, kept by the actions;
here they are compared with the rule written out the slow way (a finding is visible when
every source of its claims is), after the checks, a resolution, a change of a source's
confidentiality, a rejected claim and a re-run.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.urls import reverse

from ombuds.claims.actions import do_reject_claim
from ombuds.core.vocabularies import Confidentiality
from ombuds.figures.actions import do_resolve_finding, do_run_checks
from ombuds.figures.index import index_state, list_figure_keys
from ombuds.figures.models import ChecksRun, FigureSummary, Finding, FindingCount, FindingState
from ombuds.figures.queries import CURRENT_STATES, count_findings, findings_page
from ombuds.sources.actions import do_update_source_metadata
from ombuds.sources.models import Source
from tests.figures.factories import make_claim, make_source

pytestmark = pytest.mark.django_db
END = dt.date(2022, 12, 31)
LEVELS = [Confidentiality.PUBLIC, Confidentiality.INTERNAL, Confidentiality.RESTRICTED]


@pytest.fixture
def ledger():
    """Nine sources of the three levels stating figures of four keys differently: findings of
    every state but retired, of several kinds, about sources of one, two or three levels."""
    sources = []
    for n in range(9):
        source = make_source(
            f"Report {n}", publisher=f"Publisher {n % 4}", published=dt.date(2023, 1, 1 + n)
        )
        source.confidentiality = LEVELS[n % 3]
        source.save(update_fields=["confidentiality"])
        sources.append(source)
        for k, measure in enumerate(("killed", "injured", "missing", "detained")):
            make_claim(source, measure, "civilians", 100 + 7 * n * (k + 1), period_end=END)
    do_run_checks(acting_user=None)
    return sources


def visible_the_slow_way(user):
    """The findings ``user`` may see by the rule of the sources: none of their claims of a
    source hidden from the user."""
    hidden = Source.objects.exclude(pk__in=Source.objects.visible_to(user).values("pk"))
    return Finding.objects.exclude(claims__source__in=hidden)


def assert_counts_exact(*users):
    groups = Counter(Finding.objects.values_list("state", "status", "kind", "levels"))
    cells = {(c.state, c.status, c.kind, c.levels): c.findings for c in FindingCount.objects.all()}
    assert cells == dict(groups)
    for user in users:
        visible = visible_the_slow_way(user)
        for state in (*CURRENT_STATES, ""):
            states = [state] if state else list(CURRENT_STATES)
            expected = visible.filter(state__in=states)
            assert count_findings(user=user, state=state) == expected.count(), (user, state)
            for status in ("contradiction", "needs_review", "consistent"):
                assert count_findings(user=user, state=state, status=status) == (
                    expected.filter(status=status).count()
                )
            for kind in set(Finding.objects.values_list("kind", flat=True)):
                assert count_findings(user=user, state=state, kind=kind) == (
                    expected.filter(kind=kind).count()
                )


def test_counts_stay_exact_through_checks_resolutions_confidentiality_and_rejections(
    ledger, viewer, researcher, editor
):
    users = (viewer, researcher, editor)
    assert Finding.objects.filter(state=FindingState.OPEN).exists()
    assert_counts_exact(*users)
    # The viewer sees fewer findings than the researcher, who sees fewer than the editor.
    seen = [count_findings(user=u, state="") for u in users]
    assert 0 < seen[0] < seen[1] < seen[2] == Finding.objects.exclude(state="retired").count()

    finding = Finding.objects.filter(state=FindingState.OPEN, levels=1).first()
    assert finding is not None, "the ledger has an open finding about public sources only"
    do_resolve_finding(finding, reason="Checked with the publisher.", acting_user=editor)
    assert_counts_exact(*users)

    public = ledger[0]
    before = count_findings(user=viewer, state="")
    do_update_source_metadata(
        public, changes={"confidentiality": Confidentiality.RESTRICTED}, acting_user=None
    )
    assert count_findings(user=viewer, state="") < before
    assert_counts_exact(*users)

    do_reject_claim(public.claims.first(), reason="Misread.", acting_user=editor)
    do_run_checks(acting_user=None)
    assert_counts_exact(*users)


def test_a_resolved_finding_no_longer_found_is_retired_and_counted_so(ledger, editor, viewer):
    finding = Finding.objects.filter(state=FindingState.OPEN).first()
    do_resolve_finding(finding, reason="Known.", acting_user=editor)
    claim = finding.claims.first()
    do_reject_claim(claim, reason="Misread.", acting_user=editor)
    do_run_checks(acting_user=None)
    finding.refresh_from_db()
    assert finding.state == FindingState.RETIRED
    assert_counts_exact(viewer, editor)


def test_keyset_pages_have_no_duplicates_or_gaps_for_any_role_state_or_filter(
    ledger, viewer, researcher, editor
):
    # Every finding of a run is stored at the same moment: the pages break ties on the id.
    assert Finding.objects.values("created_at").distinct().count() == 1
    for user in (viewer, researcher, editor):
        visible = visible_the_slow_way(user)
        for filters in (
            {"state": FindingState.OPEN},
            {"state": ""},
            {"state": "", "kind": "differs"},
            {"state": "", "key_slug": Finding.objects.order_by("key_slug").first().key_slug},
        ):
            states = [filters["state"]] if filters["state"] else list(CURRENT_STATES)
            expected = list(
                visible.filter(
                    state__in=states, **{k: v for k, v in filters.items() if k != "state"}
                )
                .order_by("-created_at", "-id")
                .values_list("pk", flat=True)
            )
            seen = []
            cursor = ""
            pages = 0
            while True:
                page = findings_page(user=user, cursor=cursor, size=4, **filters)
                seen.extend(f.pk for f in page.rows)
                pages += 1
                if not page.next_cursor:
                    break
                cursor = page.next_cursor
            assert seen == expected, (user, filters)
            assert pages == max(1, -(-len(expected) // 4))


def test_the_findings_page_filters_counts_and_pages_by_cursor(client, ledger, viewer):
    client.force_login(viewer)
    expected = visible_the_slow_way(viewer).filter(state=FindingState.OPEN).count()
    first = client.get(reverse("figures:findings"))
    assert first.status_code == 200
    assert f"{expected} finding" in first.content.decode()
    bad = client.get(reverse("figures:findings"), {"key": "not a key"})
    assert bad.status_code == 200
    assert "This is not a figure key" in bad.content.decode()
    page = findings_page(user=viewer, state="", size=2)
    assert page.next_cursor
    second = client.get(reverse("figures:findings"), {"state": "", "after": page.next_cursor})
    assert second.status_code == 200
    body = second.content.decode()
    for finding in page.rows:
        assert f"finding-{finding.pk}" not in body


def test_the_index_counts_for_each_role_exclude_sources_it_may_not_see(
    ledger, viewer, researcher, editor
):
    for user, levels in (
        (viewer, {"public"}),
        (researcher, {"public", "internal"}),
        (editor, {"public", "internal", "restricted"}),
    ):
        keys = {s.key.measure: s for s in list_figure_keys(user=user)}
        shown = sum(1 for s in ledger if s.confidentiality in levels)
        assert {s.claims for s in keys.values()} == {shown}, user
        assert {s.sources for s in keys.values()} == {shown}, user
        for summary in keys.values():
            assert summary.current is not None
            assert summary.current.source.confidentiality in levels
    # A source made restricted leaves the viewer's counts at once (counted live until the
    # checks run again), then the rebuilt index agrees.
    do_update_source_metadata(
        ledger[0], changes={"confidentiality": Confidentiality.RESTRICTED}, acting_user=None
    )
    live = {s.key.measure: s.claims for s in list_figure_keys(user=viewer)}
    assert set(live.values()) == {2}
    do_run_checks(acting_user=None)
    assert {s.key.measure: s.claims for s in list_figure_keys(user=viewer)} == live


def test_the_dashboard_counts_the_open_findings_each_role_may_see(client, ledger, viewer, editor):
    for user in (viewer, editor):
        client.force_login(user)
        expected = visible_the_slow_way(user).filter(state=FindingState.OPEN).count()
        body = client.get("/").content.decode()
        tile = f'<span class="count">{expected}</span><span class="label">Open findings</span>'
        assert tile in body, user


def test_a_run_rewrites_only_the_index_rows_whose_counts_changed(ledger):
    rows = dict(FigureSummary.objects.values_list("id", "claims"))
    do_run_checks(acting_user=None)
    assert dict(FigureSummary.objects.values_list("id", "claims")) == rows
    public = ledger[0]
    make_claim(public, "killed", "civilians", 5, period_end=END)
    do_run_checks(acting_user=None)
    after = dict(FigureSummary.objects.values_list("id", "claims"))
    replaced = set(rows) - set(after)
    killed = FigureSummary.objects.filter(measure="killed")
    # The public source counts for every set of levels: the killed rows of each are new.
    assert len(replaced) == 3
    assert set(killed.values_list("id", flat=True)) == set(after) - set(rows)
    assert sorted(killed.values_list("levels", "claims")) == [(1, 4), (3, 7), (7, 10)]
    run = ChecksRun.objects.order_by("-created_at").first()
    assert index_state().built_at == run.started_at
    assert ChecksRun.objects.count() == 1

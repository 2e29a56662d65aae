"""Running the checks stores findings; resolutions survive re-runs; both are audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ombuds.claims.models import ClaimStatus
from ombuds.core.models import AuditEvent
from ombuds.figures.actions import do_resolve_finding, do_run_checks
from ombuds.figures.errors import FindingNotOpen, ReasonRequired
from ombuds.figures.models import Finding
from tests.figures.factories import make_claim, make_source

pytestmark = pytest.mark.django_db
END = dt.date(2022, 12, 31)


@pytest.fixture
def disagreement():
    a = make_source("Examplia report", publisher="Ombudsperson of Examplia")
    b = make_source("Otherland report", publisher="Ombudsperson of Otherland",
                    published=dt.date(2023, 1, 5))  # fmt: skip
    first = make_claim(a, "killed", "civilians", 1203, period_end=END)
    second = make_claim(b, "killed", "civilians", 1230, period_end=END)
    return first, second


def test_running_the_checks_stores_findings_with_their_claims_and_one_audit_row(disagreement):
    counts = do_run_checks(acting_user=None)
    assert (counts.found, counts.added, counts.open) == (1, 1, 1)
    finding = Finding.objects.get()
    assert (finding.status, finding.kind) == ("contradiction", "differs")
    assert set(finding.claims.all()) == set(disagreement)
    assert finding.key_slug == "killed~civilians~~~~2022-12-31~count"
    event = AuditEvent.objects.get(action="run_checks")
    assert event.changes["added"] == [None, 1]
    assert event.actor_name.startswith("command line")


def test_a_resolution_survives_running_the_checks_again(disagreement, editor):
    do_run_checks(acting_user=None)
    finding = Finding.objects.get()
    do_resolve_finding(finding, reason="Otherland counts the border villages too.",
                       acting_user=editor)  # fmt: skip
    counts = do_run_checks(acting_user=editor)
    assert (counts.added, counts.kept, counts.open) == (0, 1, 0)
    finding.refresh_from_db()
    assert finding.resolved
    assert finding.current
    assert finding.resolved_by == editor
    event = AuditEvent.objects.get(action="resolve_finding")
    assert event.reason == "Otherland counts the border villages too."
    assert event.changes["resolved"] == [False, True]


def test_a_corrected_value_makes_a_new_finding_and_keeps_the_resolved_one_as_history(
    disagreement, editor
):
    _first, second = disagreement
    do_run_checks(acting_user=None)
    old = Finding.objects.get()
    do_resolve_finding(old, reason="Checked with both offices.", acting_user=editor)
    second.value = Decimal(1203)
    second.save()
    counts = do_run_checks(acting_user=None)
    assert (counts.added, counts.retired) == (1, 1)
    old.refresh_from_db()
    assert old.resolved
    assert not old.current
    new = Finding.objects.get(current=True)
    assert (new.status, new.kind) == ("consistent", "agrees")


def test_unresolved_findings_no_longer_found_are_removed_and_rejected_claims_ignored(
    disagreement,
):
    do_run_checks(acting_user=None)
    first, _second = disagreement
    first.status = ClaimStatus.REJECTED
    first.save()
    counts = do_run_checks(acting_user=None)
    assert (counts.found, counts.removed) == (0, 1)
    assert not Finding.objects.exists()


def test_resolving_needs_a_reason_and_an_open_finding(disagreement, editor):
    do_run_checks(acting_user=None)
    finding = Finding.objects.get()
    with pytest.raises(ReasonRequired, match="Say why"):
        do_resolve_finding(finding, reason="  ", acting_user=editor)
    do_resolve_finding(finding, reason="Known difference.", acting_user=editor)
    with pytest.raises(FindingNotOpen, match="already resolved"):
        do_resolve_finding(finding, reason="Again.", acting_user=editor)
    assert AuditEvent.objects.filter(action="resolve_finding").count() == 1


def test_a_consistent_finding_cannot_be_resolved(editor):
    a = make_source("A", publisher="A")
    b = make_source("B", publisher="B")
    make_claim(a, "killed", "civilians", 5, period_end=END)
    make_claim(b, "killed", "civilians", 5, period_end=END)
    do_run_checks(acting_user=None)
    with pytest.raises(FindingNotOpen, match="consistent"):
        do_resolve_finding(Finding.objects.get(), reason="x", acting_user=editor)

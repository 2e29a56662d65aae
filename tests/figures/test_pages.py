"""The figures pages: keys, a figure's story with its chart, findings, publishers; 403s."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ombuds.core.models import AuditEvent
from ombuds.figures.actions import do_run_checks
from ombuds.figures.keys import FigureKey
from ombuds.figures.models import Finding
from tests.figures.factories import make_claim, make_source

pytestmark = pytest.mark.django_db
END = dt.date(2022, 12, 31)
KEY = FigureKey.of(measure="killed", subject="civilians", period_end=END)


@pytest.fixture
def ledger():
    a = make_source("Examplia report", publisher="Ombudsperson of Examplia")
    b = make_source("Otherland report", publisher="Ombudsperson of Otherland",
                    published=dt.date(2023, 1, 5))  # fmt: skip
    make_claim(a, "killed", "civilians", 1203, period_end=END, quote="1,203 civilians killed")
    make_claim(b, "killed", "civilians", 1230, period_end=END, quote="1,230 civilians died")
    make_claim(a, "killed", "civilians", 1100, period_end=dt.date(2022, 6, 30))
    do_run_checks(acting_user=None)
    return a, b


def test_the_index_lists_figure_keys_with_counts_and_open_findings(client, viewer, ledger):
    client.force_login(viewer)
    response = client.get(reverse("figures:list"))
    assert response.status_code == 200
    row = next(r for r in response.context["keys"] if r.key == KEY)
    assert (row.claims, row.sources, row.open_findings) == (2, 2, 1)
    assert KEY.slug() in response.content.decode()


def test_a_figure_page_has_the_chart_claims_quotes_links_and_findings(client, viewer, ledger):
    a, _b = ledger
    client.force_login(viewer)
    response = client.get(reverse("figures:detail", args=[KEY.slug()]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html
    assert html.count("<circle") == 3  # the series: two ends, three claims
    assert "Ombudsperson of Otherland" in html
    assert "1,203 civilians killed" in html
    assert f"/sources/{a.pk}/?claim=1#claim-1" in html
    assert "differ by 27 (2.2%)" in html
    assert response.context["value"].value == 1230  # the latest publication
    assert "http://" not in html.split("<svg", 1)[1].split("</svg>")[0].replace(
        "http://www.w3.org/2000/svg", ""
    )


def test_an_unknown_figure_is_404(client, viewer, ledger):
    client.force_login(viewer)
    assert client.get("/figures/not-a-key/").status_code == 404
    other = FigureKey.of(measure="killed", subject="elderly")
    assert client.get(reverse("figures:detail", args=[other.slug()])).status_code == 404


def test_the_findings_page_lists_open_findings_and_an_editor_resolves_one(client, editor, ledger):
    client.force_login(editor)
    page = client.get(reverse("figures:findings"))
    assert page.status_code == 200
    finding = Finding.objects.open().get()
    assert finding.explanation in page.content.decode()
    response = client.post(
        reverse("figures:resolve", args=[finding.pk]),
        {"reason": "Otherland counts border villages.", "next": "/figures/findings/"},
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.resolved
    assert finding.resolved_by == editor
    assert AuditEvent.objects.filter(action="resolve_finding", actor=editor).exists()
    assert not Finding.objects.open().exists()


def test_resolving_without_a_reason_says_so_and_changes_nothing(client, editor, ledger):
    client.force_login(editor)
    finding = Finding.objects.open().get()
    response = client.post(reverse("figures:resolve", args=[finding.pk]), {"reason": ""},
                           follow=True)  # fmt: skip
    assert "reason is required" in response.content.decode()
    finding.refresh_from_db()
    assert not finding.resolved


@pytest.mark.parametrize("role", ["viewer", "researcher"])
def test_only_editors_may_resolve(client, ledger, role, request):
    user = request.getfixturevalue(role)
    client.force_login(user)
    finding = Finding.objects.open().get()
    response = client.post(reverse("figures:resolve", args=[finding.pk]), {"reason": "no"})
    assert response.status_code == 403
    finding.refresh_from_db()
    assert not finding.resolved


def test_viewers_may_not_run_the_checks_but_researchers_may(client, viewer, researcher, ledger):
    client.force_login(viewer)
    assert client.post(reverse("figures:run")).status_code == 403
    client.force_login(researcher)
    assert client.post(reverse("figures:run")).status_code == 302
    # Nothing changed since the last run: nothing written, nothing to audit.
    assert not AuditEvent.objects.filter(action="run_checks", actor=researcher).exists()
    a, _b = ledger
    make_claim(a, "killed", "civilians", 1250, period_end=END)
    assert client.post(reverse("figures:run")).status_code == 302
    assert AuditEvent.objects.filter(action="run_checks", actor=researcher).exists()


def test_publishers_side_by_side(client, viewer, ledger):
    client.force_login(viewer)
    response = client.get(
        reverse("figures:publishers"),
        {"left": "Ombudsperson of Examplia", "right": "Ombudsperson of Otherland"},
    )
    assert response.status_code == 200
    [row] = response.context["rows"]
    assert [c.value_display for c in row.left] == ["1203", "1100"]
    assert [c.value_display for c in row.right] == ["1230"]


def test_anonymous_visitors_are_sent_to_log_in(client, ledger):
    response = client.get(reverse("figures:list"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_api_gives_findings_keys_and_values(client, viewer, ledger):
    client.force_login(viewer)
    findings = client.get("/api/figures/findings", {"open": True}).json()
    assert [(f["status"], f["kind"]) for f in findings] == [("contradiction", "differs")]
    assert {c["value"] for c in findings[0]["claims"]} == {1203, 1230}
    keys = client.get("/api/figures/keys").json()
    assert KEY.slug() in {k["slug"] for k in keys}
    value = client.get(f"/api/figures/value/{KEY.slug()}").json()
    assert (value["value"], value["basis"]) == (1230, "claims")
    assert value["citations"][0]["publisher"] == "Ombudsperson of Otherland"
    assert any("Sources disagree" in w for w in value["warnings"])
    assert client.get("/api/figures/findings", {"status": "bad"}).status_code == 422


def test_a_huge_page_number_is_refused_not_a_crash(client, viewer, ledger):
    client.force_login(viewer)
    for route in ("/api/figures/findings", "/api/figures/keys"):
        for page in ("9" * 30, str(2**63), "0", "-1"):
            assert client.get(route, {"page": page}).status_code == 422, (route, page)
        assert client.get(route, {"page": 1_000_000}).json() == []


def test_the_index_is_built_by_the_checks_says_how_current_it_is_and_follows_resolutions(
    client, editor, ledger
):
    from ombuds.figures.models import ALL_LEVELS, FigureSummary

    summary = FigureSummary.objects.get(key_slug=KEY.slug(), levels=ALL_LEVELS)
    assert (summary.claims, summary.sources, summary.open_findings) == (2, 2, 1)
    a, _b = ledger
    make_claim(a, "injured", "civilians", 7, period_end=END)
    client.force_login(editor)
    page = client.get(reverse("figures:list")).content.decode()
    assert "1 claim stored since then are not counted yet" in page
    finding = Finding.objects.open().get()
    client.post(reverse("figures:resolve", args=[finding.pk]), {"reason": "Known."})
    summary.refresh_from_db()
    assert summary.open_findings == 0
    do_run_checks(acting_user=None)
    page = client.get(reverse("figures:list")).content.decode()
    assert "not counted yet" not in page
    assert FigureSummary.objects.filter(measure="injured", levels=ALL_LEVELS).count() == 1

"""The claims a page of findings shows: each finding's own, in the claims' order, read by key.

``queries.with_claims`` reads the links of the page's findings, then their claims and their
sources by primary key: three queries whatever the page's size, the role (a viewer's page is
merged from several index ranges) or the tables' statistics, and no join of the claims table
that a planner could answer by scanning it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ombuds.core.vocabularies import Confidentiality
from ombuds.figures.actions import do_run_checks
from ombuds.figures.keys import FigureKey
from ombuds.figures.models import Finding
from ombuds.figures.queries import findings_of_key, findings_page
from tests.figures.factories import make_claim, make_source

pytestmark = pytest.mark.django_db
END = dt.date(2022, 12, 31)


@pytest.fixture
def ledger():
    """Six sources of two levels that disagree on three figures; one of them states the same
    figure twice with two values, so that one finding holds two claims of one source."""
    for n in range(6):
        source = make_source(f"Report {n}", published=dt.date(2023, 1, 1 + n))
        if n % 2:
            source.confidentiality = Confidentiality.INTERNAL
            source.save(update_fields=["confidentiality"])
        for k, measure in enumerate(("killed", "injured", "missing")):
            make_claim(
                source, measure, "civilians", 100 + 7 * n * (k + 1), period_end=END,
                place="Northern District" if k == 2 else "",
            )  # fmt: skip
        if n == 3:
            second = make_claim(source, "killed", "civilians", 999, period_end=END)
            second.span_start = 40
            second.save(update_fields=["span_start"])
    do_run_checks(acting_user=None)


def shown(findings):
    return {f.pk: [c.pk for c in f.shown_claims] for f in findings}


def in_the_claims_order(findings):
    """Each finding's claims as the ORM gives them, in ``Claim.Meta.ordering``."""
    return {f.pk: list(f.claims.values_list("pk", flat=True)) for f in findings}


def test_each_finding_shows_its_own_claims_in_the_claims_order(ledger, admin_user):
    page = findings_page(user=admin_user, state="", size=50)

    assert page.rows
    assert shown(page.rows) == in_the_claims_order(page.rows)
    assert any(len({c.source_id for c in f.shown_claims}) < len(f.shown_claims) for f in page.rows)
    for finding in page.rows:
        for claim in finding.shown_claims:
            assert claim.source.pk == claim.source_id


def test_the_claims_come_in_three_reads_by_key_for_every_role_and_page_size(
    ledger, admin_user, researcher, viewer
):
    for user in (admin_user, researcher, viewer):
        for size in (1, 50):
            with CaptureQueriesContext(connection) as captured:
                page = findings_page(user=user, state="", size=size)
                # What the page's template reads of each claim: no query of its own.
                read = [
                    (c.place, c.linked_unit_id, c.linked_place_id, c.source.publisher)
                    for finding in page.rows
                    for c in finding.shown_claims
                ]
            claims = [q["sql"] for q in captured if 'FROM "claims_claim"' in q["sql"]]
            links = [q["sql"] for q in captured if 'FROM "figures_finding_claims"' in q["sql"]]
            sources = [q["sql"] for q in captured if 'FROM "sources_source"' in q["sql"]]
            assert read, user
            assert len(claims) == len(links) == len(sources) == 1, (user, size)
            assert "JOIN" not in claims[0]
            assert "JOIN" not in sources[0]


def test_a_figures_findings_show_their_claims_in_the_claims_order(ledger, editor):
    slug = Finding.objects.filter(claims__measure="killed").values_list("key_slug", flat=True)[0]

    findings = findings_of_key(FigureKey.from_slug(slug), user=editor)

    assert findings
    assert shown(findings) == in_the_claims_order(findings)


def test_the_findings_page_names_the_source_of_every_claim_shown(ledger, client, editor):
    client.force_login(editor)

    page = client.get(reverse("figures:findings"), {"state": ""})

    assert page.status_code == 200
    body = page.content.decode()
    for finding in findings_page(user=editor, state="", size=50).rows:
        for claim in finding.shown_claims:
            assert f"?claim={claim.ordinal}#claim-{claim.ordinal}" in body
            assert claim.source.title in body

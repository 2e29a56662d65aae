"""The dashboard's count of claims is a sum of the counts kept on the sources, never a count
over the claims; after every kind of write it equals the count made the slow way, for every
role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ombuds.claims.actions import (
    do_add_claim,
    do_confirm_claims,
    do_correct_claim,
    do_reextract_source,
    do_reject_claim,
    do_undo_review,
)
from ombuds.claims.models import Claim
from ombuds.claims.queries import count_accepted_claims
from ombuds.core.vocabularies import Confidentiality
from ombuds.sources.actions import do_ingest_source, do_update_source_metadata
from ombuds.sources.models import Source

pytestmark = pytest.mark.django_db


def report(districts: int, name: str) -> bytes:
    lines = [f"Report of the {name}, 3 March 2022.", ""]
    for n in range(districts):
        lines += [f"In district {n + 1}, {n + 10} civilians were killed, including "
                  f"{n % 7 + 1} children.", ""]  # fmt: skip
    return "\n".join(lines).encode()


def ingest(districts: int, name: str, level: str = Confidentiality.PUBLIC) -> Source:
    source, _ = do_ingest_source(
        report(districts, name), filename=f"{name}.txt", published=dt.date(2022, 3, 3),
        confidentiality=level, acting_user=None,
    )  # fmt: skip
    return source


def assert_counts_exact(*users):
    for user in users:
        slow = Claim.objects.visible_to(user).accepted().count()
        assert count_accepted_claims(user=user) == slow, user


def test_the_count_follows_every_write_of_claims_and_sources(viewer, researcher, editor):
    users = (viewer, researcher, editor)
    public = ingest(3, "Ombudsperson")
    internal = ingest(4, "Monitoring mission", Confidentiality.INTERNAL)
    ingest(2, "Field office", Confidentiality.RESTRICTED)
    assert count_accepted_claims(user=editor) == Claim.objects.count() == 18
    assert_counts_exact(*users)

    claims = list(Claim.objects.filter(source=public).order_by("ordinal"))
    do_reject_claim(claims[0], reason="a district number", acting_user=editor)
    assert_counts_exact(*users)
    assert count_accepted_claims(user=viewer) == 5

    # Confirming a rejected claim restores it; undoing the confirmation rejects it again.
    rejected = Claim.objects.get(pk=claims[0].pk)
    events = do_confirm_claims([rejected], acting_user=editor)
    assert_counts_exact(*users)
    assert count_accepted_claims(user=viewer) == 6
    do_undo_review(events, acting_user=editor)
    assert_counts_exact(*users)
    assert count_accepted_claims(user=viewer) == 5

    do_correct_claim(claims[1], changes={"value": 12}, reason="misread", acting_user=editor)
    added = do_add_claim(internal, span=(0, 9), values={"measure": "killed",
                         "subject": "people", "value": 3}, reason="missed", acting_user=editor)  # fmt: skip
    assert_counts_exact(*users)
    do_reextract_source(internal, acting_user=editor)
    assert_counts_exact(*users)

    do_update_source_metadata(
        internal, changes={"confidentiality": Confidentiality.PUBLIC}, acting_user=editor,
        reason="published since",
    )  # fmt: skip
    assert_counts_exact(*users)
    assert count_accepted_claims(user=viewer) == 5 + 9
    assert Claim.objects.filter(pk=added.pk).exists()

    public.delete()
    assert_counts_exact(*users)


def test_the_dashboard_counts_claims_without_reading_them(client, viewer, editor):
    ingest(3, "Ombudsperson")
    ingest(2, "Field office", Confidentiality.RESTRICTED)
    for user, expected in ((viewer, 6), (editor, 10)):
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("dashboard")).content.decode()
        assert f'<span class="count">{expected}</span><span class="label">Claims' in page
        counted = [q["sql"] for q in captured if "claims_claim" in q["sql"]]
        assert counted == [], counted

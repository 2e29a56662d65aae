"""Confidentiality: who sees a source, its text, its file and its claims, role by role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.urls import reverse

from ombuds.claims.models import Claim
from ombuds.core.roles import role_grants
from ombuds.sources.actions import do_ingest_source
from ombuds.sources.models import Source

pytestmark = pytest.mark.django_db

TEXTS = {
    "public": "Report of the Examplia Relief Desk: 12 civilians were killed in March 2022.\n",
    "internal": "Internal note of the Examplia office: 23 civilians were injured in May 2022.\n",
    "restricted": "Restricted memo of the Examplia office: 34 people went missing in June 2022.\n",
}
# The levels each role sees.
SEES = {
    "viewer": {"public"},
    "researcher": {"public", "internal"},
    "editor": {"public", "internal", "restricted"},
    "admin": {"public", "internal", "restricted"},
}


@pytest.fixture
def by_level() -> dict[str, Source]:
    made = {}
    for level, text in TEXTS.items():
        source, _ = do_ingest_source(
            text.encode(),
            filename=f"{level}.txt",
            confidentiality=level,
            published=dt.date(2022, 7, 1),
            acting_user=None,
        )
        assert source.claims.exists(), level
        made[level] = source
    return made


@pytest.fixture(params=sorted(SEES))
def user_of_role(request):
    fixture = {"admin": "admin_user"}.get(request.param, request.param)
    return request.param, request.getfixturevalue(fixture)


def test_the_roles_hold_the_confidentiality_permissions_their_patterns_say():
    assert not role_grants("viewer", "sources.view_internal_source")
    assert not role_grants("viewer", "sources.view_restricted_source")
    assert role_grants("researcher", "sources.view_internal_source")
    assert not role_grants("researcher", "sources.view_restricted_source")
    assert role_grants("editor", "sources.view_restricted_source")
    assert role_grants("admin", "sources.view_restricted_source")


def test_querysets_keep_what_each_role_may_see(by_level, user_of_role):
    role, user = user_of_role
    seen_sources = {s.confidentiality for s in Source.objects.visible_to(user)}
    seen_claims = {c.source.confidentiality for c in Claim.objects.visible_to(user)}

    assert seen_sources == SEES[role]
    assert seen_claims == SEES[role]


def test_pages_and_downloads_follow_confidentiality(client, by_level, user_of_role):
    role, user = user_of_role
    client.force_login(user)

    listed = client.get(reverse("sources:list"))
    assert {s.confidentiality for s in listed.context["page"].rows} == SEES[role]
    claims = client.get(reverse("claims:list"))
    assert {c.source.confidentiality for c in claims.context["page"].rows} == SEES[role]
    for level, source in by_level.items():
        detail = client.get(reverse("sources:detail", args=[source.pk]))
        download = client.get(reverse("sources:file", args=[source.pk]))
        by_source = client.get(reverse("claims:list"), {"source": str(source.pk)})
        if level in SEES[role]:
            assert detail.status_code == 200
            assert TEXTS[level].split(":")[0] in detail.content.decode()
            assert download.status_code == 200
            assert b"".join(download.streaming_content) == TEXTS[level].encode()
            assert len(by_source.context["page"].rows) == source.claims.count()
        else:
            # Hidden sources answer as if they did not exist: 404, never 403.
            assert detail.status_code == 404
            assert download.status_code == 404
            assert TEXTS[level].split(":")[0].encode() not in detail.content
            assert by_source.context["page"].rows == []


def test_the_api_follows_confidentiality(client, by_level, user_of_role):
    role, user = user_of_role
    client.force_login(user)

    listed = client.get("/api/sources/").json()["items"]
    claims = client.get("/api/claims/").json()["items"]

    assert {s["confidentiality"] for s in listed} == SEES[role]
    assert {c["source"] for c in claims} == {str(by_level[level].pk) for level in SEES[role]}
    for level, source in by_level.items():
        response = client.get(f"/api/sources/{source.pk}")
        assert response.status_code == (200 if level in SEES[role] else 404)
        if level not in SEES[role]:
            assert TEXTS[level].encode() not in response.content


def test_dashboard_tiles_count_what_the_role_may_see(by_level, user_of_role):
    role, user = user_of_role
    tiles = {
        tile.label: tile.count
        for name in ("sources", "claims")
        for tile in apps.get_app_config(name).dashboard_tiles(user)
    }

    assert tiles["Sources"] == len(SEES[role])
    visible = [by_level[level] for level in SEES[role]]
    assert tiles["Claims (not rejected)"] == sum(s.claims.count() for s in visible)


def test_a_hidden_claim_cannot_be_corrected_or_rejected_by_id(client, by_level, researcher):
    # A researcher may only propose corrections; an editor sees everything. A user allowed to
    # review but not to see restricted sources gets 404 for their claims: check with a viewer
    # given the review permission only.
    from django.contrib.auth.models import Permission

    from tests.conftest import make_user

    reviewer = make_user("viewer", "viewer-who-reviews")
    reviewer.user_permissions.add(Permission.objects.get(codename="review_claim"))
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)  # fresh permission cache
    client.force_login(reviewer)
    hidden = by_level["internal"].claims.first()
    shown = by_level["public"].claims.first()

    assert client.get(reverse("claims:correct", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("claims:reject", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("claims:correct", args=[shown.pk])).status_code == 200


def test_uploading_the_bytes_of_a_hidden_source_does_not_reveal_it(client, by_level, researcher):
    client.force_login(researcher)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("sources:upload"),
        {
            "document": SimpleUploadedFile("again.txt", TEXTS["restricted"].encode()),
            "kind": "other",
            "published_precision": "day",
            "reliability": "unknown",
            "confidentiality": "public",
        },
    )

    assert response.status_code == 400
    assert "your role may not see" in response.content.decode()
    assert TEXTS["restricted"].split(":")[0] not in response.content.decode()
    assert Source.objects.get(pk=by_level["restricted"].pk).confidentiality == "restricted"

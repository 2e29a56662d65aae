"""The site page names only the sources the user may see."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client
from django.urls import reverse

from ombuds.core.vocabularies import Confidentiality
from ombuds.places.actions import do_ensure_site, do_record_harm
from ombuds.sources.models import Source

pytestmark = pytest.mark.django_db


def _source(title: str, confidentiality: str) -> Source:
    sha = hashlib.sha256(title.encode()).hexdigest()
    return Source.objects.create(
        sha256=sha,
        file=f"sources/{sha[:2]}/{sha}.txt",
        filename=f"{title}.txt",
        file_kind="txt",
        size=10,
        title=title,
        confidentiality=confidentiality,
        text=title,
    )


@pytest.mark.parametrize(("role", "sees_internal"), [("viewer", False), ("editor", True)])
def test_the_site_page_lists_only_the_sources_the_user_may_see(role, sees_internal, request):
    public = _source("Published appeal", Confidentiality.PUBLIC)
    internal = _source("Internal field notes", Confidentiality.INTERNAL)
    site, _ = do_ensure_site(
        name="River X", site_type="water", lon=46.6, lat=39.1, acting_user=None
    )
    do_record_harm(
        site,
        harm_type="pollution",
        status="reported",
        sources=[public, internal],
        acting_user=None,
    )
    client = Client()
    client.force_login(request.getfixturevalue(role))
    html = client.get(reverse("places:site", args=[site.pk])).content.decode()
    assert "Published appeal" in html
    assert ("Internal field notes" in html) is sees_internal
    assert (f"/sources/{internal.pk}/" in html) is sees_internal

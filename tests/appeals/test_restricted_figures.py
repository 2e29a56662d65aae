"""A draft citing a figure only a restricted source states: its value and citation show to the
case team, not to a researcher who may not see the source."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ombuds.appeals.references import write_reference
from ombuds.figures.keys import FigureKey
from tests.appeals.factories import draft
from tests.figures.factories import make_claim, make_source

pytestmark = pytest.mark.django_db


def test_a_draft_cites_a_restricted_source_only_for_the_case_team(
    client: Any, researcher: Any, editor: Any
) -> None:
    source = make_source("Secret field report")
    source.confidentiality = "restricted"
    source.save()
    claim = make_claim(source, "killed", "civilians", 7, place="Hidden Valley")
    key = FigureKey.of(measure="killed", subject="civilians", place="Hidden Valley",
                       period_end=source.published)  # fmt: skip
    appeal = draft(body=f"We count {{{{fig {write_reference(key)}}}}} dead.")
    url = reverse("appeals:detail", args=[appeal.pk])

    client.force_login(editor)
    page = client.get(url).content.decode()
    assert "Secret field report" in page
    assert claim.quote in page

    client.force_login(researcher)
    page = client.get(url).content.decode()
    assert "Secret field report" not in page
    assert claim.quote not in page
    api = client.get(f"/api/appeals/{appeal.pk}").content.decode()
    assert "Secret field report" not in api

"""A draft's page is composed once per state of the ledger: shown again from the cache, and
composed afresh as soon as a claim, a record or a place under one of its figures changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from ombuds.appeals.composed import compose_for
from ombuds.claims.actions import do_correct_claim
from ombuds.claims.models import Claim
from ombuds.places.actions import do_change_hazard_status
from ombuds.places.models import HazardArea
from ombuds.registry.actions import do_save_record
from tests.appeals.factories import draft, missing_source
from tests.places.factories import feature, load, square
from tests.registry.factories import casualty, incident

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def page(client: Any, user: Any, appeal: Any) -> str:
    client.force_login(user)
    response = client.get(reverse("appeals:detail", args=[appeal.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_is_composed_once_and_again_when_a_claim_under_it_changes(
    client: Any, editor: Any
) -> None:
    missing_source()
    appeal = draft()
    first = compose_for(appeal, user=editor)
    again = compose_for(appeal, user=editor)
    assert again["rendered_at"] == first["rendered_at"]  # from the cache
    assert "3,171" in page(client, editor, appeal)
    do_correct_claim(
        Claim.objects.get(measure="missing", subject="servicemen"),
        changes={"value": "3180"},
        reason="a later count",
        acting_user=editor,
    )
    assert "3,180" in page(client, editor, appeal)
    now = compose_for(appeal, user=editor)
    assert now["rendered_at"] != first["rendered_at"]
    assert [f["display"] for f in now["figures"]] == ["3,890", "3,180"]


def test_the_page_follows_the_registry_and_places_under_a_record_figure(
    client: Any, editor: Any
) -> None:
    load("hazards", feature(square(0, 0, 0.01), name="A", classification="SHA", status="open"))
    item = incident(latitude=0.005, longitude=0.005)
    for _ in range(3):
        casualty(item, outcome="killed")
    appeal = draft('Killed: {{fig killed/people place="open hazard areas"}}.')

    def figure() -> str:
        [shown] = compose_for(appeal, user=editor)["figures"]
        return str(shown["display"])

    assert figure() == "3"
    assert ">3<" in page(client, editor, appeal)
    casualty(item, outcome="killed")  # a registry write
    assert figure() == "4"
    do_save_record(item, values={"longitude": 0.5}, acting_user=None)  # moved out of the area
    assert compose_for(appeal, user=editor)["errors"]  # no figure now: an error, not a number
    do_save_record(item, values={"longitude": 0.005}, acting_user=None)
    assert figure() == "4"
    area = HazardArea.objects.get()
    do_change_hazard_status(area, status="closed", on=area.created_at.date(), reason="cleared",
                            acting_user=None)  # fmt: skip
    assert compose_for(appeal, user=editor)["errors"]


def test_users_who_see_other_levels_are_not_given_each_others_document(
    editor: Any, viewer: Any
) -> None:
    source = missing_source()
    source.confidentiality = "restricted"
    source.save()
    appeal = draft()
    assert compose_for(appeal, user=editor)["errors"] == []
    assert compose_for(appeal, user=viewer)["errors"]  # the viewer sees none of its claims
    assert compose_for(appeal, user=editor)["errors"] == []

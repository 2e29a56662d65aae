"""Demands across appeals: each shown once where it stands now, with its status history (who,
when, on which appeal), filtered by status and addressee; a status recorded on an earlier
appeal's copy reaches the copy carried into the next appeal."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ombuds.appeals.actions import (
    do_approve_appeal,
    do_set_demand_status,
    do_start_next_appeal,
    do_submit_appeal,
)
from ombuds.appeals.models import Demand
from ombuds.core.models import AuditEvent
from tests.appeals.factories import addressee, draft, missing_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved():
    missing_source()
    appeal = draft(
        addressees=[addressee("Desk A (test)")],
        demands=[("Party X", "Hand over the minefield maps."),
                 ("Party Y", "Clarify the fate of the missing.")],
    )  # fmt: skip
    return do_approve_appeal(do_submit_appeal(appeal, acting_user=None), acting_user=None)


def rows(page: str) -> str:
    return page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_a_status_set_on_the_earlier_copy_reaches_the_next_appeal(approved, editor):
    maps = approved.demands.get(party="Party X")
    following = do_start_next_appeal(approved, acting_user=editor)
    carried = following.demands.get(party="Party X")
    do_set_demand_status(
        maps, status="partly_met", evidence="Two districts' maps.", acting_user=editor
    )
    carried.refresh_from_db()
    assert (carried.status, carried.evidence) == ("partly_met", "Two districts' maps.")
    event = AuditEvent.objects.filter(action="set_demand_status").latest("at")
    assert event.changes["also_set_on_carried_copies"] == [None, [str(carried.pk)]]
    # A later copy whose status was changed on its own keeps it.
    do_set_demand_status(
        carried, status="refused", evidence="Refused in writing.", acting_user=editor
    )
    do_set_demand_status(maps, status="met", evidence="All maps.", acting_user=editor)
    carried.refresh_from_db()
    assert carried.status == "refused"


def test_the_overview_shows_each_demand_once_with_who_changed_its_status_and_when(
    client, approved, editor
):
    maps = approved.demands.get(party="Party X")
    do_set_demand_status(
        maps, status="partly_met", evidence="Two districts' maps.", acting_user=editor
    )
    following = do_start_next_appeal(approved, acting_user=editor)
    carried = following.demands.get(party="Party X")
    do_set_demand_status(carried, status="met", evidence="All maps received.", acting_user=editor)
    client.force_login(editor)
    page = client.get(reverse("appeals:demands")).content.decode()
    table = rows(page)
    assert table.count("Hand over the minefield maps.") == 1  # the copy in the next appeal
    assert table.count("Clarify the fate of the missing.") == 1
    assert f">{following.reference}</a>" in table
    assert f"carried into {following.reference} as Partly met" in table
    assert f"editor-user: Open → Partly met ({approved.reference}): Two districts" in table
    assert f"editor-user: Partly met → Met ({following.reference}): All maps received." in table
    assert "Demands</a>" in client.get(reverse("appeals:list")).content.decode()


def test_the_overview_filters_by_status_and_addressee(client, approved, editor):
    do_set_demand_status(approved.demands.get(party="Party X"), status="met",
                         evidence="All maps.", acting_user=editor)  # fmt: skip
    other = draft(
        addressees=[addressee("Desk B (test)")], demands=[("Party Z", "Stop the pollution.")]
    )
    client.force_login(editor)
    met = rows(client.get(reverse("appeals:demands"), {"status": "met"}).content.decode())
    assert "minefield maps" in met
    assert "fate of the missing" not in met
    assert "pollution" not in met
    desk_b = Demand.objects.get(appeal=other).appeal.addressees.get()
    to_b = rows(client.get(reverse("appeals:demands"), {"addressee": desk_b.pk}).content.decode())
    assert "pollution" in to_b
    assert "minefield maps" not in to_b
    nothing = rows(client.get(reverse("appeals:demands"), {"status": "refused"}).content.decode())
    assert "No demands match." in nothing


def test_a_viewer_sees_the_demands_of_approved_appeals_where_they_stand_for_them(
    client, approved, editor, viewer
):
    do_start_next_appeal(approved, acting_user=editor)  # a draft: hidden from viewers
    draft(demands=[("Party Z", "Stop the pollution.")])
    client.force_login(viewer)
    table = rows(client.get(reverse("appeals:demands")).content.decode())
    assert table.count("Hand over the minefield maps.") == 1
    assert f">{approved.reference}</a>" in table
    assert "pollution" not in table

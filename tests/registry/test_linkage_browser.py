"""The pair review in a real browser: five pairs decided with the keyboard, two of them
merged, one merge undone, and a new linkage run that leaves the decisions as they were."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from ombuds.registry.link_actions import do_run_linkage
from ombuds.registry.list_queries import review_queue
from ombuds.registry.models import CandidatePair, PairDecision, Person
from tests.registry.test_linkage import _import_lists

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pair_records(page: Any, number: int) -> tuple[Any, Any]:
    pair = CandidatePair.objects.get(pk=page.get_attribute(f"#pair-{number}", "data-pair"))
    return pair.left_id, pair.right_id


def test_review_with_the_keyboard_holds_across_runs(
    browser_login: Any, live_server: Any, researcher: User
) -> None:
    _import_lists(300, seed=11)
    do_run_linkage(acting_user=None)
    page = browser_login(researcher, "pw-researcher")
    page.goto(f"{live_server.url}/registry/link/")

    decided: list[tuple[tuple[Any, Any], str]] = []
    for keys, number, verdict in (
        (["a"], 1, "accepted"),
        (["a"], 1, "accepted"),
        (["j", "r"], 2, "rejected"),
        (["r"], 1, "rejected"),
        (["j", "k", "r"], 1, "rejected"),
    ):
        records = _pair_records(page, number)
        for key in keys[:-1]:
            page.keyboard.press(key)
        with page.expect_navigation():
            page.keyboard.press(keys[-1])
        decided.append((records, verdict))
    for (left, right), verdict in decided:
        assert PairDecision.objects.get(left_id=left, right_id=right).decision == verdict
    merged = [records for records, verdict in decided if verdict == "accepted"]
    for left, right in merged:
        assert Person.objects.get(pk=left).cluster == Person.objects.get(pk=right).cluster

    # Undo the first merge from the list of decisions (the oldest row is the last).
    with page.expect_navigation():
        page.locator("#decisions tbody tr").last.get_by_role("button", name="Undo").click()
    undone, kept = merged
    assert not PairDecision.objects.filter(left_id=undone[0], right_id=undone[1]).exists()

    do_run_linkage(acting_user=None)
    page.goto(f"{live_server.url}/registry/link/")
    assert "Linkage run 2" in page.inner_text("body")
    waiting = {(p.left_id, p.right_id) for p in review_queue()}
    assert undone in waiting
    for records, _verdict in decided:
        if records != undone:
            assert records not in waiting
    assert PairDecision.objects.count() == 4
    assert Person.objects.get(pk=kept[0]).cluster == Person.objects.get(pk=kept[1]).cluster

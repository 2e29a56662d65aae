"""An editor merges two figure keys into one figure or splits them, with a reason, audited;
the decision is kept by the keys and so holds through re-extraction and later runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ombuds.core.models import AuditEvent
from ombuds.figures import aliases
from ombuds.figures.actions import do_run_checks
from ombuds.figures.errors import KeysRefused, ReasonRequired
from ombuds.figures.index import list_figure_keys
from ombuds.figures.key_actions import do_merge_figure_keys, do_split_figure_keys
from ombuds.figures.keys import FigureKey
from ombuds.figures.models import FigureKeyDecision, Finding, KeyDecision
from ombuds.figures.queries import figure_value
from tests.figures.factories import make_claim, make_source

pytestmark = pytest.mark.django_db

JAN, JUNE = dt.date(2024, 1, 1), dt.date(2024, 6, 30)
PUBLISHED = dt.date(2024, 7, 2)


def key(place: str, start: dt.date | None = JAN) -> FigureKey:
    return FigureKey.of(measure="killed", subject="civilians", place=place, period_start=start,
                        period_end=JUNE)  # fmt: skip


@pytest.fixture
def two_names():
    centre = make_source("Centre report", publisher="Mine Action Centre", published=PUBLISHED)
    mission = make_source("Mission report", publisher="Monitoring Mission", published=PUBLISHED)
    make_claim(centre, "killed", "civilians", 120, place="the liberated territories",
               period_start=JAN, period_end=JUNE)  # fmt: skip
    make_claim(mission, "killed", "civilians", 150, place="territories freed from occupation",
               period_start=JAN, period_end=JUNE)  # fmt: skip
    return centre, mission


def test_merged_keys_are_one_figure_compared_counted_and_audited(two_names, editor):
    do_run_checks(acting_user=None)
    assert not Finding.objects.filter(kind="differs").exists()  # two figures, never compared
    own, figure = key("territories freed from occupation"), key("liberated territories")

    decision = do_merge_figure_keys(own, figure, reason="One area, two names in two agencies.",
                                    acting_user=editor)  # fmt: skip

    assert decision.decided_by == editor
    event = AuditEvent.objects.get(action="merge_figure_keys")
    assert event.reason == "One area, two names in two agencies."
    assert event.changes["counts_under"] == [own.slug(), figure.slug()]
    assert figure_value(figure).citations[1].value == 120  # both sources' claims count
    # A reference to the merged key (an appeal's footnote) finds the figure's claims.
    assert [c.value for c in figure_value(own).citations] == [150, 120]
    do_run_checks(acting_user=None)
    differs = Finding.objects.get(kind="differs")
    assert differs.key_slug == figure.slug()
    [row] = list_figure_keys(user=editor)
    assert (row.key, row.claims, row.sources, row.low, row.high) == (figure, 2, 2, 120, 150)


def test_the_merge_survives_re_extraction(two_names, editor):
    _centre, mission = two_names
    own, figure = key("territories freed from occupation"), key("liberated territories")
    do_merge_figure_keys(own, figure, reason="One area.", acting_user=editor)
    # Re-extraction replaces the claim rows: the decision is by key, not by row.
    mission.claims.all().delete()
    make_claim(mission, "killed", "civilians", 150, place="Territories freed from occupation",
               period_start=JAN, period_end=JUNE)  # fmt: skip
    do_run_checks(acting_user=None)
    assert Finding.objects.filter(kind="differs", key_slug=figure.slug()).exists()
    assert [r.key for r in list_figure_keys(user=editor)] == [figure]


def test_the_old_address_leads_to_the_figure_it_joined(client, editor, two_names):
    own, figure = key("territories freed from occupation"), key("liberated territories")
    do_merge_figure_keys(own, figure, reason="One area.", acting_user=editor)
    client.force_login(editor)
    response = client.get(reverse("figures:detail", args=[own.slug()]))
    assert response.status_code == 302
    assert response["Location"] == reverse("figures:detail", args=[figure.slug()])
    page = client.get(response["Location"]).content.decode()
    assert "territories freed from occupation" in page  # listed among the keys it counts
    assert "One area." in page


def test_an_as_of_total_meets_the_period_and_an_editor_splits_them(editor):
    centre = make_source("Centre", publisher="Mine Action Centre", published=PUBLISHED)
    mission = make_source("Mission", publisher="Monitoring Mission", published=JUNE)
    make_claim(centre, "killed", "civilians", 120, place="North", period_start=JAN,
               period_end=JUNE)  # fmt: skip
    make_claim(mission, "killed", "civilians", 150, place="North")  # as of its date, 30 June
    do_run_checks(acting_user=None)
    as_of, period = key("North", start=None), key("North")
    assert aliases.figure_of(as_of) == period
    finding = Finding.objects.get(kind="differs")
    assert finding.status == "needs_review"
    assert finding.key_slug == period.slug()

    with pytest.raises(ReasonRequired):
        do_split_figure_keys(as_of, period, reason=" ", acting_user=editor)
    do_split_figure_keys(as_of, period, reason="The mission counts since 2022.",
                         acting_user=editor)  # fmt: skip
    do_run_checks(acting_user=None)

    assert aliases.figure_of(as_of) is None
    assert not Finding.objects.filter(kind="differs").exists()
    assert {r.key for r in list_figure_keys(user=editor)} == {as_of, period}
    assert AuditEvent.objects.get(action="split_figure_keys").reason.startswith("The mission")
    with pytest.raises(KeysRefused, match="not joined"):
        do_split_figure_keys(as_of, period, reason="again", acting_user=editor)


def test_merges_that_cannot_be_are_refused_with_what_to_do(editor, two_names):
    own, figure = key("territories freed from occupation"), key("liberated territories")
    with pytest.raises(KeysRefused, match="itself"):
        do_merge_figure_keys(own, own, reason="x", acting_user=editor)
    injured = FigureKey.of(measure="injured", subject="civilians", period_end=JUNE)
    with pytest.raises(KeysRefused, match="one measure, subject, cause and unit"):
        do_merge_figure_keys(own, injured, reason="x", acting_user=editor)
    do_merge_figure_keys(own, figure, reason="One area.", acting_user=editor)
    with pytest.raises(KeysRefused, match="counts under this key already"):
        do_merge_figure_keys(figure, own, reason="the other way", acting_user=editor)
    assert FigureKeyDecision.objects.count() == 1
    assert AuditEvent.objects.filter(action="merge_figure_keys").count() == 1


def test_only_editors_decide_and_a_bad_key_is_a_message(client, researcher, editor, two_names):
    own, figure = key("territories freed from occupation"), key("liberated territories")
    post = {"key": own.slug(), "other": figure.slug(), "reason": "One area."}
    client.force_login(researcher)
    assert client.post(reverse("figures:merge"), post).status_code == 403
    client.force_login(editor)
    response = client.post(reverse("figures:merge"), {**post, "other": "not a key"}, follow=True)
    assert "This is not a figure key" in response.content.decode()
    assert not FigureKeyDecision.objects.exists()
    address = "http://127.0.0.1:8000" + reverse("figures:detail", args=[figure.slug()])
    response = client.post(reverse("figures:merge"), {**post, "other": address})
    assert response["Location"] == reverse("figures:detail", args=[figure.slug()])
    assert FigureKeyDecision.objects.get().target_slug == figure.slug()


def test_publishers_side_by_side_follow_a_merge_and_its_split(client, editor, two_names):
    pair = {"left": "Mine Action Centre", "right": "Monitoring Mission"}
    client.force_login(editor)
    # Two place names, two figures: nothing the two publishers share.
    assert client.get(reverse("figures:publishers"), pair).context["rows"] == []

    own, figure = key("territories freed from occupation"), key("liberated territories")
    do_merge_figure_keys(own, figure, reason="One area, two names.", acting_user=editor)
    [row] = client.get(reverse("figures:publishers"), pair).context["rows"]
    assert row.key.series == figure.series
    assert [c.value for c in row.left] == [120]
    assert [c.value for c in row.right] == [150]

    merge = FigureKeyDecision.objects.get(key_slug=own.slug(), decision=KeyDecision.MERGE)
    do_split_figure_keys(own, figure, reason="Two areas after all.", acting_user=editor)
    assert client.get(reverse("figures:publishers"), pair).context["rows"] == []
    # The audit row names the merge undone: the keys' slugs are longer than an id's column.
    assert len(own.slug()) > 64
    assert AuditEvent.objects.get(action="split_figure_keys").object_id == str(merge.pk)

    # Totals "as of" their publication (no end of period) follow a merge too.
    centre, mission = two_names
    make_claim(centre, "missing", "people", 30, place="the liberated territories")
    make_claim(mission, "missing", "people", 31, place="territories freed from occupation")

    def as_of(place: str) -> FigureKey:
        return FigureKey.of(measure="missing", subject="people", place=place,
                            period_end=PUBLISHED)  # fmt: skip

    do_merge_figure_keys(as_of("territories freed from occupation"),
                         as_of("liberated territories"), reason="One area.",
                         acting_user=editor)  # fmt: skip
    [row] = client.get(reverse("figures:publishers"), pair).context["rows"]
    assert ([c.value for c in row.left], [c.value for c in row.right]) == ([30], [31])

"""An estimate of how many people no list recorded, kept and cited in an appeal: "about N",
with a note naming the method, the lists and the 95% interval."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from click.testing import CliRunner
from django.urls import reverse

from ombuds.appeals.actions import do_approve_appeal, do_submit_appeal
from ombuds.appeals.letters import render_html
from ombuds.appeals.rendering import compose, figures_then_and_now
from ombuds.cli import main
from ombuds.core.models import AuditEvent
from ombuds.registry.errors import RecordInvalid
from ombuds.registry.estimation import loglinear
from ombuds.registry.estimation.tables import OverlapTable
from ombuds.registry.list_actions import do_save_estimate, do_save_list
from ombuds.registry.list_queries import Stratum
from ombuds.registry.models import Person, SavedEstimate, SourceList
from tests.appeals.factories import draft
from tests.registry.factories import person

pytestmark = pytest.mark.django_db

LISTS = ("commission", "icrc", "families")
# People on each combination of the three lists (1 = on the list), as the registry will hold them.
CELLS = {(1, 0, 0): 60, (0, 1, 0): 50, (0, 0, 1): 40, (1, 1, 0): 20, (1, 0, 1): 15,
         (0, 1, 1): 12, (1, 1, 1): 6}  # fmt: skip


def three_lists() -> list[SourceList]:
    described = {
        "commission": {"publisher": "State Commission", "date": dt.date(2023, 5, 1),
                       "date_precision": "month"},
        "icrc": {"publisher": "ICRC", "date": dt.date(2022, 1, 1), "date_precision": "year"},
        "families": {"publisher": "", "date": None, "date_precision": "unknown"},
    }  # fmt: skip
    return [
        do_save_list(
            SourceList(),
            values={"slug": slug, "name": f"{slug.title()} list", **described[slug]},
            acting_user=None,
        )
        for slug in LISTS
    ]


def hold_people(lists: list[SourceList]) -> None:
    """Person records on the lists, each person's records sharing one cluster id."""
    rows = []
    for pattern, people in CELLS.items():
        for _ in range(people):
            cluster = uuid.uuid4() if sum(pattern) > 1 else None
            rows.extend(
                Person(source_list=lists[i], cluster=cluster) for i, on in enumerate(pattern) if on
            )
    Person.objects.bulk_create(rows)


def expected() -> loglinear.LogLinearEstimate:
    memberships = [
        {i for i, on in enumerate(pattern) if on}
        for pattern, people in CELLS.items()
        for _ in range(people)
    ]
    return loglinear.estimate(OverlapTable.from_memberships(LISTS, memberships))


def test_a_kept_estimate_is_cited_as_about_n_with_method_lists_and_interval():
    hold_people(three_lists())

    saved = do_save_estimate(Stratum(lists=LISTS), method="loglinear", acting_user=None)

    truth = expected()
    assert saved.number == 1
    assert saved.observed == 203
    assert saved.model == truth.best.name
    assert (saved.estimate, saved.lower) == (round(truth.best.n_hat), round(truth.lower))
    assert AuditEvent.objects.get(action="save_estimate").object_id == str(saved.pk)

    doc = compose(draft("An estimated {{estimate 1}} people are missing."))
    (figure,) = doc["figures"]
    assert figure["display"] == f"about {saved.estimate:,}"
    assert doc["errors"] == []
    note = figure["note"]
    assert note.startswith("Estimate of the Office of ")
    assert f"(log-linear model {truth.best.name}, chosen by BIC)" in note
    assert (
        "from the overlap of 3 lists: State Commission, “Commission list”, May 2023; "
        "ICRC, “Icrc list”, 2022; “Families list”."
    ) in note
    assert "People on at least one of the lists: 203" in note
    upper = f"{saved.upper:,}" if saved.upper is not None else ""
    assert f"95% interval {saved.lower:,}–{upper}" in note
    # The letter prints the value and the note; the staff's list of figures names the estimate.
    html = render_html(doc)
    assert f"about {saved.estimate:,}" in html
    assert "multiple systems estimation" in html.split('class="footnotes"', 1)[1]
    # A kept estimate does not change: then and now are the same.
    (row,) = figures_then_and_now(doc)
    assert (row["then"], row["now"], row["changed"]) == (figure["display"],) * 2 + (False,)


def test_approval_freezes_the_estimate_and_its_note(editor):
    hold_people(three_lists())
    do_save_estimate(Stratum(lists=LISTS), method="loglinear", acting_user=None)
    appeal = draft("An estimated {{estimate 1}} people are missing.")
    do_submit_appeal(appeal, acting_user=None)  # submitted by someone else

    approved = do_approve_appeal(appeal, acting_user=editor)
    note = approved.frozen["figures"][0]["note"]
    SavedEstimate.objects.all().delete()

    # the letter as sent keeps its figure and note, though the estimate is gone now
    assert compose(approved)["figures"][0]["note"] == note
    assert "multiple systems estimation" in note


def test_the_note_speaks_the_letters_language():
    hold_people(three_lists())
    saved = do_save_estimate(Stratum(lists=LISTS), method="loglinear", acting_user=None)

    doc = compose(draft("По оценке, {{estimate 1}} человек пропали без вести.", language="ru"))

    (figure,) = doc["figures"]
    assert figure["display"] == "около " + f"{saved.estimate:,}".replace(",", "\u00a0")
    assert figure["note"].startswith("Оценка Аппарата от ")
    assert "лог-линейная модель" in figure["note"]
    assert "«Commission list», май 2023" in figure["note"]


def test_a_reference_to_no_estimate_is_an_error_and_prints_no_number():
    doc = compose(draft("About {{estimate 7}} people, or {{estimate seven}}."))

    assert doc["figures"] == []
    assert any("finds no estimate 7" in e for e in doc["errors"])
    assert any("write its number" in e for e in doc["errors"])


def test_restricted_lists_are_refused_and_restricted_records_not_counted():
    lists = three_lists()
    hold_people(lists)
    # A record the office may not share: a case-team count would hold it, a letter not.
    person(
        "Leyla Əliyeva", source_list=lists[0], confidentiality="restricted", consent_scope="none"
    )
    secret = do_save_list(
        SourceList(),
        values={"slug": "secret", "name": "Secret list", "confidentiality": "restricted"},
        acting_user=None,
    )

    with pytest.raises(RecordInvalid, match="secret is restricted"):
        do_save_estimate(Stratum(lists=(*LISTS, secret.slug)), method="loglinear", acting_user=None)
    saved = do_save_estimate(Stratum(lists=LISTS), method="loglinear", acting_user=None)

    assert saved.observed == 203
    assert not SavedEstimate.objects.filter(observed=204).exists()
    with pytest.raises(RecordInvalid, match="three lists"):
        do_save_estimate(Stratum(lists=LISTS[:2]), method="lcmcr", acting_user=None)
    assert SavedEstimate.objects.count() == 1


def test_researchers_keep_an_estimate_from_the_page_and_viewers_may_not(researcher, viewer, client):
    hold_people(three_lists())
    query = {"lists": list(LISTS), "event": "any", "method": "loglinear", "seed": "1"}
    client.force_login(researcher)

    page = client.get(reverse("registry:estimate"), query)
    assert b'id="keep-estimate"' in page.content
    kept = client.post(reverse("registry:estimate_keep"), {**query, "keep": "loglinear"})

    assert kept.status_code == 302
    assert kept["Location"].endswith("#estimate-1")
    saved = SavedEstimate.objects.get()
    assert saved.made_by == researcher
    listed = client.get(reverse("registry:estimate"))
    assert b"{{estimate 1}}" in listed.content

    client.force_login(viewer)
    assert b'id="keep-estimate"' not in client.get(reverse("registry:estimate"), query).content
    refused = client.post(reverse("registry:estimate_keep"), {**query, "keep": "loglinear"})
    assert refused.status_code == 403
    assert SavedEstimate.objects.count() == 1


def test_the_command_line_keeps_an_estimate_and_says_how_to_cite_it():
    hold_people(three_lists())

    result = CliRunner().invoke(
        main, ["estimate", "--lists", ",".join(LISTS), "--method", "loglinear",
               "--keep", "loglinear"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "Kept as estimate 1" in result.output
    assert "{{estimate 1}}" in result.output
    refused = CliRunner().invoke(
        main, ["estimate", "--lists", "commission,icrc", "--keep", "lcmcr"]
    )
    assert refused.exit_code == 1
    assert "three lists" in refused.output


def test_the_editors_search_finds_kept_estimates_by_method_lists_stratum_and_number(editor, client):
    hold_people(three_lists())
    saved = do_save_estimate(Stratum(lists=LISTS), method="loglinear", acting_user=None)
    # A second, as another stratum and method would keep it.
    other = SavedEstimate.objects.get(pk=saved.pk)
    other.pk, other.number, other.method, other.model = None, 2, "lcmcr", ""
    other.description = "people went missing, sex female"
    other.stratum = {**other.stratum, "sex": "female"}
    other.lists = [item for item in other.lists if item["slug"] != "families"]
    other.save()
    client.force_login(editor)

    def found(words: str) -> list[str]:
        response = client.get(reverse("appeals:figure_search"), {"q": words})
        assert response.status_code == 200
        return [r["reference"] for r in response.json()["figures"] if r["kind"] == "estimate"]

    assert found("estimate") == ["{{estimate 2}}", "{{estimate 1}}"]  # newest first
    assert found("log-linear") == ["{{estimate 1}}"]
    assert found("loglinear") == ["{{estimate 1}}"]
    assert found("LCMCR") == ["{{estimate 2}}"]
    assert found("families list") == ["{{estimate 1}}"]  # the second is of two lists only
    assert found("ICRC 2022") == ["{{estimate 2}}", "{{estimate 1}}"]
    assert found("female") == ["{{estimate 2}}"]
    assert found("estimate 1") == ["{{estimate 1}}"]  # a number is a whole number
    assert found(str(saved.estimate)) == ["{{estimate 2}}", "{{estimate 1}}"]
    assert found("estimate 3") == []
    assert found("shelling") == []

    [result] = [
        r
        for r in client.get(reverse("appeals:figure_search"), {"q": "estimate 1"}).json()["figures"]
        if r["kind"] == "estimate"
    ]
    assert result["display"] == f"about {saved.estimate:,}"
    assert result["label"] == f"estimate 1: {saved.description}"
    assert "Commission list; Icrc list; Families list" in result["details"]
    assert "95% interval" in result["details"]
    # Inserted, its reference shows as a chip with the value the letter prints.
    values = client.get(reverse("appeals:figure_values"), {"ref": result["reference"]}).json()
    assert values["values"][result["reference"]] == result["display"]

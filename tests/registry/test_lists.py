"""Lists, people as clusters of records, and the overlap table the estimates read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from ombuds.cli import main
from ombuds.core.models import AuditEvent
from ombuds.registry.errors import RecordInvalid
from ombuds.registry.estimation import EstimationError, loglinear
from ombuds.registry.estimation.tables import OverlapTable
from ombuds.registry.list_actions import do_merge_persons, do_save_list, do_separate_person
from ombuds.registry.list_queries import Stratum, overlap_table
from ombuds.registry.models import OFFICE_LIST_SLUG, Person, SourceList
from tests.registry.factories import casualty, incident, person


def make_list(slug: str, **values: object) -> SourceList:
    return do_save_list(
        SourceList(), values={"slug": slug, "name": slug.upper(), **values}, acting_user=None
    )


def write_persons(path: Path, ids: list[str]) -> Path:
    lines = ["external_id,name,sex"] + [f"{i},Name {i},male" for i in ids]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_a_record_without_a_list_goes_into_office_cases():
    p = person("Rəşad Həsənov")

    assert p.source_list.slug == OFFICE_LIST_SLUG
    assert p.source_list.name == "Office cases"


@pytest.mark.django_db
def test_a_list_is_created_with_an_audit_row_and_its_name_once():
    icrc = make_list("icrc", publisher="ICRC", date=dt.date(2023, 5, 1), date_precision="month")

    event = AuditEvent.objects.get(action="create_sourcelist", object_id=str(icrc.pk))
    assert event.changes["publisher"] == [None, "ICRC"]
    with pytest.raises(RecordInvalid, match="slug"):
        make_list("icrc")
    with pytest.raises(RecordInvalid, match="slug"):
        make_list("not a slug")
    assert SourceList.objects.filter(slug="icrc").count() == 1


@pytest.mark.django_db
def test_import_names_its_list_and_refuses_another_lists_ids(tmp_path: Path):
    make_list("commission")
    make_list("icrc")
    runner = CliRunner()
    first = write_persons(tmp_path / "commission.csv", ["C-1", "C-2"])
    result = runner.invoke(
        main, ["import", str(first), "--kind", "persons", "--list", "commission"]
    )
    assert result.exit_code == 0, result.output
    assert set(Person.objects.values_list("source_list__slug", flat=True)) == {"commission"}
    audit = AuditEvent.objects.get(action="import_persons")
    assert audit.changes["list"] == [None, "commission"]

    clash = write_persons(tmp_path / "icrc.csv", ["I-1", "C-2"])
    result = runner.invoke(main, ["import", str(clash), "--kind", "persons", "--list", "icrc"])

    assert result.exit_code == 1
    assert "'C-2' is in the list 'COMMISSION'" in result.output
    assert "nothing was imported" in result.output
    assert not Person.objects.filter(external_id="I-1").exists()
    assert Person.objects.get(external_id="C-2").source_list.slug == "commission"

    unknown = runner.invoke(main, ["import", str(clash), "--kind", "persons", "--list", "nope"])
    assert unknown.exit_code == 1
    assert "No list 'nope'" in unknown.output


@pytest.mark.django_db
def test_merge_and_separate_are_audited_and_a_record_alone_is_its_own_person():
    a, b, c = person("Elvin Məmmədov"), person("Эльвин Мамедов"), person("Elvin Mammadov")

    cluster = do_merge_persons([a, b], acting_user=None, reason="same birth date and village")
    do_merge_persons([b, c], acting_user=None)

    assert set(Person.objects.values_list("cluster", flat=True)) == {cluster}
    merges = AuditEvent.objects.filter(action="merge_person")
    assert merges.count() == 3  # a and b, then c joining their cluster
    assert merges.order_by("id").first().reason == "same birth date and village"

    do_separate_person(Person.objects.get(pk=c.pk), acting_user=None)
    assert Person.objects.get(pk=c.pk).cluster is None
    assert Person.objects.get(pk=a.pk).cluster == cluster
    do_separate_person(Person.objects.get(pk=a.pk), acting_user=None)
    # b was left alone in its cluster: it is a person alone again.
    assert set(Person.objects.values_list("cluster", flat=True)) == {None}
    assert AuditEvent.objects.filter(action="separate_person").count() == 3

    with pytest.raises(RecordInvalid, match="at least two"):
        do_merge_persons([a, a], acting_user=None)
    with pytest.raises(RecordInvalid, match="nothing to undo"):
        do_separate_person(Person.objects.get(pk=a.pk), acting_user=None)


@pytest.mark.django_db
def test_overlap_table_counts_people_not_records():
    lists = [make_list(slug) for slug in ("aa", "bb", "cc")]
    mine = incident(date=dt.date(2021, 5, 4), place="Village North")
    elsewhere = incident(date=dt.date(2019, 1, 2), place="Town South")
    # (lists the person is on, incident): the truth the table must show.
    people = [
        ((0,), mine), ((0,), mine), ((1,), mine), ((2,), mine), ((0, 1), mine),
        ((0, 2), mine), ((1, 2), mine), ((0, 1, 2), mine), ((0, 1), elsewhere), ((2,), elsewhere),
    ]  # fmt: skip
    for on, where in people:
        records = []
        for index in on:
            record = person("Leyla Əliyeva", source_list=lists[index])
            casualty(where, person=record, source_list=lists[index])
            records.append(record)
        if len(records) > 1:
            do_merge_persons(records, acting_user=None)

    everyone = overlap_table(Stratum(lists=("aa", "bb", "cc")), user=None)
    assert everyone == OverlapTable.from_memberships(("aa", "bb", "cc"), [on for on, _ in people])
    assert everyone.observed == 10

    north = overlap_table(Stratum(place="north", date_from=dt.date(2021, 1, 1)), user=None)
    expected = [on for on, where in people if where is mine]
    assert north == OverlapTable.from_memberships(("aa", "bb", "cc"), expected)

    two = overlap_table(Stratum(lists=("cc", "aa"), event="killed"), user=None)
    assert two.lists == ("cc", "aa")
    assert two.counts[(1, 1)] == 2  # on aa and cc: people 6 and 8
    assert two.observed == 9  # person 3 is on bb only

    with pytest.raises(EstimationError, match="No list zz"):
        overlap_table(Stratum(lists=("aa", "zz")), user=None)


@pytest.mark.django_db
def test_estimate_command_prints_table_estimate_and_caveats():
    lists = [make_list(slug) for slug in ("aa", "bb", "cc")]
    spots = {(0,): 30, (1,): 25, (2,): 20, (0, 1): 9, (0, 2): 7, (1, 2): 6, (0, 1, 2): 3}
    for on, count in spots.items():
        for _ in range(count):
            records = [person("Armen Grigoryan", source_list=lists[i]) for i in on]
            if len(records) > 1:
                do_merge_persons(records, acting_user=None)
    expected = loglinear.estimate(
        OverlapTable.from_memberships(
            ("aa", "bb", "cc"), [on for on, count in spots.items() for _ in range(count)]
        )
    )

    result = CliRunner().invoke(main, ["estimate", "--lists", "aa,bb,cc", "--method", "loglinear"])

    assert result.exit_code == 0, result.output
    assert "Observed: 100 people on at least one of 3 lists." in result.output
    assert "  1 1 1  3\n" in result.output
    assert f"Log-linear model {expected.best.name}" in result.output
    assert f"{round(expected.best.n_hat):,} people" in result.output
    assert "Closed population" in result.output

    refused = CliRunner().invoke(main, ["estimate", "--lists", "aa", "--method", "loglinear"])
    assert refused.exit_code == 1
    assert "at least two lists" in refused.output


@pytest.mark.django_db
def test_estimate_page_shows_viewers_counts_only(client, viewer, editor):
    lists = [make_list(slug) for slug in ("aa", "bb", "cc")]
    spots = {(0,): 12, (1,): 10, (2,): 9, (0, 1): 5, (0, 2): 4, (1, 2): 3, (0, 1, 2): 2}
    for on, count in spots.items():
        for _ in range(count):
            records = [person("Günel Quliyeva", source_list=lists[i]) for i in on]
            if len(records) > 1:
                do_merge_persons(records, acting_user=None)

    client.force_login(viewer)
    page = client.get(reverse("registry:estimate"), {"lists": ["aa", "bb", "cc"]})

    assert page.status_code == 200
    text = page.content.decode()
    assert "Observed: 45 people on at least one of 3 lists." in text
    assert "Günel" not in text
    assert "&lt;5" in text  # cells of 1 to 4 people are suppressed for a viewer
    assert "Closed population" in text
    assert client.get(reverse("registry:lists")).status_code == 200
    assert client.post(reverse("registry:lists"), {"name": "X", "slug": "x"}).status_code == 403

    client.force_login(editor)
    page = client.get(reverse("registry:estimate"), {"lists": ["aa", "bb", "cc"]})
    assert "<td>2</td>" in page.content.decode()  # the editor sees every count
    added = client.post(
        reverse("registry:lists"),
        {"name": "Morgue register", "slug": "morgue", "date_precision": "unknown",
         "confidentiality": "internal"},
    )  # fmt: skip
    assert added.status_code == 302
    assert AuditEvent.objects.filter(action="create_sourcelist", actor=editor).exists()
    empty = client.get(reverse("registry:estimate"), {"lists": ["aa", "morgue"]})
    assert "No person in this stratum is on morgue" in empty.content.decode()


@pytest.mark.django_db(transaction=True)
def test_data_migration_puts_earlier_records_in_office_cases_and_reverses():
    executor = MigrationExecutor(connection)
    executor.migrate([("registry", "0006_source_lists")])
    old = executor.loader.project_state([("registry", "0006_source_lists")]).apps
    old.get_model("registry", "SourceList").objects.all().delete()
    old.get_model("registry", "Incident").objects.create(incident_type="mine", external_id="I-9")

    executor = MigrationExecutor(connection)
    executor.migrate([("registry", "0007_office_cases_list")])
    new = executor.loader.project_state([("registry", "0007_office_cases_list")]).apps
    found = new.get_model("registry", "Incident").objects.get(external_id="I-9")
    assert found.source_list.slug == OFFICE_LIST_SLUG

    executor = MigrationExecutor(connection)
    executor.migrate([("registry", "0006_source_lists")])
    back = executor.loader.project_state([("registry", "0006_source_lists")]).apps
    assert back.get_model("registry", "Incident").objects.get(external_id="I-9").source_list is None
    assert not back.get_model("registry", "SourceList").objects.exists()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

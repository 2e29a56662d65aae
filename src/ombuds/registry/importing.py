"""Reading CSV and XLSX files of registry records, with a column mapping and a validation report.

A file is read whole and every row checked before anything is written: the report lists every
bad row with its line and reason, and ``actions.do_import_records`` writes only a file with
none. The mapping file is JSON: ``{"column in the file": "field"}``; columns named like a field
need no mapping. Dates may be written as 2021, 2021-03 or 2021-03-05 (or 05.03.2021); the
precision follows from what is written.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import TextChoices

from ombuds.core.labels import UnknownLabel, label_reader
from ombuds.core.spreadsheets import unquote, workbook_problem
from ombuds.core.vocabularies import Confidentiality, DatePrecision
from ombuds.registry.errors import MappingInvalid
from ombuds.registry.models import Incident, Person
from ombuds.registry.vocabularies import (
    AgeGroup,
    Circumstance,
    ConsentScope,
    DamageGrade,
    IncidentType,
    MissingStatus,
    ObjectType,
    Outcome,
    Sex,
    StatusGroup,
)

FATE_ESTABLISHED_CODES = {"located_dead", "dna_match", "identified", "remains_returned"}
KINDS = ("persons", "incidents", "casualties", "missing", "damage", "displacement")
Parser = Callable[[str], Any]

# Names people write for the registry's codes, besides the codes and labels themselves
# (core/labels.py reads all three; each name serves the vocabularies that have its code).
ALIASES = {
    "m": "male", "man": "male", "f": "female", "woman": "female", "military": "serviceman",
    "soldier": "serviceman", "civil": "civilian", "dead": "killed", "wounded": "injured",
    "minor": "child", "drone": "drone_strike", "apartment": "apartment_building",
    "landmine": "mine", "AP mine": "mine", "AT mine": "mine", "Anti-personnel mine": "mine",
    "Anti-tank mine": "mine", "Mine explosion": "mine", "ERW": "erw",
    "Explosive remnant of war": "erw", "Unexploded ordnance": "erw",
    "Abandoned explosive ordnance": "erw", "Cluster munition": "erw",
    "Improvised explosive device": "improvised_mine", "Demining": "demining",
}  # fmt: skip


class RowError(ValueError):
    """A value of a row that cannot be used; the message is the reason shown in the report."""


def choice(vocabulary: type[TextChoices]) -> Parser:
    read = label_reader(vocabulary, aliases=ALIASES)

    def parse(text: str) -> str:
        try:
            return read(text)
        except UnknownLabel as exc:
            raise RowError(str(exc)) from None

    return parse


def text(limit: int) -> Parser:
    def parse(value: str) -> str:
        value = unquote(value.strip())
        if "\x00" in value:
            # PostgreSQL cannot store it, and it is never part of a name or a place.
            raise RowError("holds a NUL character (\\x00): remove it from the cell")
        if len(value) > limit:
            raise RowError(f"is {len(value)} characters long; at most {limit} fit")
        return value

    return parse


def _finite(value: str, cleaned: str, what: str) -> float:
    """A finite float: "1e400", "inf" and "nan" are refused (they overflow or compare false)."""
    try:
        number = float(cleaned)
    except ValueError:
        raise RowError(f"{value!r} is not {what}") from None
    if not math.isfinite(number):
        raise RowError(f"{value!r} is not {what} (it is infinite or not a number)")
    return number


def whole(minimum: int = 0, maximum: int = 10**9) -> Parser:
    def parse(value: str) -> int:
        number = _finite(value, value.strip().replace(",", ""), "a whole number")
        if not minimum <= number <= maximum:
            raise RowError(f"{value.strip()} is outside {minimum}..{maximum}")
        return int(number)

    return parse


def decimal(minimum: float, maximum: float) -> Parser:
    def parse(value: str) -> float:
        number = _finite(value, value.strip(), "a number")
        if not minimum <= number <= maximum:
            raise RowError(f"{number} is outside {minimum}..{maximum}")
        return number

    return parse


def yes_no(value: str) -> bool:
    raw = value.strip().casefold()
    if raw in {"1", "true", "yes", "y"}:
        return True
    if raw in {"0", "false", "no", "n"}:
        return False
    raise RowError(f"{value!r} is not yes or no")


_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def date_with_precision(value: str) -> tuple[dt.date, str]:
    """A date as written and its precision: 2021 (year), 2021-03 (month), 2021-03-05 (day)."""
    raw = value.strip()
    try:
        if m := _DMY.match(raw):
            return dt.date(int(m[3]), int(m[2]), int(m[1])), DatePrecision.DAY
        if re.fullmatch(r"\d{4}", raw):
            return dt.date(int(raw), 1, 1), DatePrecision.YEAR
        if re.fullmatch(r"\d{4}-\d{1,2}", raw):
            year, month = raw.split("-")
            return dt.date(int(year), int(month), 1), DatePrecision.MONTH
        return dt.date.fromisoformat(raw[:10]), DatePrecision.DAY
    except ValueError:
        raise RowError(f"{value!r} is not a date: write 2021, 2021-03 or 2021-03-05") from None


def date_only(value: str) -> dt.date:
    return date_with_precision(value)[0]


COMMON: dict[str, Parser] = {
    "external_id": text(100),
    "confidentiality": choice(Confidentiality),
    "consent_scope": choice(ConsentScope),
    "synthetic": yes_no,
}
NAME_COLUMNS = {"name": "", "name_az": "az", "name_hy": "hy", "name_ru": "ru", "name_en": "en"}

FIELDS: dict[str, dict[str, Parser]] = {
    "persons": {
        **{column: text(200) for column in NAME_COLUMNS},
        "sex": choice(Sex),
        "date_of_birth": date_with_precision,
        "birth_estimated": yes_no,
        "nationality": text(60),
        "contact": text(2000),
        "id_documents": text(2000),
    },
    "incidents": {
        "incident_type": choice(IncidentType),
        "date": date_with_precision,
        "date_estimated": yes_no,
        "place": text(300),
        "latitude": decimal(-90, 90),
        "longitude": decimal(-180, 180),
        "description": text(20000),
    },
    "casualties": {
        "incident_external_id": text(100),
        "incident_type": choice(IncidentType),
        "incident_date": date_with_precision,
        "incident_place": text(300),
        "person_external_id": text(100),
        "count": whole(1),
        "outcome": choice(Outcome),
        "status": choice(StatusGroup),
        "age": whole(0, 130),
        "age_group": choice(AgeGroup),
        "sex": choice(Sex),
    },
    "missing": {
        "person_external_id": text(100),
        "incident_external_id": text(100),
        "date_last_seen": date_with_precision,
        "place_last_seen": text(300),
        "circumstances": choice(Circumstance),
        "circumstances_text": text(20000),
        "status_group": choice(StatusGroup),
        "reporting_relative": text(200),
        "relative_contact": text(2000),
        "status": choice(MissingStatus),
        "presumed_alive": yes_no,
    },
    "damage": {
        "object_type": choice(ObjectType),
        "grade": choice(DamageGrade),
        "name": text(300),
        "incident_external_id": text(100),
        "date": date_with_precision,
        "place": text(300),
        "latitude": decimal(-90, 90),
        "longitude": decimal(-180, 180),
    },
    "displacement": {
        "people": whole(0),
        "households": whole(0),
        "place_from": text(300),
        "place_to": text(300),
        "period_start": date_only,
        "period_end": date_only,
        "incident_external_id": text(100),
    },
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "persons": ("external_id",),
    "incidents": ("external_id", "incident_type"),
    "casualties": ("external_id", "incident_external_id", "outcome", "status"),
    "missing": ("external_id", "person_external_id"),
    "damage": ("external_id", "object_type", "grade"),
    "displacement": ("external_id", "people"),
}


@dataclass
class RowProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ImportReport:
    """What a file held and what was wrong with it; ``ok`` when nothing was."""

    kind: str
    filename: str
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.filename,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "ignored_columns": self.ignored_columns,
            "problems": [{"line": p.line, "reason": p.reason} for p in self.problems],
        }

    def summary(self) -> str:
        if self.ok:
            return f"{self.rows} rows: {self.created} created, {self.updated} updated"
        head = f"{len(self.problems)} bad rows in {self.filename}; nothing was imported. "
        return (
            head
            + "Correct these rows and import the file again:\n"
            + "\n".join(str(p) for p in self.problems)
        )


@dataclass
class ParsedRow:
    line: int
    values: dict[str, Any]


def read_mapping(path: Path | None, kind: str) -> dict[str, str]:
    """The column mapping in a JSON file: {"column": "field"}; MappingInvalid when unusable."""
    if path is None:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MappingInvalid(f"The mapping {path} cannot be read as JSON ({exc}).") from None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise MappingInvalid('A mapping is a JSON object of "column": "field" pairs.')
    known = set(FIELDS[kind]) | set(COMMON)
    unknown = sorted(v for v in data.values() if v not in known)
    if unknown:
        raise MappingInvalid(
            f"The mapping names fields {', '.join(unknown)} that {kind} records do not have; "
            f"use: {', '.join(sorted(known))}."
        )
    return dict(data)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(data: bytes, filename: str) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of a CSV or XLSX file, the header first; the line as a user counts it."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        _check_workbook(data, filename)
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise MappingInvalid(f"{filename} is not a readable XLSX workbook ({exc}).") from None
        sheet = book.worksheets[0]
        rows = enumerate(sheet.iter_rows(values_only=True), start=1)
        while True:
            try:  # read-only mode parses the sheet row by row: damage shows up here
                line, values = next(rows)
            except StopIteration:
                break
            except Exception as exc:  # ElementTree, zipfile and openpyxl's own errors
                book.close()
                raise MappingInvalid(
                    f"{filename} is not a readable XLSX workbook: a sheet is damaged ({exc}); "
                    "re-save it from the spreadsheet program."
                ) from None
            yield line, [_cell(v) for v in values]
        book.close()
        return
    content = _csv_text(data, filename)
    dialect: Any = csv.excel
    with contextlib.suppress(csv.Error):  # an undecidable sample is read as plain CSV
        dialect = csv.Sniffer().sniff(content[:4096], delimiters=",;\t")
    reader = csv.reader(io.StringIO(content, newline=""), dialect)
    for row in reader:
        yield reader.line_num, row


def _check_workbook(data: bytes, filename: str) -> None:
    problem = workbook_problem(data)
    if problem:
        raise MappingInvalid(f"{filename} is not a readable XLSX workbook: {problem}.")


# Byte-order marks of the encodings a spreadsheet program may save CSV in ("Unicode text").
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _csv_text(data: bytes, filename: str) -> str:
    """The text of a CSV file: UTF-8, or UTF-16/32 with a byte-order mark; NUL refused."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), "utf-8")
    try:
        content = data.decode(encoding)
    except UnicodeDecodeError:
        raise MappingInvalid(f"{filename} is not UTF-8 text: save the CSV as UTF-8.") from None
    if "\x00" in content:
        line = content.count("\n", 0, content.index("\x00")) + 1
        raise MappingInvalid(
            f"{filename} holds a NUL character (\\x00) on line {line}, so it is not a text CSV: "
            "save it again as CSV (UTF-8) from the spreadsheet program."
        )
    return content


def parse_file(
    data: bytes, *, filename: str, kind: str, mapping: dict[str, str] | None = None
) -> tuple[ImportReport, list[ParsedRow]]:
    """Every row of the file checked: the report (with every bad row) and the parsed rows."""
    if kind not in FIELDS:
        raise MappingInvalid(f"{kind!r} is not a kind of record: use one of {', '.join(KINDS)}.")
    parsers = {**COMMON, **FIELDS[kind]}
    mapping = mapping or {}
    report = ImportReport(kind=kind, filename=filename)
    rows = read_table(data, filename)
    header_line = next(rows, None)
    if header_line is None:
        report.problems.append(RowProblem(1, "the file is empty: the first row names columns"))
        return report, []
    header = [h.strip() for h in header_line[1]]
    missing = sorted(set(mapping) - set(header))
    if missing:
        raise MappingInvalid(
            f"The mapping names columns {', '.join(missing)} that {filename} does not have."
        )
    columns: list[str | None] = []
    for name in header:
        target = mapping.get(name) or (name if name in parsers else None)
        columns.append(target)
        if target is None and name:
            report.ignored_columns.append(name)
    absent = [f for f in REQUIRED[kind] if f not in columns]
    if absent:
        report.problems.append(
            RowProblem(1, f"no column for {', '.join(absent)}: add it or map a column to it")
        )
        return report, []
    parsed: list[ParsedRow] = []
    seen: dict[str, int] = {}
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        report.rows += 1
        values: dict[str, Any] = {}
        reasons: list[str] = []
        for target, raw in zip(columns, cells, strict=False):
            if target is None or not raw.strip():
                continue
            try:
                values[target] = parsers[target](raw)
            except RowError as exc:
                reasons.append(f"{target} {exc}")
        for required in REQUIRED[kind]:
            if required not in values and not any(required in r for r in reasons):
                reasons.append(f"{required} is empty")
        ext = values.get("external_id")
        if ext:
            if ext in seen:
                reasons.append(f"external_id {ext!r} already on line {seen[ext]}")
            seen.setdefault(ext, line)
        reasons.extend(_row_rules(kind, values))
        if reasons:
            report.problems.append(RowProblem(line, "; ".join(reasons)))
        else:
            parsed.append(ParsedRow(line, values))
    if not report.problems:
        _check_references(kind, parsed, report)
    return report, parsed


def _row_rules(kind: str, values: dict[str, Any]) -> list[str]:
    reasons = []
    if kind == "persons" and not any(values.get(c) for c in NAME_COLUMNS):
        reasons.append("no name: fill name (or name_az, name_hy, name_ru, name_en)")
    if kind == "casualties" and values.get("person_external_id") and values.get("count", 1) != 1:
        reasons.append("a named person counts 1: leave count empty or 1")
    if kind == "displacement":
        start, end = values.get("period_start"), values.get("period_end")
        if start and end and end < start:
            reasons.append("period_end is before period_start")
    if (
        kind == "missing"
        and values.get("presumed_alive") is False
        and values.get("status") not in FATE_ESTABLISHED_CODES
    ):
        reasons.append("presumed_alive is no but the status does not establish death")
    return reasons


def _existing(model: Any, ids: set[str]) -> set[str]:
    found: set[str] = set()
    chunk = sorted(ids)
    for start in range(0, len(chunk), 900):
        found.update(
            model.objects.filter(external_id__in=chunk[start : start + 900]).values_list(
                "external_id", flat=True
            )
        )
    return found


def _check_references(kind: str, parsed: list[ParsedRow], report: ImportReport) -> None:
    """Each incident and person a row names must exist (or, incidents, be described in it)."""
    incident_ids = {
        r.values["incident_external_id"] for r in parsed if r.values.get("incident_external_id")
    }
    described = {
        r.values["incident_external_id"]
        for r in parsed
        if kind == "casualties" and r.values.get("incident_type")
    }
    known_incidents = _existing(Incident, incident_ids - described) | described
    person_ids = {
        r.values["person_external_id"] for r in parsed if r.values.get("person_external_id")
    }
    known_people = _existing(Person, person_ids)
    for row in parsed:
        reasons = []
        inc = row.values.get("incident_external_id")
        if inc and inc not in known_incidents:
            reasons.append(
                f"incident {inc!r} is not recorded: import it first or give incident_type "
                "(and incident_date, incident_place) in this row"
            )
        person = row.values.get("person_external_id")
        if person and person not in known_people:
            reasons.append(f"person {person!r} is not recorded: import the persons first")
        if reasons:
            report.problems.append(RowProblem(row.line, "; ".join(reasons)))

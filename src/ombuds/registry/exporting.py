"""Exports of registry records (CSV, XLSX, JSON) and of the aggregate tables practitioners publish.

Record exports stream rows from the database (a million rows never sit in one list). Names,
dates of birth and contact details are written only when the caller may see personal data;
restricted records are left out unless their consent scope reaches the audience. Aggregate
tables: Landmine Monitor style (year x outcome x civilian/military x age group x sex) and SDG
16.1.2 style (conflict-related deaths by year x sex x age group x cause x status, with the rate
per 100,000 when a population is given); a public table suppresses cells below the threshold.
In CSV and XLSX, text that a spreadsheet would run as a formula is written with a quote first
(``core.spreadsheets``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder

from ombuds.core.spreadsheets import neutralise
from ombuds.core.vocabularies import HURIDOCS_DATE_CODE
from ombuds.registry.errors import ExportRefused
from ombuds.registry.models import SEALED_FIELDS
from ombuds.registry.queries import (
    casualty_breakdown,
    exportable,
    filtered_records,
    summary_cells,
    suppress,
)
from ombuds.registry.vocabularies import MONITOR_STATUS, SDG_SEX, SDG_STATUS, Outcome

FORMATS = ("csv", "xlsx", "json")
AGGREGATES = ("landmine-monitor", "sdg1612")
PERSONAL_COLUMNS = {"names", "date_of_birth", "contact", "id_documents", "reporting_relative",
                    "relative_contact"}  # fmt: skip
SKIP = {"id", "created_at", "updated_at", "person", "incident", "source_list"}


def record_columns(
    kind: str, *, personal: bool, sealed: bool = False, watermark: bool = False
) -> list[str]:
    """The columns of a record export of ``kind``: names with ``personal``, contacts and
    identity documents only with ``sealed`` too, and a last ``watermark`` column if asked."""
    from ombuds.registry.models import RECORD_MODELS

    model = RECORD_MODELS[kind]
    columns = ["id", "list"] + [f.name for f in model._meta.concrete_fields if f.name not in SKIP]
    if kind == "persons":
        columns.insert(3, "names")
    if kind in ("casualties", "missing", "damage", "displacement"):
        columns.insert(3, "incident_external_id")
    if kind in ("casualties", "missing"):
        columns.insert(4, "person_external_id")
    for name in ("date_precision", "birth_precision"):
        if name in columns:
            columns.insert(columns.index(name) + 1, f"{name}_huridocs")
    columns = [c for c in columns if personal or c not in PERSONAL_COLUMNS]
    columns = [c for c in columns if (personal and sealed) or c not in SEALED_FIELDS]
    return [*columns, "watermark"] if watermark else columns


def record_rows(
    kind: str,
    *,
    filters: dict[str, Any],
    personal: bool,
    audience: str,
    user: Any,
    sealed: bool = False,
    watermark: str = "",
) -> Iterator[dict[str, Any]]:
    """The records of ``kind`` ``user`` may see matching ``filters`` that may go to
    ``audience``, as dicts; contacts and identity documents only with ``sealed``, and every
    row carrying ``watermark`` (who exported it, when, why) when one is given."""
    columns = record_columns(kind, personal=personal, sealed=sealed, watermark=bool(watermark))
    qs = exportable(filtered_records(kind, filters, user=user), audience=audience).order_by(
        "created_at", "id"
    )
    if kind == "persons" and personal:
        qs = qs.prefetch_related("names")
    related = [r for r in ("incident", "person") if f"{r}_external_id" in columns]
    qs = qs.select_related("source_list", *related)
    for start_row in _chunks(qs):
        for obj in start_row:
            row: dict[str, Any] = {}
            for column in columns:
                if column == "watermark":
                    row[column] = watermark
                elif column == "list":
                    row[column] = obj.source_list.slug
                elif column == "names":
                    row[column] = "; ".join(n.name for n in obj.names.all())
                elif column.endswith("_external_id"):
                    linked = getattr(obj, column.removesuffix("_external_id"))
                    row[column] = linked.external_id if linked else ""
                elif column.endswith("_huridocs"):
                    row[column] = HURIDOCS_DATE_CODE.get(
                        getattr(obj, column.removesuffix("_huridocs")), ""
                    )
                else:
                    value = getattr(obj, column)
                    row[column] = str(value) if column == "id" else value
            yield row


def _chunks(qs: Any, size: int = 2000) -> Iterator[list[Any]]:
    # Keyset over (created_at, id): prefetches work per chunk and memory stays bounded.
    last = None
    while True:
        page = qs
        if last is not None:
            from django.db.models import Q

            page = page.filter(
                Q(created_at__gte=last[0]) & (Q(created_at__gt=last[0]) | Q(id__gt=last[1]))
            )
        rows = list(page[:size])
        if not rows:
            return
        yield rows
        last = (rows[-1].created_at, rows[-1].pk)


def landmine_monitor_rows(
    *, cause: str = "landmine", public: bool = False, audience: str | None = None
) -> list[dict[str, Any]]:
    """Casualties by year x outcome x civilian/military x age group x sex (Monitor style).

    Restricted casualties count only where their consent reaches ``audience`` (a public table:
    the public; None counts every record, for the case team).
    """
    rows = casualty_breakdown(
        cause=cause,
        outcomes=(Outcome.KILLED, Outcome.INJURED, Outcome.UNKNOWN),
        audience="public" if public else audience,
    )
    out = []
    for row in rows:
        people = int(row["people"])
        out.append(
            {
                "year": row["year"] or "unknown",
                "outcome": row["outcome"],
                "status": MONITOR_STATUS.get(row["status"], row["status"]),
                "age_group": row["age_group"],
                "sex": row["sex"],
                "casualties": suppress(people) if public else people,
            }
        )
    return out


def sdg1612_rows(
    *, population: int | None = None, public: bool = False, audience: str | None = None
) -> list[dict[str, Any]]:
    """Conflict-related deaths by year x sex x age group x cause x status (SDG 16.1.2 style).

    With ``population``, each year also gets a total row with deaths per 100,000 people.
    Restricted deaths count only where their consent reaches ``audience`` (as above).
    """
    out: list[dict[str, Any]] = []
    totals: dict[Any, int] = {}
    for row in summary_cells(outcome=Outcome.KILLED, audience="public" if public else audience):
        if not row["people"]:
            continue
        year = row["year"] or "unknown"
        totals[year] = totals.get(year, 0) + row["people"]
        out.append(
            {
                "year": year,
                "sex": SDG_SEX.get(row["sex"], "Unknown"),
                "age_group": row["age_group"],
                "cause": row["cause"] or "other/unknown",
                "status": SDG_STATUS.get(row["status"], "Unknown"),
                "deaths": suppress(row["people"]) if public else row["people"],
                "rate_per_100000": "",
            }
        )
    if population:
        for year, deaths in totals.items():
            out.append(
                {
                    "year": year, "sex": "All", "age_group": "all", "cause": "all",
                    "status": "All", "deaths": suppress(deaths) if public else deaths,
                    "rate_per_100000": round(deaths * 100_000 / population, 3),
                }
            )  # fmt: skip
    return out


def write_rows(rows: Iterable[dict[str, Any]], columns: list[str], fmt: str, out: IO[bytes]) -> int:
    """Write rows to a binary stream in CSV, XLSX or JSON; the number of rows written."""
    if fmt not in FORMATS:
        raise ExportRefused(f"{fmt!r} is not an export format: use csv, xlsx or json.")
    count = 0
    if fmt == "csv":
        import io

        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _plain(v) for k, v in row.items()})
            count += 1
        text.detach()
    elif fmt == "json":
        out.write(b"[")
        for row in rows:
            out.write(
                (b",\n" if count else b"\n")
                + json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
            )
            count += 1
        out.write(b"\n]\n")
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("records")
        sheet.append(columns)
        for row in rows:
            sheet.append([_plain(row.get(c)) for c in columns])
            count += 1
        book.save(out)
    return count


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    return neutralise(str(value))


def export_to_path(path: Path, rows: Iterable[dict[str, Any]], columns: list[str], fmt: str) -> int:
    with path.open("wb") as out:
        return write_rows(rows, columns, fmt, out)

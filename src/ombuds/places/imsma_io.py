"""IMSMA-style tables (CSV and XLSX) for hazard areas, activities and device finds, and the
gazetteer (places, boundaries: their geometry may be left out).

One row per record, one column per property (the same names as the GeoJSON properties), and the
geometry in WGS 84: ``longitude`` and ``latitude`` columns for finds, a ``wkt`` column (Well-Known
Text, EPSG:4326) for the polygons of areas and activities. Rows are checked exactly like GeoJSON
features (``geojson_io.check_features``), so a bad row is reported by its number and line and
nothing is imported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

import shapely
from openpyxl import Workbook, load_workbook

from ombuds.core.spreadsheets import neutralise, unquote, workbook_problem
from ombuds.places.errors import ImportRejected, Problem
from ombuds.places.geojson_io import Row, check_features
from ombuds.places.geometry import to_geojson
from ombuds.places.kinds import Kind
from ombuds.places.models import AdminUnit

TABLE_KINDS = ("hazards", "activities", "finds", "places", "boundaries")


def _is_point_kind(kind: Kind) -> bool:
    return kind.geometry == ("Point",)


# Gazetteer columns that hold several names, parted by semicolons (names hold commas).
LISTED = ("aliases", "members")


def columns(kind: Kind) -> list[str]:
    names = [p.name for p in kind.props] + list(kind.links)
    if kind.geometry_optional:
        names += ["aliases", "members"] if kind.model is AdminUnit else ["aliases"]
    if kind.has_areas:
        names.append("area_unit")
    return names + (["longitude", "latitude"] if _is_point_kind(kind) else ["wkt"])


def _feature(kind: Kind, row: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A GeoJSON feature for a table row, or the reason its geometry cannot be read."""
    properties = {
        k: unquote(v) if isinstance(v, str) else v
        for k, v in row.items()
        if k not in {"wkt", "longitude", "latitude"} and v not in ("", None)
    }
    geometry: Any = None
    if kind.geometry_optional and not any(row.get(c) for c in ("wkt", "longitude", "latitude")):
        return {"type": "Feature", "properties": properties, "geometry": None}, ""
    if _is_point_kind(kind):
        lon, lat = row.get("longitude"), row.get("latitude")
        if lon in (None, "") or lat in (None, ""):
            return {}, "longitude and latitude are needed (decimal degrees, WGS 84)"
        try:
            geometry = {"type": "Point", "coordinates": [float(lon), float(lat)]}
        except ValueError:
            return {}, f"longitude {lon!r} or latitude {lat!r} is not a number"
    else:
        text = str(row.get("wkt") or "").strip()
        if not text:
            return {}, "the wkt column is empty: give the polygon as WKT in WGS 84"
        try:
            geometry = to_geojson(shapely.from_wkt(text))
        except shapely.errors.GEOSException as exc:
            return {}, f"the wkt cannot be read ({exc})"
    return {"type": "Feature", "properties": properties, "geometry": geometry}, ""


def read_table(rows: Iterable[dict[str, Any]], kind: Kind) -> list[Row]:
    """Checked rows of a table (header on line 1); ImportRejected when any row is bad."""
    problems: list[Problem] = []
    features: list[Any] = []
    wheres: list[str] = []
    for number, row in enumerate(rows, start=1):
        where = f"row {number} (line {number + 1})"
        feature, reason = _feature(kind, row)
        if reason:
            problems.append(Problem(where, reason))
            continue
        features.append(feature)
        wheres.append(where)
    result = list(check_features(features, kind, wheres, problems))
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: int(p.where.split()[1])))
    return result


def read_csv(text: str, kind: Kind) -> list[Row]:
    return read_table(csv.DictReader(io.StringIO(text)), kind)


def read_xlsx(data: bytes, kind: Kind) -> list[Row]:
    problem = workbook_problem(data)
    if problem:
        raise ImportRejected([Problem("file", f"is not a readable XLSX workbook: {problem}")])
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise ImportRejected(
            [Problem("file", f"is not a readable XLSX workbook ({exc})")]
        ) from None
    sheet = book.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    header = [str(c or "").strip() for c in next(values, ())]
    rows = [
        dict(zip(header, row, strict=False))
        for row in values
        if any(c not in (None, "") for c in row)
    ]
    book.close()
    return read_table(rows, kind)


def _table_row(kind: Kind, record: Any) -> list[Any]:
    properties = kind.to_properties(record)
    cells = []
    for name in columns(kind):
        if name in {"wkt", "longitude", "latitude"} and not record.geometry:
            cells.append("")  # a gazetteer entry without a geometry
        elif name == "wkt":
            cells.append(
                shapely.to_wkt(shapely.geometry.shape(record.geometry), rounding_precision=-1)
            )
        elif name in {"longitude", "latitude"}:
            lon, lat = record.geometry["coordinates"][:2]
            cells.append(lon if name == "longitude" else lat)
        else:
            value = properties.get(name, "")
            cells.append(
                ("; " if name in LISTED else ",").join(value) if isinstance(value, list) else value
            )
    return cells


def write_csv(kind: Kind, records: Iterable[Any]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns(kind))
    for record in records:
        writer.writerow([neutralise(cell) for cell in _table_row(kind, record)])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(kind: Kind, records: Iterable[Any]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(kind.name)
    sheet.append(columns(kind))
    for record in records:
        sheet.append([neutralise(cell) for cell in _table_row(kind, record)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""Reading an uploaded or local file of places by its format, then importing it in one action."""

from __future__ import annotations

from ombuds.core.audit import Actor
from ombuds.places.actions import ImportReport, do_import_places
from ombuds.places.errors import ImportRejected, Problem
from ombuds.places.geojson_io import read_features
from ombuds.places.imsma_io import TABLE_KINDS, read_csv, read_xlsx
from ombuds.places.kinds import get_kind


def import_bytes(data: bytes, *, filename: str, kind_name: str, acting_user: Actor) -> ImportReport:
    """Check every feature or row of the file, then store them all, or raise ImportRejected."""
    kind = get_kind(kind_name)
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix in {"csv", "xlsx"}:
        if kind.name not in TABLE_KINDS:
            raise ImportRejected(
                [
                    Problem(
                        "file",
                        f"{kind.name} are imported from GeoJSON; tables (CSV, XLSX) "
                        f"hold {', '.join(TABLE_KINDS)} only",
                    )
                ]
            )
        rows = read_xlsx(data, kind) if suffix == "xlsx" else read_csv(_text(data), kind)
    else:
        rows = read_features(_text(data), kind)
    return do_import_places(rows, kind=kind, filename=filename, acting_user=acting_user)


def _text(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected(
            [Problem("file", "is not UTF-8 text; save it as UTF-8 (GeoJSON must be UTF-8)")]
        ) from None
    # PostgreSQL cannot store a NUL character (raw, or escaped in JSON), and no name holds one.
    at = min((i for i in (text.find("\x00"), text.lower().find("\\u0000")) if i >= 0), default=-1)
    if at >= 0:
        line = text.count("\n", 0, at) + 1
        raise ImportRejected(
            [Problem("file", f"holds a NUL character on line {line}; remove it and import again")]
        )
    return text

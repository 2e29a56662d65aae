"""The kinds of spatial record that are imported and exported, and how properties map to fields.

Each kind names its model, the GeoJSON geometry types it takes, and its properties. Reading a
feature (``to_fields``) turns properties into field values and keeps every other property in
``extra``; writing one (``to_properties``) gives back the same names, so a GeoJSON round trip
loses nothing. Problems are returned as reasons, never raised, so that an import can report
every bad feature at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from ombuds.core.labels import UnknownLabel, label_reader
from ombuds.places import models as m
from ombuds.places import vocabularies as v
from ombuds.places.geometry import POLYGONAL

KINDS = (
    "hazards",
    "activities",
    "finds",
    "minefield-records",
    "sites",
    "samples",
    "places",
    "boundaries",
)
# Gazetteer kinds read a ``names`` property, {"az": "...", "hy": "...", "ru": "..."}, into
# PlaceName rows (and keep it in ``extra``, so that exports give it back).
NAMED_KINDS = ("places", "boundaries")
AREA_PROPERTIES = ("estimated_area", "cancelled_area", "reduced_area", "cleared_area")


class Bad(ValueError):
    """A property value that cannot be read; the message is the reason shown to the user."""


def _choice(choices: type[models.TextChoices], name: str) -> Callable[[Any], str]:
    read_label = label_reader(choices, aliases=v.IMSMA_NAMES)

    def read(raw: Any) -> str:
        try:
            return read_label("" if raw is None else str(raw))
        except UnknownLabel as exc:
            raise Bad(f"{name} {exc}") from None

    return read


def _choices_list(choices: type[models.TextChoices], name: str) -> Callable[[Any], list[str]]:
    one = _choice(choices, name)

    def read(raw: Any) -> list[str]:
        items = raw if isinstance(raw, list) else str(raw).replace(";", ",").split(",")
        return [one(item) for item in items if str(item).strip()]

    return read


def _date(name: str) -> Callable[[Any], dt.date | None]:
    def read(raw: Any) -> dt.date | None:
        if raw in (None, ""):
            return None
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw).strip()[:10])
        except ValueError:
            raise Bad(f"{name} {raw!r} is not a date; write it as YYYY-MM-DD") from None

    return read


def _number(name: str, *, whole: bool = False) -> Callable[[Any], float | int | None]:
    def read(raw: Any) -> float | int | None:
        if raw in (None, ""):
            return None
        try:
            number = float(str(raw).replace(",", "")) if not isinstance(raw, int | float) else raw
        except ValueError:
            raise Bad(f"{name} {raw!r} is not a number") from None
        if number < 0:
            raise Bad(f"{name} {raw!r} is negative")
        if whole:
            if int(number) != number:
                raise Bad(f"{name} {raw!r} is not a whole number")
            return int(number)
        return float(number)

    return read


def _text(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


def _json_list(raw: Any) -> list[Any]:
    if isinstance(raw, list):
        return raw
    raise Bad("reference_points must be a list of [longitude, latitude] positions")


def _counts(raw: Any) -> dict[str, int]:
    if isinstance(raw, dict) and all(isinstance(n, int) and n >= 0 for n in raw.values()):
        return {str(k): int(n) for k, n in raw.items()}
    raise Bad('mine_types must map each mine type to a count, e.g. {"PMN-2": 120}')


@dataclass(frozen=True)
class Prop:
    """One property: its name in files, the field it fills, how to read it, and its default."""

    name: str
    field: str
    read: Callable[[Any], Any] = _text
    required: bool = False
    default: Any = None


@dataclass(frozen=True)
class Kind:
    name: str
    model: type[m.Spatial]
    geometry: tuple[str, ...]
    props: tuple[Prop, ...]
    links: dict[str, str] = field(default_factory=dict)  # property -> field of a linked record
    # A gazetteer entry may come without a geometry (names, aliases and parents only): the
    # tool ships no borders, and an office may not have them.
    geometry_optional: bool = False

    def to_fields(self, properties: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """Field values (with ``extra``) for a feature's properties, and the reasons it is bad."""
        values: dict[str, Any] = {}
        reasons: list[str] = []
        for prop in self.props:
            raw = properties.get(prop.name)
            if raw in (None, "", []):
                if prop.required:
                    reasons.append(
                        f"property {prop.name!r} is missing; every {self.label} needs it"
                    )
                elif prop.default is not None:
                    values[prop.field] = prop.default
                continue
            try:
                values[prop.field] = prop.read(raw)
            except Bad as exc:
                reasons.append(str(exc))
        known = {p.name for p in self.props} | set(self.links)
        if self.has_areas:
            known.add("area_unit")  # areas are stored in m2; the unit is applied on import
        values["extra"] = {k: val for k, val in properties.items() if k not in known}
        return values, reasons

    def to_properties(self, record: Any) -> dict[str, Any]:
        """The feature properties of a stored record, under the names an import reads."""
        properties: dict[str, Any] = dict(record.extra or {})
        for prop in self.props:
            value = getattr(record, prop.field)
            if isinstance(value, dt.date):
                value = value.isoformat()
            if (value in (None, "", [], {}) or value is False) and not prop.required:
                continue
            properties[prop.name] = value
        for prop_name, link in self.links.items():
            linked = getattr(record, link.split(".")[0])
            if linked is not None:
                properties[prop_name] = getattr(linked, link.split(".")[1])
        if self.has_areas and any(p in properties for p in AREA_PROPERTIES):
            properties["area_unit"] = "m2"
        return properties

    @property
    def has_areas(self) -> bool:
        return any(p.name in AREA_PROPERTIES for p in self.props)

    @property
    def label(self) -> str:
        return self.name.rstrip("s").replace("-", " ")


def _bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in {"1", "true", "yes"}:
        return True
    if text in {"0", "false", "no"}:
        return False
    raise Bad(f"synthetic {raw!r} is not yes or no; write true or false")


_SYNTHETIC = Prop("synthetic", "synthetic", _bool, default=False)

REGISTRY: dict[str, Kind] = {
    "hazards": Kind(
        "hazards",
        m.HazardArea,
        POLYGONAL,
        (
            Prop("name", "name", required=True),
            Prop(
                "classification",
                "classification",
                _choice(v.Classification, "classification"),
                required=True,
            ),
            Prop(
                "status",
                "status",
                _choice(v.HazardStatus, "status"),
                default=v.HazardStatus.OPEN.value,
            ),
            Prop(
                "evidence",
                "evidence",
                _choice(v.Evidence, "evidence"),
                default=v.Evidence.NOT_SPECIFIED.value,
            ),
            Prop("contamination", "contamination", _choices_list(v.Contamination, "contamination")),
            Prop(
                "accuracy",
                "accuracy",
                _choice(v.Accuracy, "accuracy"),
                default=v.Accuracy.ESTIMATED.value,
            ),
            Prop("local_id", "local_id"),
            Prop("status_changed_on", "status_changed_on", _date("status_changed_on")),
            Prop("status_reason", "status_reason"),
            Prop("description", "description"),
            _SYNTHETIC,
        ),
    ),
    "activities": Kind(
        "activities",
        m.LandReleaseActivity,
        POLYGONAL,
        (
            Prop(
                "activity_type",
                "activity_type",
                _choice(v.ActivityType, "activity_type"),
                required=True,
            ),
            Prop("name", "name"),
            Prop("organisation", "organisation"),
            Prop("start_date", "start_date", _date("start_date")),
            Prop("end_date", "end_date", _date("end_date")),
            Prop("cancelled_area", "cancelled_m2", _number("cancelled_area")),
            Prop("reduced_area", "reduced_m2", _number("reduced_area")),
            Prop("cleared_area", "cleared_m2", _number("cleared_area")),
            _SYNTHETIC,
        ),
        links={"hazard": "hazard_area.local_id"},
    ),
    "finds": Kind(
        "finds",
        m.DeviceFind,
        ("Point",),
        (
            Prop("category", "category", _choice(v.OrdnanceCategory, "category"), required=True),
            Prop("quantity", "quantity", _number("quantity", whole=True), default=1),
            Prop("date", "found_on", _date("date")),
            _SYNTHETIC,
        ),
        links={"hazard": "hazard_area.local_id"},
    ),
    "minefield-records": Kind(
        "minefield-records",
        m.MinefieldRecord,
        POLYGONAL,
        (
            Prop("party", "party", required=True),
            Prop("name", "name", required=True),
            Prop("received", "received", _date("received")),
            Prop("handed_over_by", "handed_over_by"),
            Prop("reference_points", "reference_points", _json_list),
            Prop("mine_types", "mine_types", _counts),
            Prop(
                "accuracy",
                "accuracy",
                _choice(v.Accuracy, "accuracy"),
                default=v.Accuracy.DERIVED.value,
            ),
            _SYNTHETIC,
        ),
    ),
    "sites": Kind(
        "sites",
        m.EnvironmentalSite,
        ("Point", "LineString", "MultiLineString", *POLYGONAL),
        (
            Prop("name", "name", required=True),
            Prop("type", "site_type", _choice(v.SiteType, "type"), required=True),
            Prop("description", "description"),
            Prop("location_note", "location_note"),
            _SYNTHETIC,
        ),
    ),
    "samples": Kind(
        "samples",
        m.EnvironmentalSample,
        ("Point",),
        (
            Prop("parameter", "parameter", required=True),
            Prop("value", "value", _number("value"), required=True),
            Prop("unit", "unit", required=True),
            Prop("date", "sampled_on", _date("date"), required=True),
            Prop("detection_limit", "detection_limit", _number("detection_limit")),
            Prop("reference_value", "reference_value", _number("reference_value")),
            Prop("reference_standard", "reference_standard"),
            Prop("laboratory", "laboratory"),
            _SYNTHETIC,
        ),
        links={"site": "site.name"},
    ),
    "places": Kind(
        "places",
        m.Place,
        ("Point",),
        (
            Prop("name", "name", required=True),
            Prop("kind", "kind"),
            _SYNTHETIC,
        ),
        links={"parent": "admin_unit.name"},
        geometry_optional=True,
    ),
    "boundaries": Kind(
        "boundaries",
        m.AdminUnit,
        POLYGONAL,
        (
            Prop("name", "name", required=True),
            Prop("level", "level", _number("level", whole=True), default=1),
            Prop("code", "code"),
            _SYNTHETIC,
        ),
        links={"parent": "parent.name"},
        geometry_optional=True,
    ),
}


def get_kind(name: str) -> Kind:
    from ombuds.places.errors import UnknownKind

    try:
        return REGISTRY[name]
    except KeyError:
        raise UnknownKind(
            f"{name!r} is not a kind of record; use one of: {', '.join(KINDS)}"
        ) from None


def area_unit(properties: dict[str, Any]) -> str | None:
    """The unit the feature's area properties are written in (m2 when none is named)."""
    if not any(properties.get(p) not in (None, "") for p in AREA_PROPERTIES):
        return None
    return str(properties.get("area_unit") or "m2").strip().lower().replace("²", "2")

"""Tables of the places app: gazetteer, mine action (IMSMA terms) and environmental sites.

Every spatial record keeps its geometry as GeoJSON in EPSG:4326 (``geometry``) and its bounding
box in four indexed float columns, so that map layers and spatial joins prefilter by box in SQL
on SQLite and PostgreSQL alike, then test exactly with shapely. Areas are square metres on the
WGS 84 ellipsoid. ``extra`` keeps the imported attributes that have no column (nothing imported
is lost), and ``synthetic`` marks generated demo and benchmark records.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from ombuds.core.models import BaseModel
from ombuds.places import geometry as geo
from ombuds.places.naming import fold_place
from ombuds.places.vocabularies import (
    Accuracy,
    ActivityType,
    Classification,
    Evidence,
    HarmStatus,
    HarmType,
    HazardStatus,
    Medium,
    OrdnanceCategory,
    SiteType,
)


class SpatialQuerySet(models.QuerySet[Any]):
    def in_bbox(self, west: float, south: float, east: float, north: float) -> SpatialQuerySet:
        """Records whose bounding box meets the box (the exact test is left to shapely)."""
        return self.filter(
            min_lon__lte=east, max_lon__gte=west, min_lat__lte=north, max_lat__gte=south
        )


class Spatial(BaseModel):
    """A record with a GeoJSON geometry, its indexed bounding box, extra attributes, origin."""

    geometry: models.JSONField[dict[str, Any] | None] = models.JSONField(null=True, blank=True)
    min_lon = models.FloatField(null=True, blank=True, editable=False)
    min_lat = models.FloatField(null=True, blank=True, editable=False)
    max_lon = models.FloatField(null=True, blank=True, editable=False)
    max_lat = models.FloatField(null=True, blank=True, editable=False)
    extra: models.JSONField[dict[str, Any]] = models.JSONField(default=dict, blank=True)
    synthetic = models.BooleanField(
        default=False, help_text="Generated for a demo or benchmark: not a real record."
    )

    objects = SpatialQuerySet.as_manager()
    # Every kind is counted whole (core.RowCount), for the places home and the dashboard.
    counted_by: tuple[str, ...] | None = ()

    class Meta(BaseModel.Meta):
        abstract = True

    def set_geometry(self, geometry: dict[str, Any] | None) -> None:
        """Store the geometry and its bounding box together (never one without the other)."""
        self.geometry = geometry
        box = geo.bbox(geometry)
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = box or (None,) * 4

    @property
    def synthetic_label(self) -> str:
        return "synthetic record" if self.synthetic else ""


def _bbox_indexes(name: str) -> list[models.Index]:
    # The two pairs serve box searches and MIN(min_lon), MIN(min_lat); the single columns
    # serve MAX(max_lon), MAX(max_lat), so the map's extent reads four index ends, not a table.
    return [
        models.Index(fields=["min_lon", "max_lon"], name=f"{name}_lon"),
        models.Index(fields=["min_lat", "max_lat"], name=f"{name}_lat"),
        models.Index(fields=["max_lon"], name=f"{name}_maxlon"),
        models.Index(fields=["max_lat"], name=f"{name}_maxlat"),
    ]


class Named(Spatial):
    """A gazetteer entry: its name, and the name's folded form the matcher looks it up by."""

    name = models.CharField(max_length=200)
    folded = models.CharField(max_length=200, db_index=True, editable=False, default="")

    class Meta(Spatial.Meta):
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.folded = fold_place(self.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "folded"}
        super().save(*args, **kwargs)


class AdminUnit(Named):
    """An administrative unit (country, region, district) or a named area.

    Units nest by ``parent`` (district -> region -> country). A **named area** ("the liberated
    territories") is a unit defined as a set of other units (``members``): it has no parent of
    its own, and its figures are compared with the sum of its members' as a region's are with
    its districts'."""

    level = models.PositiveSmallIntegerField(default=1, help_text="1 = first-level unit.")
    code = models.CharField(max_length=50, blank=True, help_text="e.g. a P-code.")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="areas",
        help_text="For a named area: the units it is made of.",
    )

    class Meta(Spatial.Meta):
        ordering = ["level", "name"]
        indexes = _bbox_indexes("adminunit")

    def __str__(self) -> str:
        return self.name


class Place(Named):
    """A named place of the gazetteer (settlement, village, landmark)."""

    kind = models.CharField(max_length=50, blank=True, help_text="settlement, village ...")
    admin_unit = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="places"
    )

    class Meta(Spatial.Meta):
        ordering = ["name"]
        indexes = _bbox_indexes("place")

    def __str__(self) -> str:
        return self.name


class PlaceName(BaseModel):
    """One name of a place or administrative unit in one language."""

    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.CASCADE, related_name="names"
    )
    admin_unit = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="names"
    )
    name = models.CharField(max_length=200, db_index=True)
    language = models.CharField(
        max_length=8, blank=True, help_text="ISO 639-1: az, hy, ru, en; blank for an alias."
    )
    folded = models.CharField(max_length=200, db_index=True, editable=False, default="")
    decided = models.BooleanField(
        default=False,
        help_text="An editor chose this entry for this name: it wins when the name is also "
        "another entry's.",
    )

    class Meta(BaseModel.Meta):
        ordering = ["language", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(place__isnull=False, admin_unit__isnull=True)
                | Q(place__isnull=True, admin_unit__isnull=False),
                name="placename_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})" if self.language else self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.folded = fold_place(self.name)
        super().save(*args, **kwargs)


class PlaceTextState(models.TextChoices):
    UNMATCHED = "unmatched", "Not in the gazetteer"
    AMBIGUOUS = "ambiguous", "Names several entries"


class PlaceText(BaseModel):
    """A place as claims write it that the gazetteer does not name, or names more than once:
    one row per folded text, for an editor to say which entry it is (an alias).

    ``levels`` holds the confidentiality levels of the sources it was read in as bits (public
    1, internal 2, restricted 4, as ``figures.Finding.levels``): a user is shown the text only
    when one of those levels is theirs."""

    folded = models.CharField(max_length=200, unique=True)
    written = models.CharField(max_length=300, help_text="The text as a source first wrote it.")
    state = models.CharField(max_length=10, choices=PlaceTextState.choices)
    candidates: models.JSONField[list[str]] = models.JSONField(
        default=list, blank=True, help_text="For an ambiguous text: the entries it names."
    )
    levels = models.PositiveSmallIntegerField(default=0)

    class Meta(BaseModel.Meta):
        ordering = ["folded"]

    def __str__(self) -> str:
        return self.written


class HazardArea(Spatial):
    """IMSMA "Land": an area suspected or confirmed to hold explosive ordnance."""

    counted_by = ("classification", "status")  # the places home's table of them

    name = models.CharField(max_length=200)
    local_id = models.CharField(max_length=50, blank=True, help_text="IMSMA local id.")
    classification = models.CharField(max_length=12, choices=Classification.choices)
    status = models.CharField(
        max_length=10, choices=HazardStatus.choices, default=HazardStatus.OPEN
    )
    status_changed_on = models.DateField(null=True, blank=True)
    status_reason = models.CharField(max_length=300, blank=True)
    evidence = models.CharField(
        max_length=14, choices=Evidence.choices, default=Evidence.NOT_SPECIFIED
    )
    contamination: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    accuracy = models.CharField(max_length=20, choices=Accuracy.choices, default=Accuracy.ESTIMATED)
    estimated_area_m2 = models.FloatField(default=0)
    remaining_area_m2 = models.FloatField(default=0)
    admin_unit = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="hazard_areas"
    )
    description = models.TextField(blank=True)

    class Meta(Spatial.Meta):
        indexes = [
            *_bbox_indexes("hazardarea"),
            models.Index(fields=["classification", "status"], name="hazardarea_class_status"),
        ]

    def __str__(self) -> str:
        text = f"{self.name} ({self.get_classification_display()}, {self.get_status_display()})"
        return f"{text} (synthetic)" if self.synthetic else text


class LandReleaseActivity(Spatial):
    """IMSMA "Activity": survey or clearance releasing land; ``geometry`` is the released land."""

    name = models.CharField(max_length=200, blank=True)
    hazard_area = models.ForeignKey(
        HazardArea, null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )
    activity_type = models.CharField(max_length=24, choices=ActivityType.choices)
    organisation = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, db_index=True)
    cancelled_m2 = models.FloatField(default=0)
    reduced_m2 = models.FloatField(default=0)
    cleared_m2 = models.FloatField(default=0)

    class Meta(Spatial.Meta):
        verbose_name_plural = "land release activities"
        indexes = _bbox_indexes("activity")

    def __str__(self) -> str:
        text = f"{self.get_activity_type_display()} {self.name or ''}".strip()
        return f"{text} (synthetic)" if self.synthetic else text


class DeviceFind(Spatial):
    """Explosive ordnance found at a point, in a hazard area or during an activity."""

    category = models.CharField(max_length=12, choices=OrdnanceCategory.choices)
    quantity = models.PositiveIntegerField(default=1)
    found_on = models.DateField(null=True, blank=True)
    hazard_area = models.ForeignKey(
        HazardArea, null=True, blank=True, on_delete=models.PROTECT, related_name="finds"
    )
    activity = models.ForeignKey(
        LandReleaseActivity, null=True, blank=True, on_delete=models.PROTECT, related_name="finds"
    )

    class Meta(Spatial.Meta):
        indexes = _bbox_indexes("devicefind")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="devicefind_quantity")
        ]

    def __str__(self) -> str:
        text = f"{self.quantity} × {self.get_category_display()}"
        return f"{text} (synthetic)" if self.synthetic else text


class MinefieldRecord(Spatial):
    """A minefield map or record handed over by a party, with the polygon it records."""

    name = models.CharField(max_length=200)
    party = models.CharField(max_length=200, help_text="The party that handed the record over.")
    handed_over_by = models.CharField(max_length=200, blank=True)
    received = models.DateField(null=True, blank=True)
    reference_points: models.JSONField[list[Any]] = models.JSONField(default=list, blank=True)
    mine_types: models.JSONField[dict[str, int]] = models.JSONField(
        default=dict, blank=True, help_text="Declared mine types and counts."
    )
    accuracy = models.CharField(max_length=20, choices=Accuracy.choices, default=Accuracy.DERIVED)

    class Meta(Spatial.Meta):
        indexes = [*_bbox_indexes("minefieldrecord"), models.Index(fields=["party"])]

    def __str__(self) -> str:
        text = f"{self.name} (from {self.party})"
        return f"{text} (synthetic)" if self.synthetic else text


class EnvironmentalSite(Spatial):
    """A river, deposit, facility, forest or farmland whose harm is documented."""

    name = models.CharField(max_length=200)
    site_type = models.CharField(max_length=14, choices=SiteType.choices)
    description = models.TextField(blank=True)
    location_note = models.TextField(
        blank=True, help_text="Where the coordinates come from and how precise they are."
    )
    approximate = models.BooleanField(default=True)

    class Meta(Spatial.Meta):
        ordering = ["name"]
        indexes = _bbox_indexes("envsite")

    def __str__(self) -> str:
        return self.name


class EnvironmentalHarm(BaseModel):
    """A harm to a site as claimed by someone: status potential, reported or confirmed."""

    site = models.ForeignKey(EnvironmentalSite, on_delete=models.CASCADE, related_name="harms")
    harm_type = models.CharField(max_length=20, choices=HarmType.choices)
    status = models.CharField(max_length=10, choices=HarmStatus.choices)
    media: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    transboundary = models.BooleanField(default=False)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    responsible_party = models.CharField(
        max_length=200, blank=True, help_text="The party held responsible, as claimed."
    )
    claimed_by = models.CharField(
        max_length=300, blank=True, help_text="Who makes the claim (and in which document)."
    )
    sources = models.ManyToManyField(
        "sources.Source", blank=True, related_name="environmental_harms"
    )

    class Meta(BaseModel.Meta):
        ordering = ["site", "-started_on"]

    def __str__(self) -> str:
        return f"{self.get_harm_type_display()} at {self.site} ({self.get_status_display()})"

    @property
    def media_labels(self) -> list[str]:
        labels = dict(Medium.choices)
        return [str(labels.get(code, code)) for code in self.media]


class EnvironmentalSample(Spatial):
    """A laboratory or field measurement at a site, with its reference value."""

    site = models.ForeignKey(EnvironmentalSite, on_delete=models.CASCADE, related_name="samples")
    parameter = models.CharField(max_length=100, help_text="e.g. Cu, Mo, Pb, pH.")
    value = models.FloatField()
    unit = models.CharField(max_length=30)
    detection_limit = models.FloatField(null=True, blank=True)
    reference_value = models.FloatField(null=True, blank=True)
    reference_standard = models.CharField(max_length=200, blank=True)
    laboratory = models.CharField(max_length=200, blank=True)
    sampled_on = models.DateField()

    class Meta(Spatial.Meta):
        ordering = ["parameter", "sampled_on"]
        indexes = _bbox_indexes("envsample")

    def __str__(self) -> str:
        # Not the site's name: an empty instance stands for a whole import in the audit log.
        return f"sample: {self.parameter} {self.value} {self.unit} on {self.sampled_on}"

    @property
    def exceeds(self) -> bool:
        return self.reference_value is not None and self.value > self.reference_value


class IncidentHazard(models.Model):
    """A registry incident whose point lies in a hazard area, whatever the area's status.

    Kept by every write that moves an incident or gives an area its geometry
    (``places.incident_links``), so that figures and pages join on it instead of testing points
    against polygons on each request; an area's status and origin are read at the join.
    """

    incident = models.ForeignKey(
        "registry.Incident", on_delete=models.CASCADE, related_name="hazard_links"
    )
    hazard_area = models.ForeignKey(
        HazardArea, on_delete=models.CASCADE, related_name="incident_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "hazard_area"], name="incidenthazard_pair")
        ]
        indexes = [models.Index(fields=["hazard_area", "incident"], name="incidenthazard_area")]

    def __str__(self) -> str:
        return f"incident {self.incident_id} in hazard area {self.hazard_area_id}"

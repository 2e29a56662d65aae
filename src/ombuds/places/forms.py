"""Forms of the places app: the import upload and the coverage scope."""

from __future__ import annotations

from typing import Any

from django import forms

from ombuds.places.kinds import KINDS
from ombuds.places.models import AdminUnit
from ombuds.places.vocabularies import HazardStatus


class ImportForm(forms.Form):
    kind = forms.ChoiceField(choices=[(k, k) for k in KINDS])
    document = forms.FileField(
        label="File",
        help_text="GeoJSON (.geojson, .json), or CSV / XLSX for hazards, activities, finds, "
        "places and boundaries.",
    )


class HazardStatusForm(forms.Form):
    status = forms.ChoiceField(choices=HazardStatus.choices)
    on = forms.DateField(label="Date of the change", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(max_length=300, help_text="e.g. completion report received")


class CoverageForm(forms.Form):
    unit = forms.ModelChoiceField(
        queryset=AdminUnit.objects.all(), required=False, empty_label="whole database"
    )


def parse_bbox(raw: str) -> tuple[float, float, float, float] | None:
    """``west,south,east,north`` in degrees; None when absent; ValueError saying what is wrong."""
    if not raw:
        return None
    parts: list[Any] = raw.split(",")
    if len(parts) != 4:
        raise ValueError("bbox must be four numbers: west,south,east,north (degrees)")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise ValueError("bbox must be four numbers: west,south,east,north (degrees)") from None
    if south > north or not (-90 <= south <= 90 and -90 <= north <= 90):
        raise ValueError("bbox latitudes must lie in -90..90 with south <= north")
    return west, south, east, north


class AliasForm(forms.Form):
    text = forms.CharField(max_length=200, label="The place as claims write it")
    entry = forms.CharField(
        max_length=200,
        label="is a name of",
        help_text="A name or code in the gazetteer (a unit's code when several share a name).",
    )


class AreaForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name of the area")
    members = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Units it is made of",
        help_text="One name or code per line.",
    )

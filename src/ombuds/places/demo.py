"""Demo data of the places app.

Two parts, kept apart:

- SYNTHETIC mine-action records (hazard areas, an activity, device finds and two minefield
  records of an invented "Demo party A"): generated to show the map and the coverage page; each
  is flagged ``synthetic``, named "SYNTHETIC ..." and describes no real place or party.
- The REAL environmental sites named in the Azerbaijani Ombudsman's appeal of 25 January 2023
  (Okchuchay river, Araz river, Kyzylbulag gold deposit, Demirli copper-molybdenum deposit,
  Metsamor nuclear power plant). Their points are approximate coordinates as given in the public
  encyclopaedia articles on each place (Wikipedia), written down without network access and
  to be checked before any use beyond the demo; the harms are stored as CLAIMS of that appeal,
  with the party it holds responsible written "as claimed".

Loading twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ombuds.places.actions import do_ensure_site, do_import_places, do_record_harm
from ombuds.places.errors import Problem
from ombuds.places.geojson_io import check_features
from ombuds.places.kinds import get_kind
from ombuds.places.models import HazardArea

APPEAL = (
    "the Commissioner for Human Rights (Ombudsman) of the Republic of Azerbaijan, in the appeal "
    "of 25 January 2023"
)
APPEAL_FILE = "2023-01-25-ombudsman-appeal-missing-and-resources.txt"
COORDINATE_NOTE = (
    "Approximate point from the coordinates listed in the public encyclopaedia article on the "
    "place (Wikipedia), recorded offline from memory for the demo: check against a current "
    "source before relying on it."
)

# name, type, lon, lat, what the point stands for
SITES: list[tuple[str, str, float, float, str]] = [
    ("Okchuchay river", "water", 46.62, 39.10, "a point on its lower course in Zangilan district"),
    ("Araz river", "water", 46.80, 38.95, "a point on its course below the Okchuchay confluence"),
    ("Kyzylbulag gold deposit", "mining", 46.55, 40.10, "the deposit near Drmbon / Heyvali"),
    ("Demirli copper-molybdenum deposit", "mining", 46.72, 39.93, "the open-pit mine area"),
    ("Metsamor nuclear power plant", "nuclear", 44.149, 40.181, "the plant's site"),
]

# site, harm type, status, media, transboundary, responsible party as claimed, description
HARMS: list[tuple[str, str, str, list[str], bool, str, str]] = [
    (
        "Okchuchay river",
        "pollution",
        "reported",
        ["surface_water"],
        True,
        "Armenia",
        "The appeal states that the transboundary Okchuchay river has been severely polluted "
        "on the territory of Armenia for many years.",
    ),
    (
        "Araz river",
        "pollution",
        "reported",
        ["surface_water"],
        True,
        "Armenia",
        "The appeal states that the pollution of the Okchuchay harms the water quality of the "
        "Araz river, with dangerous consequences for life and health.",
    ),
    (
        "Kyzylbulag gold deposit",
        "illegal_extraction",
        "reported",
        ["soil", "surface_water"],
        False,
        "Armenia",
        "The appeal states that illegal exploitation of the deposit caused serious ecological "
        "damage.",
    ),
    (
        "Demirli copper-molybdenum deposit",
        "illegal_extraction",
        "reported",
        ["soil", "surface_water"],
        False,
        "Armenia",
        "The appeal states that illegal exploitation of the deposit caused serious ecological "
        "damage.",
    ),
    (
        "Metsamor nuclear power plant",
        "nuclear_safety",
        "potential",
        ["air", "soil"],
        True,
        "Armenia (operator of the plant)",
        "The appeal calls the plant technically outdated and a danger to the region, and cites "
        "an EU report of 17 May 2022 saying it cannot be upgraded to meet international nuclear "
        "safety standards.",
    ),
]


def _square(lon: float, lat: float, size: float) -> dict[str, Any]:
    lon, lat, size = round(lon, 6), round(lat, 6), round(size, 6)
    east, north = round(lon + size, 6), round(lat + size, 6)
    ring = [[lon, lat], [east, lat], [east, north], [lon, north], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def _feature(geometry: dict[str, Any], **properties: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {**properties, "synthetic": True},
    }


def _import(kind_name: str, features: list[dict[str, Any]]) -> int:
    kind = get_kind(kind_name)
    problems: list[Problem] = []
    rows = list(
        check_features(features, kind, [f"demo {i}" for i in range(len(features))], problems)
    )
    if problems:  # the demo's own data: a problem here is a bug in this module
        raise AssertionError("; ".join(map(str, problems)))
    return do_import_places(rows, kind=kind, filename=f"demo-{kind_name}", acting_user=None).created


def load_synthetic(say: Callable[[str], None]) -> None:
    if HazardArea.objects.filter(synthetic=True, local_id__startswith="DEMO-").exists():
        return
    west, south, size = 46.90, 39.60, 0.01
    hazards = []
    for i in range(6):
        lon, lat = west + (i % 3) * 0.02, south + (i // 3) * 0.02
        hazards.append(
            _feature(
                _square(lon, lat, size),
                name=f"SYNTHETIC demo area {i + 1}",
                local_id=f"DEMO-{i + 1:02d}",
                classification="SHA" if i % 2 == 0 else "CHA",
                status=["open", "open", "worked_on", "open", "closed", "open"][i],
                contamination=["ap_mine"] if i % 2 == 0 else ["ap_mine", "at_mine"],
                description="Synthetic demo record: invented, describes no real area.",
            )
        )
    _import("hazards", hazards)
    _import(
        "activities",
        [
            _feature(
                _square(west + 0.04, south + 0.02, size / 2),
                activity_type="clearance",
                name="SYNTHETIC demo clearance",
                organisation="Demo operator (synthetic)",
                start_date="2022-03-01",
                end_date="2022-05-31",
                hazard="DEMO-03",
            )
        ],
    )
    finds = [
        _feature(
            {"type": "Point", "coordinates": [round(west + dx, 6), round(south + dy, 6)]},
            category=category,
            quantity=quantity,
            date="2022-04-15",
            hazard=hazard,
        )
        for dx, dy, category, quantity, hazard in [
            (0.004, 0.004, "ap_mine", 3, "DEMO-01"),
            (0.006, 0.003, "ap_mine", 1, "DEMO-01"),
            (0.024, 0.005, "at_mine", 2, "DEMO-02"),
            (0.044, 0.024, "ap_mine", 5, "DEMO-03"),
            (0.005, 0.025, "uxo", 1, "DEMO-04"),
            (0.065, 0.010, "uxo", 2, ""),
        ]
    ]
    _import("finds", finds)
    _import(
        "minefield-records",
        [
            _feature(
                _square(west - 0.002, south - 0.002, 0.013),
                party="Demo party A (synthetic)",
                name="SYNTHETIC record 1",
                received="2021-06-12",
                mine_types={"AP (synthetic)": 40},
            ),
            _feature(
                _square(west + 0.02, south + 0.005, 0.005),
                party="Demo party A (synthetic)",
                name="SYNTHETIC record 2",
                received="2021-06-12",
                mine_types={"AT (synthetic)": 12},
            ),
        ],
    )
    say("places: synthetic demo hazard areas, activity, finds and minefield records loaded")


def load_sites(say: Callable[[str], None]) -> None:
    from ombuds.sources.models import Source

    appeal = list(Source.objects.filter(filename=APPEAL_FILE)[:1])
    sites = {}
    for name, site_type, lon, lat, stands_for in SITES:
        site, created = do_ensure_site(
            name=name,
            site_type=site_type,
            lon=lon,
            lat=lat,
            acting_user=None,
            location_note=f"{COORDINATE_NOTE} The point stands for {stands_for}.",
            approximate=True,
            description=f"Named by {APPEAL}.",
        )
        sites[name] = (site, created)
    for name, harm_type, status, media, transboundary, party, text in HARMS:
        site, created = sites[name]
        if not created and site.harms.exists():
            continue
        do_record_harm(
            site,
            harm_type=harm_type,
            status=status,
            media=media,
            transboundary=transboundary,
            responsible_party=party,
            claimed_by=APPEAL,
            description=text,
            started_on=None,
            sources=appeal,
            acting_user=None,
        )
        say(f"places: site {name!r} with the appeal's claim about it")


def load_demo_places(say: Callable[[str], None]) -> None:
    """The synthetic mine-action records and the appeal's environmental sites, once."""
    load_synthetic(say)
    load_sites(say)

"""GeoJSON and table imports: all or nothing, every bad feature named, round trips lossless."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ombuds.cli import main
from ombuds.core.models import AuditEvent
from ombuds.places.errors import ImportRejected
from ombuds.places.file_import import import_bytes
from ombuds.places.geojson_io import write_features
from ombuds.places.imsma_io import write_csv, write_xlsx
from ombuds.places.kinds import get_kind
from ombuds.places.models import DeviceFind, HazardArea, LandReleaseActivity, MinefieldRecord
from ombuds.places.queries import records_for_export
from tests.places.factories import collection, feature, load, square

pytestmark = pytest.mark.django_db


def _import(text: str, kind: str, filename: str = "in.geojson") -> int:
    return import_bytes(text.encode(), filename=filename, kind_name=kind, acting_user=None).created


def test_hazard_import_reads_the_properties_and_keeps_the_rest() -> None:
    text = collection(
        feature(
            square(46.5, 39.5, 0.01),
            name="Area 1",
            classification="SHA",
            status="Open",
            contamination="ap_mine, at_mine",
            surveyor="Team 4",
            priority=2,
        )
    )
    assert _import(text, "hazards") == 1
    area = HazardArea.objects.get()
    assert (area.classification, area.status, area.evidence) == ("sha", "open", "not_specified")
    assert area.contamination == ["ap_mine", "at_mine"]
    assert area.extra == {"surveyor": "Team 4", "priority": 2}
    assert area.estimated_area_m2 == pytest.approx(1_230_907, rel=0.25)  # shrinks with latitude
    assert area.estimated_area_m2 == area.remaining_area_m2
    assert (area.min_lon, area.min_lat, area.max_lon, area.max_lat) == (46.5, 39.5, 46.51, 39.51)
    event = AuditEvent.objects.get(action="import_hazards")
    assert event.changes["created"] == [None, 1]


def test_geojson_round_trip_loses_nothing() -> None:
    features = [
        feature(
            square(46.5, 39.5, 0.01),
            name="Area 1",
            classification="cha",
            status="worked_on",
            evidence="direct",
            contamination=["ap_mine"],
            accuracy="surveyed",
            local_id="A-1",
            status_changed_on="2022-02-01",
            status_reason="progress report",
            custom={"a": [1, 2]},
        ),
        feature(square(46.6, 39.5, 0.02), name="Area 2", classification="sha", local_id="A-2"),
    ]
    _import(collection(*features), "hazards")
    kind = get_kind("hazards")
    exported = json.loads("".join(write_features(kind, records_for_export("hazards"))))
    for original, out in zip(features, exported["features"], strict=True):
        assert out["geometry"] == original["geometry"]
        for name, value in original["properties"].items():
            assert out["properties"][name] == value
    # Importing the export again gives the same export (ids aside).
    HazardArea.objects.all().delete()
    _import(json.dumps(exported), "hazards")
    again = json.loads("".join(write_features(kind, records_for_export("hazards"))))
    strip = lambda fc: [{k: v for k, v in f.items() if k != "id"} for f in fc["features"]]  # noqa: E731
    assert strip(again) == strip(exported)


def test_minefield_records_and_finds_round_trip() -> None:
    load(
        "hazards", feature(square(46.5, 39.5, 0.01), name="A", classification="SHA", local_id="H1")
    )
    record = feature(
        square(46.5, 39.5, 0.005),
        party="Party A",
        name="Map 7",
        received="2021-06-12",
        reference_points=[[46.5, 39.5], [46.505, 39.5]],
        mine_types={"PMN-2": 40, "TM-62": 4},
    )
    find = feature(
        {"type": "Point", "coordinates": [46.501, 39.501]},
        category="ap_mine",
        quantity=3,
        date="2022-04-15",
        hazard="H1",
    )
    load("minefield-records", record)
    load("finds", find)
    stored = MinefieldRecord.objects.get()
    assert stored.mine_types == {"PMN-2": 40, "TM-62": 4}
    assert DeviceFind.objects.get().hazard_area == HazardArea.objects.get()
    for kind_name, original in (("minefield-records", record), ("finds", find)):
        out = json.loads(
            "".join(write_features(get_kind(kind_name), records_for_export(kind_name)))
        )
        [exported] = out["features"]
        assert exported["geometry"] == original["geometry"]
        assert original["properties"].items() <= exported["properties"].items()


BAD = [
    # (feature, reason fragment)
    (
        feature(
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
            name="bowtie",
            classification="SHA",
        ),
        "self-intersecting",
    ),
    (
        feature(
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0], [0, 0]]]},
            name="sliver",
            classification="SHA",
        ),
        "at least 3",
    ),
    (
        feature(
            {
                "type": "Polygon",
                "coordinates": [[[39.5, 146.5], [39.5, 146.6], [39.6, 146.6], [39.5, 146.5]]],
            },
            name="swapped",
            classification="SHA",
        ),
        "swapped",
    ),
    (
        feature(
            {"type": "Polygon", "coordinates": [[[190, 0], [191, 0], [191, 1], [190, 0]]]},
            name="far",
            classification="SHA",
        ),
        "out of range",
    ),
    (
        feature(
            {
                "type": "Polygon",
                "coordinates": [
                    [[500000, 4400000], [500100, 4400000], [500100, 4400100], [500000, 4400000]]
                ],
            },
            name="utm",
            classification="SHA",
        ),
        "projected CRS",
    ),
    (feature(square(1, 1, 0.01), classification="SHA"), "'name' is missing"),
    (feature(square(1, 1, 0.01), name="x", classification="maybe"), "classification 'maybe'"),
]


def test_every_bad_feature_is_reported_by_index_line_and_reason_and_nothing_is_stored() -> None:
    good = feature(square(2, 2, 0.01), name="good", classification="SHA")
    text = collection(good, *(f for f, _ in BAD))
    with pytest.raises(ImportRejected) as caught:
        _import(text, "hazards")
    problems = caught.value.problems
    assert len(problems) == len(BAD)
    for index, (problem, (_feature, reason)) in enumerate(zip(problems, BAD, strict=True), 1):
        assert problem.where == f"feature {index} (line {index + 2})"
        assert reason in problem.reason
    assert HazardArea.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import_hazards").exists()


def test_a_crs_other_than_wgs84_is_refused() -> None:
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32638"}}
    text = collection(feature(square(2, 2, 0.01), name="a", classification="SHA"), crs=crs)
    with pytest.raises(ImportRejected, match="EPSG::32638"):
        _import(text, "hazards")
    wgs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    text = collection(feature(square(2, 2, 0.01), name="a", classification="SHA"), crs=wgs)
    assert _import(text, "hazards") == 1


def test_areas_in_mixed_units_are_refused() -> None:
    text = collection(
        feature(square(2, 2, 0.01), activity_type="clearance", cleared_area=1.5, area_unit="ha"),
        feature(square(3, 2, 0.01), activity_type="clearance", cleared_area=9000, area_unit="m2"),
    )
    with pytest.raises(ImportRejected) as caught:
        _import(text, "activities")
    [problem] = caught.value.problems
    assert problem.where == "feature 1 (line 3)"
    assert "mixed units" in problem.reason
    assert LandReleaseActivity.objects.count() == 0


def test_areas_in_one_unit_are_stored_in_m2_and_reduce_the_remaining_area() -> None:
    load("hazards", feature(square(0, 0, 0.01), name="A", classification="CHA", local_id="H1"))
    text = collection(
        feature(
            square(0, 0, 0.005),
            activity_type="clearance",
            cleared_area=3.1,
            area_unit="ha",
            hazard="H1",
            end_date="2022-05-31",
        ),
    )
    _import(text, "activities")
    activity = LandReleaseActivity.objects.get()
    assert activity.cleared_m2 == pytest.approx(31_000)
    hazard = HazardArea.objects.get()
    assert hazard.remaining_area_m2 == pytest.approx(hazard.estimated_area_m2 * 0.75, rel=1e-6)


def test_a_link_to_no_hazard_area_is_reported() -> None:
    text = collection(
        feature({"type": "Point", "coordinates": [1, 1]}, category="uxo", hazard="NOPE")
    )
    with pytest.raises(ImportRejected, match="import the hazard areas first"):
        _import(text, "finds")
    assert DeviceFind.objects.count() == 0


def test_csv_and_xlsx_round_trip_and_bad_rows_by_line() -> None:
    load(
        "hazards", feature(square(46.5, 39.5, 0.01), name="A", classification="SHA", local_id="H1")
    )
    load(
        "finds",
        feature(
            {"type": "Point", "coordinates": [46.501, 39.501]},
            category="ap_mine",
            quantity=2,
            date="2022-04-15",
            hazard="H1",
        ),
    )
    kind = get_kind("finds")
    table = "".join(write_csv(kind, records_for_export("finds")))
    workbook = write_xlsx(kind, records_for_export("finds"))
    DeviceFind.objects.all().delete()
    assert _import(table, "finds", "finds.csv") == 1
    assert (
        import_bytes(workbook, filename="finds.xlsx", kind_name="finds", acting_user=None).created
        == 1
    )
    finds = list(DeviceFind.objects.all())
    assert [(f.quantity, f.geometry["coordinates"], str(f.found_on)) for f in finds] == [
        (2, [46.501, 39.501], "2022-04-15")
    ] * 2

    bad = "category,quantity,longitude,latitude\nap_mine,1,46.5,39.5\nrocket,1,46.5,39.5\nuxo,1,,\n"
    with pytest.raises(ImportRejected) as caught:
        _import(bad, "finds", "bad.csv")
    assert [p.where for p in caught.value.problems] == ["row 2 (line 3)", "row 3 (line 4)"]
    assert DeviceFind.objects.count() == 2


def test_the_import_command_prints_each_problem_and_stores_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bad.geojson"
    path.write_text(collection(*(f for f, _ in BAD[:2])))
    result = CliRunner().invoke(main, ["places", "import", str(path), "--kind", "hazards"])
    assert result.exit_code == 1
    assert "feature 0 (line 2)" in result.output
    assert "feature 1 (line 3)" in result.output
    assert "nothing was imported" in result.output
    good = tmp_path / "good.geojson"
    good.write_text(collection(feature(square(2, 2, 0.01), name="a", classification="SHA")))
    result = CliRunner().invoke(main, ["places", "import", str(good), "--kind", "hazards"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out.geojson"
    result = CliRunner().invoke(main, ["places", "export", "--kind", "hazards", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["features"][0]["properties"]["name"] == "a"


def test_gazetteer_names_in_several_languages() -> None:
    from ombuds.places.models import AdminUnit, Place
    from ombuds.places.queries import get_admin_unit_by_name

    names = {"az": "Zəngilan", "ru": "Зангелан", "en": "Zangilan"}
    load("boundaries", feature(square(46.5, 39.0, 0.2), name="Zangilan district", names=names))
    load(
        "places",
        feature(
            {"type": "Point", "coordinates": [46.65, 39.08]},
            name="Town",
            kind="town",
            names={"az": "Şəhər"},
        ),
    )
    unit = AdminUnit.objects.get()
    assert {(n.language, n.name) for n in unit.names.all()} == set(names.items())
    assert get_admin_unit_by_name("Зангелан") == unit
    assert Place.objects.get().names.get().name == "Şəhər"
    out = json.loads(
        "".join(write_features(get_kind("boundaries"), records_for_export("boundaries")))
    )
    assert out["features"][0]["properties"]["names"] == names
    with pytest.raises(ImportRejected, match="language codes"):
        load("places", feature({"type": "Point", "coordinates": [1, 1]}, name="x", names=["x"]))


def test_places_tables_quote_formulas_and_refuse_non_finite_coordinates() -> None:
    load(
        "hazards",
        feature(square(46.5, 39.5, 0.01), name='=HYPERLINK("x")', classification="SHA"),
    )
    kind = get_kind("hazards")
    table = "".join(write_csv(kind, records_for_export("hazards")))
    assert "'=HYPERLINK" in table
    HazardArea.objects.all().delete()
    assert _import(table, "hazards", "hazards.csv") == 1
    assert HazardArea.objects.get().name == '=HYPERLINK("x")'
    for bad in ("nan", "inf"):
        with pytest.raises(ImportRejected) as caught:
            _import(
                f"category,quantity,longitude,latitude\nap_mine,1,{bad},39.5\n", "finds", "f.csv"
            )
        assert "not a finite number" in caught.value.problems[0].reason


@pytest.mark.parametrize("nul", ["\x00", "\\u0000"])
def test_a_nul_character_is_refused_with_its_line(nul: str) -> None:
    text = collection(feature(square(46.5, 39.5, 0.01), name="A" + nul + "B", classification="SHA"))
    if nul == "\x00":
        text = text.replace("\\u0000", "\x00")
    with pytest.raises(ImportRejected) as caught:
        _import(text, "hazards")
    assert "NUL character on line" in caught.value.problems[0].reason
    assert HazardArea.objects.count() == 0


def test_coordinates_swapped_inside_the_installation_extent_are_refused(settings) -> None:
    settings.OMBUDS_PLACES_EXTENT = (44.7, 38.3, 50.9, 42.0)  # west, south, east, north
    swapped = {
        "type": "Polygon",
        "coordinates": [[[y, x] for x, y in square(46.5, 39.5, 0.01)["coordinates"][0]]],
    }
    with pytest.raises(ImportRejected) as caught:
        load("hazards", feature(swapped, name="A", classification="SHA"))
    assert "look swapped" in caught.value.problems[0].reason
    assert HazardArea.objects.count() == 0
    assert load("hazards", feature(square(46.5, 39.5, 0.01), name="B", classification="SHA")) == 1
    settings.OMBUDS_PLACES_EXTENT = None  # without an extent, nothing to compare with
    assert load("hazards", feature(swapped, name="C", classification="SHA")) == 1


def test_labels_people_and_imsma_exports_write_are_read_as_codes() -> None:
    text = collection(
        feature(
            square(46.5, 39.5, 0.01),
            name="Area 1",
            classification="Suspected Hazardous Area",
            status="In progress",
            contamination="AP mine; Anti-tank mines; Unexploded Ordnance",
        )
    )
    assert _import(text, "hazards") == 1
    area = HazardArea.objects.get()
    assert (area.classification, area.status) == ("sha", "worked_on")
    assert area.contamination == ["ap_mine", "at_mine", "uxo"]
    table = (
        "category,quantity,longitude,latitude\n"
        "Anti-personnel mine,1,46.501,39.501\n"
        "ANTI-TANK MINES,2,46.502,39.502\n"
        "Improvised explosive device,1,46.503,39.503\n"
    )
    assert _import(table, "finds", "finds.csv") == 3
    categories = sorted(DeviceFind.objects.values_list("category", flat=True))
    assert categories == ["ap_mine", "at_mine", "improvised"]


def test_an_unknown_label_lists_the_labels_a_person_would_write() -> None:
    table = "category,quantity,longitude,latitude\nExplosive remnant of war,1,46.5,39.5\n"
    with pytest.raises(ImportRejected) as caught:
        _import(table, "finds", "finds.csv")
    (problem,) = caught.value.problems
    assert problem.reason.startswith(
        "category 'Explosive remnant of war' is not known; write one of: Anti-personnel mine "
        "(ap_mine); Anti-tank mine (at_mine); "
    )
    assert "Unexploded ordnance (uxo); Abandoned explosive ordnance (axo)" in problem.reason
    assert DeviceFind.objects.count() == 0

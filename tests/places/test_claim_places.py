"""Claims' places are gazetteer entries: two sources naming one place differently give one
figure once an editor says so (and a finding offering it before), a region's figure is checked
against the sum of its districts', and users see only the place texts of sources they may see.
Sources are ingested for real: the engine reads each place from the text."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from django.urls import reverse

from ombuds.claims.models import Claim
from ombuds.cli import main
from ombuds.figures.actions import do_run_checks
from ombuds.figures.index import IndexFilters, list_figure_keys
from ombuds.figures.keys import FigureKey, gazetteer_ref
from ombuds.figures.models import Finding
from ombuds.figures.queries import figure_value
from ombuds.places.actions import do_define_named_area
from ombuds.places.matching import match_text
from ombuds.places.models import AdminUnit, PlaceName, PlaceText
from ombuds.sources.actions import do_ingest_source

pytestmark = pytest.mark.django_db

PUBLISHED = dt.date(2024, 7, 10)


def ingest(text: str, publisher: str, **metadata: object) -> None:
    do_ingest_source(
        text.encode(),
        filename=f"{publisher}.txt",
        publisher=publisher,
        published=PUBLISHED,
        acting_user=None,
        **metadata,
    )


def killed(place_text: str) -> Claim:
    return Claim.objects.get(measure="killed", place=place_text)


@pytest.fixture
def gazetteer() -> dict[str, AdminUnit]:
    north = AdminUnit.objects.create(name="North region", level=1, code="NR")
    alpha = AdminUnit.objects.create(name="Alpha district", level=2, parent=north, code="NR-A")
    beta = AdminUnit.objects.create(name="Beta district", level=2, parent=north, code="NR-B")
    PlaceName.objects.create(admin_unit=alpha, name="Альфа", language="ru")
    area = do_define_named_area("Liberated territories", members=[alpha, beta], acting_user=None)
    return {"north": north, "alpha": alpha, "beta": beta, "area": area}


def test_the_matcher_ignores_case_accents_and_a_leading_article(gazetteer):
    assert match_text("the LIBERATED territories").unit_id == gazetteer["area"].pk
    assert match_text("Liberated Térritories,").unit_id == gazetteer["area"].pk
    assert match_text("альфа").unit_id == gazetteer["alpha"].pk
    assert match_text("Gamma district").entry is None


def test_two_names_of_one_place_are_offered_then_made_one_figure(client, editor, gazetteer):
    # Given two sources naming the same area differently, one of them in the gazetteer.
    ingest(
        "In the liberated territories, 120 civilians were killed by mines from January to "
        "June 2024.",
        "Agency A",
    )
    ingest(
        "In Northern Districts, 140 civilians were killed by mines from January to June 2024.",
        "Agency B",
    )
    named, unnamed = killed("the liberated territories"), killed("Northern Districts")
    assert named.linked_unit_id == gazetteer["area"].pk
    assert unnamed.linked_unit_id is None
    assert unnamed.linked_place_id is None
    assert PlaceText.objects.filter(written="Northern Districts", state="unmatched").exists()
    assert named.figure_key != unnamed.figure_key

    # When the checks run, the difference is offered as one place under two names.
    do_run_checks(acting_user=None)
    offered = Finding.objects.get(kind="same_figure_other_place")
    assert {c.pk for c in offered.claims.all()} == {named.pk, unnamed.pk}
    assert not Finding.objects.filter(kind="differs").exists()
    page = client.get(reverse("figures:findings"))  # anonymous: refused
    client.force_login(editor)
    page = client.get(reverse("figures:findings"))
    assert "Northern Districts" in page.content.decode()
    assert reverse("places:alias") in page.content.decode()

    # One decision: the editor says the text names the area.
    response = client.post(
        reverse("places:alias"),
        {"text": "Northern Districts", "entry": "the liberated territories"},
    )
    assert response.status_code == 302
    unnamed.refresh_from_db()
    assert unnamed.linked_unit_id == gazetteer["area"].pk
    assert named.figure_key == unnamed.figure_key
    assert not PlaceText.objects.filter(folded="northerndistrict").exists()

    # Then: one figure, and a finding on the difference of its two sources.
    do_run_checks(acting_user=None)
    assert not Finding.objects.filter(kind="same_figure_other_place").exists()
    differs = Finding.objects.get(kind="differs")
    assert {c.pk for c in differs.claims.all()} == {named.pk, unnamed.pk}
    assert "Liberated territories" in differs.explanation
    value = figure_value(named.figure_key)
    assert value is not None
    assert len(value.citations) == 2

    # The next claim that writes the alias is linked on arrival.
    ingest(
        "In Northern Districts, 150 civilians were injured by mines from January to June 2024.",
        "Agency C",
    )
    assert Claim.objects.get(measure="injured").linked_unit_id == gazetteer["area"].pk


def test_a_region_is_checked_against_the_sum_of_its_districts(gazetteer):
    ingest(
        "In North region, 100 civilians were killed by mines from January to June 2024.",
        "Agency A",
    )
    ingest(
        "In Alpha district, 70 civilians were killed by mines from January to June 2024. "
        "In Beta district, 45 civilians were killed by mines from January to June 2024.",
        "Agency B",
    )
    region = killed("North region")
    assert region.linked_unit_id == gazetteer["north"].pk
    assert killed("Beta district").linked_unit_id == gazetteer["beta"].pk

    do_run_checks(acting_user=None)
    finding = Finding.objects.get(kind="subdivisions_exceed")
    assert finding.claims.count() == 3
    assert "115" in finding.explanation
    assert "100" in finding.explanation
    assert finding.key_slug == region.figure_key.slug()


def test_districts_within_their_region_make_no_finding(gazetteer):
    ingest(
        "In North region, 112 civilians were killed by mines from January to June 2024.",
        "Agency A",
    )
    ingest(
        "In Alpha district, 70 civilians were killed by mines from January to June 2024. "
        "In Beta district, 45 civilians were killed by mines from January to June 2024.",
        "Agency B",
    )
    do_run_checks(acting_user=None)
    # 115 is within the tolerance of 112 (5%): figures of two sources, not a contradiction.
    assert not Finding.objects.filter(kind="subdivisions_exceed").exists()


def test_claims_stored_before_are_linked_by_the_command_and_old_addresses_redirect(
    client, editor, gazetteer
):
    ingest(
        "In Alpha district, 70 civilians were killed by mines from January to June 2024.",
        "Agency A",
    )
    claim = killed("Alpha district")
    # As stored before claims' places were linked:
    Claim.objects.filter(pk=claim.pk).update(place_folded="", linked_unit=None)
    old = FigureKey.of(
        measure="killed", subject="civilians", cause="landmine", place="Alpha district",
        period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 6, 30),
    )  # fmt: skip

    result = CliRunner().invoke(main, ["places", "link", "--batch", "1"])
    assert result.exit_code == 0, result.output
    claim.refresh_from_db()
    assert claim.linked_unit_id == gazetteer["alpha"].pk
    new = claim.figure_key
    assert new.place == gazetteer_ref(unit_id=gazetteer["alpha"].pk)
    # Run again: nothing left to match.
    assert "No claim's place is left" in CliRunner().invoke(main, ["places", "link"]).output

    client.force_login(editor)
    response = client.get(reverse("figures:detail", args=[old.slug()]))
    assert response.status_code == 302
    assert response["Location"] == reverse("figures:detail", args=[new.slug()])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Alpha district" in page.content.decode()
    # An appeal's reference by the place's old text still finds the figure.
    value = figure_value(old)
    assert value is not None
    assert value.value == 70


def test_an_ambiguous_name_is_listed_and_the_editors_choice_wins(client, editor, gazetteer):
    AdminUnit.objects.create(name="Central", level=2, parent=gazetteer["north"], code="NR-C")
    AdminUnit.objects.create(name="Central", level=2, code="SR-C")
    ingest("In Central, 9 civilians were killed by mines from January to June 2024.", "A")
    claim = killed("Central")
    assert claim.linked_unit_id is None
    row = PlaceText.objects.get(folded="central")
    assert row.state == "ambiguous"
    assert len(row.candidates) == 2

    client.force_login(editor)
    page = client.get(reverse("places:names")).content.decode()
    assert "Central in North region, code NR-C" in page
    refused = client.post(reverse("places:alias"), {"text": "Central", "entry": "Central"},
                          follow=True)  # fmt: skip
    assert "names several places" in refused.content.decode()
    client.post(reverse("places:alias"), {"text": "Central", "entry": "NR-C"})
    claim.refresh_from_db()
    assert claim.linked_unit.code == "NR-C"
    assert not PlaceText.objects.filter(folded="central").exists()


def test_a_viewer_sees_no_place_text_of_a_restricted_source(client, viewer, editor, gazetteer):
    ingest(
        "In Secret Valley, 5 civilians were killed by mines from January to June 2024.",
        "Agency R",
        confidentiality="restricted",
    )
    ingest(
        "In Open Valley, 6 civilians were killed by mines from January to June 2024.",
        "Agency P",
    )
    client.force_login(viewer)
    page = client.get(reverse("places:names")).content.decode()
    assert "Open Valley" in page
    assert "Secret Valley" not in page
    assert client.post(reverse("places:alias"), {"text": "x", "entry": "y"}).status_code == 403
    client.force_login(editor)
    assert "Secret Valley" in client.get(reverse("places:names")).content.decode()


def test_imported_names_and_aliases_link_the_claims_that_wrote_them() -> None:
    from tests.places.factories import feature, load, square

    ingest("In Zangelan, 12 civilians were killed by mines from January to June 2024.", "A")
    claim = killed("Zangelan")
    assert claim.linked_unit_id is None
    load(
        "boundaries",
        feature(
            square(46.5, 39.0, 0.2),
            name="Zangilan district",
            names={"ru": "Зангелан"},
            aliases="Zangelan; Zengilan",
        ),
    )
    claim.refresh_from_db()
    unit = AdminUnit.objects.get(name="Zangilan district")
    assert claim.linked_unit_id == unit.pk
    assert match_text("Зангелан").unit_id == unit.pk
    assert match_text("ZENGILAN").unit_id == unit.pk
    assert not PlaceText.objects.exists()


def test_a_source_made_restricted_takes_its_place_texts_from_a_viewer(client, viewer):
    from ombuds.sources.actions import do_update_source_metadata
    from ombuds.sources.models import Source

    ingest("In Quiet Valley, 5 civilians were killed by mines from January to June 2024.", "P")
    client.force_login(viewer)
    assert "Quiet Valley" in client.get(reverse("places:names")).content.decode()
    do_update_source_metadata(
        Source.objects.get(), changes={"confidentiality": "restricted"}, acting_user=None
    )
    assert PlaceText.objects.get().levels == 4
    assert "Quiet Valley" not in client.get(reverse("places:names")).content.decode()


def test_a_gazetteer_without_borders_imports_from_csv_with_parents_areas_and_aliases() -> None:
    from ombuds.places.errors import ImportRejected
    from ombuds.places.file_import import import_bytes
    from ombuds.places.imsma_io import write_csv
    from ombuds.places.kinds import get_kind
    from ombuds.places.queries import records_for_export

    ingest("In the South, 30 civilians were killed by mines from January to June 2024.", "A")
    table = (
        "name,level,code,parent,aliases,members\n"
        "Southern region,1,SR,,The South; Юг,\n"
        "Gamma district,2,SR-G,SR,,\n"
        "Delta district,2,SR-D,Southern region,Delta,\n"
        "Coast,1,,,The coastal districts,Gamma district; SR-D\n"
    )
    created = import_bytes(
        table.encode(), filename="units.csv", kind_name="boundaries", acting_user=None
    ).created
    assert created == 4
    region = AdminUnit.objects.get(code="SR")
    assert region.geometry is None
    assert set(region.children.values_list("code", flat=True)) == {"SR-G", "SR-D"}
    coast = AdminUnit.objects.get(name="Coast")
    assert set(coast.members.values_list("code", flat=True)) == {"SR-G", "SR-D"}
    assert match_text("the coastal districts").unit_id == coast.pk
    assert killed("the South").linked_unit_id == region.pk
    places = "name,kind,parent\nOld Mill,village,SR-G\n"
    import_bytes(places.encode(), filename="p.csv", kind_name="places", acting_user=None)
    assert match_text("old mill").entry is not None

    exported = "".join(write_csv(get_kind("boundaries"), records_for_export("boundaries")))
    assert "The South; Юг" in exported
    assert "Gamma district; SR-D" in exported

    bad = "name,parent\nEpsilon district,Nowhere\nZeta district,Gamma district\n"
    with pytest.raises(ImportRejected) as rejected:
        import_bytes(bad.encode(), filename="bad.csv", kind_name="boundaries", acting_user=None)
    assert "row 1 (line 2): parent 'Nowhere' is not the code or name" in str(
        rejected.value.problems[0]
    )
    assert len(rejected.value.problems) == 1
    assert not AdminUnit.objects.filter(name="Zeta district").exists()


def test_a_place_takes_the_places_inside_it(gazetteer):
    from ombuds.figures.placing import places_within

    alpha, beta = gazetteer["alpha"], gazetteer["beta"]
    assert places_within("the liberated territories") == {
        "liberated territories",
        gazetteer_ref(unit_id=gazetteer["area"].pk),
        gazetteer_ref(unit_id=alpha.pk),
        gazetteer_ref(unit_id=beta.pk),
    }
    assert gazetteer_ref(unit_id=beta.pk) in places_within("North region")
    assert places_within("Nowhere") == {"nowhere"}


def test_the_index_filtered_by_a_place_finds_the_figures_of_its_gazetteer_entry(gazetteer, editor):
    ingest(
        "In the liberated territories, 120 civilians were killed by mines from January to "
        "June 2024.",
        "Agency A",
    )
    ingest(
        "In Northern Districts, 140 civilians were killed by mines from January to June 2024.",
        "Agency B",
    )
    area = gazetteer_ref(unit_id=gazetteer["area"].pk, place_id=None)

    def places(text: str) -> list[str]:
        return [
            s.key.place for s in list_figure_keys(user=editor, filters=IndexFilters(place=text))
        ]

    # Counted live (no run of the checks yet), then read from the index the run builds.
    for _run in range(2):
        assert places("Liberated Territories") == [area]
        assert places("the northern districts") == ["northern districts"]
        assert places("Alpha district") == []
        do_run_checks(acting_user=None)

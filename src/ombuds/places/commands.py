"""`ombuds places`: import and export spatial records, and compute the coverage of records.

An import checks every feature or row first; when any is bad, each problem is printed on
standard error by line or index and reason, nothing is stored, and the exit status is 1.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ombuds.bootstrap import say, with_django

# The kinds of ombuds.places.kinds, written out: that module needs Django set up first.
KIND_NAMES = (
    "hazards",
    "activities",
    "finds",
    "minefield-records",
    "sites",
    "samples",
    "places",
    "boundaries",
)


@click.group("places")
def places() -> None:
    """Hazard areas, minefield records, device finds and environmental sites."""


@places.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", required=True, type=click.Choice(KIND_NAMES), help="What the file holds.")
@with_django
def import_command(file: Path, kind: str) -> None:
    """Import FILE (GeoJSON; CSV or XLSX for hazards, activities, finds, places, boundaries):
    all or nothing."""
    from ombuds.places.errors import ImportRejected, PlacesError
    from ombuds.places.file_import import import_bytes

    try:
        report = import_bytes(
            file.read_bytes(), filename=file.name, kind_name=kind, acting_user=None
        )
    except ImportRejected as exc:
        for problem in exc.problems:
            say(f"{file}: {problem}")
        raise click.ClickException(
            f"{len(exc.problems)} problem(s) in {file}; nothing was imported. Correct the file "
            "and import it again."
        ) from None
    except PlacesError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{report.created} {kind} imported from {file}")


@places.command("export")
@click.option("--kind", required=True, type=click.Choice(KIND_NAMES), help="What to export.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write: .geojson, or .csv / .xlsx for hazards, activities, finds, places, boundaries.",
)
@with_django
def export_command(kind: str, output: Path) -> None:
    """Write every record of a kind to a file (GeoJSON, CSV or XLSX by the file's suffix)."""
    from ombuds.places import queries
    from ombuds.places.geojson_io import write_features
    from ombuds.places.imsma_io import TABLE_KINDS, write_csv, write_xlsx
    from ombuds.places.kinds import get_kind

    spec = get_kind(kind)
    suffix = output.suffix.lower()
    if suffix in {".csv", ".xlsx"} and kind not in TABLE_KINDS:
        raise click.ClickException(
            f"{kind} are exported as GeoJSON only; name the file {output.stem}.geojson"
        )
    records = queries.records_for_export(kind)
    if suffix == ".xlsx":
        output.write_bytes(write_xlsx(spec, records))
    else:
        chunks = write_csv(spec, records) if suffix == ".csv" else write_features(spec, records)
        with output.open("w", encoding="utf-8", newline="") as out:
            for chunk in chunks:
                out.write(chunk)
    click.echo(f"{kind} written to {output}")


@places.command("coverage")
@click.option("--unit", default="", help="Name of an administrative unit to limit the scope to.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@with_django
def coverage_command(unit: str, as_json: bool) -> None:
    """Per party: records, covered share of SHA/CHA areas, finds inside, finds total, accuracy."""
    from ombuds.places import queries
    from ombuds.places.errors import PlacesError

    scope = None
    if unit:
        scope = queries.get_admin_unit_by_name(unit)
        if scope is None:
            raise click.ClickException(
                f"no administrative unit is named {unit!r}; import its boundary first "
                "(ombuds places import FILE --kind boundaries)"
            )
    try:
        rows = queries.compute_coverage(unit=scope)
    except PlacesError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in rows], indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("no minefield records received")
        return
    click.echo(
        f"{'party':30} {'records':>7} {'covered':>8} {'inside':>6} {'finds':>6} {'accuracy':>8}"
    )
    for r in rows:
        accuracy = "-" if r.accuracy is None else f"{r.accuracy:.3f}"
        click.echo(
            f"{r.party[:30]:30} {r.records:>7} {r.covered_share:>8.3f} {r.finds_inside:>6} "
            f"{r.finds_total:>6} {accuracy:>8}"
        )


@places.command("link")
@click.option("--all", "everything", is_flag=True, help="Match every claim again, not only new.")
@click.option("--after", default="", help="Resume after this claim id (printed as it goes).")
@click.option("--batch", default=5000, show_default=True, help="Claims per transaction.")
@with_django
def link_command(everything: bool, after: str, batch: int) -> None:
    """Link stored claims' places to the gazetteer (claims stored before places were linked,
    or every claim with --all). Each batch commits: interrupted, run it again to go on."""
    from ombuds.places.actions import do_link_claim_places

    counts = None
    for counts in do_link_claim_places(
        everything=everything, after=after, batch=batch, acting_user=None
    ):
        click.echo(f"{counts.read} claims read, {counts.linked} linked; last {counts.last_id}")
    if counts is None:
        click.echo("No claim's place is left to match.")


@places.command("relink-incidents")
@with_django
def relink_incidents_command() -> None:
    """Join every registry incident with a point to the hazard areas it lies in again, from
    scratch (the writes keep these pairs; this is for data written around them)."""
    from ombuds.places.actions import do_relink_incidents

    click.echo(f"{do_relink_incidents(acting_user=None)} incident-area pairs stored")


@places.command("alias")
@click.argument("text")
@click.argument("entry")
@with_django
def alias_command(text: str, entry: str) -> None:
    """Record TEXT (a place as claims write it) as a name of ENTRY (a name or code in the
    gazetteer), and link the claims that write it."""
    from ombuds.places.actions import do_add_place_alias, find_entry
    from ombuds.places.errors import PlacesError

    try:
        alias = do_add_place_alias(text, entry=find_entry(entry), acting_user=None)
    except PlacesError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{alias.name!r} is now a name of {entry!r}")


@places.command("area")
@click.argument("name")
@click.argument("members", nargs=-1, required=True)
@with_django
def area_command(name: str, members: tuple[str, ...]) -> None:
    """Define the named area NAME as the units MEMBERS (names or codes in the gazetteer)."""
    from ombuds.places.actions import do_define_named_area, find_entry
    from ombuds.places.errors import GazetteerError, PlacesError
    from ombuds.places.models import AdminUnit

    try:
        units = [find_entry(member) for member in members]
        places = [u.name for u in units if not isinstance(u, AdminUnit)]
        if places:
            raise GazetteerError(
                f"{', '.join(places)}: an area is made of administrative units, not places"
            )
        area = do_define_named_area(
            name, members=[u for u in units if isinstance(u, AdminUnit)], acting_user=None
        )
    except PlacesError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{area.name!r} defined as {len(members)} units")

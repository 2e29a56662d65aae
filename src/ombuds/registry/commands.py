"""The registry's commands: ``ombuds import``, ``ombuds export`` and ``ombuds synth``."""

from __future__ import annotations

from pathlib import Path

import click

from ombuds.bootstrap import say, with_django

KINDS = ["persons", "incidents", "casualties", "missing", "damage", "displacement"]


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", required=True, type=click.Choice(KINDS), help="What the rows are.")
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='JSON file: {"column in the file": "field"}.',
)
@click.option(
    "--list",
    "list_slug",
    default="",
    help="Short name of the list the file is (`ombuds lists show`); default: Office cases.",
)
@with_django
def import_command(file: Path, kind: str, mapping: Path | None, list_slug: str) -> None:
    """Import registry records from a CSV or XLSX FILE: all rows or none.

    Every row is checked first; if any is wrong nothing is written and each bad row is listed
    with its line and reason. Rows whose external_id is recorded already update that record.
    """
    from ombuds.registry.actions import do_import_records
    from ombuds.registry.errors import ImportRejected, RegistryError
    from ombuds.registry.importing import parse_file, read_mapping
    from ombuds.registry.list_queries import get_list_by_slug

    try:
        source_list = get_list_by_slug(list_slug, user=None) if list_slug else None
        columns = read_mapping(mapping, kind)
        say(f"checking {file} …")
        report, rows = parse_file(file.read_bytes(), filename=file.name, kind=kind, mapping=columns)
        if report.ignored_columns:
            say(
                f"columns ignored (no field of that name; map them): {', '.join(report.ignored_columns)}"
            )

        def progress(done: int, total: int) -> None:
            click.echo(f"\rwriting {done}/{total} rows", err=True, nl=done == total)

        do_import_records(
            report, rows, acting_user=None, progress=progress, source_list=source_list
        )
    except ImportRejected as exc:
        raise click.ClickException(str(exc)) from None
    except RegistryError as exc:
        raise click.ClickException(f"{exc} Nothing was imported.") from None
    click.echo(f"{file.name}: {report.summary()}")


@click.command("export")
@click.option("--kind", type=click.Choice(KINDS), default="casualties", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default="csv",
              show_default=True)  # fmt: skip
@click.option("--aggregate", type=click.Choice(["landmine-monitor", "sdg1612"]),
              help="Write an aggregate table instead of records.")  # fmt: skip
@click.option("--audience", type=click.Choice(["office", "partners", "public"]), default="partners",
              show_default=True, help="Who receives it: decides which restricted records go out.")  # fmt: skip
@click.option("--population", type=click.IntRange(min=1), help="For sdg1612: rate per 100,000.")
@click.option("--with-personal-data", is_flag=True, help="Include names and birth dates.")
@click.option("--with-sealed-data", is_flag=True,
              help="Also contacts and identity documents (needs --with-personal-data).")  # fmt: skip
@click.option("--purpose", default="",
              help="Why (required with personal data): audited and written on every row.")  # fmt: skip
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_django
def export_command(
    kind: str,
    fmt: str,
    aggregate: str | None,
    audience: str,
    population: int | None,
    with_personal_data: bool,
    with_sealed_data: bool,
    purpose: str,
    output: Path,
) -> None:
    """Export registry records or an aggregate table to CSV, XLSX or JSON."""
    from ombuds.registry.disclosure import do_export_records
    from ombuds.registry.errors import ExportRefused
    from ombuds.registry.exporting import export_to_path, landmine_monitor_rows, sdg1612_rows

    if aggregate:
        public = audience == "public"
        rows = (
            landmine_monitor_rows(public=public, audience=audience)
            if aggregate == "landmine-monitor"
            else sdg1612_rows(population=population, public=public, audience=audience)
        )
        count = export_to_path(output, rows, list(rows[0]) if rows else ["year"], fmt)
    else:
        try:
            with output.open("wb") as out:
                count = do_export_records(
                    kind,
                    fmt=fmt,
                    audience=audience,
                    out=out,
                    personal=with_personal_data,
                    sealed=with_sealed_data,
                    purpose=purpose,
                    acting_user=None,
                )
        except ExportRefused as exc:
            output.unlink(missing_ok=True)
            raise click.UsageError(str(exc)) from None
    click.echo(f"{output}: {count} rows")


@click.command("synth")
@click.option("--people", type=click.IntRange(min=1), required=True, help="Synthetic persons.")
@click.option("--unnamed", type=click.IntRange(min=0), default=0,
              help="Extra unnamed casualty records (for scale benchmarks).")  # fmt: skip
@click.option("--seed", type=int, default=1, show_default=True)
@with_django
def synth_command(people: int, unnamed: int, seed: int) -> None:
    """Generate synthetic registry records, each marked synthetic (demos and benchmarks)."""
    from ombuds.registry.synth import generate

    summary = generate(people=people, unnamed=unnamed, seed=seed, say=say)
    click.echo(
        f"synthetic: {summary.persons} persons, {summary.incidents} incidents, "
        f"{summary.casualties} casualties, {summary.missing} missing, {summary.damage} "
        f"damaged objects, {summary.displacement} displacement records"
    )

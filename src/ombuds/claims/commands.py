"""`ombuds claims`: re-extracting every source, adding a claim by hand, exporting gold claims.

Each command sets Django up once and calls the same actions and queries as the web pages.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ombuds.bootstrap import with_django


@click.group("claims")
def claims() -> None:
    """Review work on claims from the command line."""


@claims.command("reextract")
@click.argument("source_ids", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Re-extract every source.")
@with_django
def reextract(source_ids: tuple[str, ...], every: bool) -> None:
    """Run the current engine again on SOURCE_IDS (or --all) and keep every review decision.

    Prints per source how many claims are new, changed, gone and unchanged, and how many
    confirmed claims go back to review because the engine now reads them differently.
    """
    from ombuds.claims.actions import do_reextract_source
    from ombuds.sources.models import Source

    if every == bool(source_ids):
        raise click.UsageError("Name the sources to re-extract, or give --all (not both).")
    sources = Source.objects.order_by("created_at").defer("text")
    if not every:
        sources = sources.filter(pk__in=_uuids(source_ids))
    ids = list(sources.values_list("pk", flat=True))
    if not ids:
        raise click.ClickException("No sources to re-extract: ingest documents first.")
    totals = {"new": 0, "changed": 0, "gone": 0, "unchanged": 0, "reopened": 0}
    for n, pk in enumerate(ids, start=1):
        source = Source.objects.get(pk=pk)
        click.echo(f"[{n}/{len(ids)}] {str(source)[:60]}", err=True)
        counts = do_reextract_source(source, acting_user=None)
        row = {
            "new": counts.added,
            "changed": counts.changed,
            "gone": counts.removed,
            "unchanged": counts.unchanged,
            "reopened": counts.reopened,
        }
        for key, value in row.items():
            totals[key] += value
        click.echo(f"{source.pk}  {_counts(row)}  {source}")
    click.echo(f"{len(ids)} sources: {_counts(totals)}")


def _counts(row: dict[str, int]) -> str:
    return (
        f"new {row['new']}, changed {row['changed']}, gone {row['gone']}, "
        f"unchanged {row['unchanged']}, back to review {row['reopened']}"
    )


def _uuids(values: tuple[str, ...]) -> list[str]:
    import uuid

    try:
        return [str(uuid.UUID(v)) for v in values]
    except ValueError:
        raise click.BadParameter("A source id is a UUID, as the source's page shows.") from None


@claims.command("add")
@click.argument("source_id")
@click.option("--start", type=int, required=True, help="Offset where the passage starts.")
@click.option("--end", type=int, required=True, help="Offset where the passage ends.")
@click.option("--measure", default="", help="What happened (default: the engine's reading).")
@click.option("--subject", default="", help="Who or what (default: the engine's reading).")
@click.option("--value", default="", help="The number (default: the engine's reading).")
@click.option("--value-max", default="", help="The upper end of a range.")
@click.option("--unit", default="", help="count, percent, …")
@click.option("--qualifier", default="", help="exact, approx, at_least or at_most.")
@click.option("--period-start", default="", metavar="YYYY-MM-DD")
@click.option("--period-end", default="", metavar="YYYY-MM-DD")
@click.option("--cause", default="")
@click.option("--place", default="")
@click.option("--reason", default="the engine missed it", show_default=True)
@with_django
def add(source_id: str, start: int, end: int, reason: str, **given: str) -> None:
    """Add the claim stated by text[START:END] of a source; fields not given are the engine's
    reading of that passage (engine/span.py). Prints the claim as JSON."""
    from ombuds.claims.actions import do_add_claim
    from ombuds.claims.api import claim_out
    from ombuds.claims.engine.span import read_span
    from ombuds.claims.errors import ClaimError
    from ombuds.sources.models import Source

    source = Source.objects.filter(pk__in=_uuids((source_id,))).first()
    if source is None:
        raise click.ClickException(f"No source {source_id}: `ombuds claims reextract` lists ids.")
    values: dict[str, Any] = {}
    readings = read_span(source.text, start, end, published=source.published)
    if readings:
        reading = readings[0]
        values = {
            name: getattr(reading, name)
            for name in ("measure", "subject", "value", "value_max", "unit", "qualifier",
                         "period_start", "period_end", "cause", "place")
        }  # fmt: skip
    values.update({name: value for name, value in given.items() if value})
    try:
        claim = do_add_claim(
            source, span=(start, end), values=values, reason=reason, acting_user=None
        )
    except ClaimError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps(claim_out(claim), default=str))


@claims.command("export-gold")
@click.option("--source", "source_ids", multiple=True, help="Only this source (repeatable).")
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="Write here instead of stdout."
)
@click.option(
    "--texts",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write each document's text to this folder, under its name in the gold file.",
)
@with_django
def export_gold(source_ids: tuple[str, ...], output: Path | None, texts: Path | None) -> None:
    """Write the reviewed claims in the contract's gold format, for shared/claims/score.py.

    Only sources whose every claim was reviewed are written; the others are listed on stderr
    with how many claims still wait.
    """
    from ombuds.claims.gold import gold_of
    from ombuds.sources.models import Source

    sources = Source.objects.order_by("created_at")
    if source_ids:
        sources = sources.filter(pk__in=_uuids(source_ids))
    export = gold_of(sources)
    for source, waiting in export.incomplete:
        click.echo(f"left out: {source} ({waiting} claims wait for review)", err=True)
    text = json.dumps(export.documents, indent=1, ensure_ascii=False) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if texts:
        texts.mkdir(parents=True, exist_ok=True)
        for name, body in export.texts.items():
            (texts / name).write_text(body, encoding="utf-8")
    click.echo(f"{len(export.documents)} documents written", err=True)

"""`ombuds extract`: claims from documents, printed as JSON lines or a table; no database.

Registered on the `ombuds` group with ``main.add_command(extract)``; also runs alone as
``python -m ombuds.claims.extract_command``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from ombuds.claims.engine import Claim
from ombuds.claims.engine import extract as extract_claims
from ombuds.sources.ocr import DEFAULT_LANGUAGES, read_by_ocr
from ombuds.sources.reading import ReadError, read_document

TABLE_COLUMNS = (
    "id", "measure", "subject", "value", "unit", "qualifier", "period", "cause", "parent"
)  # fmt: skip


def _published(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD.") from None


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--published",
    callback=_published,
    metavar="YYYY-MM-DD",
    help="The documents' date; relative periods (until now, last year) resolve against it.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one JSON object per claim and nothing else on stdout; table: for people.",
)
@click.option(
    "--ocr-languages",
    default=DEFAULT_LANGUAGES,
    show_default=True,
    help="Tesseract's languages for scans and pictures, joined by '+'.",
)
def extract(
    files: tuple[str, ...], published: dt.date | None, output_format: str, ocr_languages: str
) -> None:
    """Extract the claims (numbers about harms) that FILE... state.

    Reads plain text, Markdown, HTML, PDF and DOCX, and scans (a PDF of pictures, PNG, JPEG,
    TIFF) by OCR. A file that cannot be read gets a one-line error on stderr and the others
    are still processed; the exit status is 1 if any failed.
    """
    failed = 0
    show_progress = len(files) > 20 and sys.stderr.isatty()
    out = sys.stdout
    for n, name in enumerate(files, start=1):
        if show_progress:
            click.echo(f"\r{n}/{len(files)} {name[-50:]:<50}", err=True, nl=False)
        try:
            read = read_document(name, filename=name)
            text = read.text
            if read.needs_ocr:
                data = Path(name).read_bytes()
                text = read_by_ocr(data, kind=read.kind, name=name, languages=ocr_languages).text
        except ReadError as exc:
            failed += 1
            if show_progress:
                click.echo("", err=True)
            click.echo(f"error: {' '.join(str(exc).split())}", err=True)
            continue
        claims = extract_claims(text, published=published)
        if output_format == "jsonl":
            out.write("".join(json.dumps(c.to_json(name)) + "\n" for c in claims))
        else:
            _table(name, claims)
    if show_progress:
        click.echo("", err=True)
    out.flush()
    if failed:
        sys.exit(1)


def _table(name: str, claims: list[Claim]) -> None:
    click.echo(f"{name}: {len(claims)} claims")
    if not claims:
        return
    rows = []
    for c in claims:
        j = c.to_json(name)
        value = f"{j['value']}" + (f"-{j['value_max']}" if j["value_max"] is not None else "")
        period = (
            f"{j['period_start'] or ''}..{j['period_end'] or ''}"
            if (j["period_start"] or j["period_end"])
            else ""
        )
        rows.append(
            [
                str(j["id"]),
                c.measure,
                c.subject,
                value,
                c.unit,
                c.qualifier,
                period,
                c.cause or "",
                str(c.parent or ""),
            ]
        )
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(TABLE_COLUMNS)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(TABLE_COLUMNS, widths, strict=True)))
    for r in rows:
        click.echo("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))
    click.echo("")


if __name__ == "__main__":
    extract()

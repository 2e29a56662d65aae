"""`ombuds ingest`: store documents as sources and extract their claims; `ombuds sources
group-copies`: group the copies of one text among the sources stored before.

Each file is stored once (the same bytes again find the stored source). A file that cannot be
read is reported on standard error in one line naming it and saying what to do; the other
files are still processed, and the exit status is 1 when any failed. A scan (a PDF of
pictures, PNG, JPEG, TIFF) is read by OCR there and then, its progress on standard error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import click

from ombuds.bootstrap import say, with_django

KINDS = (
    "news_report",
    "un_update",
    "ombudsman_appeal",
    "ombudsman_statement",
    "government_statement",
    "mine_action_report",
    "ngo_report",
    "icrc_statement",
    "other",
)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD.") from None


def _progress(path: Path) -> Callable[[int, int], None]:
    def say_page(page: int, pages: int) -> None:
        say(f"{path}: reading page {page} of {pages} by OCR")

    return say_page


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--published", callback=_date, metavar="YYYY-MM-DD", help="Date of the documents.")
@click.option("--publisher", default="", help="Who published them (a news agency, an office).")
@click.option("--author", default="", help="The person or institution making the claims.")
@click.option("--title", default="", help="Title (default: each file's name).")
@click.option("--url", default="", help="Where the document was published.")
@click.option("--language", default="", help="ISO 639-1 language code, e.g. en.")
@click.option(
    "--kind", type=click.Choice(KINDS), default="other", show_default=True, help="Kind of source."
)
@with_django
def ingest(
    paths: tuple[Path, ...],
    published: dt.date | None,
    publisher: str,
    author: str,
    title: str,
    url: str,
    language: str,
    kind: str,
) -> None:
    """Store each document in PATHS once and extract its claims."""
    from django.conf import settings

    from ombuds.sources.actions import do_ingest_source
    from ombuds.sources.errors import SourceError
    from ombuds.sources.models import OcrJobStatus
    from ombuds.sources.ocr_actions import do_run_ocr_job

    failed = 0
    total = len(paths)
    limit = settings.OMBUDS_MAX_UPLOAD_BYTES
    for number, path in enumerate(paths, start=1):
        if total > 1:
            say(f"[{number}/{total}] {path}")
        try:
            if path.is_dir():
                raise SourceError(f"{path}: is a folder; give the files in it (e.g. {path}/*).")
            size = path.stat().st_size
            if size > limit:
                raise SourceError(
                    f"{path}: {size:,} bytes is more than the limit of {limit:,}; split the "
                    "document or raise OMBUDS_MAX_UPLOAD_BYTES. Nothing was stored."
                )
            data = path.read_bytes()
            source, created = do_ingest_source(
                data,
                filename=path.name,
                acting_user=None,
                published=published,
                publisher=publisher,
                author=author,
                title=title,
                url=url,
                language=language,
                kind=kind,
                ocr_in_background=False,
            )
        except OSError as exc:
            failed += 1
            click.echo(
                f"error: {path}: cannot read the file ({exc.strerror}); check the path.", err=True
            )
            continue
        except SourceError as exc:
            failed += 1
            message = str(exc)
            # Name the file as it was given on the command line, not only by its name.
            if message.startswith(f"{path.name}:"):
                message = f"{path}{message[len(path.name) :]}"
            elif not message.startswith(str(path)):
                message = f"{path}: {message}"
            click.echo(f"error: {message}", err=True)
            continue
        if created and source.read_by_ocr:
            job = do_run_ocr_job(source.ocr_jobs.get(), acting_user=None, on_page=_progress(path))
            if job.status != OcrJobStatus.DONE:
                failed += 1
                click.echo(
                    f"error: {path}: stored as {source.pk}, but its text could not be read by "
                    f"OCR: {job.message} The source is kept: after that, press 'Read the text "
                    "again' on its page.",
                    err=True,
                )
                continue
            source.refresh_from_db(fields=["ocr_confidence"])
            click.echo(
                f"{path}: stored as {source.pk}, {source.claims.count()} claims (text read by "
                f"OCR, confidence {source.ocr_confidence:.0f}%)"
            )
        elif created:
            click.echo(f"{path}: stored as {source.pk}, {source.claims.count()} claims")
        else:
            click.echo(f"{path}: already stored as {source.pk} ({source.title})")
    if failed:
        raise SystemExit(1)


@click.group("sources")
def sources() -> None:
    """Work on the stored sources from the command line."""


@sources.command("group-copies")
@with_django
def group_copies() -> None:
    """Sign the text of every source stored before copies were grouped, and group each with
    the copies of its text stored before it; progress on standard error.

    A run cut short keeps the batches it finished: run it again to go on."""
    from ombuds.sources.copy_actions import do_group_copies

    def progress(done: int, total: int, grouped: int) -> None:
        say(f"{done:,} of {total:,} sources signed, {grouped:,} grouped as copies")

    counts = do_group_copies(acting_user=None, on_progress=progress)
    if not counts.signed:
        click.echo("Every source's text is signed already: nothing to do.")
        return
    click.echo(f"Signed {counts.signed:,} sources; {counts.grouped:,} joined a group of copies.")

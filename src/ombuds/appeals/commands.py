"""``ombuds appeal ...`` and ``ombuds worker``: render, send, seed the directory, run tasks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ombuds.bootstrap import say, with_django

if TYPE_CHECKING:  # the models load only once Django is set up
    from ombuds.appeals.models import Appeal


def _appeal(name: str) -> Appeal:
    from ombuds.appeals.queries import get_appeal_by_name

    appeal = get_appeal_by_name(name)
    if appeal is None:
        raise click.ClickException(
            f"No appeal {name!r}: give `latest`, a reference such as APL-2026-0001, or an id."
        )
    return appeal


@click.group()
def appeal() -> None:
    """Appeals: render them, send them, seed the addressee directory."""


@appeal.command()
@click.argument("name", metavar="APPEAL")
@click.option(
    "--format", "fmt", type=click.Choice(["pdf", "docx", "html"]), default="pdf", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The file to write.",
)
@with_django
def render(name: str, fmt: str, output: Path) -> None:
    """Write APPEAL (an id, a reference or `latest`) as PDF, DOCX or HTML."""
    from ombuds.appeals.errors import AppealError
    from ombuds.appeals.letters import render as render_letter
    from ombuds.appeals.rendering import compose

    doc = compose(_appeal(name))
    for error in doc["errors"]:
        say(f"error: {error}")
    for warning in doc["warnings"]:
        say(f"warning: {warning}")
    try:
        data = render_letter(doc, fmt)
    except AppealError as exc:
        raise click.ClickException(str(exc)) from None
    output.write_bytes(data)
    click.echo(f"{output}: {doc['reference']}, {len(doc['figures'])} figures, {len(data)} bytes")


@appeal.command()
@click.argument("name", metavar="APPEAL")
@click.option(
    "--to",
    "to",
    multiple=True,
    help="An addressee's organisation name (repeat for more); default: every addressee of the "
    "appeal that has an email address and has not received it yet.",
)
@click.option("--now", is_flag=True, help="Send in this process instead of the task worker.")
@with_django
def send(name: str, to: tuple[str, ...], now: bool) -> None:
    """Email the approved APPEAL with its PDF to its addressees (failed sends are retried)."""
    from ombuds.appeals.actions import do_queue_email_dispatch
    from ombuds.appeals.dispatch import send_dispatches
    from ombuds.appeals.errors import AppealError
    from ombuds.appeals.models import Addressee

    target = _appeal(name)
    if to:
        chosen = list(Addressee.objects.filter(organisation__in=to))
        unknown = set(to) - {a.organisation for a in chosen}
        if unknown:
            raise click.ClickException(
                f"Not in the directory: {', '.join(sorted(unknown))}. "
                "Use the names shown on the addressees page."
            )
    else:
        chosen = [a for a in target.addressees.all() if a.email_list]
    try:
        queued = do_queue_email_dispatch(target, addressees=chosen, acting_user=None)
    except AppealError as exc:
        raise click.ClickException(str(exc)) from None
    if now and queued:
        outcome = send_dispatches([d.pk for d in queued])
        click.echo(f"sent {outcome.sent}, failed {outcome.failed}, skipped {outcome.skipped}")
    else:
        click.echo(f"{len(queued)} emails queued; `ombuds worker` sends them")


@appeal.command("seed-addressees")
@with_django
def seed_addressees() -> None:
    """Add the addressees named in the published appeals to the directory (names only)."""
    from ombuds.appeals.actions import do_seed_addressees

    click.echo(f"{do_seed_addressees(acting_user=None)} addressees added")


@click.command()
@click.option("--batch", is_flag=True, help="Stop when the queue is empty.")
@with_django
def worker(batch: bool) -> None:
    """Run the background task worker (sends queued emails); Ctrl+C stops it."""
    from django.core.management import call_command

    args = ["--batch"] if batch else []
    call_command("db_worker", *args)

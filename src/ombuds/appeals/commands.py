"""``ombuds appeal ...`` and ``ombuds worker``: render, send, list and release dispatches, seed
the directory, run tasks."""

from __future__ import annotations

import os
import signal
import sys
import threading
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


# the file a command writes: `appeal render` and `appeal docx-template`
OUTPUT_OPTION = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The file to write.",
)


@appeal.command()
@click.argument("name", metavar="APPEAL")
@click.option(
    "--format", "fmt", type=click.Choice(["pdf", "docx", "html"]), default="pdf", show_default=True
)
@OUTPUT_OPTION
@click.option(
    "--language",
    default="",
    help="The language version to write (en, ru, az, ...); default: the appeal's first.",
)
@with_django
def render(name: str, fmt: str, output: Path, language: str) -> None:
    """Write APPEAL (an id, a reference or `latest`) as PDF, DOCX or HTML."""
    from ombuds.appeals.errors import AppealError
    from ombuds.appeals.letters import render as render_letter
    from ombuds.appeals.rendering import compose

    doc = compose(_appeal(name), language=language or None)
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
    from ombuds.appeals.dispatch import send_dispatches
    from ombuds.appeals.dispatch_actions import do_queue_email_dispatch
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
        click.echo(
            f"sent {outcome.sent}, failed {outcome.failed}, may have been delivered "
            f"{outcome.uncertain}, skipped {outcome.skipped}"
        )
        if outcome.failed or outcome.uncertain:
            raise click.ClickException(
                "Not every email was sent: `ombuds appeal dispatches "
                f"{target.reference}` shows each error. Failed ones are sent again by this "
                "command; one that may have been delivered only by `ombuds appeal resend ID "
                "--reason TEXT`, after checking the mail server's log."
            )
    else:
        click.echo(f"{len(queued)} emails queued; `ombuds worker` sends them")


@appeal.command("dispatches")
@click.argument("name", metavar="[APPEAL]", required=False)
@click.option(
    "--stuck",
    is_flag=True,
    help="Only emails sending for longer than OMBUDS_DISPATCH_GRACE_MINUTES (of every appeal "
    "when APPEAL is not given).",
)
@with_django
def dispatches(name: str | None, stuck: bool) -> None:
    """List the dispatches of APPEAL, one a line: id, addressee, channel, status, Message-ID."""
    from django.conf import settings

    from ombuds.appeals.queries import list_dispatches_for_appeal, list_stuck_dispatches

    if name is None and not stuck:
        raise click.UsageError("Give an APPEAL, or --stuck for the stuck emails of every appeal.")
    target = _appeal(name) if name is not None else None
    if stuck or target is None:
        rows = list(list_stuck_dispatches(appeal=target))
    else:
        rows = list(list_dispatches_for_appeal(target).select_related("appeal"))
    for dispatch in rows:
        since = (
            f" since {dispatch.updated_at:%Y-%m-%d %H:%M} UTC"
            if dispatch.status == "sending"
            else ""
        )
        click.echo(
            f"{dispatch.pk}  {dispatch.appeal.reference}  {dispatch.addressee}  "
            f"{dispatch.channel}  {dispatch.status}{since}  {dispatch.message_id or '-'}"
        )
        if dispatch.is_stuck():
            click.echo(f"  stuck: {dispatch.delivery_warning()}")
    if stuck:
        say(
            f"{len(rows)} stuck (sending for more than "
            f"{settings.OMBUDS_DISPATCH_GRACE_MINUTES} minutes); "
            "`ombuds appeal release ID --reason TEXT` makes one failed, to be retried"
        )


@appeal.command("release")
@click.argument("dispatch_id", metavar="DISPATCH")
@click.option("--reason", required=True, help="Why: what the mail server's log shows.")
@with_django
def release(dispatch_id: str, reason: str) -> None:
    """Mark the email DISPATCH (an id from `dispatches --stuck`) failed so it can be retried."""
    from ombuds.appeals.dispatch_actions import do_release_stuck_dispatch
    from ombuds.appeals.errors import AppealError
    from ombuds.appeals.queries import get_dispatch_by_id

    dispatch = get_dispatch_by_id(dispatch_id)
    if dispatch is None:
        raise click.ClickException(
            f"No dispatch {dispatch_id!r}: give an id shown by `ombuds appeal dispatches --stuck`."
        )
    try:
        dispatch = do_release_stuck_dispatch(dispatch, reason=reason, acting_user=None)
    except AppealError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"released: {dispatch.appeal.reference} to {dispatch.addressee} counts as failed; "
        f'`ombuds appeal send {dispatch.appeal.reference} --to "{dispatch.addressee}"` '
        "sends it again"
    )
    say(dispatch.delivery_warning())


@appeal.command("resend")
@click.argument("dispatch_id", metavar="DISPATCH")
@click.option("--reason", required=True, help="Why: what the mail server's log shows.")
@with_django
def resend(dispatch_id: str, reason: str) -> None:
    """Send again, with the same Message-ID, an email DISPATCH that may have been delivered."""
    from ombuds.appeals.dispatch_actions import do_resend_uncertain_dispatch
    from ombuds.appeals.errors import AppealError
    from ombuds.appeals.queries import get_dispatch_by_id

    dispatch = get_dispatch_by_id(dispatch_id)
    if dispatch is None:
        raise click.ClickException(
            f"No dispatch {dispatch_id!r}: give an id shown by `ombuds appeal dispatches`."
        )
    try:
        dispatch = do_resend_uncertain_dispatch(dispatch, reason=reason, acting_user=None)
    except AppealError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"queued again: {dispatch.appeal.reference} to {dispatch.addressee}, Message-ID "
        f"{dispatch.message_id}; `ombuds worker` sends it"
    )


@appeal.command()
@with_django
def remind() -> None:
    """Email the one reminder to each addressee emailed an appeal that has not answered after
    OMBUDS_APPEAL_REMINDER_DAYS days (0, the default: none); never twice. Run it daily."""
    from ombuds.appeals.reminders import reminder_days, send_due_reminders

    if reminder_days() <= 0:
        click.echo("reminders are off (OMBUDS_APPEAL_REMINDER_DAYS=0)")
        return
    sent, failed = send_due_reminders()
    click.echo(f"reminders sent {sent}, failed {failed}")
    if failed:
        raise click.ClickException("Not every reminder was sent: see the audit log.")


@appeal.command("docx-template")
@OUTPUT_OPTION
@click.option("--default", "default", is_flag=True, help="The default template, not the office's.")
@with_django
def docx_template(output: Path, default: bool) -> None:
    """Write the Word template letters are laid out by (the office's own, else the default), to
    edit and upload on the office profile page."""
    from ombuds.appeals.docx_template import default_template
    from ombuds.appeals.office import office_template

    own = None if default else office_template()
    output.write_bytes(own or default_template())
    click.echo(f"{output}: the {'office' if own else 'default'} template")


@appeal.command("seed-addressees")
@with_django
def seed_addressees() -> None:
    """Add the addressees named in the published appeals to the directory (names only)."""
    from ombuds.appeals.actions import do_seed_addressees

    click.echo(f"{do_seed_addressees(acting_user=None)} addressees added")


@click.command()
@click.option("--batch", is_flag=True, help="Stop when the queue is empty.")
@click.option(
    "--stop-with-parent",
    is_flag=True,
    hidden=True,
    help="Stop (after the task in hand) when stdin closes: how `ombuds serve` runs it.",
)
@with_django
def worker(batch: bool, stop_with_parent: bool) -> None:
    """Run the background task worker (sends queued emails, ingests uploaded files, runs the
    ledger's checks after claims change, composes the appeals' pages after each change);
    Ctrl+C stops it."""
    from django.core.management import call_command

    from ombuds.registry.interrupted import do_close_interrupted_imports
    from ombuds.sources.actions import do_collect_orphan_files

    # Files a killed process left behind (an ingest interrupted by kill -9) go at each start.
    collected = do_collect_orphan_files(acting_user=None)
    if collected:
        say(f"deleted {len(collected)} stored files no record names (an interrupted ingest)")
    # Likewise a registry import cut off in the worker: its job fails, its upload goes.
    uploads = do_close_interrupted_imports(acting_user=None)
    if uploads:
        say(f"deleted {len(uploads)} uploads of interrupted registry imports")
    args = ["--batch"] if batch else []
    if stop_with_parent:
        _stop_when_stdin_closes()
        # One process, which the pipe's end stops: no reloader restarting it on code changes.
        args.append("--no-reload")
    call_command("db_worker", *args)


def _stop_when_stdin_closes() -> None:
    """Send this process SIGTERM (db_worker's stop after the task in hand) once stdin reaches
    its end: the pipe from ``ombuds serve`` closes when that process ends, however it ends."""

    def wait_for_end() -> None:
        # os.read on the descriptor: sys.stdin's buffer lock would stall the interpreter's exit.
        while os.read(sys.stdin.fileno(), 4096):
            pass
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=wait_for_end, daemon=True, name="stdin-watch").start()

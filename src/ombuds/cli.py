"""The ``ombuds`` command: a thin layer over the same actions and queries the web pages use.

Django is set up once, by the commands that need it; ``ombuds extract`` needs no database.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ombuds.appeals.commands import appeal, worker
from ombuds.bootstrap import say, with_django
from ombuds.claims.commands import claims
from ombuds.claims.extract_command import extract
from ombuds.core.commands import token
from ombuds.figures.commands import check, figures
from ombuds.places.commands import places
from ombuds.registry.commands import export_command, import_command, synth_command
from ombuds.registry.list_commands import estimate, link, lists, people
from ombuds.sources.commands import ingest, sources


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """ombuds: every figure carries its receipt.

    Sources become claims, claims become figures, figures go into appeals, and every appeal's
    dispatch and answer is on record.
    """


@main.command()
@click.option(
    "--addr",
    default="",
    help="HOST:PORT, or a port alone, to listen on [default: 127.0.0.1 and the port in PORT, "
    "else 8000].",
)
@click.option(
    "--without-worker",
    is_flag=True,
    help="Serve the pages only (when an `ombuds worker` runs elsewhere).",
)
@with_django
def serve(addr: str, without_worker: bool) -> None:
    """Serve the web pages and run the background task worker beside them; Ctrl+C stops both.

    For a laptop or a trial (it is Django's development server); a production server runs
    gunicorn and `ombuds worker` as two services (docs/deploy.md)."""
    from django.conf import settings

    from ombuds.serving import ServeError, parse_address
    from ombuds.serving import serve as run

    try:
        host, port = parse_address(addr or str(settings.PORT), default_port=settings.PORT)
        run(host, port, with_worker=not without_worker, echo=click.echo, say=say)
    except ServeError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@with_django
def migrate() -> None:
    """Create or upgrade the database tables."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)


@main.command()
@click.argument("username")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["admin", "editor", "researcher", "viewer"]),
    help="What the user may do.",
)
@click.option("--email", default="", help="The user's email address.")
@click.password_option(help="The user's password (asked for when not given).")
@with_django
def createuser(username: str, role: str, email: str, password: str) -> None:
    """Create a user with one of the four roles."""
    from ombuds.core.actions import do_create_user
    from ombuds.core.errors import CoreError

    try:
        do_create_user(username, role=role, password=password, email=email, acting_user=None)
    except CoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"user {username!r} created with role {role}")


@main.command()
@with_django
def demo() -> None:
    """Load the demo data (demo users, sources, records); running it twice changes nothing.

    Refused unless DEBUG=1 and the database is empty or a demo's: the demo's logins have
    published passwords. Writes var/demo.json, so that commands run beside the demo (ombuds
    ingest FILE) use its settings without DEBUG=1 or SECRET_KEY."""
    from ombuds.core.demo import (
        DemoRefused,
        demo_password,
        load_demo,
        refuse_unsafe_demo,
        write_demo_marker,
    )

    try:
        refuse_unsafe_demo()
    except DemoRefused as exc:
        raise click.ClickException(str(exc)) from None
    load_demo(say)
    marker = write_demo_marker()
    say(f"{marker} written: commands run here use the demo's settings without DEBUG=1")
    click.echo(
        f"demo loaded; log in as 'admin' with password '{demo_password('admin')}' "
        "(or editor, researcher, viewer with '<role>-demo-pass')"
    )


@main.command()
@click.argument("username")
@with_django
def totp(username: str) -> None:
    """Turn on two-factor login for USERNAME: prints the address to add to an authenticator app
    (it replaces any earlier one); the login then asks for the app's code."""
    from django.contrib.auth.models import User

    from ombuds.core.actions import do_enroll_totp

    user = User.objects.filter(username=username).first()
    if user is None:
        raise click.ClickException(f"No user named {username!r}: create it with createuser.")
    device = do_enroll_totp(user, acting_user=None)
    click.echo("Add this to the authenticator app (as a QR code or by hand), then log in:")
    click.echo(device.config_url)


@main.command()
@click.option(
    "--head",
    default="",
    help="A chain head noted earlier (printed by verify, kept in every backup's manifest): "
    "fails if it is no longer in the audit log.",
)
@with_django
def verify(head: str) -> None:
    """Check the audit log's hash chain, every stored file and every frozen appeal.

    Prints each problem (which row or file was changed or removed) and exits with status 1 if
    there is any.
    """
    from ombuds.core.integrity import verify as run_checks

    report = run_checks(known_head=head.strip())
    for problem in report.problems:
        click.echo(f"PROBLEM: {problem}")
    for note in report.notes:
        click.echo(f"not checked: {note}")
    click.echo(f"audit log: {report.audit_rows} rows, chain head {report.head or '(empty)'}")
    if not report.ok:
        raise click.ClickException(f"{len(report.problems)} problems found: see above.")
    click.echo("verified: the audit chain, stored files and frozen appeals are as recorded")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_django
def backup(file: Path) -> None:
    """Write a consistent backup of the database and stored files to FILE (safe while serving)."""
    from ombuds.core.actions import do_create_backup

    summary = do_create_backup(file, acting_user=None, progress=say)
    click.echo(f"{summary.path}: {summary.rows} rows, {summary.files} files")
    click.echo(f"audit chain head {summary.chain_head or '(empty)'}: note it to check later")


def _admin(name: str, role: str) -> Any:
    """The admin named on the command line, after their password (prompted, never an option)."""
    from django.contrib.auth import authenticate

    password = click.prompt(f"Password of {name} ({role})", hide_input=True)
    user = authenticate(username=name, password=password)
    if user is None or not user.has_perm("core.view_auditevent"):
        raise click.ClickException(f"{name}: wrong password, or not an admin. Nothing was changed.")
    return user


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the current data.")
@click.option("--by", "by", default="", help="The admin asking for the restore.")
@click.option("--approved-by", default="", help="A second admin approving it (four eyes).")
@click.option("--reason", default="", help="Why: kept in the restored audit log.")
@with_django
def restore(file: Path, yes: bool, by: str, approved_by: str, reason: str) -> None:
    """Replace all data by the backup in FILE; a damaged or incompatible one, or one whose
    audit chain does not verify, is refused. Needs two admins (--by, --approved-by), each
    typing their password, unless OMBUDS_FOUR_EYES=off."""
    from ombuds.core.actions import do_restore_backup
    from ombuds.core.backup import verify_backup
    from ombuds.core.chain import refuse_broken_backup_chain
    from ombuds.core.errors import CoreError

    try:
        manifest = verify_backup(file)
        refuse_broken_backup_chain(file, manifest)
        requester = _admin(by, "asking") if by else None
        approver = _admin(approved_by, "approving") if approved_by else None
        if not yes and sys.stdin.isatty():
            click.confirm("This replaces every record and stored file. Go on?", abort=True)
        rows = do_restore_backup(
            file, requested_by=requester, approved_by=approver, reason=reason, progress=say
        )
    except CoreError as exc:
        raise click.ClickException(f"{exc} Nothing was changed.") from None
    click.echo(f"restored {rows} rows from {file}")


# The apps' commands.
for command in (
    claims,
    extract,
    ingest,
    sources,
    check,
    figures,
    appeal,
    worker,
    import_command,
    export_command,
    synth_command,
    lists,
    people,
    estimate,
    link,
    places,
    token,
):
    main.add_command(command)

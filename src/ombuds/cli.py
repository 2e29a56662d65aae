"""The ``ombuds`` command: a thin layer over the same actions and queries the web pages use.

Django is set up once, by the commands that need it; ``ombuds extract`` needs no database.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ombuds.appeals.commands import appeal, worker
from ombuds.bootstrap import say, with_django
from ombuds.claims.commands import claims
from ombuds.claims.extract_command import extract
from ombuds.figures.commands import check, figures
from ombuds.places.commands import places
from ombuds.registry.commands import export_command, import_command, synth_command
from ombuds.sources.commands import ingest


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """ombuds: every figure carries its receipt.

    Sources become claims, claims become figures, figures go into appeals, and every appeal's
    dispatch and answer is on record.
    """


@main.command()
@click.option("--addr", default="127.0.0.1:8000", show_default=True, help="Address and port.")
@with_django
def serve(addr: str) -> None:
    """Serve the web pages (development server; see docs/deploy.md for production)."""
    from django.core.management import call_command

    host = addr if ":" in addr else f"127.0.0.1:{addr}"
    click.echo(f"ombuds is served at http://{host}/  (Ctrl+C stops it)")
    call_command("runserver", host, use_reloader=False, skip_checks=False)


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
    """Load the demo data (demo users, sources, records); running it twice changes nothing."""
    from ombuds.core.demo import demo_password, load_demo

    load_demo(say)
    click.echo(
        f"demo loaded; log in as 'admin' with password '{demo_password('admin')}' "
        "(or editor, researcher, viewer with '<role>-demo-pass')"
    )


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_django
def backup(file: Path) -> None:
    """Write a consistent backup of the database and stored files to FILE (safe while serving)."""
    from ombuds.core.backup import create_backup

    summary = create_backup(file, progress=say)
    click.echo(f"{summary.path}: {summary.rows} rows, {summary.files} files")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the current data.")
@with_django
def restore(file: Path, yes: bool) -> None:
    """Replace all data by the backup in FILE; a damaged or incompatible one is refused."""
    from ombuds.core.backup import restore_backup, verify_backup
    from ombuds.core.errors import BackupError

    try:
        verify_backup(file)
        if not yes and sys.stdin.isatty():
            click.confirm("This replaces every record and stored file. Go on?", abort=True)
        rows = restore_backup(file, progress=say)
    except BackupError as exc:
        raise click.ClickException(f"{exc} Nothing was changed.") from None
    click.echo(f"restored {rows} rows from {file}")


# The apps' commands.
for command in (
    claims,
    extract,
    ingest,
    check,
    figures,
    appeal,
    worker,
    import_command,
    export_command,
    synth_command,
    places,
):
    main.add_command(command)

"""``ombuds token ...``: API tokens for scripts, created, listed and revoked from the command
line (each change audited as the command line's)."""

from __future__ import annotations

import uuid
from typing import Any

import click

from ombuds.bootstrap import with_django


def _user(username: str) -> Any:
    from django.contrib.auth.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise click.ClickException(f"No user named {username!r}: create it with createuser.")
    return user


@click.group()
def token() -> None:
    """API tokens: a script sends `Authorization: Bearer KEY` and acts as the token's user,
    with that user's role."""


@token.command("create")
@click.argument("username")
@click.option("--name", required=True, help="What the token is for (e.g. 'nightly import').")
@with_django
def create_token(username: str, name: str) -> None:
    """Create a token for USERNAME and print its key (shown this once: only a hash is kept)."""
    from ombuds.core.actions import do_create_api_token
    from ombuds.core.errors import CoreError

    try:
        created, key = do_create_api_token(_user(username), name=name, acting_user=None)
    except CoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(key)
    click.echo(
        f"token {created.pk} for {username} ({created.name}): keep the key above secret; it "
        "cannot be shown again. Revoke it with `ombuds token revoke "
        f"{created.pk}`.",
        err=True,
    )


@token.command("list")
@click.argument("username", required=False)
@with_django
def list_tokens(username: str | None) -> None:
    """List the tokens (of USERNAME, or everyone's): id, start of the key, user, name, state."""
    from ombuds.core.queries import list_api_tokens

    tokens = list_api_tokens(user=_user(username) if username else None)
    for row in tokens:
        state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "active"
        click.echo(
            f"{row.pk}  {row.prefix}…  {row.user.get_username()}  {row.name}  "
            f"created {row.created_at:%Y-%m-%d %H:%M}  {state}"
        )


@token.command("revoke")
@click.argument("token_id")
@click.option("--reason", default="", help="Why: kept in the audit log.")
@with_django
def revoke_token(token_id: str, reason: str) -> None:
    """Revoke the token with id TOKEN_ID (from `ombuds token list`): refused from now on."""
    from ombuds.core.actions import do_revoke_api_token
    from ombuds.core.errors import CoreError
    from ombuds.core.models import ApiToken

    try:
        found = ApiToken.objects.filter(pk=uuid.UUID(token_id)).first()
    except ValueError:
        found = None
    if found is None:
        raise click.ClickException(
            f"No token has the id {token_id!r}: copy it from `ombuds token list`."
        )
    try:
        do_revoke_api_token(found, acting_user=None, reason=reason)
    except CoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"token {found.prefix}… of {found.user.get_username()} revoked")

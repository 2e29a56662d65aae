"""What every ``ombuds`` command shares: setting Django up once, and progress on stderr.

Kept apart from ``cli.py`` so that the apps' command modules, which ``cli.py`` imports to
register them, can use it without importing ``cli.py`` back.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def setup_django() -> None:
    """Configure Django from ombuds.settings (idempotent)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombuds.settings")
    import django

    django.setup()


def with_django(func: F) -> F:
    """Set Django up before the command runs; turn configuration errors into one clear line."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from django.core.exceptions import ImproperlyConfigured

        try:
            setup_django()
        except ImproperlyConfigured as exc:
            raise click.ClickException(str(exc)) from None
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def say(message: str) -> None:
    """Progress and notes for people: on stderr, so stdout stays machine-readable."""
    click.echo(message, err=True)

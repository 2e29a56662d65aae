"""The main navigation: one entry per domain area whose pages exist in this installation."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

AREAS = [
    ("Sources", "sources:list"),
    ("Claims", "claims:list"),
    ("Figures", "figures:list"),
    ("Registry", "registry:home"),
    ("Places", "places:home"),
    ("Appeals", "appeals:list"),
]


def _areas() -> list[tuple[str, str]]:
    found = []
    for label, name in AREAS:
        try:
            found.append((label, reverse(name)))
        except NoReverseMatch:
            continue
    return found


def navigation(request: HttpRequest) -> dict[str, object]:
    """Template context: ``nav_areas`` as (label, url) pairs."""
    return {"nav_areas": _areas()}

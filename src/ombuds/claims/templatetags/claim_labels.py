"""Template filters that show claims in words (see ``claims/labels.py``)."""

from __future__ import annotations

from typing import Any

from django import template

from ombuds.claims import labels

register = template.Library()


@register.filter
def words(code: str | None) -> str:
    return labels.words(code)


@register.filter
def words_list(codes: list[str] | None) -> str:
    """Codes as words, joined: ``["period_end", "place"]`` -> ``period end, place``."""
    return ", ".join(labels.words(code) for code in codes or [])


@register.filter
def number(value: Any) -> str:
    return labels.number(value)


@register.filter
def claim_amount(claim: Any) -> str:
    return labels.amount(claim)


@register.filter
def claim_sentence(claim: Any) -> str:
    return labels.sentence(claim)


@register.filter
def claim_period(claim: Any) -> str:
    return labels.period(claim.period_start, claim.period_end)

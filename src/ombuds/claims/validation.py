"""Checking the values a person gives a claim (a correction, a claim added by hand).

Pure checks, no writes: each bad value raises InvalidCorrection with a message saying what to
write instead.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from ombuds.claims.errors import InvalidCorrection
from ombuds.claims.models import CORRECTABLE_FIELDS, Claim
from ombuds.claims.persistence import LARGEST_VALUE

QUALIFIERS = ("exact", "approx", "at_least", "at_most")
TEXT_LIMITS = {"measure": 32, "subject": 40, "unit": 12, "cause": 32, "place": 300}


def _decimal(name: str, raw: object) -> Decimal | None:
    if raw is None or raw == "":
        if name == "value":
            raise InvalidCorrection("A claim needs a value: give the number the source states.")
        return None
    try:
        number = Decimal(str(raw).replace(",", "").strip()).quantize(Decimal("0.0001"))
    except InvalidOperation:
        raise InvalidCorrection(f"{raw!r} is not a number: write it like 1234 or 12.5.") from None
    if not number.is_finite() or abs(number) >= LARGEST_VALUE:
        raise InvalidCorrection(f"{raw!r} is out of range: give a number below 10^16.")
    return number


def _date(name: str, raw: object) -> dt.date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise InvalidCorrection(f"{name}: {raw!r} is not a date; write it as YYYY-MM-DD.") from None


def _parent(claim: Claim, raw: object) -> Claim | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, Claim):
        parent: Claim | None = raw
    else:
        try:
            key = uuid.UUID(str(raw))
        except ValueError:
            raise InvalidCorrection(
                f"{raw!r} is not a claim's id: copy the parent's id from its page."
            ) from None
        parent = Claim.objects.filter(pk=key).first()
    if parent is None or parent.source_id != claim.source_id:
        raise InvalidCorrection("The parent must be another claim of the same source.")
    ancestor: Claim | None = parent
    for _ in range(100):
        if ancestor is None:
            break
        if ancestor.pk == claim.pk:
            raise InvalidCorrection(
                "A claim cannot be a part of itself or of one of its own parts: choose another "
                "parent."
            )
        ancestor = ancestor.parent
    return parent


def clean_changes(claim: Claim, changes: dict[str, Any]) -> dict[str, Any]:
    """The corrections with each value checked; raises InvalidCorrection naming what to fix."""
    unknown = sorted(set(changes) - set(CORRECTABLE_FIELDS))
    if unknown:
        raise InvalidCorrection(
            f"{', '.join(unknown)} cannot be corrected: correct only "
            f"{', '.join(CORRECTABLE_FIELDS)}."
        )
    cleaned: dict[str, Any] = {}
    for name, raw in changes.items():
        if name in ("value", "value_max"):
            cleaned[name] = _decimal(name, raw)
        elif name in ("period_start", "period_end"):
            cleaned[name] = _date(name, raw)
        elif name == "parent":
            cleaned[name] = _parent(claim, raw)
        elif name == "qualifier":
            if raw not in QUALIFIERS:
                raise InvalidCorrection(f"{raw!r} is not a qualifier: use {', '.join(QUALIFIERS)}.")
            cleaned[name] = raw
        else:
            text = str(raw or "").strip()
            if name in ("measure", "subject", "unit") and not text:
                raise InvalidCorrection(f"The {name} cannot be empty.")
            if len(text) > TEXT_LIMITS[name]:
                raise InvalidCorrection(f"The {name} is too long: at most {TEXT_LIMITS[name]}.")
            cleaned[name] = text
    start = cleaned.get("period_start", claim.period_start)
    end = cleaned.get("period_end", claim.period_end)
    if start and end and end < start:
        raise InvalidCorrection("The period ends before it starts: swap or fix the dates.")
    value = cleaned.get("value", claim.value)
    value_max = cleaned.get("value_max", claim.value_max)
    if value_max is not None and value is not None and value_max < value:
        raise InvalidCorrection("The upper end of the range is below the value: fix either.")
    return cleaned

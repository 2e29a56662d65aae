"""Vocabularies shared by every domain app: date precision and confidentiality.

Date precision follows the HURIDOCS Events Standard Formats: an event date is stored as the
first day of what is known (a month known: its first day) with a precision saying how much of
it is true, and an "estimated" flag. ``HURIDOCS_DATE_CODE`` maps precision to the codes used on
export.
"""

from __future__ import annotations

import datetime as dt

from django.db import models


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    UNKNOWN = "unknown", "Unknown"


# HURIDOCS ESF "type of date" codes.
HURIDOCS_DATE_CODE = {
    DatePrecision.DAY: "exact",
    DatePrecision.MONTH: "month",
    DatePrecision.YEAR: "year",
    DatePrecision.UNKNOWN: "unknown",
}


class Confidentiality(models.TextChoices):
    PUBLIC = "public", "Public"
    INTERNAL = "internal", "Internal"
    RESTRICTED = "restricted", "Restricted"


def format_with_precision(value: dt.date | None, precision: str) -> str:
    """The date written only as far as it is known: 2020-09, 2020, or "unknown"."""
    if value is None or precision == DatePrecision.UNKNOWN:
        return "unknown"
    if precision == DatePrecision.YEAR:
        return f"{value:%Y}"
    if precision == DatePrecision.MONTH:
        return f"{value:%Y-%m}"
    return value.isoformat()

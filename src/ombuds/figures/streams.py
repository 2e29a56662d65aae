"""The claims as the ledger's checks read them, at any size: one group of facts at a time.

A run of the checks over a million claims cannot hold them all (a gigabyte per 200,000), so
it reads the claims twice, each time in an order the database sorts, and holds one group:

- :func:`iter_documents`: the facts of one source at a time, the sources of one group of
  copies one after the other with the representative first (what ``checks.check_documents``
  needs);
- :func:`iter_series_families`: the facts of one family at a time, every claim of one measure,
  subject, cause and unit, whatever its place and period. A family holds whole figure keys
  and whole series (a key but for its end), what ``checks.check_across`` needs, and every key
  that may count under another of them: periods that meet differ in their start, an editor's
  merge in place or period (``figures/periods.py``, ``key_actions``).
  The place is left out of the order because it is compared normalised in Python
  (``keys.normalise_place``), which no SQL expression repeats; a family is the smallest group
  the database can sort that keeps the claims of one key together.

Each fact comes with its source's confidentiality (read from the claim's own copy of it, no
join), from which a finding's ``levels`` follow. Within a group the facts are in the order the
claims are read everywhere else (source, then place in its text), so that ties are broken
alike.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Iterator, Sequence
from itertools import groupby
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Case, CharField, DecimalField, F, OrderBy, Value, When
from django.db.models.functions import Cast, Coalesce
from django.db.models.sql.constants import MULTI
from django.utils.dateparse import parse_date, parse_datetime

from ombuds.claims.models import REVIEWED_STATES, Claim, ClaimStatus
from ombuds.figures.checks import ClaimFact
from ombuds.figures.keys import FigureKey, gazetteer_ref

# Ids are read as text: UUID objects made of a million rows' five ids and turned back into
# text took a tenth of a run.
_ID_COLUMNS = ("id", "source_id", "parent_id", "linked_unit_id", "linked_place_id")
FACT_COLUMNS = (
    "id", "source_id", "source__title", "source__filename", "source__publisher",
    "source__author", "source__published", "measure", "subject", "value", "value_max",
    "unit", "qualifier", "period_start", "period_end", "cause", "place", "parent_id", "quote",
    "created_at", "ordinal", "status", "confidentiality", "linked_unit_id",
    "linked_place_id", "linked_unit__name", "linked_place__name",
)  # fmt: skip
READ_ORDER = ("source_id", "span_start", "ordinal")
# The sources of one group of copies together (a copy's group is the source it is a copy of),
# the representative (a copy of none) first.
DOCUMENT_ORDER: tuple[Any, ...] = (
    Coalesce("source__copy_of_id", "source_id"),
    F("source__copy_of_id").asc(nulls_first=True),
    *READ_ORDER,
)
# ``FigureKey.of`` reads no unit as a count.
_UNIT = Case(When(unit="", then=Value("count")), default=F("unit"))
FAMILY_ORDER: tuple[Any, ...] = ("measure", "subject", "cause", _UNIT, *READ_ORDER)

Family = tuple[str, str, str, str]


def iter_facts(
    order_by: Sequence[str | OrderBy | Any] = READ_ORDER, *, chunk_size: int = 5000
) -> Iterator[tuple[ClaimFact, str]]:
    """Every claim not rejected as a ClaimFact for the checks, with its source's
    confidentiality, in ``order_by``; read in chunks as the driver's rows, never held all at
    once. Neither model instances (they would double the time of a run over a million
    claims) nor Django's converters of each value of each row (a tenth of a run): the few
    values that need it are converted here (:func:`_converters`)."""
    columns = [
        Cast(name, output_field=CharField()) if name in _ID_COLUMNS else name
        for name in FACT_COLUMNS
    ]
    rows = (
        Claim.objects.exclude(status=ClaimStatus.REJECTED).order_by(*order_by).values_list(*columns)
    )
    query = rows.query
    number, date, moment = _converters()
    compiler = query.get_compiler(using=rows.db)
    # The rows a chunk at a time, as ``QuerySet.iterator`` reads them (a server-side cursor
    # where the database has one), without the per-value converters of ``results_iter``; the
    # columns in the order of ``values_list`` (Django 5.2 selects them so).
    for chunk in compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=chunk_size):
        for raw in chunk:
            (pk, source_id, title, filename, publisher, author, published, measure, subject,
             value, value_max, unit, qualifier, start, end, cause, place_text, parent_id,
             quote, created_at, ordinal, status, confidentiality, unit_id, place_id,
             unit_name, place_name) = raw  # fmt: skip
            fact = ClaimFact.build(
                claim_id=_uuid_text(pk),
                source_id=_uuid_text(source_id),
                source_title=title or filename,
                publisher=publisher or author,
                published=date(published),
                measure=measure,
                subject=subject,
                value=number(value),
                value_max=number(value_max) if value_max is not None else None,
                unit=unit,
                qualifier=qualifier,
                period_start=date(start),
                period_end=date(end),
                cause=cause,
                place=place_text,
                parent_id=_uuid_text(parent_id) if parent_id else None,
                quote=quote,
                stored_at=moment(created_at),
                ordinal=ordinal,
                reviewed=status in REVIEWED_STATES,
                place_ref=gazetteer_ref(
                    unit_id=unit_id and _uuid_text(unit_id),
                    place_id=place_id and _uuid_text(place_id),
                ),
                place_name=unit_name or place_name or "",
            )
            yield fact, confidentiality


# Within this many, an integer is read exactly as SQLite's decimal converter reads it.
_EXACT = 10**15


def _converters() -> tuple[
    Callable[[Any], float], Callable[[Any], dt.date | None], Callable[[Any], dt.datetime | None]
]:
    """How a claim's value, a date and a time as the driver reads them become what Django's
    converters would give (the value then as a float), at the cost of a type test for what
    the driver reads as it is: PostgreSQL's decimals, dates and aware times, and SQLite's
    integers (a count) and dates (Django has SQLite parse declared types).

    SQLite keeps a decimal as an integer or a float of 15 significant digits: a float is
    rounded and quantised as Django's converter does, so that the checks see the same value
    on either path."""
    field = Claim._meta.get_field("value")
    assert isinstance(field, DecimalField)
    to_decimal = decimal.Context(prec=15).create_decimal_from_float
    quantum = decimal.Decimal(1).scaleb(-int(field.decimal_places or 0))
    context = field.context
    naive_zone = connection.timezone if settings.USE_TZ else None

    def number(value: Any) -> float:
        if type(value) is int and -_EXACT < value < _EXACT:
            return float(value)
        if isinstance(value, float | int):
            return float(to_decimal(value).quantize(quantum, context=context))
        return float(value)

    def date(value: Any) -> dt.date | None:
        return parse_date(value) if isinstance(value, str) else value

    def moment(value: Any) -> dt.datetime | None:
        when: dt.datetime | None = parse_datetime(value) if isinstance(value, str) else value
        if naive_zone is not None and when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=naive_zone)  # what ``timezone.make_aware`` does
        return when

    return number, date, moment


def _uuid_text(value: str) -> str:
    """A UUID read as text, as ``str(uuid)`` writes it: SQLite keeps 32 hex digits, PostgreSQL
    gives the hyphenated form already."""
    if len(value) != 32:
        return value
    return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"


def iter_documents(*, chunk_size: int = 5000) -> Iterator[tuple[list[ClaimFact], str]]:
    """The facts of each source with its confidentiality, one source at a time; the sources of
    one group of copies one after the other, the representative first."""
    rows = iter_facts(DOCUMENT_ORDER, chunk_size=chunk_size)
    for _source, group in groupby(rows, key=lambda row: row[0].source_id):
        members = list(group)
        yield [fact for fact, _level in members], members[0][1]


def family(key: FigureKey) -> Family:
    """What the keys of one family share: the key but for the place and the period."""
    return (key.measure, key.subject, key.cause, key.unit)


def family_of(fact: ClaimFact) -> Family:
    """The family of a fact's own key."""
    return family(fact.key)


def iter_series_families(
    *, chunk_size: int = 5000
) -> Iterator[tuple[list[ClaimFact], dict[str, str]]]:
    """The facts of each family (see the module's docstring), one family at a time, with the
    confidentiality of each of their sources (source id -> level)."""
    rows = iter_facts(FAMILY_ORDER, chunk_size=chunk_size)
    for _family, group in groupby(rows, key=lambda row: family_of(row[0])):
        facts: list[ClaimFact] = []
        levels: dict[str, str] = {}
        for fact, level in group:
            facts.append(fact)
            levels[fact.source_id] = level
        yield facts, levels

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

from collections.abc import Iterator, Sequence
from itertools import groupby
from typing import Any

from django.db.models import Case, CharField, F, OrderBy, Value, When
from django.db.models.functions import Cast, Coalesce

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
    confidentiality, in ``order_by``; read in chunks as plain rows (model instances would
    double the time of a run over a million claims), never held all at once."""
    columns = [
        Cast(name, output_field=CharField()) if name in _ID_COLUMNS else name
        for name in FACT_COLUMNS
    ]
    rows = (
        Claim.objects.exclude(status=ClaimStatus.REJECTED).order_by(*order_by).values_list(*columns)
    )
    for row in rows.iterator(chunk_size=chunk_size):
        (pk, source_id, title, filename, publisher, author, published, measure, subject, value,
         value_max, unit, qualifier, start, end, cause, place, parent_id, quote, created_at,
         ordinal, status, confidentiality, unit_id, place_id, unit_name, place_name) = row  # fmt: skip
        fact = ClaimFact.build(
            claim_id=_uuid_text(pk),
            source_id=_uuid_text(source_id),
            source_title=title or filename,
            publisher=publisher or author,
            published=published,
            measure=measure,
            subject=subject,
            value=float(value),
            value_max=float(value_max) if value_max is not None else None,
            unit=unit,
            qualifier=qualifier,
            period_start=start,
            period_end=end,
            cause=cause,
            place=place,
            parent_id=_uuid_text(parent_id) if parent_id else None,
            quote=quote,
            stored_at=created_at,
            ordinal=ordinal,
            reviewed=status in REVIEWED_STATES,
            place_ref=gazetteer_ref(
                unit_id=unit_id and _uuid_text(unit_id), place_id=place_id and _uuid_text(place_id)
            ),
            place_name=unit_name or place_name or "",
        )
        yield fact, confidentiality


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

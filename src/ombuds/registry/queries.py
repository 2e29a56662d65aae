"""Reads of the registry: filtered lists with keyset pages, name search, breakdowns, tables.

List pages use keyset (seek) pagination on (created_at, id) through composite indexes that
start with the filtered column, so a deep page with a filter costs what the first page costs,
with a million rows or ten. Breakdowns and aggregate tables read ``CasualtySummary``.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from ombuds.core.counting import count_cells
from ombuds.core.vocabularies import Confidentiality
from ombuds.registry.errors import RecordNotFound
from ombuds.registry.models import (
    RECORD_MODELS,
    RESTRICTED_RECORDS,
    Casualty,
    CasualtySummary,
    Person,
    RecordBase,
    consenting,
)
from ombuds.registry.transliteration import name_words
from ombuds.registry.vocabularies import CONSENT_ORDER, Outcome

PAGE_SIZE = 50
# Filters each list accepts: query parameter -> model field.
FILTERS: dict[str, tuple[str, ...]] = {
    "persons": ("sex", "nationality", "synthetic"),
    "incidents": ("incident_type", "date_precision", "synthetic"),
    "casualties": ("outcome", "status", "cause", "year", "age_group", "sex", "synthetic"),
    "missing": ("status", "status_group", "circumstances", "synthetic"),
    "damage": ("object_type", "grade", "synthetic"),
    "displacement": ("synthetic",),
}


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    next_cursor: str
    first: bool
    newest_first: bool


def _encode(created_at: dt.datetime, pk: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(f"{created_at.isoformat()}|{pk}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[dt.datetime, uuid.UUID] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, pk = raw.split("|")
        moment = dt.datetime.fromisoformat(when)
        return (moment, uuid.UUID(pk)) if moment.tzinfo else None
    except (ValueError, UnicodeDecodeError):
        return None


def keyset_page(
    queryset: QuerySet[Any], *, cursor: str = "", newest_first: bool = True, size: int = PAGE_SIZE
) -> Page:
    """One page after ``cursor`` (a damaged cursor gives page 1), newest or oldest first."""
    size = max(1, min(size, 500))
    after = _decode(cursor)
    if newest_first:
        ordered = queryset.order_by("-created_at", "-id")
        if after:
            # The first term bounds an index range; the second breaks ties on the same time.
            ordered = ordered.filter(
                Q(created_at__lte=after[0]) & (Q(created_at__lt=after[0]) | Q(id__lt=after[1]))
            )
    else:
        ordered = queryset.order_by("created_at", "id")
        if after:
            ordered = ordered.filter(
                Q(created_at__gte=after[0]) & (Q(created_at__gt=after[0]) | Q(id__gt=after[1]))
            )
    rows = list(ordered[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    cursor_out = _encode(rows[-1].created_at, rows[-1].pk) if more and rows else ""
    return Page(rows=rows, next_cursor=cursor_out, first=after is None, newest_first=newest_first)


def filtered_records(kind: str, filters: Mapping[str, Any], *, user: Any) -> QuerySet[Any]:
    """The records of one kind ``user`` may see matching the filters (unknown ones ignored).

    ``user`` None is the command line's operator, who sees what the case team sees.
    """
    model = RECORD_MODELS[kind]
    qs: QuerySet[Any] = visible_records(model, user)
    for name in FILTERS[kind]:
        value = filters.get(name)
        if value not in (None, ""):
            qs = qs.filter(**{name: value})
    if kind == "persons" and filters.get("name"):
        qs = qs.filter(pk__in=person_ids_matching(str(filters["name"])))
    if kind == "casualties":
        qs = qs.select_related("incident")
    return qs


def person_ids_matching(text: str) -> QuerySet[Any]:
    """Ids of persons with names holding every word of ``text``, in any script or spelling.

    Each word is looked up through the (word, person) index of PersonNameWord.
    """
    from ombuds.registry.models import PersonNameWord

    words = name_words(text)
    if not words:
        return Person.objects.none().values("pk")
    people = Person.objects.all()
    for word in words:
        people = people.filter(pk__in=PersonNameWord.objects.filter(word=word).values("person_id"))
    return people.values("pk")


def visible_records(model: type[RecordBase], user: Any) -> QuerySet[Any]:
    """Every record of ``model`` the user may open (all of them for the command line)."""
    manager: Any = model._default_manager
    records: QuerySet[Any] = manager.all() if user is None else manager.visible_to(user)
    return records


def list_records(
    kind: str,
    *,
    filters: Mapping[str, Any],
    user: Any,
    cursor: str = "",
    newest_first: bool = True,
) -> Page:
    """One keyset page of the records of ``kind`` that ``user`` may see matching ``filters``."""
    qs = filtered_records(kind, filters, user=user).select_related("source_list")
    if kind == "persons":
        qs = qs.prefetch_related("names")
    return keyset_page(qs, cursor=cursor, newest_first=newest_first)


def get_record(kind: str, pk: Any, *, user: Any) -> Any:
    """The record of ``kind`` with primary key ``pk`` if ``user`` may see it; RecordNotFound
    when there is none (a record hidden from the user is answered the same way)."""
    model = RECORD_MODELS[kind]
    try:
        return visible_records(model, user).get(pk=uuid.UUID(str(pk)))
    except (ValueError, model.DoesNotExist):
        raise RecordNotFound(f"No {kind} record {pk}: it may have been deleted.") from None


def record_counts(*, user: Any) -> dict[str, int]:
    """How many records of each kind ``user`` may see (persons, incidents, casualties ...): the
    count of ``visible_records``, read in one query of the counts the database keeps
    (``core.RowCount``, per confidentiality and consent scope)."""
    cells = count_cells(*RECORD_MODELS.values())
    every = user is None or user.has_perm(RESTRICTED_RECORDS)
    return {
        kind: sum(
            n
            for (level, _scope), n in cells[model].items()
            if every or level != Confidentiality.RESTRICTED
        )
        for kind, model in RECORD_MODELS.items()
    }


def audience_of(user: Any) -> str | None:
    """Whom aggregates shown to ``user`` may reach: None (every record) for the case team and
    the command line, else "office" (restricted records without the office's consent left out)."""
    if user is None or user.has_perm(RESTRICTED_RECORDS):
        return None
    return "office"


def _hidden_casualties(audience: str | None) -> QuerySet[Any]:
    if audience is None or not _any_hidden(audience):
        return Casualty.objects.none()
    return Casualty.objects.hidden_from(audience)


def _any_hidden(audience: str) -> bool:
    """Whether some casualty is hidden from ``audience``, answered by the counts the database
    keeps (the table itself is searched for them only when there are some)."""
    reach = consenting(audience)
    return any(
        level == Confidentiality.RESTRICTED and scope not in reach
        for level, scope in count_cells(Casualty)[Casualty]
    )


def _subtract(rows: list[dict[str, Any]], hidden: list[dict[str, Any]], keys: tuple[str, ...]
              ) -> list[dict[str, Any]]:  # fmt: skip
    if not hidden:
        return rows
    less = {tuple(h[k] for k in keys): h for h in hidden}
    out = []
    for row in rows:
        gone = less.get(tuple(row[k] for k in keys))
        if gone:
            row = {**row, "people": row["people"] - gone["people"]}
            if "records" in row:
                row["records"] -= gone["records"]
        if row["people"] > 0 or row.get("records", 0) > 0:
            out.append(row)
    return out


def casualty_breakdown(
    *,
    cause: str | None = None,
    outcomes: Iterable[str] = (Outcome.KILLED, Outcome.INJURED),
    audience: str | None = None,
) -> list[dict[str, Any]]:
    """People by year x status x age group x sex x outcome (for one cause, or all).

    Read from the summary table, which the actions keep exact; each row has ``year`` (None
    when unknown), ``status``, ``age_group``, ``sex``, ``outcome``, ``people`` and ``records``.
    With an ``audience``, restricted casualties whose consent does not reach it are left out.
    """
    outcomes = list(outcomes)
    rows = _summary_breakdown(cause=cause, outcomes=outcomes)
    hidden = _hidden_casualties(audience)
    if hidden.exists():
        less = casualty_breakdown_from_records(cause=cause, outcomes=outcomes, within=hidden)
        keys = ("year", "status", "age_group", "sex", "outcome")
        rows = _subtract(rows, [{**h, "year": h["year"] or None} for h in less], keys)
    return rows


def _summary_breakdown(*, cause: str | None, outcomes: list[str]) -> list[dict[str, Any]]:
    qs = CasualtySummary.objects.filter(outcome__in=list(outcomes))
    if cause is not None:
        qs = qs.filter(cause=cause)
    rows = (
        qs.values("year", "status", "age_group", "sex", "outcome")
        .order_by("year", "status", "age_group", "sex", "outcome")
        .annotate(people=Sum("people"), records=Sum("records"))
    )
    return [{**row, "year": row["year"] or None} for row in rows]


def casualty_breakdown_from_records(
    *,
    cause: str | None = None,
    outcomes: Iterable[str] = (Outcome.KILLED, Outcome.INJURED),
    within: QuerySet[Any] | None = None,
) -> list[dict[str, Any]]:
    """The same breakdown computed from the casualty rows themselves (the check of the above)."""
    qs = (Casualty.objects.all() if within is None else within).filter(outcome__in=list(outcomes))
    if cause is not None:
        qs = qs.filter(cause=cause)
    rows = (
        qs.values("year", "status", "age_group", "sex", "outcome")
        .order_by("year", "status", "age_group", "sex", "outcome")
        .annotate(people=Sum("count"), records=Count("id"))
    )
    return [dict(row) for row in rows]


def summary_cells(*, outcome: str, audience: str | None = None) -> list[dict[str, Any]]:
    """Every non-empty summary cell of one outcome, cause included, ordered by year and cause;
    with an ``audience``, restricted casualties whose consent does not reach it left out."""
    rows = [
        dict(row)
        for row in CasualtySummary.objects.filter(outcome=outcome, people__gt=0)
        .values("year", "status", "age_group", "sex", "cause", "people")
        .order_by("year", "cause", "status", "age_group", "sex")
    ]
    hidden = _hidden_casualties(audience).filter(outcome=outcome)
    if hidden.exists():
        less = (
            hidden.values("year", "status", "age_group", "sex", "cause")
            .order_by()
            .annotate(people=Sum("count"))
        )
        keys = ("year", "status", "age_group", "sex", "cause")
        rows = _subtract(rows, [{**h, "year": h["year"] or 0} for h in less], keys)
    return rows


def suppress(value: int, *, threshold: int | None = None) -> int | str:
    """A count for a public table: values from 1 below the threshold become "<threshold"."""
    limit = settings.OMBUDS_SUPPRESS_BELOW if threshold is None else threshold
    return f"<{limit}" if 0 < value < limit else value


def exportable(queryset: QuerySet[Any], *, audience: str) -> QuerySet[Any]:
    """Records that may go to ``audience`` (office, partners, public).

    A restricted record goes only where its consent scope reaches; a public export holds
    public records only.
    """
    allowed = CONSENT_ORDER[CONSENT_ORDER.index(audience) :] if audience in CONSENT_ORDER else []
    qs = queryset.filter(
        ~Q(confidentiality=Confidentiality.RESTRICTED) | Q(consent_scope__in=allowed)
    )
    if audience == "public":
        qs = qs.filter(confidentiality=Confidentiality.PUBLIC)
    return qs


def record_kind_of(instance: RecordBase) -> str:
    return next(k for k, m in RECORD_MODELS.items() if isinstance(instance, m))

"""Reads about lists and people: the lists with their counts, and the overlap of the lists.

The overlap table counts people, not records: a person is a cluster of person records
(``Person.cluster``; a record alone is its own cluster). A person is in a stratum when any of
their records is (a casualty or missing-person case matching the period, place and victim
group, and the sex), and is counted on every chosen list that holds one of their records.
Counts follow the aggregate rule of the registry: for users outside the case team, restricted
records without the office's consent are left out (``queries.audience_of``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from ombuds.core.vocabularies import format_with_precision
from ombuds.registry.errors import RecordNotFound
from ombuds.registry.estimation import EstimationError
from ombuds.registry.estimation.tables import MAX_LISTS, OverlapTable
from ombuds.registry.estimation.wording import Estimates
from ombuds.registry.models import (
    Casualty,
    MissingPersonCase,
    Person,
    SavedEstimate,
    SourceList,
)
from ombuds.registry.queries import audience_of

EVENTS = {
    "any": "any record",
    "killed": "killed",
    "injured": "injured",
    "missing": "missing",
}


@dataclass(frozen=True)
class ListRow:
    source_list: SourceList
    persons: int

    @property
    def date_text(self) -> str:
        return format_with_precision(self.source_list.date, self.source_list.date_precision)


def list_source_lists(*, user: Any) -> list[ListRow]:
    """Every list ``user`` may see, with how many person records of it they may count."""
    persons = _persons(user)
    counts = dict(
        persons.values("source_list").annotate(n=Count("id")).values_list("source_list", "n")
    )
    lists = SourceList.objects.all() if user is None else SourceList.objects.visible_to(user)
    return [ListRow(item, counts.get(item.pk, 0)) for item in lists]


def get_list_by_slug(slug: str, *, user: Any) -> SourceList:
    """The list with short name ``slug`` that ``user`` may see; RecordNotFound otherwise."""
    lists = SourceList.objects.all() if user is None else SourceList.objects.visible_to(user)
    found = lists.filter(slug=slug).first()
    if found is None:
        known = ", ".join(lists.values_list("slug", flat=True)) or "none yet"
        raise RecordNotFound(f"No list {slug!r}: the lists are {known} (`ombuds lists show`).")
    return found


def get_persons_by_external_id(external_ids: Iterable[str]) -> list[Person]:
    """The person records with these external ids, in the order given; RecordNotFound naming
    those that are not recorded."""
    ids = list(dict.fromkeys(external_ids))
    found = {p.external_id: p for p in Person.objects.filter(external_id__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise RecordNotFound(f"No person record {', '.join(missing)}: check the external ids.")
    return [found[i] for i in ids]


def _persons(user: Any) -> QuerySet[Person]:
    audience = audience_of(user)
    persons = Person.objects.all()
    if audience is not None:
        persons = persons.exclude(pk__in=Person.objects.hidden_from(audience).values("pk"))
    return persons


@dataclass(frozen=True)
class Stratum:
    """Whom an estimate is about: people with a record of ``event`` in the period, the place
    and the victim group, of the sex, on ``lists`` (short names; empty: every list that holds
    someone of the stratum)."""

    lists: tuple[str, ...] = ()
    event: str = "any"
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    place: str = ""
    group: str = ""
    sex: str = ""

    def as_json(self) -> dict[str, Any]:
        """The stratum as JSON-safe data (dates as ISO text), as a saved estimate keeps it."""
        return {
            "lists": list(self.lists),
            "event": self.event,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "place": self.place,
            "group": self.group,
            "sex": self.sex,
        }

    def describe(self) -> str:
        """The stratum in plain words."""
        parts = [f"people {EVENTS.get(self.event, self.event)}" if self.event != "any"
                 else "people with any record"]  # fmt: skip
        if self.date_from and self.date_to:
            parts.append(f"from {self.date_from.isoformat()} to {self.date_to.isoformat()}")
        elif self.date_from:
            parts.append(f"from {self.date_from.isoformat()}")
        elif self.date_to:
            parts.append(f"until {self.date_to.isoformat()}")
        if self.place:
            parts.append(f"at a place named like {self.place!r}")
        if self.group:
            parts.append(f"{self.group} victims")
        if self.sex:
            parts.append(f"sex {self.sex}")
        return ", ".join(parts)

    def _filters_events(self) -> bool:
        return bool(
            self.event != "any" or self.date_from or self.date_to or self.place or self.group
        )

    def casualty_filter(self) -> Q:
        q = Q()
        if self.event in ("killed", "injured"):
            q &= Q(outcome=self.event)
        if self.date_from:
            q &= Q(incident__date__gte=self.date_from)
        if self.date_to:
            q &= Q(incident__date__lte=self.date_to)
        if self.place:
            q &= Q(incident__place__icontains=self.place)
        if self.group:
            q &= Q(status=self.group)
        return q

    def missing_filter(self) -> Q:
        q = Q()
        if self.date_from:
            q &= Q(date_last_seen__gte=self.date_from)
        if self.date_to:
            q &= Q(date_last_seen__lte=self.date_to)
        if self.place:
            q &= Q(place_last_seen__icontains=self.place)
        if self.group:
            q &= Q(status_group=self.group)
        return q


def overlap_table(stratum: Stratum, *, user: Any) -> OverlapTable:
    """The overlap table of the stratum's lists over people (clusters of person records).

    EstimationError when a named list is unknown or the stratum has fewer than two lists."""
    lists = SourceList.objects.all() if user is None else SourceList.objects.visible_to(user)
    if stratum.lists:
        by_slug = {item.slug: item for item in lists.filter(slug__in=stratum.lists)}
        unknown = [s for s in stratum.lists if s not in by_slug]
        if unknown:
            raise EstimationError(
                f"No list {', '.join(unknown)}: choose among "
                f"{', '.join(lists.values_list('slug', flat=True))}."
            )
        chosen = [by_slug[s] for s in stratum.lists]
    else:
        chosen = list(lists)
    persons = _persons(user).filter(source_list__in=chosen)
    if stratum.sex:
        persons = persons.filter(sex=stratum.sex)
    persons = persons.annotate(person_key=Coalesce("cluster", "id"))
    if stratum._filters_events():
        casualty = Casualty.objects.filter(stratum.casualty_filter(), person=OuterRef("pk"))
        matches: Any = Exists(casualty)
        if stratum.event in ("any", "missing"):
            missing = MissingPersonCase.objects.filter(
                stratum.missing_filter(), person=OuterRef("pk")
            )
            matches = Exists(missing) if stratum.event == "missing" else matches | Exists(missing)
        rows: Any = persons.annotate(in_stratum=matches).values_list(
            "person_key", "source_list", "in_stratum"
        )
    else:
        rows = persons.values_list("person_key", "source_list")
    position = {item.pk: i for i, item in enumerate(chosen)}
    on: dict[Any, set[int]] = {}
    inside: set[Any] = set()
    for row in rows.iterator(chunk_size=20_000):
        key = row[0]
        on.setdefault(key, set()).add(position[row[1]])
        if len(row) == 2 or row[2]:
            inside.add(key)
    memberships = [on[key] for key in inside]
    if not stratum.lists:
        used = sorted({i for m in memberships for i in m})
        if len(used) > MAX_LISTS:
            raise EstimationError(
                f"{len(used)} lists hold people of this stratum: name at most {MAX_LISTS}."
            )
        remap = {old: new for new, old in enumerate(used)}
        chosen = [chosen[i] for i in used]
        memberships = [{remap[i] for i in m} for m in memberships]
    return OverlapTable.from_memberships([item.slug for item in chosen], memberships)


def estimate_stratum(
    stratum: Stratum,
    *,
    user: Any,
    loglinear: bool = True,
    lcmcr: bool = True,
    model: str = "",
    seed: int = 1,
) -> Estimates:
    """The overlap table of the stratum and the estimates asked for; a method that cannot be
    applied to the table is named in ``problems`` with the reason. EstimationError when the
    table gives no estimate at all (a list holds nobody, no person is on two lists)."""
    from ombuds.registry.estimation import lcmcr as lcmcr_model
    from ombuds.registry.estimation import loglinear as loglinear_model

    table = overlap_table(stratum, user=user)
    table.check_estimable()
    problems: list[str] = []
    ll = lc = None
    if loglinear:
        try:
            ll = loglinear_model.estimate(table, model=model or None)
        except EstimationError as exc:
            problems.append(f"Log-linear models: {exc}")
    if lcmcr:
        try:
            lc = lcmcr_model.sample(table, lcmcr_model.LcmcrSettings(seed=seed))
        except EstimationError as exc:
            problems.append(f"Latent-class model: {exc}")
    return Estimates(table=table, loglinear=ll, lcmcr=lc, problems=tuple(problems))


def review_queue(run: Any = None) -> Any:
    """The latest run's pairs that no one has decided and that are not one person already,
    the most uncertain first (probability nearest one half)."""
    from django.db.models import F, Func

    from ombuds.registry.models import CandidatePair, LinkRun, PairDecision

    run = run or LinkRun.objects.order_by("-number").first()
    if run is None:
        return CandidatePair.objects.none()
    decided = PairDecision.objects.filter(left=OuterRef("left"), right=OuterRef("right"))
    return (
        CandidatePair.objects.filter(run=run)
        .exclude(Exists(decided))
        .exclude(Q(left__cluster__isnull=False) & Q(left__cluster=F("right__cluster")))
        .annotate(uncertainty=Func(F("probability") - 0.5, function="ABS"))
        .order_by("uncertainty", "id")
        .select_related("left", "right", "left__source_list", "right__source_list")
    )


def get_saved_estimate_by_number(number: int) -> SavedEstimate | None:
    """The estimate kept under ``number`` (what ``{{estimate N}}`` in an appeal cites)."""
    return SavedEstimate.objects.filter(number=number).first()


def list_saved_estimates(*, limit: int = 50) -> list[SavedEstimate]:
    """The latest estimates kept for appeals, newest first. They hold counts only, made as
    anyone outside the case team sees the registry, so every role may read them."""
    return list(SavedEstimate.objects.order_by("-number")[:limit])


# Kept estimates a search reads, newest first: an office keeps tens or hundreds.
ESTIMATE_SCAN = 2000


def search_saved_estimates(words: str, *, limit: int = 5) -> list[SavedEstimate]:
    """Kept estimates whose every word is in what they are: their number, method (code or
    words: "lcmcr", "log-linear"), model, the stratum (in words and as kept: event, period,
    place, group, sex), the lists (short name, name, publisher, date) or their counts (the
    estimate, its interval, the people observed); newest first. A word of digits matches a
    whole number ("3" is estimate 3, not 2023 nor the model [12,3]). Empty words find none. Reads the
    ESTIMATE_SCAN newest in one query; like ``list_saved_estimates``, every role may read them.
    """
    wanted = [w.casefold() for w in words.replace(",", " ").split() if w.strip()]
    if not wanted:
        return []
    found = []
    for saved in SavedEstimate.objects.order_by("-number")[:ESTIMATE_SCAN]:
        text = _estimate_text(saved)
        # Whole numbers, the model's terms left out ("[12,3]" is no estimate 3).
        numbers = text.replace(saved.model.casefold(), " ") if saved.model else text
        tokens = set(re.split(r"[^\w]+", numbers))
        if all(w in tokens if w.isdigit() else (w in text or w.rstrip("s") in text)
               for w in wanted):  # fmt: skip
            found.append(saved)
            if len(found) >= limit:
                break
    return found


def _estimate_text(saved: SavedEstimate) -> str:
    """What a kept estimate is, in one case-folded text for the search."""
    counts = (saved.number, saved.estimate, saved.lower, saved.upper, saved.observed)
    parts = [
        "estimate estimated multiple systems estimation",
        *(str(n) for n in counts if n is not None),
        saved.method,
        saved.get_method_display(),
        saved.model,
        saved.description,
        *(str(value) for value in saved.stratum.values() if value and not isinstance(value, list)),
        *(str(value) for item in saved.lists for value in item.values() if value),
    ]
    return " ".join(parts).casefold().replace("_", " ")

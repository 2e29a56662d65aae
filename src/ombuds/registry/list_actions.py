"""Writes about lists and people: the lists records come from, which records are one person,
and the estimates kept for appeals to cite.

A person is a cluster of person records (``Person.cluster``): merging records gives them one
cluster id, separating a record gives it none again (a record alone is its own cluster). Each
write is atomic with its audit rows; a merge or separation writes one row per record it
changes, since each is a decision about that record that its history shows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.registry.errors import RecordInvalid
from ombuds.registry.list_queries import Stratum
from ombuds.registry.models import (
    OFFICE_LIST_SLUG,
    EstimateMethod,
    Person,
    SavedEstimate,
    SourceList,
)

LIST_FIELDS = ("name", "slug", "publisher", "date", "date_precision", "confidentiality",
               "description")  # fmt: skip


def office_list(*, acting_user: Actor = None) -> SourceList:
    """The "Office cases" list, where records without another list go; created (audited) when a
    database emptied after its migrations lacks it."""
    found = SourceList.objects.filter(slug=OFFICE_LIST_SLUG).first()
    if found is not None:
        return found
    return do_save_list(
        SourceList(),
        values={
            "name": "Office cases",
            "slug": OFFICE_LIST_SLUG,
            "publisher": "the office",
            "description": "The office's own case records.",
        },
        acting_user=acting_user,
    )


def do_save_list(
    source_list: SourceList, *, values: Mapping[str, Any], acting_user: Actor
) -> SourceList:
    """Create (unsaved ``source_list``) or change a list, with one audit row.

    RecordInvalid says what to correct when a value breaks a rule (a name or short name that
    another list has, a short name with spaces).
    """
    from django.core.exceptions import ValidationError

    creating = source_list._state.adding
    unknown = sorted(set(values) - set(LIST_FIELDS))
    if unknown:
        raise RecordInvalid(f"A list has no field {', '.join(unknown)}.")
    with transaction.atomic():
        before = None if creating else audit.snapshot(SourceList.objects.get(pk=source_list.pk))
        for name, value in values.items():
            setattr(source_list, name, value)
        try:
            source_list.full_clean()
        except ValidationError as exc:
            problems = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()
            )
            raise RecordInvalid(
                f"The list was not saved. Correct these values: {problems}"
            ) from None
        try:
            with transaction.atomic():
                source_list.save()
        except IntegrityError:
            raise RecordInvalid(
                "Another list has this name or short name: choose another."
            ) from None
        audit.record(
            actor=acting_user,
            action="create_sourcelist" if creating else "change_sourcelist",
            instance=source_list,
            before=before,
            after=audit.snapshot(source_list),
        )
    return source_list


def cluster_members(person: Person) -> list[Person]:
    """Every record of the person ``person`` is a record of (itself alone when unlinked)."""
    if person.cluster is None:
        return [person]
    return list(Person.objects.filter(cluster=person.cluster).order_by("created_at", "id"))


def do_merge_persons(
    persons: Iterable[Person], *, acting_user: Actor, reason: str = ""
) -> uuid.UUID:
    """Record that ``persons`` (two or more records) are one person: they and every record
    already linked to any of them share one cluster id, which is returned. One audit row per
    record whose cluster changes; RecordInvalid for fewer than two distinct records."""
    chosen = {p.pk: p for p in persons}
    if len(chosen) < 2:
        raise RecordInvalid("Choose at least two person records to merge.")
    with transaction.atomic():
        clusters = {p.cluster for p in Person.objects.filter(pk__in=chosen) if p.cluster}
        members = list(
            Person.objects.select_for_update().filter(Q(pk__in=chosen) | Q(cluster__in=clusters))
        )
        # The oldest cluster id keeps its name, so links made before stay under it.
        target = min(clusters, key=str) if clusters else uuid.uuid4()
        changed = [p for p in members if p.cluster != target]
        rows = [
            (p, {"cluster": [str(p.cluster) if p.cluster else None, str(target)]}) for p in changed
        ]
        Person.objects.filter(pk__in=[p.pk for p in changed]).update(cluster=target)
        for person in changed:
            person.cluster = target
        audit.record_batch(
            actor=acting_user,
            action="merge_person",
            rows=rows,
            reason=reason or f"{len(members)} records are one person",
        )
    return target


def do_separate_person(person: Person, *, acting_user: Actor, reason: str = "") -> None:
    """Take ``person`` out of its cluster: it becomes a person alone; a cluster left with one
    record is dissolved too. One audit row per record whose cluster changes."""
    if person.cluster is None:
        raise RecordInvalid("This record is not linked to any other: there is nothing to undo.")
    with transaction.atomic():
        old = person.cluster
        members = list(Person.objects.select_for_update().filter(cluster=old))
        rest = [p for p in members if p.pk != person.pk]
        changed = [p for p in members if p.pk == person.pk or len(rest) == 1]
        Person.objects.filter(pk__in=[p.pk for p in changed]).update(cluster=None)
        for member in changed:
            member.cluster = None
        person.cluster = None
        audit.record_batch(
            actor=acting_user,
            action="separate_person",
            rows=[(p, {"cluster": [str(old), None]}) for p in changed],
            reason=reason or "not the same person",
        )


def do_save_estimate(
    stratum: Stratum,
    *,
    method: str,
    acting_user: Actor,
    model: str = "",
    seed: int = 1,
) -> SavedEstimate:
    """Estimate ``stratum`` by ``method`` ("loglinear": the lowest-BIC model, or ``model``
    when named; "lcmcr") and keep the result, numbered, so that appeals can cite it; one
    audit row. The estimate is made as anyone outside the case team sees the registry:
    restricted lists and restricted records without the office's consent are left out.
    RecordInvalid says what to change when a named list is restricted or the table gives no
    estimate by that method."""
    from django.contrib.auth.models import AnonymousUser, User

    from ombuds.core.vocabularies import Confidentiality
    from ombuds.registry.estimation import EstimationError
    from ombuds.registry.list_queries import estimate_stratum

    if method not in EstimateMethod.values:
        raise RecordInvalid(f"No method {method!r}: choose loglinear or lcmcr.")
    restricted = list(
        SourceList.objects.filter(
            slug__in=stratum.lists, confidentiality=Confidentiality.RESTRICTED
        ).values_list("slug", flat=True)
    )
    if restricted:
        raise RecordInvalid(
            f"{', '.join(restricted)} {'is' if len(restricted) == 1 else 'are'} restricted: "
            "an estimate to cite names its lists in the letter, so leave "
            f"{'it' if len(restricted) == 1 else 'them'} out."
        )
    try:
        result = estimate_stratum(
            stratum,
            user=AnonymousUser(),
            loglinear=method == EstimateMethod.LOGLINEAR,
            lcmcr=method == EstimateMethod.LCMCR,
            model=model,
            seed=seed,
        )
    except EstimationError as exc:
        raise RecordInvalid(str(exc)) from None
    if result.problems:
        raise RecordInvalid(result.problems[0])
    by_slug = {item.slug: item for item in SourceList.objects.filter(slug__in=result.table.lists)}
    values: dict[str, Any] = {
        "stratum": stratum.as_json(),
        "description": stratum.describe(),
        "lists": [_list_as_cited(by_slug[slug]) for slug in result.table.lists],
        "method": method,
        "observed": result.table.observed,
        "made_by": acting_user if isinstance(acting_user, User) else None,
    }
    if result.loglinear is not None:
        ll = result.loglinear
        values.update(
            model=ll.best.name,
            chosen_by_bic=not model,
            estimate=round(ll.best.n_hat),
            lower=round(ll.lower),
            upper=None if ll.upper == float("inf") else round(ll.upper),
        )
    elif result.lcmcr is not None:
        lc = result.lcmcr
        values.update(
            seed=lc.settings.seed,
            estimate=round(lc.median),
            lower=round(lc.lower),
            upper=round(lc.upper),
        )
    with transaction.atomic():
        last = SavedEstimate.objects.order_by("-number").values_list("number", flat=True).first()
        saved = SavedEstimate.objects.create(number=(last or 0) + 1, **values)
        audit.record(
            actor=acting_user,
            action="save_estimate",
            instance=saved,
            before=None,
            after=audit.snapshot(saved),
        )
    return saved


def _list_as_cited(item: SourceList) -> dict[str, str]:
    return {
        "slug": item.slug,
        "name": item.name,
        "publisher": item.publisher,
        "date": item.date.isoformat() if item.date else "",
        "date_precision": item.date_precision,
    }

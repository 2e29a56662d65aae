"""Writes of record linkage: a run's candidate pairs, and people's decisions about them.

A run reads the person records (of the chosen lists), trains and scores with ``linkage``, and
stores its pairs in one transaction with one audit row (counts, lists, model version). A
decision is kept apart from runs (``PairDecision``, by the two records), so the next run does
not ask again and never undoes it: accepting merges the two records (``do_merge_persons``),
rejecting records that they are two people, and undoing takes the decision back (an accepted
pair's second record leaves the person again). Each decision and undo writes its audit row.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.registry.errors import RecordInvalid
from ombuds.registry.linkage import LinkRecord, link, record_from_names
from ombuds.registry.list_actions import do_merge_persons, do_separate_person
from ombuds.registry.models import (
    CandidatePair,
    Casualty,
    LinkRun,
    MissingPersonCase,
    PairDecision,
    Person,
    SourceList,
)

Progress = Callable[[str], None]
DEFAULT_THRESHOLD = 0.05


def link_records(lists: Iterable[SourceList] | None = None) -> list[LinkRecord]:
    """The person records (of ``lists``, or all) as the linkage reads them: names, birth date
    or year by its precision, sex, and the place of a casualty's incident or of last sighting."""
    persons = Person.objects.select_related("source_list").prefetch_related("names")
    if lists is not None:
        persons = persons.filter(source_list__in=list(lists))
    places: dict[Any, str] = {}
    for person_id, place in Casualty.objects.filter(person__isnull=False).values_list(
        "person_id", "incident__place"
    ):
        places.setdefault(person_id, place)
    for person_id, place in MissingPersonCase.objects.values_list("person_id", "place_last_seen"):
        places.setdefault(person_id, place)
    records = []
    for person in persons.iterator(chunk_size=2000):
        born = person.date_of_birth
        known = person.birth_precision
        records.append(
            record_from_names(
                str(person.pk),
                person.source_list.slug,
                [n.name for n in person.names.all()],
                birth_date=born.isoformat() if born and known == "day" else None,
                birth_year=born.year if born and known in ("day", "month", "year") else None,
                sex=person.sex,
                place=places.get(person.pk),
            )
        )
    return records


def do_run_linkage(
    *,
    acting_user: Actor,
    lists: Iterable[SourceList] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    seed: int = 1,
    progress: Progress | None = None,
) -> LinkRun:
    """Train on the person records and store the run with every candidate pair at or above
    ``threshold``; one audit row with the counts. Decisions of earlier runs stay as they are.
    When OMBUDS_LINK_AUTO_MERGE_ABOVE is set, undecided pairs at least that probable are
    accepted (merged) in the same transaction, each with its decision and audit rows."""
    import splink

    chosen = list(lists) if lists is not None else None
    started = time.perf_counter()
    records = link_records(chosen)
    if len(records) < 2:
        raise RecordInvalid("Linkage needs at least two person records: import the lists first.")
    result = link(records, threshold=threshold, seed=seed, progress=progress)
    with transaction.atomic():
        last = LinkRun.objects.order_by("-number").values_list("number", flat=True).first()
        run = LinkRun.objects.create(
            number=(last or 0) + 1,
            lists=[item.slug for item in chosen] if chosen is not None else [],
            records=len(records),
            pairs=len(result.pairs),
            threshold=threshold,
            model=result.model,
            splink_version=splink.__version__,
            seconds=round(time.perf_counter() - started, 1),
            started_by=acting_user if isinstance(acting_user, User) else None,
        )
        CandidatePair.objects.bulk_create(
            [
                CandidatePair(
                    run=run,
                    left_id=pair.left,
                    right_id=pair.right,
                    probability=pair.probability,
                    match_weight=pair.match_weight,
                    reasons=pair.reasons,
                )
                for pair in result.pairs
            ],
            batch_size=2000,
        )
        audit.record(
            actor=acting_user,
            action="run_linkage",
            instance=run,
            before=None,
            after={
                "number": run.number,
                "lists": run.lists or "all",
                "records": run.records,
                "pairs": run.pairs,
                "threshold": threshold,
                "splink": run.splink_version,
            },
        )
        merged = _merge_automatically(run, acting_user=acting_user)
    if progress is not None:
        progress(f"run {run.number}: {run.pairs:,} candidate pairs from {run.records:,} records")
        if merged:
            progress(f"{merged:,} pairs merged automatically (OMBUDS_LINK_AUTO_MERGE_ABOVE)")
    return run


def _merge_automatically(run: LinkRun, *, acting_user: Actor) -> int:
    """Accept the run's undecided pairs at or above OMBUDS_LINK_AUTO_MERGE_ABOVE (when set),
    each as a decision like a person's, with its audit rows; how many."""
    from django.conf import settings

    from ombuds.registry.list_queries import review_queue

    above = settings.OMBUDS_LINK_AUTO_MERGE_ABOVE
    if above is None:
        return 0
    count = 0
    # One at a time: each merge changes the clusters the next pair is checked against.
    while pair := review_queue(run).filter(probability__gte=above).first():
        do_decide_pair(
            pair,
            accept=True,
            acting_user=acting_user,
            reason=f"merged automatically: probability {pair.probability:.4f} >= {above}",
        )
        count += 1
    return count


def do_decide_pair(
    pair: CandidatePair, *, accept: bool, acting_user: Actor, reason: str = ""
) -> PairDecision:
    """Decide that the pair's records are one person (``accept``: they are merged) or two.
    RecordInvalid when the pair is decided already (undo that decision first)."""
    with transaction.atomic():
        if PairDecision.objects.filter(left_id=pair.left_id, right_id=pair.right_id).exists():
            raise RecordInvalid("This pair is decided already: undo that decision first.")
        decision = PairDecision.objects.create(
            left_id=pair.left_id,
            right_id=pair.right_id,
            decision=PairDecision.Decision.ACCEPTED if accept else PairDecision.Decision.REJECTED,
            probability=pair.probability,
            reason=reason,
            decided_by=acting_user if isinstance(acting_user, User) else None,
        )
        if accept:
            do_merge_persons(
                [pair.left, pair.right],
                acting_user=acting_user,
                reason=reason or f"accepted candidate pair (probability {pair.probability:.3f})",
            )
        audit.record(
            actor=acting_user,
            action="accept_pair" if accept else "reject_pair",
            instance=decision,
            before=None,
            after=audit.snapshot(decision, ["left", "right", "decision", "probability"]),
            reason=reason,
        )
    return decision


def do_undo_decision(decision: PairDecision, *, acting_user: Actor, reason: str = "") -> None:
    """Take a decision back: the pair returns to the queue; an accepted pair's second record
    leaves the person it was merged into (a person of two records is dissolved)."""
    with transaction.atomic():
        before = audit.snapshot(decision, ["left", "right", "decision", "probability"])
        pk = str(decision.pk)
        accepted = decision.decision == PairDecision.Decision.ACCEPTED
        left_id, right_id = decision.left_id, decision.right_id
        decision.delete()
        if accepted:
            _unlink(left_id, right_id, acting_user=acting_user, reason=reason or "merge undone")
        audit.record(
            actor=acting_user,
            action="undo_pair_decision",
            instance=decision,
            before=before,
            after=None,
            reason=reason,
            object_id=pk,
        )


def _unlink(left_id: Any, right_id: Any, *, acting_user: Actor, reason: str) -> None:
    """After a merge of two records is taken back: if the other accepted pairs of their person
    still join them, nothing changes; otherwise the records the right one is joined to by those
    pairs leave the person together (alone, a record is a person by itself)."""
    right = Person.objects.get(pk=right_id)
    if right.cluster is None:
        return
    members = {p.pk for p in Person.objects.filter(cluster=right.cluster)}
    edges = PairDecision.objects.filter(
        decision=PairDecision.Decision.ACCEPTED, left_id__in=members, right_id__in=members
    ).values_list("left_id", "right_id")
    joined: dict[Any, set[Any]] = {}
    for a, b in edges:
        joined.setdefault(a, set()).add(b)
        joined.setdefault(b, set()).add(a)
    side = {right_id}
    todo = [right_id]
    while todo:
        for other in joined.get(todo.pop(), ()):
            if other not in side:
                side.add(other)
                todo.append(other)
    if left_id in side:
        return  # still one person through the other accepted pairs
    for pk in side:
        person = Person.objects.get(pk=pk)
        if person.cluster is not None:
            do_separate_person(person, acting_user=acting_user, reason=reason)
    if len(side) > 1:
        do_merge_persons(Person.objects.filter(pk__in=side), acting_user=acting_user, reason=reason)

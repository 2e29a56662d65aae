"""Reads of the appeals app."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from ombuds.appeals.models import (
    WORKS_ON_APPEALS,
    Addressee,
    Appeal,
    AppealStatus,
    Channel,
    Demand,
    Dispatch,
    DispatchStatus,
    Response,
    ResponseKind,
)
from ombuds.core.counting import count_rows

FOLLOW_UP_LIMIT = 500
# A dispatch's row names its appeal; the appeal's text and frozen copy (tens of kilobytes of
# JSON each) stay in the database.
APPEAL_BULK = ("appeal__body", "appeal__frozen", "appeal__cited_sources")
FOLLOW_UP_PAGE = 100


def get_appeal_by_id(appeal_id: object, *, user: Any) -> Appeal | None:
    """The appeal with this id if ``user`` may read it (``Appeal.objects.visible_to``; None is
    the command line, which reads every appeal), or None (also for text that is not an id)."""
    try:
        pk = uuid.UUID(str(appeal_id))
    except ValueError:
        return None
    appeals = Appeal.objects.all() if user is None else Appeal.objects.visible_to(user)
    return appeals.filter(pk=pk).first()


def get_appeal_by_name(name: str) -> Appeal | None:
    """The appeal named on the command line: ``latest``, its reference, or its id."""
    if name == "latest":
        return Appeal.objects.order_by("-created_at", "-id").first()
    return Appeal.objects.filter(reference=name).first() or get_appeal_by_id(name, user=None)


def count_appeals(*, user: Any) -> int:
    """How many appeals ``user`` may read, by the rule of ``Appeal.objects.visible_to`` (all
    for those who work on appeals, else the approved ones), from the counts the database keeps
    per status (``core.RowCount``)."""
    if user is not None and user.has_perm(WORKS_ON_APPEALS):
        return count_rows(Appeal)
    return count_rows(Appeal, keep=[(AppealStatus.APPROVED.value,)])


def list_appeals(*, user: Any, status: str = "") -> QuerySet[Appeal]:
    """Appeals ``user`` may read, newest first, optionally of one status (page them with
    keyset_page)."""
    # A list shows a few columns: the text and the frozen copy (tens of kilobytes of JSON
    # each) stay in the database.
    appeals = (
        Appeal.objects.visible_to(user)
        .defer("body", "frozen", "cited_sources")
        .order_by("-created_at", "-id")
    )
    return appeals.filter(status=status) if status else appeals


def list_addressees(*, category: str = "") -> QuerySet[Addressee]:
    """The directory, by category and name."""
    addressees = Addressee.objects.all()
    return addressees.filter(category=category) if category else addressees


def get_addressee_by_id(addressee_id: object) -> Addressee | None:
    """The addressee with this id, or None."""
    try:
        pk = uuid.UUID(str(addressee_id))
    except ValueError:
        return None
    return Addressee.objects.filter(pk=pk).first()


def list_dispatches_for_addressee(addressee: Addressee, *, user: Any) -> QuerySet[Dispatch]:
    """Every dispatch to ``addressee`` of an appeal ``user`` may read (None: the command line,
    every one), with its appeal and replies (page them with keyset_page, newest first)."""
    dispatches = Dispatch.objects.filter(addressee=addressee)
    if user is not None and not user.has_perm(WORKS_ON_APPEALS):  # else visible_to is all
        dispatches = dispatches.filter(appeal__in=Appeal.objects.visible_to(user))
    return (
        dispatches.select_related("appeal", "addressee")
        .defer(*APPEAL_BULK)
        .prefetch_related(Prefetch("responses", queryset=Response.objects.order_by("received_on")))
    )


def list_dispatches_for_appeal(appeal: Appeal) -> QuerySet[Dispatch]:
    """Every dispatch of the appeal with its addressee and responses."""
    return (
        Dispatch.objects.filter(appeal=appeal)
        .select_related("addressee")
        .prefetch_related(
            Prefetch("responses", queryset=Response.objects.order_by("received_on")), "tries"
        )
        .order_by("addressee__organisation", "channel")
    )


def get_dispatch_by_id(dispatch_id: object) -> Dispatch | None:
    """The dispatch with this id, or None."""
    try:
        pk = uuid.UUID(str(dispatch_id))
    except ValueError:
        return None
    return Dispatch.objects.filter(pk=pk).select_related("appeal", "addressee").first()


def get_response_by_id(response_id: object, *, user: Any) -> Response | None:
    """The logged reply with this id if ``user`` may see its appeal, or None."""
    try:
        pk = uuid.UUID(str(response_id))
    except ValueError:
        return None
    visible = Appeal.objects.visible_to(user)
    return Response.objects.filter(pk=pk, dispatch__appeal__in=visible).first()


def list_demand_history(demand: Demand, *, limit: int = 20) -> list[Demand]:
    """The same demand in the appeals before, newest first, each with its status then."""
    history: list[Demand] = []
    earlier = demand.carried_from
    while earlier is not None and len(history) < limit:
        history.append(earlier)
        earlier = (
            Demand.objects.select_related("appeal", "carried_from__appeal")
            .filter(pk=earlier.carried_from_id)
            .first()
            if earlier.carried_from_id
            else None
        )
    return history


def get_demand_by_id(demand_id: object) -> Demand | None:
    """The demand with this id, or None."""
    try:
        pk = uuid.UUID(str(demand_id))
    except ValueError:
        return None
    return Demand.objects.filter(pk=pk).select_related("appeal").first()


def _overdue(now: dt.datetime) -> Q:
    """Sent before their addressee's reply period (or OMBUDS_APPEAL_REPLY_DAYS) began.

    One condition per reply period set on some addressee (a handful), so the (status,
    sent_at) index still finds the rows."""
    default = Q(addressee__reply_days__isnull=True) & Q(
        sent_at__lt=now - dt.timedelta(days=settings.OMBUDS_APPEAL_REPLY_DAYS)
    )
    periods = (
        Addressee.objects.filter(reply_days__isnull=False)
        .values_list("reply_days", flat=True)
        .distinct()
    )
    condition = default
    for days in periods:
        if days is None:  # excluded above; the type checker cannot tell
            continue
        condition |= Q(addressee__reply_days=days, sent_at__lt=now - dt.timedelta(days=days))
    return condition


def _awaiting(*, now: dt.datetime | None = None, overdue: bool = False) -> QuerySet[Dispatch]:
    answered = Response.objects.filter(dispatch=OuterRef("pk"), kind=ResponseKind.ANSWER)
    # The (status, sent_at) index finds the sent rows; NOT EXISTS drops the answered ones.
    awaiting = Dispatch.objects.filter(status=DispatchStatus.SENT, sent_at__isnull=False).exclude(
        Exists(answered)
    )
    if overdue:
        awaiting = awaiting.filter(_overdue(now or timezone.now()))
    return awaiting


def list_due_follow_ups(
    *,
    now: dt.datetime | None = None,
    after: str = "",
    size: int = FOLLOW_UP_PAGE,
    overdue: bool = False,
) -> tuple[list[Dispatch], str]:
    """A page of the sent dispatches still awaiting an answer (an acknowledgement does not
    close one), oldest first, and the cursor of the next page ("" on the last); ``after`` is
    such a cursor. ``overdue``: only those past their addressee's reply period
    (``Dispatch.reply_due``)."""
    due = _awaiting(now=now, overdue=overdue)
    if after:
        try:
            stamp, _, pk = after.partition("_")
            sent_at, last = dt.datetime.fromisoformat(stamp), uuid.UUID(pk)
        except ValueError:
            pass  # a damaged cursor shows the first page
        else:
            due = due.filter(Q(sent_at__gt=sent_at) | Q(sent_at=sent_at, pk__gt=last))
    rows = list(
        due.select_related("appeal", "addressee")
        .defer(*APPEAL_BULK)
        .prefetch_related("responses")
        .order_by("sent_at", "id")[: size + 1]
    )
    more = len(rows) > size
    rows = rows[:size]
    cursor = f"{rows[-1].sent_at.isoformat()}_{rows[-1].pk}" if more and rows[-1].sent_at else ""
    return rows, cursor


def count_due_follow_ups(*, cap: int = FOLLOW_UP_LIMIT) -> int:
    """How many sent dispatches wait for an answer past their reply period, counted up to
    ``cap`` (the dashboard needs "500 or more", not a scan of every dispatch ever sent)."""
    return _awaiting(overdue=True).order_by()[:cap].count()


def list_failed_dispatches(appeal: Appeal) -> QuerySet[Dispatch]:
    """The appeal's email dispatches that failed and can be retried."""
    return Dispatch.objects.filter(
        appeal=appeal, channel=Channel.EMAIL, status=DispatchStatus.FAILED
    ).select_related("addressee")


def list_stuck_dispatches(
    *, appeal: Appeal | None = None, now: dt.datetime | None = None
) -> QuerySet[Dispatch]:
    """Email dispatches "sending" for longer than OMBUDS_DISPATCH_GRACE_MINUTES (their worker
    stopped before recording an outcome), oldest first; of one appeal when ``appeal`` is given."""
    grace = dt.timedelta(minutes=settings.OMBUDS_DISPATCH_GRACE_MINUTES)
    stuck = Dispatch.objects.filter(
        status=DispatchStatus.SENDING, updated_at__lt=(now or timezone.now()) - grace
    )
    if appeal is not None:
        stuck = stuck.filter(appeal=appeal)
    return (
        stuck.select_related("appeal", "addressee").defer(*APPEAL_BULK).order_by("updated_at", "id")
    )


SEARCH_SCAN = 2000
SEARCH_RESULTS = 12


def search_figures(words: str, *, user: Any, limit: int = SEARCH_RESULTS) -> list[dict[str, Any]]:
    """Figures whose key (measure, subject, cause, place, period) holds every word (a year
    matches the period), most claimed first, each with its reference, current value and
    sources, from what ``user`` may see; scans the SEARCH_SCAN most claimed keys. Then the
    kept estimates the words find (``search_estimates``). Each result's ``kind`` says which."""
    from ombuds.appeals.languages import format_figure
    from ombuds.appeals.references import write_reference
    from ombuds.figures.index import list_figure_keys
    from ombuds.figures.queries import figure_value_for

    wanted = [w.casefold() for w in words.replace(",", " ").split() if w.strip()]
    found = []
    for summary in list_figure_keys(user=user, limit=SEARCH_SCAN):
        key = summary.key
        haystack = (
            " ".join(
                str(part or "")
                for part in (
                    key.label(),
                    key.slug(),
                    key.measure,
                    key.subject,
                    key.cause,
                    key.place,
                )
            )
            .casefold()
            .replace("_", " ")
        )
        if all(w in haystack or w.rstrip("s") in haystack for w in wanted):
            found.append(summary)
        if len(found) >= limit:
            break
    results = []
    for summary in found:
        value = figure_value_for(summary.key, user=user)
        if value is None:
            continue
        results.append(
            {
                "kind": "figure",
                "reference": write_reference(summary.key),
                "label": summary.key.label(),
                "display": format_figure(value),
                "qualifier": value.qualifier,
                "claims": summary.claims,
                "sources": sorted({c.source_title for c in value.citations if c.source_title})[:3],
                "warnings": len(value.warnings),
            }
        )
    return results + search_estimates(words)


ESTIMATE_RESULTS = 5


def search_estimates(words: str, *, limit: int = ESTIMATE_RESULTS) -> list[dict[str, Any]]:
    """Kept estimates (``registry.SavedEstimate``) whose number, method, model, stratum,
    lists or counts hold every word, newest first, each with its reference
    (``{{estimate N}}``), the value a letter prints ("about 1,234") and what it rests on.
    Estimates hold counts only, made as anyone outside the case team sees the registry, so
    every user who writes appeals may find them."""
    from ombuds.appeals.languages import format_number
    from ombuds.registry.list_queries import search_saved_estimates

    results = []
    for saved in search_saved_estimates(words, limit=limit):
        lists = "; ".join(item.get("name") or item.get("slug", "") for item in saved.lists)
        upper = format_number(saved.upper) if saved.upper is not None else "no upper bound"
        how = saved.get_method_display() + (f" {saved.model}" if saved.model else "")
        results.append(
            {
                "kind": "estimate",
                "reference": f"{{{{estimate {saved.number}}}}}",
                "label": f"estimate {saved.number}: {saved.description}",
                "display": f"about {format_number(saved.estimate)}",
                "qualifier": "approx",
                "details": f"{how}; {len(saved.lists)} lists: {lists}; 95% interval "
                f"{format_number(saved.lower)}–{upper}; {format_number(saved.observed)} "
                "on at least one list",
            }
        )
    return results


def figure_displays(references: list[str], *, user: Any) -> dict[str, str]:
    """Each reference's current value as the letter prints it, or what is wrong with it."""
    from ombuds.appeals.errors import FigureReferenceError
    from ombuds.appeals.languages import format_figure, format_number
    from ombuds.appeals.references import ESTIMATE, REFERENCE, parse_estimate, parse_spec
    from ombuds.figures.queries import figure_value_for
    from ombuds.registry.list_queries import get_saved_estimate_by_number

    shown = {}
    for written in references:
        match = REFERENCE.fullmatch(written.strip())
        if match is None:
            shown[written] = "not a figure reference"
            continue
        try:
            if match.group("kind") == ESTIMATE:
                saved = get_saved_estimate_by_number(parse_estimate(match.group("spec")))
                shown[written] = (
                    f"about {format_number(saved.estimate)}" if saved else "finds no estimate"
                )
                continue
            value = figure_value_for(parse_spec(match.group("spec")), user=user)
        except FigureReferenceError as exc:
            shown[written] = str(exc)
            continue
        shown[written] = format_figure(value) if value is not None else "finds no figure"
    return shown


# What a demand's row shows: never the appeal's text or frozen copy (tens of kilobytes each).
DEMAND_ROW = (
    "id", "created_at", "appeal_id", "ordinal", "text", "party", "status", "evidence",
    "carried_from_id", "appeal__id", "appeal__reference", "appeal__status",
)  # fmt: skip


def list_current_demands(
    *, user: Any, status: str = "", addressee: Addressee | None = None
) -> QuerySet[Demand]:
    """Each demand of the appeals ``user`` may read once, as it stands in the latest appeal
    that carries it (a demand carried into a next appeal is shown there), newest first (page
    them with keyset_page); of one status, or of the appeals addressed to ``addressee``."""
    later = Demand.objects.filter(carried_from=OuterRef("pk"))
    demands = Demand.objects.select_related("appeal").only(*DEMAND_ROW)
    if user is not None and not user.has_perm(WORKS_ON_APPEALS):
        # A copy in a draft the user may not read leaves the demand shown where it stands.
        # Probed per row by the appeal's key, so the newest-first index still leads.
        visible = Appeal.objects.visible_to(user)
        demands = demands.filter(Exists(visible.filter(pk=OuterRef("appeal_id"))))
        later = later.filter(Exists(visible.filter(pk=OuterRef("appeal_id"))))
    demands = demands.exclude(Exists(later))
    if status:
        demands = demands.filter(status=status)
    if addressee is not None:
        addressed = Appeal.addressees.through.objects.filter(addressee=addressee)
        demands = demands.filter(appeal__in=addressed.values("appeal_id"))
    return demands


def demand_chains(
    demands: list[Demand], *, depth: int = 20
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """For each demand, the same demand in the appeals before, newest first: each copy's id,
    status and appeal's reference; one small query per step back however many demands, and one
    for the references."""
    chains: dict[uuid.UUID, list[dict[str, Any]]] = {d.pk: [] for d in demands}
    tips = {d.pk: d.carried_from_id for d in demands}
    for _step in range(depth):
        wanted = {earlier: pk for pk, earlier in tips.items() if earlier}
        if not wanted:
            break
        # No ORDER BY: the default one (by appeal) would join and sort the appeals.
        rows = (
            Demand.objects.filter(pk__in=list(wanted))
            .order_by()
            .values_list("id", "status", "carried_from_id", "appeal_id")
        )
        tips = {}
        for earlier_id, status, carried_from_id, appeal_id in rows:
            pk = wanted[earlier_id]
            chains[pk].append({"id": earlier_id, "status": status, "appeal_id": appeal_id})
            tips[pk] = carried_from_id
    appeal_ids = {copy["appeal_id"] for chain in chains.values() for copy in chain}
    references = dict(
        Appeal.objects.filter(pk__in=appeal_ids).order_by().values_list("id", "reference")
    )
    for chain in chains.values():
        for copy in chain:
            copy["appeal__reference"] = references.get(copy["appeal_id"], "")
    return chains


def list_demand_status_changes(demand_ids: list[uuid.UUID]) -> dict[str, list[dict[str, Any]]]:
    """The recorded status changes of these demands (who, when, from, to, evidence), by demand
    id as text, oldest first: read from the audit log, where every change is written."""
    from ombuds.core.models import AuditEvent

    events = AuditEvent.objects.filter(
        model="appeals.demand",
        object_id__in=[str(pk) for pk in demand_ids],
        action="set_demand_status",
    ).order_by("at", "id")
    changes: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        status = event.changes.get("status") or [None, None]
        evidence = event.changes.get("evidence") or [None, None]
        changes.setdefault(event.object_id, []).append(
            {
                "at": event.at,
                "by": event.actor_name or "command line",
                "from": status[0],
                "to": status[1],
                "evidence": evidence[1] or "",
            }
        )
    return changes

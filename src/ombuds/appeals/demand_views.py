"""The demands across appeals: each demand once, as it stands in the latest appeal carrying
it, with its status history (who changed it, when, on which appeal's copy)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from ombuds.appeals import queries
from ombuds.appeals.models import Addressee, Demand, DemandStatus
from ombuds.sources.keyset import keyset_page

LABELS = dict(DemandStatus.choices)


def _history(
    demand: Demand, chain: list[dict[str, Any]], changes: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """The demand's story oldest first: the appeals it was carried into, with the status it
    was carried with, and each recorded change with who and when."""
    copies = [*reversed(chain), {"id": demand.pk, "status": demand.status,
                                 "appeal__reference": demand.appeal.reference}]  # fmt: skip
    story: list[dict[str, Any]] = []
    for index, copy in enumerate(copies):
        if index:
            story.append(
                {
                    "kind": "carried",
                    "reference": copy["appeal__reference"],
                    "status": LABELS.get(copies[index - 1]["status"], ""),
                }
            )
        for change in changes.get(str(copy["id"]), []):
            story.append(
                {
                    **change,
                    "kind": "change",
                    "reference": copy["appeal__reference"],
                    "from": LABELS.get(change["from"] or "", ""),
                    "to": LABELS.get(change["to"] or "", ""),
                }
            )
    return story


def _options(chosen: Addressee | None) -> SafeString:
    """The addressee filter's options, written here: a directory of hundreds costs a template
    loop more than the page's rows."""
    selected = chosen.pk if chosen else None
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (pk, mark_safe(" selected") if pk == selected else "", name)
            for pk, name in Addressee.objects.order_by("organisation").values_list(
                "id", "organisation"
            )
        ),
    )


@permission_required("appeals.view_demand", raise_exception=True)
def demand_overview(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in DemandStatus.values:
        status = ""
    addressee = queries.get_addressee_by_id(request.GET.get("addressee", ""))
    page = keyset_page(
        queries.list_current_demands(user=request.user, status=status, addressee=addressee),
        cursor=request.GET.get("after", ""),
    )
    chains = queries.demand_chains(page.rows)
    ids = [d.pk for d in page.rows] + [e["id"] for chain in chains.values() for e in chain]
    changes = queries.list_demand_status_changes(ids)
    return render(
        request,
        "appeals/demands.html",
        {
            "page": page,
            "rows": [(d, _history(d, chains[d.pk], changes)) for d in page.rows],
            "status": status,
            "statuses": DemandStatus.choices,
            "addressee": addressee,
            "addressee_options": _options(addressee),
            "query": f"status={status}&addressee={addressee.pk if addressee else ''}",
        },
    )

"""The figures API: findings of the ledger, figure keys, and a figure's value with citations."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from ombuds.figures import index, queries
from ombuds.figures.keys import FigureKey
from ombuds.figures.models import Finding, FindingStatus

router = Router(tags=["figures"])


def _may_read(request: HttpRequest) -> None:
    if not request.user.has_perm("figures.view_finding"):
        raise HttpError(403, "Your role may not read figures.")


class FindingClaimOut(Schema):
    claim_id: uuid.UUID
    source: str
    source_id: uuid.UUID
    value: float
    qualifier: str


class FindingOut(Schema):
    id: uuid.UUID
    status: str
    kind: str
    explanation: str
    key: str
    claims: list[FindingClaimOut]
    resolved: bool
    resolved_reason: str


# A page past this is refused with 422: SQLite and PostgreSQL take OFFSET as a 64-bit integer,
# and no list holds that many pages.
MAX_PAGE = 1_000_000


class FindingFilters(Schema):
    status: str = ""
    open: bool = False
    page: int = Field(1, ge=1, le=MAX_PAGE)
    limit: int = 100  # clamped to 1..500


def finding_out(finding: Finding) -> dict[str, object]:
    return {
        "id": finding.pk,
        "status": finding.status,
        "kind": finding.kind,
        "explanation": finding.explanation,
        "key": finding.key_slug,
        "claims": [
            {
                "claim_id": c.pk,
                "source": str(c.source),
                "source_id": c.source_id,
                "value": float(c.value),
                "qualifier": c.qualifier,
            }
            for c in finding.shown_claims
        ],
        "resolved": finding.resolved,
        "resolved_reason": finding.resolved_reason,
    }


@router.get("/findings", response=list[FindingOut])
def list_findings(request: HttpRequest, filters: Query[FindingFilters]) -> list[dict[str, object]]:
    """Current findings, newest first; ``open`` keeps unresolved contradictions and reviews."""
    _may_read(request)
    if filters.status and filters.status not in FindingStatus.values:
        raise HttpError(
            422, f"status must be one of {', '.join(FindingStatus.values)}, or left out."
        )
    size = min(max(filters.limit, 1), 500)
    start = (filters.page - 1) * size
    findings = queries.list_findings(open_only=filters.open)
    if filters.status:
        findings = findings.filter(status=filters.status)
    findings = queries.findings_visible_to(findings, user=request.user)
    rows = queries.with_claims(list(findings[start : start + size]))
    return [finding_out(f) for f in rows]


class CurrentValueOut(Schema):
    display: str
    value: float
    value_max: float | None
    qualifier: str
    unit: str
    reviewed: bool
    claim_id: uuid.UUID
    source_id: uuid.UUID


class KeyOut(Schema):
    slug: str
    label: str
    name: str
    current: CurrentValueOut | None
    measure: str
    subject: str
    cause: str
    place: str
    period_start: dt.date | None
    period_end: dt.date | None
    unit: str
    claims: int
    sources: int
    low: float | None
    high: float | None
    open_findings: int


@router.get("/keys", response=list[KeyOut])
def list_keys(
    request: HttpRequest,
    measure: str = "",
    subject: str = "",
    page: int = Query(1, ge=1, le=MAX_PAGE),  # type: ignore[type-arg]
) -> list[dict[str, object]]:
    """Figure keys, most claimed first, 100 a page, each named in words with its current value
    as the figures index shows it (``current`` null when no claim counted now gives one)."""
    _may_read(request)
    keys = index.list_figure_keys(
        user=request.user,
        measure=measure,
        subject=subject,
        limit=100,
        offset=(page - 1) * 100,
    )
    rows = index.with_current_values(keys, user=request.user)
    return [
        {
            "slug": r.key.slug(),
            "label": r.key.label(),
            "name": r.name,
            "current": None if r.current is None else current_value_out(r),
            **{
                name: getattr(r.key, name)
                for name in ("measure", "subject", "cause", "place", "period_start")
            },
            "period_end": r.key.period_end,
            "unit": r.key.unit,
            "claims": r.claims,
            "sources": r.sources,
            "low": r.low,
            "high": r.high,
            "open_findings": r.open_findings,
        }
        for r in rows
    ]


def current_value_out(row: index.FigureKeySummary) -> dict[str, object]:
    claim = row.current
    assert claim is not None
    return {
        "display": row.value,
        "value": float(claim.value),
        "value_max": None if claim.value_max is None else float(claim.value_max),
        "qualifier": claim.qualifier,
        "unit": claim.unit,
        "reviewed": claim.is_reviewed,
        "claim_id": claim.pk,
        "source_id": claim.source_id,
    }


class CitationOut(Schema):
    kind: str
    description: str
    url: str
    claim_id: uuid.UUID | None
    source_id: uuid.UUID | None
    source_title: str
    publisher: str
    published: dt.date | None
    quote: str
    value: float | None
    records: int | None


class ValueOut(Schema):
    key: str
    value: float
    value_max: float | None
    qualifier: str
    unit: str
    basis: str
    citations: list[CitationOut]
    warnings: list[str]


@router.get("/value/{path:slug}", response=ValueOut)
def figure_value(request: HttpRequest, slug: str) -> dict[str, object]:
    """The value to quote for a figure key (by its slug), with citations and warnings, from
    the claims and findings the requesting user may see."""
    _may_read(request)
    try:
        key = FigureKey.from_slug(slug)
    except ValueError:
        raise HttpError(404, f"{slug!r} is not a figure key: take slugs from /keys.") from None
    value = queries.figure_value_for(key, user=request.user)
    if value is None:
        raise HttpError(404, "No claim or record gives this figure.")
    return {
        "key": key.slug(),
        "value": float(value.value),
        "value_max": None if value.value_max is None else float(value.value_max),
        "qualifier": value.qualifier,
        "unit": value.unit,
        "basis": value.basis,
        "citations": [
            {**c.__dict__, "value": None if c.value is None else float(c.value)}
            for c in value.citations
        ],
        "warnings": value.warnings,
    }

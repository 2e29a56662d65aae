"""Reads of the sources app."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from ombuds.claims.models import Claim
from ombuds.core.counting import count_rows
from ombuds.sources.keyset import KeysetPage, keyset_page
from ombuds.sources.models import (
    LEVEL_PERMISSIONS,
    IngestFile,
    IngestJob,
    OcrJob,
    Source,
    visible_levels,
)


def list_sources(
    *,
    user: Any,
    kind: str = "",
    publisher: str = "",
    title: str = "",
    published_from: dt.date | None = None,
    published_to: dt.date | None = None,
) -> QuerySet[Source]:
    """The sources ``user`` may see, newest first, narrowed by each filter given.

    ``title`` matches what contains it, in any case. The stored text is deferred: list pages
    never load it.
    """
    sources = Source.objects.visible_to(user).defer("text")
    if kind:
        sources = sources.filter(kind=kind)
    if publisher:
        sources = sources.filter(publisher=publisher)
    if title:
        sources = sources.filter(title__icontains=title)
    if published_from:
        sources = sources.filter(published__gte=published_from)
    if published_to:
        sources = sources.filter(published__lte=published_to)
    return sources.order_by("-created_at", "-id")


def get_source_by_id(source_id: object, *, user: Any) -> Source | None:
    """The source with this id if ``user`` may see it, else None (also for a non-UUID id).

    A source hidden by its confidentiality is answered like one that does not exist.
    """
    try:
        pk = uuid.UUID(str(source_id))
    except ValueError:
        return None
    # The text (up to the upload limit) is loaded only when it is read.
    return Source.objects.visible_to(user).filter(pk=pk).defer("text").first()


def get_source_by_sha256(sha256: str) -> Source | None:
    """The source whose bytes have this SHA-256 (lower-case hex), or None."""
    return Source.objects.filter(sha256=sha256.lower()).first()


def list_claims_for_source(source: Source) -> list[Claim]:
    """The source's claims in the order they appear in its text, parents loaded."""
    return list(
        Claim.objects.filter(source=source)
        .select_related("parent")
        .order_by("span_start", "ordinal")
    )


def list_claims_in_window(source: Source, *, start: int, end: int) -> list[Claim]:
    """The claims whose passage starts between offsets ``start`` and ``end`` of the source's
    text, in document order, parents loaded (on the index claim_source_span)."""
    return list(
        Claim.objects.filter(source=source, span_start__gte=start, span_start__lt=end)
        .select_related("parent")
        .defer("source__text")
        .order_by("span_start", "ordinal")
    )


def page_claims_for_source(source: Source, *, cursor: str, size: int) -> KeysetPage[Claim]:
    """One page of the source's claims in document order (ordinal), parents loaded."""
    claims = Claim.objects.filter(source=source).select_related("parent").defer("source__text")
    return keyset_page(claims, cursor=cursor, size=size, order="ordinal")


def get_claim_offset(source: Source, ordinal: int) -> int | None:
    """Where the passage of the source's claim number ``ordinal`` starts, or None."""
    return (
        Claim.objects.filter(source=source, ordinal=ordinal)
        .values_list("span_start", flat=True)
        .first()
    )


def get_latest_ocr_job(source: Source) -> OcrJob | None:
    """The source's last OCR job (waiting, reading, done or failed), or None if it has none."""
    return OcrJob.objects.filter(source=source).order_by("-created_at").first()


def count_claims_for_source(source: Source) -> int:
    return Claim.objects.filter(source=source).count()


def count_sources(*, user: Any) -> int:
    """How many sources ``user`` may see: the counts the database keeps per confidentiality
    level (``core.RowCount``) of the levels ``user`` may see, read in one query."""
    return count_rows(Source, keep=[(level,) for level in visible_levels(user)])


def publishers(*, user: Any) -> list[str]:
    """The distinct publishers of the sources ``user`` may see, for filter menus (up to 500)."""
    names = (
        Source.objects.visible_to(user)
        .exclude(publisher="")
        .order_by("publisher")
        .values_list("publisher", flat=True)
        .distinct()
    )
    return list(names[:500])


def get_ingest_job(job_id: object, *, user: Any) -> IngestJob | None:
    """The ingest job with this id if ``user`` started it or may see every source, else None."""
    try:
        pk = uuid.UUID(str(job_id))
    except ValueError:
        return None
    job = IngestJob.objects.filter(pk=pk).first()
    if job is None:
        return None
    sees_all = len(visible_levels(user)) == len(LEVEL_PERMISSIONS)
    return job if sees_all or job.created_by_id == user.pk else None


def list_ingest_files(job: IngestJob, *, user: Any) -> list[IngestFile]:
    """The job's files in upload order; ``source`` is left empty where ``user`` may not see it."""
    files = list(IngestFile.objects.filter(job=job).order_by("position"))
    ids = [f.source_id for f in files if f.source_id is not None]
    visible = set(Source.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    for row in files:
        if row.source_id is not None and row.source_id not in visible:
            row.source = None
    return files


def list_copies_of(source: Source, *, user: Any) -> list[Source]:
    """The other sources of ``source``'s group of copies that ``user`` may see, first stored
    first (none when it is alone). A copy hidden from the user is not named."""
    group = source.copy_group_id
    members = Source.objects.visible_to(user).filter(Q(pk=group) | Q(copy_of_id=group))
    return list(members.exclude(pk=source.pk).defer("text").order_by("created_at", "id"))


def _grouped() -> QuerySet[Source]:
    representatives = Source.objects.filter(copy_of__isnull=False).values("copy_of_id")
    return Source.objects.filter(Q(copy_of__isnull=False) | Q(pk__in=representatives))


def copy_groups(source_ids: Iterable[object] | None = None) -> dict[str, str]:
    """Source id -> the id of its group's representative, for the sources in a group of
    copies (of ``source_ids``, or all); a source alone is not in the answer."""
    grouped = _grouped()
    if source_ids is not None:
        grouped = grouped.filter(pk__in=list(source_ids))
    return {str(pk): str(copy_of or pk) for pk, copy_of in grouped.values_list("pk", "copy_of_id")}


def copy_voices() -> dict[str, tuple[str, str]]:
    """Source id -> (its group's representative, its confidentiality) for the sources in a
    group of copies: what the ledger's checks count as one voice (``checks.run_checks``)."""
    rows = _grouped().values_list("pk", "copy_of_id", "confidentiality")
    return {str(pk): (str(copy_of or pk), level) for pk, copy_of, level in rows}

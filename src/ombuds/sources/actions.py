"""Writes of the sources app: ingesting a document and editing its metadata.

Each action runs in one transaction and writes one audit row. The stored file is written
before the rows and removed again when the transaction fails, so a failed ingest leaves
neither a row nor a file behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.core.vocabularies import Confidentiality, DatePrecision
from ombuds.sources.errors import DocumentRejected, InvalidMetadata
from ombuds.sources.models import FileKind, Reliability, Source, SourceKind, source_file_path
from ombuds.sources.reading import ReadError, read_document

# reading.py's kinds -> the stored file kind
FILE_KINDS = {
    "text": FileKind.TXT,
    "markdown": FileKind.MD,
    "html": FileKind.HTML,
    "pdf": FileKind.PDF,
    "docx": FileKind.DOCX,
}
METADATA_FIELDS = (
    "title",
    "kind",
    "author",
    "publisher",
    "published",
    "published_precision",
    "language",
    "url",
    "reliability",
    "confidentiality",
)
_CHOICES: dict[str, Any] = {
    "kind": SourceKind,
    "published_precision": DatePrecision,
    "reliability": Reliability,
    "confidentiality": Confidentiality,
}


def clean_metadata(values: dict[str, Any]) -> dict[str, Any]:
    """The metadata with each value checked; raises InvalidMetadata naming what to fix."""
    unknown = sorted(set(values) - set(METADATA_FIELDS))
    if unknown:
        raise InvalidMetadata(
            f"Unknown metadata {', '.join(unknown)}: use only {', '.join(METADATA_FIELDS)}."
        )
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if name in _CHOICES:
            choices = _CHOICES[name]
            if value not in choices.values:
                raise InvalidMetadata(
                    f"{value!r} is not a {name.replace('_', ' ')}: choose one of "
                    f"{', '.join(choices.values)}."
                )
        elif name == "published":
            if value is not None and not isinstance(value, dt.date):
                raise InvalidMetadata(f"published must be a date (YYYY-MM-DD), not {value!r}.")
        elif name == "url":
            value = (value or "").strip()
            if value:
                try:
                    URLValidator(schemes=["http", "https"])(value)
                except ValidationError:
                    raise InvalidMetadata(
                        f"{value!r} is not a web address: write it as https://..."
                    ) from None
        else:
            value = (value or "").strip()
            limit = getattr(Source._meta.get_field(name), "max_length", None)
            if limit and len(value) > limit:
                raise InvalidMetadata(f"The {name} is longer than {limit} characters: shorten it.")
        cleaned[name] = value
    if "published" in cleaned and cleaned["published"] is None:
        cleaned.setdefault("published_precision", DatePrecision.UNKNOWN)
    return cleaned


def _source_state(source: Source) -> dict[str, Any]:
    fields = [f.name for f in Source._meta.concrete_fields if f.name != "file"]
    state = audit.snapshot(source, fields)
    state["file"] = source.file.name
    state["text_length"] = len(source.text)
    return state


def do_ingest_source(
    data: bytes, *, filename: str, acting_user: Actor, **metadata: Any
) -> tuple[Source, bool]:
    """Store a document once and extract its claims; (source, True) when it is new.

    The same bytes given again return the existing source unchanged, with False. ``metadata``
    holds any of METADATA_FIELDS; ``published`` also dates the relative periods of the claims.
    Raises DocumentRejected (nothing stored) when the file cannot be read, InvalidMetadata
    when a value is not acceptable.
    """
    from ombuds.claims.persistence import engine_version, run_engine, store_claims

    cleaned = clean_metadata(metadata)
    if "published_precision" not in cleaned:
        known = cleaned.get("published") is not None
        cleaned["published_precision"] = DatePrecision.DAY if known else DatePrecision.UNKNOWN
    name = Path(filename).name or "document"
    limit = settings.OMBUDS_MAX_UPLOAD_BYTES
    sha256 = hashlib.sha256(data).hexdigest()
    existing = Source.objects.filter(sha256=sha256).first()
    if existing is not None:
        return existing, False
    try:
        read = read_document(data, filename=name, max_bytes=limit)
    except ReadError as exc:
        raise DocumentRejected(f"{exc} Nothing was stored.") from exc
    found = run_engine(read.text, published=cleaned.get("published"))
    source = Source(
        sha256=sha256,
        filename=name[:255],
        file_kind=FILE_KINDS.get(read.kind, FileKind.TXT),
        size=len(data),
        text=read.text,
        engine_version=engine_version(),
        extracted_at=timezone.now(),
        **cleaned,
    )
    if not source.title:
        source.title = Path(name).stem[:500]
    storage = Source._meta.get_field("file").storage
    path = source_file_path(source, name)
    wrote_file = not storage.exists(path)
    if wrote_file:
        path = storage.save(path, ContentFile(data))
    source.file.name = path
    try:
        with transaction.atomic():
            source.save(force_insert=True)
            counts = store_claims(source, found)
            after = _source_state(source)
            after.update(claims=counts.added, claims_skipped=counts.skipped)
            audit.record(
                actor=acting_user,
                action="ingest_source",
                instance=source,
                before=None,
                after=after,
            )
    except IntegrityError:
        if wrote_file:
            storage.delete(path)
        # Another ingest of the same bytes won the race: that source is the answer.
        existing = Source.objects.filter(sha256=sha256).first()
        if existing is None:
            raise
        return existing, False
    except BaseException:
        if wrote_file:
            storage.delete(path)
        raise
    return source, True


def do_update_source_metadata(
    source: Source, *, changes: dict[str, Any], acting_user: Actor, reason: str = ""
) -> Source:
    """Set the given metadata fields (any of METADATA_FIELDS); audited with old and new values.

    Claims are not re-extracted: after changing ``published``, re-extract the source to
    resolve relative periods against the new date.
    """
    cleaned = clean_metadata(changes)
    with transaction.atomic():
        before = _source_state(source)
        for name, value in cleaned.items():
            setattr(source, name, value)
        source.save()
        audit.record(
            actor=acting_user,
            action="update_source_metadata",
            instance=source,
            before=before,
            after=_source_state(source),
            reason=reason,
        )
    return source

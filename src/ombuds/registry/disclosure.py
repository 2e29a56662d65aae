"""Disclosures of personal data: sealed fields read for a stated purpose, and exports.

Contacts, identity documents and relatives' contacts are sealed (``models.SEALED_FIELDS``): no
list, detail page, form, API answer or plain export shows them. A user who holds
``registry.view_personal_data`` reads them by stating a purpose; each such read and every export
of personal data (persons, casualties, missing-person cases) writes an audit row saying who,
what, when and why, which admins read on the audit page. An export of personal data needs a
purpose and carries a watermark on every row (the exporter, the time, the purpose), so a leaked
file, or any rows cut out of it, says whose export it was.

These are writes (each leaves an audit row), kept apart from ``actions.py`` by their subject.
"""

from __future__ import annotations

from typing import IO

from django.db import transaction
from django.utils import timezone

from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.registry.errors import ExportRefused
from ombuds.registry.exporting import record_columns, record_rows, write_rows
from ombuds.registry.models import PERSONAL, RECORD_MODELS, SEALED_FIELDS, RecordBase

# Kinds whose records are about people: exporting them is exporting personal data.
PERSONAL_KINDS = ("persons", "casualties", "missing")
MIN_PURPOSE = 8


class PurposeMissing(ExportRefused):
    """Personal data was asked for without a purpose worth the name."""


def _purpose(purpose: str) -> str:
    purpose = " ".join(purpose.split())
    if len(purpose) < MIN_PURPOSE:
        raise PurposeMissing(
            "Say why you need this personal data (for example: 'call the family about the "
            f"exhumation of 12 May'): at least {MIN_PURPOSE} characters. The reason is kept in "
            "the audit log with your name."
        )
    return purpose


def sealed_fields_of(record: RecordBase) -> list[str]:
    """The sealed fields the record has, in the model's order."""
    return [f.name for f in record._meta.concrete_fields if f.name in SEALED_FIELDS]


def do_reveal_sealed_fields(
    record: RecordBase, *, purpose: str, acting_user: Actor
) -> dict[str, str]:
    """The sealed fields of ``record`` (field name -> value), read for ``purpose``.

    Writes one ``view_personal_data`` audit row naming the fields (not their values). Raises
    ExportRefused when the user may not see personal data, PurposeMissing without a purpose.
    """
    if acting_user is not None and not acting_user.has_perm(PERSONAL):
        raise ExportRefused("Your role may not see personal data.")
    purpose = _purpose(purpose)
    names = sealed_fields_of(record)
    with transaction.atomic():
        audit.record_event(
            actor=acting_user,
            action="view_personal_data",
            model=record._meta.label_lower,
            object_id=str(record.pk),
            object_repr=str(record),
            changes={"fields": names},
            reason=purpose,
        )
    return {name: getattr(record, name) for name in names}


def watermark(acting_user: Actor, purpose: str) -> str:
    """The text every row of a personal-data export carries."""
    when = timezone.now()
    return (
        f"exported by {audit.actor_label(acting_user)} on {when:%Y-%m-%d %H:%M} UTC for: {purpose}"
    )


def do_export_records(
    kind: str,
    *,
    fmt: str,
    audience: str,
    out: IO[bytes],
    personal: bool,
    sealed: bool = False,
    purpose: str = "",
    acting_user: Actor,
) -> int:
    """Write the records of ``kind`` the user may see and ``audience`` may receive to ``out``;
    the number of rows.

    Records about people with ``personal`` (names, birth dates) need a ``purpose``: the rows
    then carry a watermark and one ``export_personal_data`` audit row records the export (kind,
    rows, columns, format, audience, purpose). ``sealed`` adds contacts and identity documents.
    """
    if sealed and not personal:
        raise ExportRefused("Contacts and identity documents go only with personal data.")
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    is_personal = personal and kind in PERSONAL_KINDS
    if not is_personal:
        columns = record_columns(kind, personal=personal)
        rows = record_rows(kind, filters={}, personal=personal, audience=audience, user=user)
        return write_rows(rows, columns, fmt, out)
    purpose = _purpose(purpose)
    mark = watermark(acting_user, purpose)
    columns = record_columns(kind, personal=True, sealed=sealed, watermark=True)
    with transaction.atomic():
        rows = record_rows(
            kind, filters={}, personal=True, audience=audience, user=user, sealed=sealed,
            watermark=mark,
        )  # fmt: skip
        count = write_rows(rows, columns, fmt, out)
        audit.record_event(
            actor=acting_user,
            action="export_personal_data",
            model=RECORD_MODELS[kind]._meta.label_lower,
            object_id=kind,
            object_repr=f"{count} {kind} records for {audience}",
            changes={
                "rows": count,
                "columns": columns,
                "format": fmt,
                "audience": audience,
                "sealed": sealed,
            },
            reason=purpose,
        )
    return count

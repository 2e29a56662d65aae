"""The office's letterhead and signature block as a letter prints them, in the letter's language.

The profile (``Office`` and its ``OfficeWording`` per language) is read when an appeal is
composed and written into the document, so an approved letter keeps the letterhead it was
approved with. What a language has no wording for falls back to the office's wording in the
default language, then to ``OMBUDS_OFFICE_NAME``, then to the appeal's own signature lines.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import string
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage

from ombuds.appeals.languages import DEFAULT_LANGUAGE, label
from ombuds.appeals.models import Office, OfficeWording

PATTERN_PARTS = ("reference", "number", "year")
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def get_office() -> Office | None:
    """The office profile, or None before an admin has saved one."""
    return Office.objects.prefetch_related("wordings").order_by("created_at").first()


def pattern_problem(pattern: str) -> str | None:
    """What is wrong with a reference-line pattern, or None when it can be used."""
    advice = "write it like No. {number}/{year}, with {reference}, {number} or {year} in braces."
    try:
        fields = [name for _text, name, _spec, _conv in string.Formatter().parse(pattern)]
    except ValueError as exc:
        return f"The reference line {pattern!r} cannot be read ({exc}): {advice}"
    unknown = sorted({f for f in fields if f is not None and f not in PATTERN_PARTS})
    if unknown:
        return f"The reference line names {', '.join(unknown)}, which it does not know: {advice}"
    try:
        pattern.format(reference="APL-2026-0001", number=1, year=2026)
    except (ValueError, KeyError, IndexError, AttributeError) as exc:
        return f"The reference line {pattern!r} cannot be read ({exc}): {advice}"
    return None


def reference_line(pattern: str, *, reference: str, letter_date: dt.date, language: str) -> str:
    """The letter's reference line: the pattern filled in, or "Ref. APL-2026-0001" without one.

    ``{number}`` is the number at the end of the reference (APL-2026-0001 -> 1)."""
    if not pattern or pattern_problem(pattern):
        return f"{label('ref', language)} {reference}"
    found = re.search(r"(\d+)\D*$", reference)
    number = int(found.group(1)) if found else 0
    return pattern.format(reference=reference, number=number, year=letter_date.year)


def _wording(office: Office | None, language: str) -> OfficeWording | None:
    if office is None:
        return None
    wordings = {w.language: w for w in office.wordings.all()}
    return (
        wordings.get(language)
        or wordings.get(DEFAULT_LANGUAGE)
        or next(iter(sorted(wordings.values(), key=lambda w: w.language)), None)
    )


def letterhead(
    *,
    language: str,
    reference: str,
    letter_date: dt.date,
    signatory: list[str],
    office: Office | None = None,
) -> dict[str, Any]:
    """The letterhead (office name, address lines, logo's stored name, reference line) and the
    signature block's lines for a letter in ``language``.

    ``signatory`` is the appeal's own signature (name, then office, one a line): when written,
    it signs the letter; when blank, the office's signatory in that language does."""
    office = office if office is not None else get_office()
    wording = _wording(office, language)
    name = wording.name if wording else str(settings.OMBUDS_OFFICE_NAME or "")
    if signatory:
        signs = list(signatory)
    elif wording is not None:
        signs = [line for line in (wording.signatory_name, wording.signatory_title, name) if line]
    else:
        signs = []
    head = [name] if name else list(signatory[1:])
    address = office.address if office is not None else ""
    return {
        "name": head,
        "address": [line.strip() for line in address.splitlines() if line.strip()],
        "logo": office.logo.name if office is not None and office.logo else "",
        "reference_line": reference_line(
            office.reference_pattern if office is not None else "",
            reference=reference,
            letter_date=letter_date,
            language=language,
        ),
        "signatory": signs,
    }


def logo_bytes(name: str) -> bytes:
    """The stored logo's bytes ("" name or a file gone: empty)."""
    if not name:
        return b""
    try:
        with default_storage.open(name, "rb") as handle:
            data: bytes = handle.read()
    except (FileNotFoundError, OSError):
        return b""
    return data


def logo_data_uri(name: str) -> str:
    """The stored logo as a data: URI, for the page, the print view and the PDF alike."""
    data = logo_bytes(name)
    if not data:
        return ""
    kind = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def letterhead_of(doc: dict[str, Any]) -> dict[str, Any]:
    """A composed document's letterhead; a copy frozen before the office profile existed gets
    the one it printed then (the signature's office lines, "Ref." and the reference)."""
    stored = doc.get("office")
    if stored:
        return dict(stored)
    labels: dict[str, str] = doc.get("labels") or {}
    ref = labels.get("ref") or label("ref", str(doc.get("language") or DEFAULT_LANGUAGE))
    return {
        "name": list(doc.get("signatory") or [])[1:],
        "address": [],
        "logo": "",
        "reference_line": f"{ref} {doc['reference']}",
    }


def office_template() -> bytes | None:
    """The office's own Word template, or None for the default one (``docx_template.py``)."""
    office = get_office()
    if office is None or not office.docx_template:
        return None
    try:
        with default_storage.open(str(office.docx_template.name), "rb") as handle:
            data: bytes = handle.read()
    except (FileNotFoundError, OSError):
        return None
    return data

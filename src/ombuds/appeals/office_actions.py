"""Writes of the office profile: letterhead, signatories per language, the Word template.

Each runs in one transaction and writes one audit row (``update_office``,
``set_docx_template``) with the old and new values; a stored file whose transaction fails is
removed again. A replaced logo or template stays stored: approved letters name the logo they
were approved with.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from ombuds.appeals.docx_template import check_template
from ombuds.appeals.errors import OfficeError
from ombuds.appeals.languages import LANGUAGES
from ombuds.appeals.models import Office, OfficeWording
from ombuds.appeals.office import LOGO_TYPES, pattern_problem
from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.core.integrity import file_sha256

MAX_LOGO_BYTES = 2 * 1024 * 1024
WORDING_FIELDS = ("name", "signatory_name", "signatory_title")


def _office_state(office: Office) -> dict[str, Any]:
    state = audit.snapshot(office, fields=("address", "reference_pattern"))
    state["logo"] = office.logo.name or ""
    state["docx_template"] = office.docx_template.name or ""
    if office.docx_template.name:
        state["docx_template_sha256"] = file_sha256(office.docx_template.name)
    state["wordings"] = {
        w.language: {name: getattr(w, name) for name in WORDING_FIELDS}
        for w in OfficeWording.objects.filter(office=office).order_by("language")
    }
    return state


def check_logo(data: bytes, *, name: str = "The logo") -> None:
    """Refuse a logo that is not a PNG or JPEG image of at most 2 MB, saying what to do."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_LOGO_BYTES:
        raise OfficeError(
            f"{name} is {len(data):,} bytes: make it smaller than 2 MB (a letterhead logo of "
            "600 pixels across is plenty) and upload it again."
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    if kind not in LOGO_TYPES:
        raise OfficeError(
            f"{name} is not a PNG or JPEG image: save it as PNG (or JPEG) and upload it again."
        )


def _locked_office() -> Office:
    office = Office.objects.select_for_update().order_by("created_at").first()
    return office if office is not None else Office.objects.create()


def do_save_office(
    *,
    address: str,
    reference_pattern: str,
    wordings: Mapping[str, Mapping[str, str]],
    logo: tuple[str, bytes] | None = None,
    remove_logo: bool = False,
    acting_user: Actor,
) -> Office:
    """Save the office profile: address, reference-line pattern, the office's name and its
    signatory per language (``wordings``: language -> name, signatory_name, signatory_title;
    a language with no name is removed), and a new logo (file name, bytes) or none.

    OfficeError, with nothing changed, for a pattern it cannot fill, a logo that is not a
    PNG or JPEG image, a language it does not know or a signatory without the office's name."""
    pattern = reference_pattern.strip()
    problem = pattern_problem(pattern) if pattern else None
    if problem:
        raise OfficeError(problem)
    for language, words in wordings.items():
        if language not in LANGUAGES:
            raise OfficeError(
                f"{language!r} is not one of the office's languages ({', '.join(LANGUAGES)})."
            )
        if not words.get("name", "").strip() and any(
            words.get(f, "").strip() for f in WORDING_FIELDS[1:]
        ):
            raise OfficeError(
                f"Give the office's name in {LANGUAGES[language]} as well as its signatory."
            )
    if logo is not None:
        check_logo(logo[1])
    stored = ""
    try:
        with transaction.atomic():
            office = _locked_office()
            before = _office_state(office)
            office.address = address.strip()
            office.reference_pattern = pattern
            if logo is not None:
                office.logo.save(logo[0] or "logo.png", ContentFile(logo[1]), save=False)
                stored = office.logo.name or ""
            elif remove_logo:
                office.logo = ""
            office.save()
            for language, words in wordings.items():
                values = {f: words.get(f, "").strip() for f in WORDING_FIELDS}
                if values["name"]:
                    OfficeWording.objects.update_or_create(
                        office=office, language=language, defaults=values
                    )
                else:
                    OfficeWording.objects.filter(office=office, language=language).delete()
            audit.record(
                actor=acting_user,
                action="update_office",
                instance=office,
                before=before,
                after=_office_state(office),
            )
    except Exception:
        if stored:  # the database rolled back: the file must not stay behind
            default_storage.delete(stored)
        raise
    return office


def do_set_docx_template(
    *, data: bytes | None, filename: str = "template.docx", acting_user: Actor
) -> Office:
    """Lay out the Word letters with the office's own template (``data``), or with the default
    one again (``data`` None). TemplateError, with the template in use kept, when it cannot
    lay out a letter (``docx_template.check_template``)."""
    if data is not None:
        check_template(data, name=filename or "The template")
    stored = ""
    try:
        with transaction.atomic():
            office = _locked_office()
            before = _office_state(office)
            if data is None:
                office.docx_template = ""
            else:
                office.docx_template.save(
                    filename or "template.docx", ContentFile(data), save=False
                )
                stored = office.docx_template.name or ""
            office.save()
            audit.record(
                actor=acting_user,
                action="set_docx_template",
                instance=office,
                before=before,
                after=_office_state(office),
            )
    except Exception:
        if stored:
            default_storage.delete(stored)
        raise
    return office

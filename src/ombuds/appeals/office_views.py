"""Pages of the office profile (admins): letterhead, signatories per language, Word template."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ombuds.appeals import office_actions
from ombuds.appeals.docx_template import PARTS, default_template, template_tag
from ombuds.appeals.errors import AppealError
from ombuds.appeals.forms import OfficeForm, TemplateForm
from ombuds.appeals.languages import DEFAULT_LANGUAGE
from ombuds.appeals.letters import CONTENT_TYPES
from ombuds.appeals.office import get_office, logo_data_uri, office_template, reference_line

CONFIGURE = "appeals.configure_office"


def _initial() -> dict[str, Any]:
    office = get_office()
    if office is None:
        return {}
    initial: dict[str, Any] = {
        "address": office.address,
        "reference_pattern": office.reference_pattern,
    }
    for wording in office.wordings.all():
        initial[f"name_{wording.language}"] = wording.name
        initial[f"signatory_name_{wording.language}"] = wording.signatory_name
        initial[f"signatory_title_{wording.language}"] = wording.signatory_title
    return initial


@permission_required(CONFIGURE, raise_exception=True)
def office_edit(request: HttpRequest) -> HttpResponse:
    form = OfficeForm(request.POST or None, request.FILES or None, initial=_initial())
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("logo")
        try:
            office_actions.do_save_office(
                address=form.cleaned_data["address"],
                reference_pattern=form.cleaned_data["reference_pattern"],
                wordings=form.wordings(),
                logo=(upload.name or "logo", upload.read()) if upload else None,
                remove_logo=form.cleaned_data["remove_logo"],
                acting_user=request.user,
            )
        except AppealError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Office profile saved: new letters use it.")
            return redirect("appeals:office")
    office = get_office()
    return render(
        request,
        "appeals/office.html",
        {
            "form": form,
            "office": office,
            "logo_src": logo_data_uri(str(office.logo.name)) if office and office.logo else "",
            "reference_example": reference_line(
                office.reference_pattern if office else "",
                reference="APL-2026-0001",
                letter_date=dt.date(2026, 3, 1),
                language=DEFAULT_LANGUAGE,
            ),
            "template_form": TemplateForm(),
            "own_template": bool(office and office.docx_template),
            "tags": [template_tag(part) for part in PARTS],
            "body_tag": template_tag("body"),
        },
    )


@require_POST
@permission_required(CONFIGURE, raise_exception=True)
def office_template_upload(request: HttpRequest) -> HttpResponse:
    form = TemplateForm(request.POST, request.FILES)
    if request.POST.get("default"):
        office_actions.do_set_docx_template(data=None, acting_user=request.user)
        messages.success(request, "Word letters use the default template again.")
    elif not form.is_valid():
        messages.error(request, "Choose a Word template (.docx) to upload.")
    else:
        upload = form.cleaned_data["template"]
        try:
            office_actions.do_set_docx_template(
                data=upload.read(),
                filename=upload.name or "template.docx",
                acting_user=request.user,
            )
        except AppealError as exc:
            messages.error(request, f"{exc} The template in use is kept.")
        else:
            messages.success(request, "Template saved: Word letters are laid out by it.")
    return redirect("appeals:office")


@permission_required(CONFIGURE, raise_exception=True)
def office_template_download(request: HttpRequest) -> HttpResponse:
    """The Word template in use (the office's own, else the default), to edit."""
    own = office_template()
    response = HttpResponse(own or default_template(), content_type=CONTENT_TYPES["docx"])
    name = "office-template.docx" if own else "default-template.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

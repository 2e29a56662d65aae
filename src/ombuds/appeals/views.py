"""Pages of the appeals app: list, draft, review and approve, letter downloads, dispatch,
responses and demands, the follow-up list, the addressee directory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ombuds.appeals import actions, dispatch_actions, queries, richtext
from ombuds.appeals.composed import compose_for, then_and_now_for
from ombuds.appeals.errors import AppealError
from ombuds.appeals.forms import (
    AddresseeForm,
    AppealForm,
    DemandForm,
    DemandStatusForm,
    EmailDispatchForm,
    ManualDispatchForm,
    ReleaseForm,
    ResendForm,
    ResponseForm,
)
from ombuds.appeals.languages import LANGUAGES
from ombuds.appeals.letters import CONTENT_TYPES, letter_name
from ombuds.appeals.letters import render as render_letter
from ombuds.appeals.models import WORKS_ON_APPEALS, Addressee, Appeal, AppealStatus, Dispatch
from ombuds.appeals.references import write_reference
from ombuds.appeals.rendering import version_of
from ombuds.core.four_eyes import same_person
from ombuds.sources.keyset import keyset_page


def _appeal_or_404(request: HttpRequest, appeal_id: object) -> Appeal:
    appeal = queries.get_appeal_by_id(appeal_id, user=request.user)
    if appeal is None:
        raise Http404("No such appeal.")
    return appeal


def _attempt(request: HttpRequest, step: Callable[[], Any], done: str) -> None:
    try:
        step()
    except AppealError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)


@permission_required("appeals.view_appeal", raise_exception=True)
def appeal_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in AppealStatus.values:
        status = ""
    page = keyset_page(
        queries.list_appeals(user=request.user, status=status), cursor=request.GET.get("after", "")
    )
    return render(
        request,
        "appeals/list.html",
        {"page": page, "status": status, "statuses": AppealStatus.choices},
    )


def _appeal_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = {
        "title": data["title"],
        "body": data["body"],
        "signatory": data["signatory"],
        "place": data["place"],
        "letter_date": data["letter_date"],
        "figures_since": data.get("figures_since"),
    }
    if data.get("language"):  # left out: the appeal keeps its language (new ones: English)
        fields["language"] = data["language"]
    return fields


def _citable(request: HttpRequest) -> dict[str, Any]:
    """The figure keys most claimed (optionally of one measure), with the reference to paste."""
    from ombuds.figures.index import list_figure_keys

    measure = request.GET.get("measure", "").strip()
    keys = list_figure_keys(user=request.user, measure=measure, limit=60)
    return {
        "citable": [(s, write_reference(s.key)) for s in keys],
        "citable_measure": measure,
    }


@permission_required("appeals.add_appeal", raise_exception=True)
def appeal_new(request: HttpRequest) -> HttpResponse:
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = actions.do_create_appeal(
                **_appeal_fields(form.cleaned_data),
                addressees=form.cleaned_data["addressees"],
                acting_user=request.user,
            )
        except AppealError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{appeal.reference} drafted.")
            return redirect("appeals:detail", appeal.pk)
    return render(request, "appeals/edit.html", {"form": form, "appeal": None, **_citable(request)})


@permission_required("appeals.change_appeal", raise_exception=True)
def appeal_edit(request: HttpRequest, appeal_id: str) -> HttpResponse:
    appeal = _appeal_or_404(request, appeal_id)
    initial = {
        "title": appeal.title,
        "body": richtext.as_html(appeal.body),
        "signatory": appeal.signatory,
        "place": appeal.place,
        "letter_date": appeal.letter_date,
        "language": appeal.language,
        "figures_since": appeal.figures_since,
        "addressees": list(appeal.addressees.all()),
    }
    form = AppealForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_appeal(
                appeal,
                changes=_appeal_fields(form.cleaned_data),
                addressees=form.cleaned_data["addressees"],
                acting_user=request.user,
            )
        except AppealError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Saved.")
            return redirect("appeals:detail", appeal.pk)
    return render(
        request, "appeals/edit.html", {"form": form, "appeal": appeal, **_citable(request)}
    )


@permission_required("appeals.view_appeal", raise_exception=True)
def appeal_detail(request: HttpRequest, appeal_id: str) -> HttpResponse:
    appeal = _appeal_or_404(request, appeal_id)
    first = compose_for(appeal, user=request.user)
    language = request.GET.get("lang", "")
    doc = version_of(first, language)
    then_and_now = then_and_now_for(appeal, user=request.user)
    dispatches = list(queries.list_dispatches_for_appeal(appeal))
    return render(
        request,
        "appeals/detail.html",
        {
            "appeal": appeal,
            "doc": doc,
            "first": first,
            "languages": [(code, LANGUAGES.get(code, code)) for code in first.get("languages", [])],
            "missing_languages": [
                (code, name)
                for code, name in LANGUAGES.items()
                if code not in first.get("languages", [appeal.language])
            ],
            "letter_date": dt.date.fromisoformat(doc["letter_date"]),
            "then_and_now": then_and_now,
            "demands": [
                (
                    d,
                    DemandStatusForm(
                        initial={"status": d.status, "evidence": d.evidence},
                        auto_id=f"id_demand{d.ordinal}_%s",
                    ),
                    queries.list_demand_history(d),
                )
                for d in appeal.demands.select_related("carried_from__appeal")
            ],
            "dispatches": [(d, d.follow_up()) for d in dispatches],
            "demand_form": DemandForm(),
            "email_form": EmailDispatchForm(
                initial={"addressees": [a for a in appeal.addressees.all() if a.email_list]}
            ),
            "manual_form": ManualDispatchForm(),
            "response_form": ResponseForm(),
            "has_failed": any(d.status == "failed" for d in dispatches),
            "release_form": ReleaseForm(),
            "resend_form": ResendForm(),
            "grace": settings.OMBUDS_DISPATCH_GRACE_MINUTES,
            "dispatch_details": request.user.has_perm(WORKS_ON_APPEALS),
            "may_approve": not same_person(appeal.submitted_by, request.user),
        },
    )


@require_POST
@permission_required("appeals.change_appeal", raise_exception=True)
def appeal_submit(request: HttpRequest, appeal_id: str) -> HttpResponse:
    appeal = _appeal_or_404(request, appeal_id)
    _attempt(
        request,
        lambda: actions.do_submit_appeal(appeal, acting_user=request.user),
        "Submitted for review.",
    )
    return redirect("appeals:detail", appeal.pk)


@require_POST
@permission_required("appeals.approve_appeal", raise_exception=True)
def appeal_return(request: HttpRequest, appeal_id: str) -> HttpResponse:
    appeal = _appeal_or_404(request, appeal_id)
    _attempt(
        request,
        lambda: actions.do_return_appeal(appeal, acting_user=request.user),
        "Returned to draft.",
    )
    return redirect("appeals:detail", appeal.pk)


@require_POST
@permission_required("appeals.approve_appeal", raise_exception=True)
def appeal_approve(request: HttpRequest, appeal_id: str) -> HttpResponse:
    appeal = _appeal_or_404(request, appeal_id)
    _attempt(
        request,
        lambda: actions.do_approve_appeal(appeal, acting_user=request.user),
        "Approved: the text, figures and notes are now frozen.",
    )
    return redirect("appeals:detail", appeal.pk)


@require_POST
@permission_required("appeals.add_appeal", raise_exception=True)
def appeal_next(request: HttpRequest, appeal_id: str) -> HttpResponse:
    appeal = _appeal_or_404(request, appeal_id)
    try:
        following = actions.do_start_next_appeal(appeal, acting_user=request.user)
    except AppealError as exc:
        messages.error(request, str(exc))
        return redirect("appeals:detail", appeal.pk)
    messages.success(request, f"{following.reference} started from {appeal.reference}.")
    return redirect("appeals:detail", following.pk)


# The print view is one self-contained document (its styles inline, as WeasyPrint reads it for
# the PDF): the only page whose CSP allows inline styles; scripts stay forbidden.
@csp_update({"style-src": [UNSAFE_INLINE]})  # type: ignore[arg-type]  # typed for (request) views only
@permission_required("appeals.view_appeal", raise_exception=True)
def appeal_letter(request: HttpRequest, appeal_id: str, fmt: str) -> HttpResponse:
    appeal = _appeal_or_404(request, appeal_id)
    doc = compose_for(appeal, user=request.user, language=request.GET.get("lang"))
    try:
        data = render_letter(doc, fmt)
    except AppealError as exc:
        messages.error(request, str(exc))
        return redirect("appeals:detail", appeal.pk)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    if fmt != "html":
        response["Content-Disposition"] = f'attachment; filename="{letter_name(doc)}.{fmt}"'
    return response


@require_POST
@permission_required("appeals.change_appeal", raise_exception=True)
def demand_add(request: HttpRequest, appeal_id: str) -> HttpResponse:
    appeal = _appeal_or_404(request, appeal_id)
    form = DemandForm(request.POST)
    if not form.is_valid():
        messages.error(request, "A demand needs the party addressed and what is asked.")
    else:
        _attempt(
            request,
            lambda: actions.do_add_demand(appeal, **form.cleaned_data, acting_user=request.user),
            "Demand added.",
        )
    return redirect("appeals:detail", appeal.pk)


@require_POST
@permission_required("appeals.change_demand", raise_exception=True)
def demand_status(request: HttpRequest, demand_id: str) -> HttpResponse:
    demand = queries.get_demand_by_id(demand_id)
    if demand is None:
        raise Http404("No such demand.")
    form = DemandStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a status.")
    else:
        _attempt(
            request,
            lambda: actions.do_set_demand_status(
                demand, **form.cleaned_data, acting_user=request.user
            ),
            "Demand status recorded.",
        )
    return redirect("appeals:detail", demand.appeal_id)


@require_POST
@permission_required("appeals.dispatch_appeal", raise_exception=True)
def dispatch_email(request: HttpRequest, appeal_id: str) -> HttpResponse:
    appeal = _appeal_or_404(request, appeal_id)
    form = EmailDispatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose at least one addressee with an email address.")
    else:
        _attempt(
            request,
            lambda: dispatch_actions.do_queue_email_dispatch(
                appeal, addressees=form.cleaned_data["addressees"], acting_user=request.user
            ),
            "Queued: the worker sends the emails; reload to see each outcome.",
        )
    return redirect("appeals:detail", appeal.pk)


@require_POST
@permission_required("appeals.dispatch_appeal", raise_exception=True)
def dispatch_retry(request: HttpRequest, appeal_id: str) -> HttpResponse:
    appeal = _appeal_or_404(request, appeal_id)
    _attempt(
        request,
        lambda: dispatch_actions.do_retry_failed_dispatches(appeal, acting_user=request.user),
        "Failed emails queued again; those already sent are not sent twice.",
    )
    return redirect("appeals:detail", appeal.pk)


@require_POST
@permission_required("appeals.dispatch_appeal", raise_exception=True)
def dispatch_manual(request: HttpRequest, appeal_id: str) -> HttpResponse:
    appeal = _appeal_or_404(request, appeal_id)
    form = ManualDispatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the addressee, the channel and the date it was sent.")
    else:
        _attempt(
            request,
            lambda: dispatch_actions.do_record_manual_dispatch(
                appeal, **form.cleaned_data, acting_user=request.user
            ),
            "Dispatch recorded.",
        )
    return redirect("appeals:detail", appeal.pk)


@require_POST
@permission_required("appeals.dispatch_appeal", raise_exception=True)
def dispatch_release(request: HttpRequest, dispatch_id: str) -> HttpResponse:
    dispatch = queries.get_dispatch_by_id(dispatch_id)
    if dispatch is None:
        raise Http404("No such dispatch.")
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the dispatch is released: the reason is required.")
    else:
        _attempt(
            request,
            lambda: dispatch_actions.do_release_stuck_dispatch(
                dispatch, reason=form.cleaned_data["reason"], acting_user=request.user
            ),
            f"Released: the email to {dispatch.addressee} counts as failed and can be retried. "
            f"{dispatch.delivery_warning()}",
        )
    target = request.POST.get("next", "")
    if target.startswith("/appeals/") and url_has_allowed_host_and_scheme(target, None):
        return redirect(target)
    return redirect("appeals:detail", dispatch.appeal_id)


@require_POST
@permission_required("appeals.dispatch_appeal", raise_exception=True)
def dispatch_resend(request: HttpRequest, dispatch_id: str) -> HttpResponse:
    dispatch = queries.get_dispatch_by_id(dispatch_id)
    if dispatch is None:
        raise Http404("No such dispatch.")
    form = ResendForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why it is sent again: the reason is required.")
    else:
        _attempt(
            request,
            lambda: dispatch_actions.do_resend_uncertain_dispatch(
                dispatch, reason=form.cleaned_data["reason"], acting_user=request.user
            ),
            f"Queued again with the same Message-ID ({dispatch.message_id}).",
        )
    return redirect("appeals:detail", dispatch.appeal_id)


@require_POST
@permission_required("appeals.add_response", raise_exception=True)
def response_add(request: HttpRequest, dispatch_id: str) -> HttpResponse:
    dispatch = queries.get_dispatch_by_id(dispatch_id)
    if dispatch is None:
        raise Http404("No such dispatch.")
    form = ResponseForm(request.POST, request.FILES)
    if not form.is_valid():
        problems = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in form.errors.items())
        messages.error(request, f"The reply was not logged ({problems}).")
    else:
        _attempt(
            request,
            lambda: dispatch_actions.do_log_response(
                dispatch, **form.cleaned_data, acting_user=request.user
            ),
            "Reply logged.",
        )
    return redirect("appeals:detail", dispatch.appeal_id)


@permission_required("appeals.view_appeal", raise_exception=True)
def response_file(request: HttpRequest, response_id: str) -> FileResponse:
    """A stored reply file, for those who may see its appeal (``Appeal.objects.visible_to``):
    files under MEDIA_ROOT are never served from a public path."""
    response = queries.get_response_by_id(response_id, user=request.user)
    if response is None or not response.file:
        raise Http404("No such reply file.")
    try:
        handle = response.file.open("rb")
    except FileNotFoundError:
        raise Http404("The stored file is missing: restore it from a backup.") from None
    name = (response.file.name or "reply").rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)


def _due_row(dispatch: Dispatch, today: dt.date) -> tuple[Dispatch, str, dt.date | None, int]:
    """A follow-up row: the dispatch, its reply status, when its reply is due, days overdue."""
    due_on = dispatch.reply_due()
    late = (today - due_on).days if due_on is not None else 0
    return dispatch, dispatch.follow_up(today=today), due_on, late


@permission_required(WORKS_ON_APPEALS, raise_exception=True)
def follow_up(request: HttpRequest) -> HttpResponse:
    overdue = request.GET.get("show") == "overdue"
    due, cursor = queries.list_due_follow_ups(after=request.GET.get("after", ""), overdue=overdue)
    today = timezone.now().date()
    return render(
        request,
        "appeals/follow_up.html",
        {
            "stuck": list(queries.list_stuck_dispatches()[: queries.FOLLOW_UP_PAGE]),
            "grace": settings.OMBUDS_DISPATCH_GRACE_MINUTES,
            "release_form": ReleaseForm(),
            "resend_form": ResendForm(),
            "due": [_due_row(d, today) for d in due],
            "overdue_only": overdue,
            "next_cursor": cursor,
            "first": not request.GET.get("after"),
            "days": settings.OMBUDS_APPEAL_REPLY_DAYS,
        },
    )


@permission_required("appeals.view_addressee", raise_exception=True)
def addressee_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "appeals/addressees.html",
        {
            "addressees": queries.list_addressees(),
            "show_emails": request.user.has_perm("appeals.change_addressee"),
            "default_days": settings.OMBUDS_APPEAL_REPLY_DAYS,
        },
    )


@permission_required("appeals.view_addressee", raise_exception=True)
def addressee_detail(request: HttpRequest, addressee_id: str) -> HttpResponse:
    """An addressee with every appeal it was sent (newest first, 50 a page) and each reply."""
    addressee = queries.get_addressee_by_id(addressee_id)
    if addressee is None:
        raise Http404("No such addressee.")
    page = keyset_page(
        queries.list_dispatches_for_addressee(addressee, user=request.user),
        cursor=request.GET.get("after", ""),
    )
    today = timezone.now().date()
    return render(
        request,
        "appeals/addressee.html",
        {
            "addressee": addressee,
            "page": page,
            "rows": [_due_row(d, today) for d in page.rows],
            "default_days": settings.OMBUDS_APPEAL_REPLY_DAYS,
            "show_emails": request.user.has_perm("appeals.change_addressee"),
            "dispatch_details": request.user.has_perm(WORKS_ON_APPEALS),
        },
    )


@permission_required("appeals.add_addressee", raise_exception=True)
def addressee_edit(request: HttpRequest, addressee_id: str | None = None) -> HttpResponse:
    addressee: Addressee | None = None
    initial: dict[str, Any] = {}
    if addressee_id is not None:
        addressee = queries.get_addressee_by_id(addressee_id)
        if addressee is None:
            raise Http404("No such addressee.")
        if not request.user.has_perm("appeals.change_addressee"):
            raise Http404("No such addressee.")
        initial = {
            name: getattr(addressee, name)
            for name in (
                "organisation",
                "category",
                "emails",
                "postal_address",
                "language",
                "reply_days",
                "notes",
            )
        }
    form = AddresseeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_addressee(
                addressee,
                **form.cleaned_data,
                synthetic=addressee.synthetic if addressee else False,
                acting_user=request.user,
            )
        except AppealError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Addressee saved.")
            return redirect("appeals:addressees")
    return render(request, "appeals/addressee_edit.html", {"form": form, "addressee": addressee})

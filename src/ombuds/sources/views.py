"""Pages of the sources app: list, upload, a source with its claims and copies, metadata,
re-extraction."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ombuds.claims import labels
from ombuds.claims.actions import do_reextract_source
from ombuds.sources import queries
from ombuds.sources.actions import (
    METADATA_FIELDS,
    do_ingest_source,
    do_queue_ingest_job,
    do_update_source_metadata,
)
from ombuds.sources.copy_actions import do_join_copies, do_split_copy
from ombuds.sources.errors import SourceError
from ombuds.sources.forms import (
    JoinCopiesForm,
    MetadataForm,
    SourceFilterForm,
    SplitCopyForm,
    UploadForm,
)
from ombuds.sources.highlighting import highlight
from ombuds.sources.keyset import keyset_page
from ombuds.sources.models import Source
from ombuds.sources.ocr_actions import do_queue_ocr
from ombuds.sources.text_windows import text_window, window_of


def _source_or_404(request: HttpRequest, source_id: object) -> Source:
    # A source the user may not see answers 404, like one that does not exist.
    source = queries.get_source_by_id(source_id, user=request.user)
    if source is None:
        raise Http404("No such source.")
    return source


def _query_without(request: HttpRequest, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


@permission_required("sources.view_source", raise_exception=True)
def source_list(request: HttpRequest) -> HttpResponse:
    form = SourceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    sources = queries.list_sources(user=request.user, **{k: v for k, v in filters.items() if v})
    page = keyset_page(sources, cursor=request.GET.get("after", ""))
    return render(
        request,
        "sources/list.html",
        {
            "form": form,
            "page": page,
            "query": _query_without(request, "after"),
            "publishers": queries.publishers(user=request.user),
        },
    )


@permission_required("sources.add_source", raise_exception=True)
def source_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads = form.cleaned_data["document"]
        metadata = {name: form.cleaned_data[name] for name in METADATA_FIELDS}
        # Several files, or one large enough that reading it and finding its claims would
        # outlast a request, go to the task worker; the job's page shows progress.
        if len(uploads) > 1 or (uploads[0].size or 0) > settings.OMBUDS_INGEST_INLINE_BYTES:
            try:
                job = do_queue_ingest_job(uploads, acting_user=request.user, **metadata)
            except SourceError as exc:
                form.add_error("document", str(exc))
            else:
                queued = f"{job.total} files" if job.total > 1 else "The file is large and"
                messages.info(request, f"{queued} queued: this page shows progress.")
                return redirect("sources:ingest_job", job_id=job.pk)
            return render(request, "sources/upload.html", {"form": form}, status=400)
        (upload,) = uploads
        try:
            source, created = do_ingest_source(
                upload.read(), filename=upload.name, acting_user=request.user, **metadata
            )
        except SourceError as exc:
            form.add_error("document", str(exc))
        else:
            if created and source.read_by_ocr:
                messages.info(
                    request,
                    "Stored. The file holds pictures of pages, not text: the task worker reads "
                    "them by OCR, and this page shows how far it has got.",
                )
            elif created:
                messages.success(
                    request, f"Stored; {labels.count(source.claims.count(), 'claim')} extracted."
                )
            elif queries.get_source_by_id(source.pk, user=request.user) is None:
                form.add_error(
                    "document",
                    "These exact bytes are stored already, as a source your role may not see: "
                    "ask an editor for it.",
                )
                return render(request, "sources/upload.html", {"form": form}, status=400)
            else:
                messages.info(request, "These exact bytes were stored already: here they are.")
            return redirect("sources:detail", source_id=source.pk)
    return render(
        request, "sources/upload.html", {"form": form}, status=400 if form.errors else 200
    )


@permission_required("sources.view_source", raise_exception=True)
def source_detail(request: HttpRequest, source_id: str) -> HttpResponse:
    source = _source_or_404(request, source_id)
    try:
        number = int(request.GET.get("part", "1")) - 1
    except ValueError:
        number = 0
    # A link to one claim's passage (?claim=<ordinal>) opens the window that holds it.
    ordinal = request.GET.get("claim", "")
    if "part" not in request.GET and ordinal.isdigit():
        offset = queries.get_claim_offset(source, int(ordinal))
        if offset is not None:
            number = window_of(source, offset)
    window = text_window(source, number)
    end = window.start + len(window.text)
    claims = queries.list_claims_in_window(source, start=window.start, end=end)
    for claim in claims:  # a parent in another window is linked to that window
        parent = claim.parent
        if parent is not None and not window.start <= parent.span_start < end:
            claim.parent_part = window_of(source, parent.span_start) + 1  # type: ignore[attr-defined]
    marked = highlight(window.text, claims, offset=window.start, window=window.count > 1)
    ocr_job = queries.get_latest_ocr_job(source) if source.read_by_ocr else None
    return render(
        request,
        "sources/detail.html",
        {
            "source": source,
            "claims": claims,
            "claims_total": queries.count_claims_for_source(source),
            "window": window,
            "window_end": end,
            "part": window.number + 1,
            "parts": window.count,
            "marked_text": marked,
            "ocr_job": ocr_job,
            "ocr_reading": ocr_job is not None and ocr_job.in_progress,
            "copies": queries.list_copies_of(source, user=request.user),
            "split_form": SplitCopyForm(),
            "join_form": JoinCopiesForm(),
        },
    )


@permission_required("sources.view_source", raise_exception=True)
def source_file(request: HttpRequest, source_id: str) -> FileResponse:
    source = _source_or_404(request, source_id)
    try:
        handle = source.file.open("rb")
    except FileNotFoundError:
        raise Http404("The stored file is missing: restore it from a backup.") from None
    return FileResponse(handle, as_attachment=True, filename=source.filename)


@permission_required("sources.change_source", raise_exception=True)
def source_edit(request: HttpRequest, source_id: str) -> HttpResponse:
    source = _source_or_404(request, source_id)
    initial = {name: getattr(source, name) for name in METADATA_FIELDS}
    form = MetadataForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in METADATA_FIELDS}
        try:
            do_update_source_metadata(source, changes=changes, acting_user=request.user)
        except SourceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Metadata saved.")
            return redirect("sources:detail", source_id=source.pk)
    return render(
        request,
        "sources/edit.html",
        {"form": form, "source": source},
        status=400 if form.errors else 200,
    )


@require_POST
@permission_required("sources.change_source", raise_exception=True)
def source_reextract(request: HttpRequest, source_id: str) -> HttpResponse:
    source = _source_or_404(request, source_id)
    do_reextract_source(source, acting_user=request.user)
    messages.success(request, f"Re-extracted: {source.claims.count()} claims.")
    return redirect("sources:detail", source_id=source.pk)


@require_POST
@permission_required("sources.change_source", raise_exception=True)
def source_ocr(request: HttpRequest, source_id: str) -> HttpResponse:
    source = _source_or_404(request, source_id)
    try:
        do_queue_ocr(source, acting_user=request.user)
    except SourceError as exc:
        messages.error(request, str(exc))
    else:
        messages.info(request, "The text will be read again by OCR: this page shows progress.")
    return redirect("sources:detail", source_id=source.pk)


@permission_required("sources.add_source", raise_exception=True)
def ingest_job(request: HttpRequest, job_id: str) -> HttpResponse:
    job = queries.get_ingest_job(job_id, user=request.user)
    if job is None:
        raise Http404("No such ingest job.")
    files = queries.list_ingest_files(job, user=request.user)
    return render(request, "sources/ingest_job.html", {"job": job, "files": files})


@require_POST
@permission_required("sources.review_copies", raise_exception=True)
def source_split_copy(request: HttpRequest, source_id: str) -> HttpResponse:
    source = _source_or_404(request, source_id)
    form = SplitCopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why this source is not a copy: the reason is kept with it.")
        return redirect("sources:detail", source_id=source.pk)
    try:
        do_split_copy(source, reason=form.cleaned_data["reason"], acting_user=request.user)
    except SourceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Taken out of its group of copies: it counts as its own text.")
    return redirect("sources:detail", source_id=source.pk)


@require_POST
@permission_required("sources.review_copies", raise_exception=True)
def source_join_copies(request: HttpRequest, source_id: str) -> HttpResponse:
    source = _source_or_404(request, source_id)
    form = JoinCopiesForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect("sources:detail", source_id=source.pk)
    other = queries.get_source_by_id(form.cleaned_data["other"], user=request.user)
    if other is None or other.pk == source.pk:
        messages.error(request, "No other source has that id: copy the address of its page.")
        return redirect("sources:detail", source_id=source.pk)
    try:
        do_join_copies(source, other, reason=form.cleaned_data["reason"], acting_user=request.user)
    except SourceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Joined: the two count as one text in findings and footnotes.")
    return redirect("sources:detail", source_id=source.pk)

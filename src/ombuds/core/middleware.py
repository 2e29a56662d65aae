"""Requests refused before any view runs.

``refuse_nul_characters``: a NUL character (``%00``) in the query string is refused with 400 on
every page and API route. PostgreSQL cannot hold one even in a search term, so a filter such as
``?title=%00`` would otherwise fail deep in the database with a 500; no real filter value holds
one. Forms refuse NUL in what they post on their own (Django's CharField).

``OwnNotFoundPage``: a page a view cannot find (``Http404``: no such record, or one the user
may not see) is the site's own "Not found" page, also where ``DEBUG`` is on (``make demo``),
where Django would otherwise show its debug page, which names the view, the lookup and the
address patterns.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render


def refuse_nul_characters(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in request.GET.getlist(key))
            for key in request.GET
        ):
            return HttpResponseBadRequest(
                "The address holds a NUL character (%00): remove it and try again.",
                content_type="text/plain; charset=utf-8",
            )
        return get_response(request)

    return middleware


class OwnNotFoundPage:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404):
            return render(request, "404.html", status=404)
        return None

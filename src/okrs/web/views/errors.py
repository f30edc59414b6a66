"""The answer to an exception no view handled (`handler500` in `okrs.urls`).

A database busy past its wait (`okrs.busy`) is a 503 with `Retry-After`: a page that
says to try again, or under /api/ the API's error shape. Anything else is Django's 500.
Exceptions from middleware (a session saved after the view) end here too.
"""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults

from okrs.busy import MESSAGE, RETRY_AFTER_SECONDS, is_busy


def server_error(request: HttpRequest) -> HttpResponse:
    """503 for a busy database, else Django's plain 500."""
    if not is_busy(sys.exc_info()[1]):
        return defaults.server_error(request)
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": MESSAGE, "errors": []}, status=503)
    else:
        response = render(request, "okrs/busy.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response

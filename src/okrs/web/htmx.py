"""The request type of views that answer HTMX as well as plain browser requests."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that django-htmx's middleware has annotated."""

    htmx: HtmxDetails

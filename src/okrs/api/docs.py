"""Interactive API docs (Swagger UI) served from django-ninja's bundled files, never a CDN.

ninja renders its offline page only when "ninja" is in INSTALLED_APPS and otherwise
falls back to a CDN; here the page and its four assets are served by the API itself,
so the docs work on an air-gapped install and leak no visit to a third party.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html, json_script
from ninja.openapi.docs import DocsBase

ASSETS_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png")
ASSET_URL_NAME = "api-docs-asset"
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="stylesheet" href="{css}">
<link rel="icon" href="{icon}" type="image/png">
</head>
<body data-csrf-token="{csrf}" data-api-csrf="true">
{settings}
<div id="swagger-ui"></div>
<script src="{bundle}"></script>
<script src="{init}"></script>
</body>
</html>
"""


class OfflineSwagger(DocsBase):
    """Swagger UI whose page, scripts and styles all come from this server."""

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
        }
        html = format_html(
            PAGE,
            title=api.title,
            css=asset_url("swagger-ui.css"),
            icon=asset_url("favicon.png"),
            csrf=get_token(request),
            settings=json_script(settings, "swagger-settings"),
            bundle=asset_url("swagger-ui-bundle.js"),
            init=asset_url("swagger-ui-init.js"),
        )
        return HttpResponse(html)


def asset_url(name: str) -> str:
    return reverse(ASSET_URL_NAME, args=[name])


def asset(request: HttpRequest, name: str) -> FileResponse:
    """One of Swagger UI's files, cached by the browser for a day."""
    if name not in ASSETS:
        raise Http404(name)
    response = FileResponse((ASSETS_DIR / name).open("rb"))
    response["Cache-Control"] = "public, max-age=86400"
    return response

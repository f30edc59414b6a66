"""URL routes of the REST API v1 (mounted at /api/v1/ by okrs.urls)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt

from okrs.api import docs
from okrs.api.errors import ApiError, error_response
from okrs.api.main import api


@csrf_exempt
def unknown_path(request: HttpRequest, rest: str) -> HttpResponse:
    """A JSON 404 for any path under /api/v1/ that names no endpoint."""
    return error_response(api, request, ApiError(404, f"no endpoint at {request.path}"))


urlpatterns = [
    path("docs/assets/<str:name>", docs.asset, name=docs.ASSET_URL_NAME),
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", unknown_path),
]

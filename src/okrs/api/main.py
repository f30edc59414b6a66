"""The REST API v1: one NinjaAPI with a router per resource, served under /api/v1/.

Authentication is a bearer token or the browser session (`okrs.api.auth`); errors
always take the shape of `okrs.api.errors.Error`; answers are always valid JSON
(`okrs.api.renderer`); OpenAPI is at /api/v1/openapi.json and the interactive docs at
/api/v1/docs, served offline (`okrs.api.docs`).
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from okrs.api import (
    check_ins,
    cycles,
    errors,
    files,
    initiatives,
    key_results,
    kpis,
    objectives,
    teams,
    tokens,
)
from okrs.api.auth import AUTH
from okrs.api.docs import OfflineSwagger
from okrs.api.parser import StrictParser
from okrs.api.renderer import FiniteJSONRenderer

URI_TOO_LONG = {
    "description": (
        "The request line is too long (gunicorn refuses one over 4 KiB, as most proxies "
        "do) and is answered before the API reads it, in the server's own format."
    )
}


class Api(NinjaAPI):
    """The API whose OpenAPI document also lists the answers the server gives before
    the API runs, so that a client (or `st run --checks all`) expects them."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation["responses"].setdefault(414, URI_TOO_LONG)
        return schema


api = Api(
    title="okrs",
    version="1",
    description=(
        "OKRs for product teams: cycles, objectives, key results with their scores, "
        "check-ins, initiatives and KPIs, import/export of OKR files and the coach. "
        "Authenticate with `Authorization: Bearer <token>` (`okrs token create EMAIL`) "
        "or a signed-in browser session. Objects are addressed by id or by key."
    ),
    urls_namespace="api-v1",
    auth=AUTH,
    docs=OfflineSwagger(),
    parser=StrictParser(),
    renderer=FiniteJSONRenderer(),
)
errors.install(api)

api.add_router("/cycles", cycles.router)
api.add_router("/teams", teams.router)
api.add_router("/people", teams.people_router)
api.add_router("/objectives", objectives.router)
api.add_router("/key-results", key_results.router)
api.add_router("/check-ins", check_ins.router)
api.add_router("/initiatives", initiatives.router)
api.add_router("/kpis", kpis.router)
api.add_router("/measurements", kpis.measurements_router)
api.add_router("/tokens", tokens.router)
api.add_router("", files.router)

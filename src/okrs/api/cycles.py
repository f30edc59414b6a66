"""Cycles: their list, a cycle's whole score document, its OKR file export, and deleting an
empty one (admins)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from okrs.api import queries
from okrs.api.auth import actor
from okrs.api.errors import READ_ERRORS, WRITE_ERRORS
from okrs.api.pagination import paginate
from okrs.api.schemas import AsOfQuery, CycleOut, CycleQuery, CycleScoreOut, Page
from okrs.core.okrfile import dump_json, dump_yaml
from okrs.goals.models import Cycle
from okrs.goals.services import delete_cycle, score_cycle
from okrs.goals.snapshots import load_plan

router = Router(tags=["cycles"])

COLUMNS = queries.Columns(
    {"id": "id", "key": "key", "start": "start", "end": "end", "state": "state"}
)
EXPORTS = {
    "yaml": (dump_yaml, "application/yaml; charset=utf-8"),
    "json": (dump_json, "application/json"),
}
EXPORT_RESPONSE = {
    200: {
        "description": "The cycle as an OKR file, as `okrs export` writes it.",
        "content": {
            "application/yaml": {"schema": {"type": "object"}},
            "application/json": {"schema": {"type": "object"}},
        },
    }
}


@router.get("", response={200: Page[CycleOut], **READ_ERRORS})
def list_cycles(request: HttpRequest, query: Query[CycleQuery]) -> dict[str, Any]:
    """Cycles, the latest first, optionally in one state."""
    selection = Cycle.objects.order_by("-start", "id")
    if query.state is not None:
        selection = selection.filter(state=query.state)
    return paginate(request, COLUMNS.select(selection), query, COLUMNS.bodies)


@router.get("/{ref}", response={200: CycleOut, **READ_ERRORS})
def get_cycle(request: HttpRequest, ref: str) -> dict[str, Any]:
    """One cycle by id or key."""
    return COLUMNS.body(Cycle.objects.all(), find(ref).pk)


@router.get("/{ref}/score", response={200: CycleScoreOut, **READ_ERRORS})
def get_cycle_score(request: HttpRequest, ref: str, query: Query[AsOfQuery]) -> dict[str, Any]:
    """Every figure of the cycle as of a day: the document `okrs score --json` prints."""
    score = score_cycle(find(ref).key, as_of=query.as_of, actor=actor(request))
    return score.as_dict()


@router.get("/{ref}/export", response=READ_ERRORS, openapi_extra={"responses": EXPORT_RESPONSE})
def export_cycle(
    request: HttpRequest, ref: str, format: Literal["yaml", "json"] = "yaml"
) -> HttpResponse:
    """The cycle as an OKR file (YAML or JSON) that `POST /import` reads back."""
    dump, content_type = EXPORTS[format]
    cycle = find(ref)
    text = dump(load_plan(cycle, actor=actor(request)))
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{cycle.key}.{format}"'
    return response


@router.delete("/{ref}", response={204: None, **WRITE_ERRORS})
def delete_empty_cycle(request: HttpRequest, ref: str) -> Status[None]:
    """Delete a cycle without objectives and initiatives (admins); 409 when it has some."""
    delete_cycle(find(ref).key, actor=actor(request))
    return Status(204, None)


def find(ref: str) -> Cycle:
    return queries.get_ref(Cycle.objects.all(), ref, "cycle")

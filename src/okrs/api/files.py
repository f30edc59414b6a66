"""OKR files over HTTP: import a whole cycle (all or nothing) and lint a draft.

The body is the file itself, YAML (`application/yaml`, `text/yaml`) or JSON
(`application/json`), in the format of `okrs import` and `okrs export`. Problems come
back as a 422 listing every one with its line and field, as the CLI prints them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from okrs.api.auth import READ_ONLY_AUTH, actor
from okrs.api.errors import WRITE_ERRORS, ApiError, Error
from okrs.api.schemas import Findings, ImportOut, QueryDate
from okrs.core import coach
from okrs.core.domain import Plan
from okrs.core.errors import Invalid
from okrs.core.okrfile import parse_okr_file
from okrs.goals.services import import_okr_file

router = Router(tags=["OKR files"])

FORMATS = {
    "application/yaml": "yaml",
    "application/x-yaml": "yaml",
    "text/yaml": "yaml",
    "application/json": "json",
}
FILE_BODY = {
    "requestBody": {
        "required": True,
        "description": "An OKR file (a YAML or JSON document), as `okrs export` writes it.",
        "content": {content_type: {"schema": {"type": "object"}} for content_type in FORMATS},
    }
}
FILE_ERRORS = {**WRITE_ERRORS, 415: Error}


class LintQuery(Schema):
    as_of: QueryDate = Field(
        None, description="Run the rules about dates (stale check-ins) as of this day."
    )
    select: list[str] = Field([], description="Only these codes or prefixes, e.g. OKR2.")
    ignore: list[str] = Field([], description="Skip these codes or prefixes.")


@router.post("/import", response={200: ImportOut, **FILE_ERRORS}, openapi_extra=FILE_BODY)
def import_file(request: HttpRequest) -> dict[str, Any]:
    """Create or update a whole cycle from an OKR file, by key; importing twice changes nothing."""
    text, filename = file_text(request)
    report = import_okr_file(text, filename, actor=actor(request))
    return {"changed": report.changed, "report": report.as_dict()}


@router.post(
    "/lint",
    response={200: Findings, **FILE_ERRORS},
    openapi_extra=FILE_BODY,
    auth=READ_ONLY_AUTH,
)
def lint_file(request: HttpRequest, query: Query[LintQuery]) -> dict[str, Any]:
    """The coach's findings on a draft OKR file; nothing is stored (a read-scope token may call it)."""
    text, filename = file_text(request)
    plan = parse_okr_file(text, filename, for_lint=True).plan
    return {"findings": lint(plan, query.as_of, query.select, query.ignore)}


def file_text(request: HttpRequest) -> tuple[str, str]:
    """The body as text, and the name its problems are reported under."""
    content_type = request.content_type or ""
    kind = FORMATS.get(content_type.lower())
    if kind is None:
        raise ApiError(
            415, f"send the OKR file as {', '.join(FORMATS)}, not {content_type or 'nothing'}"
        )
    try:
        return request.body.decode("utf-8"), f"request.{kind}"
    except UnicodeDecodeError:
        raise ApiError(400, "the body is not UTF-8 text: send it as UTF-8") from None


def lint(plan: Plan, as_of: date | None, select: list[str], ignore: list[str]) -> list[Any]:
    """Findings as `okrs lint --json` has them; unknown codes in select or ignore are a 422."""
    chosen = {"select": [c.upper() for c in select], "ignore": [c.upper() for c in ignore]}
    problems = []
    for name, codes in chosen.items():
        try:
            coach.selected_codes(codes)
        except ValueError as error:
            problems.append((name, str(error)))
    if problems:
        raise Invalid.each(problems)
    findings = coach.lint(plan, as_of=as_of, select=chosen["select"], ignore=chosen["ignore"])
    return [finding.as_dict() for finding in findings]

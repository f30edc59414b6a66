"""The caller's own API tokens: list, create (the raw token is shown once), revoke.

Creating and revoking are writes, so a read-scope token cannot mint a write-scope one.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from okrs.api import queries
from okrs.api.auth import actor
from okrs.api.errors import READ_ERRORS, WRITE_ERRORS
from okrs.api.pagination import paginate
from okrs.api.schemas import NewTokenOut, Page, PageQuery, TokenIn, TokenOut
from okrs.people.services import create_token, list_tokens, revoke_token

router = Router(tags=["tokens"])

COLUMNS = queries.Columns(
    {
        name: name
        for name in (
            "id",
            "name",
            "prefix",
            "scope",
            "created_at",
            "last_used_at",
            "expires_at",
            "revoked_at",
        )
    }
)


@router.get("", response={200: Page[TokenOut], **READ_ERRORS})
def list_own_tokens(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """Your tokens, newest first, revoked ones included."""
    return paginate(request, COLUMNS.select(list_tokens(actor(request))), query, COLUMNS.bodies)


@router.post("", response={201: NewTokenOut, **WRITE_ERRORS})
def create_own_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    """A new token for yourself, expiring if asked; copy `token` now, it cannot be shown again."""
    new = create_token(
        actor(request),
        scope=payload.scope,
        name=payload.name,
        expires_at=payload.expires_at,
        expires_in_days=payload.expires_in_days,
    )
    return Status(
        201, {**COLUMNS.body(list_tokens(actor(request)), new.token.pk), "token": new.raw}
    )


@router.delete("/{int:token_id}", response={204: None, **WRITE_ERRORS})
def revoke_own_token(request: HttpRequest, token_id: int) -> Status[None]:
    """Revoke one of your tokens; it stops working at once."""
    revoke_token(queries.get_id(list_tokens(actor(request)), token_id, "token"))
    return Status(204, None)

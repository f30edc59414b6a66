"""Who is calling: a bearer token (scripts, CI) or the browser's session (with CSRF).

A token is an `ApiToken`: stored hashed, revocable, optionally expiring, its last use
recorded. A token of read scope may call every safe method and the operations marked
read-only (lint); any other write answers 403, and so does a write token whose person's
role no longer writes (a member made a viewer). What the person behind the token may
then see and change is decided by the services through `okrs.people.permissions`,
exactly as in the web app.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from okrs.api.errors import ApiError
from okrs.core.choices import TokenScope
from okrs.core.errors import Forbidden
from okrs.people.models import User
from okrs.people.permissions import require_token_scope
from okrs.people.services import TokenExpired, authenticate_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BearerToken(HttpBearer):
    """`Authorization: Bearer okrs_…`; a wrong, revoked or expired token answers 401 at once."""

    def __init__(self, *, read_only_operation: bool = False) -> None:
        self.read_only_operation = read_only_operation
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> User:
        try:
            api_token = authenticate_token(token)
        except TokenExpired as expired:
            raise ApiError(401, str(expired)) from None
        if api_token is None:
            raise AuthenticationError()
        if request.method not in SAFE_METHODS and not self.read_only_operation:
            # The person's role now, whatever the token was made with.
            require_token_scope(api_token.user, TokenScope.WRITE)
            if api_token.scope != TokenScope.WRITE:
                raise Forbidden(
                    "this token has read scope: create a token with write scope to make changes"
                )
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


class Session(APIKeyCookie):
    """The signed-in browser session; unsafe methods need the CSRF token (`X-CSRFToken`)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # Check CSRF only for a signed-in session, so that a caller without one gets a 401.
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if key and request.user.is_authenticated else None


AUTH = [BearerToken(), Session()]
READ_ONLY_AUTH = [BearerToken(read_only_operation=True), Session()]


def actor(request: HttpRequest) -> User:
    """The person the request acts for (set by the authentication above)."""
    user: User = request.auth  # type: ignore[attr-defined]
    return user

"""API test helpers: a JSON client with a bearer token, and a small organisation with roles.

The organisation: `onboarding` and `payments` under `company`; ana (member of
onboarding), pia (member of payments, an outsider to onboarding), vic (viewer) and
ada (admin). Onboarding has a public objective and a team-only one (`onb-secret`), whose
key result has check-ins and an initiative link.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.test import Client

from okrs.people.models import User
from okrs.people.permissions import token_scopes
from okrs.people.services import create_token


@dataclass
class ApiClient:
    """Calls /api/v1/ as one person, with a bearer token of the given scope."""

    client: Client
    token: str | None

    def call(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        data = body if isinstance(body, str | bytes) or body is None else json.dumps(body)
        content_type = kwargs.pop("content_type", "application/json")
        url = path if path.startswith("/") else f"/api/v1/{path}"
        send = getattr(self.client, method.lower())
        if method.upper() == "GET":
            return send(url, kwargs.pop("query", None), **headers, **kwargs)
        return send(url, data=data, content_type=content_type, **headers, **kwargs)

    def get(self, path: str, **query: Any) -> Any:
        return self.call("GET", path, query=query)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.call("POST", path, body, **kwargs)

    def patch(self, path: str, body: Any = None) -> Any:
        return self.call("PATCH", path, body)

    def delete(self, path: str) -> Any:
        return self.call("DELETE", path)


@pytest.fixture
def api_as(db):
    """`api_as(user, scope=...)`: a client acting as that user through a new token, by
    default of the widest scope the user may hold (write; read for a viewer)."""

    def make(user: User | None, scope: str | None = None) -> ApiClient:
        if user is None:
            return ApiClient(Client(), None)
        token = create_token(user, scope=scope or token_scopes(user)[-1]).raw
        return ApiClient(Client(), token)

    return make


@dataclass
class Org:
    admin: User
    member: User
    outsider: User
    viewer: User
    onboarding: Any
    payments: Any
    public: Any
    secret: Any
    public_kr: Any
    secret_kr: Any
    initiative: Any


@pytest.fixture
def org(make_team, make_user, make_objective, make_key_result, make_initiative) -> Org:
    company = make_team("company", kind="company")
    onboarding = make_team("onboarding", parent=company)
    payments = make_team("payments", parent=company)
    member = make_user("ana@example.com", teams=[onboarding])
    public = make_objective(onboarding, key="onb-1", owner=member)
    secret = make_objective(
        onboarding, key="onb-secret", title="Win the secret market", visibility="team"
    )
    public_kr = make_key_result(
        public,
        key="onb-1-completion",
        check_ins=[(date(2026, 10, 14), 71, 0.6), (date(2026, 11, 11), 74, 0.6)],
    )
    secret_kr = make_key_result(
        secret,
        key="onb-secret-kr",
        title="Grow secret signups from 10 to 50",
        baseline=10,
        target=50,
        check_ins=[(date(2026, 10, 20), 20)],
    )
    initiative = make_initiative(
        onboarding, key="tour", links=[(public_kr, 8), (secret_kr, 5)], effort=3, bucket="core"
    )
    return Org(
        admin=make_user("ada@example.com", role="admin"),
        member=member,
        outsider=make_user("pia@example.com", teams=[payments]),
        viewer=make_user("vic@example.com", role="viewer"),
        onboarding=onboarding,
        payments=payments,
        public=public,
        secret=secret,
        public_kr=public_kr,
        secret_kr=secret_kr,
        initiative=initiative,
    )


TODAY = date(2026, 11, 15)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """API tests run on 2026-11-15, half way through the 2026-Q4 cycle of the factories."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY

"""Authentication: bearer tokens (scoped, revocable, last use recorded) and the browser session."""

from __future__ import annotations

import pytest
from django.test import Client

from okrs.api.main import api as ninja_api
from okrs.people.models import ApiToken
from okrs.people.services import create_token, revoke_token

pytestmark = pytest.mark.django_db


def test_a_request_without_credentials_is_refused_with_401(org, api_as):
    response = api_as(None).get("objectives")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("authentication required")
    assert response.json()["errors"] == []
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header", ["Bearer okrs_not-a-token", "Bearer ", "Basic YWRhOnB3", "okrs_x"]
)
def test_a_wrong_token_is_refused_with_401(org, header):
    response = Client().get("/api/v1/objectives", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_a_revoked_token_stops_working_at_once(org, api_as):
    api = api_as(org.member)
    assert api.get("cycles").status_code == 200
    revoke_token(ApiToken.objects.get(user=org.member))
    assert api.get("cycles").status_code == 401


def test_a_token_of_an_inactive_user_is_refused(org, api_as):
    api = api_as(org.member)
    org.member.is_active = False
    org.member.save()
    assert api.get("cycles").status_code == 401


def test_each_use_of_a_token_records_its_last_use(org, api_as):
    api = api_as(org.member)
    token = ApiToken.objects.get(user=org.member)
    assert token.last_used_at is None
    api.get("cycles")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_read_token_reads(org, api_as):
    assert api_as(org.admin, scope="read").get("objectives/onb-1").status_code == 200


def write_operations():
    """Every (method, path) of the schema that may change data."""
    schema = ninja_api.get_openapi_schema()
    return [
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"post", "patch", "put", "delete"} and not path.endswith("/lint")
    ]


@pytest.mark.parametrize(("method", "path"), write_operations())
def test_a_read_token_gets_403_on_every_write(org, api_as, method, path):
    api = api_as(org.admin, scope="read")
    url = path.replace("{ref}", "onb-1").replace("{check_in_id}", "1")
    url = url.replace("{measurement_id}", "1").replace("{token_id}", "1")
    response = api.call(method, url, {})
    assert response.status_code == 403
    assert "read scope" in response.json()["detail"]


def test_a_read_token_may_lint_a_draft(org, api_as):
    draft = "cycle: 2026-Q4\nteams: [{key: t, name: T}]\nobjectives: []\n"
    response = api_as(org.viewer, scope="read").post("lint", draft, content_type="application/yaml")
    assert response.status_code == 200


def test_the_signed_in_session_reads_without_a_token(org):
    client = Client()
    client.force_login(org.member)
    response = client.get("/api/v1/objectives/onb-1")
    assert response.status_code == 200


def test_a_session_write_needs_the_csrf_token(org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.member)
    body = {"value": 75, "date": "2026-11-12"}
    url = "/api/v1/key-results/onb-1-completion/check-ins"
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get("/api/v1/docs")  # sets the CSRF cookie, as the docs page does in a browser
    token = client.cookies["csrftoken"].value
    accepted = client.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201


def test_tokens_are_stored_hashed(org):
    new = create_token(org.member, scope="write")
    stored = ApiToken.objects.get(pk=new.token.pk)
    assert new.raw not in (stored.token_hash, stored.prefix)
    assert stored.token_hash == ApiToken.hash(new.raw)


def test_last_use_is_recorded_to_the_minute_not_on_every_call(org, api_as, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from okrs.people import services

    api = api_as(org.member)
    api.get("cycles")
    first = ApiToken.objects.get(user=org.member).last_used_at
    api.get("cycles")
    assert ApiToken.objects.get(user=org.member).last_used_at == first
    later = timezone.now() + timedelta(minutes=2)
    monkeypatch.setattr(services.timezone, "now", lambda: later)
    api.get("cycles")
    assert ApiToken.objects.get(user=org.member).last_used_at == later


# -- a token never carries more than its person's role allows -----------------------------


def test_a_viewer_cannot_mint_a_write_token_for_themself(org):
    client = Client()
    client.force_login(org.viewer)
    refused = client.post("/api/v1/tokens", {"scope": "write"}, content_type="application/json")
    assert refused.status_code == 403
    assert "a viewer's tokens only read" in refused.json()["detail"]
    assert not ApiToken.objects.filter(user=org.viewer).exists()
    read = client.post("/api/v1/tokens", {"scope": "read"}, content_type="application/json")
    assert read.status_code == 201 and read.json()["scope"] == "read"


def test_a_viewers_token_cannot_import(org, api_as):
    text = "cycle: {name: 2027-Q1, state: active}\n"
    response = api_as(org.viewer).post("import", text, content_type="application/yaml")
    assert response.status_code == 403
    assert "a viewer's tokens only read" in response.json()["detail"]


def test_a_write_token_stops_writing_when_its_person_becomes_a_viewer(org, api_as):
    api = api_as(org.member, scope="write")
    assert api.patch("objectives/onb-1", {"title": "Make onboarding a joy"}).status_code == 200
    org.member.role = "viewer"
    org.member.save()
    refused = api.patch("objectives/onb-1", {"title": "Make onboarding mine"})
    assert refused.status_code == 403
    assert "a viewer's tokens only read" in refused.json()["detail"]
    assert api.get("objectives/onb-1").json()["title"] == "Make onboarding a joy"

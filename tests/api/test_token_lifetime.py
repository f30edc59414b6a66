"""A token may expire, and dies with its person's password or account.

Expiry is optional (`expires_in_days` or `expires_at` in the API, `--expires 90d` or a
date in the CLI); an expired token answers 401 saying so. Changing or resetting a
password, or deactivating the account, revokes every token of that person.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.utils import timezone
from typer.testing import CliRunner

from okrs.cli import app
from okrs.people.models import ApiToken
from okrs.people.services import create_token
from tests.api.conftest import ApiClient


def test_an_expired_token_answers_401_saying_it_expired(org, client):
    new = create_token(org.member, expires_in_days=30)
    ApiToken.objects.filter(pk=new.token.pk).update(
        expires_at=datetime(2026, 11, 1, tzinfo=timezone.get_current_timezone())
    )
    response = ApiClient(client, new.raw).get("objectives")
    assert response.status_code == 401
    detail = response.json()["detail"]
    assert "this token expired on 2026-11-01" in detail
    assert "create a new one" in detail


def test_a_token_works_until_it_expires(org, client):
    new = create_token(org.member, expires_in_days=1)
    assert ApiClient(client, new.raw).get("objectives").status_code == 200
    assert timedelta(hours=23) < new.token.expires_at - timezone.now() <= timedelta(days=1)


def test_a_token_created_through_the_api_can_expire(org, api_as):
    api = api_as(org.member)
    body = api.post("tokens", {"name": "ci", "expires_in_days": 90}).json()
    expires = datetime.fromisoformat(body["expires_at"])
    assert timedelta(days=89) < expires - timezone.now() <= timedelta(days=90)
    at = (timezone.now() + timedelta(days=7)).replace(microsecond=0)
    body = api.post("tokens", {"expires_at": at.isoformat()}).json()
    assert datetime.fromisoformat(body["expires_at"]) == at
    listed = api.get("tokens").json()["items"]
    assert {"expires_at"} <= listed[0].keys()


@pytest.mark.parametrize(
    "body, message",
    [
        ({"expires_in_days": 0}, "expires_in_days"),
        ({"expires_at": "2020-01-01T00:00:00Z"}, "in the future"),
        ({"expires_in_days": 3, "expires_at": "2030-01-01T00:00:00Z"}, "not both"),
    ],
)
def test_a_bad_expiry_is_a_422_that_says_why(org, api_as, body, message):
    response = api_as(org.member).post("tokens", body)
    assert response.status_code == 422
    assert message in response.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("expires, days", [("90d", 90), ("a date", None)])
def test_the_cli_creates_a_token_that_expires(make_user, expires, days):
    if days is None:
        expires = (timezone.now().date() + timedelta(days=400)).isoformat()
    user = make_user("lee@example.com")
    result = CliRunner().invoke(app, ["token", "create", user.email, "--expires", expires])
    assert result.exit_code == 0, result.output
    token = ApiToken.objects.get(user=user)
    assert token.expires_at is not None
    if days:
        assert timedelta(days=days - 1) < token.expires_at - timezone.now() <= timedelta(days=days)
    else:
        assert timezone.localtime(token.expires_at).date().isoformat() == expires
    assert "expires" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_the_cli_refuses_an_expiry_it_cannot_read(make_user):
    make_user("lee@example.com")
    result = CliRunner().invoke(app, ["token", "create", "lee@example.com", "--expires", "soon"])
    assert result.exit_code == 2
    assert "--expires" in result.stderr and "90d" in result.stderr


def live(user) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))


def test_changing_a_password_revokes_the_persons_tokens(org, client):
    raw = create_token(org.member).raw
    others = create_token(org.outsider).raw
    org.member.set_password("a-new-Secret-43")
    org.member.save()
    assert live(org.member) == []
    assert ApiClient(client, raw).get("objectives").status_code == 401
    assert ApiClient(client, others).get("objectives").status_code == 200


def test_resetting_a_password_revokes_the_persons_tokens(org):
    create_token(org.member, scope="write")
    form = SetPasswordForm(
        org.member, {"new_password1": "a-new-Secret-43", "new_password2": "a-new-Secret-43"}
    )
    assert form.is_valid(), form.errors
    form.save()
    assert live(org.member) == []


def test_deactivating_an_account_revokes_its_tokens_for_good(org, client):
    raw = create_token(org.member).raw
    org.member.is_active = False
    org.member.save()
    org.member.is_active = True
    org.member.save()
    assert live(org.member) == []
    assert ApiClient(client, raw).get("objectives").status_code == 401


def test_saving_a_person_otherwise_keeps_their_tokens(org):
    create_token(org.member)
    org.member.name = "Ana"
    org.member.save()
    assert len(live(org.member)) == 1

"""Guessing passwords is cut short: five failures lock an email on that client for 15
minutes, with a clear message on the sign-in page; an admin can unlock. Reset mails are
limited per address and per client, silently."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from okrs.cli import app
from okrs.people.services import create_token
from tests.api.conftest import ApiClient

PASSWORD = "pw-Secret-42"
LOCKED = "Too many failed attempts; try again in 15 minutes or ask an admin to unlock your account."

pytestmark = pytest.mark.usefixtures("sign_in_limits")


def sign_in(client: Client, email: str, password: str):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_after_five_wrong_passwords_even_the_right_one_is_refused_with_a_clear_message(client, org):
    for _ in range(4):
        assert sign_in(client, "ana@example.com", "wrong").status_code == 200
    fifth = sign_in(client, "ana@example.com", "wrong")
    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()
    right = sign_in(client, "ana@example.com", PASSWORD)
    assert right.status_code == 429
    html = right.content.decode()
    assert LOCKED in html
    assert 'data-testid="login-form"' in html  # still the sign-in page
    assert "_auth_user_id" not in client.session


def test_changing_the_case_of_the_email_does_not_buy_more_guesses(client, org):
    for email in ("ana@example.com", "Ana@example.com", "ANA@EXAMPLE.COM", " ana@Example.com"):
        sign_in(client, email, "wrong")
    assert sign_in(client, "aNa@example.com", "wrong").status_code == 429


def test_others_still_sign_in_from_the_same_client(client, org):
    for _ in range(5):
        sign_in(client, "ana@example.com", "wrong")
    response = sign_in(client, "carl@example.com", PASSWORD)
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_the_cli_unlocks_a_person(make_user):
    make_user("ana@example.com")
    client = Client()
    for _ in range(5):
        sign_in(client, "ana@example.com", "wrong")
    assert sign_in(client, "ana@example.com", PASSWORD).status_code == 429
    result = CliRunner().invoke(app, ["user", "unlock", "Ana@Example.com"])
    assert result.exit_code == 0, result.output
    assert "Unlocked ana@example.com" in result.stdout
    assert sign_in(client, "ana@example.com", PASSWORD).status_code == 302


def test_admins_see_and_clear_lockouts_in_the_admin(client, org, signed_in):
    for _ in range(5):
        sign_in(client, "ana@example.com", "wrong")
    org.admin.is_staff = org.admin.is_superuser = True
    org.admin.save()
    admin = signed_in(org.admin)
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "ana@example.com" in listing.content.decode()
    [attempt] = AccessAttempt.objects.all()
    admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert sign_in(client, "ana@example.com", PASSWORD).status_code == 302


def test_tokens_and_sessions_still_work_with_the_limits_on(client, org):
    assert (
        ApiClient(Client(), create_token(org.ana).raw).get("/api/v1/objectives").status_code == 200
    )
    assert sign_in(client, "ana@example.com", PASSWORD).status_code == 302
    assert client.get("/").status_code == 200


def reset(client: Client, email: str):
    return client.post(reverse("password_reset"), {"email": email})


def test_reset_mails_stop_after_three_an_hour_for_an_address_without_saying_so(client, org):
    answers = [reset(Client(), "ana@example.com") for _ in range(5)]
    assert len(mail.outbox) == 3
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, reverse("password_reset_done"))
    }


def test_reset_mails_stop_after_ten_an_hour_from_one_client(client, make_user):
    for n in range(12):
        make_user(f"person{n}@example.com")
    answers = [reset(client, f"person{n}@example.com") for n in range(12)]
    assert len(mail.outbox) == 10
    assert {a.status_code for a in answers} == {302}


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, org):
    unknown = reset(client, "nobody@example.com")
    known = reset(client, "ana@example.com")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]
    assert re.search(r"/password-reset/\S+/", mail.outbox[0].body)


def test_behind_a_proxy_each_client_has_its_own_count(client, org, settings):
    """With OKRS_PROXY_COUNT set, clients are told apart by X-Forwarded-For: one guessing
    from one address does not lock the email for everyone behind the same proxies, and
    what a client writes into the header itself counts for nothing."""
    settings.OKRS_PROXY_COUNT = 2  # a load balancer, then nginx

    def from_client(address: str, password: str, forged: str = "") -> int:
        response = Client().post(
            reverse("login"),
            {"username": "ana@example.com", "password": password},
            HTTP_X_FORWARDED_FOR=f"{forged}{address}, 10.0.0.2",
        )
        return response.status_code

    for n in range(5):
        from_client("203.0.113.7", "wrong", forged=f"192.0.2.{n}, ")
    assert from_client("203.0.113.7", PASSWORD) == 429
    assert from_client("198.51.100.9", PASSWORD) == 302

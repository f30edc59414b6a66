"""Signing in with an email address, signing out, resetting a password; every page needs a sign-in."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

PAGES = [
    "/",
    "/teams/",
    "/teams/onboarding/",
    "/teams/new/",
    "/teams/onboarding/edit/",
    "/objectives/onb-1/",
    "/objectives/new/",
    "/objectives/onb-1/edit/",
    "/objectives/onb-1/key-results/new/",
    "/key-results/onb-1-completion/edit/",
    "/initiatives/new/",
    "/initiatives/tour/edit/",
    "/alignment/",
    "/roadmap/",
    "/present/",
    "/present/onboarding/",
    "/templates/",
    "/templates/delightful-onboarding/",
    "/cycles/",
    "/cycles/new/",
    "/cycles/Now/edit/",
]
POSTS = [
    "/key-results/onb-1-completion/check-in/",
    "/objectives/onb-1/copy/",
    "/cycles/Now/state/",
]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitor_is_sent_to_sign_in(client, org, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("path", POSTS)
def test_anonymous_post_changes_nothing_and_is_sent_to_sign_in(client, org, path):
    response = client.post(path, {"value": "80", "state": "closed"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not org.completion.check_ins.filter(value=80).exists()
    org.cycle.refresh_from_db()
    assert org.cycle.state == "active"


def test_sign_in_page_asks_for_email_and_password(client, db):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="email"' in html
    assert '<label for="id_username">Email' in html
    assert '<label for="id_password">Password' in html
    assert reverse("password_reset") in html


def test_signing_in_with_email_and_password_opens_the_dashboard(client, org):
    response = client.post(
        reverse("login"), {"username": "ana@example.com", "password": "pw-Secret-42"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "ana@example.com" in response.content.decode()


def test_a_wrong_password_says_so_and_signs_nobody_in(client, org):
    response = client.post(reverse("login"), {"username": "ana@example.com", "password": "nope"})
    assert response.status_code == 200
    assert "correct email" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_out_is_a_post(signed_in, org):
    client = signed_in(org.ana)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_password_reset_mails_a_link_that_sets_a_new_password(client, org):
    response = client.post(reverse("password_reset"), {"email": "ana@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body)
    assert link
    form = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-Fresh-passw0rd", "new_password2": "a-Fresh-passw0rd"},
        follow=True,
    )
    assert "Password changed" in done.content.decode()
    assert Client().login(username="ana@example.com", password="a-Fresh-passw0rd")


def test_admins_see_a_link_to_the_django_admin_and_others_do_not(signed_in, org):
    assert 'data-testid="admin-link"' in signed_in(org.admin).get("/").content.decode()
    assert 'data-testid="admin-link"' not in signed_in(org.ana).get("/").content.decode()

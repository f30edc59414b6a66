"""People and team members in the web app: admins invite people, set roles, deactivate;
admins and a team's leads add and remove its members; only admins choose leads.

Every write is tried by each role on Onboarding: an admin, Onboarding's lead (ana),
the lead of another team, a plain member of Onboarding and a viewer (a lead on paper).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from okrs.people.models import Membership, User

ROLES = ("admin", "lead", "other lead", "member", "viewer")


@pytest.fixture
def people(org, make_user):
    return {
        "admin": org.admin,
        "lead": org.ana,
        "other lead": make_user("olga@example.com", teams=[org.checkout], lead=True),
        "member": make_user("mia@example.com", teams=[org.onboarding]),
        "viewer": make_user("vic@example.com", role="viewer", teams=[org.onboarding], lead=True),
        "newbie": make_user("newbie@example.com"),
    }


def member_emails() -> set[str]:
    return set(
        Membership.objects.filter(team__key="onboarding").values_list("user__email", flat=True)
    )


def user(email: str) -> User:
    return User.objects.get(email=email)


@dataclass(frozen=True)
class Action:
    name: str
    url: Callable[[dict[str, User]], str]
    data: dict[str, str]
    allowed: tuple[str, ...]
    changed: Callable[[], Any]


ACTIONS = [
    Action(
        "add member",
        lambda p: reverse("team-members", args=["onboarding"]),
        {"email": "newbie@example.com"},
        ("admin", "lead"),
        member_emails,
    ),
    Action(
        "remove member",
        lambda p: reverse("team-member-remove", args=["onboarding"]),
        {"email": "mia@example.com"},
        ("admin", "lead"),
        member_emails,
    ),
    Action(
        "make lead",
        lambda p: reverse("team-member-lead", args=["onboarding"]),
        {"email": "mia@example.com", "lead": "1"},
        ("admin",),
        lambda: Membership.objects.get(user__email="mia@example.com").is_lead,
    ),
    Action(
        "invite",
        lambda p: reverse("person-invite"),
        {"email": "nia@example.com", "name": "Nia", "role": "member"},
        ("admin",),
        lambda: User.objects.count(),
    ),
    Action(
        "set role",
        lambda p: reverse("person", args=[p["member"].pk]),
        {"role": "viewer"},
        ("admin",),
        lambda: user("mia@example.com").role,
    ),
    Action(
        "deactivate",
        lambda p: reverse("person-active", args=[p["member"].pk]),
        {"active": "0"},
        ("admin",),
        lambda: user("mia@example.com").is_active,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_each_role_may_do_only_what_it_is_allowed(signed_in, people, role, action):
    before = action.changed()
    response = signed_in(people[role]).post(action.url(people), action.data)
    if role in action.allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert action.changed() != before
    else:
        assert response.status_code == 403
        assert action.changed() == before


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("lead", 200), ("other lead", 403), ("member", 403), ("viewer", 403)],
)
def test_the_members_page_opens_for_admins_and_the_teams_leads(signed_in, people, role, status):
    response = signed_in(people[role]).get(reverse("team-members", args=["onboarding"]))
    assert response.status_code == status
    team_page = signed_in(people[role]).get(reverse("team", args=["onboarding"])).content.decode()
    assert ('data-testid="team-members"' in team_page) == (status == 200)


@pytest.mark.parametrize("url", ["people", "person-invite"])
@pytest.mark.parametrize("role", ["lead", "member", "viewer"])
def test_people_pages_are_for_admins(signed_in, people, url, role):
    assert signed_in(people[role]).get(reverse(url)).status_code == 403
    assert 'href="/people/"' not in signed_in(people[role]).get("/").content.decode()


def test_unknown_team_or_person_is_not_found(signed_in, people):
    client = signed_in(people["admin"])
    assert client.get(reverse("team-members", args=["nope"])).status_code == 404
    assert client.get(reverse("person", args=[99999])).status_code == 404
    assert client.post(reverse("person-active", args=[99999]), {"active": "0"}).status_code == 404


def test_a_lead_sees_no_lead_controls_and_cannot_remove_a_lead(signed_in, people):
    client = signed_in(people["lead"])
    page = client.get(reverse("team-members", args=["onboarding"])).content.decode()
    assert "Make lead" not in page
    assert 'data-testid="remove-mia@example.com"' in page
    assert 'data-testid="remove-ana@example.com"' not in page
    response = client.post(
        reverse("team-member-remove", args=["onboarding"]), {"email": "ana@example.com"}
    )
    assert response.status_code == 403
    assert "ana@example.com" in member_emails()


def test_writes_need_the_csrf_token(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["admin"])
    for url, data in [
        (reverse("team-members", args=["onboarding"]), {"email": "newbie@example.com"}),
        (reverse("person-active", args=[people["member"].pk]), {"active": "0"}),
        (reverse("person-invite"), {"email": "nia@example.com", "role": "member"}),
    ]:
        assert client.post(url, data).status_code == 403
    assert "newbie@example.com" not in member_emails()
    assert user("mia@example.com").is_active
    assert not User.objects.filter(email="nia@example.com").exists()


def test_an_invited_person_sets_a_password_from_the_mail_and_signs_in(signed_in, people):
    response = signed_in(people["admin"]).post(
        reverse("person-invite"), {"email": "Nia@Example.com", "name": "Nia", "role": "viewer"}
    )
    assert response.status_code == 302
    invited = user("nia@example.com")
    assert invited.role == "viewer" and not invited.has_usable_password()
    (sent,) = mail.outbox
    assert sent.to == ["nia@example.com"]
    assert sent.subject == "You are invited to okrs"
    link = re.search(r"http://testserver(/\S+)", sent.body)
    assert link is not None
    guest = Client()
    form_url = guest.get(link.group(1)).url  # Django swaps the token for a session one
    chosen = {"new_password1": "a-Long-pass-2026", "new_password2": "a-Long-pass-2026"}
    assert guest.post(form_url, chosen).status_code == 302
    assert Client().login(username="nia@example.com", password="a-Long-pass-2026")


def test_invite_shows_problems_beside_the_field(signed_in, people):
    client = signed_in(people["admin"])
    response = client.post(reverse("person-invite"), {"email": "mia@example.com", "role": "member"})
    assert response.status_code == 400
    assert "exists already" in response.content.decode()
    assert not mail.outbox


def test_an_admin_cannot_demote_or_deactivate_themselves(signed_in, people):
    admin = people["admin"]
    client = signed_in(admin)
    response = client.post(reverse("person", args=[admin.pk]), {"role": "viewer"})
    assert response.status_code == 400
    assert "your own role" in response.content.decode()
    response = client.post(reverse("person-active", args=[admin.pk]), {"active": "0"}, follow=True)
    assert "deactivate yourself" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_admin and admin.is_active


def test_adding_an_unknown_address_says_so(signed_in, people):
    response = signed_in(people["lead"]).post(
        reverse("team-members", args=["onboarding"]), {"email": "who@example.com"}
    )
    assert response.status_code == 400
    assert "nobody has the address" in response.content.decode()


def test_people_are_searched_and_paged(signed_in, people, make_user):
    for n in range(30):
        make_user(f"zz{n:02}@example.com")
    client = signed_in(people["admin"])
    first = client.get(reverse("people")).content.decode()
    assert "admin@example.com" in first and "zz29@example.com" not in first
    assert "of 38" in first
    second = client.get(reverse("people") + "?page=2").content.decode()
    assert "zz29@example.com" in second
    found = client.get(reverse("people") + "?q=OLGA").content.decode()
    assert "olga@example.com" in found and "mia@example.com" not in found
    empty = client.get(reverse("people") + "?q=nobody-at-all").content.decode()
    assert "Nobody matches" in empty


def test_a_team_without_members_says_so(signed_in, people, make_team):
    make_team("growth", name="Growth")
    page = signed_in(people["admin"]).get(reverse("team-members", args=["growth"]))
    assert "No members yet" in page.content.decode()


@pytest.mark.parametrize(
    ("role", "link"),
    [
        ("admin", 'href="/people/"'),
        ("lead", 'href="/teams/onboarding/members/"'),
        ("other lead", 'href="/teams/checkout/members/"'),
        ("member", None),
        ("viewer", None),
    ],
)
def test_the_main_navigation_leads_admins_and_leads_to_people(signed_in, people, role, link):
    nav = signed_in(people[role]).get(reverse("cycles")).content.decode()
    nav = nav.split('aria-label="Main"')[1].split("</nav>")[0]
    if link is None:
        assert "/members/" not in nav and "/people/" not in nav
    else:
        assert link in nav

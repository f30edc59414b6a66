"""Admins invite people, set their roles and deactivate them; admins and a team's leads
manage its members; only admins choose leads."""

from __future__ import annotations

import pytest

from okrs.core.errors import Forbidden, Invalid
from okrs.people.models import ApiToken, Membership
from okrs.people.services import (
    add_member,
    create_token,
    invite_user,
    remove_member,
    set_active,
    set_lead,
    set_role,
)


@pytest.fixture
def org(make_team, make_user):
    onboarding, checkout = make_team("onboarding"), make_team("checkout")
    people = {
        "admin": make_user("admin@example.com", role="admin"),
        "lead": make_user("lead@example.com", teams=[onboarding], lead=True),
        "other lead": make_user("olga@example.com", teams=[checkout], lead=True),
        "member": make_user("mia@example.com", teams=[onboarding]),
        "viewer": make_user("vera@example.com", role="viewer", teams=[onboarding], lead=True),
    }
    make_user("newbie@example.com")
    return onboarding, people


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("admin", True), ("lead", True), ("other lead", False), ("member", False), ("viewer", False)],
)
def test_who_adds_and_removes_members_of_a_team(org, role, allowed):
    onboarding, people = org
    actor = people[role]
    if not allowed:
        with pytest.raises(Forbidden, match="only admins and its leads"):
            add_member(onboarding, "newbie@example.com", actor=actor)
        with pytest.raises(Forbidden):
            remove_member(onboarding, "mia@example.com", actor=actor)
        assert onboarding.members.filter(email="mia@example.com").exists()
        return
    add_member(onboarding, " Newbie@Example.com", actor=actor)
    assert onboarding.members.filter(email="newbie@example.com").exists()
    remove_member(onboarding, "mia@example.com", actor=actor)
    assert not onboarding.members.filter(email="mia@example.com").exists()


@pytest.mark.parametrize("role", ["lead", "other lead", "member", "viewer"])
def test_only_admins_choose_leads(org, role):
    onboarding, people = org
    with pytest.raises(Forbidden, match="admins only"):
        set_lead(onboarding, "mia@example.com", True, actor=people[role])
    set_lead(onboarding, "mia@example.com", True, actor=people["admin"])
    assert Membership.objects.get(team=onboarding, user=people["member"]).is_lead


def test_a_lead_removes_members_but_not_leads(org):
    onboarding, people = org
    with pytest.raises(Forbidden, match=r"remove lead 'lead@example\.com'"):
        remove_member(onboarding, "lead@example.com", actor=people["lead"])
    remove_member(onboarding, "lead@example.com", actor=people["admin"])
    assert not onboarding.members.filter(email="lead@example.com").exists()


def test_adding_names_the_problem(org):
    onboarding, people = org
    with pytest.raises(Invalid, match=r"nobody has the address 'who@example\.com'"):
        add_member(onboarding, "who@example.com", actor=people["lead"])
    with pytest.raises(Invalid, match="is a member of team 'onboarding' already"):
        add_member(onboarding, "mia@example.com", actor=people["lead"])
    with pytest.raises(Invalid, match=r"'newbie@example\.com' is not a member"):
        remove_member(onboarding, "newbie@example.com", actor=people["lead"])


@pytest.mark.parametrize("role", ["lead", "other lead", "member", "viewer"])
def test_only_admins_invite_set_roles_and_deactivate(org, role):
    _, people = org
    actor, target = people[role], people["member"]
    with pytest.raises(Forbidden, match="admins only"):
        invite_user("new@example.com", role="member", actor=actor)
    with pytest.raises(Forbidden, match="admins only"):
        set_role(target, "admin", actor=actor)
    with pytest.raises(Forbidden, match="admins only"):
        set_active(target, False, actor=actor)
    target.refresh_from_db()
    assert target.role == "member" and target.is_active


def test_an_invited_person_has_no_password_until_they_choose_one(org):
    _, people = org
    user = invite_user("New@Example.com ", name="Nia", role="viewer", actor=people["admin"])
    assert (user.email, user.name, user.role) == ("new@example.com", "Nia", "viewer")
    assert not user.has_usable_password()
    with pytest.raises(Invalid, match="exists already"):
        invite_user("new@example.com", actor=people["admin"])


def test_an_admin_sets_roles_but_not_their_own(org):
    _, people = org
    admin, member = people["admin"], people["member"]
    set_role(member, "admin", actor=admin)
    member.refresh_from_db()
    assert member.is_admin and member.is_staff
    with pytest.raises(Invalid, match="your own role"):
        set_role(admin, "viewer", actor=admin)
    with pytest.raises(Invalid, match="not one of"):
        set_role(member, "boss", actor=admin)


def test_deactivating_locks_out_and_revokes_tokens_but_not_oneself(org):
    _, people = org
    admin, member = people["admin"], people["member"]
    create_token(member, scope="write")
    set_active(member, False, actor=admin)
    member.refresh_from_db()
    assert not member.is_active
    assert not ApiToken.objects.filter(user=member, revoked_at__isnull=True).exists()
    with pytest.raises(Invalid, match="deactivate yourself"):
        set_active(admin, False, actor=admin)
    set_active(member, True, actor=admin)
    member.refresh_from_db()
    assert member.is_active

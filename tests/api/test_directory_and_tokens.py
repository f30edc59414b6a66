"""Cycles (read, and an empty one deleted by admins), teams and people (read only), a cycle's
score document, and the caller's tokens."""

from __future__ import annotations

from datetime import date

import pytest

from okrs.goals.models import Cycle, Initiative
from okrs.goals.services import score_cycle
from okrs.people.models import ApiToken

pytestmark = pytest.mark.django_db


def test_cycles_are_listed_and_found_by_id_or_key(org, api_as, cycle):
    api = api_as(org.viewer)
    assert [c["key"] for c in api.get("cycles").json()["items"]] == ["2026-Q4"]
    assert api.get(f"cycles/{cycle.pk}").json() == api.get("cycles/2026-Q4").json()
    assert api.get("cycles", state="closed").json()["count"] == 0


@pytest.mark.parametrize(("role", "status"), [("admin", 204), ("member", 403), ("viewer", 403)])
def test_only_an_admin_deletes_an_empty_cycle(org, api_as, role, status):
    Cycle.objects.create(key="2027-Q1", start=date(2027, 1, 1), end=date(2027, 3, 31))
    response = api_as(getattr(org, role)).delete("cycles/2027-Q1")
    assert response.status_code == status
    assert Cycle.objects.filter(key="2027-Q1").exists() is (status != 204)


def test_a_cycle_with_objectives_or_initiatives_is_not_deleted(org, api_as):
    api = api_as(org.admin)
    response = api.delete("cycles/2026-Q4")
    assert response.status_code == 409
    (error,) = response.json()["errors"]
    assert error["field"] == "cycle"
    assert "holds 2 objective(s) and 1 initiative(s)" in error["message"]
    only_a_plan = Cycle.objects.create(key="2027-Q1", start=date(2027, 1, 1), end=date(2027, 3, 31))
    Initiative.objects.create(key="later", cycle=only_a_plan, title="Plan ahead")
    assert api.delete("cycles/2027-Q1").status_code == 409
    assert Cycle.objects.count() == 2


def test_deleting_an_unknown_cycle_is_a_404(org, api_as):
    assert api_as(org.admin).delete("cycles/1999-Q1").status_code == 404


def test_the_cycle_score_is_the_document_of_okrs_score_json(org, api_as):
    response = api_as(org.admin).get("cycles/2026-Q4/score", as_of="2026-11-15")
    assert response.json() == score_cycle("2026-Q4", as_of=date(2026, 11, 15)).as_dict()


def test_the_cycle_score_leaves_out_what_the_caller_cannot_see(org, api_as):
    objectives = api_as(org.outsider).get("cycles/2026-Q4/score").json()["objectives"]
    assert [o["key"] for o in objectives] == ["onb-1"]


def test_teams_are_listed_filtered_and_found(org, api_as):
    api = api_as(org.viewer)
    assert [t["key"] for t in api.get("teams", parent="company").json()["items"]] == [
        "onboarding",
        "payments",
    ]
    assert api.get("teams/payments").json()["parent"] == "company"
    assert api.get("teams/nobody").status_code == 404


def test_people_are_found_by_id_or_email_with_their_teams(org, api_as):
    api = api_as(org.viewer)
    person = api.get("people/ana@example.com").json()
    assert (person["role"], person["teams"]) == ("member", ["onboarding"])
    assert api.get(f"people/{org.member.pk}").json() == person
    assert [p["email"] for p in api.get("people", team="payments").json()["items"]] == [
        "pia@example.com"
    ]
    assert [p["email"] for p in api.get("people", role="admin").json()["items"]] == [
        "ada@example.com"
    ]


def test_the_caller_lists_only_their_own_tokens(org, api_as):
    api = api_as(org.member)
    api_as(org.outsider)
    tokens = api.get("tokens").json()
    assert tokens["count"] == 1
    assert "token" not in tokens["items"][0] and "token_hash" not in tokens["items"][0]


def test_a_new_token_is_shown_once_and_works(org, api_as):
    response = api_as(org.member).post("tokens", {"name": "ci", "scope": "read"})
    assert response.status_code == 201
    new = response.json()
    assert new["token"].startswith(new["prefix"]) and new["scope"] == "read"
    assert (
        api_as(None).call("GET", "cycles", HTTP_AUTHORIZATION=f"Bearer {new['token']}").status_code
        == 200
    )


def test_a_token_is_revoked_by_its_owner_only(org, api_as):
    owner, other = api_as(org.member), api_as(org.outsider)
    pk = ApiToken.objects.get(user=org.member).pk
    assert other.delete(f"tokens/{pk}").status_code == 404
    assert owner.delete(f"tokens/{pk}").status_code == 204
    assert ApiToken.objects.get(pk=pk).revoked_at is not None
    assert owner.get("tokens").status_code == 401


def test_a_bad_scope_is_a_422(org, api_as):
    response = api_as(org.member).post("tokens", {"scope": "admin"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "scope"

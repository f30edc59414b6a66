"""The role rules through the API: admin, member, viewer and outsider, reading and writing.

A team-only objective does not exist for outsiders: not in lists, not in counts, not by
id or key, and neither do its key results, their check-ins and initiative links.
"""

from __future__ import annotations

import pytest

from okrs.goals.models import CheckIn, Objective

pytestmark = pytest.mark.django_db


def keys(response):
    assert response.status_code == 200, response.content
    return [item.get("key", item.get("key_result")) for item in response.json()["items"]]


def test_the_outsider_does_not_see_the_team_only_objective_in_lists_or_counts(org, api_as):
    api = api_as(org.outsider)
    response = api.get("objectives")
    assert keys(response) == ["onb-1"]
    assert response.json()["count"] == 1


@pytest.mark.parametrize("ref", ["onb-secret", "id"])
def test_the_outsider_gets_404_for_the_team_only_objective_by_id_or_key(org, api_as, ref):
    ref = str(org.secret.pk) if ref == "id" else ref
    response = api_as(org.outsider).get(f"objectives/{ref}")
    assert response.status_code == 404
    assert response.json() == {"detail": f"unknown objective '{ref}'", "errors": []}


def test_the_outsider_does_not_see_its_key_results(org, api_as):
    api = api_as(org.outsider)
    assert keys(api.get("key-results")) == ["onb-1-completion"]
    assert api.get("key-results/onb-secret-kr").status_code == 404
    assert api.get(f"key-results/{org.secret_kr.pk}").status_code == 404
    assert api.get("key-results/onb-secret-kr/check-ins").status_code == 404
    assert keys(api.get("key-results", objective="onb-secret")) == []


def test_the_outsider_does_not_see_its_check_ins(org, api_as):
    api = api_as(org.outsider)
    response = api.get("check-ins")
    assert set(keys(response)) == {"onb-1-completion"}
    assert response.json()["count"] == 2
    hidden = CheckIn.objects.get(key_result=org.secret_kr)
    assert api.get(f"check-ins/{hidden.pk}").status_code == 404


def test_the_outsider_does_not_see_initiative_links_to_its_key_results(org, api_as):
    links = api_as(org.outsider).get("initiatives/tour").json()["links"]
    assert links == [{"key_result": "onb-1-completion", "impact": 8.0}]


def test_an_initiative_serving_only_hidden_key_results_is_hidden(org, api_as, make_initiative):
    make_initiative(org.onboarding, key="secret-push", links=[(org.secret_kr, 3)])
    api = api_as(org.outsider)
    assert "secret-push" not in keys(api.get("initiatives"))
    assert api.get("initiatives/secret-push").status_code == 404


def test_the_outsider_cannot_write_to_the_hidden_objective_either(org, api_as):
    api = api_as(org.outsider)
    assert api.patch("objectives/onb-secret", {"title": "Mine now"}).status_code == 404
    assert api.delete("objectives/onb-secret").status_code == 404
    body = {"value": 30, "date": "2026-11-01"}
    assert api.post("key-results/onb-secret-kr/check-ins", body).status_code == 404


@pytest.mark.parametrize("who", ["member", "admin"])
def test_members_of_the_team_and_admins_see_the_team_only_objective(org, api_as, who):
    api = api_as(getattr(org, who))
    assert keys(api.get("objectives")) == ["onb-1", "onb-secret"]
    assert api.get(f"objectives/{org.secret.pk}").status_code == 200
    assert set(keys(api.get("check-ins"))) == {"onb-1-completion", "onb-secret-kr"}


def test_a_contributing_team_sees_the_team_only_objective(org, api_as):
    org.secret.contributors.add(org.payments)
    assert api_as(org.outsider).get("objectives/onb-secret").status_code == 200


def test_the_viewer_reads_public_objectives(org, api_as):
    api = api_as(org.viewer)
    assert keys(api.get("objectives")) == ["onb-1"]
    assert api.get("objectives/onb-1").status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PATCH", "objectives/onb-1", {"title": "Make onboarding a joy"}),
        ("DELETE", "objectives/onb-1", None),
        ("POST", "key-results/onb-1-completion/check-ins", {"value": 75, "date": "2026-11-12"}),
        ("POST", "objectives", {"cycle": "2026-Q4", "team": "onboarding", "title": "Be loved"}),
        ("PATCH", "initiatives/tour", {"status": "done"}),
    ],
)
def test_the_viewer_gets_403_on_writes(org, api_as, method, path, body):
    response = api_as(org.viewer).call(method, path, body)
    assert response.status_code == 403
    assert response.json()["detail"].startswith("you may not")


def test_a_member_writes_the_okrs_of_their_team(org, api_as):
    api = api_as(org.member)
    response = api.patch("objectives/onb-1", {"title": "Make onboarding a joy"})
    assert response.status_code == 200
    assert Objective.objects.get(key="onb-1").title == "Make onboarding a joy"


def test_a_member_gets_403_on_the_okrs_of_another_team(org, api_as):
    api = api_as(org.outsider)
    assert api.patch("objectives/onb-1", {"title": "Ours now"}).status_code == 403
    body = {"value": 75, "date": "2026-11-12"}
    assert api.post("key-results/onb-1-completion/check-ins", body).status_code == 403
    created = api.post("objectives", {"cycle": "2026-Q4", "team": "onboarding", "title": "X y"})
    assert created.status_code == 403
    assert Objective.objects.get(key="onb-1").title == "Make onboarding a delight"


def test_a_member_cannot_move_an_objective_to_a_team_they_are_not_in(org, api_as):
    response = api_as(org.member).patch("objectives/onb-1", {"team": "payments"})
    assert response.status_code == 403
    assert Objective.objects.get(key="onb-1").team == org.onboarding


def test_the_owner_of_a_key_result_checks_in_although_not_in_its_team(org, api_as):
    org.public_kr.owner = org.outsider
    org.public_kr.save()
    body = {"value": 75, "date": "2026-11-12"}
    response = api_as(org.outsider).post("key-results/onb-1-completion/check-ins", body)
    assert response.status_code == 201


def test_the_admin_writes_everything(org, api_as):
    api = api_as(org.admin)
    assert api.patch("objectives/onb-secret", {"title": "Win the hidden market"}).status_code == 200
    assert api.delete("objectives/onb-secret").status_code == 204
    assert not Objective.objects.filter(key="onb-secret").exists()

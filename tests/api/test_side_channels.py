"""A team-only objective leaves no trace for outsiders: not its key behind a public
objective's alignment, not in an export, not in what a refused key says."""

from __future__ import annotations

import pytest
import yaml

from okrs.core.errors import Invalid, NotFound
from okrs.goals import services


@pytest.fixture
def aligned(org, make_objective):
    """A public objective of payments aligned to onboarding's team-only objective."""
    return make_objective(org.payments, key="pay-1", aligned_to=org.secret)


def test_an_outsider_sees_no_parent_where_the_parent_is_hidden(org, api_as, aligned):
    body = api_as(org.outsider).get("objectives/pay-1").json()
    assert body["aligned_to"] is None
    listed = api_as(org.viewer).get("objectives", team="payments").json()["items"]
    assert [o["aligned_to"] for o in listed] == [None]


def test_who_sees_the_parent_sees_the_alignment(org, api_as, aligned):
    assert api_as(org.member).get("objectives/pay-1").json()["aligned_to"] == "onb-secret"
    assert api_as(org.admin).get("objectives/pay-1").json()["aligned_to"] == "onb-secret"


def test_an_outsiders_export_does_not_name_the_hidden_parent(org, api_as, aligned):
    response = api_as(org.outsider).get("cycles/2026-Q4/export")
    assert response.status_code == 200
    assert "onb-secret" not in response.content.decode()
    exported = yaml.safe_load(response.content)
    [pay] = [o for o in exported["objectives"] if o["key"] == "pay-1"]
    assert "aligned_to" not in pay


def test_a_hidden_key_is_not_available_without_saying_what_holds_it(org, api_as):
    response = api_as(org.outsider).post(
        "objectives",
        {"key": "onb-secret", "cycle": "2026-Q4", "team": "payments", "title": "Pay with joy"},
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "the key 'onb-secret' is not available" in text
    assert "taken" not in text


def test_services_say_the_same_about_a_key_that_is_not_available(org):
    with pytest.raises(Invalid) as error:
        services.create_key_result(
            "onb-1",
            services.KeyResultFields(title="Grow signups from 10 to 50", baseline=10, target=50),
            key="onb-secret-kr",
            actor=org.member,
        )
    assert error.value.problems == [
        (
            "key",
            "the key 'onb-secret-kr' is not available: keys are unique across cycles, pick another",
        )
    ]


def test_changing_an_initiative_one_cannot_see_is_not_found_like_reading_it(
    org, api_as, make_initiative
):
    hidden = make_initiative(org.onboarding, key="secret-push", links=[(org.secret_kr, 3)])
    assert api_as(org.outsider).get("initiatives/secret-push").status_code == 404
    with pytest.raises(NotFound):
        services.update_initiative(
            hidden.key, services.InitiativeFields(title="Mine now"), actor=org.outsider
        )
    with pytest.raises(NotFound):
        services.delete_initiative(hidden.key, actor=org.outsider)

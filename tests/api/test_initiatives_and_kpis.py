"""Initiatives with their key result links; KPIs and their measurements."""

from __future__ import annotations

import pytest

from okrs.goals.models import Initiative, InitiativeLink, Kpi, KpiMeasurement

pytestmark = pytest.mark.django_db


@pytest.fixture
def kpi(org):
    kpi = Kpi.objects.create(
        key="activation", team=org.onboarding, name="Activation rate", unit="%"
    )
    kpi.key_results.add(org.public_kr, org.secret_kr)
    KpiMeasurement.objects.create(kpi=kpi, date="2026-11-01", value=41)
    return kpi


def test_initiatives_are_filtered(org, api_as, make_initiative):
    make_initiative(org.payments, key="ledger", status="idea")
    api = api_as(org.admin)
    assert [i["key"] for i in api.get("initiatives", team="payments").json()["items"]] == ["ledger"]
    assert [i["key"] for i in api.get("initiatives", status="planned").json()["items"]] == ["tour"]
    linked = api.get("initiatives", key_result="onb-1-completion").json()["items"]
    assert [i["key"] for i in linked] == ["tour"]


def test_an_initiative_is_created_with_links(org, api_as):
    body = {
        "key": "emails",
        "cycle": "2026-Q4",
        "team": "onboarding",
        "title": "Welcome emails",
        "effort": 2,
        "bucket": "adjacent",
        "links": [{"key_result": "onb-1-completion", "impact": 4}],
    }
    response = api_as(org.member).post("initiatives", body)
    assert response.status_code == 201, response.content
    assert response.json()["links"] == [{"key_result": "onb-1-completion", "impact": 4.0}]
    coverage = api_as(org.member).get("key-results/onb-1-completion").json()["coverage"]
    assert coverage == round((8 + 4) / 17, 4)


def test_a_patch_of_links_replaces_them(org, api_as):
    api = api_as(org.admin)
    response = api.patch(
        "initiatives/tour", {"links": [{"key_result": "onb-secret-kr", "impact": 9}]}
    )
    assert response.status_code == 200
    assert response.json()["links"] == [{"key_result": "onb-secret-kr", "impact": 9.0}]
    assert api.patch("initiatives/tour", {"links": None}).json()["links"] == []


def test_a_patch_of_a_link_without_impact_links_it_with_none(org, api_as):
    response = api_as(org.member).patch(
        "initiatives/tour", {"links": [{"key_result": "onb-1-completion"}]}
    )
    assert response.status_code == 200
    assert response.json()["links"] == [{"key_result": "onb-1-completion", "impact": None}]


def test_a_patch_keeps_the_links_when_they_are_not_given(org, api_as):
    response = api_as(org.member).patch("initiatives/tour", {"status": "in_progress"})
    assert response.status_code == 200
    assert InitiativeLink.objects.filter(initiative=org.initiative).count() == 2


def test_a_bad_url_is_a_422(org, api_as):
    response = api_as(org.member).patch("initiatives/tour", {"url": "javascript:alert(1)"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "url"


def test_a_null_url_is_a_422_naming_the_field_not_a_conflict(org, api_as):
    response = api_as(org.member).patch("initiatives/tour", {"url": None})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "url"


def test_an_initiative_is_deleted(org, api_as):
    assert api_as(org.member).delete(f"initiatives/{org.initiative.pk}").status_code == 204
    assert not Initiative.objects.exists()


def test_a_kpi_lists_only_the_key_results_the_caller_sees(org, api_as, kpi):
    assert api_as(org.outsider).get("kpis/activation").json()["key_results"] == ["onb-1-completion"]
    assert api_as(org.member).get(f"kpis/{kpi.pk}").json()["key_results"] == [
        "onb-1-completion",
        "onb-secret-kr",
    ]


def test_a_kpi_is_created_changed_and_deleted(org, api_as):
    api = api_as(org.member)
    body = {"key": "nps", "team": "onboarding", "name": "Net promoter score", "healthy_min": 30}
    created = api.post("kpis", body)
    assert created.status_code == 201, created.content
    changed = api.patch("kpis/nps", {"healthy_max": 80, "key_results": ["onb-1-completion"]})
    assert changed.status_code == 200
    assert (changed.json()["healthy_max"], changed.json()["key_results"]) == (
        80.0,
        ["onb-1-completion"],
    )
    assert api.delete("kpis/nps").status_code == 204


def test_a_patch_by_a_member_keeps_links_to_key_results_they_cannot_see(org, api_as, kpi):
    kpi.team = org.payments
    kpi.save()
    response = api_as(org.outsider).patch("kpis/activation", {"name": "Activation"})
    assert response.status_code == 200
    assert kpi.key_results.count() == 2


def test_a_healthy_range_upside_down_is_a_422(org, api_as, kpi):
    response = api_as(org.member).patch("kpis/activation", {"healthy_min": 50, "healthy_max": 40})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "healthy_max"


def test_a_kpi_of_another_team_is_read_only_for_a_member(org, api_as, kpi):
    assert api_as(org.outsider).patch("kpis/activation", {"name": "Ours"}).status_code == 403
    assert (
        api_as(org.viewer)
        .post("kpis/activation/measurements", {"date": "2026-11-02", "value": 1})
        .status_code
        == 403
    )


def test_measurements_are_recorded_listed_corrected_and_deleted(org, api_as, kpi):
    api = api_as(org.member)
    created = api.post("kpis/activation/measurements", {"date": "2026-11-08", "value": 43.5})
    assert created.status_code == 201
    pk = created.json()["id"]
    listed = api.get("kpis/activation/measurements").json()
    assert [m["value"] for m in listed["items"]] == [41.0, 43.5]
    assert api.patch(f"measurements/{pk}", {"value": 44}).json()["value"] == 44.0
    assert api.get(f"measurements/{pk}").json()["date"] == "2026-11-08"
    assert api.delete(f"measurements/{pk}").status_code == 204
    assert api.get(f"measurements/{pk}").status_code == 404


def test_a_measurement_without_a_value_is_a_422(org, api_as, kpi):
    pk = KpiMeasurement.objects.get().pk
    response = api_as(org.member).patch(f"measurements/{pk}", {"value": None})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "value"

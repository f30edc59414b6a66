"""Key results: lists with figures and filters, detail, editing, and check-ins (one and bulk)."""

from __future__ import annotations

import pytest

from okrs.goals import figures
from okrs.goals.models import CheckIn, KeyResult

pytestmark = pytest.mark.django_db


def keys(response):
    assert response.status_code == 200, response.content
    return [item["key"] for item in response.json()["items"]]


def test_key_results_are_filtered_by_status_objective_team_and_owner(org, api_as):
    api = api_as(org.admin)
    assert keys(api.get("key-results", status="at_risk")) == ["onb-1-completion"]
    assert keys(api.get("key-results", status="on_track")) == []
    assert keys(api.get("key-results", objective="onb-secret")) == ["onb-secret-kr"]
    assert keys(api.get("key-results", team="payments")) == []
    assert api.get("key-results", status="great").status_code == 422


def test_a_key_result_is_created_and_changed(org, api_as):
    api = api_as(org.member)
    body = {
        "key": "onb-1-time",
        "objective": "onb-1",
        "title": "Cut time to first value from 24 h to 2 h",
        "unit": "h",
        "baseline": 24,
        "target": 2,
    }
    created = api.post("key-results", body)
    assert created.status_code == 201, created.content
    assert (created.json()["status"], created.json()["progress"]) == ("no_data", 0.0)
    changed = api.patch("key-results/onb-1-time", {"target": 1, "owner": "ana@example.com"})
    assert changed.status_code == 200
    assert (changed.json()["target"], changed.json()["owner"]) == (1.0, "ana@example.com")


def test_key_result_numbers_are_checked_as_by_the_importer(org, api_as):
    body = {"objective": "onb-1", "title": "Keep it up", "type": "threshold", "target": 99.9}
    response = api_as(org.admin).post("key-results", body)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "direction",
            "message": "a threshold key result needs direction: at_least or at_most",
            "line": None,
        }
    ]


def test_a_key_result_of_an_unknown_objective_is_a_422(org, api_as):
    response = api_as(org.admin).post("key-results", {"objective": "nope", "title": "Grow"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "objective"


def test_a_key_result_is_deleted_with_its_check_ins(org, api_as):
    assert api_as(org.member).delete("key-results/onb-1-completion").status_code == 204
    assert not CheckIn.objects.filter(key_result_id=org.public_kr.pk).exists()


def test_a_check_in_is_recorded_and_moves_the_figures(org, api_as):
    api = api_as(org.member)
    body = {
        "value": 76.5,
        "confidence": 0.7,
        "note": "emails live",
        "blockers": "",
        "date": "2026-11-14",
    }
    response = api.post("key-results/onb-1-completion/check-ins", body)
    assert response.status_code == 201
    check_in = response.json()
    assert (check_in["value"], check_in["author"], check_in["date"]) == (
        76.5,
        "ana@example.com",
        "2026-11-14",
    )
    assert api.get("key-results/onb-1-completion").json()["current"] == 76.5


def test_a_second_check_in_the_same_day_corrects_the_first_with_200(org, api_as):
    api = api_as(org.member)
    url = "key-results/onb-1-completion/check-ins"
    api.post(url, {"value": 75, "date": "2026-11-14"})
    response = api.post(url, {"value": 77, "date": "2026-11-14"})
    assert response.status_code == 200
    assert CheckIn.objects.filter(key_result=org.public_kr, date="2026-11-14").get().value == 77


def test_a_check_in_without_a_date_is_for_today(org, api_as, today):
    response = api_as(org.member).post("key-results/onb-1-completion/check-ins", {"value": 75})
    assert response.json()["date"] == today.isoformat()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"value": 75, "confidence": 1.5}, "confidence"),
        ({"value": 75, "date": "2026-09-30"}, "date"),
        ({"value": 75, "date": "2026-12-01"}, "date"),
        ({"value": "seventy"}, "value"),
        ({}, "value"),
    ],
)
def test_a_bad_check_in_is_a_422_naming_the_field(org, api_as, body, field):
    response = api_as(org.member).post("key-results/onb-1-completion/check-ins", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_check_ins_of_a_key_result_are_listed_oldest_first(org, api_as):
    response = api_as(org.viewer).get(f"key-results/{org.public_kr.pk}/check-ins")
    assert [c["date"] for c in response.json()["items"]] == ["2026-10-14", "2026-11-11"]


def test_bulk_check_ins_record_many_key_results_at_once(org, api_as):
    items = [
        {"key_result": "onb-1-completion", "value": 75, "date": "2026-11-14"},
        {"key_result": "onb-secret-kr", "value": 30, "confidence": 0.5, "date": "2026-11-14"},
        {"key_result": "onb-1-completion", "value": 71, "date": "2026-10-14"},
    ]
    response = api_as(org.member).post("check-ins/bulk", {"items": items})
    assert response.status_code == 200, response.content
    result = response.json()
    assert (result["created"], result["updated"]) == (2, 1)
    assert [c["key_result"] for c in result["items"]] == [i["key_result"] for i in items]


def test_bulk_check_ins_are_all_or_nothing_and_name_every_bad_index(org, api_as):
    items = [
        {"key_result": "onb-1-completion", "value": 75, "date": "2026-11-14"},
        {"key_result": "onb-1-completion", "value": 75, "confidence": 7, "date": "2026-11-13"},
        {"key_result": "missing", "value": 1},
        {"key_result": "onb-secret-kr", "value": 1, "date": "2027-01-01"},
    ]
    before = CheckIn.objects.count()
    response = api_as(org.member).post("check-ins/bulk", {"items": items})
    assert response.status_code == 422
    fields = [e["field"] for e in response.json()["errors"]]
    assert fields == ["items[1].confidence", "items[2].key_result", "items[3].date"]
    assert CheckIn.objects.count() == before


def test_a_bulk_item_of_a_type_error_names_its_index(org, api_as):
    items = [{"key_result": "onb-1-completion", "value": 75}, {"key_result": "onb-1-completion"}]
    response = api_as(org.member).post("check-ins/bulk", {"items": items})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "items[1].value"


def test_a_bulk_item_the_actor_may_not_change_is_a_403_naming_it(
    org, api_as, make_objective, make_key_result
):
    other = make_key_result(make_objective(org.payments), key="pay-kr")
    items = [
        {"key_result": "onb-1-completion", "value": 75, "date": "2026-11-14"},
        {"key_result": other.key, "value": 1, "date": "2026-11-14"},
    ]
    response = api_as(org.member).post("check-ins/bulk", {"items": items})
    assert response.status_code == 403
    assert response.json()["detail"].startswith("items[1]:")
    assert not CheckIn.objects.filter(date="2026-11-14").exists()


def test_a_check_in_is_corrected_and_deleted_by_id(org, api_as):
    api = api_as(org.member)
    check_in = CheckIn.objects.filter(key_result=org.public_kr).latest("date")
    corrected = api.patch(f"check-ins/{check_in.pk}", {"value": 73, "note": None})
    assert corrected.status_code == 200
    assert (corrected.json()["value"], corrected.json()["note"], corrected.json()["date"]) == (
        73.0,
        "",
        "2026-11-11",
    )
    assert api.delete(f"check-ins/{check_in.pk}").status_code == 204
    assert api.get("key-results/onb-1-completion").json()["current"] == 71.0


def test_the_viewer_cannot_delete_a_check_in(org, api_as):
    check_in = CheckIn.objects.filter(key_result=org.public_kr).first()
    assert api_as(org.viewer).delete(f"check-ins/{check_in.pk}").status_code == 403


def test_check_ins_are_filtered(org, api_as):
    api = api_as(org.admin)
    response = api.get("check-ins", key_result="onb-secret-kr")
    assert [c["value"] for c in response.json()["items"]] == [20.0]
    assert api.get("check-ins", team="payments").json()["count"] == 0
    assert api.get("check-ins", cycle="2026-Q4").json()["count"] == 3


def test_the_key_result_detail_has_findings_about_it(org, api_as):
    KeyResult.objects.filter(pk=org.public_kr.pk).update(baseline=None)
    figures.recompute_cycle(org.public_kr.objective.cycle)  # as `okrs recompute` after raw SQL
    findings = api_as(org.admin).get("key-results/onb-1-completion").json()["findings"]
    assert "OKR202" in {f["code"] for f in findings}

"""Every error has the shape {"detail", "errors": [{"field", "message", "line"}]}; no 500s."""

from __future__ import annotations

import json

import pytest
from django.db import DataError, connection
from django.test import Client

from okrs.core.errors import Conflict, Forbidden, Invalid, NotFound

pytestmark = pytest.mark.django_db


def assert_error(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"} and isinstance(body["detail"], str)
    assert all(set(e) == {"field", "message", "line"} for e in body["errors"])
    return body


def test_a_body_that_is_not_json_is_a_400(org, api_as):
    body = assert_error(api_as(org.admin).post("objectives", "{not json"), 400)
    assert body["detail"].startswith("the request body is not valid JSON")


@pytest.mark.parametrize("text", ['{"value": NaN}', '{"value": Infinity}', '{"value": 1e999}'])
def test_numbers_no_field_can_hold_are_a_400(org, api_as, text):
    assert_error(api_as(org.admin).post("key-results/onb-1-completion/check-ins", text), 400)


def test_a_nul_character_in_a_body_is_a_400_naming_where(org, api_as):
    body = {"cycle": "2026-Q4", "team": "onboarding", "title": "Be\u0000st"}
    response = assert_error(api_as(org.admin).post("objectives", body), 400)
    assert "title contains a NUL character" in response["detail"]


def test_a_nul_character_in_a_query_is_a_422(org, api_as):
    body = assert_error(api_as(org.admin).get("objectives", team="on\x00boarding"), 422)
    assert body["errors"][0]["field"] == "team"


def test_a_query_parameter_given_twice_is_a_422_not_the_last_one_wins(org, api_as):
    api = api_as(org.member)
    response = api.call("GET", "/api/v1/objectives?offset=0&offset=5&team=onboarding")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "offset"
    assert api.call("GET", "/api/v1/objectives?offset=0&team=onboarding").status_code == 200


@pytest.mark.parametrize(
    "ref", ["on%00b", "99999999999999999999999", "0", "-1", "a%20b", "3³", "٣"]
)
def test_refs_that_name_nothing_are_a_404(org, api_as, ref):
    assert_error(api_as(org.admin).get(f"objectives/{ref}"), 404)


def test_a_type_error_names_the_field_in_the_stable_shape(org, api_as):
    body = assert_error(
        api_as(org.admin).post("key-results", {"objective": "onb-1", "title": 5}), 422
    )
    assert body["errors"] == [
        {"field": "title", "message": "Input should be a valid string", "line": None}
    ]


def test_a_missing_field_is_a_422(org, api_as):
    body = assert_error(api_as(org.admin).post("objectives", {"team": "onboarding"}), 422)
    assert {e["field"] for e in body["errors"]} == {"cycle", "title"}


def test_a_body_over_the_upload_limit_is_a_413(org, api_as, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = {"items": [{"key_result": "onb-1-completion", "value": 1}] * 100}
    body = assert_error(api_as(org.admin).post("check-ins/bulk", big), 413)
    assert "1000 bytes" in body["detail"]


def test_an_oversized_okr_file_is_a_413(org, api_as, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    text = "cycle: 2026-Q4\n" + "# padding\n" * 200
    assert_error(api_as(org.admin).post("import", text, content_type="application/yaml"), 413)


def test_an_unknown_path_is_a_json_404(org, api_as):
    body = assert_error(api_as(org.admin).get("nothing-here"), 404)
    assert body["detail"] == "no endpoint at /api/v1/nothing-here"


def test_an_unknown_path_is_a_json_404_for_writes_too(org):
    client = Client(enforce_csrf_checks=True)
    assert_error(client.delete("/api/v1/check-ins/null,null"), 404)


def test_an_unknown_id_is_a_404(org, api_as):
    assert_error(api_as(org.admin).get("check-ins/999999"), 404)
    assert_error(api_as(org.admin).get("measurements/999999"), 404)


def test_a_lone_surrogate_in_a_body_is_a_400(org, api_as):
    text = '{"cycle": "2026-Q4", "team": "onboarding", "title": "Be\\ud800st"}'
    body = assert_error(api_as(org.admin).post("objectives", text), 400)
    assert "title contains" in body["detail"]


def test_a_value_the_database_refuses_is_a_422_not_a_500(org, api_as, monkeypatch):
    def refuse(*args, **kwargs):
        raise DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")

    monkeypatch.setattr("okrs.api.files.import_okr_file", refuse)
    response = api_as(org.admin).post("import", "cycle: 2026-Q4\n", content_type="application/yaml")
    body = assert_error(response, 422)
    assert "cannot contain NUL" in body["detail"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite stores NUL characters")
def test_a_nul_escaped_in_an_okr_file_is_refused_on_postgresql(org, api_as):
    text = 'cycle: 2026-Q4\nteams: []\nobjectives:\n  - {key: g1, team: payments, title: "Be\\u0000st"}\n'
    assert_error(api_as(org.admin).post("import", text, content_type="application/yaml"), 422)


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (NotFound("unknown objective 'x'"), 404),
        (Forbidden("you may not change objective 'x': admins only"), 403),
        (Conflict("cycle '2027-Q1' holds 1 objective(s): delete it first", field="cycle"), 409),
        (Invalid("use 'a: b' as written", field="items[2].note"), 422),
    ],
)
def test_each_kind_of_error_has_its_status_and_the_field_it_names(rf, error, status):
    from okrs.api.main import api

    response = api.on_exception(rf.post("/api/v1/objectives"), error)
    assert response.status_code == status
    blamed = [{"field": error.field, "message": error.message, "line": None}]
    assert json.loads(response.content) == {
        "detail": str(error),
        "errors": blamed if error.field else [],
    }


def test_the_field_comes_from_the_error_never_from_its_message(rf):
    from okrs.api.main import api

    error = Invalid("title: is what the file calls it", field="name")
    response = api.on_exception(rf.post("/api/v1/teams"), error)
    assert json.loads(response.content)["errors"] == [
        {"field": "name", "message": "title: is what the file calls it", "line": None}
    ]

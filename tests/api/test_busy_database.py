"""A write that finds the database busy past its wait answers 503 with Retry-After in the
API's error shape, not 500."""

from __future__ import annotations

from tests.api.support import failing_writes


def test_a_check_in_on_a_busy_database_answers_503_with_retry_after(api_as, org):
    api = api_as(org.member)
    api.client.raise_request_exception = False
    with failing_writes("database is locked"):
        response = api.post("key-results/onb-1-completion/check-ins", {"value": 80})
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    body = response.json()
    assert body["errors"] == []
    assert "busy" in body["detail"] and "try again" in body["detail"]


def test_other_database_errors_stay_server_errors(api_as, org):
    api = api_as(org.member)
    api.client.raise_request_exception = False
    with failing_writes("disk I/O error"):
        response = api.post("key-results/onb-1-completion/check-ins", {"value": 80})
    assert response.status_code == 500

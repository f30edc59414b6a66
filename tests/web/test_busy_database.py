"""A write that finds the database busy past its wait answers 503 with Retry-After, not 500."""

from __future__ import annotations

from django.urls import reverse

from tests.api.support import failing_writes

URL = reverse("check-in", args=["onb-1-completion"])


def test_a_check_in_on_a_busy_database_says_try_again_in_a_moment(signed_in, org):
    client = signed_in(org.ana)
    client.raise_request_exception = False
    with failing_writes("database is locked"):
        response = client.post(URL, {"value": "80", "confidence": "0.8"})
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "busy" in page and "try again" in page.lower()
    assert "Server Error" not in page


def test_other_database_errors_stay_server_errors(signed_in, org):
    client = signed_in(org.ana)
    client.raise_request_exception = False
    with failing_writes("no such table: goals_checkin"):
        response = client.post(URL, {"value": "80", "confidence": "0.8"})
    assert response.status_code == 500
    assert not response.has_header("Retry-After")

"""A refused request leaves one line in the log saying who, what and why; no traceback."""

from __future__ import annotations

import logging

import pytest

from tests.api.conftest import ApiClient


@pytest.fixture
def org(make_team, make_user, make_objective):
    onboarding = make_team("onboarding")
    make_objective(onboarding, key="onb-1")
    return make_user("vic@example.com", role="viewer")


def forbidden_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.request" and r.status_code == 403]


def test_a_refused_web_change_logs_one_line_with_who_what_and_why(client, org, caplog):
    client.force_login(org)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/objectives/onb-1/edit/")
    assert response.status_code == 403
    [record] = forbidden_records(caplog)
    assert record.exc_info is None
    line = record.getMessage()
    assert "\n" not in line
    assert "vic@example.com" in line
    assert "GET /objectives/onb-1/edit/" in line
    assert "only admins and members of this team can change its OKRs" in line


def test_a_refused_api_change_logs_one_line_with_who_what_and_why(
    client, org, caplog, make_team, make_user
):
    from okrs.people.services import create_token

    outsider = make_user("mo@example.com", teams=[make_team("growth")])
    api = ApiClient(client, create_token(outsider, scope="write").raw)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = api.patch("objectives/onb-1", {"title": "Make onboarding a joy"})
    assert response.status_code == 403
    [record] = forbidden_records(caplog)
    assert record.exc_info is None
    line = record.getMessage()
    assert "mo@example.com" in line
    assert "PATCH /api/v1/objectives/onb-1" in line
    assert "you may not change" in line


def test_the_line_survives_logging_being_set_up_twice(client, org):
    from django.conf import settings
    from django.utils.log import configure_logging

    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)  # as `okrs` commands do again
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.force_login(org)
        client.get("/objectives/onb-1/edit/")
    finally:
        logger.removeHandler(handler)
    [record] = records
    assert "only admins and members of this team can change its OKRs" in record.getMessage()

"""Property-based fuzzing of every operation against the live OpenAPI document.

schemathesis generates requests from /api/v1/openapi.json and sends them to the Django
app through WSGI as an admin on the small organisation of `conftest.org`; a 5xx or a
response that does not match its documented schema fails the test. Half the generated
paths address a seeded object, so reads, PATCHes and DELETEs reach real rows. Examples
are bounded per operation so the whole run stays within a minute or so.

A second run sends requests as a member (ana, of onboarding) with every check
schemathesis has, as `st run --checks all` does: a request the document allows is
accepted, one it forbids is refused. The rules the server enforces beyond the document
(references to rows that do not exist, file contents) are listed in `schemathesis.toml`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from okrs.goals.models import CheckIn, Kpi, KpiMeasurement
from okrs.people.models import ApiToken
from okrs.people.services import create_token
from okrs.wsgi import application

CONFIG = schemathesis.config.SchemathesisConfig.from_path(
    Path(__file__).resolve().parents[2] / "schemathesis.toml"
)
# The admin run keeps schemathesis's defaults (NUL characters included, which the server
# must refuse without a 500); the member run reads the project's settings.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", application, config=schemathesis.config.SchemathesisConfig()
)
member_schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)

SEEDED_REFS = {
    "cycles": "2026-Q4",
    "teams": "onboarding",
    "people": "ana@example.com",
    "objectives": "onb-1",
    "key-results": "onb-1-completion",
    "initiatives": "tour",
    "kpis": "activation",
}
SEEDED_IDS = {"check_in_id": CheckIn, "measurement_id": KpiMeasurement, "token_id": ApiToken}


@pytest.fixture
def seeded(org):
    """The organisation with a KPI and a measurement; requests through WSGI keep the
    test's database connection (and transaction), as Django's test client does."""
    kpi = Kpi.objects.create(key="activation", team=org.onboarding, name="Activation rate")
    KpiMeasurement.objects.create(kpi=kpi, date="2026-11-01", value=41)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield org
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(seeded):
    """An admin's write token."""
    return create_token(seeded.admin, scope="write").raw


@pytest.fixture
def member_token(seeded):
    """A member's write token: ana, of onboarding."""
    return create_token(seeded.member, scope="write").raw


def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
    """The generated path parameters, or those of a seeded object."""
    if not path_parameters:
        return st.just(path_parameters)
    resource = context.operation.path.split("/")[3]
    seeded = {name: SEEDED_REFS.get(resource) for name in path_parameters if name == "ref"}
    for name, model in SEEDED_IDS.items():
        # An id that is no integer is a negative case: it stays as generated.
        if isinstance(path_parameters.get(name), int):
            seeded[name] = model.objects.order_by("pk").values_list("pk", flat=True).first()
    usable = {name: value for name, value in seeded.items() if value is not None}
    return st.sampled_from([path_parameters, {**path_parameters, **usable}])


@schema.hooks.apply(flatmap_path_parameters)
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
@pytest.mark.django_db
def test_no_operation_fails_or_breaks_its_schema(case, admin_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {admin_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )


@member_schema.hooks.apply(flatmap_path_parameters)
@member_schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
@pytest.mark.django_db
def test_a_member_meets_every_check(case, member_token):
    """What the document allows is accepted, what it forbids refused (`--checks all`)."""
    case.call_and_validate(headers={"Authorization": f"Bearer {member_token}"})

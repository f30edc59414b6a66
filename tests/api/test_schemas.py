"""The API's enumerations are the domain's: a new kind or status shows in OpenAPI too."""

from __future__ import annotations

from typing import get_args

import pytest

from okrs.api import schemas
from okrs.core import coach, domain
from okrs.people.models import ApiToken, Role


@pytest.mark.parametrize(
    ("literal", "values"),
    [
        (schemas.ObjectiveKind, domain.OBJECTIVE_KINDS),
        (schemas.Visibility, domain.VISIBILITIES),
        (schemas.KeyResultType, domain.KEY_RESULT_TYPES),
        (schemas.Direction, domain.DIRECTIONS),
        (schemas.InitiativeStatus, domain.INITIATIVE_STATUSES),
        (schemas.Bucket, domain.BUCKETS),
        (schemas.CycleState, domain.CYCLE_STATES),
        (schemas.TeamKind, domain.TEAM_KINDS),
        (schemas.Severity, coach.SEVERITIES),
        (schemas.TargetKind, coach.TARGET_KINDS),
        (schemas.Role, tuple(Role.values)),
        (schemas.Scope, tuple(ApiToken.Scope.values)),
    ],
)
def test_an_enumeration_of_the_api_lists_the_domain_values(literal, values):
    assert get_args(literal) == tuple(values)

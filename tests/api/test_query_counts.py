"""Lists run a fixed number of SQL queries, whatever the amount of data (pinned here)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrs.goals.models import CheckIn, Kpi, KpiMeasurement
from okrs.people.models import ApiToken, User

pytestmark = pytest.mark.django_db

# Endpoint -> the queries it runs for a member (admins skip the lookup of their teams).
# Every count includes the two of token authentication (look up, record the last use);
# objectives and key results load the cycle's plan (7) and look up the ids shown (1-2).
BUDGETS = {
    "objectives": 14,
    "key-results": 13,
    "check-ins": 5,
    "initiatives": 6,
    "kpis": 6,
    "cycles": 4,
    "teams": 4,
    "people": 5,
    "tokens": 4,
    "key-results/kr-0-0/check-ins": 6,
    "kpis/kpi-0/measurements": 5,
    "objectives/obj-0": 16,
    "key-results/kr-0-0": 15,
}


@pytest.fixture
def grow(cycle, make_team, make_user, make_objective, make_key_result, make_initiative):
    """`grow(n)`: n teams, each with an objective (half team-only), 2 key results, check-ins,
    an initiative, a KPI with measurements, and a member."""
    made = 0

    def make(count: int) -> None:
        nonlocal made
        for number in range(made, count):
            team = make_team(f"team-{number}")
            make_user(f"member-{number}@example.com", teams=[team])
            objective = make_objective(
                team, key=f"obj-{number}", visibility="team" if number % 2 else "public"
            )
            krs = [make_key_result(objective, key=f"kr-{number}-{k}") for k in range(2)]
            for kr in krs:
                CheckIn.objects.bulk_create(
                    CheckIn(
                        key_result=kr, date=date(2026, 10, 1) + timedelta(days=7 * w), value=70 + w
                    )
                    for w in range(4)
                )
            make_initiative(team, key=f"ini-{number}", links=[(kr, 2) for kr in krs])
            kpi = Kpi.objects.create(key=f"kpi-{number}", team=team, name=f"KPI {number}")
            kpi.key_results.add(*krs)
            KpiMeasurement.objects.bulk_create(
                KpiMeasurement(kpi=kpi, date=date(2026, 10, 1) + timedelta(days=d), value=d)
                for d in range(5)
            )
        made = max(made, count)

    return make


def queries_of(api, path):
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize("path", BUDGETS)
def test_a_list_runs_the_same_number_of_queries_for_2_and_20_objectives(
    path, grow, api_as, django_assert_max_num_queries
):
    grow(2)
    api = api_as(User.objects.get(email="member-0@example.com"))
    with django_assert_max_num_queries(BUDGETS[path]):
        small = queries_of(api, path)
    grow(20)
    # Measured alike: the token's last use is recorded again, as on a client's first call a minute.
    ApiToken.objects.update(last_used_at=None)
    with django_assert_max_num_queries(BUDGETS[path]):
        large = queries_of(api, path)
    assert small == large

"""Scoring a whole cycle costs a fixed number of SQL queries, whatever the size of the data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrs.goals.selectors import scored_plan
from okrs.goals.services import score_cycle

pytestmark = pytest.mark.django_db


def build_company(size, make_team, make_objective, make_key_result, make_initiative, make_user):
    company = make_team(kind="company")
    owner = make_user()
    for _ in range(size):
        team = make_team(parent=company)
        for _ in range(3):
            objective = make_objective(team, owner=owner, kind="aspirational")
            for k in range(4):
                kr = make_key_result(
                    objective,
                    owner=owner,
                    check_ins=[
                        (date(2026, 10, 1) + timedelta(days=7 * w), 68 + w + k, 0.5)
                        for w in range(6)
                    ],
                )
            make_initiative(team, links=[(kr, 3)], effort=2, bucket="core")


def queries_to_score(as_of=date(2026, 11, 15)) -> int:
    with CaptureQueriesContext(connection) as captured:
        score_cycle("2026-Q4", as_of=as_of)
    return len(captured)


def test_scoring_queries_do_not_grow_with_the_data(
    make_team, make_objective, make_key_result, make_initiative, make_user
):
    factories = (make_team, make_objective, make_key_result, make_initiative, make_user)
    build_company(2, *factories)
    small = queries_to_score()
    build_company(10, *factories)
    large = queries_to_score()
    assert small == large
    assert large <= 10


@pytest.mark.parametrize("as_of", [date(2026, 10, 20), date(2026, 12, 31)])
def test_a_cycles_scores_equal_those_shown_beside_its_plan(
    as_of, cycle, make_team, make_objective, make_key_result, make_user
):
    company = make_team(kind="company")
    growth = make_team(parent=company)
    member = make_user(teams=[growth])
    top = make_objective(company, kind="aspirational")
    for visibility in ("public", "team"):
        objective = make_objective(growth, aligned_to=top, visibility=visibility)
        for k in range(3):
            make_key_result(
                objective,
                type=("metric", "threshold", "milestone")[k],
                direction="at_least" if k == 1 else "",
                weight=k + 1,
                check_ins=[
                    (date(2026, 10, 1) + timedelta(days=9 * w), 70 + w, 0.5) for w in range(4)
                ],
            )
    outsider = make_user()

    for actor in (None, member, outsider):
        alone = score_cycle(cycle.key, as_of=as_of, actor=actor)
        beside = scored_plan(cycle, actor, as_of=as_of)[1]
        assert alone == beside
        assert len(alone.objectives) == (3 if actor in (None, member) else 2)

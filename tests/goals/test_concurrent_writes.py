"""Concurrent writes lose nothing: check-ins at the same instant under one objective all land,
and the stored scores reflect all of them.

Real threads with their own database connections, against PostgreSQL, where row locks
order the writes. (On SQLite writers are serialised by the database itself; the test
database there lives in one process's memory, which threads cannot share safely.)
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections

from okrs.goals.models import CheckIn, KeyResult, Objective, TeamScore
from okrs.goals.services import record_check_in
from tests.goals.test_stored_figures import assert_stored_figures_are_fresh

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: threads share no SQLite test database",
    ),
]

DAY = date(2026, 11, 2)
WRITERS = 8
ROUNDS = 5


def run_at_once(jobs):
    """Start every job at the same instant in its own thread; re-raise the first failure."""
    barrier = threading.Barrier(len(jobs))
    failures = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures


def test_check_ins_at_the_same_instant_on_one_objective_all_count(
    cycle, make_team, make_objective, make_key_result
):
    team = make_team("growth")
    objective = make_objective(team, key="growth-1")
    key_results = [
        make_key_result(objective, key=f"growth-1-kr{n}", baseline=0, target=100)
        for n in range(WRITERS)
    ]
    for round_ in range(1, ROUNDS + 1):
        value = 10 * round_
        run_at_once(
            [
                lambda kr=kr, value=value: record_check_in(kr.key, value, day=DAY)
                for kr in key_results
            ]
        )
        assert CheckIn.objects.filter(value=value).count() == WRITERS
        assert Objective.objects.get(pk=objective.pk).score == pytest.approx(value / 100)
        assert TeamScore.objects.get(team=team).score == pytest.approx(value / 100)
    assert_stored_figures_are_fresh(cycle)


def test_check_ins_on_objectives_of_one_team_and_one_parent_all_count(
    cycle, make_team, make_objective, make_key_result
):
    team = make_team("growth")
    parent = make_objective(team, key="growth-parent")  # scored from those aligned to it
    children = [make_objective(team, key=f"growth-{n}", aligned_to=parent) for n in range(WRITERS)]
    key_results = [
        make_key_result(child, key=f"growth-{n}-kr", baseline=0, target=10)
        for n, child in enumerate(children)
    ]
    run_at_once([lambda kr=kr: record_check_in(kr.key, 5, day=DAY) for kr in key_results])
    assert KeyResult.objects.filter(score=0.5).count() == WRITERS
    assert Objective.objects.get(pk=parent.pk).score == pytest.approx(0.5)
    assert_stored_figures_are_fresh(cycle)

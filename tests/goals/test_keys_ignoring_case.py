"""Keys are unique ignoring case: in the database, in imports, and when upgrading old data."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from okrs.core.okrfile import OkrFileError
from okrs.goals.models import Cycle, KeyResult, Objective
from okrs.goals.services import import_okr_file
from okrs.people.models import Team

FILE = """\
cycle: 2026-Q4
teams:
  - {key: Onboarding, name: Onboarding}
objectives:
  - key: ONB-1
    team: Onboarding
    title: Make onboarding a delight
    key_results:
      - {key: onb-1-Completion, title: Raise completion from 68% to 85%, baseline: 68, target: 85}
"""


@pytest.mark.django_db
def test_the_database_refuses_a_key_differing_only_in_case(make_team):
    make_team("onboarding")
    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.create(key="ONBOARDING", name="Twin")


@pytest.mark.django_db
def test_an_import_naming_a_stored_key_in_another_case_says_it_is_not_available(
    make_team, make_objective, make_key_result
):
    onboarding = make_team("onboarding")
    make_key_result(make_objective(onboarding, key="onb-1"), key="onb-1-completion")
    with pytest.raises(OkrFileError) as refused:
        import_okr_file(FILE, "okrs.yaml")
    assert [str(problem) for problem in refused.value.problems] == [
        "okrs.yaml:3: teams[0].key: the key 'Onboarding' is not available: keys are unique across cycles, pick another",
        "okrs.yaml:5: objectives[0].key: the key 'ONB-1' is not available: keys are unique across cycles, pick another",
        "okrs.yaml:9: objectives[0].key_results[0].key: the key 'onb-1-Completion' is not "
        "available: keys are unique across cycles, pick another",
    ]
    assert Objective.objects.count() == 1 and Team.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_upgrading_a_database_with_keys_differing_only_in_case_renames_the_newer_ones():
    executor = MigrationExecutor(connection)
    before = [("people", "0001_initial"), ("goals", "0004_cycle_revision")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    team_model = old.get_model("people", "Team")
    ops, ops_twin, ops_other = (
        team_model.objects.create(key=key, name=key) for key in ("ops", "OPS", "Ops")
    )
    team_model.objects.create(key="OPS-2", name="Taken")
    cycle = old.get_model("goals", "Cycle").objects.create(
        key="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31)
    )
    objective_model = old.get_model("goals", "Objective")
    for key in ("onb-1", "ONB-1"):
        objective_model.objects.create(key=key, cycle=cycle, team=ops, title="Delight")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert dict(Team.objects.values_list("id", "key")) == {
        ops.pk: "ops",
        ops_twin.pk: "OPS-3",
        ops_other.pk: "Ops-4",
        ops.pk + 3: "OPS-2",
    }
    assert sorted(Objective.objects.values_list("key", flat=True)) == ["ONB-1-2", "onb-1"]
    assert Cycle.objects.get().key == "2026-Q4" and not KeyResult.objects.exists()

"""The synthetic company: its shape, its counts, and that it never mixes with existing data."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import F, Max, Min

from okrs.bench.company import DatabaseNotEmpty, generate_company
from okrs.goals import models as goals
from okrs.people.models import Membership, Team, User

TODAY = date(2026, 11, 15)
TINY = {"teams": 12, "quarters": 2, "people": 60, "today": TODAY}


@pytest.fixture
def company(db):
    return generate_company(**TINY)


def test_writes_the_expected_counts(company):
    assert Team.objects.count() == company.teams == 12
    assert User.objects.count() == company.people == 60
    assert Membership.objects.count() == company.memberships == 60
    assert goals.Objective.objects.count() == company.objectives == 2 * 12 * 3
    assert goals.KeyResult.objects.count() == company.key_results == 2 * 12 * 3 * 4
    assert goals.Initiative.objects.count() == company.initiatives == 2 * 12 * 3
    assert goals.InitiativeLink.objects.count() == company.links == 2 * 12 * 3
    assert goals.Kpi.objects.count() == company.kpis == 2
    assert goals.KpiMeasurement.objects.count() == company.measurements > 0
    assert goals.CheckIn.objects.count() == company.check_ins > 2 * 12 * 3 * 4 * 6


def test_cycles_end_with_the_active_quarter(company):
    cycles = list(goals.Cycle.objects.order_by("start").values_list("key", "state"))

    assert cycles == [("2026-Q3", "closed"), ("2026-Q4", "active")]


def test_teams_form_a_four_level_tree(company):
    parents = dict(Team.objects.values_list("id", "parent_id"))

    def depth(team_id):
        return 1 if parents[team_id] is None else 1 + depth(parents[team_id])

    depths = {team_id: depth(team_id) for team_id in parents}
    root = Team.objects.get(parent=None)
    assert root.kind == "company"
    assert max(depths.values()) == 4
    assert Team.objects.filter(parent=root).exists()
    assert sorted(set(depths.values())) == [1, 2, 3, 4]


def test_every_team_has_exactly_one_lead(company):
    leads = Membership.objects.filter(is_lead=True)

    assert leads.count() == 12
    assert leads.values("team").distinct().count() == 12


def test_objectives_align_to_an_objective_of_the_parent_team(company):
    objectives = goals.Objective.objects.select_related("team", "aligned_objective")

    for objective in objectives:
        if objective.team.parent_id is None:
            assert objective.aligned_objective is None
        else:
            assert objective.aligned_objective.team_id == objective.team.parent_id
            assert objective.aligned_objective.cycle_id == objective.cycle_id


def test_keys_are_readable(company):
    assert Team.objects.filter(key="t0005").exists()
    assert goals.Objective.objects.filter(key="2026-Q4-t0005-o1").exists()
    assert goals.KeyResult.objects.filter(key="2026-Q4-t0005-o1-kr3").exists()
    assert User.objects.filter(email="user00042@example.com", password__startswith="!").exists()


def test_check_ins_stay_inside_their_cycle_and_before_today(company):
    bounds = goals.CheckIn.objects.aggregate(
        earliest=Min(F("date") - F("key_result__objective__cycle__start")),
        latest=Max(F("date") - F("key_result__objective__cycle__end")),
    )

    assert bounds["earliest"].days >= 0
    assert bounds["latest"].days <= 0
    assert goals.CheckIn.objects.aggregate(last=Max("date"))["last"] <= TODAY


def test_reports_progress_per_phase(db):
    calls = []

    generate_company(**TINY, progress=lambda *call: calls.append(call))

    finished = {phase for phase, done, total in calls if done == total}
    assert finished == {"people", "teams", "2026-Q3", "2026-Q4", "kpis"}


def test_the_same_seed_gives_the_same_company(db):
    def fingerprint():
        return list(
            goals.CheckIn.objects.order_by("key_result__key", "date").values_list(
                "key_result__key", "date", "value"
            )
        )

    generate_company(**TINY)
    first = fingerprint()
    generate_company(**TINY, reset=True)

    assert fingerprint() == first


def test_refuses_a_database_that_holds_teams(db):
    Team.objects.create(key="acme", name="Acme", kind="company")

    with pytest.raises(DatabaseNotEmpty, match="reset"):
        generate_company(**TINY)

    assert Team.objects.count() == 1


def test_reset_replaces_the_okr_data_and_keeps_other_people(company):
    admin = User.objects.create_user("admin@example.com", "pw-Secret-42", role="admin")
    Team.objects.create(key="acme", name="Acme", kind="company")

    report = generate_company(**TINY, seed=7, reset=True)

    assert Team.objects.count() == 12
    assert not Team.objects.filter(key="acme").exists()
    assert goals.Cycle.objects.count() == 2
    assert goals.CheckIn.objects.count() == report.check_ins
    assert User.objects.count() == 61
    assert User.objects.filter(pk=admin.pk).exists()


def test_rejects_a_tree_too_small_for_four_levels(db):
    with pytest.raises(ValueError, match="teams"):
        generate_company(teams=3, people=10, today=TODAY)

"""The cached snapshot of a cycle always equals what a fresh read computes."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrs.core.scoring import score_plan
from okrs.goals.models import CheckIn, Cycle, KeyResult
from okrs.goals.services import import_okr_file, record_check_in
from okrs.goals.snapshots import _read_plan, load_plan, load_scored

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 15)


@pytest.fixture
def kr(make_team, make_objective, make_key_result):
    objective = make_objective(make_team("onboarding"), key="onb-1")
    return make_key_result(
        objective, key="onb-1-completion", check_ins=[(date(2026, 10, 14), 71, 0.6)]
    )


def fresh(cycle: Cycle):
    plan = _read_plan(cycle, AS_OF)
    return plan, score_plan(plan, AS_OF)


def test_a_second_read_is_served_from_the_cache_with_one_query(kr, cycle):
    first = load_scored(cycle, as_of=AS_OF)
    with CaptureQueriesContext(connection) as queries:
        second = load_scored(cycle, as_of=AS_OF)
    assert len(queries) == 1  # the cycle's revision
    assert second == first == fresh(cycle)


def test_a_check_in_renews_the_snapshot(kr, cycle):
    load_scored(cycle, as_of=AS_OF)
    record_check_in(kr.key, 80, day=date(2026, 11, 10))
    plan, scores = load_scored(cycle, as_of=AS_OF)
    assert scores.objectives[0].key_results[0].current == 80
    assert (plan, scores) == fresh(cycle)


@pytest.mark.parametrize(
    "change",
    [
        lambda kr: KeyResult.objects.get(pk=kr.pk).delete(),
        lambda kr: CheckIn.objects.filter(key_result=kr).delete(),
        lambda kr: setattr(kr, "target", 90) or kr.save(),
        lambda kr: setattr(kr.objective, "title", "Delight new admins") or kr.objective.save(),
        lambda kr: setattr(kr.objective.team, "name", "Activation") or kr.objective.team.save(),
        lambda kr: Cycle.objects.filter(pk=kr.objective.cycle_id).update(state="closed"),
    ],
    ids=[
        "delete key result",
        "delete check-ins",
        "edit target",
        "edit objective",
        "rename team",
        "close cycle",
    ],
)
def test_every_kind_of_write_renews_the_snapshot(kr, cycle, change):
    load_scored(cycle, as_of=AS_OF)
    change(kr)
    cycle.refresh_from_db()
    assert load_scored(cycle, as_of=AS_OF) == fresh(cycle)


def test_an_import_renews_the_snapshot(kr, cycle):
    load_plan(cycle)
    import_okr_file(
        "cycle: 2026-Q4\nobjectives:\n  - key: onb-2\n    team: onboarding\n    title: Make new admins confident\n",
        "more.yaml",
    )
    assert [o.key for o in load_plan(cycle).objectives] == ["onb-1", "onb-2"]


def test_what_one_person_sees_is_cut_from_the_same_snapshot(kr, cycle, make_user, make_team):
    kr.objective.visibility = "team"
    kr.objective.save()
    outsider = make_user(teams=[make_team()])
    member = make_user(teams=[kr.objective.team])
    assert load_scored(cycle, actor=outsider, as_of=AS_OF)[1].objectives == []
    assert load_scored(cycle, actor=member, as_of=AS_OF)[1] == fresh(cycle)[1]


def test_a_team_view_keeps_the_initiatives_of_other_teams_serving_its_key_results(
    kr, cycle, make_team, make_initiative
):
    make_initiative(make_team("identity"), key="sso", links=[(kr, 5)])
    make_initiative(make_team("payments"), key="unrelated")
    plan = load_plan(cycle, team_keys={"onboarding"})
    assert [i.key for i in plan.initiatives] == ["sso"]


def test_an_owner_changing_email_renews_the_snapshot(kr, cycle, make_user):
    owner = make_user("ana@example.com")
    kr.owner = owner
    kr.save()
    load_plan(cycle)
    owner.email = "ana.silva@example.com"
    owner.save()
    assert load_plan(cycle).objectives[0].key_results[0].owner == "ana.silva@example.com"

"""Importing OKR files into the database: upsert by key, all or nothing, lossless round trip."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from okrs.core import domain
from okrs.core.errors import Forbidden
from okrs.core.okrfile import OkrFileError, dump_yaml
from okrs.goals.models import (
    CheckIn,
    Cycle,
    Finding,
    Initiative,
    InitiativeLink,
    KeyResult,
    Objective,
)
from okrs.goals.services import import_okr_file, score_cycle
from okrs.goals.snapshots import load_plan
from okrs.people.models import Team, User
from tests.goals.test_stored_figures import assert_stored_figures_are_fresh

EXAMPLE = (Path(__file__).parents[2] / "fixtures" / "product_example.yaml").read_text()
MODELS = (Cycle, Team, User, Objective, KeyResult, CheckIn, Initiative, InitiativeLink)

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def export_cycle(key: str = "2026-Q4") -> str:
    return dump_yaml(load_plan(Cycle.objects.get(key=key)))


def test_the_product_example_scores_as_documented_after_import():
    import_okr_file(EXAMPLE, "okrs.yaml")
    result = score_cycle("2026-Q4", as_of=date(2026, 11, 15)).as_dict()
    kr = result["objectives"][0]["key_results"][0]
    assert result["teams"] == [{"key": "onboarding", "score": 0.3529, "grade": "red"}]
    assert kr == {
        "key": "onb-1-completion",
        "type": "metric",
        "current": 74.0,
        "progress": 0.3529,
        "score": 0.3529,
        "expected": 0.35,
        "status": "on_track",
        "confidence": 0.6,
        "forecast_value": 81.2267,
        "forecast_score": 0.778,
        "coverage": 0.4706,
    }


def test_import_creates_every_row_and_invites_the_owner():
    report = import_okr_file(EXAMPLE, "okrs.yaml")
    assert row_counts() == {
        "Cycle": 1,
        "Team": 2,
        "User": 1,
        "Objective": 1,
        "KeyResult": 1,
        "CheckIn": 2,
        "Initiative": 1,
        "InitiativeLink": 1,
    }
    assert report.created["objective"] == 1 and report.changed
    owner = User.objects.get(email="ana@example.com")
    assert not owner.has_usable_password()
    assert Team.objects.get(key="onboarding").parent.key == "company"


def test_importing_twice_changes_nothing():
    import_okr_file(EXAMPLE, "okrs.yaml")
    before = row_counts()
    report = import_okr_file(EXAMPLE, "okrs.yaml")
    assert not report.changed
    assert row_counts() == before
    assert report.unchanged["key_result"] == 1 and report.unchanged["check_in"] == 2


def test_import_updates_by_key():
    import_okr_file(EXAMPLE, "okrs.yaml")
    changed = EXAMPLE.replace("target: 85", "target: 90").replace("value: 74,", "value: 76,")
    report = import_okr_file(changed, "okrs.yaml")
    assert report.updated["key_result"] == 1 and report.updated["check_in"] == 1
    kr = KeyResult.objects.get(key="onb-1-completion")
    assert kr.target == 90
    assert kr.check_ins.get(date=date(2026, 11, 11)).value == 76


def test_export_import_export_gives_the_same_bytes():
    import_okr_file(EXAMPLE, "okrs.yaml")
    first = export_cycle()
    Team.objects.update(parent=None)
    for model in reversed(MODELS):
        model.objects.all().delete()
    import_okr_file(first, "export.yaml")
    assert export_cycle() == first


def test_a_bad_file_writes_nothing_and_names_every_problem():
    bad = EXAMPLE.replace("baseline: 68", "baseline: sixty-eight").replace(
        "confidence: 0.6}", "confidence: 6}"
    )
    with pytest.raises(OkrFileError) as raised:
        import_okr_file(bad, "okrs.yaml")
    messages = [str(p) for p in raised.value.problems]
    assert any(
        m.startswith("okrs.yaml:") and "baseline" in m and "sixty-eight" in m for m in messages
    )
    assert any("confidence" in m for m in messages)
    assert all(count == 0 for count in row_counts().values())


def test_an_unknown_team_is_reported_with_its_line_and_nothing_is_written():
    bad = EXAMPLE.replace("    team: onboarding", "    team: growth")
    with pytest.raises(OkrFileError) as raised:
        import_okr_file(bad, "okrs.yaml")
    (problem,) = raised.value.problems
    assert (problem.line, problem.field) == (7, "objectives[0].team")
    assert "growth" in problem.message
    assert all(count == 0 for count in row_counts().values())


def test_bad_values_and_an_unknown_team_are_reported_in_one_go():
    bad = (
        EXAMPLE.replace("baseline: 68", "baseline: sixty-eight")
        .replace("confidence: 0.6}", "confidence: 1.7}")
        .replace("    team: onboarding", "    team: growth")
    )
    with pytest.raises(OkrFileError) as raised:
        import_okr_file(bad, "okrs.yaml")
    fields = [problem.field for problem in raised.value.problems]
    assert "objectives[0].team" in fields
    assert any("baseline" in f for f in fields) and any("confidence" in f for f in fields)
    lines = [problem.line for problem in raised.value.problems]
    assert lines == sorted(lines)
    assert all(count == 0 for count in row_counts().values())


def test_references_resolve_against_stored_teams_and_objectives():
    import_okr_file(EXAMPLE, "okrs.yaml")
    follow_up = """
cycle: 2026-Q4
objectives:
  - key: onb-2
    team: onboarding
    title: Make new admins confident on day one
    aligned_to: onb-1
    key_results:
      - {key: onb-2-ttv, title: Reduce time to first value from 24 h to 15 min, unit: min, baseline: 1440, target: 15}
"""
    import_okr_file(follow_up, "more.yaml")
    assert Objective.objects.get(key="onb-2").aligned_objective.key == "onb-1"


def test_a_cycle_stored_with_other_dates_is_a_conflict_and_nothing_is_written():
    Cycle.objects.create(key="sprint-1", start=date(2026, 10, 1), end=date(2026, 10, 14))
    text = EXAMPLE.replace(
        "cycle: 2026-Q4", "cycle: {name: sprint-1, start: 2026-10-01, end: 2026-12-31}"
    )
    with pytest.raises(OkrFileError) as raised:
        import_okr_file(text, "okrs.yaml")
    assert "sprint-1" in str(raised.value.problems[0])
    assert Objective.objects.count() == 0 and Team.objects.count() == 0


def test_a_viewer_cannot_import_and_nothing_is_written(make_user):
    viewer = make_user(role="viewer")
    with pytest.raises(Forbidden):
        import_okr_file(EXAMPLE, "okrs.yaml", actor=viewer)
    assert Objective.objects.count() == 0


def test_a_member_imports_their_own_team_but_not_another(make_user, make_team):
    import_okr_file(EXAMPLE, "okrs.yaml")
    onboarding = Team.objects.get(key="onboarding")
    member = make_user(teams=[onboarding])
    changed = EXAMPLE.replace("target: 85", "target: 88")
    import_okr_file(changed, "okrs.yaml", actor=member)
    assert KeyResult.objects.get(key="onb-1-completion").target == 88
    outsider = make_user(teams=[make_team("payments")])
    with pytest.raises(Forbidden):
        import_okr_file(EXAMPLE, "okrs.yaml", actor=outsider)
    assert KeyResult.objects.get(key="onb-1-completion").target == 88


def test_a_key_from_another_cycle_is_reported_where_the_file_defines_it():
    import_okr_file(EXAMPLE, "okrs.yaml")
    next_quarter = (
        EXAMPLE.replace("cycle: 2026-Q4", "cycle: 2027-Q1")
        .replace("2026-10-14", "2027-01-14")
        .replace("2026-11-11", "2027-02-11")
    )
    with pytest.raises(OkrFileError) as raised:
        import_okr_file(next_quarter, "next.yaml")
    messages = [str(p) for p in raised.value.problems]
    assert (
        "next.yaml:6: objectives[0].key: objective key 'onb-1' is used in another cycle"
        in messages[0]
    )
    assert Cycle.objects.count() == 1


def large_plan(objectives: int, first_value: float) -> domain.Plan:
    """A file of many objectives: key results of every type, some never checked in, an
    initiative on some, objectives without key results aligned to by others."""
    start = date(2026, 10, 1)
    plan = domain.Plan(
        cycle=domain.Cycle("2026-Q4", start, date(2026, 12, 31), "active"),
        teams=[domain.Team("growth", "Growth", "cross_functional")],
    )
    for o in range(objectives):
        key_results = [
            domain.KeyResult(
                key=f"o{o}-activation",
                title="Increase activation from 20% to 35%",
                baseline=20,
                target=35,
                check_ins=[
                    domain.CheckIn(start + timedelta(days=7 * w), first_value + w, 0.6)
                    for w in range(o % 4)
                ],
            ),
            domain.KeyResult(
                key=f"o{o}-uptime",
                title="Keep availability at or above 99.9%",
                type="threshold",
                target=99.9,
                direction="at_least",
                check_ins=[domain.CheckIn(start, 99.95 - o % 2)],
            ),
            domain.KeyResult(key=f"o{o}-launch", title="Launch the tour", type="milestone"),
        ]
        plan.objectives.append(
            domain.Objective(
                key=f"o{o}",
                team="growth",
                title="Make onboarding a delight",
                aligned_to="o0" if o % 5 == 1 else None,
                key_results=[] if o % 5 == 0 else key_results,
            )
        )
        plan.initiatives.append(
            domain.Initiative(
                key=f"i{o}",
                title="Guided tour",
                team="growth",
                links=[domain.ImpactLink(f"o{o}-activation", 3)] if o % 5 else [],
            )
        )
    return plan


def test_a_large_file_stores_the_figures_a_fresh_computation_gives(cycle):
    import_okr_file(dump_yaml(large_plan(40, first_value=22)), "okrs.yaml")
    assert_stored_figures_are_fresh(cycle)
    assert KeyResult.objects.get(key="o3-activation").current == 24
    assert KeyResult.objects.get(key="o4-launch").current is None

    report = import_okr_file(dump_yaml(large_plan(40, first_value=30)), "okrs.yaml")

    assert report.updated["check_in"] > 3
    assert_stored_figures_are_fresh(cycle)
    assert KeyResult.objects.get(key="o3-activation").last_check_in == date(2026, 10, 15)


def test_a_file_that_moves_a_team_updates_the_findings_of_its_objectives_in_open_cycles(cycle):
    first = """
cycle: 2026-Q4
teams:
  - {key: growth, name: Growth, kind: cross_functional}
objectives:
  - key: grow-1
    team: growth
    title: Make onboarding a delight
"""
    import_okr_file(first, "first.yaml")
    assert not Finding.objects.filter(objective__key="grow-1", code="OKR106").exists()
    moved = """
cycle: 2027-Q1
teams:
  - {key: acme, name: Acme, kind: company}
  - {key: growth, name: Growth, kind: cross_functional, parent: acme}
objectives:
  - key: acme-1
    team: acme
    title: Become the tool teams love
"""
    import_okr_file(moved, "moved.yaml")

    siloed = Finding.objects.get(objective__key="grow-1", code="OKR106")
    assert siloed.cycle == cycle

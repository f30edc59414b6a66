"""The demo company: a believable plan built from the seeds, loaded idempotently."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest

from okrs.core.scoring import score_plan
from okrs.goals import models as goals
from okrs.goals.demo import DEMO_KPIS, DEMO_PASSWORD, DEMO_PEOPLE, demo_plan, load_demo
from okrs.people.models import Membership, Team, User

MID_QUARTER = date(2026, 11, 15)


def test_the_same_day_gives_the_same_plan():
    assert demo_plan(MID_QUARTER) == demo_plan(MID_QUARTER)


def test_plan_is_the_active_quarter_containing_today():
    cycle = demo_plan(MID_QUARTER).cycle

    assert (cycle.name, cycle.start, cycle.end, cycle.state) == (
        "2026-Q4",
        date(2026, 10, 1),
        date(2026, 12, 31),
        "active",
    )


@pytest.mark.parametrize(
    "today",
    [date(2026, 10, 1), date(2026, 10, 9), MID_QUARTER, date(2026, 12, 31), date(2027, 2, 28)],
)
def test_check_ins_fall_between_the_cycle_start_and_today(today):
    plan = demo_plan(today)
    days = [c.date for kr in plan.key_results() for c in kr.check_ins]

    assert days
    assert min(days) >= plan.cycle.start
    assert max(days) <= today


def test_check_ins_come_weekly_from_the_first_week():
    plan = demo_plan(MID_QUARTER)
    completion = next(kr for kr in plan.key_results() if kr.key == "2026-Q4-onb-1-completion")
    days = [c.date for c in completion.check_ins]

    assert days[0] < plan.cycle.start + timedelta(days=7)
    assert {later - earlier for earlier, later in pairwise(days)} == {timedelta(days=7)}


def test_has_a_team_of_each_structure_in_one_tree():
    teams = demo_plan(MID_QUARTER).teams
    parents = {t.key: t.parent for t in teams}

    assert {t.kind for t in teams} >= {
        "company",
        "leadership",
        "cross_functional",
        "component",
        "platform",
    }
    assert [t.key for t in teams if t.parent is None] == ["acme"]
    for key in parents:
        seen = set()
        while key is not None:
            assert key not in seen and key in parents
            seen.add(key)
            key = parents[key]


def test_statuses_spread_across_the_key_results():
    statuses = {
        kr.status
        for objective in score_plan(demo_plan(MID_QUARTER), MID_QUARTER).objectives
        for kr in objective.key_results
    }

    assert statuses >= {"on_track", "at_risk", "off_track", "stale", "no_data"}


def test_plan_shows_the_features_worth_a_demo():
    plan = demo_plan(MID_QUARTER)
    krs = plan.key_results()
    objective_keys = {o.key for o in plan.objectives}
    kr_keys = {kr.key for kr in krs}

    assert {kr.type for kr in krs} == {"metric", "threshold", "milestone"}
    assert {kr.direction for kr in krs if kr.type == "threshold"} == {"at_least", "at_most"}
    assert any(kr.target < kr.baseline for kr in krs if kr.type == "metric")
    assert any(kr.weight != 1 for kr in krs)
    assert {o.kind for o in plan.objectives} == {"committed", "aspirational"}
    assert any(o.visibility == "team" for o in plan.objectives)
    assert any(o.contributors for o in plan.objectives)
    assert any(o.aligned_to in objective_keys for o in plan.objectives)
    assert any(o.aligned_to in kr_keys for o in plan.objectives)
    assert all(2 <= len(o.key_results) <= 5 for o in plan.objectives)
    assert any(len(i.links) > 1 for i in plan.initiatives)
    assert any(i.status == "dropped" for i in plan.initiatives)


def test_keys_are_unique_and_name_the_cycle():
    plan = demo_plan(MID_QUARTER)
    keys = [
        *(o.key for o in plan.objectives),
        *(kr.key for kr in plan.key_results()),
        *(i.key for i in plan.initiatives),
    ]

    assert len(keys) == len(set(keys))
    assert all(key.startswith("2026-Q4-") for key in keys)


def test_initiatives_link_to_key_results_of_the_plan():
    plan = demo_plan(MID_QUARTER)
    kr_keys = {kr.key for kr in plan.key_results()}

    assert {link.key_result for i in plan.initiatives for link in i.links} <= kr_keys


def test_owners_and_authors_are_demo_people():
    plan = demo_plan(MID_QUARTER)
    emails = {p.email for p in DEMO_PEOPLE}
    named = {o.owner for o in plan.objectives} | {kr.owner for kr in plan.key_results()}
    named |= {c.author for kr in plan.key_results() for c in kr.check_ins}

    assert named <= emails


def test_kpi_measurements_are_weekly_up_to_today_and_stable():
    kpi = DEMO_KPIS[0]
    measured = kpi.measurements(MID_QUARTER)
    a_week_later = dict(kpi.measurements(MID_QUARTER + timedelta(days=7)))

    assert max(day for day, _ in measured) <= MID_QUARTER
    assert all(a_week_later[day] == value for day, value in measured[1:])


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_nothing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    models = [User, Team, Membership, goals.Cycle, goals.Objective, goals.KeyResult]
    models += [goals.CheckIn, goals.Initiative, goals.InitiativeLink, goals.Kpi]
    models += [goals.KpiMeasurement, goals.Objective.contributors.through]

    first = load_demo(MID_QUARTER)
    counts = {model.__name__: model.objects.count() for model in models}
    second = load_demo(MID_QUARTER)

    assert {model.__name__: model.objects.count() for model in models} == counts
    assert first.okrs.changed and not second.okrs.changed
    assert counts["User"] == len(DEMO_PEOPLE)
    assert counts["Kpi"] == len(DEMO_KPIS)
    assert second.measurements == counts["KpiMeasurement"]


@pytest.mark.django_db
def test_demo_people_sign_in_with_the_demo_password(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    report = load_demo(MID_QUARTER)

    admin = User.objects.get(email="admin@example.com")
    assert admin.check_password(DEMO_PASSWORD) and admin.is_admin and admin.is_staff
    assert User.objects.get(email="viewer@example.com").role == "viewer"
    assert Membership.objects.get(user__email="ana@example.com", team__key="onboarding").is_lead
    assert any("admin@example.com" in line and DEMO_PASSWORD in line for line in report.sign_in)

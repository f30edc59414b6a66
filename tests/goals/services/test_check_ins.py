"""Recording check-ins: validation, one value a day, permissions."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from okrs.core.errors import Forbidden, Invalid, NotFound
from okrs.goals.models import CheckIn
from okrs.goals.services import record_check_in

pytestmark = pytest.mark.django_db
DAY = date(2026, 10, 20)


@pytest.fixture
def kr(make_team, make_objective, make_key_result):
    return make_key_result(make_objective(make_team("onboarding")), key="onb-1-completion")


def test_check_in_records_value_confidence_and_note(kr):
    check_in, created = record_check_in(
        kr.key, "71.5", confidence="0.6", note="tour shipped", day=DAY
    )
    assert created and (check_in.value, check_in.confidence, check_in.note) == (
        71.5,
        0.6,
        "tour shipped",
    )


def test_a_second_check_in_the_same_day_corrects_the_first(kr):
    record_check_in(kr.key, 71, day=DAY)
    _, created = record_check_in(kr.key, 72, day=DAY)
    assert not created
    assert list(CheckIn.objects.values_list("value", flat=True)) == [72.0]


@pytest.mark.parametrize(
    ("value", "confidence", "day", "message"),
    [
        ("seventy", None, DAY, "value: expected a number"),
        ("nan", None, DAY, "value:"),
        (71, "1.5", DAY, "confidence:"),
        (71, None, date(2026, 9, 30), "date: 2026-09-30 is outside cycle 2026-Q4"),
    ],
)
def test_bad_check_ins_are_refused_with_the_field_named(kr, value, confidence, day, message):
    with pytest.raises(Invalid) as raised:
        record_check_in(kr.key, value, confidence=confidence, day=day)
    assert str(raised.value).startswith(message)
    assert CheckIn.objects.count() == 0


def test_a_check_in_in_the_future_is_refused(kr, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 10, 10))
    with pytest.raises(Invalid, match="in the future"):
        record_check_in(kr.key, 70, day=DAY)


def test_milestones_take_one_or_zero(make_team, make_objective, make_key_result):
    milestone = make_key_result(
        make_objective(make_team()), type="milestone", baseline=None, target=None
    )
    with pytest.raises(Invalid, match="milestone"):
        record_check_in(milestone.key, 0.5, day=DAY)
    record_check_in(milestone.key, 1, day=DAY)


def test_unknown_key_result(db):
    with pytest.raises(NotFound, match="unknown key result 'nope'"):
        record_check_in("nope", 1, day=DAY)


def test_roles(kr, make_user, make_team):
    team = kr.objective.team
    record_check_in(kr.key, 70, day=DAY, actor=make_user(teams=[team]))
    with pytest.raises(Forbidden):
        record_check_in(kr.key, 71, day=DAY, actor=make_user(role="viewer", teams=[team]))
    with pytest.raises(Forbidden):
        record_check_in(kr.key, 71, day=DAY, actor=make_user(teams=[make_team()]))
    assert CheckIn.objects.get().value == 70


def test_owner_outside_the_team_may_check_in(kr, make_user, make_team):
    owner = make_user(teams=[make_team()])
    kr.owner = owner
    kr.save()
    record_check_in(kr.key, 73, day=DAY, actor=owner)


def test_team_visible_key_results_do_not_exist_for_outsiders(kr, make_user, make_team):
    kr.objective.visibility = "team"
    kr.objective.save()
    with pytest.raises(NotFound):
        record_check_in(kr.key, 70, day=DAY, actor=make_user(teams=[make_team()]))

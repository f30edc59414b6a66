"""An alignment never goes round in a loop: a loop would have no top, and objectives
scored from those aligned to them would be scored from themselves."""

from __future__ import annotations

import pytest

from okrs.core.errors import Invalid
from okrs.core.okrfile import OkrFileError
from okrs.goals.models import Objective
from okrs.goals.services import ObjectiveFields, import_okr_file, update_objective

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(make_team, make_objective, make_key_result):
    """top ← middle ← bottom, and a key result of bottom."""
    team = make_team("growth")
    top = make_objective(team, key="top")
    middle = make_objective(team, key="middle", aligned_to=top)
    bottom = make_objective(team, key="bottom", aligned_to=middle)
    make_key_result(bottom, key="bottom-kr")
    return top


def fields(key: str, aligned_to: str) -> ObjectiveFields:
    objective = Objective.objects.get(key=key)
    return ObjectiveFields(team="growth", title=objective.title, aligned_to=aligned_to)


@pytest.mark.parametrize("target", ["bottom", "middle", "bottom-kr"])
def test_an_edit_cannot_align_an_objective_below_itself(chain, target):
    with pytest.raises(Invalid) as refused:
        update_objective("top", fields("top", target), actor=None)
    assert refused.value.problems[0][0] == "aligned_to"
    assert "loop" in refused.value.problems[0][1]
    assert Objective.objects.get(key="top").aligned_objective is None


def test_an_import_cannot_align_an_objective_below_itself_and_changes_nothing(chain, cycle):
    text = f"""cycle: {cycle.key}
objectives:
  - key: top
    team: growth
    title: Make onboarding a delight
    aligned_to: bottom-kr
"""
    with pytest.raises(OkrFileError) as refused:
        import_okr_file(text, "okrs.yaml")
    problem = str(refused.value.problems[0])
    assert problem.startswith("okrs.yaml:6: objectives[0].aligned_to: 'bottom-kr' is aligned")
    assert "loop" in problem
    assert Objective.objects.get(key="top").aligned_objective is None

"""Every role against every change: admin all, member their teams, viewer nothing.

Each action is a POST that succeeds with a redirect; the matrix says which roles may do
it. A refused POST answers 403 and changes nothing; the pages render edit controls only
for those who may use them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from okrs.goals.models import CheckIn, Cycle, Initiative, KeyResult, Objective
from okrs.people.models import Team

ROLES = ("admin", "ana", "carl", "vera")  # admin, onboarding member, checkout member, viewer
OBJECTIVE = {
    "team": "onboarding",
    "title": "Make new teams feel at home",
    "kind": "committed",
    "visibility": "public",
}
KEY_RESULT = {
    "title": "Increase activation from 40% to 60%",
    "type": "metric",
    "unit": "%",
    "baseline": "40",
    "target": "60",
    "weight": "1",
}
INITIATIVE = {
    "title": "Guided setup",
    "team": "onboarding",
    "status": "planned",
    "links-TOTAL_FORMS": "1",
    "links-INITIAL_FORMS": "0",
    "links-0-key_result": "onb-1-completion",
    "links-0-impact": "4",
}
TEMPLATE = {
    "team": "onboarding",
    "cycle": "Now",
    "title": "Create the smoothest onboarding",
    "kind": "aspirational",
    "krs-TOTAL_FORMS": "1",
    "krs-INITIAL_FORMS": "1",
    "krs-0-title": "Increase completion",
    "krs-0-type": "metric",
    "krs-0-unit": "%",
    "krs-0-baseline": "68",
    "krs-0-target": "85",
}


@dataclass(frozen=True)
class Action:
    name: str
    url: str
    data: dict[str, str]
    allowed: tuple[str, ...]
    changed: Callable[[], Any]  # a value that differs once the action has happened


ACTIONS = [
    Action(
        "create objective",
        reverse("objective-new"),
        OBJECTIVE,
        ("admin", "ana"),
        lambda: Objective.objects.count(),
    ),
    Action(
        "edit objective",
        reverse("objective-edit", args=["onb-1"]),
        {**OBJECTIVE, "title": "Onboarding that delights"},
        ("admin", "ana"),
        lambda: Objective.objects.get(key="onb-1").title,
    ),
    Action(
        "add key result",
        reverse("key-result-new", args=["onb-1"]),
        KEY_RESULT,
        ("admin", "ana"),
        lambda: KeyResult.objects.count(),
    ),
    Action(
        "edit key result",
        reverse("key-result-edit", args=["onb-1-completion"]),
        {**KEY_RESULT, "title": "Lift completion"},
        ("admin", "ana"),
        lambda: KeyResult.objects.get(key="onb-1-completion").title,
    ),
    Action(
        "check in",
        reverse("check-in", args=["onb-1-completion"]),
        {"value": "81"},
        ("admin", "ana"),
        lambda: CheckIn.objects.count(),
    ),
    Action(
        "create initiative",
        reverse("initiative-new"),
        INITIATIVE,
        ("admin", "ana"),
        lambda: Initiative.objects.count(),
    ),
    Action(
        "edit initiative",
        reverse("initiative-edit", args=["tour"]),
        {**INITIATIVE, "title": "Product tour v2"},
        ("admin", "ana"),
        lambda: Initiative.objects.get(key="tour").title,
    ),
    Action(
        "use template",
        reverse("template", args=["delightful-onboarding"]),
        TEMPLATE,
        ("admin", "ana"),
        lambda: Objective.objects.count(),
    ),
    Action(
        "create cycle",
        reverse("cycle-new"),
        {"key": "2031-Q1"},
        ("admin",),
        lambda: Cycle.objects.count(),
    ),
    Action(
        "edit cycle",
        reverse("cycle-edit", args=["Now"]),
        {"start": "2030-01-01", "end": "2030-03-31"},
        ("admin",),
        lambda: Cycle.objects.get(key="Now").start,
    ),
    Action(
        "close cycle",
        reverse("cycle-state", args=["Now"]),
        {"state": "closed"},
        ("admin",),
        lambda: Cycle.objects.get(key="Now").state,
    ),
    Action(
        "create team",
        reverse("team-new"),
        {"key": "growth", "name": "Growth", "kind": "cross_functional"},
        ("admin",),
        lambda: Team.objects.count(),
    ),
    Action(
        "edit team",
        reverse("team-edit", args=["onboarding"]),
        {"name": "Activation", "kind": "cross_functional", "parent": "acme"},
        ("admin",),
        lambda: Team.objects.get(key="onboarding").name,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_each_role_may_do_only_what_it_is_allowed(signed_in, org, role, action):
    before = action.changed()
    response = signed_in(getattr(org, role)).post(action.url, action.data)
    if role in action.allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert action.changed() != before
    else:
        assert response.status_code == 403
        assert action.changed() == before


EDIT_FORMS = [
    reverse("objective-new") + "?team=onboarding",
    reverse("objective-edit", args=["onb-1"]),
    reverse("key-result-new", args=["onb-1"]),
    reverse("key-result-edit", args=["onb-1-completion"]),
    reverse("initiative-new") + "?team=onboarding",
    reverse("initiative-edit", args=["tour"]),
    reverse("template", args=["delightful-onboarding"]) + "?team=onboarding",
]


@pytest.mark.parametrize("url", EDIT_FORMS)
def test_edit_forms_open_for_team_members_and_admins_only(signed_in, org, url):
    assert signed_in(org.admin).get(url).status_code == 200
    assert signed_in(org.ana).get(url).status_code == 200
    assert signed_in(org.vera).get(url).status_code == 403


@pytest.mark.parametrize("url", EDIT_FORMS[:6])
def test_members_of_other_teams_get_no_edit_form(signed_in, org, url):
    assert signed_in(org.carl).get(url).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        reverse("cycle-new"),
        reverse("cycle-edit", args=["Now"]),
        reverse("team-new"),
        reverse("team-edit", args=["onboarding"]),
    ],
)
def test_cycle_and_team_forms_are_for_admins(signed_in, org, url):
    assert signed_in(org.admin).get(url).status_code == 200
    assert signed_in(org.ana).get(url).status_code == 403
    assert signed_in(org.vera).get(url).status_code == 403


def test_outsiders_get_404_on_every_form_of_a_team_only_objective(signed_in, org):
    for url in (
        reverse("objective-edit", args=["onb-secret"]),
        reverse("key-result-new", args=["onb-secret"]),
        reverse("key-result-edit", args=["onb-secret-winback"]),
    ):
        assert signed_in(org.carl).get(url).status_code == 404
        assert signed_in(org.ana).get(url).status_code == 200
    assert (
        signed_in(org.carl).post(reverse("objective-copy", args=["onb-secret"])).status_code == 404
    )


EDIT_CONTROLS = (
    'data-testid="edit-objective"',
    'data-testid="new-key-result"',
    'data-testid="copy-objective"',
    'data-testid="check-in-onb-1-completion"',
    'data-testid="edit-kr-onb-1-completion"',
)


def test_viewers_see_no_edit_control_anywhere(signed_in, org):
    client = signed_in(org.vera)
    objective = client.get(reverse("objective", args=["onb-1"])).content.decode()
    assert not [c for c in EDIT_CONTROLS if c in objective]
    team = client.get(reverse("team", args=["onboarding"])).content.decode()
    assert 'data-testid="new-objective"' not in team
    assert 'data-testid="edit-team"' not in team
    roadmap = client.get(reverse("roadmap")).content.decode()
    assert 'data-testid="new-initiative"' not in roadmap
    assert reverse("initiative-edit", args=["tour"]) not in roadmap
    cycles = client.get(reverse("cycles")).content.decode()
    assert 'data-testid="new-cycle"' not in cycles
    assert "advance-Now" not in cycles
    assert "Use this template" not in client.get(reverse("templates")).content.decode()


def test_members_see_edit_controls_on_their_team_only(signed_in, org):
    client = signed_in(org.ana)
    own = client.get(reverse("objective", args=["onb-1"])).content.decode()
    assert all(c in own for c in EDIT_CONTROLS)
    other = client.get(reverse("objective", args=["chk-1"])).content.decode()
    assert 'data-testid="edit-objective"' not in other
    assert 'data-testid="check-in-chk-1-conversion"' not in other
    assert (
        'data-testid="new-objective"'
        in client.get(reverse("team", args=["onboarding"])).content.decode()
    )
    assert (
        'data-testid="new-objective"'
        not in client.get(reverse("team", args=["checkout"])).content.decode()
    )
    assert (
        'data-testid="edit-team"'
        not in client.get(reverse("team", args=["onboarding"])).content.decode()
    )


def test_admins_see_every_edit_control(signed_in, org):
    client = signed_in(org.admin)
    objective = client.get(reverse("objective", args=["chk-1"])).content.decode()
    assert 'data-testid="edit-objective"' in objective
    assert (
        'data-testid="edit-team"' in client.get(reverse("team", args=["checkout"])).content.decode()
    )
    assert 'data-testid="advance-Now"' in client.get(reverse("cycles")).content.decode()

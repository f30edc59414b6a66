"""Pages leak nothing of team-only objectives: not their scores through the coach, not
their initiatives through a 403 where reading answers 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from okrs.goals.models import Cycle


@pytest.fixture
def ambitious_past(org, make_objective, make_key_result):
    """Two closed cycles where onboarding's public aspiration scored 1.0, its hidden one 0.8."""
    end = org.cycle.start
    for name, days in (("Past-1", 200), ("Past-2", 100)):
        past = Cycle.objects.create(
            key=name,
            start=end - timedelta(days=days),
            end=end - timedelta(days=days - 99),
            state="closed",
        )
        day = past.start + timedelta(days=30)
        for visibility, value in (("public", 10), ("team", 8)):
            objective = make_objective(
                org.onboarding, kind="aspirational", visibility=visibility, in_cycle=past
            )
            make_key_result(objective, baseline=0, target=10, check_ins=[(day, value)])


def test_the_not_ambitious_finding_quotes_only_scores_the_reader_may_see(
    signed_in, org, ambitious_past
):
    url = reverse("team", args=["onboarding"])
    outsider = signed_in(org.carl).get(url).content.decode()
    assert "averaged 1.00 in Past-1 and 1.00 in Past-2" in outsider
    assert "0.90" not in outsider
    member = signed_in(org.ana).get(url).content.decode()
    assert "averaged 0.90 in Past-1 and 0.90 in Past-2" in member


def test_editing_an_initiative_one_cannot_see_answers_404(
    signed_in, org, make_initiative, make_key_result
):
    hidden_kr = org.secret_objective.key_results.get()
    make_initiative(org.onboarding, key="secret-push", links=[(hidden_kr, 3)])
    url = reverse("initiative-edit", args=["secret-push"])
    assert signed_in(org.carl).get(url).status_code == 404
    assert signed_in(org.carl).post(url, {"title": "Mine now"}).status_code == 404
    assert signed_in(org.ana).get(url).status_code == 200


def test_the_objective_page_does_not_name_a_hidden_parent(signed_in, org, make_objective):
    make_objective(org.checkout, key="chk-2", aligned_to=org.secret_objective)
    html = signed_in(org.carl).get(reverse("objective", args=["chk-2"])).content.decode()
    assert "onb-secret" not in html

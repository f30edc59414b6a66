"""The objective page: key results with bars and charts, history, initiatives, alignment, coach."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from okrs.goals.models import Cycle, KeyResult


def page(client, key="onb-1") -> str:
    response = client.get(reverse("objective", args=[key]))
    assert response.status_code == 200
    return response.content.decode()


def test_objective_page_shows_key_results_with_bars_and_figures(signed_in, org):
    html = page(signed_in(org.vera))
    assert "<h1>Transform customer onboarding into a delightful experience</h1>" in html
    assert 'data-testid="kr-onb-1-completion"' in html
    assert 'data-testid="current">76' in html
    assert "Roadmap coverage" in html
    assert 'role="progressbar"' in html


def test_each_key_result_has_an_accessible_history_chart(signed_in, org):
    html = page(signed_in(org.vera))
    assert 'data-testid="chart-onb-1-completion"' in html
    assert '<title id="chart-onb-1-completion-title">History of Increase onboarding' in html
    assert "2 check-ins; latest value 76 %" in html
    assert 'class="chart-expected"' in html
    assert 'class="chart-target"' in html
    assert 'class="chart-confidence"' in html


def test_check_in_history_shows_notes(signed_in, org):
    html = page(signed_in(org.vera))
    assert "Check-ins (2)" in html
    assert "Product tour shipped" in html


def test_initiatives_show_their_impact(signed_in, org):
    initiatives = page(signed_in(org.vera)).split('data-testid="initiatives"')[1]
    assert "Interactive product tour" in initiatives
    assert "+8\u00a0% on" in initiatives


def test_parent_and_aligned_children_are_linked(signed_in, org):
    child = page(signed_in(org.vera)).split('data-testid="alignment"')[1]
    assert "Make every new customer successful in their first month" in child
    parent = page(signed_in(org.vera), "acme-1").split('data-testid="alignment"')[1]
    assert "Transform customer onboarding into a delightful experience" in parent


def test_the_coach_speaks_beside_the_key_result_it_is_about(signed_in, org):
    html = page(signed_in(org.vera))
    block = html.split('data-testid="kr-onb-1-ttv"')[1].split("</section>")[0]
    assert 'data-code="OKR205"' in block  # never checked in
    assert 'data-code="OKR401"' in html  # the tour covers 8 of 17 points


def test_an_objective_without_key_results_says_how_to_start(signed_in, org, make_objective):
    make_objective(org.onboarding, key="onb-2", title="Make new teams feel at home")
    html = page(signed_in(org.ana), "onb-2")
    assert "No key results yet" in html
    assert reverse("key-result-new", args=["onb-2"]) in html


def test_team_only_objective_is_not_found_for_outsiders(signed_in, org):
    url = reverse("objective", args=["onb-secret"])
    assert signed_in(org.ana).get(url).status_code == 200
    assert signed_in(org.admin).get(url).status_code == 200
    assert signed_in(org.carl).get(url).status_code == 404
    assert signed_in(org.vera).get(url).status_code == 404


def test_a_contributing_team_sees_a_team_only_objective(signed_in, org):
    org.secret_objective.contributors.add(org.checkout)
    assert signed_in(org.carl).get(reverse("objective", args=["onb-secret"])).status_code == 200


def test_unknown_objective_is_not_found(signed_in, org):
    assert signed_in(org.ana).get(reverse("objective", args=["nope"])).status_code == 404


def test_milestone_and_threshold_key_results_render(signed_in, org, make_key_result, today):
    make_key_result(
        org.onboarding_objective,
        key="onb-1-sso",
        title="SSO live",
        type="milestone",
        baseline=None,
        target=None,
        unit="",
        check_ins=[(today, 1)],
    )
    make_key_result(
        org.onboarding_objective,
        key="onb-1-up",
        title="Keep uptime",
        type="threshold",
        baseline=None,
        target=99.9,
        direction="at_least",
        check_ins=[(today, 99.95)],
    )
    html = page(signed_in(org.vera))
    assert ">Done<" in html.split('data-testid="kr-onb-1-sso"')[1]
    assert "≥ 99.9" in html.split('data-testid="kr-onb-1-up"')[1]
    assert KeyResult.objects.filter(objective=org.onboarding_objective).count() == 4


def test_a_stored_cycle_from_year_1_to_9999_still_renders_the_objective_page(signed_in, org):
    Cycle.objects.filter(pk=org.cycle.pk).update(start=date(1, 1, 1), end=date(9999, 12, 31))
    html = page(signed_in(org.vera))
    assert 'data-testid="chart-onb-1-completion"' in html
    assert "Jan 1" in html

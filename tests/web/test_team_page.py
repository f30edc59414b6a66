"""The team page and the team list: objectives with bars, sub-teams, KPIs, empty states."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from okrs.goals.models import Kpi, KpiMeasurement


def test_team_page_shows_objectives_and_key_results_with_progress(signed_in, org):
    html = signed_in(org.vera).get(reverse("team", args=["onboarding"])).content.decode()
    assert "Transform customer onboarding into a delightful experience" in html
    assert "Increase onboarding completion rate from 68% to 85%" in html
    assert 'role="progressbar"' in html
    assert "expected by today" in html  # the expected-progress marker, in words
    assert 'class="progress-marker"' in html
    assert "On track" in html
    assert "Confidence 0.7" in html
    assert "Owner ana@example.com" in html


def test_team_page_lists_sub_teams_with_scores(signed_in, org):
    html = signed_in(org.vera).get(reverse("team", args=["acme"])).content.decode()
    assert "Sub-teams" in html
    assert 'data-testid="team-onboarding"' in html
    assert 'data-testid="team-checkout"' in html


def test_team_page_shows_kpis_against_their_healthy_range(signed_in, org, today):
    healthy = Kpi.objects.create(
        key="act", team=org.onboarding, name="Activation", unit="%", healthy_min=60
    )
    sick = Kpi.objects.create(key="tix", team=org.onboarding, name="Tickets", healthy_max=100)
    KpiMeasurement.objects.create(kpi=healthy, date=today - timedelta(days=7), value=55)
    KpiMeasurement.objects.create(kpi=healthy, date=today, value=66)
    KpiMeasurement.objects.create(kpi=sick, date=today, value=140)
    Kpi.objects.create(key="new", team=org.onboarding, name="Brand new")
    html = signed_in(org.vera).get(reverse("team", args=["onboarding"])).content.decode()
    kpis = html.split('data-testid="kpis"')[1]
    assert "66\u00a0%" in kpis and "Healthy" in kpis
    assert "140" in kpis and "Out of range" in kpis
    assert "No data" in kpis


def test_team_without_kpis_or_objectives_shows_empty_states(signed_in, org, make_team):
    make_team("empty", parent=org.company, name="Empty team")
    html = signed_in(org.vera).get(reverse("team", args=["empty"])).content.decode()
    assert "No objectives in this cycle yet" in html
    assert "No KPIs for this team" in html


def test_team_page_shows_the_coach_beside_an_objective(signed_in, org):
    html = signed_in(org.ana).get(reverse("team", args=["onboarding"])).content.decode()
    assert 'data-code="OKR105"' in html  # the secret objective has a single key result


def test_team_only_objectives_show_to_the_team_and_not_to_others(signed_in, org):
    url = reverse("team", args=["onboarding"])
    assert "Win back churned pilot" in signed_in(org.ana).get(url).content.decode()
    assert "Win back churned pilot" in signed_in(org.admin).get(url).content.decode()
    assert "Win back churned pilot" not in signed_in(org.carl).get(url).content.decode()
    assert "Win back churned pilot" not in signed_in(org.vera).get(url).content.decode()


def test_unknown_team_is_not_found(signed_in, org):
    assert signed_in(org.ana).get(reverse("team", args=["nope"])).status_code == 404


def test_team_list_shows_the_tree_with_scores(signed_in, org):
    html = signed_in(org.ana).get(reverse("teams")).content.decode()
    assert html.index(">Acme<") < html.index(">Onboarding<")
    assert "Your team" in html
    assert 'data-testid="grade"' in html


def test_team_list_without_teams_invites_an_admin_to_add_one(signed_in, make_user):
    html = signed_in(make_user(role="admin")).get(reverse("teams")).content.decode()
    assert "No teams yet" in html
    assert reverse("team-new") in html

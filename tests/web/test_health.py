"""The dashboard's health check: the coach's findings counted per team and severity."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse


@pytest.fixture
def growth(cycle, today, make_team, make_user, make_objective, make_key_result):
    """Acme with one clean objective; Growth beneath it with an objective full of mistakes."""
    acme = make_team("acme", kind="company", name="Acme")
    team = make_team("growth", parent=acme, name="Growth")
    gina = make_user("gina@example.com", teams=[team])
    top = make_objective(acme, key="acme-1", title="Make every new customer successful", owner=gina)
    for key in ("acme-1-a", "acme-1-b"):
        make_key_result(top, key=key, check_ins=[(today - timedelta(days=1), 70)])
    bad = make_objective(
        team, key="growth-1", title="Launch the new profile editor", owner=gina, aligned_to=top
    )
    # a task with neither baseline nor target, never checked in, alone on its objective
    make_key_result(
        bad, key="growth-1-a", title="Complete user research", baseline=None, target=None
    )
    return gina


def health_row(html: str, team: str) -> str:
    return html.split(f'data-testid="health-{team}"')[1].split("</tr>")[0]


def count(row: str, what: str) -> str:
    return row.split(f'data-testid="{what}">')[1].split("<")[0]


def test_findings_are_counted_per_team_and_severity(signed_in, growth):
    html = signed_in(growth).get("/").content.decode()
    row = health_row(html, "growth")
    assert count(row, "errors") == "1"  # OKR203
    assert count(row, "warnings") == "5"  # OKR101, OKR105, OKR201, OKR202, OKR205
    assert count(row, "infos") == "0"
    assert 'data-testid="health-acme"' not in html  # nothing to say about Acme


def test_the_totals_add_up_the_teams(signed_in, growth):
    html = signed_in(growth).get("/").content.decode()
    assert 'data-testid="total-errors">1<' in html
    assert 'data-testid="total-warnings">5<' in html


def test_each_row_links_to_the_team_and_its_top_codes_to_their_rules(signed_in, growth, cycle):
    row = health_row(signed_in(growth).get("/").content.decode(), "growth")
    assert f'href="{reverse("team", args=["growth"])}?cycle={cycle.key}"' in row
    codes = row.count('class="code-chip"')
    assert codes == 3  # the three most frequent
    assert f'href="{reverse("coach-rule", args=["OKR101"])}"' in row


def test_hidden_objectives_are_not_counted(signed_in, growth, make_user, make_objective):
    team_only = make_objective(
        growth.teams.get(), key="growth-2", title="Launch a secret pilot", visibility="team"
    )
    outsider = make_user("otto@example.com")
    html = signed_in(outsider).get("/").content.decode()
    assert count(health_row(html, "growth"), "warnings") == "5"
    assert team_only.key not in html
    mine = signed_in(growth).get("/").content.decode()
    assert int(count(health_row(mine, "growth"), "warnings")) > 5


def test_a_clean_cycle_says_the_coach_has_nothing_to_say(
    signed_in, cycle, today, make_team, make_user, make_objective, make_key_result
):
    acme = make_team("acme", kind="company", name="Acme")
    ada = make_user("ada@example.com", teams=[acme])
    top = make_objective(acme, key="acme-1", title="Make every new customer successful", owner=ada)
    for key in ("acme-1-a", "acme-1-b"):
        make_key_result(top, key=key, check_ins=[(today - timedelta(days=1), 70)])
    html = signed_in(ada).get("/").content.decode()
    assert "The coach has nothing to say about this cycle" in html


def test_the_users_teams_come_first(signed_in, org):
    html = signed_in(org.carl).get("/").content.decode()
    section = html.split('data-testid="health"')[1]
    assert section.index('data-testid="health-checkout"') < section.index(
        'data-testid="health-onboarding"'
    )

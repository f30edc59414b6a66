"""The dashboard's health check: the coach's findings counted per team and severity."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from okrs.goals.models import Cycle, KeyResult


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


@pytest.fixture
def past_cycles(cycle):
    """The two closed quarters before the cycle."""
    return [
        Cycle.objects.create(key=key, start=start, end=end, state="closed")
        for key, start, end in (
            ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
            ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        )
    ]


@pytest.mark.parametrize(
    ("scores", "found"),
    [
        ((10, 10), True),  # 1.0 twice: not ambitious
        ((10, 7), False),  # one scored 1.0 each quarter, but the mean is 0.85
    ],
)
def test_a_team_that_hits_its_aspirations_every_quarter_is_told_to_stretch(
    signed_in, growth, past_cycles, make_objective, make_key_result, scores, found
):
    team = growth.teams.get()
    for past in past_cycles:
        for value in scores:
            objective = make_objective(team, kind="aspirational", in_cycle=past)
            make_key_result(
                objective,
                baseline=0,
                target=10,
                check_ins=[(past.start + timedelta(days=9), value)],
            )
    row = health_row(signed_in(growth).get("/").content.decode(), "growth")
    assert count(row, "infos") == ("1" if found else "0")  # OKR302


def test_the_quiet_list_shows_the_first_and_counts_every_silent_key_result(
    signed_in, growth, make_objective, make_key_result
):
    team = growth.teams.get()
    silent = [
        make_key_result(make_objective(team), key=f"quiet-{n:02}", title=f"Quiet number {n}")
        for n in range(15)
    ]

    def dashboard() -> tuple[str, int]:
        html = signed_in(growth).get("/").content.decode()
        quiet = html.split('data-testid="no-recent-check-in"')[1].split("</section>")[0]
        return quiet, int(count(health_row(html, "growth"), "warnings"))

    quiet, warnings = dashboard()
    assert "quiet-00" in quiet
    assert "quiet-11" not in quiet
    assert "And 4 more" in quiet  # growth-1-a and the 15 quiet ones, 12 shown
    KeyResult.objects.filter(pk=silent[0].pk).update(coach_ignore=["OKR205"])
    quiet, fewer = dashboard()
    assert "quiet-00" not in quiet
    assert "quiet-11" in quiet  # the next one moves up
    assert "And 3 more" in quiet
    assert fewer == warnings - 1

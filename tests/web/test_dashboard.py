"""The dashboard: scores with grades, what needs attention, the user's OKRs first, empty states."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from okrs.goals.models import Cycle


def test_a_new_install_explains_how_to_start(signed_in, make_user):
    admin = make_user("root@example.com", role="admin")
    html = signed_in(admin).get("/").content.decode()
    assert 'data-testid="welcome"' in html
    assert "okrs import" in html
    assert "okrs demo" in html
    assert f'href="{reverse("cycle-new")}"' in html


def test_a_member_of_a_new_install_is_told_to_ask_an_admin(signed_in, make_user):
    html = signed_in(make_user()).get("/").content.decode()
    assert "Ask an admin to create the first cycle" in html
    assert reverse("cycle-new") not in html


def test_a_cycle_without_objectives_points_to_the_templates(signed_in, cycle, make_user):
    html = signed_in(make_user()).get("/").content.decode()
    assert "No objectives in this cycle yet" in html
    assert reverse("templates") in html


def test_dashboard_shows_company_and_team_scores_with_grade_words(signed_in, org):
    html = signed_in(org.ana).get("/").content.decode()
    assert 'data-testid="team-acme"' in html
    assert 'data-testid="team-onboarding"' in html
    assert 'class="grade grade-' in html
    assert "grade-word" in html  # the grade is written, not only coloured


def test_dashboard_shows_how_much_of_the_cycle_has_gone(signed_in, org):
    html = signed_in(org.ana).get("/").content.decode()
    assert "Day 46 of 92" in html
    assert 'aria-label="Time elapsed in the cycle"' in html


def test_key_results_at_risk_or_off_track_need_attention(signed_in, org):
    response = signed_in(org.ana).get("/")
    attention = response.content.decode().split('data-testid="attention"')[1].split("</section>")[0]
    assert "Increase checkout conversion" in attention
    assert "Off track" in attention or "At risk" in attention
    assert "Increase onboarding completion rate" not in attention


def test_key_results_without_a_check_in_for_a_week_are_listed(signed_in, org):
    html = signed_in(org.ana).get("/").content.decode()
    quiet = html.split('data-testid="no-recent-check-in"')[1].split("</section>")[0]
    assert "Reduce time to first value" in quiet  # never checked in
    assert "Increase checkout conversion" in quiet  # ten days ago
    assert "Increase onboarding completion rate" not in quiet  # two days ago


def test_my_teams_okrs_come_before_the_company_okrs(signed_in, org):
    html = signed_in(org.ana).get("/").content.decode()
    assert html.index('data-testid="my-okrs"') < html.index('data-testid="company-okrs"')
    mine = html.split('data-testid="my-okrs"')[1].split("</section>")[0]
    assert "Transform customer onboarding" in mine
    assert "Delight customers with a friction-free checkout" not in mine


def test_a_unit_stays_on_the_line_of_its_number(signed_in, org):
    mine = signed_in(org.ana).get("/").content.decode().split('data-testid="my-okrs"')[1]
    assert "of 68 → 85\u00a0%" in mine  # a no-break space: "%" never wraps alone
    assert "of 24 → 0.25\u00a0h" in mine


def test_team_only_objectives_are_hidden_from_outsiders(signed_in, org):
    assert "Win back churned pilot" in signed_in(org.ana).get("/").content.decode()
    for outsider in (org.carl, org.vera):
        assert "Win back churned pilot" not in signed_in(outsider).get("/").content.decode()


def test_the_cycle_switcher_shows_another_cycle_and_remembers_it(signed_in, org):
    Cycle.objects.create(
        key="Earlier",
        start=org.cycle.start - timedelta(days=92),
        end=org.cycle.start - timedelta(days=1),
        state="closed",
    )
    client = signed_in(org.ana)
    html = client.get("/?cycle=Earlier").content.decode()
    assert "<h1>Earlier</h1>" in html
    assert "No objectives in this cycle yet" in html
    assert "<h1>Earlier</h1>" in client.get("/").content.decode()
    assert client.get("/?cycle=Nope").status_code == 404


def test_presentation_mode_refreshes_itself_and_hides_the_navigation(signed_in, org):
    html = signed_in(org.vera).get(reverse("present")).content.decode()
    assert 'hx-trigger="every 60s"' in html
    assert '<noscript><meta http-equiv="refresh" content="60"></noscript>' in html
    assert 'class="site-nav"' not in html
    assert "Make every new customer successful" in html
    team = signed_in(org.vera).get(reverse("present-team", args=["onboarding"])).content.decode()
    assert "Transform customer onboarding" in team
    assert "Win back churned pilot" not in team


def test_presentation_of_a_team_shows_its_hidden_objectives_to_its_members(signed_in, org):
    html = signed_in(org.ana).get(reverse("present-team", args=["onboarding"])).content.decode()
    assert "Win back churned pilot" in html


def test_long_lists_show_twelve_items_and_count_the_rest(
    signed_in, org, today, make_objective, make_key_result
):
    for n in range(14):
        objective = make_objective(org.checkout, key=f"chk-late-{n}", title=f"Late goal {n}")
        make_key_result(
            objective,
            key=f"chk-late-{n}-kr",
            baseline=10,
            target=20,
            check_ins=[(today - timedelta(days=10), 10, 0.3)],
        )
    html = signed_in(org.vera).get("/").content.decode()
    attention = html.split('data-testid="attention"')[1].split("</section>")[0]
    assert attention.count('<article class="card compact">') == 12
    assert "And 3 more: see the team pages." in attention  # 14 late goals and checkout's own
    quiet = html.split('data-testid="no-recent-check-in"')[1].split("</section>")[0]
    assert quiet.count("<li>") == 12
    assert "And 5 more: see the team pages." in quiet  # and three never checked in on

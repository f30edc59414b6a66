"""The retrospective: final grades with overrides and reasons, lessons, the clarity survey."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from okrs.core.choices import CycleState
from okrs.core.errors import Forbidden, Invalid
from okrs.goals.models import ClaritySurvey, Cycle, ObjectiveReview
from okrs.goals.services import ReviewFields, save_objective_review


def review_url(cycle: str = "Now", team: str = "") -> str:
    url = reverse("cycle-review", args=[cycle])
    return f"{url}?team={team}" if team else url


def card(html: str, key: str) -> str:
    return html.split(f'data-testid="review-{key}"')[1].split("</article>")[0]


def write(**fields: str) -> dict[str, str]:
    return {
        "grade_override": "",
        "override_reason": "",
        "what_worked": "",
        "what_did_not": "",
        "lessons": "",
        **fields,
    }


@pytest.fixture
def closed(org):
    org.cycle.state = CycleState.CLOSED
    org.cycle.save()
    return org


# -- the page -------------------------------------------------------------------------------


def test_review_shows_the_computed_grade_of_each_objective(signed_in, closed):
    html = signed_in(closed.vera).get(review_url(team="all")).content.decode()
    onboarding = card(html, "onb-1")
    assert "Transform customer onboarding into a delightful experience" in onboarding
    assert 'data-testid="final-grade"' in onboarding
    assert "Not reviewed yet." in onboarding
    assert 'data-testid="review-onb-secret"' not in html  # hidden from a viewer


def test_by_default_the_review_shows_the_users_teams(signed_in, closed):
    html = signed_in(closed.carl).get(review_url()).content.decode()
    assert 'data-testid="review-chk-1"' in html
    assert 'data-testid="review-onb-1"' not in html
    one = signed_in(closed.carl).get(review_url(team="onboarding")).content.decode()
    assert 'data-testid="review-onb-1"' in one


def test_a_cycle_in_planning_has_nothing_to_review(signed_in, closed):
    Cycle.objects.create(
        key="Later", start=date(2099, 1, 1), end=date(2099, 3, 31), state=CycleState.PLANNING
    )
    html = signed_in(closed.ana).get(review_url("Later")).content.decode()
    assert "Nothing to review yet" in html


def test_an_unknown_cycle_is_not_found(signed_in, closed):
    assert signed_in(closed.ana).get(review_url("Nope")).status_code == 404


def test_cycles_page_and_dashboard_link_to_the_review_of_a_closed_cycle(signed_in, closed):
    client = signed_in(closed.ana)
    assert f'href="{review_url()}"' in client.get(reverse("cycles")).content.decode()
    dashboard = client.get("/").content.decode()
    assert 'data-testid="review-callout"' in dashboard
    assert f'href="{review_url()}"' in dashboard


def test_the_dashboard_of_a_running_cycle_does_not_ask_for_a_review(signed_in, org):
    assert 'data-testid="review-callout"' not in signed_in(org.ana).get("/").content.decode()


# -- writing an objective's review ----------------------------------------------------------------


def test_a_member_writes_the_review_of_their_teams_objective(signed_in, closed):
    client = signed_in(closed.ana)
    url = reverse("objective-review", args=["onb-1"])
    assert "Computed score" in client.get(url).content.decode()
    response = client.post(
        url,
        write(
            grade_override="0.7",
            override_reason="The tour moved activation, which the key results missed",
            what_worked="Weekly check-ins",
            lessons="Measure activation from day one",
        ),
    )
    assert response["Location"] == review_url() + "#review-onb-1"
    review = ObjectiveReview.objects.get(objective=closed.onboarding_objective)
    assert review.grade_override == 0.7
    html = card(signed_in(closed.vera).get(review_url(team="all")).content.decode(), "onb-1")
    assert "The tour moved activation" in html
    assert "Weekly check-ins" in html
    assert "0.70" in html.split('data-testid="final-grade"')[1]


def test_an_override_without_a_reason_is_refused(signed_in, closed):
    response = signed_in(closed.ana).post(
        reverse("objective-review", args=["onb-1"]), write(grade_override="0.9")
    )
    assert response.status_code == 400
    assert "an override needs a reason" in response.content.decode()
    assert not ObjectiveReview.objects.exists()


def test_a_grade_outside_zero_to_one_is_refused(signed_in, closed):
    response = signed_in(closed.ana).post(
        reverse("objective-review", args=["onb-1"]),
        write(grade_override="1.5", override_reason="Great"),
    )
    assert response.status_code == 400
    assert "a grade is between 0 and 1" in response.content.decode()


def test_lessons_without_an_override_keep_the_computed_grade(signed_in, closed):
    signed_in(closed.ana).post(
        reverse("objective-review", args=["onb-1"]), write(what_did_not="Too many initiatives")
    )
    html = card(signed_in(closed.ana).get(review_url()).content.decode(), "onb-1")
    assert "Too many initiatives" in html
    assert 'data-testid="override-reason"' not in html


@pytest.mark.parametrize("who", ["vera", "carl"])
def test_viewers_and_other_teams_may_not_write_a_review(signed_in, closed, who):
    client = signed_in(getattr(closed, who))
    url = reverse("objective-review", args=["onb-1"])
    assert client.get(url).status_code == 403
    assert client.post(url, write(lessons="x")).status_code == 403
    assert (
        'data-testid="write-review-onb-1"'
        not in client.get(review_url(team="all")).content.decode()
    )


def test_admins_review_any_objective(signed_in, closed):
    response = signed_in(closed.admin).post(
        reverse("objective-review", args=["chk-1"]), write(lessons="Smaller bets")
    )
    assert response.status_code == 302


def test_a_team_only_objective_is_not_found_for_outsiders(signed_in, closed):
    url = reverse("objective-review", args=["onb-secret"])
    assert signed_in(closed.carl).get(url).status_code == 404


def test_the_service_refuses_a_review_in_planning(closed):
    closed.cycle.state = CycleState.PLANNING
    closed.cycle.save()
    with pytest.raises(Invalid):
        save_objective_review("onb-1", ReviewFields(lessons="x"), actor=closed.ana)
    with pytest.raises(Forbidden):
        save_objective_review("onb-1", ReviewFields(lessons="x"), actor=closed.vera)


# -- the clarity survey -----------------------------------------------------------------------


def survey_url(team: str = "onboarding") -> str:
    return reverse("clarity-survey", args=["Now", team])


def answer(clarity: str, comment: str = "", team: str = "onboarding") -> dict[str, str]:
    return {f"survey-{team}-clarity": clarity, f"survey-{team}-comment": comment}


def test_a_member_answers_the_survey_once_and_can_change_the_answer(signed_in, closed):
    client = signed_in(closed.ana)
    assert client.post(survey_url(), answer("4", "Clear priorities")).status_code == 302
    assert client.post(survey_url(), answer("2", "Actually, not so clear")).status_code == 302
    only = ClaritySurvey.objects.get()
    assert (only.respondent, only.team, only.clarity) == (closed.ana, closed.onboarding, 2)
    html = client.get(review_url()).content.decode()
    assert "Change my answer" in html


def test_the_survey_shows_the_average_and_comments_without_names(signed_in, closed, make_user):
    bo = make_user("bo@example.com", teams=[closed.onboarding])
    signed_in(closed.ana).post(survey_url(), answer("4", "Clear priorities"))
    signed_in(bo).post(survey_url(), answer("3"))
    html = signed_in(closed.vera).get(review_url(team="onboarding")).content.decode()
    survey = html.split('data-testid="survey-onboarding"')[1].split("</article>")[0]
    assert '<span class="big-number">3.5</span>' in survey
    assert "2 answers" in survey
    assert "Clear priorities" in survey
    assert "ana@example.com" not in survey
    assert "<form" not in survey  # viewers read


def test_a_rating_outside_one_to_five_is_refused(signed_in, closed):
    response = signed_in(closed.ana).post(survey_url(), answer("6"))
    assert response.status_code == 400
    assert not ClaritySurvey.objects.exists()


def test_only_members_of_the_team_answer_its_survey(signed_in, closed):
    assert signed_in(closed.carl).post(survey_url(), answer("5")).status_code == 403
    assert signed_in(closed.vera).post(survey_url(), answer("5")).status_code == 403
    assert signed_in(closed.admin).post(survey_url(), answer("5")).status_code == 403
    assert not ClaritySurvey.objects.exists()


def test_a_team_without_answers_says_so(signed_in, closed):
    html = signed_in(closed.ana).get(review_url()).content.decode()
    survey = html.split('data-testid="survey-onboarding"')[1].split("</article>")[0]
    assert "No answers yet" in survey
    assert 'data-testid="survey-form-onboarding"' in survey

"""The escalation ladder across two weeks on a frozen clock, mails through loopback SMTP."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from okrs.goals.services import record_check_in
from okrs.rhythm import worker
from okrs.rhythm.ladder import history
from okrs.rhythm.models import LadderSettings, LadderStep

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY = datetime(2026, 10, 12, 10, 0, tzinfo=UTC)  # the week's check-ins fall due
DUE = date(2026, 10, 12)


@pytest.fixture
def product(org, make_team, make_user):
    """Product, the parent of Onboarding, led by pat."""
    team = make_team("product", name="Product")
    org.onboarding.parent = team
    org.onboarding.save()
    make_user("pat@example.com", teams=[team], lead=True)
    return team


def run_days(clock, *days: int) -> None:
    """Run the worker twice on each of these days after Monday: nothing is done twice."""
    for day in days:
        clock.move_to(MONDAY + timedelta(days=day))
        worker.run(once=True)
        worker.run(once=True)


def steps_of(key_result) -> list[tuple[str, date, str]]:
    return [
        (taken.step, taken.day, str(taken.team or taken.person))
        for taken in LadderStep.objects.filter(key_result=key_result, due=DUE).order_by("day")
    ]


def test_a_missed_check_in_climbs_the_ladder_one_step_on_each_of_its_days(
    org, clock, inbox, product
):
    run_days(clock, 0, 1)
    assert inbox.to() == [
        "ana@example.com",
        "carl@example.com",
        "lena@example.com",
        "olga@example.com",
        "pat@example.com",  # last week's check-in of onb-activation never came
    ]
    pat = next(m for m in inbox.messages if m["To"] == "pat@example.com")
    assert pat["Subject"] == "1 check-in missed in your teams"
    assert "(Onboarding, olga@example.com), due Mon 5 Oct" in pat.get_content()
    inbox.messages.clear()

    run_days(clock, 2, 3)  # Wednesday: the owners again
    assert inbox.to() == [
        "ana@example.com",
        "carl@example.com",
        "lena@example.com",
        "olga@example.com",
    ]
    assert {m["Subject"] for m in inbox.messages} == {"1 check-in overdue", "2 check-ins overdue"}
    inbox.messages.clear()

    run_days(clock, 4, 5, 6)  # Friday: Onboarding's lead; Checkout has none to tell
    assert inbox.to() == ["lena@example.com"]
    told = inbox.messages[0]
    assert told["Subject"] == "2 check-ins missed in your teams"
    body = told.get_content()
    assert "Increase completion from 68% to 85% (Onboarding, the team), due Mon 12 Oct" in body
    assert "(Onboarding, olga@example.com)" in body
    assert "https://okrs.example.com/objectives/onb-1/" in body or "/onb-1" in body
    inbox.messages.clear()

    run_days(clock, 7)  # a week on: Product's lead, and this week's reminders
    assert "pat@example.com" in inbox.to()
    pat = next(m for m in inbox.messages if m["To"] == "pat@example.com")
    assert pat["Subject"] == "2 check-ins missed in your teams"
    assert "You get this because you lead Product." in pat.get_content()

    assert steps_of(org.completion) == [
        ("owner", DUE, "Onboarding"),
        ("owner-again", date(2026, 10, 14), "Onboarding"),
        ("lead", date(2026, 10, 16), "Onboarding"),
        ("parent-lead", date(2026, 10, 19), "Product"),
    ]
    assert steps_of(org.activation) == [
        ("owner", DUE, "olga@example.com"),
        ("owner-again", date(2026, 10, 14), "olga@example.com"),
        ("lead", date(2026, 10, 16), "Onboarding"),
        ("parent-lead", date(2026, 10, 19), "Product"),
    ]
    assert [step for step, _, _ in steps_of(org.conversion)] == ["owner", "owner-again"]


def test_a_check_in_stops_the_ladder_for_that_due_day(org, clock, inbox, product):
    run_days(clock, 0)
    clock.move_to(MONDAY + timedelta(days=1))
    record_check_in("onb-activation", "12", actor=org.olga)
    inbox.messages.clear()
    run_days(clock, 2, 3, 4, 5, 6, 7)
    assert [step for step, _, _ in steps_of(org.activation)] == ["owner"]
    assert [step for step, _, _ in steps_of(org.completion)] == [
        "owner",
        "owner-again",
        "lead",
        "parent-lead",
    ]
    lena = next(m for m in inbox.messages if m["Subject"].endswith("missed in your teams"))
    assert lena["To"] == "lena@example.com" and "olga@example.com" not in lena.get_content()


def test_the_organisation_sets_the_steps_and_their_days(org, clock, inbox, product):
    LadderSettings.objects.create(
        remind_again_after=None, tell_lead_after=1, tell_parent_lead_after=None
    )
    run_days(clock, 0)
    inbox.messages.clear()
    run_days(clock, 1)
    assert inbox.to() == ["lena@example.com"]  # told on Tuesday
    inbox.messages.clear()
    run_days(clock, 2, 3, 4, 5, 6)
    assert inbox.messages == []  # nobody reminded again, the parent lead never told
    assert [step for step, _, _ in steps_of(org.completion)] == ["owner", "lead"]


def test_a_lead_in_quiet_hours_is_told_once_they_end(org, clock, inbox, product):
    clock.move_to(MONDAY + timedelta(days=4, hours=-3))  # Friday 07:00
    worker.run(once=True)
    assert not LadderStep.objects.filter(step="lead").exists()
    run_days(clock, 4)
    assert inbox.to().count("lena@example.com") == 1


def test_the_key_results_page_shows_its_ladder(org, clock, inbox, product, client_of):
    run_days(clock, 0, 2, 4)
    expected = "reminded olga@example.com on Mon, reminded olga@example.com again on Wed, told the Onboarding lead on Fri"
    assert history(["onb-activation"]) == {"onb-activation": expected}
    page = client_of(org.ana).get(reverse("objective", args=["onb-1"])).content.decode()
    assert f"Reminders: {expected}" in page
    assert "Reminders: reminded Onboarding on Mon, reminded Onboarding again on Wed" in page

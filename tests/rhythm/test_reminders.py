"""Reminder emails through a real SMTP server on loopback, on a frozen clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client

from okrs.rhythm import worker
from okrs.rhythm.models import Reminder, ReminderSettings

# The worker closes a connection it finds inside a transaction, as a test's would be.
pytestmark = pytest.mark.django_db(transaction=True)

MONDAY_10 = datetime(2026, 10, 12, 10, 0, tzinfo=UTC)  # onb-completion was last checked in the 7th


def test_everyone_who_owes_a_check_in_due_today_gets_one_mail_however_often_jobs_run(
    org, clock, inbox
):
    clock.move_to(MONDAY_10)
    worker.run(once=True)
    clock.move_to(MONDAY_10 + timedelta(minutes=15))
    worker.run(once=True)
    worker.run(once=True)
    assert inbox.to() == [
        "ana@example.com",
        "carl@example.com",
        "lena@example.com",
        "olga@example.com",
    ]  # not vera, a viewer, nor the admin, who owes nothing
    olga = next(m for m in inbox.messages if m["To"] == "olga@example.com")
    assert olga["Subject"] == "2 check-ins due today"
    body = olga.get_content()
    assert "https://okrs.example.com/my/check-ins/" in body and "Lift conversion" in body
    assert Reminder.objects.filter(day=date(2026, 10, 12)).count() == 4


def test_no_reminder_on_a_day_nothing_falls_due(org, clock, inbox):
    clock.move_to(MONDAY_10 + timedelta(days=1))
    worker.run(once=True)
    assert inbox.messages == []


def test_quiet_hours_hold_the_mail_until_they_end(org, clock, inbox):
    ReminderSettings.objects.create(user=org.ana, quiet_from="17:00", quiet_until="11:00")
    clock.move_to(MONDAY_10)
    worker.run(once=True)
    assert "ana@example.com" not in inbox.to()
    clock.move_to(MONDAY_10 + timedelta(hours=1))
    worker.run(once=True)
    assert inbox.to().count("ana@example.com") == 1


def test_a_muted_person_gets_nothing_until_the_mute_ends(org, clock, inbox):
    ReminderSettings.objects.create(user=org.carl, muted_until=date(2026, 10, 16))
    clock.move_to(MONDAY_10)
    worker.run(once=True)
    assert "carl@example.com" not in inbox.to()


def test_one_click_unsubscribe_from_the_mails_headers(org, clock, inbox):
    clock.move_to(MONDAY_10)
    worker.run(once=True)
    mail = next(m for m in inbox.messages if m["To"] == "ana@example.com")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = str(mail["List-Unsubscribe"]).strip().strip("<>")
    assert link.startswith("https://okrs.example.com/unsubscribe/") and link in mail.get_content()
    path = link.removeprefix("https://okrs.example.com")

    client = Client(enforce_csrf_checks=True)
    assert "Stop reminder emails" in client.get(path).content.decode()
    assert not ReminderSettings.objects.filter(user=org.ana, email=False).exists()  # GET alone
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert ReminderSettings.objects.get(user=org.ana).email is False
    assert client.post(path[:-3] + "xyz/").status_code == 400  # a forged token

    clock.move_to(MONDAY_10 + timedelta(days=7))
    worker.run(once=True)
    assert inbox.to().count("ana@example.com") == 1  # not again the next Monday

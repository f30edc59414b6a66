"""The demo company comes with a reminder history: the last two weeks of the ladder."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from okrs.goals.demo import load_demo
from okrs.goals.models import KeyResult
from okrs.rhythm.demo import replay_ladder
from okrs.rhythm.models import LadderStep, TeamChannels

pytestmark = pytest.mark.django_db

SUNDAY = date(2026, 11, 15)


def test_a_stalled_key_result_shows_its_ladder_and_nothing_is_sent(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nobody listens: mails would fail
    load_demo(SUNDAY)
    assert replay_ladder(SUNDAY) > 0
    assert replay_ladder(SUNDAY) == 0  # a second run takes no step twice

    switching = KeyResult.objects.get(key__endswith="switching")
    assert {taken.due for taken in LadderStep.objects.filter(key_result=switching)} == {
        date(2026, 10, 26),  # its parent team's lead was told on 2 November
        date(2026, 11, 2),
        date(2026, 11, 9),
    }
    client.force_login(switching.objective.owner or switching.owner)
    page = client.get(reverse("objective", args=[switching.objective.key])).content.decode()
    assert "Reminders: reminded Maya" in page
    assert "again on Wed, told the" in page and "lead on Fri" in page


def test_an_organisation_with_chat_channels_keeps_its_past(make_team):
    load_demo(SUNDAY)
    TeamChannels.objects.create(team=make_team("chat"), slack_webhook="https://hooks.example.com/x")
    assert replay_ladder(SUNDAY) == 0
    assert not LadderStep.objects.exists()

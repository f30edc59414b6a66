"""Reminders and escalations in Slack, Microsoft Teams and the signed webhook, posted to a
real HTTP receiver on loopback."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from okrs.rhythm import worker
from okrs.rhythm.models import Reminder, ReminderSettings, TeamChannels, WebhookSettings

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY_10 = datetime(2026, 10, 12, 10, 0, tzinfo=UTC)
SECRET = "s3cret-of-the-organisation"


class Receiver:
    """An HTTP server in a thread that keeps every POST; a path under /broken/ fails."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, dict[str, str], bytes]] = []
        posts = self.posts

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                posts.append((self.path, dict(self.headers), body))
                self.send_response(500 if self.path.startswith("/broken/") else 200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def json(self, path: str) -> list[dict]:
        return [json.loads(body) for at, _, body in self.posts if at == path]


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def channels(org, receiver, settings):
    settings.OKRS_BASE_URL = "https://okrs.example.com"
    TeamChannels.objects.create(
        team=org.onboarding,
        slack_webhook=f"{receiver.url}/slack/onboarding",
        teams_webhook=f"{receiver.url}/teams/onboarding",
    )
    WebhookSettings.objects.create(url=f"{receiver.url}/hook", secret=SECRET)


def test_each_person_is_reminded_on_the_channels_they_chose(org, clock, inbox, receiver, channels):
    ReminderSettings.objects.create(user=org.ana, email=False, slack=True)
    ReminderSettings.objects.create(user=org.lena, teams=True)
    ReminderSettings.objects.create(user=org.olga, email=False, webhook=True)
    clock.move_to(MONDAY_10)
    worker.run(once=True)
    worker.run(once=True)

    assert inbox.to() == ["carl@example.com", "lena@example.com"]  # email is on by default
    [slack] = receiver.json("/slack/onboarding")
    assert slack["text"].splitlines() == [
        "*ana@example.com: 1 check-in due today*",
        "• <https://okrs.example.com/objectives/onb-1/|Increase completion from 68% to 85%>"
        " (Onboarding, due Mon 12 Oct)",
    ]
    [teams] = receiver.json("/teams/onboarding")
    [attachment] = teams["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert card["body"][0]["text"] == "lena@example.com: 1 check-in due today"

    [(_, headers, body)] = [post for post in receiver.posts if post[0] == "/hook"]
    expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Okrs-Signature"], f"sha256={expected}")
    assert headers["Content-Type"] == "application/json"
    payload = json.loads(body)
    assert payload["event"] == "reminder" and payload["day"] == "2026-10-12"
    assert payload["person"] == {"email": "olga@example.com", "name": ""}
    assert payload["subject"] == "2 check-ins due today"
    assert [kr["key"] for kr in payload["key_results"]] == ["onb-activation", "chk-conversion"]
    assert payload["key_results"][1] == {
        "key": "chk-conversion",
        "title": "Lift conversion",
        "team": "Checkout",
        "due": "2026-10-12",
        "url": "https://okrs.example.com/objectives/chk-1/",
    }


def test_the_team_lead_hears_of_missed_check_ins_in_the_teams_channel(
    org, clock, inbox, receiver, channels
):
    ReminderSettings.objects.create(user=org.lena, email=False, slack=True, webhook=True)
    clock.move_to(MONDAY_10 + timedelta(days=4))
    worker.run(once=True)
    [slack] = receiver.json("/slack/onboarding")
    assert slack["text"].startswith("*lena@example.com: 2 check-ins missed in your teams*")
    [hook] = receiver.json("/hook")
    assert hook["event"] == "escalation"
    assert {kr["key"] for kr in hook["key_results"]} == {"onb-completion", "onb-activation"}


def test_a_reminder_no_channel_took_is_tried_again(org, clock, inbox, receiver, channels):
    WebhookSettings.objects.update(url=f"{receiver.url}/broken/hook")
    ReminderSettings.objects.create(user=org.olga, email=False, webhook=True)
    clock.move_to(MONDAY_10)
    worker.run(once=True)
    assert not Reminder.objects.filter(user=org.olga).exists()
    WebhookSettings.objects.update(url=f"{receiver.url}/hook")
    clock.move_to(MONDAY_10 + timedelta(minutes=15))
    worker.run(once=True)
    assert len(receiver.json("/hook")) == 1
    assert Reminder.objects.filter(user=org.olga).exists()

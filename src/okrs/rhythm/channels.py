"""Where reminders and escalations go besides email: the Slack and Microsoft Teams
channels of the teams concerned (their incoming webhooks), and the organisation's
outgoing webhook, JSON signed with HMAC-SHA256 for anything else.

Each person picks their channels (`ReminderSettings`; email alone by default). Posts go
out with the standard library's urllib: one request per channel, ten seconds at most.
A channel that fails is logged; the notice counts as delivered when any channel took it,
so a failing chat hook never repeats the email of the next run.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from okrs.goals.models import KeyResult
from okrs.people.models import User
from okrs.rhythm.models import ReminderSettings, TeamChannels, WebhookSettings

logger = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Okrs-Signature"
TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Item:
    """A key result a notice is about."""

    key: str
    title: str
    team: str
    due: date
    url: str


@dataclass(frozen=True)
class Notice:
    """A reminder or an escalation, for the chat and webhook channels."""

    event: str  # "reminder" or "escalation"
    person: User
    day: date
    subject: str
    items: list[Item]
    team_ids: set[int]  # whose chat channels carry it

    @classmethod
    def about(
        cls,
        event: str,
        person: User,
        day: date,
        subject: str,
        key_results: list[tuple[KeyResult, date]],
        team_ids: set[int] | None = None,
    ) -> Notice:
        """The notice about these key results, each with the day its check-in fell due; in
        the chat channels of `team_ids`, by default the key results' teams."""
        items = [
            Item(
                key=kr.key,
                title=kr.title,
                team=kr.objective.team.name,
                due=due,
                url=settings.OKRS_BASE_URL + reverse("objective", args=[kr.objective.key]),
            )
            for kr, due in key_results
        ]
        if team_ids is None:
            team_ids = {kr.objective.team_id for kr, _ in key_results}
        return cls(event, person, day, subject, items, team_ids)

    def text(self) -> str:
        return f"{self.person}: {self.subject}"


def deliver(notice: Notice, wishes: ReminderSettings, mail: EmailMultiAlternatives) -> bool:
    """Send `notice` on every channel `wishes` chose; True when at least one took it."""
    sends: list[tuple[str, Callable[[], object]]] = []
    if wishes.email:
        sends.append(("email", mail.send))
    if wishes.slack or wishes.teams:
        for channels in TeamChannels.objects.filter(team__in=notice.team_ids):
            if wishes.slack and channels.slack_webhook:
                sends.append(("slack", _poster(channels.slack_webhook, slack_payload(notice))))
            if wishes.teams and channels.teams_webhook:
                sends.append(("teams", _poster(channels.teams_webhook, teams_payload(notice))))
    if wishes.webhook and (hook := WebhookSettings.objects.first()) is not None:
        sends.append(("webhook", _poster(hook.url, webhook_payload(notice), hook.secret)))
    delivered = False
    for channel, send in sends:
        try:
            send()
        except Exception:
            logger.exception("%s %s to %s not sent", notice.event, channel, notice.person.email)
        else:
            delivered = True
    return delivered


def slack_payload(notice: Notice) -> dict[str, Any]:
    """A Slack incoming-webhook message: the text, then one link per key result."""
    lines = [f"*{notice.text()}*"]
    lines += [
        f"• <{item.url}|{item.title}> ({item.team}, due {item.due:%a %-d %b})"
        for item in notice.items
    ]
    return {"text": "\n".join(lines)}


def teams_payload(notice: Notice) -> dict[str, Any]:
    """A Microsoft Teams message holding an Adaptive Card (what Teams' incoming webhooks
    and workflows take)."""
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": notice.text(), "weight": "Bolder", "wrap": True}
    ]
    body += [
        {
            "type": "TextBlock",
            "text": f"[{item.title}]({item.url}) ({item.team}, due {item.due:%a %-d %b})",
            "wrap": True,
        }
        for item in notice.items
    ]
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }


def webhook_payload(notice: Notice) -> dict[str, Any]:
    """The generic webhook's JSON."""
    return {
        "event": notice.event,
        "day": notice.day.isoformat(),
        "person": {"email": notice.person.email, "name": notice.person.name},
        "subject": notice.subject,
        "key_results": [
            {
                "key": item.key,
                "title": item.title,
                "team": item.team,
                "due": item.due.isoformat(),
                "url": item.url,
            }
            for item in notice.items
        ],
    }


def signature(secret: str, body: bytes) -> str:
    """The value of the `X-Okrs-Signature` header of `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _poster(url: str, payload: dict[str, Any], secret: str = "") -> Callable[[], None]:
    def post() -> None:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", "User-Agent": "okrs"}
        if secret:
            headers[SIGNATURE_HEADER] = signature(secret, body)
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS):
            pass  # urlopen raises on 4xx and 5xx

    return post

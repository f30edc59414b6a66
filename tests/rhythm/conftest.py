"""Fixtures of the rhythm tests: a small organisation in 2026-Q4, on Wednesday 14 October.

Onboarding (ana a member, lena its lead, olga owner of one of its key results although a
member of Checkout), Checkout (carl), and vera, a viewer in Onboarding.
"""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.test import Client

from okrs.goals.models import KeyResult
from okrs.people.models import Team, User

WEDNESDAY = datetime(2026, 10, 14, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        yield traveller


@dataclass
class Org:
    onboarding: Team
    checkout: Team
    admin: User
    ana: User
    lena: User
    olga: User
    carl: User
    vera: User
    completion: KeyResult  # onboarding, nobody owns it: the team owes it
    activation: KeyResult  # onboarding, owned by olga of checkout
    conversion: KeyResult  # checkout, nobody owns it


@pytest.fixture
def org(clock, make_team, make_user, make_objective, make_key_result) -> Org:
    onboarding = make_team("onboarding", name="Onboarding")
    checkout = make_team("checkout", name="Checkout")
    olga = make_user("olga@example.com", teams=[checkout])
    objective = make_objective(onboarding, key="onb-1")
    return Org(
        onboarding=onboarding,
        checkout=checkout,
        admin=make_user("admin@example.com", role="admin"),
        ana=make_user("ana@example.com", teams=[onboarding]),
        lena=make_user("lena@example.com", teams=[onboarding], lead=True),
        olga=olga,
        carl=make_user("carl@example.com", teams=[checkout]),
        vera=make_user("vera@example.com", role="viewer", teams=[onboarding]),
        completion=make_key_result(
            objective,
            key="onb-completion",
            check_ins=[(date(2026, 10, 7), 71, 0.6)],
        ),
        activation=make_key_result(objective, key="onb-activation", owner=olga),
        conversion=make_key_result(
            make_objective(checkout, key="chk-1"), key="chk-conversion", title="Lift conversion"
        ),
    )


@pytest.fixture
def client_of():
    def signed_in(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return signed_in


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"

    def to(self) -> list[str]:
        return sorted(message["To"] for message in self.messages)


@pytest.fixture
def inbox(settings):
    handler = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.OKRS_BASE_URL = "https://okrs.example.com"
    yield handler
    controller.stop()

"""Shared fixtures: small factories that build the OKR data a test needs, nothing more."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from okrs.goals.models import CheckIn, Cycle, Initiative, InitiativeLink, KeyResult, Objective
from okrs.people.models import Membership, Team, User

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests need real passwords, not slow ones: MD5 keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _next(prefix: str) -> str:
    return f"{prefix}{next(_counter)}"


@pytest.fixture
def make_user(db):
    def make(
        email: str | None = None,
        *,
        role: str = "member",
        teams=(),
        lead: bool = False,
        password="pw-Secret-42",
    ):
        user = User.objects.create_user(
            email or f"{_next('user')}@example.com", password, role=role
        )
        for team in teams:
            Membership.objects.create(user=user, team=team, is_lead=lead)
        return user

    return make


@pytest.fixture
def make_team(db):
    def make(
        key: str | None = None,
        *,
        kind: str = "cross_functional",
        parent: Team | None = None,
        name: str = "",
    ):
        key = key or _next("team")
        return Team.objects.create(key=key, name=name or key.title(), kind=kind, parent=parent)

    return make


@pytest.fixture
def cycle(db):
    return Cycle.objects.create(
        key="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31), state="active"
    )


@pytest.fixture
def make_objective(db, cycle):
    def make(
        team: Team,
        *,
        key: str | None = None,
        title: str = "Make onboarding a delight",
        kind: str = "committed",
        visibility: str = "public",
        owner: User | None = None,
        aligned_to: Objective | None = None,
        in_cycle: Cycle | None = None,
    ):
        return Objective.objects.create(
            key=key or _next("obj"),
            cycle=in_cycle or cycle,
            team=team,
            title=title,
            kind=kind,
            visibility=visibility,
            owner=owner,
            aligned_objective=aligned_to,
        )

    return make


@pytest.fixture
def make_key_result(db):
    def make(
        objective: Objective,
        *,
        key: str | None = None,
        title: str = "Increase completion from 68% to 85%",
        baseline: float | None = 68,
        target: float | None = 85,
        type: str = "metric",
        unit: str = "%",
        direction: str = "",
        weight: float = 1.0,
        owner: User | None = None,
        check_ins=(),
    ):
        kr = KeyResult.objects.create(
            key=key or _next("kr"),
            objective=objective,
            title=title,
            baseline=baseline,
            target=target,
            type=type,
            unit=unit,
            direction=direction,
            weight=weight,
            owner=owner,
        )
        for day, value, *rest in check_ins:
            CheckIn.objects.create(
                key_result=kr, date=day, value=value, confidence=rest[0] if rest else None
            )
        return kr

    return make


@pytest.fixture
def make_initiative(db, cycle):
    def make(
        team: Team | None,
        *,
        key: str | None = None,
        title: str = "Interactive product tour",
        links=(),
        status: str = "planned",
        effort: float | None = None,
        bucket: str = "",
    ):
        initiative = Initiative.objects.create(
            key=key or _next("ini"),
            cycle=cycle,
            team=team,
            title=title,
            status=status,
            effort=effort,
            bucket=bucket,
        )
        for kr, impact in links:
            InitiativeLink.objects.create(initiative=initiative, key_result=kr, impact=impact)
        return initiative

    return make


@pytest.fixture(autouse=True)
def sign_in_limits_off(settings):
    """Sign-in lockouts count failures across a test's own sign-ins; they are switched on
    where tested (`sign_in_limits`), so that `Client.login` works everywhere else."""
    settings.AXES_ENABLED = False


@pytest.fixture
def sign_in_limits(settings):
    """Sign-in lockouts as in production."""
    settings.AXES_ENABLED = True

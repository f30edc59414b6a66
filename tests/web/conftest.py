"""Fixtures of the web tests: a cycle running today, a small organisation, signed-in clients.

The organisation: Acme (company) with Onboarding and Checkout beneath it. Onboarding's
objective aligns to the company's; Onboarding also has a team-only objective. People:
an admin, a member of each team, a viewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from okrs.goals.models import Cycle, Initiative, KeyResult, Objective
from okrs.people.models import Team, User


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def cycle(db, today):
    """Overrides the shared 2026-Q4 cycle: web pages show figures as of today."""
    return Cycle.objects.create(
        key="Now", start=today - timedelta(days=45), end=today + timedelta(days=46), state="active"
    )


@dataclass
class Org:
    """The small organisation most web tests read and change."""

    cycle: Cycle
    company: Team
    onboarding: Team
    checkout: Team
    admin: User
    ana: User  # member of onboarding
    carl: User  # member of checkout
    vera: User  # viewer
    company_objective: Objective
    onboarding_objective: Objective
    checkout_objective: Objective
    secret_objective: Objective  # onboarding, visible to the team only
    completion: KeyResult  # onboarding's key result, with check-ins
    conversion: KeyResult  # checkout's key result, at risk
    tour: Initiative


@pytest.fixture
def org(
    cycle, today, make_team, make_user, make_objective, make_key_result, make_initiative
) -> Org:
    company = make_team("acme", kind="company", name="Acme")
    onboarding = make_team("onboarding", parent=company, name="Onboarding")
    checkout = make_team("checkout", parent=company, name="Checkout")
    admin = make_user("admin@example.com", role="admin")
    ana = make_user("ana@example.com", teams=[onboarding], lead=True)
    carl = make_user("carl@example.com", teams=[checkout])
    vera = make_user("vera@example.com", role="viewer")
    company_objective = make_objective(
        company, key="acme-1", title="Make every new customer successful in their first month"
    )
    make_key_result(company_objective, key="acme-1-retention", baseline=65, target=80)
    onboarding_objective = make_objective(
        onboarding,
        key="onb-1",
        title="Transform customer onboarding into a delightful experience",
        kind="aspirational",
        owner=ana,
        aligned_to=company_objective,
    )
    started = cycle.start
    completion = make_key_result(
        onboarding_objective,
        key="onb-1-completion",
        title="Increase onboarding completion rate from 68% to 85%",
        owner=ana,
        check_ins=[(started + timedelta(days=10), 71, 0.6), (today - timedelta(days=2), 76, 0.7)],
    )
    completion.check_ins.filter(value=76).update(note="Product tour shipped")
    make_key_result(
        onboarding_objective,
        key="onb-1-ttv",
        title="Reduce time to first value from 24 hours to 15 minutes",
        baseline=24,
        target=0.25,
        unit="h",
    )
    checkout_objective = make_objective(
        checkout, key="chk-1", title="Delight customers with a friction-free checkout"
    )
    conversion = make_key_result(
        checkout_objective,
        key="chk-1-conversion",
        title="Increase checkout conversion from 2.8% to 3.6%",
        baseline=2.8,
        target=3.6,
        check_ins=[(today - timedelta(days=10), 2.82, 0.4)],
    )
    secret_objective = make_objective(
        onboarding, key="onb-secret", title="Win back churned pilot customers", visibility="team"
    )
    make_key_result(secret_objective, key="onb-secret-winback", title="Win back pilot accounts")
    tour = make_initiative(
        onboarding,
        key="tour",
        title="Interactive product tour",
        links=[(completion, 8)],
        effort=3,
        bucket="core",
    )
    return Org(
        cycle=cycle,
        company=company,
        onboarding=onboarding,
        checkout=checkout,
        admin=admin,
        ana=ana,
        carl=carl,
        vera=vera,
        company_objective=company_objective,
        onboarding_objective=onboarding_objective,
        checkout_objective=checkout_objective,
        secret_objective=secret_objective,
        completion=completion,
        conversion=conversion,
        tour=tour,
    )


@pytest.fixture
def signed_in(db):
    """A client signed in as a user: `signed_in(user)`."""

    def sign_in(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def htmx_headers() -> dict[str, str]:
    """Headers HTMX sends with a request."""
    return {"HX-Request": "true", "HX-Target": "kr", "HX-Current-URL": "http://testserver/"}

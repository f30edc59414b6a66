"""Extreme values thrown at every write path never break a page for everyone.

Numbers (±1e308, NaN, infinities, -0.0, 5e-324, huge ints, booleans), dates (year 1,
9999) and strings (5 MB, NUL, right-to-left overrides, zero-width spaces, HTML, digits
only, keys in another case) go to the import API, the objective, key result, check-in,
initiative and KPI endpoints, the web forms (check-in, objective, key result) and
`okrs import` / `okrs checkin`. Whatever was accepted, no answer is a 5xx, every API
body is strict JSON, and the objective page still renders.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from okrs.cli import app
from okrs.goals.models import Kpi
from tests.api.support import assert_strict_json_answers, strict_json

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

numbers = st.one_of(
    st.sampled_from(
        [1e308, -1e308, float("nan"), float("inf"), float("-inf"), -0.0, 5e-324, 1e15, -1e15]
    ),
    st.sampled_from([10**400, 2**63, True, False, None, 0, 1, 74]),
    st.floats(),
    st.integers(),
)
texts = st.one_of(
    st.sampled_from(
        [
            "x" * 5_000_000,
            "tour\x00shipped",
            "Delight \u202enew users",
            "zero\u200bwidth",
            "\ufeffBOM",
            "<script>alert(1)</script>",
            "13",
            "",
            "ONB-1",
            "Onb-1-Completion",
            "\u0663",
            "\uff11\uff12",
            "1_000",
            "1e308",
            "nan",
        ]
    ),
    st.text(max_size=20),
)
number_texts = st.one_of(texts, numbers.map(str))
dates = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-31", "2026-11-15", "2026-10-01", "2026-02-30"]),
    st.dates().map(date.isoformat),
    texts,
)
values = st.one_of(numbers, texts)


def answered(response: Any) -> Any:
    """An API answer: never a 5xx, always strict JSON (204 has no body)."""
    assert response.status_code < 500, response.content[:500]
    return None if response.status_code == 204 else strict_json(response.content)


def send(api: Any, method: str, path: str, body: Any) -> Any:
    """Send a body as JSON even when it holds NaN or infinities, as a careless client would."""
    return answered(api.call(method, path, json.dumps(body)))


def assert_still_readable(org: Any, api: Any, browser: Client) -> None:
    """Pages and lists everyone reads after whatever was accepted."""
    for key in ("onb-1", "onb-secret"):
        assert browser.get(reverse("objective", args=[key])).status_code == 200
    assert_strict_json_answers(
        api,
        [
            "objectives?cycle=2026-Q4&limit=500",
            "key-results?cycle=2026-Q4&limit=500",
            "cycles/2026-Q4/score",
            "check-ins?limit=500",
            "initiatives?limit=500",
            "kpis?limit=500",
            "cycles/2026-Q4/export?format=json",
        ],
    )


@pytest.fixture
def clients(org, api_as):
    """An admin's API client and browser (admins may write the most), and a KPI to measure."""
    Kpi.objects.create(key="activation", team=org.onboarding, name="Activation")
    browser = Client()
    browser.force_login(org.admin)
    return api_as(org.admin), browser


@EXAMPLES
@given(
    value=values,
    confidence=values,
    note=texts,
    blockers=texts,
    day=dates,
    baseline=values,
    target=values,
    weight=values,
    title=texts,
    key=texts,
)
def test_api_endpoints_take_anything_without_breaking(
    org, clients, value, confidence, note, blockers, day, baseline, target, weight, title, key
):
    api, browser = clients
    check_in = {"value": value, "confidence": confidence, "note": note, "blockers": blockers}
    send(api, "POST", "key-results/onb-1-completion/check-ins", {**check_in, "date": day})
    send(api, "POST", "check-ins/bulk", {"items": [{"key_result": "onb-1-completion", **check_in}]})
    objective = {"key": key, "cycle": "2026-Q4", "team": "onboarding", "title": title}
    send(api, "POST", "objectives", objective)
    send(api, "PATCH", "objectives/onb-1", {"title": title})
    numbers = {"baseline": baseline, "target": target, "weight": weight}
    send(api, "POST", "key-results", {"key": key, "objective": "onb-1", "title": title, **numbers})
    send(api, "PATCH", "key-results/onb-1-completion", numbers)
    link = {"key_result": "onb-1-completion", "impact": value}
    initiative = {
        "cycle": "2026-Q4",
        "title": title,
        "effort": weight,
        "start": day,
        "links": [link],
    }
    send(api, "POST", "initiatives", {"key": key, **initiative})
    send(api, "PATCH", "initiatives/tour", {"effort": value, "end": day})
    kpi = {"team": "onboarding", "name": title, "healthy_min": baseline, "healthy_max": target}
    send(api, "POST", "kpis", {"key": key, **kpi})
    send(api, "POST", "kpis/activation/measurements", {"date": day, "value": value})
    assert_still_readable(org, api, browser)


@EXAMPLES
@given(
    value=values,
    confidence=values,
    weight=values,
    note=texts,
    day=dates,
    title=texts,
    key=texts,
    cycle=st.one_of(st.just("2026-Q4"), st.sampled_from(["9999-Q4", "0000-Q1", "2026-q4"]), texts),
)
def test_the_import_api_takes_anything_without_breaking(
    org, clients, value, confidence, weight, note, day, title, key, cycle
):
    api, browser = clients
    document = {
        "cycle": cycle,
        "objectives": [
            {
                "key": key,
                "team": "onboarding",
                "title": title,
                "key_results": [
                    {
                        "key": f"{key}-kr",
                        "title": title,
                        "baseline": value,
                        "target": 100,
                        "weight": weight,
                        "check_ins": [
                            {"date": day, "value": value, "confidence": confidence, "note": note}
                        ],
                    }
                ],
            }
        ],
    }
    send(api, "POST", "import", document)
    response = api.call("POST", "import", f"cycle: {cycle}\nobjectives: [{{key: {key!r}}}]")
    answered(response)
    assert_still_readable(org, api, browser)


@EXAMPLES
@given(value=number_texts, confidence=number_texts, note=texts, title=texts, number=number_texts)
def test_the_web_forms_take_anything_without_breaking(
    org, clients, value, confidence, note, title, number
):
    api, browser = clients
    posts = [
        (
            reverse("check-in", args=["onb-1-completion"]),
            {"value": value, "confidence": confidence, "note": note},
        ),
        (
            reverse("objective-edit", args=["onb-1"]),
            {"team": "onboarding", "title": title, "kind": "committed", "visibility": "public"},
        ),
        (
            reverse("key-result-new", args=["onb-1"]),
            {
                "title": title,
                "type": "metric",
                "baseline": number,
                "target": value,
                "weight": number,
            },
        ),
    ]
    for url, data in posts:
        assert browser.post(url, data).status_code < 500, url
        assert browser.post(url, data, headers={"HX-Request": "true"}).status_code < 500, url
    assert_still_readable(org, api, browser)


@EXAMPLES
@given(value=number_texts, note=texts, day=dates, title=texts)
def test_the_cli_takes_anything_without_breaking(org, clients, value, note, day, title):
    api, browser = clients
    runner = CliRunner()
    arguments = ["checkin", "onb-1-completion", value, "--note", note, "--date", day]
    for args in (arguments, [*arguments[:-2], "--author", "ada@example.com"]):
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 2), (result.output, result.exception)
    document = (
        f"cycle: 2026-Q4\nobjectives:\n  - key: onb-1\n    team: onboarding\n"
        f"    title: {json.dumps(title)}\n    key_results:\n"
        f"      - {{key: onb-1-completion, title: Completion, baseline: {value}, target: 85,"
        f" check_ins: [{{date: {day}, value: {value}, note: {json.dumps(note)}}}]}}\n"
    )
    result = runner.invoke(app, ["import", "-"], input=document)
    assert result.exit_code in (0, 2), (result.output, result.exception)
    assert_still_readable(org, api, browser)

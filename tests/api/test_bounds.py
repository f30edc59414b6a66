"""One bad value never breaks a response: input beyond the bounds is a 422 naming the field,
and what was stored before the bounds still answers valid JSON."""

from __future__ import annotations

import math

import pytest

from okrs.goals import figures
from okrs.goals.models import CheckIn, Initiative, KeyResult, Kpi, Objective
from tests.api.support import assert_strict_json_answers, strict_json

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = (
    "expected a number from -1e15 to 1e15, got 1e+308: count in a larger unit (thousands, millions)"
)


def refused(response, field, message):
    assert response.status_code == 422, response.content
    assert {"field": field, "message": message, "line": None} in strict_json(response.content)[
        "errors"
    ]


def stored_before_the_bounds(kr: KeyResult, **values) -> None:
    """Write values as an older version or raw SQL left them, figures recomputed."""
    KeyResult.objects.filter(pk=kr.pk).update(**values)
    figures.recompute_cycle(kr.objective.cycle)


def test_stored_baselines_and_targets_of_1e308_still_answer_valid_json(org, api_as):
    stored_before_the_bounds(org.public_kr, baseline=-1e308, target=1e308)
    api = api_as(org.admin)
    assert_strict_json_answers(
        api,
        [
            "objectives?cycle=2026-Q4",
            "objectives/onb-1",
            "key-results?cycle=2026-Q4",
            "key-results/onb-1-completion",
            "cycles/2026-Q4/score",
        ],
    )
    figures = strict_json(api.get("key-results/onb-1-completion").content)
    assert (figures["progress"], figures["score"]) == (0.5, 0.5)


def test_stored_infinities_are_written_as_the_largest_value_okrs_accepts(org, api_as):
    CheckIn.objects.filter(key_result=org.public_kr).update(value=math.inf)
    stored_before_the_bounds(org.public_kr, baseline=-math.inf)
    api = api_as(org.admin)
    values = [
        c["value"]
        for c in strict_json(api.get("check-ins?key_result=onb-1-completion").content)["items"]
    ]
    assert values == [1e15, 1e15]
    kr = strict_json(api.get("key-results/onb-1-completion").content)
    assert (kr["baseline"], kr["current"]) == (-1e15, 1e15)
    assert math.isfinite(kr["progress"])


@pytest.mark.parametrize("field", ["value", "confidence"])
def test_a_check_in_value_of_true_is_refused_not_stored_as_one(org, api_as, field):
    body = {"value": 74, "confidence": 0.5, field: True}
    response = api_as(org.member).post("key-results/onb-1-completion/check-ins", body)
    refused(response, field, "expected a number, got true")
    assert not CheckIn.objects.filter(key_result=org.public_kr, value=1).exists()


def test_a_bulk_check_in_of_false_is_refused(org, api_as):
    body = {"items": [{"key_result": "onb-1-completion", "value": False}]}
    refused(
        api_as(org.member).post("check-ins/bulk", body),
        "items[0].value",
        "expected a number, got false",
    )


def test_numbers_written_as_text_follow_the_same_rule(org, api_as):
    api = api_as(org.member)
    created = api.post("key-results/onb-1-completion/check-ins", {"value": "75.5"})
    assert created.status_code == 201, created.content
    refused(
        api.post("key-results/onb-1-completion/check-ins", {"value": "\u0663"}),
        "value",
        "expected a number, got '\u0663': write it with the digits 0-9",
    )


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("key-results/onb-1-completion/check-ins", {"value": 1e308}, "value"),
        ("key-results", {"objective": "onb-1", "title": "Grow", "baseline": 1e308}, "baseline"),
        ("key-results", {"objective": "onb-1", "title": "Grow", "target": 1e308}, "target"),
        ("key-results", {"objective": "onb-1", "title": "Grow", "weight": 1e308}, "weight"),
        ("initiatives", {"cycle": "2026-Q4", "title": "Tour", "effort": 1e308}, "effort"),
        (
            "initiatives",
            {
                "cycle": "2026-Q4",
                "title": "Tour",
                "links": [{"key_result": "onb-1-completion", "impact": 1e308}],
            },
            "links[0].impact",
        ),
        ("kpis", {"team": "onboarding", "name": "Activation", "healthy_max": 1e308}, "healthy_max"),
        ("kpis/activation/measurements", {"date": "2026-11-02", "value": 1e308}, "value"),
    ],
)
def test_numbers_beyond_a_million_billion_are_refused_everywhere(org, api_as, path, body, field):
    Kpi.objects.create(key="activation", team=org.onboarding, name="Activation rate")
    refused(api_as(org.admin).post(path, body), field, OUT_OF_RANGE)


def test_a_weight_over_a_thousand_is_refused(org, api_as):
    response = api_as(org.admin).patch("key-results/onb-1-completion", {"weight": 5000})
    refused(
        response,
        "weight",
        "weight is at most 1000, got 5000: weights only compare key results, so 1 to 10 is plenty",
    )


@pytest.mark.parametrize("field", ["note", "blockers"])
def test_a_5_mb_note_or_blockers_is_refused(org, api_as, field):
    body = {"value": 74, field: "x" * 5_000_000}
    response = api_as(org.member).post("key-results/onb-1-completion/check-ins", body)
    refused(
        response, field, f"the {field} is at most 2000 characters, this one has 5000000: shorten it"
    )


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("kpis/activation/measurements", {"date": "0001-01-01", "value": 1}, "date"),
        ("initiatives", {"cycle": "2026-Q4", "title": "Tour", "end": "9999-12-31"}, "end"),
    ],
)
def test_dates_outside_the_years_2000_to_2200_are_refused(org, api_as, path, body, field):
    Kpi.objects.create(key="activation", team=org.onboarding, name="Activation rate")
    day = body[field]
    message = f"{day} is outside the years 2000 to 2200 that okrs plans in: check the year"
    refused(api_as(org.admin).post(path, body), field, message)


def test_a_key_of_digits_only_is_refused_so_a_patch_by_it_cannot_hit_another_row(org, api_as):
    body = {"key": str(org.public.pk), "cycle": "2026-Q4", "team": "onboarding", "title": "Again"}
    response = api_as(org.admin).post("objectives", body)
    message = (
        f"a key of digits only reads as an id in the API: add a letter, like 'kr-{org.public.pk}'"
    )
    refused(response, "key", message)
    assert not Objective.objects.filter(key=str(org.public.pk)).exists()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            "objectives",
            {"key": "ONB-1", "cycle": "2026-Q4", "team": "onboarding", "title": "Again"},
        ),
        ("key-results", {"key": "Onb-1-Completion", "objective": "onb-1", "title": "Again"}),
        ("initiatives", {"key": "TOUR", "cycle": "2026-Q4", "title": "Again"}),
    ],
)
def test_a_key_differing_only_in_case_is_not_available(org, api_as, path, body):
    response = api_as(org.admin).post(path, body)
    assert response.status_code == 409, response.content
    assert strict_json(response.content)["errors"] == [
        {
            "field": "key",
            "message": f"the key '{body['key']}' is not available: keys are unique across cycles, pick another",
            "line": None,
        }
    ]
    assert Initiative.objects.count() == 1 and Objective.objects.count() == 2


@pytest.mark.parametrize(
    "path", ["objectives", "key-results", "objectives/onb-1", "cycles/2026-Q4/score"]
)
@pytest.mark.parametrize(
    ("as_of", "shown"),
    [
        ("0", "'0'"),
        ("1700000000", "'1700000000'"),
        ("20261105", "'20261105'"),
        ("2026-11-5", "'2026-11-5'"),
    ],
)
def test_as_of_is_an_iso_date_or_a_422_naming_it(org, api_as, path, as_of, shown):
    response = api_as(org.member).get(path, as_of=as_of)
    refused(response, "as_of", f"expected a date as YYYY-MM-DD, got {shown}")


def test_dates_in_bodies_are_iso_dates_only(org, api_as):
    api = api_as(org.admin)
    refused(
        api.post("key-results/onb-1-completion/check-ins", {"value": 70, "date": 0}),
        "date",
        "expected a date as YYYY-MM-DD, got 0",
    )
    refused(
        api.post("key-results/onb-1-completion/check-ins", {"value": 70, "date": "2026-02-30"}),
        "date",
        "expected a date as YYYY-MM-DD, got '2026-02-30': there is no such day",
    )
    accepted = api.post(
        "key-results/onb-1-completion/check-ins", {"value": 70, "date": "2026-11-12"}
    )
    assert accepted.status_code in (200, 201), accepted.content


def test_the_coach_takes_as_of_as_an_iso_date_only(org, api_as):
    response = api_as(org.member).call(
        "POST", "lint?as_of=0", "cycle: 2026-Q4\n", content_type="application/yaml"
    )
    refused(response, "as_of", "expected a date as YYYY-MM-DD, got '0'")

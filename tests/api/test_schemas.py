"""The API's enumerations are the domain's: a new kind or status shows in OpenAPI too."""

from __future__ import annotations

from typing import get_args

import pytest

from okrs.api import schemas
from okrs.core.choices import (
    Bucket,
    CycleState,
    Direction,
    InitiativeStatus,
    KeyResultType,
    ObjectiveKind,
    Role,
    Severity,
    TargetKind,
    TeamKind,
    TokenScope,
    Visibility,
)


@pytest.mark.parametrize(
    ("literal", "values"),
    [
        (schemas.ObjectiveKind, ObjectiveKind.values),
        (schemas.Visibility, Visibility.values),
        (schemas.KeyResultType, KeyResultType.values),
        (schemas.Direction, Direction.values),
        (schemas.InitiativeStatus, InitiativeStatus.values),
        (schemas.Bucket, Bucket.values),
        (schemas.CycleState, CycleState.values),
        (schemas.TeamKind, TeamKind.values),
        (schemas.Severity, Severity.values),
        (schemas.TargetKind, TargetKind.values),
        (schemas.Role, tuple(Role.values)),
        (schemas.Scope, tuple(TokenScope.values)),
    ],
)
def test_an_enumeration_of_the_api_lists_the_domain_values(literal, values):
    assert get_args(literal) == tuple(values)


def openapi() -> dict:
    from okrs.api.main import api

    return api.get_openapi_schema()


def body_property(document: dict, schema: str, name: str) -> dict:
    prop = document["components"]["schemas"][schema]["properties"][name]
    return next((s for s in prop.get("anyOf", [prop]) if s.get("type") != "null"), prop)


@pytest.mark.parametrize(
    ("schema", "name", "bounds"),
    [
        ("CheckInIn", "value", {"minimum": -1e15, "maximum": 1e15}),
        ("CheckInIn", "confidence", {"minimum": 0, "maximum": 1}),
        ("CheckInPatch", "confidence", {"minimum": 0, "maximum": 1}),
        ("KeyResultIn", "baseline", {"minimum": -1e15, "maximum": 1e15}),
        ("KeyResultPatch", "target", {"minimum": -1e15, "maximum": 1e15}),
        ("KeyResultIn", "weight", {"exclusiveMinimum": 0, "maximum": 1000}),
        ("KeyResultPatch", "weight", {"exclusiveMinimum": 0, "maximum": 1000}),
        ("KpiPatch", "healthy_max", {"minimum": -1e15, "maximum": 1e15}),
        ("MeasurementIn", "value", {"minimum": -1e15, "maximum": 1e15}),
        ("InitiativeIn", "effort", {"minimum": 0, "maximum": 1e15}),
        ("LinkIn", "impact", {"minimum": -1e15, "maximum": 1e15}),
        ("TokenIn", "expires_in_days", {"minimum": 1, "maximum": 3650}),
    ],
)
def test_the_openapi_document_states_the_bounds_of_numbers(schema, name, bounds):
    prop = body_property(openapi(), schema, name)
    assert prop["type"] in ("number", "integer")
    assert {key: prop.get(key) for key in bounds} == bounds


@pytest.mark.parametrize(
    ("schema", "name"),
    [("MeasurementIn", "date"), ("CheckInIn", "date"), ("InitiativeIn", "start")],
)
def test_the_openapi_document_states_dates_as_iso_days_in_the_planning_years(schema, name):
    import re

    prop = body_property(openapi(), schema, name)
    assert prop["format"] == "date"
    pattern = re.compile(prop["pattern"])
    assert pattern.search("2026-11-15") and pattern.search("2200-12-31")
    assert not any(pattern.search(day) for day in ("1999-12-31", "2201-01-01", "0", "20261115"))


def test_the_openapi_document_states_iso_dates_for_as_of():
    parameters = openapi()["paths"]["/api/v1/objectives"]["get"]["parameters"]
    as_of = next(p for p in parameters if p["name"] == "as_of")["schema"]
    as_of = next(s for s in as_of.get("anyOf", [as_of]) if s.get("type") != "null")
    assert as_of["format"] == "date" and "pattern" in as_of


@pytest.mark.parametrize(
    ("schema", "name"),
    [
        ("ObjectiveIn", "title"),
        ("ObjectiveIn", "cycle"),
        ("ObjectiveIn", "team"),
        ("KeyResultIn", "title"),
        ("KeyResultIn", "objective"),
        ("InitiativeIn", "title"),
        ("KpiIn", "name"),
        ("KpiIn", "team"),
        ("BulkCheckInItem", "key_result"),
        ("LinkIn", "key_result"),
    ],
)
def test_the_openapi_document_says_required_text_is_not_empty(schema, name):
    prop = body_property(openapi(), schema, name)
    assert prop["minLength"] == 1


NOT_CLEARABLE = {
    "ObjectivePatch": ["team", "title", "kind", "description", "visibility"],
    "KeyResultPatch": ["title", "type", "unit", "weight"],
    "CheckInPatch": ["value"],
    "InitiativePatch": ["title", "status", "url", "external_key"],
    "KpiPatch": ["team", "name", "unit", "description"],
    "MeasurementPatch": ["date", "value"],
}


@pytest.mark.parametrize(
    ("schema", "name"),
    [(schema, name) for schema, names in NOT_CLEARABLE.items() for name in names],
)
def test_a_patch_field_that_null_cannot_clear_is_not_nullable(schema, name):
    """A PATCH answers 422 for `null` in these fields; the document does not offer it."""
    prop = openapi()["components"]["schemas"][schema]["properties"][name]
    kinds = [prop.get("type"), *(choice.get("type") for choice in prop.get("anyOf", []))]
    assert "null" not in kinds


@pytest.mark.parametrize(
    ("schema", "name"),
    [
        ("ObjectivePatch", "owner"),
        ("KeyResultPatch", "baseline"),
        ("CheckInPatch", "confidence"),
        ("InitiativePatch", "team"),
        ("KpiPatch", "key_results"),
    ],
)
def test_a_patch_field_that_null_clears_stays_nullable(schema, name):
    prop = openapi()["components"]["schemas"][schema]["properties"][name]
    assert {"type": "null"} in prop["anyOf"]

"""OKR files over HTTP: import (all or nothing), export, and the coach on a draft."""

from __future__ import annotations

import json

import pytest

from okrs.goals.models import Objective

pytestmark = pytest.mark.django_db

DRAFT = """\
cycle: 2026-Q4
teams:
  - {key: company, name: Acme, kind: company}
  - {key: growth, name: Growth, kind: cross_functional, parent: company}
objectives:
  - key: grow-1
    team: growth
    title: Turn first visits into lasting habits
    owner: ana@example.com
    aligned_to: onb-1
    key_results:
      - key: grow-1-retention
        title: Increase week-4 retention from 20% to 30%
        unit: "%"
        baseline: 20
        target: 30
      - key: grow-1-events
        title: Hold three workshops
        type: milestone
"""


def test_an_okr_file_is_imported_and_twice_changes_nothing(org, api_as):
    api = api_as(org.admin)
    first = api.post("import", DRAFT, content_type="application/yaml")
    assert first.status_code == 200, first.content
    assert first.json()["changed"] is True
    assert first.json()["report"]["objective"] == {"created": 1, "updated": 0, "unchanged": 0}
    second = api.post("import", DRAFT, content_type="text/yaml")
    assert second.json()["changed"] is False


def test_every_problem_of_a_file_is_a_422_with_its_line(org, api_as):
    broken = DRAFT.replace("baseline: 20", "baseline: twenty").replace("Acme", "<b>Acme</b>")
    response = api_as(org.admin).post("import", broken, content_type="application/yaml")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["line"], e["field"]) for e in errors] == [
        (3, "teams[0].name"),
        (15, "objectives[0].key_results[0].baseline"),
    ]
    assert not Objective.objects.filter(key="grow-1").exists()


def test_a_yaml_syntax_error_is_a_422_with_its_line(org, api_as):
    text = "cycle: 2026-Q4\nteams:\n  - key: a\n name: b\n"
    response = api_as(org.admin).post("import", text, content_type="application/yaml")
    assert response.status_code == 422
    assert [(e["field"], e["line"]) for e in response.json()["errors"]] == [("file", 4)]


def test_a_member_cannot_import_into_another_team(org, api_as):
    text = DRAFT.replace("  - {key: company, name: Acme, kind: company}\n", "")
    text = text.replace(
        "  - {key: growth, name: Growth, kind: cross_functional, parent: company}\n", ""
    )
    text = text.replace("team: growth", "team: payments").replace("teams:\n", "teams: []\n")
    response = api_as(org.member).post("import", text, content_type="application/yaml")
    assert response.status_code == 403


def test_an_export_reads_back_as_an_import_that_changes_nothing(org, api_as):
    api = api_as(org.admin)
    normalised = api.get("cycles/2026-Q4/export").content  # factories leave positions at 0
    api.post("import", normalised, content_type="application/yaml")
    for fmt, content_type in (("yaml", "application/yaml"), ("json", "application/json")):
        exported = api.get("cycles/2026-Q4/export", format=fmt)
        assert exported.status_code == 200
        assert exported["Content-Type"].startswith(content_type)
        imported = api.post("import", exported.content, content_type=content_type)
        assert imported.json()["changed"] is False, fmt


def test_an_export_leaves_out_what_the_caller_cannot_see(org, api_as):
    exported = api_as(org.outsider).get("cycles/2026-Q4/export", format="json").json()
    assert [o["key"] for o in exported["objectives"]] == ["onb-1"]


def test_an_unsupported_content_type_is_a_415(org, api_as):
    response = api_as(org.admin).post("import", DRAFT, content_type="text/plain")
    assert response.status_code == 415
    assert "application/yaml" in response.json()["detail"]


def test_the_coach_lints_a_draft_without_storing_it(org, api_as):
    response = api_as(org.viewer).post("lint", DRAFT, content_type="application/yaml")
    assert response.status_code == 200
    codes = {(f["code"], f["target"]["key"]) for f in response.json()["findings"]}
    assert ("OKR206", "grow-1-events") in codes
    assert not Objective.objects.filter(key="grow-1").exists()


def test_the_coach_reports_a_target_equal_to_its_baseline_as_a_finding(org, api_as):
    draft = DRAFT.replace("target: 30", "target: 20")
    response = api_as(org.viewer).post("lint", draft, content_type="application/yaml")
    assert response.status_code == 200, response.content
    findings = {(f["code"], f["target"]["key"]) for f in response.json()["findings"]}
    assert {("OKR204", "grow-1-retention"), ("OKR206", "grow-1-events")} <= findings
    refused = api_as(org.admin).post("import", draft, content_type="application/yaml")
    assert refused.status_code == 422


def test_the_coach_lints_a_json_plan(org, api_as):
    plan = api_as(org.admin).get("cycles/2026-Q4/export", format="json").json()
    response = api_as(org.admin).post("lint", json.dumps(plan), content_type="application/json")
    assert response.status_code == 200
    assert "OKR105" in {f["code"] for f in response.json()["findings"]}


def test_the_coach_runs_only_the_rules_selected(org, api_as):
    api = api_as(org.viewer)
    selected = api.call("POST", "lint?select=OKR2", DRAFT, content_type="application/yaml")
    assert {f["code"] for f in selected.json()["findings"]} == {"OKR206"}
    ignored = api.call("POST", "lint?ignore=okr206", DRAFT, content_type="application/yaml")
    assert "OKR206" not in {f["code"] for f in ignored.json()["findings"]}


def test_an_unknown_rule_code_is_a_422(org, api_as):
    response = api_as(org.viewer).call(
        "POST", "lint?select=OKR999", DRAFT, content_type="application/yaml"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "select"

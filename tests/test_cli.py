"""The `okrs` command as scripts and CI use it: output, JSON contract and exit status."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrs.cli import app
from okrs.goals import figures
from okrs.goals.models import CheckIn, Cycle, Finding, KeyResult, Objective, TeamScore
from okrs.people.models import ApiToken, User
from tests.api.support import strict_json

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = FIXTURES / "product_example.yaml"

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def test_import_then_score_prints_the_contract():
    assert run("import", str(EXAMPLE)).exit_code == 0
    result = run("score", "--cycle", "2026-Q4", "--as-of", "2026-11-15", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-11-15"
    assert data["objectives"][0]["key_results"][0]["forecast_value"] == 81.2267
    assert "Database: SQLite" in result.stderr or "Database: PostgreSQL" in result.stderr


def test_import_from_stdin_twice_reports_nothing_changed():
    text = EXAMPLE.read_text()
    assert run("import", "-", input=text).exit_code == 0
    second = run("import", "-", "--json", input=text)
    assert json.loads(second.stdout)["changed"] is False


def test_a_bad_file_exits_2_with_file_line_and_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text().replace("baseline: 68", "baseline: lots"))
    result = run("import", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:" in result.stderr and "baseline" in result.stderr
    assert Objective.objects.count() == 0


def test_a_missing_file_exits_2():
    result = run("import", "/nonexistent/okrs.yaml")
    assert result.exit_code == 2 and "no such file" in result.stderr


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv", "md"])
def test_export_formats(fmt):
    run("import", str(EXAMPLE))
    result = run("export", "--cycle", "2026-Q4", "--format", fmt, "--as-of", "2026-11-15")
    assert result.exit_code == 0, result.output
    assert "onb-1-completion" in result.stdout


def test_export_yaml_round_trips():
    run("import", str(EXAMPLE))
    exported = run("export", "--cycle", "2026-Q4").stdout
    assert run("import", "-", "--json", input=exported).exit_code == 0
    assert json.loads(run("import", "-", "--json", input=exported).stdout)["changed"] is False


def test_unknown_cycle_and_bad_format_exit_2():
    assert run("score", "--cycle", "1999-Q1").exit_code == 2
    assert run("export", "--format", "xml").exit_code == 2
    assert run("score", "--as-of", "15/11/2026").exit_code == 2


def test_checkin_and_its_errors():
    run("import", str(EXAMPLE))
    ok = run(
        "checkin",
        "onb-1-completion",
        "75",
        "--confidence",
        "0.7",
        "--note",
        "faster signup",
        "--date",
        "2026-11-12",
    )
    assert ok.exit_code == 0, ok.output
    assert CheckIn.objects.filter(value=75).exists()
    bad = run("checkin", "onb-1-completion", "lots", "--date", "2026-11-12")
    assert bad.exit_code == 2 and "value" in bad.stderr
    assert run("checkin", "nope", "1").exit_code == 2


def test_checkin_refuses_numbers_beyond_a_million_billion_and_other_digits():
    run("import", str(EXAMPLE))
    huge = run("checkin", "onb-1-completion", "1e308", "--date", "2026-11-12")
    assert huge.exit_code == 2
    assert "value: expected a number from -1e15 to 1e15, got 1e+308" in huge.stderr
    arabic = run("checkin", "onb-1-completion", "\u0663", "--date", "2026-11-12")
    assert arabic.exit_code == 2 and "write it with the digits 0-9" in arabic.stderr
    assert not CheckIn.objects.filter(date="2026-11-12").exists()


def test_lint_and_import_of_a_cycle_in_year_9999_exit_2_naming_the_line(tmp_path):
    far = tmp_path / "far.yaml"
    far.write_text("cycle: 9999-Q4\n")
    for command in ("lint", "import"):
        result = run(command, str(far))
        assert result.exit_code == 2, result.output
        assert f"{far}:1: cycle: 9999-10-01 is outside the years 2000 to 2200" in result.stderr


def test_score_json_stays_valid_json_with_numbers_stored_before_the_bounds():
    run("import", str(EXAMPLE))
    CheckIn.objects.update(value=float("inf"))
    figures.recompute_cycle(Cycle.objects.get(key="2026-Q4"))  # as `okrs recompute` after raw SQL
    result = run("score", "--cycle", "2026-Q4", "--as-of", "2026-11-15", "--json")
    assert result.exit_code == 0, result.output
    kr = strict_json(result.stdout)["objectives"][0]["key_results"][0]
    assert (kr["current"], kr["score"]) == (1e15, 1.0)


def test_user_and_token_commands():
    created = run(
        "user",
        "create",
        "Lee@Example.com",
        "--name",
        "Lee",
        "--role",
        "admin",
        "--password",
        "s3cret-pass",
    )
    assert created.exit_code == 0, created.output
    user = User.objects.get(email="lee@example.com")
    assert user.check_password("s3cret-pass") and user.role == "admin"
    assert run("user", "create", "lee@example.com").exit_code == 2
    assert run("user", "create", "not-an-email").exit_code == 2
    listed = json.loads(run("user", "list", "--json").stdout)
    assert listed["users"][0]["email"] == "lee@example.com"
    token = run("token", "create", "lee@example.com", "--scope", "write")
    raw = token.stdout.strip().splitlines()[-1]
    stored = ApiToken.objects.get()
    assert stored.token_hash == ApiToken.hash(raw) and raw not in stored.token_hash
    assert run("token", "create", "nobody@example.com").exit_code == 2


def test_cycle_delete_removes_an_empty_cycle_only():
    run("import", str(EXAMPLE))
    held = run("cycle", "delete", "2026-Q4", "--yes")
    assert held.exit_code == 2 and "only an empty cycle is deleted" in held.stderr
    Cycle.objects.create(key="2027-Q1", start=date(2027, 1, 1), end=date(2027, 3, 31))
    assert run("cycle", "delete", "2027-Q1", input="n\n").exit_code == 1
    assert Cycle.objects.filter(key="2027-Q1").exists()
    deleted = run("cycle", "delete", "2027-Q1", "--yes")
    assert deleted.exit_code == 0 and "Deleted cycle 2027-Q1." in deleted.stdout
    assert list(Cycle.objects.values_list("key", flat=True)) == ["2026-Q4"]
    assert run("cycle", "delete", "2027-Q1", "--yes").exit_code == 2


def test_a_viewer_gets_no_write_token():
    assert run("user", "create", "vic@example.com", "--role", "viewer").exit_code == 0
    refused = run("token", "create", "vic@example.com", "--scope", "write")
    assert refused.exit_code == 2
    assert "a viewer's tokens only read" in refused.stderr
    assert not ApiToken.objects.exists()
    assert run("token", "create", "vic@example.com", "--scope", "read").exit_code == 0
    assert ApiToken.objects.get().scope == "read"


def test_help_everywhere():
    for command in [
        "import",
        "export",
        "score",
        "lint",
        "checkin",
        "serve",
        "demo",
        "generate",
        "bench",
        "recompute",
        "user",
        "token",
    ]:
        result = run(command, "--help")
        assert result.exit_code == 0 and "Usage" in result.output


def test_lint_a_file_needs_no_database_and_exits_1_on_errors(tmp_path):
    draft = tmp_path / "draft.okrs.yaml"
    draft.write_text(EXAMPLE.read_text().replace("target: 85", "target: 68"))
    result = run("lint", str(draft), "--json")
    findings = json.loads(result.stdout)["findings"]
    assert ("OKR204", "onb-1-completion") in {(f["code"], f["target"]["key"]) for f in findings}
    assert result.exit_code == 1
    draft.write_text(
        "cycle: 2026-Q4\nobjectives:\n  - key: o\n    team: t\n    title: Launch the new profile editor\n"
        "    key_results:\n      - {key: k, title: Complete user research, type: milestone}\n"
    )
    result = run("lint", str(draft), "--json")
    findings = json.loads(result.stdout)["findings"]
    codes = {f["code"] for f in findings}
    assert {"OKR101", "OKR105", "OKR107", "OKR206"} <= codes
    assert all(f["file"] == str(draft) for f in findings)
    assert result.exit_code == (1 if any(f["severity"] == "error" for f in findings) else 0)


def test_lint_reports_what_import_refuses_as_findings_and_lints_the_rest(tmp_path):
    draft = tmp_path / "draft.okrs.yaml"
    draft.write_text(
        "cycle: 2026-Q4\nobjectives:\n  - key: o\n    team: t\n    title: Launch the new profile editor\n"
        "    key_results:\n"
        "      - {key: flat, title: Increase profile completeness from 40% to 40%, baseline: 40, target: 40}\n"
        "      - {key: line, title: Keep p95 latency under 300 ms, type: threshold, direction: at_most}\n"
    )
    result = run("lint", str(draft))
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{draft}: OKR204 error key_result flat: ") for line in lines)
    assert any(line.startswith(f"{draft}: OKR203 error key_result line: ") for line in lines)
    assert any(line.startswith(f"{draft}: OKR101 ") for line in lines)  # and the rest is linted
    imported = run("import", str(draft))
    assert imported.exit_code == 2 and "target equals baseline" in imported.stderr
    assert not Objective.objects.exists()


def test_lint_exits_2_on_a_file_it_cannot_read(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("cycle: 2026-Q4\nobjectives: [\n")
    result = run("lint", str(broken))
    assert result.exit_code == 2
    assert f"{broken}:" in result.stderr and "cannot lint" in result.stderr


def test_lint_select_ignore_and_explain(tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text(
        "cycle: 2026-Q4\nobjectives:\n  - key: o\n    team: t\n    title: Launch the new profile editor\n"
        "    key_results:\n      - {key: k, title: Increase profile completeness from 40% to 60%, baseline: 40, target: 60}\n"
    )
    only_101 = json.loads(run("lint", str(draft), "--json", "--select", "OKR101").stdout)[
        "findings"
    ]
    assert [f["code"] for f in only_101] == ["OKR101"]
    without_1xx = json.loads(run("lint", str(draft), "--json", "--ignore", "OKR1").stdout)[
        "findings"
    ]
    assert all(not f["code"].startswith("OKR1") for f in without_1xx)
    assert run("lint", str(draft), "--select", "XYZ9").exit_code == 2
    explained = run("lint", "--explain", "okr201")
    assert explained.exit_code == 0 and "OKR201" in explained.stdout
    assert run("lint", "--explain", "OKR999").exit_code == 2


def test_lint_text_puts_the_summary_on_a_line_of_its_own_after_the_findings():
    result = run("lint", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    *findings, summary = result.stdout.splitlines()
    assert summary == "4 finding(s), 0 error(s)."
    assert len(findings) == 4
    assert all(line.startswith(f"{EXAMPLE}: OKR") for line in findings)
    assert result.stdout.endswith("knowingly.\n4 finding(s), 0 error(s).\n")


def test_lint_a_stored_cycle_with_history_rules():
    run("import", str(EXAMPLE))
    Cycle.objects.filter(key="2026-Q4").update(state="active")
    result = run("lint", "--cycle", "2026-Q4", "--as-of", "2026-12-01", "--json")
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert "OKR205" in codes  # no check-in since 2026-11-11 in an active cycle
    assert "OKR105" in codes  # one key result


def test_demo_is_idempotent_and_prints_how_to_sign_in():
    first = run("demo")
    assert first.exit_code == 0, first.output
    assert "admin@example.com" in first.stdout and "okrs-demo" in first.stdout
    objectives = Objective.objects.count()
    assert run("demo").exit_code == 0
    assert Objective.objects.count() == objectives > 0


def test_demo_comes_with_the_reminders_of_the_last_two_weeks():
    from okrs.rhythm.models import LadderStep

    first = run("demo")
    assert first.exit_code == 0, first.output
    assert LadderStep.objects.exists()
    steps = LadderStep.objects.count()
    again = run("demo")
    assert "0 reminders and escalations of the last two weeks replayed" in again.stdout
    assert LadderStep.objects.count() == steps


def test_report_lists_what_needs_attention():
    run("import", str(EXAMPLE))
    result = run("report", "--cycle", "2026-Q4", "--as-of", "2026-12-01")
    assert result.exit_code == 0
    assert "# OKR report — 2026-Q4, 2026-12-01" in result.stdout and "Stale" in result.stdout


def test_bench_reports_scoring_import_and_page_timings():
    run("demo")
    User.objects.filter(email="admin@example.com").update(role="admin")
    # The command and API figures run other processes, which cannot see the test database.
    result = run("bench", "--runs", "1", "--skip", "command", "--skip", "api", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    names = [r["name"] for r in data["results"]]
    assert any(n.startswith("score ") for n in names)
    assert "import 1000 objectives" in names
    assert any(n.startswith("GET /alignment/") for n in names)
    assert all(r["p50_ms"] > 0 for r in data["results"])


def test_recompute_repairs_figures_changed_behind_the_app_s_back():
    run("import", str(EXAMPLE))
    kr = KeyResult.objects.get(key="onb-1-completion")
    right = (kr.score, kr.current, kr.objective.score)
    team_score = TeamScore.objects.get(team__key=kr.objective.team.key).score
    # Raw writes, as a script or a database console would make them: no upkeep runs.
    KeyResult.objects.filter(pk=kr.pk).update(score=0.99, current=-1)
    Objective.objects.filter(pk=kr.objective_id).update(score=0.5)
    TeamScore.objects.all().delete()
    Finding.objects.all().delete()

    result = run("recompute", "--cycle", "2026-Q4")

    assert result.exit_code == 0, result.output
    kr.refresh_from_db()
    assert (kr.score, kr.current, Objective.objects.get(pk=kr.objective_id).score) == right
    assert TeamScore.objects.get(team__key=kr.objective.team.key).score == team_score
    assert Finding.objects.exists()
    assert "2026-Q4: 1 key result, 1 objective, " in result.stdout
    assert "changed" in result.stdout


def test_recompute_without_a_cycle_goes_through_every_cycle_and_names_an_unknown_one():
    run("import", str(EXAMPLE))
    Cycle.objects.create(key="2027-Q1", start=date(2027, 1, 1), end=date(2027, 3, 31))
    result = run("recompute")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[:2]] == ["2026-Q4", "2027-Q1"]
    assert "nothing changed" in lines[0]
    unknown = run("recompute", "--cycle", "1999-Q1")
    assert unknown.exit_code == 2
    assert "unknown cycle '1999-Q1'" in unknown.stderr

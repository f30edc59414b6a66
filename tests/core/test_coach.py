"""The OKR coach, rule by rule: what each must flag, what it must leave alone, and how
a run is shaped (select/ignore, `coach: ignore`, severities, the JSON contract)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import pytest

from okrs.core.choices import Severity, TargetKind
from okrs.core.coach import RULES, Finding, explain, lint
from okrs.core.domain import (
    CheckIn,
    Cycle,
    ImpactLink,
    Initiative,
    KeyResult,
    Objective,
    PastObjective,
    Plan,
    Team,
)

START = date(2026, 10, 1)
ACTIVE = Cycle("2026-Q4", START, date(2026, 12, 31), state="active")


# --- factories ---------------------------------------------------------------------------


def key_result(key: str = "kr", **fields: Any) -> KeyResult:
    """A metric key result with nothing to criticise unless told otherwise."""
    values: dict[str, Any] = {
        "title": "Increase onboarding completion from 68% to 85%",
        "unit": "%",
        "baseline": 68,
        "target": 85,
        "owner": "ana@example.com",
    }
    return KeyResult(key=key, **{**values, **fields})


def objective(key: str = "onb", **fields: Any) -> Objective:
    """An objective of the product team with two sound key results, aligned and owned."""
    values: dict[str, Any] = {
        "team": "product",
        "title": "Transform customer onboarding into a delightful, confidence-building experience",
        "owner": "ana@example.com",
        "aligned_to": "acme-growth",
        "key_results": [key_result(f"{key}-1"), key_result(f"{key}-2")],
    }
    return Objective(key=key, **{**values, **fields})


def plan(
    *objectives: Objective,
    teams: Sequence[Team] | None = None,
    initiatives: Sequence[Initiative] = (),
    cycle: Cycle = ACTIVE,
) -> Plan:
    default_teams = [
        Team("acme", "Acme", kind="company"),
        Team("product", "Product", kind="cross_functional", parent="acme"),
    ]
    return Plan(
        cycle=cycle,
        teams=list(default_teams if teams is None else teams),
        objectives=list(objectives),
        initiatives=list(initiatives),
    )


def initiative(key: str = "tour", **fields: Any) -> Initiative:
    values: dict[str, Any] = {
        "title": "Interactive product tour",
        "team": "product",
        "links": [ImpactLink("onb-1", 17)],
    }
    return Initiative(key=key, **{**values, **fields})


def codes(findings: Sequence[Finding]) -> list[str]:
    return [f.code for f in findings]


def findings_for(code: str, a_plan: Plan, **options: Any) -> list[Finding]:
    return lint(a_plan, select=[code], **options)


def one(code: str, a_plan: Plan, **options: Any) -> Finding:
    found = findings_for(code, a_plan, **options)
    assert len(found) == 1, found
    return found[0]


# --- the plan as a whole -------------------------------------------------------------------


def test_a_sound_plan_has_no_findings() -> None:
    assert lint(plan(objective()), as_of=START + timedelta(days=3)) == []


def test_every_rule_fires_on_a_plan_that_breaks_them_all() -> None:
    history = [
        PastObjective("a", "product", "2026-Q2", "aspirational", 0.95),
        PastObjective("b", "product", "2026-Q3", "aspirational", 0.92),
    ]
    bad = plan(
        objective("o1", title="Launch the new profile editor", owner=None, aligned_to=None,
                  key_results=[key_result("task", title="Complete user research", owner=None,
                                          baseline=None, target=None)]),
        objective("o2", title="Improve user experience",
                  key_results=[key_result("flat", baseline=70, target=70),
                               key_result("ms", type="milestone", baseline=None, target=None)]),
        objective("o3", title="Increase engagement by optimizing onboarding in 2026"),
        objective("o4", key_results=[key_result(f"o4-{i}") for i in range(1, 3)]),
        initiatives=[
            initiative("tour", links=[ImpactLink("o3-1", 5)], effort=10, bucket="core"),
            initiative("orphan", links=[]),
        ],
    )  # fmt: skip

    found = lint(bad, as_of=START + timedelta(days=30), history=history)

    assert set(codes(found)) == set(RULES)


def test_findings_come_objective_by_objective_then_teams_then_initiatives() -> None:
    found = lint(
        plan(
            objective("o1", owner=None, key_results=[key_result("a", owner=None)]),
            *[objective(f"o{i}") for i in range(2, 5)],
            initiatives=[initiative("orphan", links=[])],
        )
    )

    assert [(f.code, f.target_key) for f in found] == [
        ("OKR105", "o1"),
        ("OKR107", "o1"),
        ("OKR207", "a"),
        ("OKR301", "product"),
        ("OKR403", "orphan"),
    ]


# --- OKR101–OKR104: the wording of objectives -----------------------------------------


def test_output_objective_is_flagged_with_an_outcome_rewrite() -> None:
    finding = one("OKR101", plan(objective(title="Launch the new profile editor")))

    assert finding.target_kind == "objective"
    assert finding.target_key == "onb"
    assert finding.message.startswith('"Launch the new profile editor" describes an output')
    assert "Ask what will change for users once it ships" in finding.message
    assert '"Make the profile experience effortless for users"' in finding.message
    assert '"Increase profile adoption among users from X% to Y%"' in finding.message


@pytest.mark.parametrize(
    "title",
    [
        "Launch the new profile editor",
        "Migrate all services to Kubernetes",
        "Conduct a full security audit",
        "Run a company-wide hackathon",
        "Publish 12 case studies",
        "Write the security policy handbook",
        "Hire a head of security",
        "Achieve SOC 2 Type II certification",
    ],
)
def test_the_rewrite_the_coach_suggests_passes_the_coach(title: str) -> None:
    message = one("OKR101", plan(objective(title=title))).message
    suggestion = re.search(r'e\.g\. "([^"]+)", measured by "([^"]+)"', message)
    assert suggestion is not None, message
    better, measure = suggestion.groups()
    krs = [key_result("a", title=measure), key_result("b")]

    assert lint(plan(objective(title=better, key_results=krs)), select=["OKR10", "OKR201"]) == []


def test_output_objective_with_a_purpose_points_to_the_stated_outcome() -> None:
    finding = one("OKR101", plan(objective(title="Launch a referral program to grow sign-ups")))

    assert 'lead with "Grow sign-ups"' in finding.message


@pytest.mark.parametrize(
    "title",
    ["Successfully launched the partner portal", "Rolling out the design system to all teams"],
)
def test_output_objective_is_recognised_in_any_verb_form(title: str) -> None:
    assert codes(findings_for("OKR101", plan(objective(title=title)))) == ["OKR101"]


def test_outcome_objective_is_not_flagged_as_output() -> None:
    title = "Create the smoothest onboarding experience in our industry"
    assert findings_for("OKR101", plan(objective(title=title))) == []


def test_vague_objective_is_flagged_naming_the_generic_words() -> None:
    finding = one("OKR102", plan(objective(title="Improve user experience")))

    assert '"user experience" does not say whose experience' in finding.message


def test_specific_objective_is_not_vague() -> None:
    title = "Make our analytics dashboard indispensable for marketing teams"
    assert findings_for("OKR102", plan(objective(title=title))) == []


def test_solution_in_objective_is_split_into_outcome_and_initiative() -> None:
    title = "Increase engagement by optimizing the onboarding flow"
    finding = one("OKR103", plan(objective(title=title)))

    assert '("optimizing the onboarding flow")' in finding.message
    assert 'e.g. "Increase engagement"' in finding.message


def test_experience_after_with_is_no_solution() -> None:
    title = "Delight customers with a friction-free checkout experience"
    assert findings_for("OKR103", plan(objective(title=title))) == []


def test_figures_in_objective_are_listed() -> None:
    title = "Triple average weekly sessions on mobile by the end of February"
    finding = one("OKR104", plan(objective(title=title)))

    assert "(Triple, February)" in finding.message


def test_version_numbers_are_no_figures() -> None:
    title = "Upgrade the database cluster to PostgreSQL 16"
    assert findings_for("OKR104", plan(objective(title=title))) == []


# --- OKR105–OKR107: the shape of objectives --------------------------------------------


@pytest.mark.parametrize("count", [1, 6])
def test_objective_with_too_few_or_too_many_key_results_is_flagged(count: int) -> None:
    krs = [key_result(f"k{i}") for i in range(count)]
    finding = one("OKR105", plan(objective(key_results=krs)))

    assert f"has {count} key result" in finding.message


@pytest.mark.parametrize("count", [2, 5])
def test_two_to_five_key_results_are_fine(count: int) -> None:
    krs = [key_result(f"k{i}") for i in range(count)]
    assert findings_for("OKR105", plan(objective(key_results=krs))) == []


def test_objective_scored_from_aligned_children_needs_no_key_results() -> None:
    parent = objective("parent", team="acme", aligned_to=None, key_results=[])
    child = objective("child", aligned_to="parent")

    assert findings_for("OKR105", plan(parent, child)) == []


def test_objective_without_key_results_or_children_is_flagged() -> None:
    assert codes(findings_for("OKR105", plan(objective(key_results=[])))) == ["OKR105"]


def test_unaligned_objective_of_a_sub_team_is_siloed() -> None:
    finding = one("OKR106", plan(objective(aligned_to=None)))

    assert finding.target_key == "onb"
    assert 'team "product"' in finding.message


@pytest.mark.parametrize(
    "team",
    [
        Team("product", "Product", kind="cross_functional"),  # no parent
        Team("product", "Product", kind="company", parent="holding"),
    ],
)
def test_objectives_of_top_teams_need_no_alignment(team: Team) -> None:
    assert findings_for("OKR106", plan(objective(aligned_to=None), teams=[team])) == []


def test_objective_of_an_unknown_team_is_not_judged() -> None:
    assert findings_for("OKR106", plan(objective(aligned_to=None), teams=[])) == []


def test_top_teams_given_by_the_caller_decide_for_an_incomplete_team_list() -> None:
    orphan = plan(objective(aligned_to=None), teams=[Team("product", "Product")])

    assert findings_for("OKR106", orphan, top_teams={"product"}) == []
    assert codes(findings_for("OKR106", orphan, top_teams={"acme"})) == ["OKR106"]
    unknown = plan(objective(aligned_to=None), teams=[])
    assert findings_for("OKR106", unknown, top_teams={"acme"}) == []


def test_objective_without_owner_is_flagged() -> None:
    assert codes(findings_for("OKR107", plan(objective(owner=None)))) == ["OKR107"]
    assert findings_for("OKR107", plan(objective())) == []


# --- OKR201–OKR207: key results --------------------------------------------------------


def test_task_key_result_is_flagged_with_the_outcome_it_should_move() -> None:
    krs = [key_result("research", title="Complete user research"), key_result("ok")]
    finding = one("OKR201", plan(objective(key_results=krs)))

    assert finding.target_kind == "key_result"
    assert finding.target_key == "research"
    assert "Research is a means" in finding.message
    assert '"Improve retention from X% to Y%"' in finding.message


@pytest.mark.parametrize(
    "title",
    [
        "Maintain 99.99% API availability",
        "Reduce time to first value from 24 h to 15 min",
        "NPS of onboarded customers rises from 30 to 45",
    ],
)
def test_measured_outcomes_are_not_tasks(title: str) -> None:
    krs = [key_result("a", title=title), key_result("b")]
    assert findings_for("OKR201", plan(objective(key_results=krs))) == []


def test_milestone_key_result_gets_okr206_not_okr201() -> None:
    milestone = key_result("sso", title="Launch single sign-on", type="milestone", target=None)
    found = lint(plan(objective(key_results=[milestone, key_result()])), select=["OKR2"])

    assert codes(found) == ["OKR206"]
    assert found[0].severity == "info"


def test_metric_without_baseline_is_flagged() -> None:
    krs = [key_result("a", baseline=None), key_result("b")]
    assert codes(findings_for("OKR202", plan(objective(key_results=krs)))) == ["OKR202"]


def test_threshold_needs_no_baseline() -> None:
    line = key_result("a", title="Maintain 99.99% API availability", type="threshold",
                      baseline=None, target=99.99, direction="at_least")  # fmt: skip
    assert findings_for("OKR202", plan(objective(key_results=[line, key_result("b")]))) == []


@pytest.mark.parametrize("kind", ["metric", "threshold"])
def test_key_result_without_target_is_an_error(kind: str) -> None:
    krs = [key_result("a", type=kind, target=None), key_result("b")]
    finding = one("OKR203", plan(objective(key_results=krs)))

    assert finding.severity == "error"
    assert "cannot be scored" in finding.message


def test_milestone_needs_no_target() -> None:
    milestone = key_result("a", type="milestone", baseline=None, target=None)
    assert findings_for("OKR203", plan(objective(key_results=[milestone, key_result()]))) == []


def test_target_equal_to_baseline_is_an_error() -> None:
    krs = [key_result("a", baseline=99.9, target=99.9), key_result("b")]
    finding = one("OKR204", plan(objective(key_results=krs)))

    assert finding.severity == "error"
    assert "(99.9%)" in finding.message
    assert "type: threshold" in finding.message


def checked_in(*days: int) -> list[KeyResult]:
    """Two key results; the first checked in on these days of the cycle."""
    entries = [CheckIn(START + timedelta(days=d), 70) for d in days]
    return [key_result("a", check_ins=entries), key_result("b", check_ins=entries)]


def test_key_result_silent_for_more_than_a_week_is_stale() -> None:
    a_plan = plan(objective(key_results=checked_in(10)))
    found = findings_for("OKR205", a_plan, as_of=START + timedelta(days=18))

    assert codes(found) == ["OKR205", "OKR205"]
    assert "no check-in for 8 days (last on 2026-10-11)" in found[0].message
    assert findings_for("OKR205", a_plan, as_of=START + timedelta(days=17)) == []


def test_key_result_never_checked_in_is_stale_once_the_cycle_ran_a_week() -> None:
    a_plan = plan(objective())

    assert findings_for("OKR205", a_plan, as_of=START + timedelta(days=7)) == []
    found = findings_for("OKR205", a_plan, as_of=START + timedelta(days=8))
    assert "no check-in yet, 8 days into the cycle" in found[0].message


def test_check_ins_after_the_lint_date_do_not_count() -> None:
    a_plan = plan(objective(key_results=checked_in(0, 20)))
    assert len(findings_for("OKR205", a_plan, as_of=START + timedelta(days=15))) == 2


@pytest.mark.parametrize("state", ["planning", "closed"])
def test_only_active_cycles_go_stale(state: str) -> None:
    cycle = Cycle("2026-Q4", START, date(2026, 12, 31), state=state)
    a_plan = plan(objective(), cycle=cycle)
    assert findings_for("OKR205", a_plan, as_of=START + timedelta(days=60)) == []


def test_staleness_needs_a_date() -> None:
    assert findings_for("OKR205", plan(objective())) == []


def test_key_result_owned_by_nobody_is_flagged() -> None:
    krs = [key_result("a", owner=None), key_result("b")]

    assert codes(findings_for("OKR207", plan(objective(owner=None, key_results=krs)))) == ["OKR207"]
    assert findings_for("OKR207", plan(objective(key_results=krs))) == []


# --- OKR301–OKR302: teams ---------------------------------------------------------------


def test_team_with_more_than_three_objectives_is_flagged() -> None:
    finding = one("OKR301", plan(*[objective(f"o{i}") for i in range(4)]))

    assert (finding.target_kind, finding.target_key) == ("team", "product")
    assert "has 4 objectives" in finding.message
    assert findings_for("OKR301", plan(*[objective(f"o{i}") for i in range(3)])) == []


def past(cycle: str, score: float, kind: str = "aspirational") -> PastObjective:
    return PastObjective(f"{cycle}-o", "product", cycle, kind, score)


def test_team_hitting_its_aspirations_two_cycles_running_is_not_ambitious() -> None:
    history = [past("2026-Q3", 0.92), past("2026-Q1", 0.5), past("2026-Q2", 0.95)]
    finding = one("OKR302", plan(objective()), as_of=START, history=history)

    assert (finding.target_kind, finding.target_key) == ("team", "product")
    assert "averaged 0.95 in 2026-Q2 and 0.92 in 2026-Q3" in finding.message


@pytest.mark.parametrize(
    "history",
    [
        [past("2026-Q2", 0.95), past("2026-Q3", 0.85)],
        [past("2026-Q3", 0.95)],
        [past("2026-Q2", 1.0, "committed"), past("2026-Q3", 1.0, "committed")],
        [past("2026-Q3", 0.95), past("2026-Q4", 0.95)],  # the cycle being linted
    ],
)
def test_aspirations_within_reach_are_not_flagged(history: list[PastObjective]) -> None:
    assert findings_for("OKR302", plan(objective()), as_of=START, history=history) == []


def test_ambition_needs_a_date() -> None:
    history = [past("2026-Q2", 0.95), past("2026-Q3", 0.95)]
    assert findings_for("OKR302", plan(objective()), history=history) == []


# --- OKR401–OKR403: roadmap ---------------------------------------------------------------


def test_roadmap_short_of_the_gap_is_flagged_with_its_coverage() -> None:
    a_plan = plan(objective(), initiatives=[initiative(links=[ImpactLink("onb-1", 8)])])
    finding = one("OKR401", a_plan)

    assert finding.target_key == "onb-1"
    assert "add up to 47% of its gap (8% of 17%)" in finding.message


def test_roadmap_covering_the_gap_is_fine() -> None:
    tours = [initiative("a", links=[ImpactLink("onb-1", 8)]),
             initiative("b", links=[ImpactLink("onb-1", 9)])]  # fmt: skip
    assert findings_for("OKR401", plan(objective(), initiatives=tours)) == []


def test_decreasing_key_result_is_covered_by_negative_impacts() -> None:
    kr = key_result("ttv", title="Reduce time to first value from 24 h to 15 min",
                    unit="h", baseline=24, target=0.25)  # fmt: skip
    roadmap = [initiative(links=[ImpactLink("ttv", -6)])]
    finding = one("OKR401", plan(objective(key_results=[kr, key_result()]), initiatives=roadmap))

    assert "(-6 h of -23.75 h)" in finding.message


def test_key_result_with_no_live_initiative_is_not_a_roadmap_gap() -> None:
    dropped = [initiative(status="dropped", links=[ImpactLink("onb-1", 1)])]
    assert findings_for("OKR401", plan(objective())) == []
    assert findings_for("OKR401", plan(objective(), initiatives=dropped)) == []


def test_effort_far_from_70_20_10_is_flagged_per_team() -> None:
    roadmap = [
        initiative("a", effort=19, bucket="core"),
        initiative("b", effort=1, bucket="adjacent"),
    ]
    finding = one("OKR402", plan(objective(), initiatives=roadmap))

    assert (finding.target_kind, finding.target_key) == ("team", "product")
    assert "95% core / 5% adjacent / 0% explore" in finding.message
    assert "core and adjacent stray" in finding.message


def test_effort_close_to_70_20_10_is_fine() -> None:
    roadmap = [
        initiative("a", effort=15, bucket="core"),
        initiative("b", effort=3, bucket="adjacent"),
        initiative("c", effort=2, bucket="explore"),
    ]
    assert findings_for("OKR402", plan(objective(), initiatives=roadmap)) == []


def test_team_known_only_from_its_initiatives_is_judged_on_70_20_10() -> None:
    roadmap = [initiative(team="growth", effort=5, bucket="explore")]
    assert [
        f.target_key for f in findings_for("OKR402", plan(objective(), initiatives=roadmap))
    ] == ["growth"]


def test_team_without_effort_on_record_is_not_judged_on_70_20_10() -> None:
    assert findings_for("OKR402", plan(objective(), initiatives=[initiative()])) == []


def test_initiative_linked_to_nothing_is_an_orphan() -> None:
    roadmap = [initiative("lost", links=[]), initiative("gone", links=[], status="dropped")]
    finding = one("OKR403", plan(objective(), initiatives=roadmap))

    assert (finding.target_kind, finding.target_key) == ("initiative", "lost")


# --- select, ignore and accepting findings knowingly --------------------------------------


def messy_plan(**objective_fields: Any) -> Plan:
    """An objective flagged OKR101 and OKR107, with a key result flagged OKR201 and OKR202."""
    task = key_result("task", title="Write 5 blog posts", baseline=None)
    fields = {"title": "Launch the new profile editor", "owner": None,
              "key_results": [task, key_result()], **objective_fields}  # fmt: skip
    return plan(objective(**fields))


def test_select_takes_codes_and_prefixes() -> None:
    assert codes(lint(messy_plan(), select=["OKR2"])) == ["OKR201", "OKR202"]
    assert codes(lint(messy_plan(), select=["okr101", "OKR202"])) == ["OKR101", "OKR202"]


def test_ignore_takes_codes_and_prefixes() -> None:
    assert codes(lint(messy_plan(), ignore=["OKR1"])) == ["OKR201", "OKR202"]
    assert codes(lint(messy_plan(), select=["OKR1"], ignore=["OKR107"])) == ["OKR101"]


def test_unknown_selector_is_refused_with_the_valid_codes() -> None:
    with pytest.raises(ValueError, match=r"'OKR999'.*valid codes: OKR101, OKR102"):
        lint(messy_plan(), select=["OKR999"])


def test_objective_coach_ignore_drops_its_findings_and_its_key_results() -> None:
    found = lint(messy_plan(coach_ignore=["OKR101", "OKR201"]))
    assert codes(found) == ["OKR107", "OKR202"]


def test_key_result_coach_ignore_drops_only_that_key_result() -> None:
    krs = [key_result("a", baseline=None, coach_ignore=["OKR2"]), key_result("b", baseline=None)]
    found = lint(plan(objective(key_results=krs)))

    assert [(f.code, f.target_key) for f in found] == [("OKR202", "b")]


# --- rules, severities and the contract ------------------------------------------------


def test_every_rule_has_a_severity_a_target_kind_and_words() -> None:
    for code, rule in RULES.items():
        assert rule.code == code
        assert rule.severity in Severity.values
        assert rule.target_kind in TargetKind.values
        assert rule.title and rule.summary


def test_missing_target_and_flat_target_are_the_errors() -> None:
    errors = [code for code, rule in RULES.items() if rule.severity == "error"]
    assert errors == ["OKR203", "OKR204"]


@pytest.mark.parametrize(
    ("code", "severity"),
    [("OKR101", "warning"), ("OKR201", "warning"), ("OKR301", "warning"), ("OKR205", "warning")],
)
def test_output_and_focus_rules_are_warnings(code: str, severity: str) -> None:
    assert RULES[code].severity == severity


def test_finding_as_dict_is_the_lint_json_contract() -> None:
    finding = lint(messy_plan(), select=["OKR201"])[0]

    assert finding.as_dict() == {
        "code": "OKR201",
        "severity": "warning",
        "target": {"kind": "key_result", "key": "task"},
        "message": finding.message,
    }


@pytest.mark.parametrize("code", list(RULES))
def test_every_rule_has_a_documentation_page(code: str) -> None:
    page = explain(code)

    assert page.startswith(f"# {code} — {RULES[code].title}")
    assert "## Why it matters" in page
    assert "## Accepting it knowingly" in page
    assert f"--ignore {code}" in page


def test_explain_accepts_lower_case_codes() -> None:
    assert explain("okr201") == explain("OKR201")


def test_explain_refuses_an_unknown_code_listing_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown rule code 'OKR999'; valid codes: OKR101"):
        explain("OKR999")

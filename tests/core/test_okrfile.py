"""OKRs as code: reading files into plans, every mistake named by file:line:field, and back."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from textwrap import dedent

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrs.core.choices import (
    Bucket,
    CycleState,
    InitiativeStatus,
    ObjectiveKind,
    TeamKind,
    Visibility,
)
from okrs.core.domain import (
    CheckIn,
    Cycle,
    ImpactLink,
    Initiative,
    KeyResult,
    Objective,
    Plan,
    Team,
)
from okrs.core.okrfile import (
    MAX_FILE_BYTES,
    OkrFileError,
    Problem,
    Reference,
    dump_csv,
    dump_json,
    dump_markdown,
    dump_yaml,
    parse_okr_file,
    unresolved,
)
from okrs.core.scoring import score_plan
from okrs.core.validation import INVISIBLE_CHARACTER, VALUE_LIMIT

FIXTURES = Path(__file__).parent.parent / "fixtures"
Q4 = Cycle("2026-Q4", date(2026, 10, 1), date(2026, 12, 31))


def parse(text: str) -> Plan:
    return parse_okr_file(dedent(text), "okrs.yaml").plan


def problems(text: str) -> list[str]:
    """The problems a file has, as `okrs import` prints them."""
    with pytest.raises(OkrFileError) as caught:
        parse_okr_file(dedent(text), "okrs.yaml")
    return [str(problem) for problem in caught.value.problems]


def round_trip(plan: Plan) -> Plan:
    return parse_okr_file(dump_yaml(plan)).plan


# -- the PRODUCT.md example ---------------------------------------------------------------


def product_example() -> Plan:
    return Plan(
        cycle=Q4,
        teams=[
            Team("company", "Acme", "company"),
            Team("onboarding", "Onboarding", "cross_functional", parent="company"),
        ],
        objectives=[
            Objective(
                key="onb-1",
                team="onboarding",
                title="Transform customer onboarding into a delightful, "
                "confidence-building experience",
                kind="aspirational",
                owner="ana@example.com",
                key_results=[
                    KeyResult(
                        key="onb-1-completion",
                        title="Increase onboarding completion rate from 68% to 85%",
                        unit="%",
                        baseline=68.0,
                        target=85.0,
                        check_ins=[
                            CheckIn(date(2026, 10, 14), 71.0, 0.6, "tour shipped"),
                            CheckIn(date(2026, 11, 11), 74.0, 0.6),
                        ],
                    )
                ],
            )
        ],
        initiatives=[
            Initiative(
                key="tour",
                title="Interactive product tour",
                team="onboarding",
                effort=3.0,
                bucket="core",
                links=[ImpactLink("onb-1-completion", 8.0)],
            )
        ],
    )


def test_product_example_parses_into_the_plan_it_describes():
    parsed = parse_okr_file((FIXTURES / "product_example.yaml").read_text(), "okrs.yaml")
    assert parsed.plan == product_example()
    assert parsed.references == []


def test_product_example_scores_as_the_json_contract_says():
    plan = parse_okr_file((FIXTURES / "product_example.yaml").read_text()).plan
    figures = score_plan(plan, date(2026, 11, 15)).as_dict()
    kr = figures["objectives"][0]["key_results"][0]
    assert (kr["progress"], kr["forecast_value"], kr["coverage"]) == (0.3529, 81.2267, 0.4706)


def test_product_example_is_written_back_in_the_documented_shape():
    assert dump_yaml(product_example()) == dedent(
        """\
        cycle: 2026-Q4
        teams:
          - key: company
            name: Acme
            kind: company
          - key: onboarding
            name: Onboarding
            kind: cross_functional
            parent: company
        objectives:
          - key: onb-1
            team: onboarding
            title: Transform customer onboarding into a delightful, confidence-building experience
            kind: aspirational
            owner: ana@example.com
            key_results:
              - key: onb-1-completion
                title: Increase onboarding completion rate from 68% to 85%
                unit: '%'
                baseline: 68.0
                target: 85.0
                check_ins:
                  - date: 2026-10-14
                    value: 71.0
                    confidence: 0.6
                    note: tour shipped
                  - date: 2026-11-11
                    value: 74.0
                    confidence: 0.6
                initiatives:
                  - key: tour
                    title: Interactive product tour
                    impact: 8.0
                    effort: 3.0
                    bucket: core
        """
    )


# -- round trips --------------------------------------------------------------------------


def every_option_plan() -> Plan:
    """A plan that uses every optional field the format has."""
    return Plan(
        cycle=Cycle("H1-2027", date(2027, 1, 1), date(2027, 6, 30), "active"),
        teams=[
            Team("company", "Acme", "company"),
            Team("platform", "Platform", "platform", parent="company"),
            Team("growth", "Growth & Onboarding", "cross_functional", parent="company"),
        ],
        objectives=[
            Objective(
                key="co-1",
                team="company",
                title="Become the product our customers recommend",
                kind="aspirational",
                owner="ceo@example.com",
                description="Why: word of mouth drives 60% of signups.\nHow: listen more.",
                key_results=[
                    KeyResult(
                        key="co-1-nps",
                        title="Raise NPS from 21 to 40",
                        baseline=21,
                        target=40,
                        weight=2.5,
                        owner="cx@example.com",
                    )
                ],
            ),
            Objective(
                key="pl-1",
                team="platform",
                title="Keep the platform fast and available",
                visibility="team",
                aligned_to="co-1-nps",
                contributors=["growth", "security"],
                coach_ignore=["OKR104", "OKR107"],
                key_results=[
                    KeyResult(
                        key="pl-1-availability",
                        title="Maintain 99.95% API availability",
                        type="threshold",
                        unit="%",
                        target=99.95,
                        direction="at_least",
                        check_ins=[
                            CheckIn(
                                date(2027, 1, 8), 99.97, 0.9, "all good", author="sre@example.com"
                            ),
                            CheckIn(
                                date(2027, 1, 15),
                                99.91,
                                0.7,
                                "one outage",
                                blockers="flaky load balancer\nno on-call budget",
                                author="sre@example.com",
                            ),
                        ],
                    ),
                    KeyResult(
                        key="pl-1-latency",
                        title="Cut p95 latency from 800 ms to 300 ms",
                        unit="ms",
                        baseline=800,
                        target=300,
                        weight=0.5,
                        coach_ignore=["OKR201"],
                    ),
                    KeyResult(
                        key="pl-1-sso",
                        title="Single sign-on available to every customer",
                        type="milestone",
                        check_ins=[CheckIn(date(2027, 3, 1), 0), CheckIn(date(2027, 4, 1), 1)],
                    ),
                ],
            ),
        ],
        initiatives=[
            Initiative(
                key="cache",
                title="Response cache",
                team="platform",
                status="in_progress",
                effort=4,
                bucket="core",
                url="https://jira.example.com/browse/PL-7",
                external_key="PL-7",
                start=date(2027, 1, 10),
                end=date(2027, 2, 28),
                links=[ImpactLink("pl-1-latency", -300)],
            ),
            Initiative(
                key="edge",
                title="Move to edge servers",
                team="platform",
                status="idea",
                bucket="explore",
                links=[ImpactLink("pl-1-latency", -150), ImpactLink("co-1-nps", 2)],
            ),
            Initiative(
                key="referrals",
                title="Referral programme",
                team="growth",
                effort=0,
                bucket="adjacent",
                links=[ImpactLink("co-1-nps")],
            ),
            Initiative(key="hiring", title="Hire two SREs", team="platform", status="dropped"),
            Initiative(key="stored-link", title="Stored link", links=[ImpactLink("db-kr", 1)]),
        ],
    )


def test_a_plan_with_every_optional_field_survives_yaml():
    plan = every_option_plan()
    assert round_trip(plan) == plan


def test_a_plan_with_every_optional_field_survives_json():
    plan = every_option_plan()
    assert parse_okr_file(dump_json(plan)).plan == plan


def test_dump_is_byte_stable():
    first = dump_yaml(every_option_plan())
    assert dump_yaml(parse_okr_file(first).plan) == first


def test_parse_dump_parse_is_the_identity_on_the_example():
    text = (FIXTURES / "product_example.yaml").read_text()
    plan = parse_okr_file(text).plan
    assert round_trip(plan) == plan


def test_numbers_built_as_ints_are_written_as_the_floats_they_read_back_as():
    plan = replace(product_example(), objectives=[])
    plan.objectives = [
        Objective(
            "o", "onboarding", "A delight", key_results=[KeyResult("k", "t", baseline=1, target=2)]
        )
    ]
    assert dump_yaml(plan) == dump_yaml(round_trip(plan))
    assert "baseline: 1.0" in dump_yaml(plan)


def test_cycle_is_written_as_a_quarter_name_only_when_that_says_everything():
    as_quarter = Plan(Q4)
    active = Plan(replace(Q4, state="active"))
    shifted = Plan(replace(Q4, end=date(2026, 12, 20)))
    assert dump_yaml(as_quarter) == "cycle: 2026-Q4\n"
    assert (
        dump_yaml(active)
        == "cycle:\n  name: 2026-Q4\n  start: 2026-10-01\n  end: 2026-12-31\n  state: active\n"
    )
    assert round_trip(shifted) == shifted


def test_quarter_cycle_mapping_may_leave_out_its_dates():
    assert parse("cycle: {name: 2026-Q4, state: closed}").cycle == replace(Q4, state="closed")


def test_initiatives_sit_under_a_key_result_only_with_one_link_and_the_objectives_team():
    written = dump_yaml(every_option_plan())
    top_level = written[written.index("\ninitiatives:") :]
    assert "key: cache" not in top_level
    for key in ("edge", "referrals", "hiring", "stored-link"):
        assert f"key: {key}\n" in top_level


def test_inline_initiative_gets_the_objectives_team_and_a_link_with_its_impact():
    plan = parse(
        """\
        cycle: 2026-Q4
        objectives:
          - key: onb-1
            team: onboarding
            title: A delight
            key_results:
              - key: onb-1-completion
                title: Completion from 68% to 85%
                baseline: 68
                target: 85
                initiatives:
                  - {key: tour, title: Product tour, impact: 8}
                  - {key: shared, title: Shared work, team: platform}
        """
    )
    assert [(i.key, i.team, i.links) for i in plan.initiatives] == [
        ("tour", "onboarding", [ImpactLink("onb-1-completion", 8.0)]),
        ("shared", "platform", [ImpactLink("onb-1-completion", None)]),
    ]


def test_json_files_are_read_too_with_their_lines():
    document = json.loads(dump_json(product_example()))
    document["objectives"][0]["key_results"][0]["baseline"] = "sixty"
    text = json.dumps(document, indent=2)
    line = text.splitlines().index('          "baseline": "sixty",') + 1
    assert problems(text) == [
        f"okrs.yaml:{line}: objectives[0].key_results[0].baseline: expected a number, got 'sixty'"
    ]


def test_json_written_by_other_tools_with_escaped_emoji_is_read():
    text = json.dumps({"cycle": "2026-Q4", "teams": [{"key": "fun", "name": "Fun 😀 team"}]})
    assert "\\ud83d\\ude00" in text
    assert parse_okr_file(text).plan.teams == [Team("fun", "Fun 😀 team")]


def test_notes_of_several_lines_are_written_as_blocks():
    plan = Plan(
        Q4,
        objectives=[
            Objective(
                "o",
                "t",
                "A delight",
                key_results=[
                    KeyResult("k", "t", check_ins=[CheckIn(date(2026, 10, 14), 1, note="one\ntwo")])
                ],
            )
        ],
    )
    assert "note: |-\n              one\n              two\n" in dump_yaml(plan)
    assert round_trip(plan) == plan


# -- property: any valid plan survives the round trip -------------------------------------

keys = st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,11}", fullmatch=True).filter(
    lambda key: not key.isdigit()
)
emails = st.from_regex(r"[a-z]{1,6}(\.[a-z]{1,4})?@[a-z]{1,6}\.(com|org)", fullmatch=True)
text_characters = st.characters(exclude_categories=("Cs", "Co", "Cn", "Cc", "Zl", "Zp"))
free_text = st.text(st.one_of(text_characters, st.sampled_from("\n\t\r")), max_size=40)
titles = st.text(
    text_characters.filter(lambda c: c != "<" and not INVISIBLE_CHARACTER.match(c)),
    min_size=1,
    max_size=60,
).filter(str.strip)
numbers = st.floats(min_value=-VALUE_LIMIT, max_value=VALUE_LIMIT)
shares = st.floats(min_value=0, max_value=1)


@st.composite
def cycles(draw: st.DrawFn) -> Cycle:
    start = draw(st.dates(date(2000, 1, 1), date(2100, 1, 1)))
    if draw(st.booleans()):
        quarter = f"{start.year}-Q{(start.month - 1) // 3 + 1}"
        return replace(
            parse_okr_file(f"cycle: {quarter}").plan.cycle,
            state=draw(st.sampled_from(CycleState.values)),
        )
    end = start + timedelta(days=draw(st.integers(0, 400)))
    return Cycle(draw(keys), start, end, draw(st.sampled_from(CycleState.values)))


@st.composite
def key_results(draw: st.DrawFn, key: str, cycle: Cycle) -> KeyResult:
    kr_type = draw(st.sampled_from(["metric", "threshold", "milestone"]))
    baseline = target = direction = None
    if kr_type == "metric":
        baseline = draw(st.none() | numbers)
        target = draw(st.none() | numbers.filter(lambda n: n != baseline))
    elif kr_type == "threshold":
        baseline, target = draw(st.none() | numbers), draw(numbers)
        direction = draw(st.sampled_from(["at_least", "at_most"]))
    days = draw(st.lists(st.integers(0, (cycle.end - cycle.start).days), unique=True, max_size=4))
    values = st.sampled_from([0.0, 1.0]) if kr_type == "milestone" else numbers
    check_ins = [
        CheckIn(
            cycle.start + timedelta(days=day),
            draw(values),
            draw(st.none() | shares),
            draw(free_text),
            draw(free_text),
            draw(st.none() | emails),
        )
        for day in days
    ]
    return KeyResult(
        key,
        draw(titles),
        kr_type,
        draw(st.text(text_characters, max_size=30)),
        baseline,
        target,
        direction,
        draw(st.floats(min_value=0.001, max_value=100)),
        draw(st.none() | emails),
        check_ins,
        draw(st.lists(st.from_regex(r"OKR[1-4]0[1-7]", fullmatch=True), max_size=2)),
    )


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    cycle = draw(cycles())
    all_keys = draw(st.lists(keys, min_size=12, max_size=12, unique=True))
    team_keys, objective_keys, kr_keys, initiative_keys = (
        all_keys[i : i + 3] for i in (0, 3, 6, 9)
    )
    teams = [
        Team(
            key,
            draw(titles),
            draw(st.sampled_from(TeamKind.values)),
            draw(st.none() | st.sampled_from(team_keys[:i] or ["stored"])),
        )
        for i, key in enumerate(team_keys)
    ]
    krs = [draw(key_results(key, cycle)) for key in kr_keys]
    objectives = []
    for index, key in enumerate(objective_keys):
        own = krs[index : index + 1]
        objectives.append(
            Objective(
                key,
                draw(st.sampled_from(team_keys)),
                draw(titles),
                draw(st.sampled_from(ObjectiveKind.values)),
                draw(st.none() | emails),
                draw(free_text),
                draw(st.sampled_from(Visibility.values)),
                draw(
                    st.none()
                    | st.sampled_from(
                        [
                            k
                            for k in objective_keys + kr_keys
                            if k != key and all(k != kr.key for kr in own)
                        ]
                    )
                ),
                draw(st.lists(st.sampled_from(team_keys), unique=True, max_size=2)),
                own,
                draw(st.lists(st.from_regex(r"OKR10[1-7]", fullmatch=True), max_size=2)),
            )
        )
    initiatives = [
        Initiative(
            key,
            draw(titles),
            draw(st.none() | st.sampled_from(team_keys)),
            draw(st.sampled_from(InitiativeStatus.values)),
            draw(st.none() | st.floats(min_value=0, max_value=1000)),
            draw(st.none() | st.sampled_from(Bucket.values)),
            draw(st.sampled_from(["", "https://example.com/epic/1"])),
            draw(st.sampled_from(["", "ONB-42"])),
            cycle.start,
            draw(st.none() | st.just(cycle.end)),
            [
                ImpactLink(kr, draw(st.none() | numbers))
                for kr in draw(st.lists(st.sampled_from(kr_keys), unique=True, max_size=2))
            ],
        )
        for key in initiative_keys
    ]
    return Plan(cycle, teams, objectives, initiatives)


def by_key(initiatives: list[Initiative]) -> list[Initiative]:
    return sorted(initiatives, key=lambda initiative: initiative.key)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_any_valid_plan_round_trips_through_yaml_and_json(plan):
    written = dump_yaml(plan)
    read = parse_okr_file(written).plan
    assert replace(read, initiatives=by_key(read.initiatives)) == replace(
        plan, initiatives=by_key(plan.initiatives)
    )
    assert dump_yaml(read) == written
    assert parse_okr_file(dump_json(plan)).plan == read


# -- problems: each named by file, line and field -----------------------------------------


def test_unknown_field_suggests_the_field_meant():
    assert problems(
        """\
        cycle: 2026-Q4
        objectives:
          - key: onb-1
            team: onboarding
            titel: Make onboarding a delight
        """
    ) == [
        "okrs.yaml:3: objectives[0].title: missing required field 'title': every objective needs one",
        "okrs.yaml:5: objectives[0].titel: unknown field 'titel': did you mean 'title'?",
    ]


def test_unknown_field_without_a_close_match_lists_the_allowed_ones():
    assert problems(
        """\
        cycle: 2026-Q4
        teams:
          - {key: growth, name: Growth, slack: "#growth"}
        """
    ) == [
        "okrs.yaml:3: teams[0].slack: unknown field 'slack': allowed fields are key, name, kind, parent"
    ]


def test_unknown_field_at_the_top_and_deep_down_is_found():
    assert problems(
        """\
        cycle: 2026-Q4
        objective: []
        objectives:
          - key: onb-1
            team: onboarding
            title: A delight
            key_results:
              - key: kr
                title: Completion from 68% to 85%
                baseline: 68
                target: 85
                check_ins:
                  - {date: 2026-10-14, value: 71, confidance: 0.6}
        """
    ) == [
        "okrs.yaml:2: objective: unknown field 'objective': did you mean 'objectives'?",
        "okrs.yaml:13: objectives[0].key_results[0].check_ins[0].confidance: "
        "unknown field 'confidance': did you mean 'confidence'?",
    ]


def test_current_is_no_field_because_the_latest_check_in_is_the_current_value():
    assert problems(
        """\
        cycle: 2026-Q4
        objectives:
          - key: onb-1
            team: onboarding
            title: A delight
            key_results:
              - key: kr
                title: Completion from 68% to 85%
                baseline: 68
                target: 85
                current: 74
        """
    ) == [
        "okrs.yaml:11: objectives[0].key_results[0].current: there is no current field: the "
        "current value is always the latest check-in, so add a check-in instead"
    ]


def test_missing_required_fields_are_named():
    assert problems(
        """\
        cycle: 2026-Q4
        teams:
          - {name: Growth}
        objectives:
          - key: onb-1
            title: A delight
            key_results:
              - {key: kr, title: Completion from 68% to 85%, check_ins: [{date: 2026-10-14}]}
        """
    ) == [
        "okrs.yaml:3: teams[0].key: missing required field 'key': every team needs one",
        "okrs.yaml:5: objectives[0].team: missing required field 'team': every objective needs one",
        "okrs.yaml:8: objectives[0].key_results[0].check_ins[0].value: "
        "missing required field 'value': every check-in needs one",
    ]


def test_missing_cycle_says_how_to_give_one():
    assert problems("teams: []\n") == [
        "okrs.yaml:1: cycle: missing required field 'cycle': name the quarter (cycle: 2026-Q4) "
        "or give {name, start, end}"
    ]


def test_duplicate_keys_point_to_the_first_use():
    assert problems(
        """\
        cycle: 2026-Q4
        teams:
          - {key: growth, name: Growth}
          - {key: growth, name: Growth again}
        objectives:
          - key: onb-1
            team: growth
            title: A delight
            key_results:
              - {key: kr, title: Completion up, initiatives: [{key: tour, title: Tour}]}
          - key: onb-1
            team: growth
            title: Another delight
            key_results:
              - {key: kr, title: Completion up again}
        initiatives:
          - {key: tour, title: Tour again}
        """
    ) == [
        "okrs.yaml:4: teams[1].key: duplicate team key 'growth': already used at line 3; "
        "give each team its own key",
        "okrs.yaml:11: objectives[1].key: duplicate objective key 'onb-1': already used at "
        "line 6; give each objective its own key",
        "okrs.yaml:15: objectives[1].key_results[0].key: duplicate key result key 'kr': already "
        "used at line 10; give each key result its own key",
        "okrs.yaml:17: initiatives[0].key: duplicate initiative key 'tour': already used at "
        "line 10; give each initiative its own key",
    ]


def test_a_field_given_twice_in_one_mapping_is_reported():
    assert problems(
        """\
        cycle: 2026-Q4
        teams:
          - key: growth
            name: Growth
            name: Growth team
        """
    ) == ["okrs.yaml:5: teams[0].name: field 'name' is given twice (first at line 4): keep one"]


def test_non_numeric_values_are_named_with_what_was_found():
    assert problems(
        """\
        cycle: 2026-Q4
        objectives:
          - key: onb-1
            team: onboarding
            title: A delight
            key_results:
              - key: kr
                title: Completion from 68% to 85%
                baseline: sixty
                target: 85%
        """
    ) == [
        "okrs.yaml:9: objectives[0].key_results[0].baseline: expected a number, got 'sixty'",
        "okrs.yaml:10: objectives[0].key_results[0].target: expected a number, got '85%': "
        "write 85 and put '%' in unit",
    ]


def test_a_yes_or_no_where_a_number_belongs_is_refused():
    assert problems(
        """\
        cycle: 2026-Q4
        objectives:
          - key: onb-1
            team: onboarding
            title: A delight
            key_results:
              - key: sso
                title: Single sign-on for every customer
                type: milestone
                check_ins:
                  - {date: 2026-10-14, value: yes}
        """
    ) == [
        "okrs.yaml:11: objectives[0].key_results[0].check_ins[0].value: expected a number, got true"
    ]


def test_dates_that_are_not_dates_are_refused():
    assert problems(
        """\
        cycle: 2026-Q4
        objectives:
          - key: onb-1
            team: onboarding
            title: A delight
            key_results:
              - key: kr
                title: Completion from 68% to 85%
                baseline: 68
                target: 85
                check_ins:
                  - {date: 14/10/2026, value: 71}
                  - {date: 2026-02-30, value: 72}
                  - {date: 2026-10-20 09:30:00, value: 73}
        """
    ) == [
        "okrs.yaml:12: objectives[0].key_results[0].check_ins[0].date: "
        "expected a date like 2026-10-14, got '14/10/2026'",
        "okrs.yaml:13: objectives[0].key_results[0].check_ins[1].date: "
        "expected a date like 2026-10-14, got '2026-02-30': there is no such day",
        "okrs.yaml:14: objectives[0].key_results[0].check_ins[2].date: "
        "expected a date like 2026-10-14, got 2026-10-20T09:30:00: drop the time",
    ]


CHECK_INS = """\
cycle: 2026-Q4
objectives:
  - key: onb-1
    team: onboarding
    title: A delight
    key_results:
      - key: kr
        title: Completion from 68% to 85%
        baseline: 68
        target: 85
        check_ins:
"""


def test_check_in_outside_the_cycle_is_refused():
    assert problems(CHECK_INS + "          - {date: 2026-09-30, value: 70}\n") == [
        "okrs.yaml:12: objectives[0].key_results[0].check_ins[0].date: 2026-09-30 is outside "
        "the cycle 2026-Q4 (2026-10-01 to 2026-12-31): date the check-in within it"
    ]


def test_two_check_ins_on_one_day_are_refused():
    assert problems(
        CHECK_INS
        + "          - {date: 2026-10-14, value: 71}\n"
        + "          - {date: 2026-10-14, value: 72}\n"
    ) == [
        "okrs.yaml:13: objectives[0].key_results[0].check_ins[1].date: a check-in on 2026-10-14 "
        "is already at line 12: one check-in per key result a day, keep one"
    ]


def test_confidence_outside_zero_to_one_is_refused():
    assert problems(
        CHECK_INS
        + "          - {date: 2026-10-14, value: 71, confidence: 60}\n"
        + "          - {date: 2026-10-21, value: 72, confidence: -0.1}\n"
    ) == [
        "okrs.yaml:12: objectives[0].key_results[0].check_ins[0].confidence: "
        "confidence is from 0.0 to 1.0, got 60: write 0.6 for 60%",
        "okrs.yaml:13: objectives[0].key_results[0].check_ins[1].confidence: "
        "confidence is from 0.0 to 1.0, got -0.1",
    ]


def test_milestone_check_in_is_done_or_not_done():
    assert problems(
        """\
        cycle: 2026-Q4
        objectives:
          - key: onb-1
            team: onboarding
            title: A delight
            key_results:
              - key: sso
                title: Single sign-on for every customer
                type: milestone
                check_ins: [{date: 2026-10-14, value: 0.5}]
        """
    ) == [
        "okrs.yaml:10: objectives[0].key_results[0].check_ins[0].value: "
        "a milestone check-in is 1 (done) or 0 (not done), got 0.5"
    ]


def key_result(fields: str) -> str:
    return (
        "cycle: 2026-Q4\n"
        "objectives:\n"
        "  - key: onb-1\n"
        "    team: onboarding\n"
        "    title: A delight\n"
        "    key_results:\n"
        "      - key: kr\n"
        "        title: Some key result\n"
        + "".join(f"        {line}\n" for line in fields.splitlines())
    )


def test_threshold_without_direction_or_line_is_refused():
    assert problems(key_result("type: threshold")) == [
        "okrs.yaml:7: objectives[0].key_results[0].direction: "
        "a threshold key result needs direction: at_least or at_most",
        "okrs.yaml:7: objectives[0].key_results[0].target: a threshold key result needs target: "
        "the line to stay at or above (at_least) or at or below (at_most)",
    ]


def test_target_equal_to_baseline_is_refused():
    assert problems(key_result("baseline: 68\ntarget: 68")) == [
        "okrs.yaml:10: objectives[0].key_results[0].target: target equals baseline: a key result "
        "must move something; set a target different from the baseline 68"
    ]


def test_the_linter_reads_past_what_the_coach_reports_itself():
    """Target equal to baseline (OKR204) and a threshold without target (OKR203) are the
    coach's findings: read to lint, the file gives its plan with them as written."""
    plan = parse_okr_file(key_result("baseline: 68\ntarget: 68"), "okrs.yaml", for_lint=True).plan
    kr = plan.objectives[0].key_results[0]
    assert (kr.baseline, kr.target) == (68, 68)
    plan = parse_okr_file(
        key_result("type: threshold\ndirection: at_least"), "okrs.yaml", for_lint=True
    ).plan
    kr = plan.objectives[0].key_results[0]
    assert (kr.type, kr.direction, kr.target) == ("threshold", "at_least", None)


def test_the_linter_still_stops_on_problems_no_rule_reports_and_lists_them_all():
    text = key_result("baseline: 68\ntarget: 68\nweight: heavy")
    with pytest.raises(OkrFileError) as caught:
        parse_okr_file(text, "okrs.yaml", for_lint=True)
    assert [str(problem) for problem in caught.value.problems] == [
        "okrs.yaml:10: objectives[0].key_results[0].target: target equals baseline: a key result "
        "must move something; set a target different from the baseline 68",
        "okrs.yaml:11: objectives[0].key_results[0].weight: expected a number, got 'heavy'",
    ]
    with pytest.raises(OkrFileError):  # a threshold needs a direction, whatever the coach says
        parse_okr_file(key_result("type: threshold"), "okrs.yaml", for_lint=True)


def test_direction_on_a_metric_and_numbers_on_a_milestone_are_refused():
    assert problems(key_result("baseline: 1\ntarget: 2\ndirection: at_least")) == [
        "okrs.yaml:11: objectives[0].key_results[0].direction: "
        "direction is only for threshold key results: remove it"
    ]
    assert problems(key_result("type: milestone\ntarget: 1")) == [
        "okrs.yaml:10: objectives[0].key_results[0].target: a milestone key result has no "
        "target: remove it (check in 1 when done, 0 when not)"
    ]


def test_number_rules_wait_until_the_numbers_themselves_are_right():
    assert problems(key_result("type: threshold\ntarget: high\ndirection: at_least")) == [
        "okrs.yaml:10: objectives[0].key_results[0].target: expected a number, got 'high'"
    ]


def test_weight_must_be_positive_in_files_too():
    assert problems(key_result("baseline: 1\ntarget: 2\nweight: 0")) == [
        "okrs.yaml:11: objectives[0].key_results[0].weight: weight must be greater than 0, got 0"
    ]


def test_numbers_beyond_a_million_billion_are_refused_with_their_line():
    assert problems(key_result("baseline: -1e308\ntarget: 1.0e+308\nweight: 1e308")) == [
        "okrs.yaml:9: objectives[0].key_results[0].baseline: expected a number from -1e15 to "
        "1e15, got -1e+308: count in a larger unit (thousands, millions)",
        "okrs.yaml:10: objectives[0].key_results[0].target: expected a number from -1e15 to "
        "1e15, got 1e+308: count in a larger unit (thousands, millions)",
        "okrs.yaml:11: objectives[0].key_results[0].weight: expected a number from -1e15 to "
        "1e15, got 1e+308: count in a larger unit (thousands, millions)",
    ]


def test_a_weight_over_a_thousand_is_refused_in_files_too():
    assert problems(key_result("baseline: 1\ntarget: 2\nweight: 5000")) == [
        "okrs.yaml:11: objectives[0].key_results[0].weight: weight is at most 1000, got 5000: "
        "weights only compare key results, so 1 to 10 is plenty"
    ]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("1_000", ": write it without separators and with a dot for decimals, like 1000.5"),
        ("0x1F", ""),
        ("1:30", ""),
        ("0b101", ""),
    ],
)
def test_yaml_numbers_other_than_plain_decimals_are_refused(written, hint):
    assert problems(key_result(f"baseline: {written}\ntarget: 2")) == [
        "okrs.yaml:9: objectives[0].key_results[0].baseline: "
        f"expected a number, got {written!r}{hint}"
    ]


def test_plain_decimals_in_yaml_read_as_numbers():
    plan = parse(key_result("baseline: 010\ntarget: +1e3\nweight: .5"))
    kr = plan.objectives[0].key_results[0]
    assert (kr.baseline, kr.target, kr.weight) == (10.0, 1000.0, 0.5)


def test_a_check_in_note_or_blockers_over_2000_characters_is_refused():
    long = "x" * 2001
    assert problems(
        key_result(
            "check_ins:\n"
            f"  - {{date: 2026-10-14, value: 1, note: {long}}}\n"
            f"  - {{date: 2026-10-15, value: 1, blockers: {long}}}"
        )
    ) == [
        "okrs.yaml:10: objectives[0].key_results[0].check_ins[0].note: "
        "the note is at most 2000 characters, this one has 2001: shorten it",
        "okrs.yaml:11: objectives[0].key_results[0].check_ins[1].blockers: "
        "the blockers is at most 2000 characters, this one has 2001: shorten it",
    ]


def test_a_quarter_far_outside_the_years_okrs_plans_in_is_refused_without_crashing():
    assert problems("cycle: 9999-Q4") == [
        "okrs.yaml:1: cycle: 9999-10-01 is outside the years 2000 to 2200 that okrs plans in: "
        "check the year"
    ]
    assert problems("cycle: {name: 9999-Q4}") == [
        "okrs.yaml:1: cycle.name: 9999-10-01 is outside the years 2000 to 2200 that okrs plans "
        "in: check the year"
    ]


def test_dates_outside_the_years_2000_to_2200_are_refused_where_they_are():
    assert problems(
        """\
        cycle: {name: long, start: 0001-01-01, end: 9999-12-31}
        initiatives:
          - {key: tour, title: Tour, start: 1999-12-31}
        """
    ) == [
        "okrs.yaml:1: cycle.start: 0001-01-01 is outside the years 2000 to 2200 that okrs "
        "plans in: check the year",
        "okrs.yaml:1: cycle.end: 9999-12-31 is outside the years 2000 to 2200 that okrs "
        "plans in: check the year",
        "okrs.yaml:3: initiatives[0].start: 1999-12-31 is outside the years 2000 to 2200 that "
        "okrs plans in: check the year",
    ]


def test_keys_differing_only_in_case_are_duplicates():
    assert problems(
        """\
        cycle: 2026-Q4
        teams:
          - {key: growth, name: Growth}
          - {key: Growth, name: Growth again}
        """
    ) == [
        "okrs.yaml:4: teams[1].key: team key 'Growth' is the same as 'growth' at line 3 "
        "ignoring case: give each team its own key"
    ]


def test_a_key_of_digits_only_is_refused_in_files():
    assert problems(
        """\
        cycle: 2026-Q4
        teams:
          - {key: "13", name: Thirteen}
        """
    ) == [
        "okrs.yaml:3: teams[0].key: a key of digits only reads as an id in the API: add a "
        "letter, like 'kr-13'"
    ]


def test_a_right_to_left_override_in_a_title_is_refused():
    assert problems(
        """\
        cycle: 2026-Q4
        objectives:
          - {key: onb-1, team: onboarding, title: "Delight \\u202eusers"}
        """
    ) == [
        "okrs.yaml:3: objectives[0].title: title holds the invisible character U+202E "
        "(RIGHT-TO-LEFT OVERRIDE): remove it"
    ]


def test_unknown_enum_values_list_the_allowed_ones():
    assert problems(
        """\
        cycle: {name: 2026-Q4, state: open}
        teams:
          - {key: growth, name: Growth, kind: squad}
        objectives:
          - key: onb-1
            team: growth
            title: A delight
            kind: stretch
            visibility: private
            key_results:
              - {key: kr, title: Uptime, type: kpi}
        initiatives:
          - {key: tour, title: Tour, status: wip, bucket: moonshot}
        """
    ) == [
        "okrs.yaml:1: cycle.state: unknown state 'open': use one of planning, active, closed",
        "okrs.yaml:3: teams[0].kind: unknown kind 'squad': use one of company, leadership, "
        "cross_functional, component, platform, other",
        "okrs.yaml:8: objectives[0].kind: unknown kind 'stretch': use one of committed, aspirational",
        "okrs.yaml:9: objectives[0].visibility: unknown visibility 'private': use one of public, team",
        "okrs.yaml:11: objectives[0].key_results[0].type: unknown type 'kpi': use one of metric, "
        "threshold, milestone",
        "okrs.yaml:13: initiatives[0].status: unknown status 'wip': use one of idea, planned, "
        "in_progress, done, dropped",
        "okrs.yaml:13: initiatives[0].bucket: unknown bucket 'moonshot': use one of core, "
        "adjacent, explore",
    ]


def test_html_in_a_title_is_refused():
    assert problems(
        """\
        cycle: 2026-Q4
        objectives:
          - key: onb-1
            team: onboarding
            title: Make onboarding <script>alert(1)</script> a delight
        """
    ) == ["okrs.yaml:5: objectives[0].title: titles are plain text: remove the HTML tag '<script>'"]


def test_a_mapping_where_a_list_belongs_is_refused_with_the_fix():
    assert problems(
        """\
        cycle: 2026-Q4
        objectives:
          - key: onb-1
            team: onboarding
            title: A delight
            key_results:
              key: kr
              title: Completion up
        """
    ) == [
        "okrs.yaml:6: objectives[0].key_results: expected a list of key results, got a mapping: "
        "start each key result with '- '"
    ]


def test_a_text_where_a_mapping_belongs_is_refused():
    assert problems(
        """\
        cycle: 2026-Q4
        teams: [growth, {key: platform, name: Platform}]
        objectives: onb-1
        """
    ) == [
        "okrs.yaml:2: teams[0]: expected the team's fields (name: value), got 'growth'",
        "okrs.yaml:3: objectives: expected a list of objectives, got 'onb-1'",
    ]


def test_a_file_that_is_not_a_mapping_is_refused():
    assert problems("- cycle: 2026-Q4\n") == [
        "okrs.yaml:1: file: expected a mapping with cycle:, teams:, objectives: and initiatives: "
        "at the top of the file, got a list"
    ]
    assert problems("just some words\n") == [
        "okrs.yaml:1: file: expected a mapping with cycle:, teams:, objectives: and initiatives: "
        "at the top of the file, got 'just some words'"
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "~\n"])
def test_an_empty_file_is_refused(text):
    assert problems(text) == [
        "okrs.yaml:1: file: the file is empty: start with cycle: 2026-Q4, then teams: and objectives:"
    ]


def test_malformed_yaml_gives_one_problem_with_the_line_pyyaml_reports():
    assert problems(
        """\
        cycle: 2026-Q4
        objectives:
          - key: onb-1
            title: "A delight
            team: growth
        """
    ) == [
        "okrs.yaml:6: file: invalid YAML: found unexpected end of stream "
        "(while scanning a quoted scalar at line 4)"
    ]


def test_bad_indentation_is_reported_where_it_happens():
    [problem] = problems(
        """\
        cycle: 2026-Q4
        objectives:
          - key: onb-1
           team: growth
        """
    )
    assert problem.startswith("okrs.yaml:4: file: invalid YAML: ")


def test_yaml_types_the_format_has_no_use_for_are_refused():
    assert problems("cycle: 2026-Q4\nteams: !!set {growth, platform}\n") == [
        "okrs.yaml:2: file: invalid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:set'"
    ]


def test_python_tags_are_refused_as_yaml_the_safe_loader_cannot_read():
    assert problems("cycle: !!python/object/apply:os.system [echo hi]\n") == [
        "okrs.yaml:1: file: invalid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'"
    ]


def test_a_file_with_three_problems_reports_all_three_in_line_order():
    assert problems(
        """\
        cycle: 2026-Q4
        objectives:
          - key: onb-1
            team: onboarding
            title: A delight
            kind: stretch
            key_results:
              - key: kr
                title: Completion up
                baseline: sixty
                target: 85
                check_ins:
                  - {date: 2026-10-14, value: 71, confidence: 2}
        """
    ) == [
        "okrs.yaml:6: objectives[0].kind: unknown kind 'stretch': use one of committed, aspirational",
        "okrs.yaml:10: objectives[0].key_results[0].baseline: expected a number, got 'sixty'",
        "okrs.yaml:13: objectives[0].key_results[0].check_ins[0].confidence: "
        "confidence is from 0.0 to 1.0, got 2: write 0.02 for 2%",
    ]


def test_cycle_that_is_not_a_quarter_needs_its_dates():
    assert problems("cycle: H1-2027\n") == [
        "okrs.yaml:1: cycle: 'H1-2027' is not a quarter like 2026-Q4: give its dates as "
        "{name: H1-2027, start: YYYY-MM-DD, end: YYYY-MM-DD}"
    ]
    assert problems("cycle: {name: H1-2027, start: 2027-01-01}\n") == [
        "okrs.yaml:1: cycle.end: missing required field 'end': every cycle needs one"
    ]


def test_cycle_ending_before_it_starts_is_refused():
    assert problems(
        """\
        cycle:
          name: H1-2027
          start: 2027-06-30
          end: 2027-01-01
        """
    ) == ["okrs.yaml:4: cycle.end: end 2027-01-01 comes before start 2027-06-30: swap them"]
    assert parse("cycle: {name: H1-2027, start: 2027-01-01, end: 2027-06-30}").cycle == Cycle(
        "H1-2027", date(2027, 1, 1), date(2027, 6, 30)
    )


def test_keys_and_texts_of_the_wrong_shape_are_refused():
    assert problems(
        """\
        cycle: 2026-Q4
        teams:
          - {key: growth team, name: Growth}
          - {key: 42, name: 42}
        """
    ) == [
        "okrs.yaml:3: teams[0].key: keys use only letters, digits, '-', '_' and '.': "
        "'growth team' contains ' '",
        "okrs.yaml:4: teams[1].key: expected text, got 42: put it in quotes",
        "okrs.yaml:4: teams[1].name: expected text, got 42: put it in quotes",
    ]


def test_initiative_fields_are_checked():
    assert problems(
        """\
        cycle: 2026-Q4
        initiatives:
          - key: tour
            title: Product tour
            effort: -2
            url: jira/ONB-1
            start: 2026-11-01
            end: 2026-10-01
            links:
              - {key_result: kr, impact: lots}
              - {key_result: kr, impact: 2}
              - {impact: 3}
        """
    ) == [
        "okrs.yaml:5: initiatives[0].effort: effort is in person-weeks and cannot be negative, "
        "got -2",
        "okrs.yaml:6: initiatives[0].url: expected a web address starting with https:// or "
        "http://, got 'jira/ONB-1'",
        "okrs.yaml:8: initiatives[0].end: end 2026-10-01 comes before start 2026-11-01: swap them",
        "okrs.yaml:10: initiatives[0].links[0].impact: expected a number, got 'lots'",
        "okrs.yaml:11: initiatives[0].links[1].key_result: key result 'kr' is already linked at "
        "line 10: one link per key result, with the whole impact",
        "okrs.yaml:12: initiatives[0].links[2].key_result: missing required field 'key_result': "
        "every link needs one",
    ]


def test_owners_authors_contributors_and_coach_settings_are_checked():
    assert problems(
        """\
        cycle: 2026-Q4
        objectives:
          - key: onb-1
            team: onboarding
            title: A delight
            owner: ana
            contributors: [growth, growth]
            coach: {ignore: [OKR104, no-numbers], silence: true}
            key_results:
              - key: kr
                title: Completion up
                baseline: 1
                target: 2
                check_ins: [{date: 2026-10-14, value: 1.5, author: bob at example}]
        """
    ) == [
        "okrs.yaml:6: objectives[0].owner: expected an email address like ana@example.com, got 'ana'",
        "okrs.yaml:7: objectives[0].contributors[1]: team 'growth' is already listed: "
        "list each team once",
        "okrs.yaml:8: objectives[0].coach.silence: unknown field 'silence': allowed fields are ignore",
        "okrs.yaml:8: objectives[0].coach.ignore[1]: expected a coach rule code like OKR104, "
        "got 'no-numbers'",
        "okrs.yaml:14: objectives[0].key_results[0].check_ins[0].author: expected an email "
        "address like ana@example.com, got 'bob at example'",
    ]


def test_objective_cannot_align_to_itself_or_its_own_key_results():
    assert problems(
        key_result("baseline: 1\ntarget: 2").replace(
            "    title: A delight\n", "    title: A delight\n    aligned_to: kr\n"
        )
    ) == [
        "okrs.yaml:6: objectives[0].aligned_to: an objective cannot align to itself or its own "
        "key results, got 'kr': align it to a parent team's objective or key result"
    ]


def test_team_parents_cannot_loop():
    assert problems(
        """\
        cycle: 2026-Q4
        teams:
          - {key: a, name: A, parent: b}
          - {key: b, name: B, parent: a}
          - {key: c, name: C, parent: c}
        """
    ) == [
        "okrs.yaml:3: teams[0].parent: team parents form a loop: a → b → a; "
        "give one of them another parent",
        "okrs.yaml:5: teams[2].parent: a team cannot be its own parent",
    ]


# -- guards -------------------------------------------------------------------------------


def test_files_over_64_megabytes_are_refused_before_reading():
    text = "cycle: 2026-Q4\n" + "#" * MAX_FILE_BYTES
    with pytest.raises(OkrFileError) as caught:
        parse_okr_file(text, "big.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "big.yaml:1: file: the file is 64.0 MB, over the limit of 64 MB: split it, e.g. one file per team"
    ]


def test_aliases_that_multiply_the_file_are_refused():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    assert problems("\n".join(lines) + "\n") == [
        "okrs.yaml:1: file: aliases (*name) repeat too much of the file: write the values out"
    ]


def test_aliases_for_shared_defaults_are_fine():
    plan = parse(
        """\
        cycle: 2026-Q4
        teams:
          - &team {key: growth, name: Growth, kind: cross_functional}
          - {<<: *team, key: platform}
        """
    )
    assert [team.key for team in plan.teams] == ["growth", "platform"]


def test_anchors_merge_keys_and_tags_read_as_the_values_written_out():
    written_out = """\
        cycle: 2026-Q4
        teams:
          - {key: growth, name: Growth, kind: cross_functional}
          - {key: platform, name: Growth, kind: cross_functional}
        objectives:
          - key: onb-1
            team: growth
            title: A delight
            key_results:
              - {key: kr, title: Completion up, baseline: sixty, target: 85}
        """
    shared = written_out.replace(
        "- {key: growth, name: Growth,", "- &team {key: growth, name: Growth,"
    ).replace(
        "- {key: platform, name: Growth, kind: cross_functional}", "- {<<: *team, key: platform}"
    )
    tagged = written_out.replace("title: A delight", "title: !!str A delight")
    expected = [
        "okrs.yaml:10: objectives[0].key_results[0].baseline: expected a number, got 'sixty'"
    ]
    assert problems(written_out) == problems(shared) == problems(tagged) == expected
    fixed = {text.replace("sixty", "60") for text in (written_out, shared, tagged)}
    assert len({repr(parse(text)) for text in fixed}) == 1


def test_deep_nesting_is_refused_without_crashing():
    assert problems("cycle: " + "[" * 100_000 + "]" * 100_000 + "\n") == [
        "okrs.yaml:1: file: the file nests too deeply to be an OKR file"
    ]


# -- references into the database ---------------------------------------------------------

REFERRING = """\
cycle: 2026-Q4
teams:
  - {key: onboarding, name: Onboarding, parent: company}
objectives:
  - key: onb-1
    team: onboarding
    title: A delight
    aligned_to: co-1
    contributors: [onboarding, growth]
    key_results:
      - {key: kr, title: Completion up, baseline: 1, target: 2}
  - key: onb-2
    team: platform
    title: Another delight
    aligned_to: kr
initiatives:
  - {key: tour, title: Tour, team: onboarding, links: [{key_result: kr}, {key_result: co-1-nps}]}
"""


def test_keys_not_defined_in_the_file_are_collected_as_references():
    assert parse_okr_file(REFERRING, "okrs.yaml").references == [
        Reference("team", "company", "okrs.yaml", 3, "teams[0].parent"),
        Reference("alignment", "co-1", "okrs.yaml", 8, "objectives[0].aligned_to"),
        Reference("team", "growth", "okrs.yaml", 9, "objectives[0].contributors[1]"),
        Reference("team", "platform", "okrs.yaml", 13, "objectives[1].team"),
        Reference("key_result", "co-1-nps", "okrs.yaml", 17, "initiatives[0].links[1].key_result"),
    ]


def test_unresolved_references_become_problems_with_a_suggestion():
    references = parse_okr_file(REFERRING, "okrs.yaml").references
    found = unresolved(
        references,
        known_teams={"company", "growht"},
        known_targets={"co-1", "co-1-nps"},
        known_key_results={"co-1-npss"},
    )
    assert [str(problem) for problem in found] == [
        "okrs.yaml:9: objectives[0].contributors[1]: unknown team 'growth' (did you mean "
        "'growht'?): define it under teams: or create it first",
        "okrs.yaml:13: objectives[1].team: unknown team 'platform': define it under teams: or "
        "create it first",
        "okrs.yaml:17: initiatives[0].links[1].key_result: unknown key result 'co-1-nps' (did "
        "you mean 'co-1-npss'?): define it in this file or import it first",
    ]


def test_unresolved_alignment_names_what_may_be_aligned_to():
    [problem] = unresolved(
        [Reference("alignment", "co-9", "okrs.yaml", 8, "objectives[0].aligned_to")],
        set(),
        set(),
        set(),
    )
    assert str(problem) == (
        "okrs.yaml:8: objectives[0].aligned_to: unknown objective or key result 'co-9' to align "
        "to: define it in this file or import it first"
    )


def test_problem_and_error_read_as_the_cli_prints_them():
    problem = Problem(
        "okrs.yaml", 14, "objectives[0].key_results[1].baseline", "expected a number, got 'sixty'"
    )
    assert str(problem) == (
        "okrs.yaml:14: objectives[0].key_results[1].baseline: expected a number, got 'sixty'"
    )
    assert str(OkrFileError([problem, problem])) == f"{problem}\n{problem}"


# -- reports ------------------------------------------------------------------------------


def test_csv_has_one_row_per_key_result_with_its_figures():
    plan = product_example()
    written = dump_csv(plan, score_plan(plan, date(2026, 11, 15)))
    assert written.splitlines() == [
        "cycle,team,objective,objective_title,objective_kind,key_result,title,type,unit,baseline,"
        "target,current,progress,score,expected,status,confidence,forecast_value,coverage,owner",
        '2026-Q4,onboarding,onb-1,"Transform customer onboarding into a delightful, '
        'confidence-building experience",aspirational,onb-1-completion,Increase onboarding '
        "completion rate from 68% to 85%,metric,%,68,85,74,0.3529,0.3529,0.35,on_track,0.6,"
        "81.2267,0.4706,ana@example.com",
    ]


def test_csv_leaves_figures_that_do_not_apply_empty_and_defuses_formulas():
    plan = Plan(
        Q4,
        objectives=[
            Objective(
                "o", "t", "=HYPERLINK(1)", key_results=[KeyResult("k", "+1 signups", unit="-")]
            )
        ],
    )
    [_, row] = dump_csv(plan, score_plan(plan, date(2026, 11, 15))).splitlines()
    assert (
        row == "2026-Q4,t,o,'=HYPERLINK(1),committed,k,'+1 signups,metric,'-,,,,0,0,0.5,no_data,,,,"
    )


def test_markdown_report_shows_teams_objectives_and_key_results():
    plan = every_option_plan()
    report = dump_markdown(plan, score_plan(plan, date(2027, 4, 15)))
    assert report.startswith(
        "# H1-2027\n\n2027-01-01 to 2027-06-30, active; figures as of 2027-04-15.\n\n"
        "## Acme (`company`): 0 (red)\n\n"
        "### Become the product our customers recommend: 0 (red)\n\n"
        "`co-1`, aspirational, owner ceo@example.com\n\n"
        "| key result | baseline → target | current | score | status |\n"
        "|---|---|---|---|---|\n"
        "| Raise NPS from 21 to 40 (`co-1-nps`) | 21 → 40 | – | 0 | no_data |\n"
    )
    assert (
        "| Maintain 99.95% API availability (`pl-1-availability`) | at least 99.95 % | 99.91 % | 0.5 | stale |"
        in report
    )
    assert (
        "| Single sign-on available to every customer (`pl-1-sso`) | done | done | 1 | on_track |"
        in report
    )
    assert "## Platform (`platform`): 0.6 (yellow)" in report


def test_markdown_report_of_an_empty_cycle_says_so():
    report = dump_markdown(Plan(Q4), score_plan(Plan(Q4), date(2026, 11, 15)))
    assert report == (
        "# 2026-Q4\n\n2026-10-01 to 2026-12-31, planning; figures as of 2026-11-15.\n\n"
        "_No objectives in this cycle._\n"
    )


def test_markdown_escapes_what_markdown_would_read_as_markup():
    plan = Plan(
        Q4,
        teams=[Team("t", "# Team *one*")],
        objectives=[
            Objective(
                "o",
                "t",
                "## Not a heading [link](x) <b>",
                key_results=[
                    KeyResult(
                        "k", "`code` and _em_", baseline=0, target=1, unit="|\\ **bold**\nnext"
                    )
                ],
            )
        ],
    )
    report = dump_markdown(plan, score_plan(plan, date(2026, 11, 15)))
    assert "## \\# Team \\*one\\* (`t`): 0 (red)" in report
    assert "### \\## Not a heading \\[link\\](x) \\<b\\>: 0 (red)" in report
    assert (
        "| \\`code\\` and \\_em\\_ (`k`) | 0 → 1 \\|\\\\ \\*\\*bold\\*\\* next | – | 0 | no_data |"
        in report
    )
    table = markdown.markdown(report, extensions=["tables"])
    [row] = [r for r in table.split("<tr>") if "<td>" in r]
    assert row.count("<td>") == 5
    assert "<td>`code` and _em_ (<code>k</code>)</td>" in row
    assert "<td>0 → 1 |\\ **bold** next</td>" in row
    assert "<h2># Team *one* (<code>t</code>): 0 (red)</h2>" in table


def test_markdown_escapes_table_pipes():
    plan = Plan(
        Q4,
        objectives=[
            Objective(
                "o", "t", "A | B", key_results=[KeyResult("k", "x | y", baseline=0, target=1)]
            )
        ],
    )
    report = dump_markdown(plan, score_plan(plan, date(2026, 11, 15)))
    assert "### A \\| B: 0 (red)" in report
    assert "| x \\| y (`k`) | 0 → 1 | – | 0 | no_data |" in report

"""PRODUCT.md's "Numbers", held to hand-computed cases and to invariants."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrs.core.domain import CheckIn, Cycle, ImpactLink, Initiative, KeyResult, Objective, Plan
from okrs.core.scoring import (
    bucket_shares,
    expected_progress,
    grade,
    score_key_result,
    score_plan,
)

Q4 = Cycle("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "active")


def metric(baseline=68.0, target=85.0, values=(), key="kr", weight=1.0, start=Q4.start):
    return KeyResult(
        key=key,
        title="Increase onboarding completion rate from 68% to 85%",
        baseline=baseline,
        target=target,
        weight=weight,
        check_ins=[CheckIn(date=start + timedelta(days=d), value=v) for d, v in values],
    )


def score(kr, as_of=date(2026, 11, 15), kind="committed", impacts=()):
    return score_key_result(kr, Q4, as_of, kind, impacts)


# -- the PRODUCT.md example ---------------------------------------------------------------


def product_example() -> Plan:
    kr = KeyResult(
        key="onb-1-completion",
        title="Increase onboarding completion rate from 68% to 85%",
        unit="%",
        baseline=68,
        target=85,
        check_ins=[
            CheckIn(date(2026, 10, 14), 71, 0.6, "tour shipped"),
            CheckIn(date(2026, 11, 11), 74, 0.6),
        ],
    )
    return Plan(
        cycle=Cycle("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        objectives=[
            Objective(
                "onb-1", "onboarding", "Transform onboarding", "aspirational", key_results=[kr]
            )
        ],
        initiatives=[
            Initiative(
                "tour",
                "Interactive product tour",
                "onboarding",
                links=[ImpactLink("onb-1-completion", 8)],
            )
        ],
    )


def test_product_example_gives_the_documented_figures():
    result = score_plan(product_example(), date(2026, 11, 15)).as_dict()
    assert result == {
        "cycle": "2026-Q4",
        "as_of": "2026-11-15",
        "teams": [{"key": "onboarding", "score": 0.3529, "grade": "red"}],
        "objectives": [
            {
                "key": "onb-1",
                "team": "onboarding",
                "kind": "aspirational",
                "score": 0.3529,
                "grade": "red",
                "key_results": [
                    {
                        "key": "onb-1-completion",
                        "type": "metric",
                        "current": 74.0,
                        "progress": 0.3529,
                        "score": 0.3529,
                        "expected": 0.35,
                        "status": "on_track",
                        "confidence": 0.6,
                        "forecast_value": 81.2267,
                        "forecast_score": 0.778,
                        "coverage": 0.4706,
                    }
                ],
            }
        ],
    }


def test_check_ins_after_as_of_are_ignored():
    result = score_plan(product_example(), date(2026, 10, 20)).as_dict()
    kr = result["objectives"][0]["key_results"][0]
    assert kr["current"] == 71.0
    assert kr["progress"] == round(3 / 17, 4)


# -- metric progress and score -----------------------------------------------------------


def test_no_check_in_means_no_current_and_zero_progress():
    s = score(metric())
    assert (s.current, s.progress, s.score, s.status, s.forecast_value, s.confidence) == (
        None,
        0.0,
        0.0,
        "no_data",
        None,
        None,
    )


def test_decreasing_metric_scores_half_way():
    s = score(metric(baseline=24, target=0.25, values=[(40, 12.125)]))
    assert s.progress == pytest.approx(0.5)


def test_progress_is_unbounded_but_score_is_clamped():
    over = score(metric(values=[(40, 102)]))
    under = score(metric(values=[(40, 51)]))
    assert over.progress == pytest.approx(2.0) and over.score == 1.0
    assert under.progress == pytest.approx(-1.0) and under.score == 0.0


def test_latest_check_in_by_date_wins_whatever_the_order_recorded():
    kr = metric(values=[(40, 80), (10, 70)])
    assert score(kr).current == 80


# -- threshold and milestone -------------------------------------------------------------


def test_threshold_scores_the_share_of_check_ins_that_met_the_line():
    kr = KeyResult(
        "sla",
        "Maintain 99.9% availability",
        type="threshold",
        target=99.9,
        direction="at_least",
        check_ins=[
            CheckIn(date(2026, 10, d), v)
            for d, v in [(7, 99.95), (14, 99.8), (21, 99.9), (28, 99.99)]
        ],
    )
    s = score(kr)
    assert s.score == pytest.approx(0.75) and s.progress == s.score
    assert s.forecast_value is None and s.coverage is None


def test_threshold_at_most_and_check_ins_outside_the_cycle_do_not_count():
    kr = KeyResult(
        "p95",
        "Keep p95 latency under 300 ms",
        type="threshold",
        target=300,
        direction="at_most",
        check_ins=[
            CheckIn(date(2026, 9, 30), 500),
            CheckIn(date(2026, 10, 8), 280),
            CheckIn(date(2026, 10, 15), 320),
        ],
    )
    assert score(kr).score == pytest.approx(0.5)


def test_threshold_without_check_ins_scores_zero():
    kr = KeyResult(
        "sla", "Maintain availability", type="threshold", target=99.9, direction="at_least"
    )
    assert score(kr).score == 0.0


def test_milestone_scores_one_when_done():
    done = KeyResult(
        "m", "SOC 2 report issued", type="milestone", check_ins=[CheckIn(date(2026, 11, 1), 1)]
    )
    undone = KeyResult(
        "m", "SOC 2 report issued", type="milestone", check_ins=[CheckIn(date(2026, 11, 1), 0)]
    )
    assert (score(done).score, score(done).progress) == (1.0, 1.0)
    assert score(undone).score == 0.0


# -- objectives and teams -----------------------------------------------------------------


def test_objective_score_is_the_weighted_mean_of_its_key_results():
    plan = Plan(
        Q4,
        objectives=[
            Objective(
                "o",
                "t",
                "Delight new customers",
                key_results=[
                    metric(key="a", baseline=0, target=10, values=[(10, 10)], weight=3),
                    metric(key="b", baseline=0, target=10, values=[(10, 2)], weight=1),
                ],
            )
        ],
    )
    result = score_plan(plan, date(2026, 11, 15))
    assert result.objectives[0].score == pytest.approx((3 * 1.0 + 1 * 0.2) / 4)


def test_objective_without_key_results_rolls_up_the_objectives_aligned_to_it():
    company = Objective("c", "acme", "Become the tool teams love")
    child_a = Objective(
        "a",
        "t1",
        "A",
        aligned_to="c",
        key_results=[metric(key="ka", baseline=0, target=10, values=[(5, 8)])],
    )
    child_b = Objective(
        "b",
        "t2",
        "B",
        aligned_to="c",
        key_results=[metric(key="kb", baseline=0, target=10, values=[(5, 4)])],
    )
    lonely = Objective("l", "t3", "Nothing aligned here")
    result = score_plan(
        Plan(Q4, objectives=[company, child_a, child_b, lonely]), date(2026, 11, 15)
    )
    scores = {o.key: o.score for o in result.objectives}
    assert scores["c"] == pytest.approx(0.6)
    assert scores["l"] == 0.0


def test_team_score_is_the_mean_of_its_objectives():
    plan = Plan(
        Q4,
        objectives=[
            Objective(
                "o1",
                "t",
                "One",
                key_results=[metric(key="a", baseline=0, target=10, values=[(5, 9)])],
            ),
            Objective(
                "o2",
                "t",
                "Two",
                key_results=[metric(key="b", baseline=0, target=10, values=[(5, 3)])],
            ),
        ],
    )
    result = score_plan(plan, date(2026, 11, 15))
    assert [(t.key, round(t.score, 4), t.grade) for t in result.teams] == [("t", 0.6, "yellow")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.0, "red"),
        (0.3999, "red"),
        (0.4, "yellow"),
        (0.6999, "yellow"),
        (0.7, "green"),
        (1.0, "green"),
    ],
)
def test_grade_bands(value, expected):
    assert grade(value) == expected


# -- expected progress and status ---------------------------------------------------------


def test_expected_progress_counts_the_day_itself():
    assert expected_progress(Q4, date(2026, 10, 1)) == pytest.approx(1 / 92)
    assert expected_progress(Q4, date(2026, 12, 31)) == 1.0
    assert expected_progress(Q4, date(2026, 9, 1)) == 0.0
    assert expected_progress(Q4, date(2027, 3, 1)) == 1.0
    assert expected_progress(Q4, date(2026, 11, 15), "aspirational") == pytest.approx(0.35)


@pytest.mark.parametrize(
    ("value", "status"),
    [(8.0, "on_track"), (4.0, "on_track"), (3.9, "at_risk"), (2.5, "at_risk"), (2.4, "off_track")],
)
def test_status_follows_the_gap_to_expected(value, status):
    # As of 2026-11-15, e = 46/92 = 0.5 for a committed objective.
    kr = metric(baseline=0, target=10, values=[(40, value)])
    assert score(kr).status == status


def test_silence_is_never_green():
    kr = metric(baseline=0, target=10, values=[(30, 10)])  # 2026-10-31, 15 days before as_of
    assert score(kr).status == "stale"
    assert score(kr, as_of=date(2026, 11, 14)).status == "on_track"


# -- forecast, coverage, 70/20/10 ---------------------------------------------------------


def test_forecast_with_one_check_in_on_the_first_day_is_flat():
    kr = metric(baseline=0, target=10, values=[(0, 4)])
    assert score(kr).forecast_value == pytest.approx(2.0)


def test_coverage_leaves_out_dropped_initiatives():
    plan = Plan(
        Q4,
        objectives=[
            Objective("o", "t", "O", key_results=[metric(key="kr", baseline=68, target=85)])
        ],
        initiatives=[
            Initiative("a", "A", "t", status="in_progress", links=[ImpactLink("kr", 8)]),
            Initiative("b", "B", "t", status="dropped", links=[ImpactLink("kr", 9)]),
            Initiative("c", "C", "t", status="idea", links=[ImpactLink("kr", 4.5)]),
        ],
    )
    kr = score_plan(plan, date(2026, 11, 15)).objectives[0].key_results[0]
    assert kr.coverage == pytest.approx(12.5 / 17)


def test_coverage_of_a_decreasing_metric_uses_signed_impacts():
    kr = metric(baseline=24, target=0.25)
    assert score(kr, impacts=[-6, -6]).coverage == pytest.approx(12 / 23.75)


def test_bucket_shares_split_effort_70_20_10():
    initiatives = [
        Initiative("a", "A", "t", effort=7, bucket="core"),
        Initiative("b", "B", "t", effort=2, bucket="adjacent"),
        Initiative("c", "C", "t", effort=1, bucket="explore"),
        Initiative("d", "D", "t", effort=5, bucket="explore", status="dropped"),
        Initiative("e", "E", "other", effort=50, bucket="core"),
    ]
    assert bucket_shares(initiatives, "t") == pytest.approx(
        {"core": 0.7, "adjacent": 0.2, "explore": 0.1}
    )
    assert bucket_shares([], "t") == {"core": 0.0, "adjacent": 0.0, "explore": 0.0}


# -- invariants -------------------------------------------------------------------------

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
days = st.integers(min_value=0, max_value=91)


@given(baseline=finite, target=finite, value=finite)
def test_direction_symmetry(baseline, target, value):
    """A decrease scores like the mirrored increase."""
    if abs(target - baseline) < 1e-6:
        return
    down = score(metric(baseline=baseline, target=target, values=[(10, value)]))
    up = score(metric(baseline=-baseline, target=-target, values=[(10, -value)]))
    assert down.progress == pytest.approx(up.progress, rel=1e-9, abs=1e-9)
    assert down.score == pytest.approx(up.score, abs=1e-9)


@given(baseline=finite, target=finite, value=finite)
def test_score_is_always_between_zero_and_one(baseline, target, value):
    if abs(target - baseline) < 1e-6:
        return
    s = score(metric(baseline=baseline, target=target, values=[(10, value)]))
    assert 0.0 <= s.score <= 1.0
    assert s.score == min(1.0, max(0.0, s.progress))


@given(
    st.lists(st.tuples(days, finite), min_size=1, max_size=12, unique_by=lambda p: p[0]),
    st.randoms(),
)
def test_check_in_order_does_not_matter(points, rnd):
    shuffled = list(points)
    rnd.shuffle(shuffled)
    a = score(metric(baseline=0, target=100, values=points), as_of=date(2027, 1, 1))
    b = score(metric(baseline=0, target=100, values=shuffled), as_of=date(2027, 1, 1))
    assert a == b


@given(
    st.lists(st.tuples(st.floats(0, 1), st.floats(0.01, 10)), min_size=1, max_size=5),
    st.floats(0.01, 100),
)
def test_weights_scale_free_and_bounded(pairs, factor):
    """Scaling all weights changes nothing; the objective stays within its key results' scores."""

    def plan_with(scale):
        krs = [
            metric(key=f"k{i}", baseline=0, target=1, values=[(5, s)], weight=w * scale)
            for i, (s, w) in enumerate(pairs)
        ]
        return Plan(Q4, objectives=[Objective("o", "t", "O", key_results=krs)])

    one = score_plan(plan_with(1), date(2026, 11, 15)).objectives[0].score
    scaled = score_plan(plan_with(factor), date(2026, 11, 15)).objectives[0].score
    assert one == pytest.approx(scaled, abs=1e-9)
    assert min(s for s, _ in pairs) - 1e-9 <= one <= max(s for s, _ in pairs) + 1e-9


# -- numbers stored before the input bounds -----------------------------------------------


def test_baselines_and_targets_of_1e308_score_as_their_numbers_say():
    figures = score(metric(baseline=-1e308, target=1e308, values=[(40, 0.0)]))
    assert (figures.progress, figures.score) == (0.5, 0.5)
    assert figures.status == "on_track"


def test_huge_weights_keep_a_half_done_objective_yellow():
    krs = [
        metric(key=f"k{i}", baseline=0, target=1, values=[(5, s)], weight=1e308)
        for i, s in enumerate((0.0, 1.0, 0.5))
    ]
    plan = Plan(Q4, objectives=[Objective("o", "t", "O", key_results=krs)])
    objective = score_plan(plan, date(2026, 11, 15)).objectives[0]
    assert (objective.score, objective.grade) == (0.5, "yellow")


def test_a_gap_too_small_to_divide_by_gives_a_finite_progress():
    figures = score(metric(baseline=0, target=5e-324, values=[(10, 1e15)]))
    assert (figures.progress, figures.score) == (1e15, 1.0)


stored = st.floats() | st.sampled_from([1e308, -1e308, 5e-324, -0.0])


@given(
    baseline=st.none() | stored,
    target=st.none() | stored,
    values=st.lists(stored, max_size=4),
    weight=stored,
    impact=stored,
    effort=stored,
)
def test_no_stored_number_makes_a_figure_not_a_number(
    baseline, target, values, weight, impact, effort
):
    kr = metric(baseline=baseline, target=target, values=list(enumerate(values)), weight=weight)
    plan = Plan(
        Q4,
        objectives=[Objective("o", "t", "O", key_results=[kr, metric(key="other")])],
        initiatives=[
            Initiative(
                "i", "I", "t", effort=effort, bucket="core", links=[ImpactLink("kr", impact)]
            )
        ],
    )
    result = score_plan(plan, date(2026, 11, 15))
    figures = result.objectives[0].key_results[0]
    for name in ("progress", "score", "expected", "forecast_value", "forecast_score", "coverage"):
        value = getattr(figures, name)
        assert value is None or math.isfinite(value), (name, value)
    assert 0.0 <= figures.score <= 1.0
    assert math.isfinite(result.objectives[0].score) and math.isfinite(result.teams[0].score)
    assert all(math.isfinite(share) for share in bucket_shares(plan.initiatives, "t").values())

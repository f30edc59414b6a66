"""The weekly report puts what needs attention first."""

from __future__ import annotations

from datetime import date

from okrs.core.domain import CheckIn, Cycle, KeyResult, Objective, Plan, Team
from okrs.core.report import weekly_report
from okrs.core.scoring import score_plan

Q4 = Cycle("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "active")
AS_OF = date(2026, 11, 15)


def plan_with(*key_results: KeyResult) -> Plan:
    return Plan(
        Q4,
        teams=[Team("onboarding", "Onboarding")],
        objectives=[
            Objective("o", "onboarding", "Delight new customers", key_results=list(key_results))
        ],
    )


def report(plan: Plan) -> str:
    return weekly_report(plan, score_plan(plan, AS_OF), AS_OF)


def test_off_track_and_silent_key_results_lead_the_report():
    lagging = KeyResult(
        "lag",
        "Increase activation from 20% to 40%",
        baseline=20,
        target=40,
        check_ins=[
            CheckIn(date(2026, 11, 12), 21, 0.3, "pricing test inconclusive", "legal review")
        ],
    )
    silent = KeyResult("silent", "Reduce churn from 5% to 3%", baseline=5, target=3)
    text = report(plan_with(lagging, silent))
    assert text.startswith("# OKR report — 2026-Q4, 2026-11-15")
    assert "50% of the cycle has elapsed" in text
    assert "### Off track (1)" in text and "Increase activation from 20% to 40% (`lag`)" in text
    assert "### No check-in yet (1)" in text
    assert "- 2026-11-12 `lag` = 21: pricing test inconclusive — blocked: legal review" in text
    assert "| Onboarding | 0.03 | red | 1 |" in text


def test_a_healthy_cycle_says_so():
    fine = KeyResult(
        "ok",
        "Grow weekly active teams from 0 to 10",
        baseline=0,
        target=10,
        check_ins=[CheckIn(date(2026, 11, 14), 6)],
    )
    text = report(plan_with(fine))
    assert "Every key result is on track." in text
    assert "No check-in with a note this week." in text


def test_the_stale_heading_says_how_long_the_silence_has_lasted():
    stale = KeyResult(
        "stale",
        "Grow weekly active teams from 0 to 10",
        baseline=0,
        target=10,
        check_ins=[CheckIn(date(2026, 10, 20), 4)],
    )
    assert "### Stale (no check-in for over 14 days) (1)" in report(plan_with(stale))

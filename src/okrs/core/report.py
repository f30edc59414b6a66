"""The weekly status report: what a team lead reads on Monday, as Markdown.

It puts first what needs attention (off track, at risk, stale, no data) and the notes of
the last week's check-ins, then the scores per team.
"""

from __future__ import annotations

from datetime import date, timedelta

from okrs.core.choices import KeyResultStatus
from okrs.core.domain import Plan
from okrs.core.scoring import STATUS_STALE_AFTER_DAYS, CycleScore, expected_progress

ATTENTION = ("off_track", "at_risk", "stale", "no_data")
# A heading says what "stale" means, where a page shows the status's hint instead.
HEADING_DETAIL: dict[str, str] = {
    KeyResultStatus.STALE: f" (no check-in for over {STATUS_STALE_AFTER_DAYS} days)"
}


def weekly_report(plan: Plan, score: CycleScore, as_of: date) -> str:
    """A Markdown report of the cycle as of a day."""
    elapsed = expected_progress(plan.cycle, as_of)
    lines = [
        f"# OKR report — {plan.cycle.name}, {as_of.isoformat()}",
        "",
        f"{elapsed:.0%} of the cycle has elapsed ({plan.cycle.start} to {plan.cycle.end}).",
        "",
    ]
    lines += _attention(plan, score)
    lines += _recent_notes(plan, as_of)
    lines += _team_scores(plan, score)
    return "\n".join(lines).rstrip() + "\n"


def _attention(plan: Plan, score: CycleScore) -> list[str]:
    titles = {kr.key: kr.title for kr in plan.key_results()}
    lines = ["## Needs attention", ""]
    found = False
    for status in ATTENTION:
        rows = [
            (o.team, kr.key, titles.get(kr.key, kr.key), kr.score)
            for o in score.objectives
            for kr in o.key_results
            if kr.status == status
        ]
        if not rows:
            continue
        found = True
        heading = KeyResultStatus.label_of(status) + HEADING_DETAIL.get(status, "")
        lines += [f"### {heading} ({len(rows)})", ""]
        lines += [
            f"- **{team}** · {title} (`{key}`) — score {value:.2f}"
            for team, key, title, value in rows
        ]
        lines.append("")
    if not found:
        lines += ["Every key result is on track.", ""]
    return lines


def _recent_notes(plan: Plan, as_of: date) -> list[str]:
    since = as_of - timedelta(days=6)
    notes = sorted(
        (
            (c.date, kr.key, c.value, c.note, c.blockers)
            for kr in plan.key_results()
            for c in kr.check_ins
            if since <= c.date <= as_of and (c.note or c.blockers)
        ),
        reverse=True,
    )
    lines = ["## This week's check-ins", ""]
    if not notes:
        return [*lines, "No check-in with a note this week.", ""]
    for day, key, value, note, blockers in notes:
        blocked = f" — blocked: {blockers}" if blockers else ""
        lines.append(f"- {day} `{key}` = {value:g}: {note}{blocked}")
    return [*lines, ""]


def _team_scores(plan: Plan, score: CycleScore) -> list[str]:
    names = {t.key: t.name for t in plan.teams}
    lines = ["## Scores", "", "| team | score | grade | objectives |", "|---|---|---|---|"]
    for team in score.teams:
        count = sum(1 for o in score.objectives if o.team == team.key)
        lines.append(
            f"| {names.get(team.key, team.key)} | {team.score:.2f} | {team.grade} | {count} |"
        )
    if not score.teams:
        lines.append("| — | — | — | no objectives in this cycle |")
    return [*lines, ""]

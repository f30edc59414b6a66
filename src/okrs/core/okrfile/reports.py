"""Reports of a cycle's figures (from `core.scoring`): CSV for spreadsheets and Markdown."""

from __future__ import annotations

import csv
import io
import re

from okrs.core.domain import KeyResult, Objective, Plan
from okrs.core.scoring import CycleScore, KeyResultScore, ObjectiveScore, key_result_dict
from okrs.core.validation import format_number

CSV_COLUMNS = (
    "cycle",
    "team",
    "objective",
    "objective_title",
    "objective_kind",
    "key_result",
    "title",
    "type",
    "unit",
    "baseline",
    "target",
    "current",
    "progress",
    "score",
    "expected",
    "status",
    "confidence",
    "forecast_value",
    "coverage",
    "owner",
)
FIGURE_COLUMNS = CSV_COLUMNS[CSV_COLUMNS.index("current") : CSV_COLUMNS.index("owner")]
SPREADSHEET_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<>|~&]")


def dump_csv(plan: Plan, score: CycleScore) -> str:
    """One row per key result with its figures, for spreadsheets.

    `score` is `score_plan(plan, as_of)`. The owner is the key result's, else its
    objective's. Text that a spreadsheet would run as a formula is prefixed with `'`.
    """
    figures = _key_result_scores(score)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for objective in plan.objectives:
        for kr in objective.key_results:
            row = key_result_dict(figures[kr.key])
            writer.writerow(
                [
                    plan.cycle.name,
                    objective.team,
                    objective.key,
                    _spreadsheet_text(objective.title),
                    objective.kind,
                    kr.key,
                    _spreadsheet_text(kr.title),
                    kr.type,
                    _spreadsheet_text(kr.unit),
                    _csv_value(kr.baseline),
                    _csv_value(kr.target),
                    *(_csv_value(row[column]) for column in FIGURE_COLUMNS),
                    _spreadsheet_text(kr.owner or objective.owner or ""),
                ]
            )
    return buffer.getvalue()


def dump_markdown(plan: Plan, score: CycleScore) -> str:
    """A readable report of the cycle: per team, per objective, a table of key results.

    `score` is `score_plan(plan, as_of)`.
    """
    cycle = plan.cycle
    lines = [
        f"# {cycle.name}",
        "",
        f"{cycle.start.isoformat()} to {cycle.end.isoformat()}, {cycle.state}; "
        f"figures as of {score.as_of.isoformat()}.",
    ]
    if not plan.objectives:
        lines += ["", "_No objectives in this cycle._"]
    team_names = {team.key: team.name for team in plan.teams}
    team_scores = {team.key: team for team in score.teams}
    objective_scores = {objective.key: objective for objective in score.objectives}
    for team_key in dict.fromkeys(objective.team for objective in plan.objectives):
        team_score = team_scores[team_key]
        name = _markdown_text(team_names.get(team_key, team_key))
        lines += [
            "",
            f"## {name} (`{team_key}`): {_score_text(team_score.score, team_score.grade)}",
        ]
        for objective in plan.objectives:
            if objective.team == team_key:
                lines += _markdown_objective(objective, objective_scores[objective.key])
    return "\n".join(lines) + "\n"


def _key_result_scores(score: CycleScore) -> dict[str, KeyResultScore]:
    return {kr.key: kr for objective in score.objectives for kr in objective.key_results}


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def _spreadsheet_text(text: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula."""
    return f"'{text}" if text.startswith(SPREADSHEET_FORMULA_START) else text


def _markdown_objective(objective: Objective, score: ObjectiveScore) -> list[str]:
    details = [f"`{objective.key}`", objective.kind]
    if objective.owner:
        details.append(f"owner {objective.owner}")
    lines = [
        "",
        f"### {_markdown_text(objective.title)}: {_score_text(score.score, score.grade)}",
        "",
        ", ".join(details),
        "",
    ]
    if not objective.key_results:
        return [*lines, "_No key results._"]
    lines += [
        "| key result | baseline → target | current | score | status |",
        "|---|---|---|---|---|",
    ]
    figures = {kr.key: kr for kr in score.key_results}
    for kr in objective.key_results:
        figure = figures[kr.key]
        lines.append(
            f"| {_markdown_text(kr.title)} (`{kr.key}`) | {_markdown_text(_goal_text(kr))} "
            f"| {_markdown_text(_current_text(kr, figure.current))} "
            f"| {_figure(figure.score)} | {figure.status} |"
        )
    return lines


def _goal_text(kr: KeyResult) -> str:
    unit = f" {kr.unit}" if kr.unit else ""
    if kr.type == "milestone":
        return "done"
    if kr.type == "threshold":
        side = "at most" if kr.direction == "at_most" else "at least"
        return f"{side} {_figure(kr.target)}{unit}"
    return f"{_figure(kr.baseline)} → {_figure(kr.target)}{unit}"


def _current_text(kr: KeyResult, current: float | None) -> str:
    if current is None:
        return "–"
    if kr.type == "milestone":
        return "done" if current >= 1 else "not done"
    return f"{_figure(current)}{f' {kr.unit}' if kr.unit else ''}"


def _score_text(value: float, grade: str) -> str:
    return f"{_figure(value)} ({grade})"


def _figure(value: float | None) -> str:
    return "–" if value is None else format_number(round(value, 2))


def _markdown_text(text: str) -> str:
    """Text shown as written inside a Markdown table cell or heading, never as markup.

    Line breaks become spaces (a unit may hold one); a `#` is escaped where it would start
    a heading.
    """
    escaped = MARKDOWN_SPECIAL.sub(r"\\\g<0>", " ".join(text.splitlines()))
    return f"\\{escaped}" if escaped.startswith("#") else escaped

"""Retrospectives: an objective's end-of-cycle review and the team's clarity survey."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from okrs.core import validation
from okrs.core.choices import CycleState
from okrs.goals.models import ClaritySurvey, Cycle, ObjectiveReview
from okrs.goals.places import objective_place_of
from okrs.goals.services.common import Number, _get, _number, _problems, _raise, _visible_objective
from okrs.people.models import Team, User
from okrs.people.permissions import require_answer_survey, require_edit

REVIEW_TEXT_MAX_LENGTH = 5000


CLARITY_SCALE = (1, 2, 3, 4, 5)


@dataclass
class ReviewFields:
    """An objective's retrospective: a grade override (0–1) with its reason, and lessons."""

    grade_override: Number = None
    override_reason: str = ""
    what_worked: str = ""
    what_did_not: str = ""
    lessons: str = ""


@transaction.atomic
def save_objective_review(
    objective_key: str, fields: ReviewFields, *, actor: User | None
) -> ObjectiveReview:
    """Write or rewrite an objective's retrospective: its team's members and admins may.

    The final grade is the computed score unless overridden, and an override needs a
    reason. A cycle still in planning has nothing to review yet.
    """
    objective = _visible_objective(objective_key, actor)
    place = objective_place_of(objective)
    require_edit(actor, f"the review of objective '{objective_key}'", place, place)
    override, override_problem = _number(fields.grade_override)
    reason = fields.override_reason.strip()
    problems = _problems(
        ("cycle", _review_cycle_problem(objective.cycle)),
        ("grade_override", override_problem or _grade_problem(override)),
        (
            "override_reason",
            "an override needs a reason: say why the grade differs from the computed score"
            if override is not None and not reason
            else None,
        ),
    )
    for name in ("override_reason", "what_worked", "what_did_not", "lessons"):
        problems += _problems(
            (
                name,
                validation.check_text(
                    getattr(fields, name), REVIEW_TEXT_MAX_LENGTH, label="this text"
                ),
            )
        )
    _raise(problems)
    review, _ = ObjectiveReview.objects.update_or_create(
        objective=objective,
        defaults={
            "grade_override": override,
            "override_reason": reason,
            "what_worked": fields.what_worked.strip(),
            "what_did_not": fields.what_did_not.strip(),
            "lessons": fields.lessons.strip(),
        },
    )
    return review


@transaction.atomic
def answer_clarity_survey(
    cycle: str, team: str, clarity: object, comment: str = "", *, actor: User | None
) -> ClaritySurvey:
    """A team member's answer to "did our OKRs give us clarity?" (1–5) in a cycle.

    One answer per person, team and cycle: answering again replaces the answer. Only
    members of the team answer (not viewers); everyone who reads the review sees the
    average and the comments, without names.
    """
    stored_cycle = _get(Cycle.objects, cycle, "cycle")
    stored_team = _get(Team.objects, team, "team")
    require_answer_survey(actor, stored_team.pk, team)
    score, score_problem = _clarity(clarity)
    _raise(
        _problems(
            ("cycle", _review_cycle_problem(stored_cycle)),
            ("clarity", score_problem),
            (
                "comment",
                validation.check_text(comment, REVIEW_TEXT_MAX_LENGTH, label="the comment"),
            ),
        )
    )
    answer, _ = ClaritySurvey.objects.update_or_create(
        cycle=stored_cycle,
        team=stored_team,
        respondent=actor,
        defaults={"clarity": score, "comment": comment.strip()},
    )
    return answer


def _review_cycle_problem(cycle: Cycle) -> str | None:
    if cycle.state == CycleState.PLANNING:
        return f"cycle '{cycle.key}' is still in planning: review it once it has run"
    return None


def _grade_problem(grade: float | None) -> str | None:
    if grade is not None and not 0 <= grade <= 1:
        return (
            f"a grade is between 0 and 1 (0.7 is success for an aspirational objective), "
            f"not {validation.format_number(grade)}"
        )
    return None


def _clarity(value: object) -> tuple[int | None, str | None]:
    number, problem = validation.parse_number(value)
    if problem is None and number is not None and number in CLARITY_SCALE:
        return int(number), None
    return None, f"rate the clarity from 1 (none) to 5 (complete), not {validation.describe(value)}"

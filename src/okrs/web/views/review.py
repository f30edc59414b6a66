"""The retrospective of a cycle: final grades, what worked and what did not, the clarity survey.

The review page reads; an objective's review is written on its own form page (team
members and admins), and a team's members answer the clarity survey on the review page.
Viewers read everything and write nothing. Scores are those of the cycle's last day (or
of today while it runs), computed by `core.scoring`; an override never replaces them,
it sits beside them with its reason.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from okrs.core import domain
from okrs.core.choices import CycleState
from okrs.core.errors import Invalid
from okrs.core.scoring import grade
from okrs.goals.models import ClaritySurvey, Cycle, ObjectiveReview
from okrs.goals.services import answer_clarity_survey, save_objective_review
from okrs.people.permissions import may_answer_survey, require_team_editor
from okrs.web.access import (
    page,
    today,
    user_of,
    visible_objective_or_404,
)
from okrs.web.forms import ReviewForm, SurveyForm
from okrs.web.pages import CycleView, ObjectiveRow, load_cycle_view
from okrs.web.views.form_page import form_page, submit

REVIEW_FIELDS = ("grade_override", "override_reason", "what_worked", "what_did_not", "lessons")


@dataclass
class Grade:
    """A score with its grade band, as the grade partial shows it."""

    score: float
    grade: str


@dataclass
class ReviewRow:
    """An objective with its computed score and its retrospective, if written."""

    row: ObjectiveRow
    review: dict[str, Any] | None
    can_edit: bool

    @property
    def overridden(self) -> bool:
        return bool(self.review and self.review["grade_override"] is not None)

    @property
    def final(self) -> Grade:
        """The override when there is one, else the computed score."""
        if self.review and self.review["grade_override"] is not None:
            score = self.review["grade_override"]
            return Grade(score, grade(score))
        return Grade(self.row.figures.score, self.row.figures.grade)


@dataclass
class SurveyRow:
    """A team's clarity survey: the answers, the user's own, and a form when they may answer."""

    team: domain.Team
    ratings: list[int] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    form: SurveyForm | None = None
    answered: bool = False

    @property
    def average(self) -> float | None:
        return sum(self.ratings) / len(self.ratings) if self.ratings else None


@page
def cycle_review(request: HttpRequest, key: str) -> HttpResponse:
    """A cycle's retrospective for one team (`?team=KEY`), all (`?team=all`) or the user's."""
    cycle = get_object_or_404(Cycle, key=key)
    return render(request, "okrs/review.html", review_context(request, cycle))


@page
@require_POST
def survey_answer(request: HttpRequest, key: str, team: str) -> HttpResponse:
    """A team member answers (or re-answers) the team's clarity survey for the cycle."""
    cycle = get_object_or_404(Cycle, key=key)
    form = SurveyForm(request.POST, prefix=f"survey-{team}")
    scope = request.POST.get("scope", "")
    if form.is_valid():
        try:
            answer_clarity_survey(
                key,
                team,
                form.cleaned_data["clarity"],
                form.cleaned_data["comment"],
                actor=user_of(request),
            )
        except Invalid as error:
            form.add_problems(error.problems)
        else:
            messages.success(request, "Thank you: your answer is saved.")
            return redirect(_review_url(cycle.key, scope) + f"#survey-{team}")
    context = review_context(request, cycle, scope=scope, survey=(team, form))
    return render(request, "okrs/review.html", context, status=400)


@page
def objective_review(request: HttpRequest, key: str) -> HttpResponse:
    """Write an objective's retrospective: final grade (override with a reason) and lessons."""
    actor = user_of(request)
    objective = visible_objective_or_404(actor, key)
    require_team_editor(actor, objective.team_id)
    cycle = objective.cycle
    stored = ObjectiveReview.objects.filter(objective=objective).values(*REVIEW_FIELDS).first()
    form = ReviewForm(request.POST or None, initial=_initial(stored))
    scope = request.GET.get("team", "")
    back = _review_url(cycle.key, scope) + f"#review-{key}"

    def save() -> HttpResponse:
        save_objective_review(key, form.values(), actor=actor)
        messages.success(request, "Review saved.")
        return redirect(back)

    if request.method == "POST" and (done := submit(form, save)):
        return done
    view = load_cycle_view(
        cycle, actor, team_keys={objective.team.key}, rules=[], as_of=_as_of(cycle)
    )
    figures = view.row(key).figures
    return form_page(
        request,
        form,
        title=f"Review “{objective.title}”",
        intro=f"Computed score {figures.score:.2f} ({figures.grade}) as of "
        f"{view.as_of.day} {view.as_of:%b %Y}. Override it only with a reason the numbers miss; "
        "then say what worked, what did not, and what the team learnt.",
        cancel=back,
    )


def review_context(
    request: HttpRequest,
    cycle: Cycle,
    *,
    scope: str | None = None,
    survey: tuple[str, SurveyForm] | None = None,
) -> dict[str, Any]:
    """Everything the review page shows; `survey` is a refused answer to show in place."""
    actor = user_of(request)
    view = load_cycle_view(cycle, actor, rules=[], as_of=_as_of(cycle))
    scope = request.GET.get("team", "") if scope is None else scope
    teams = view.organisation.in_scope(scope)
    rows = view.rows_mine_first(teams)
    reviews = _reviews(cycle, teams)
    open_cycle = cycle.state != CycleState.PLANNING
    review_rows = [
        ReviewRow(r, reviews.get(r.objective.key), open_cycle and r.editable) for r in rows
    ]
    return {
        "view": view,
        "cycle": cycle,
        "scope": view.organisation.scope_name(scope),
        "team": view.teams.get(scope),
        "team_choices": [(t.team.key, t.team.name) for t in view.organisation.tree()],
        "rows": review_rows,
        "surveys": _surveys(view, cycle, rows, teams, survey) if open_cycle else [],
        "open_cycle": open_cycle,
        "overrides": sum(1 for r in review_rows if r.overridden),
        "written": sum(1 for r in review_rows if r.review),
    }


def _reviews(cycle: Cycle, teams: set[str] | None) -> dict[str, dict[str, Any]]:
    """The written reviews of the cycle's objectives (of some teams), by objective key."""
    reviews: QuerySet[ObjectiveReview] = ObjectiveReview.objects.filter(objective__cycle=cycle)
    if teams is not None:
        reviews = reviews.filter(objective__team__key__in=teams)
    return {r["objective__key"]: r for r in reviews.values("objective__key", *REVIEW_FIELDS)}


def _surveys(
    view: CycleView,
    cycle: Cycle,
    rows: list[ObjectiveRow],
    teams: set[str] | None,
    refused: tuple[str, SurveyForm] | None,
) -> list[SurveyRow]:
    """The clarity survey of the teams shown: those with objectives here, and the user's."""
    keys = [r.objective.team for r in rows]
    keys += sorted(k for k in view.my_teams if teams is None or k in teams)
    shown = {k: SurveyRow(view.teams[k]) for k in dict.fromkeys(keys) if k in view.teams}
    answers = ClaritySurvey.objects.filter(cycle=cycle)
    if teams is not None:
        answers = answers.filter(team__key__in=teams)
    mine: dict[str, dict[str, Any]] = defaultdict(dict)
    for team, respondent, clarity, comment in answers.order_by("id").values_list(
        "team__key", "respondent_id", "clarity", "comment"
    ):
        if team in shown:
            shown[team].ratings.append(clarity)
            if comment:
                shown[team].comments.append(comment)
            if respondent == view.actor.pk:
                mine[team] = {"clarity": clarity, "comment": comment}
    for key, survey in shown.items():
        survey.answered = key in mine
        if may_answer_survey(view.actor, member=key in view.my_teams):
            survey.form = SurveyForm(initial=mine.get(key), prefix=f"survey-{key}")
        if refused and refused[0] == key:
            survey.form = refused[1]
    return list(shown.values())


def _initial(stored: dict[str, Any] | None) -> dict[str, Any]:
    if not stored:
        return {}
    override = stored["grade_override"]
    return {**stored, "grade_override": "" if override is None else f"{override:g}"}


def _as_of(cycle: Cycle) -> date:
    """Figures stand at the cycle's last day once it is over, else today."""
    return min(today(), cycle.end)


def _review_url(cycle: str, scope: str) -> str:
    url = reverse("cycle-review", args=[cycle])
    return f"{url}?team={scope}" if scope else url

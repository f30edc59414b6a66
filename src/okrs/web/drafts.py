"""The coach on a draft: findings for an objective or key result as its form is typed.

A draft is linted with the rules that can judge it from the form alone. An objective
form gets the wording rules (OKR101–OKR104), alignment (OKR106) and ownership
(OKR107); a key result form gets the key result rules that read its fields (OKR201–
OKR204, OKR206, OKR207) and, with its sibling key results, the count rule of its
objective (OKR105). Rules about check-ins, history, teams and the roadmap (OKR205,
OKR3xx, OKR4xx) say nothing about a sentence being typed, so they are left out.
Nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from okrs.core import domain, validation
from okrs.core.choices import KeyResultType
from okrs.core.coach import Finding, lint
from okrs.goals.models import Cycle, KeyResult, Objective
from okrs.goals.snapshots import cycle_snapshot
from okrs.people.models import Team

OBJECTIVE_DRAFT_RULES = ("OKR101", "OKR102", "OKR103", "OKR104", "OKR106", "OKR107")
KEY_RESULT_DRAFT_RULES = ("OKR105", "OKR201", "OKR202", "OKR203", "OKR204", "OKR206", "OKR207")
NUMBER_RULES = ("OKR202", "OKR203", "OKR204")
DRAFT_KEY = "(draft)"  # never a stored key: keys have no parentheses


@dataclass
class Draft:
    """What the coach says about a draft; `unread` names fields it could not read yet."""

    findings: list[Finding] = field(default_factory=list)
    empty: bool = False
    unread: list[str] = field(default_factory=list)


def lint_objective_draft(
    data: Mapping[str, str], *, cycle: Cycle, stored: Objective | None = None
) -> Draft:
    """The coach on an objective as typed in its form (`data` are the form's raw values)."""
    title = _text(data, "title")
    if not title:
        return Draft(empty=True)
    team_key = _text(data, "team") or (stored.team.key if stored else "")
    draft = domain.Objective(
        key=stored.key if stored else DRAFT_KEY,
        team=team_key,
        title=title,
        kind=_text(data, "kind") or "committed",
        owner=_text(data, "owner") or None,
        aligned_to=_text(data, "aligned_to") or None,
        coach_ignore=list(stored.coach_ignore or []) if stored else [],
    )
    plan = domain.Plan(cycle=cycle_snapshot(cycle), teams=_team(team_key), objectives=[draft])
    return Draft(findings=lint(plan, select=OBJECTIVE_DRAFT_RULES))


def lint_key_result_draft(
    data: Mapping[str, str], *, objective: Objective, stored: KeyResult | None = None
) -> Draft:
    """The coach on a key result as typed, beside its objective's other key results.

    `objective` needs its team and owner loaded. Only the draft's findings come back,
    and the objective's OKR105 (how many key results it would have).
    """
    title = _text(data, "title")
    if not title:
        return Draft(empty=True)
    kr_type = _text(data, "type")
    unread: list[str] = []
    if kr_type not in KeyResultType.values:
        kr_type = "metric"
    baseline = _number(data, "baseline", unread)
    target = _number(data, "target", unread)
    draft = domain.KeyResult(
        key=stored.key if stored else DRAFT_KEY,
        title=title,
        type=kr_type,
        unit=_text(data, "unit"),
        baseline=baseline,
        target=target,
        direction=_text(data, "direction") or None,
        owner=_text(data, "owner") or None,
        coach_ignore=list(stored.coach_ignore or []) if stored else [],
    )
    siblings = _siblings(objective, stored, draft)
    parent = domain.Objective(
        key=objective.key,
        team=objective.team.key,
        title=objective.title,
        kind=objective.kind,
        owner=objective.owner.email if objective.owner else None,
        key_results=siblings,
        coach_ignore=list(objective.coach_ignore or []),
    )
    plan = domain.Plan(cycle=cycle_snapshot(objective.cycle), objectives=[parent])
    rules = [code for code in KEY_RESULT_DRAFT_RULES if not (unread and code in NUMBER_RULES)]
    findings = [
        f
        for f in lint(plan, select=rules)
        if f.target_key == draft.key or (f.target_kind == "objective" and f.code == "OKR105")
    ]
    return Draft(findings=findings, unread=unread)


def _siblings(
    objective: Objective, stored: KeyResult | None, draft: domain.KeyResult
) -> list[domain.KeyResult]:
    """The objective's key results with the draft in the place of the one being edited."""
    rows = (
        KeyResult.objects.filter(objective=objective)
        .order_by("position", "id")
        .values_list("key", "title", "type", "baseline", "target", "owner__email")
    )
    siblings = [
        draft
        if stored and key == stored.key
        else domain.KeyResult(key, title, kr_type, baseline=baseline, target=target, owner=owner)
        for key, title, kr_type, baseline, target, owner in rows
    ]
    return siblings if stored else [*siblings, draft]


def _team(key: str) -> list[domain.Team]:
    """The draft's team as a snapshot (its kind and parent say whether it must align)."""
    return [
        domain.Team(key=k, name=name, kind=kind, parent=parent)
        for k, name, kind, parent in Team.objects.filter(key=key).values_list(
            "key", "name", "kind", "parent__key"
        )
    ]


def _text(data: Mapping[str, str], name: str) -> str:
    value = data.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _number(data: Mapping[str, str], name: str, unread: list[str]) -> float | None:
    """A number field as typed; one that does not read as a number yet is noted, not guessed."""
    text = _text(data, name)
    if not text:
        return None
    number, problem = validation.parse_number(text)
    if problem:
        unread.append(name)
        return None
    return number

"""Objectives: creating, changing, copying into the next quarter, deleting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from okrs.core import validation
from okrs.core.choices import ObjectiveKind, Visibility
from okrs.core.cycles import next_quarter, quarter_dates
from okrs.core.errors import Forbidden, Invalid
from okrs.goals.models import Cycle, KeyResult, Objective
from okrs.goals.places import alignment_loop_message, aligns_into, objective_place_of
from okrs.goals.services.common import (
    Problems,
    _clone,
    _delete,
    _find,
    _free_key,
    _get,
    _key_problems,
    _owner,
    _problems,
    _raise,
    _rekey,
    _visible_objective,
)
from okrs.goals.services.cycles import create_cycle
from okrs.goals.services.key_results import KeyResultFields, _check_key_result, _set_key_result
from okrs.people.models import Team, User
from okrs.people.permissions import Place, objective_place, require_edit, visible_objectives_q


@dataclass
class ObjectiveFields:
    """What a person sets on an objective; `team`, `aligned_to` and `contributors` are keys."""

    team: str
    title: str
    kind: str = "committed"
    description: str = ""
    owner: str | None = None
    visibility: str = "public"
    aligned_to: str | None = None
    contributors: Sequence[str] = ()


@transaction.atomic
def create_objective(
    cycle: str,
    fields: ObjectiveFields,
    *,
    key: str | None = None,
    key_results: Sequence[KeyResultFields] = (),
    actor: User | None,
) -> Objective:
    """A new objective of a team in a cycle, with its first key results if given.

    The problems of a key result name it by position (`key_results[1].title`), found
    with those of the objective.
    """
    stored_cycle = _get(Cycle.objects, cycle, "cycle")
    objective = Objective(cycle=stored_cycle)
    problems = _key_problems(Objective, key)
    checked = [
        _check_key_result(kr_fields, problems, f"key_results[{position}].")
        for position, kr_fields in enumerate(key_results)
    ]
    contributors = _apply_objective(objective, fields, problems, actor, stored=None)
    objective.key = key or _free_key(Objective, f"{stored_cycle.key}-{fields.team}")
    objective.save()
    objective.contributors.set(contributors)
    for position, values in enumerate(checked):
        _set_key_result(KeyResult(objective=objective, position=position), values)
    return objective


@transaction.atomic
def update_objective(key: str, fields: ObjectiveFields, *, actor: User | None) -> Objective:
    """Change an objective; moving it to another team needs edit rights on both."""
    objective = _visible_objective(key, actor)
    stored = objective_place_of(objective)
    require_edit(actor, f"objective '{key}'", stored, None)  # before a word on the input
    contributors = _apply_objective(objective, fields, [], actor, stored=stored)
    objective.save()
    objective.contributors.set(contributors)
    return objective


@transaction.atomic
def copy_objective_to_next_cycle(key: str, *, actor: User | None) -> Objective:
    """Copy an objective and its key results (no check-ins) into the next quarter.

    The next quarter is created, in planning, when it does not exist yet and an admin
    copies (only admins create cycles). The copy aligns to nothing: its parent, if any,
    belongs to the old cycle.
    """
    source = _visible_objective(key, actor)
    require_edit(actor, f"a copy of objective '{key}'", None, objective_place_of(source))
    old_cycle = source.cycle
    name = next_quarter(old_cycle.key)
    if name is None or quarter_dates(name) is None:
        raise Invalid(
            f"cycle '{old_cycle.key}' is not a quarter: create the next cycle first", field="cycle"
        )
    new_cycle = _next_cycle(name, actor)
    contributors = list(source.contributors.all())
    key_results = list(source.key_results.all())
    copy = _clone(source, cycle=new_cycle, aligned_objective=None, aligned_key_result=None)
    copy.key = _free_key(Objective, _rekey(key, old_cycle.key, name), numbered=False)
    copy.save()
    copy.contributors.set(contributors)
    for kr in key_results:
        kr_copy = _clone(kr, objective=copy)
        kr_copy.key = _free_key(KeyResult, _rekey(kr.key, old_cycle.key, name), numbered=False)
        kr_copy.save()
    return copy


def _next_cycle(name: str, actor: User | None) -> Cycle:
    """The next quarter to copy into; an admin's copy creates it when missing."""
    found = Cycle.objects.filter(key=name).first()
    if found is not None:
        return found
    try:
        return create_cycle(name, actor=actor)
    except Forbidden:
        raise Invalid(
            f"cycle {name} does not exist yet: ask an admin to create {name}", field="cycle"
        ) from None


def _apply_objective(
    objective: Objective,
    fields: ObjectiveFields,
    problems: Problems,
    actor: User | None,
    *,
    stored: Place | None,
) -> list[Team]:
    """Validate the fields and references, check permissions, set them (unsaved).

    `stored` is the objective's place as stored (None for a new one). Returns the
    contributing teams, to be set once the objective is saved.
    """
    problems += _problems(
        ("title", validation.check_title(fields.title)),
        ("kind", validation.check_choice(fields.kind, ObjectiveKind.values, "objective kind")),
        ("visibility", validation.check_choice(fields.visibility, Visibility.values, "visibility")),
        ("description", validation.check_text(fields.description, label="the description")),
    )
    if not fields.team:
        problems.append(("team", "choose the team that owns the objective"))
    team = _find(Team.objects, fields.team, "team", "team", problems)
    owner = _owner(fields.owner, problems)
    contributors = list(Team.objects.filter(key__in=fields.contributors))
    missing = set(fields.contributors) - {t.key for t in contributors}
    if missing:
        problems.append(("contributors", f"unknown team {', '.join(sorted(missing))}"))
    aligned_objective, aligned_kr = _alignment(objective, fields.aligned_to, problems, actor)
    _raise(problems)
    assert team is not None
    wanted = objective_place(team.pk, team.key, fields.visibility, [t.pk for t in contributors])
    what = f"objective '{objective.key}'" if stored else "an objective"
    require_edit(actor, what, stored, wanted)
    objective.team, objective.owner = team, owner
    objective.title, objective.kind = fields.title, fields.kind
    objective.description, objective.visibility = fields.description, fields.visibility
    objective.aligned_objective, objective.aligned_key_result = aligned_objective, aligned_kr
    return contributors


def _alignment(
    objective: Objective, target: str | None, problems: Problems, actor: User | None
) -> tuple[Objective | None, KeyResult | None]:
    """The objective or key result (visible to the actor) that `target` names."""
    if not target:
        return None, None
    visible = Objective.objects.filter(visible_objectives_q(actor)).distinct()
    parent = visible.filter(key=target).first()
    if parent is not None:
        if objective.pk and parent.pk == objective.pk:
            problems.append(("aligned_to", "an objective cannot align to itself"))
        elif objective.pk and aligns_into(parent.pk, objective.pk):
            problems.append(("aligned_to", alignment_loop_message(target)))
        return parent, None
    kr = KeyResult.objects.filter(key=target, objective__in=visible).first()
    if kr is None:
        problems.append(("aligned_to", f"no objective or key result with key '{target}'"))
    elif objective.pk and kr.objective_id == objective.pk:
        problems.append(("aligned_to", "an objective cannot align to its own key result"))
    elif objective.pk and aligns_into(kr.objective_id, objective.pk):
        problems.append(("aligned_to", alignment_loop_message(target)))
    return None, kr


@transaction.atomic
def delete_objective(key: str, *, actor: User | None) -> None:
    """Delete an objective with its key results, their check-ins and initiative links."""
    objective = _visible_objective(key, actor)
    _delete(objective, objective_place_of(objective), f"objective '{key}'", actor)

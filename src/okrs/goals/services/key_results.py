"""Key results: creating, changing, deleting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from okrs.core import validation
from okrs.core.choices import Direction, KeyResultType
from okrs.goals.models import KeyResult
from okrs.goals.places import objective_place_of
from okrs.goals.services.common import (
    Number,
    Problems,
    _delete,
    _free_key,
    _get,
    _key_problems,
    _number,
    _owner,
    _problems,
    _raise,
    _visible_objective,
    _visible_objectives,
)
from okrs.people.models import User
from okrs.people.permissions import require_edit


@dataclass
class KeyResultFields:
    """What a person sets on a key result; `owner` is an email address."""

    title: str
    type: str = "metric"
    unit: str = ""
    baseline: Number = None
    target: Number = None
    direction: str | None = None
    weight: float | str = 1.0
    owner: str | None = None


@transaction.atomic
def create_key_result(
    objective: str, fields: KeyResultFields, *, key: str | None = None, actor: User | None
) -> KeyResult:
    """A new key result at the end of an objective's list."""
    parent = _visible_objective(objective, actor)
    require_edit(actor, "a key result", None, objective_place_of(parent))
    position = parent.key_results.count()
    kr = KeyResult(objective=parent, position=position, key=key or "")
    _save_key_result(kr, fields, _key_problems(KeyResult, key))
    return kr


@transaction.atomic
def update_key_result(key: str, fields: KeyResultFields, *, actor: User | None) -> KeyResult:
    """Change a key result's title, type, numbers, weight or owner; check-ins stay."""
    kr = _get(
        KeyResult.objects.filter(objective__in=_visible_objectives(actor)).select_related(
            "objective"
        ),
        key,
        "key result",
    )
    place = objective_place_of(kr.objective)
    require_edit(actor, f"key result '{key}'", place, place)
    _save_key_result(kr, fields, [])
    return kr


def _save_key_result(kr: KeyResult, fields: KeyResultFields, problems: Problems) -> None:
    values = _check_key_result(fields, problems)
    _raise(problems)
    _set_key_result(kr, values)


def _check_key_result(
    fields: KeyResultFields, problems: Problems, prefix: str = ""
) -> dict[str, Any]:
    """Add the problems of a key result's fields, named `prefix` + field; return the
    values to set, numbers read and the owner found."""
    found: Problems = []
    baseline, baseline_problem = _number(fields.baseline)
    target, target_problem = _number(fields.target)
    numbers = _problems(("baseline", baseline_problem), ("target", target_problem))
    found += _problems(
        ("title", validation.check_title(fields.title)),
        ("type", validation.check_choice(fields.type, KeyResultType.values, "key result type")),
        ("unit", validation.check_unit(fields.unit)),
        *numbers,
        ("weight", validation.check_weight(fields.weight)),
        (
            "direction",
            validation.check_choice(fields.direction, Direction.values, "direction")
            if fields.direction
            else None,
        ),
    )
    if not numbers:  # the rules across numbers need each one right
        found += validation.check_key_result_numbers(
            fields.type, baseline, target, fields.direction
        )
    owner = _owner(fields.owner, found)
    problems += [(prefix + name, message) for name, message in found]
    return {
        "title": fields.title,
        "type": fields.type,
        "unit": fields.unit,
        "baseline": baseline,
        "target": target,
        "direction": fields.direction or "",
        "weight": validation.parse_number(fields.weight)[0],
        "owner": owner,
    }


def _set_key_result(kr: KeyResult, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(kr, name, value)
    if not kr.key:
        kr.key = _free_key(KeyResult, f"{kr.objective.key}-kr")
    kr.save()


@transaction.atomic
def delete_key_result(key: str, *, actor: User | None) -> None:
    """Delete a key result with its check-ins and initiative links."""
    kr = _get(
        KeyResult.objects.filter(objective__in=_visible_objectives(actor)).select_related(
            "objective"
        ),
        key,
        "key result",
    )
    _delete(kr, objective_place_of(kr.objective), f"key result '{key}'", actor)

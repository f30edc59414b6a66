"""What the use cases share: collecting input problems, finding rows the actor may see,
free keys, copies, and deleting with a permission check."""

from __future__ import annotations

from typing import Any

from django.db import models

from okrs.core import validation
from okrs.core.errors import Invalid, NotFound
from okrs.goals.models import Objective
from okrs.people.models import User, key_problem
from okrs.people.permissions import Place, require_edit, visible_objectives_q

Problems = list[tuple[str, str]]


Number = float | str | None


def _problems(*checks: tuple[str, str | None]) -> Problems:
    return [(name, message) for name, message in checks if message]


def _raise(problems: Problems) -> None:
    if problems:
        raise Invalid.each(problems)


def _key_problems(model: type[models.Model], key: str | None) -> Problems:
    """Problems with a key chosen by hand (None: one will be generated)."""
    if key is None:
        return []
    problems = _problems(("key", validation.check_key(key)))
    return problems or _problems(("key", key_problem(model, key)))


def _free_key(
    model: type[models.Model], base: str, *, numbered: bool = True, separator: str = "-"
) -> str:
    """`base-1`, `base-2`… (or `base` itself when not `numbered`): the first key not taken.

    Taken ignoring case, as keys are unique.
    """
    base = base[: validation.KEY_MAX_LENGTH - 6]
    taken = {
        key.lower()
        for key in model._default_manager.filter(key__istartswith=base).values_list(
            "key", flat=True
        )
    }
    if not numbered and base.lower() not in taken:
        return base
    number = 1
    while f"{base}{separator}{number}".lower() in taken:
        number += 1
    return f"{base}{separator}{number}"


def _rekey(key: str, old_cycle: str, new_cycle: str) -> str:
    """A copy's key: the cycle name in it replaced, or the new cycle put in front."""
    return key.replace(old_cycle, new_cycle) if old_cycle in key else f"{new_cycle}-{key}"


def _clone(instance: models.Model, **changes: Any) -> Any:
    """An unsaved copy of a row with some fields changed."""
    values = {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if not f.primary_key
    }
    copy = type(instance)(**values)
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy


def _visible_objectives(actor: User | None) -> models.QuerySet[Objective]:
    return Objective.objects.filter(visible_objectives_q(actor)).distinct()


def _visible_objective(key: str, actor: User | None) -> Objective:
    objective = (
        _visible_objectives(actor).select_related("cycle").filter(key=key).first() if key else None
    )
    if objective is None:
        raise NotFound(f"unknown objective '{key}'")
    return objective


def _get(queryset: Any, key: str, what: str) -> Any:
    found = queryset.filter(key=key).first()
    if found is None:
        raise NotFound(f"unknown {what} '{key}'")
    return found


def _find(queryset: Any, key: str | None, field_name: str, what: str, problems: Problems) -> Any:
    """The row with `key`, None when no key is given; an unknown key is a problem."""
    if not key:
        return None
    found = queryset.filter(key=key).first()
    if found is None:
        problems.append((field_name, f"unknown {what} '{key}'"))
    return found


def _owner(email: str | None, problems: Problems) -> User | None:
    """The user an owner's email address names; None for no owner."""
    if not email:
        return None
    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None:
        problems.append(("owner", f"no user with the email address '{email}'"))
    return user


def _number(value: Number) -> tuple[float | None, str | None]:
    """(number, None), (None, None) for no number, or (None, message)."""
    if value is None or value == "":
        return None, None
    return validation.parse_number(value)


def _delete(instance: models.Model, place: Place, what: str, actor: User | None) -> None:
    require_edit(actor, what, place, None)
    instance.delete()

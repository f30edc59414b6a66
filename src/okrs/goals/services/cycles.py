"""Cycles: creating, changing the dates and the state, deleting an empty one."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from okrs.core import validation
from okrs.core.choices import CycleState
from okrs.core.cycles import quarter_dates
from okrs.core.errors import Conflict
from okrs.goals.models import Cycle
from okrs.goals.services.common import Problems, _get, _problems, _raise
from okrs.people.models import User, key_problem
from okrs.people.permissions import require_admin


@transaction.atomic
def create_cycle(
    key: str, start: date | None = None, end: date | None = None, *, actor: User | None
) -> Cycle:
    """A new cycle in planning; a quarter name such as `2027-Q1` may leave out its dates."""
    require_admin(actor, "create cycles")
    problems = _problems(("key", validation.check_key(key, validation.CYCLE_NAME_MAX_LENGTH)))
    if not problems and key_problem(Cycle, key):
        problems.append(("key", f"a cycle '{key}' exists already: pick another name"))
    start, end = _cycle_dates(key, start, end, problems)
    _raise(problems)
    return Cycle.objects.create(key=key, start=start, end=end, state=CycleState.PLANNING)


@transaction.atomic
def update_cycle(key: str, start: date, end: date, *, actor: User | None) -> Cycle:
    """Move a cycle's dates; its check-ins stay where they are."""
    require_admin(actor, "change cycles")
    cycle = _get(Cycle.objects, key, "cycle")
    problems = _problems(
        ("start", validation.check_year(start)),
        ("end", validation.check_year(end) or validation.check_date_range(start, end)),
    )
    _raise(problems)
    cycle.start, cycle.end = start, end
    cycle.save(update_fields=["start", "end"])
    return cycle


@transaction.atomic
def set_cycle_state(key: str, state: str, *, actor: User | None) -> Cycle:
    """Move a cycle forward: planning → active → closed (never back)."""
    require_admin(actor, "change cycles")
    cycle = _get(Cycle.objects, key, "cycle")
    problems = _problems(("state", validation.check_choice(state, CycleState.values, "state")))
    if not problems and CycleState.values.index(state) <= CycleState.values.index(cycle.state):
        problems.append(
            ("state", f"cycle '{key}' is {cycle.state}: it can only move on to a later state")
        )
    _raise(problems)
    cycle.state = state
    cycle.save(update_fields=["state"])
    return cycle


@transaction.atomic
def delete_cycle(key: str, *, actor: User | None) -> None:
    """Delete an empty cycle: one without objectives and initiatives.

    A cycle made by mistake would otherwise stay, and may even be the one every
    dashboard opens on. One with content is refused: delete its content first.
    """
    require_admin(actor, "delete cycles")
    cycle = _get(Cycle.objects, key, "cycle")
    held = [
        f"{count} {what}"
        for count, what in (
            (cycle.objectives.count(), "objective(s)"),
            (cycle.initiatives.count(), "initiative(s)"),
        )
        if count
    ]
    if held:
        raise Conflict(
            f"cycle '{key}' holds {' and '.join(held)}: only an empty cycle is deleted",
            field="cycle",
        )
    cycle.delete()


def _cycle_dates(
    key: str, start: date | None, end: date | None, problems: Problems
) -> tuple[date, date]:
    if start is None or end is None:
        dates = quarter_dates(key)
        if dates is None:
            problems.append(
                ("start", "give start and end dates, or name the cycle as a quarter like 2027-Q1")
            )
            return date.min, date.min
        if message := validation.check_year(dates[0]):
            problems.append(("key", message))
            return dates
        start, end = start or dates[0], end or dates[1]
    problems.extend(
        _problems(
            ("start", validation.check_year(start)),
            ("end", validation.check_year(end) or validation.check_date_range(start, end)),
        )
    )
    return start, end

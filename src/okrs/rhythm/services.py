"""Use cases of the rhythm: set a cadence, check in on everything owed in one go.

Check-ins go through `okrs.goals.services.record_check_in`, so the permission rules,
the input bounds and the stored figures are exactly those of every other check-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from okrs.core.cadence import Cadence
from okrs.core.errors import Forbidden, NotFound, OkrsError
from okrs.goals.models import Cycle, KeyResult
from okrs.goals.services import record_check_in
from okrs.people.models import Team, User
from okrs.people.permissions import (
    can_edit_team,
    can_see,
    objective_place,
    require_admin,
)
from okrs.rhythm.models import CadenceSetting


@dataclass(frozen=True)
class CheckInEntry:
    """One key result's line of the "My check-ins" form."""

    key_result: str
    value: str
    confidence: str = ""
    note: str = ""
    blockers: str = ""


@transaction.atomic
def check_in_all(
    entries: list[CheckInEntry], actor: User, day: date | None = None
) -> dict[str, str]:
    """Record every entry, or none: returns the problems by key result (empty: all recorded).

    Entries without a value are skipped: one checks in on what one knows.
    """
    problems: dict[str, str] = {}
    for entry in entries:
        if not entry.value.strip():
            continue
        try:
            record_check_in(
                entry.key_result,
                entry.value,
                confidence=entry.confidence or None,
                note=entry.note,
                blockers=entry.blockers,
                day=day,
                actor=actor,
            )
        except OkrsError as refused:
            problems[entry.key_result] = str(refused)
    if problems:
        transaction.set_rollback(True)
    return problems


@transaction.atomic
def set_cadence(
    cadence: Cadence | str | None,
    *,
    actor: User | None,
    cycle: Cycle | None = None,
    team: Team | None = None,
    key_result: KeyResult | None = None,
) -> None:
    """Set (or with None clear) the cadence of a cycle (admins), a team or a key result
    (those who edit the team's OKRs)."""
    if [cycle, team, key_result].count(None) != 2:
        raise ValueError("set a cadence on one cycle, team or key result")
    if cycle is not None:
        require_admin(actor, f"change the cadence of cycle '{cycle.key}'")
    elif team is not None and not can_edit_team(actor, team.pk):
        raise Forbidden(f"you may not change the cadence of team '{team.key}'")
    elif key_result is not None:
        objective = key_result.objective
        place = objective_place(
            objective.team_id,
            objective.team.key,
            objective.visibility,
            objective.contributors.values_list("pk", flat=True),
        )
        if not can_see(actor, place):
            raise NotFound(f"unknown key result '{key_result.key}'")
        if not can_edit_team(actor, objective.team_id):
            raise Forbidden(f"you may not change the cadence of key result '{key_result.key}'")
    where: dict[str, Any] = {"cycle": cycle, "team": team, "key_result": key_result}
    if cadence:
        CadenceSetting.objects.update_or_create(**where, defaults={"cadence": Cadence(cadence)})
    else:
        CadenceSetting.objects.filter(**where).delete()

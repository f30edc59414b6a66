"""Check-ins: recording a key result's value on a day (a second one that day corrects it),
and deleting one."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from okrs.core import validation
from okrs.core.errors import Invalid, NotFound
from okrs.goals.models import CheckIn, KeyResult, Objective
from okrs.goals.services.common import _visible_objectives
from okrs.people.models import User
from okrs.people.permissions import is_admin, require_check_in_rights, visible_objectives_q


@transaction.atomic
def record_check_in(
    key_result_key: str,
    value: Any,
    *,
    confidence: Any = None,
    note: str = "",
    blockers: str = "",
    day: date | None = None,
    actor: User | None = None,
) -> tuple[CheckIn, bool]:
    """Record a key result's value on a day (today by default); a second one that day corrects it.

    Returns the check-in and whether it was created (False: an earlier one that day was replaced).
    """
    try:
        # Locked first: a check-in on the same key result at the same instant waits.
        kr = (
            KeyResult.objects.select_for_update(no_key=True, of=("self",))
            .select_related("objective__cycle")
            .get(key=key_result_key)
        )
    except KeyResult.DoesNotExist:
        raise NotFound(f"unknown key result '{key_result_key}'") from None
    objective = kr.objective
    if not is_admin(actor):
        visible = Objective.objects.filter(visible_objectives_q(actor), pk=objective.pk).exists()
        if not visible:
            raise NotFound(f"unknown key result '{key_result_key}'")
    require_check_in_rights(actor, kr)
    number, message = validation.parse_number(value)
    if message:
        raise Invalid(message, field="value")
    assert number is not None
    if kr.type == "milestone" and number not in (0, 1):
        raise Invalid("a milestone is 1 when done and 0 when not", field="value")
    level: float | None = None
    if confidence is not None:
        level, message = validation.parse_number(confidence)
        message = message or validation.check_confidence(level)
        if message:
            raise Invalid(message, field="confidence")
    for name, text in (("note", note), ("blockers", blockers)):
        if message := validation.check_note(text, label=f"the {name}"):
            raise Invalid(message, field=name)
    day = day or timezone.localdate()
    cycle = objective.cycle
    if message := validation.check_year(day):
        raise Invalid(message, field="date")
    if not cycle.start <= day <= cycle.end:
        raise Invalid(
            f"{day} is outside cycle {cycle.key} ({cycle.start} to {cycle.end})",
            field="date",
        )
    if day > timezone.localdate():
        raise Invalid(f"{day} is in the future; check in what you know today", field="date")
    return CheckIn.objects.update_or_create(
        key_result=kr,
        date=day,
        defaults={
            "value": number,
            "confidence": level,
            "note": note,
            "blockers": blockers,
            "author": actor,
        },
    )


@transaction.atomic
def delete_check_in(pk: int, *, actor: User | None) -> None:
    """Delete a check-in; the key result's current value falls back to the one before."""
    check_in = (
        CheckIn.objects.select_related("key_result__objective")
        .filter(pk=pk, key_result__objective__in=_visible_objectives(actor))
        .first()
    )
    if check_in is None:
        raise NotFound(f"unknown check-in {pk}")
    require_check_in_rights(actor, check_in.key_result)
    check_in.delete()

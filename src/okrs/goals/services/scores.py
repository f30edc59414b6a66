"""Scoring a cycle as the actor may see it."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from okrs.core.scoring import CycleScore
from okrs.goals import selectors
from okrs.goals.snapshots import get_cycle
from okrs.people.models import User


def score_cycle(
    cycle_key: str, *, as_of: date | None = None, actor: User | None = None
) -> CycleScore:
    """Every figure of a cycle as it stood at the end of `as_of` (default today)."""
    cycle = get_cycle(cycle_key)
    as_of = as_of or timezone.localdate()
    return selectors.cycle_score(cycle, actor, as_of=as_of)

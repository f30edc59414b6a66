"""Keep `Cycle.revision` fresh: every write that changes what a cycle shows gives it a new one.

Cached snapshots (`snapshots.load_plan`) are keyed by the revision, so a new revision is
all it takes to invalidate them, in every process. Bulk writes, which send no signals,
call `touch_cycles` themselves (the importer, the generator).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from okrs.goals.models import (
    CheckIn,
    Cycle,
    Initiative,
    InitiativeLink,
    KeyResult,
    Objective,
    new_revision,
)
from okrs.people.models import Team, User


def touch_cycles(where: Q | None = None) -> None:
    """Give the cycles matching `where` (all cycles when None) a new revision."""
    cycles = Cycle.objects.all() if where is None else Cycle.objects.filter(where)
    cycles.update(revision=new_revision())


@receiver([post_save, post_delete], sender=Objective)
def objective_changed(instance: Objective, **_: Any) -> None:
    touch_cycles(Q(pk=instance.cycle_id))


@receiver(m2m_changed, sender=Objective.contributors.through)
def contributors_changed(instance: Objective | Team, **_: Any) -> None:
    if isinstance(instance, Objective):
        touch_cycles(Q(pk=instance.cycle_id))
    else:
        touch_cycles(Q(objectives__contributors=instance.pk))


@receiver([post_save, post_delete], sender=KeyResult)
def key_result_changed(instance: KeyResult, **_: Any) -> None:
    touch_cycles(Q(objectives=instance.objective_id))


@receiver([post_save, post_delete], sender=CheckIn)
def check_in_changed(instance: CheckIn, **_: Any) -> None:
    touch_cycles(Q(objectives__key_results=instance.key_result_id))


@receiver([post_save, post_delete], sender=Initiative)
def initiative_changed(instance: Initiative, **_: Any) -> None:
    touch_cycles(Q(pk=instance.cycle_id))


@receiver([post_save, post_delete], sender=InitiativeLink)
def link_changed(instance: InitiativeLink, **_: Any) -> None:
    touch_cycles(Q(initiatives=instance.initiative_id))


@receiver([post_save, post_delete], sender=Team)
def team_changed(**_: Any) -> None:
    # Every cycle's snapshot lists the organisation's teams.
    touch_cycles()


@receiver(post_save, sender=User)
def person_changed(
    instance: User, created: bool, update_fields: frozenset[str] | None, **_: Any
) -> None:
    # Snapshots name owners and authors by email; signing in only saves last_login.
    if not created and (update_fields is None or "email" in update_fields):
        touch_cycles(
            Q(objectives__owner=instance.pk)
            | Q(objectives__key_results__owner=instance.pk)
            | Q(objectives__key_results__check_ins__author=instance.pk)
        )

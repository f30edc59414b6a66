"""Keep the stored figures and findings current after every single-row write.

Services, the admin and scripts all save rows through the ORM; these receivers call
`figures` for what a saved or deleted row feeds, in the same transaction. Bulk writes
send no signals: the importer, the generator and the demo call `figures` themselves,
and so does whatever loads rows as fixtures (`raw` saves are skipped).

A row deleted because something above it is deleted (its key result, objective or
cycle) leaves the work to the receiver of the row the deletion started from.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from okrs.goals import figures
from okrs.goals.models import CheckIn, Cycle, Initiative, InitiativeLink, KeyResult, Objective
from okrs.people.models import Team

Receiver = TypeVar("Receiver", bound=Callable[..., None])


def _live(receiver_function: Receiver) -> Receiver:
    """Skip saves of fixtures being loaded (`raw`): `okrs restore` recomputes afterwards."""

    @functools.wraps(receiver_function)
    def receive(*args: Any, **kwargs: Any) -> None:
        if not kwargs.get("raw"):
            receiver_function(*args, **kwargs)

    return cast(Receiver, receive)


def _cascading(origin: object, *models: type) -> bool:
    """Whether a deletion started from a row of one of these models (or a query of them)."""
    model = getattr(origin, "model", None) or type(origin)
    return model in models


@receiver([post_save, post_delete], sender=CheckIn)
@_live
def check_in_changed(instance: CheckIn, origin: object = None, **_: Any) -> None:
    if _cascading(origin, KeyResult, Objective, Cycle):
        return
    figures.refresh(key_results=[instance.key_result_id], coach=False)


@receiver(pre_save, sender=KeyResult)
@_live
def key_result_saving(instance: KeyResult, **_: Any) -> None:
    instance._okrs_before = (  # type: ignore[attr-defined]
        KeyResult.objects.filter(pk=instance.pk).values_list("objective_id", flat=True).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=KeyResult)
@_live
def key_result_saved(instance: KeyResult, **_: Any) -> None:
    moved_from = getattr(instance, "_okrs_before", None)
    figures.refresh(key_results=[instance.pk], objectives=[moved_from] if moved_from else [])


@receiver(pre_delete, sender=KeyResult)
def key_result_deleting(instance: KeyResult, origin: object = None, **_: Any) -> None:
    if _cascading(origin, Objective, Cycle):
        return
    instance._okrs_served = list(  # type: ignore[attr-defined]
        instance.initiative_links.values_list("initiative_id", flat=True)
    )
    instance._okrs_aligned = list(  # type: ignore[attr-defined]
        instance.aligned_objectives.values_list("pk", flat=True)
    )


@receiver(post_delete, sender=KeyResult)
def key_result_deleted(instance: KeyResult, origin: object = None, **_: Any) -> None:
    if _cascading(origin, Objective, Cycle):
        return
    # Initiatives that served only this key result are left linked to none (OKR403);
    # objectives aligned to it are left aligned to nothing (OKR106).
    figures.refresh(
        objectives=[instance.objective_id, *getattr(instance, "_okrs_aligned", [])],
        initiatives=getattr(instance, "_okrs_served", []),
    )


@receiver(pre_save, sender=Objective)
@_live
def objective_saving(instance: Objective, **_: Any) -> None:
    instance._okrs_before = (  # type: ignore[attr-defined]
        Objective.objects.filter(pk=instance.pk)
        .values_list("cycle_id", "team_id", "aligned_objective_id")
        .first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Objective)
@_live
def objective_saved(instance: Objective, **_: Any) -> None:
    before = getattr(instance, "_okrs_before", None)
    cycle_id, team_id, parent = before or (None, None, None)
    figures.refresh(
        objectives=[instance.pk, *([parent] if parent else [])],
        teams=[(cycle_id, team_id)] if cycle_id and team_id else [],
    )


@receiver(pre_delete, sender=Objective)
def objective_deleting(instance: Objective, origin: object = None, **_: Any) -> None:
    if _cascading(origin, Cycle):
        return
    aligned = Objective.objects.filter(aligned_objective=instance) | Objective.objects.filter(
        aligned_key_result__objective=instance
    )
    instance._okrs_aligned = list(aligned.values_list("pk", flat=True))  # type: ignore[attr-defined]
    instance._okrs_served = list(  # type: ignore[attr-defined]
        InitiativeLink.objects.filter(key_result__objective=instance).values_list(
            "initiative_id", flat=True
        )
    )


@receiver(post_delete, sender=Objective)
def objective_deleted(instance: Objective, origin: object = None, **_: Any) -> None:
    if _cascading(origin, Cycle):
        return
    parent = instance.aligned_objective_id
    figures.refresh(
        objectives=[*([parent] if parent else []), *getattr(instance, "_okrs_aligned", [])],
        initiatives=getattr(instance, "_okrs_served", []),
        teams=[(instance.cycle_id, instance.team_id)],
    )


@receiver(pre_save, sender=Initiative)
@_live
def initiative_saving(instance: Initiative, **_: Any) -> None:
    instance._okrs_before = (  # type: ignore[attr-defined]
        Initiative.objects.filter(pk=instance.pk).values_list("cycle_id", "team_id").first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Initiative)
@_live
def initiative_saved(instance: Initiative, **_: Any) -> None:
    before = getattr(instance, "_okrs_before", None)
    figures.refresh(initiatives=[instance.pk], teams=[before] if before and before[1] else [])


@receiver(pre_delete, sender=Initiative)
def initiative_deleting(instance: Initiative, **_: Any) -> None:
    instance._okrs_served = list(  # type: ignore[attr-defined]
        instance.links.values_list("key_result_id", flat=True)
    )


@receiver(post_delete, sender=Initiative)
def initiative_deleted(instance: Initiative, origin: object = None, **_: Any) -> None:
    if _cascading(origin, Cycle):
        return
    figures.refresh(
        key_results=getattr(instance, "_okrs_served", []),
        teams=[(instance.cycle_id, instance.team_id)] if instance.team_id else [],
    )


@receiver([post_save, post_delete], sender=InitiativeLink)
@_live
def link_changed(instance: InitiativeLink, origin: object = None, **_: Any) -> None:
    if _cascading(origin, Initiative, KeyResult, Objective, Cycle):
        return
    figures.refresh(initiatives=[instance.initiative_id], key_results=[instance.key_result_id])


@receiver(pre_save, sender=Cycle)
@_live
def cycle_saving(instance: Cycle, **_: Any) -> None:
    instance._okrs_before = (  # type: ignore[attr-defined]
        Cycle.objects.filter(pk=instance.pk).values_list("start", "end").first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Cycle)
@_live
def cycle_saved(instance: Cycle, **_: Any) -> None:
    # Threshold scores and forecasts count the cycle's days.
    before = getattr(instance, "_okrs_before", None)
    if before and before != (instance.start, instance.end):
        figures.recompute_cycle(instance)


@receiver(pre_save, sender=Team)
@_live
def team_saving(instance: Team, **_: Any) -> None:
    instance._okrs_before = (  # type: ignore[attr-defined]
        Team.objects.filter(pk=instance.pk).values_list("parent_id", "kind").first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Team)
@_live
def team_saved(instance: Team, **_: Any) -> None:
    # Whether a team is at the top decides the coach's OKR106 on its objectives.
    before = getattr(instance, "_okrs_before", None)
    if before and before != (instance.parent_id, instance.kind):
        figures.teams_changed([instance.pk])

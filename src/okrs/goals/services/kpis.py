"""KPIs and their measurements: creating, changing, deleting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models, transaction

from okrs.core import validation
from okrs.core.errors import NotFound
from okrs.goals.models import KeyResult, Kpi, KpiMeasurement
from okrs.goals.places import team_place
from okrs.goals.services.common import (
    Problems,
    _delete,
    _find,
    _free_key,
    _get,
    _key_problems,
    _number,
    _problems,
    _raise,
    _visible_objectives,
)
from okrs.people.models import Team, User
from okrs.people.permissions import Place, require_edit


@dataclass
class KpiFields:
    """What a person sets on a KPI; `team` and `key_results` are keys."""

    team: str
    name: str
    unit: str = ""
    healthy_min: float | None = None
    healthy_max: float | None = None
    description: str = ""
    key_results: Sequence[str] = ()


@transaction.atomic
def create_kpi(fields: KpiFields, *, key: str | None = None, actor: User | None) -> Kpi:
    """A new health metric of a team, with its healthy range and the key results moving it."""
    kpi = Kpi(key=key or "")
    _save_kpi(kpi, fields, _key_problems(Kpi, key), actor, stored=None)
    return kpi


@transaction.atomic
def update_kpi(key: str, fields: KpiFields, *, actor: User | None) -> Kpi:
    """Change a KPI; moving it to another team needs edit rights on both."""
    kpi = _get(Kpi.objects.select_related("team"), key, "KPI")
    stored = team_place(kpi.team)
    require_edit(actor, f"KPI '{key}'", stored, None)  # before a word on the input
    _save_kpi(kpi, fields, [], actor, stored=stored)
    return kpi


def _save_kpi(
    kpi: Kpi, fields: KpiFields, problems: Problems, actor: User | None, *, stored: Place | None
) -> None:
    problems += _problems(
        ("name", validation.check_name(fields.name)),
        ("unit", validation.check_unit(fields.unit)),
        ("description", validation.check_text(fields.description, label="the description")),
        ("healthy_min", _number(fields.healthy_min)[1]),
        ("healthy_max", _number(fields.healthy_max)[1]),
    )
    low, high = fields.healthy_min, fields.healthy_max
    if not problems and low is not None and high is not None and high < low:
        span = f"{validation.format_number(low)} to {validation.format_number(high)}"
        problems.append(
            ("healthy_max", f"the healthy range {span} ends below its start: swap them")
        )
    if not fields.team:
        problems.append(("team", "choose the team whose health the KPI measures"))
    team = _find(Team.objects, fields.team, "team", "team", problems)
    key_results = _kpi_key_results(kpi, fields.key_results, problems, actor)
    _raise(problems)
    assert team is not None
    require_edit(actor, f"KPI '{kpi.key}'" if stored else "a KPI", stored, team_place(team))
    kpi.team, kpi.name, kpi.unit = team, fields.name, fields.unit
    kpi.healthy_min, kpi.healthy_max, kpi.description = low, high, fields.description
    if not kpi.key:
        kpi.key = _free_key(Kpi, f"{team.key}-kpi")
    kpi.save()
    kpi.key_results.set(key_results)


def _kpi_key_results(
    kpi: Kpi, keys: Sequence[str], problems: Problems, actor: User | None
) -> list[KeyResult]:
    """The key results named, visible to the actor (links made earlier are kept as they are)."""
    linked = set(kpi.key_results.values_list("key", flat=True)) if kpi.pk else set()
    found = {
        kr.key: kr
        for kr in KeyResult.objects.filter(key__in=keys).filter(
            models.Q(objective__in=_visible_objectives(actor)) | models.Q(key__in=linked)
        )
    }
    missing = [k for k in keys if k not in found]
    if missing:
        problems.append(("key_results", f"unknown key result {', '.join(missing)}"))
    return list(found.values())


@transaction.atomic
def create_measurement(
    kpi: str, day: object, value: object, *, actor: User | None
) -> KpiMeasurement:
    """Record a KPI's value on a day."""
    stored = _get(Kpi.objects.select_related("team"), kpi, "KPI")
    require_edit(actor, f"a measurement of KPI '{kpi}'", None, team_place(stored.team))
    measurement = KpiMeasurement(kpi=stored)
    _save_measurement(measurement, day, value)
    return measurement


@transaction.atomic
def update_measurement(
    pk: int, day: object, value: object, *, actor: User | None
) -> KpiMeasurement:
    """Correct a measurement's day or value."""
    measurement = _measurement(pk)
    place = team_place(measurement.kpi.team)
    require_edit(actor, f"a measurement of KPI '{measurement.kpi.key}'", place, place)
    _save_measurement(measurement, day, value)
    return measurement


def _save_measurement(measurement: KpiMeasurement, day: object, value: object) -> None:
    parsed_day, day_problem = validation.parse_date(day)
    number, number_problem = validation.parse_number(value)
    _raise(_problems(("date", day_problem), ("value", number_problem)))
    assert parsed_day is not None and number is not None
    measurement.date, measurement.value = parsed_day, number
    measurement.save()


def _measurement(pk: int) -> KpiMeasurement:
    measurement = KpiMeasurement.objects.select_related("kpi__team").filter(pk=pk).first()
    if measurement is None:
        raise NotFound(f"unknown measurement {pk}")
    return measurement


@transaction.atomic
def delete_kpi(key: str, *, actor: User | None) -> None:
    """Delete a KPI with its measurements."""
    kpi = _get(Kpi.objects.select_related("team"), key, "KPI")
    _delete(kpi, team_place(kpi.team), f"KPI '{key}'", actor)


@transaction.atomic
def delete_measurement(pk: int, *, actor: User | None) -> None:
    """Delete one measurement of a KPI."""
    measurement = _measurement(pk)
    place = team_place(measurement.kpi.team)
    _delete(measurement, place, f"a measurement of KPI '{measurement.kpi.key}'", actor)

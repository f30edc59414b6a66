"""KPIs (a team's ongoing health metrics) and their measurements over time."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status

from okrs.api import queries
from okrs.api.auth import actor
from okrs.api.errors import READ_ERRORS, WRITE_ERRORS
from okrs.api.pagination import paginate
from okrs.api.schemas import (
    KpiIn,
    KpiOut,
    KpiPatch,
    KpiQuery,
    MeasurementIn,
    MeasurementOut,
    MeasurementPatch,
    Page,
    PageQuery,
    patched,
)
from okrs.goals import services
from okrs.goals.models import Kpi, KpiMeasurement
from okrs.people.models import User

router = Router(tags=["KPIs"])
measurements_router = Router(tags=["KPIs"])

COLUMNS = queries.Columns(
    {
        "id": "id",
        "key": "key",
        "team": "team__key",
        "name": "name",
        "unit": "unit",
        "healthy_min": "healthy_min",
        "healthy_max": "healthy_max",
        "description": "description",
    }
)
MEASUREMENT_COLUMNS = queries.Columns(
    {"id": "id", "kpi": "kpi__key", "date": "date", "value": "value"}
)


@router.get("", response={200: Page[KpiOut], **READ_ERRORS})
def list_kpis(request: HttpRequest, query: Query[KpiQuery]) -> dict[str, Any]:
    """KPIs, by name, optionally of one team."""
    selection = Kpi.objects.order_by("name", "id")
    if query.team is not None:
        selection = selection.filter(team__key=query.team)
    user = actor(request)
    return paginate(request, COLUMNS.select(selection), query, lambda page: bodies(user, page))


@router.get("/{ref}", response={200: KpiOut, **READ_ERRORS})
def get_kpi(request: HttpRequest, ref: str) -> dict[str, Any]:
    """One KPI by id or key."""
    return body(actor(request), find(ref).pk)


@router.post("", response={201: KpiOut, **WRITE_ERRORS})
def create_kpi(request: HttpRequest, payload: KpiIn) -> Status[dict[str, Any]]:
    """A new KPI of a team, with the healthy range and the key results that move it."""
    queries.require_new_key(Kpi, payload.key)
    fields = services.KpiFields(**payload.model_dump(exclude={"key"}))
    kpi = services.create_kpi(fields, key=payload.key, actor=actor(request))
    return Status(201, body(actor(request), kpi.pk))


@router.patch("/{ref}", response={200: KpiOut, **WRITE_ERRORS})
def update_kpi(request: HttpRequest, ref: str, payload: KpiPatch) -> dict[str, Any]:
    """Change some of a KPI's fields; `key_results`, when given, replaces the list."""
    kpi = find(ref)
    fields = patched(current_fields(kpi), payload.model_dump(exclude_unset=True))
    services.update_kpi(kpi.key, fields, actor=actor(request))
    return body(actor(request), kpi.pk)


@router.delete("/{ref}", response={204: None, **WRITE_ERRORS})
def delete_kpi(request: HttpRequest, ref: str) -> Status[None]:
    """Delete a KPI with its measurements."""
    services.delete_kpi(find(ref).key, actor=actor(request))
    return Status(204, None)


@router.get("/{ref}/measurements", response={200: Page[MeasurementOut], **READ_ERRORS})
def list_measurements(request: HttpRequest, ref: str, query: Query[PageQuery]) -> dict[str, Any]:
    """A KPI's measurements, oldest first."""
    selection = measurements().filter(kpi=find(ref))
    return paginate(
        request, MEASUREMENT_COLUMNS.select(selection), query, MEASUREMENT_COLUMNS.bodies
    )


@router.post("/{ref}/measurements", response={201: MeasurementOut, **WRITE_ERRORS})
def create_measurement(
    request: HttpRequest, ref: str, payload: MeasurementIn
) -> Status[dict[str, Any]]:
    """Record a KPI's value on a day."""
    measurement = services.create_measurement(
        find(ref).key, payload.date, payload.value, actor=actor(request)
    )
    return Status(201, MEASUREMENT_COLUMNS.body(measurements(), measurement.pk))


@measurements_router.get("/{int:measurement_id}", response={200: MeasurementOut, **READ_ERRORS})
def get_measurement(request: HttpRequest, measurement_id: int) -> dict[str, Any]:
    """One measurement by id."""
    return MEASUREMENT_COLUMNS.body(measurements(), find_measurement(measurement_id).pk)


@measurements_router.patch("/{int:measurement_id}", response={200: MeasurementOut, **WRITE_ERRORS})
def update_measurement(
    request: HttpRequest, measurement_id: int, payload: MeasurementPatch
) -> dict[str, Any]:
    """Correct a measurement's date or value."""
    stored = find_measurement(measurement_id)
    given = payload.model_dump(exclude_unset=True)
    day, value = given.get("date", stored.date), given.get("value", stored.value)
    services.update_measurement(stored.pk, day, value, actor=actor(request))
    return MEASUREMENT_COLUMNS.body(measurements(), stored.pk)


@measurements_router.delete("/{int:measurement_id}", response={204: None, **WRITE_ERRORS})
def delete_measurement(request: HttpRequest, measurement_id: int) -> Status[None]:
    """Delete a measurement."""
    services.delete_measurement(find_measurement(measurement_id).pk, actor=actor(request))
    return Status(204, None)


def find(ref: str) -> Kpi:
    return queries.get_ref(Kpi.objects.all(), ref, "KPI")


def find_measurement(pk: int) -> KpiMeasurement:
    return queries.get_id(measurements(), pk, "measurement")


def measurements() -> QuerySet[KpiMeasurement]:
    return KpiMeasurement.objects.order_by("date", "id")


def body(user: User, pk: int) -> dict[str, Any]:
    return bodies(user, [COLUMNS.select(Kpi.objects.all()).get(pk=pk)])[0]


def bodies(user: User, rows: list[Any]) -> list[dict[str, Any]]:
    """KPIs with the keys of the key results (that the user sees) they are linked to."""
    items = COLUMNS.bodies(rows)
    linked: dict[int, list[str]] = defaultdict(list)
    links = Kpi.key_results.through.objects.filter(
        kpi_id__in=[item["id"] for item in items],
        keyresult_id__in=queries.key_results(user).values("pk"),
    )
    for kpi_id, key in links.order_by("keyresult__key").values_list("kpi_id", "keyresult__key"):
        linked[kpi_id].append(key)
    return [{**item, "key_results": linked[item["id"]]} for item in items]


def current_fields(kpi: Kpi) -> services.KpiFields:
    """The KPI's fields as `editing` takes them, for a PATCH to change some."""
    return services.KpiFields(
        team=kpi.team.key,
        name=kpi.name,
        unit=kpi.unit,
        healthy_min=kpi.healthy_min,
        healthy_max=kpi.healthy_max,
        description=kpi.description,
        key_results=list(kpi.key_results.order_by("key").values_list("key", flat=True)),
    )

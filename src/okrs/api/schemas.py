"""Request and response bodies of the API (pydantic, through django-ninja).

Bodies are typed, not validated: titles, keys, numbers and references are checked by
the services with `okrs.core.validation`, so the API says the same words as the
importer and the web forms. Numbers are read by `validation.parse_number` too, so
`true` is no number here either (pydantic would take it for 1.0). Figures are named and
rounded as `okrs score --json` has them. In a PATCH body a field left out stays as it is
and `null` clears it (a list becomes empty; a field that cannot be empty answers 422, and
the OpenAPI document does not offer `null` for it). The document states the bounds the
services enforce (numbers, dates, required text), so a client learns them before a 422.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Any, Generic, Literal, TypeVar, get_args

from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from okrs.core import choices, validation
from okrs.people.services import MAX_TOKEN_DAYS

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T")
F = TypeVar("F", bound="DataclassInstance")

if TYPE_CHECKING:
    # The enumerations are data (okrs.core.choices), which a type checker cannot read
    # as a `Literal`: to it they are text, as they are to the services.
    ObjectiveKind = str
    Visibility = str
    KeyResultType = str
    Direction = str
    KeyResultStatus = str
    InitiativeStatus = str
    Bucket = str
    Grade = str
    Scope = str
    CycleState = str
    TeamKind = str
    Role = str
    Severity = str
    TargetKind = str
else:
    ObjectiveKind = Literal[choices.ObjectiveKind.values]
    Visibility = Literal[choices.Visibility.values]
    KeyResultType = Literal[choices.KeyResultType.values]
    Direction = Literal[choices.Direction.values]
    KeyResultStatus = Literal[choices.KeyResultStatus.values]
    InitiativeStatus = Literal[choices.InitiativeStatus.values]
    Bucket = Literal[choices.Bucket.values]
    Grade = Literal[choices.Grade.values]
    Scope = Literal[choices.TokenScope.values]
    CycleState = Literal[choices.CycleState.values]
    TeamKind = Literal[choices.TeamKind.values]
    Role = Literal[choices.Role.values]
    Severity = Literal[choices.Severity.values]
    TargetKind = Literal[choices.TargetKind.values]


def _number(value: object) -> float:
    """A number of a request body as `validation.parse_number` reads it."""
    number, message = validation.parse_number(value)
    if number is None:
        raise PydanticCustomError("number", message or "expected a number")
    return number


def _optional_number(value: object) -> float | None:
    return None if value is None else _number(value)


def _number_schema(optional: bool, **bounds: float) -> WithJsonSchema:
    """The OpenAPI schema of a number with the bounds the services enforce, so that a
    client (or a fuzzer) learns them from the document rather than from a 422."""
    number = {"type": "number", **bounds}
    return WithJsonSchema({"anyOf": [number, {"type": "null"}]} if optional else number)


LIMITS = {"minimum": -validation.VALUE_LIMIT, "maximum": validation.VALUE_LIMIT}
WEIGHT = {"exclusiveMinimum": 0, "maximum": validation.WEIGHT_MAX}
CONFIDENCE = {"minimum": 0, "maximum": 1}
EFFORT = {"minimum": 0, "maximum": validation.VALUE_LIMIT}

Number = Annotated[float, BeforeValidator(_number), _number_schema(False, **LIMITS)]
OptionalNumber = Annotated[
    float | None, BeforeValidator(_optional_number), _number_schema(True, **LIMITS)
]
Weight = Annotated[float, BeforeValidator(_number), _number_schema(False, **WEIGHT)]
Confidence = Annotated[
    float | None, BeforeValidator(_optional_number), _number_schema(True, **CONFIDENCE)
]
Effort = Annotated[float | None, BeforeValidator(_optional_number), _number_schema(True, **EFFORT)]


def _iso_date(value: object) -> dt.date:
    """A date of a query or body: an ISO date (YYYY-MM-DD) and nothing else, so `0` or
    `1700000000` is no day of 1970 or 2023 (pydantic would read them as timestamps)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    shown = validation.describe(value)
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise PydanticCustomError(
            "date", "expected a date as YYYY-MM-DD, got {shown}", {"shown": shown}
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "date",
            "expected a date as YYYY-MM-DD, got {shown}: there is no such day",
            {"shown": shown},
        ) from None


def _optional_iso_date(value: object) -> dt.date | None:
    return None if value is None else _iso_date(value)


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A day as the OpenAPI document states it: any ISO date for a query's `as_of`, a day in
# the years okrs plans in (`validation.FIRST_YEAR` to `LAST_YEAR`) for a body's date.
ANY_DAY = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
PLANNED_DAY = {
    "type": "string",
    "format": "date",
    "pattern": "^(20[0-9]{2}|21[0-9]{2}|2200)-[0-9]{2}-[0-9]{2}$",
}
assert (validation.FIRST_YEAR, validation.LAST_YEAR) == (2000, 2200), "update PLANNED_DAY"
QueryDate = Annotated[
    dt.date | None,
    BeforeValidator(_optional_iso_date),
    WithJsonSchema({"anyOf": [ANY_DAY, {"type": "null"}]}),
]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date), WithJsonSchema(PLANNED_DAY)]
OptionalIsoDate = Annotated[
    dt.date | None,
    BeforeValidator(_optional_iso_date),
    WithJsonSchema({"anyOf": [PLANNED_DAY, {"type": "null"}]}),
]
# Text a body must give: the services refuse an empty one (a title, a reference) with
# their own words, and the document says so.
Required = Annotated[str, WithJsonSchema({"type": "string", "minLength": 1})]


# -- PATCH fields that `null` cannot clear ------------------------------------------------
# The services answer 422 for a null there; the document offers only the values they take.


def _one_of(literal: Any) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": list(get_args(literal))})


Text = Annotated[str | None, WithJsonSchema({"type": "string"})]
RequiredText = Annotated[str | None, WithJsonSchema({"type": "string", "minLength": 1})]
GivenNumber = Annotated[
    float | None, BeforeValidator(_optional_number), _number_schema(False, **LIMITS)
]
GivenWeight = Annotated[
    float | None, BeforeValidator(_optional_number), _number_schema(False, **WEIGHT)
]
GivenDate = Annotated[
    dt.date | None, BeforeValidator(_optional_iso_date), WithJsonSchema(PLANNED_DAY)
]


class Body(Schema):
    """A request body: unknown fields are refused rather than silently dropped."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


# -- lists --------------------------------------------------------------------------------


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=500, description="How many items (at most 500).")
    offset: int = Field(0, ge=0, le=10**9, description="How many items to skip.")


class Page(Schema, Generic[T]):
    """One page of a list; `next` and `previous` are the URLs of the pages around it."""

    count: int
    next: str | None
    previous: str | None
    items: list[T]


class ScoredQuery(PageQuery):
    cycle: str | None = Field(
        None, description="Cycle key; by default the current cycle (active today, else latest)."
    )
    as_of: QueryDate = Field(None, description="Figures as they stood that day (default today).")
    team: str | None = Field(None, description="Key of the owning team.")
    owner: str | None = Field(None, description="Owner's email address.")


class KeyResultQuery(ScoredQuery):
    objective: str | None = Field(None, description="Key of the objective.")
    status: KeyResultStatus | None = None


class AsOfQuery(Schema):
    as_of: QueryDate = Field(None, description="Figures as they stood that day (default today).")


# -- coach --------------------------------------------------------------------------------


class Target(Schema):
    kind: TargetKind
    key: str


class Finding(Schema):
    """A coach finding, as `okrs lint --json` prints it."""

    code: str
    severity: Severity
    target: Target
    message: str


class Findings(Schema):
    findings: list[Finding]


# -- cycles, teams, people ----------------------------------------------------------------


class CycleQuery(PageQuery):
    state: CycleState | None = None


class TeamQuery(PageQuery):
    kind: TeamKind | None = None
    parent: str | None = Field(None, description="Key of the parent team.")


class PersonQuery(PageQuery):
    team: str | None = Field(None, description="Key of a team they are a member of.")
    role: Role | None = None


class CycleOut(Schema):
    id: int
    key: str
    start: dt.date
    end: dt.date
    state: CycleState


class TeamOut(Schema):
    id: int
    key: str
    name: str
    kind: TeamKind
    parent: str | None


class PersonOut(Schema):
    id: int
    email: str
    name: str
    role: Role
    teams: list[str]


class TeamScoreOut(Schema):
    key: str
    score: float
    grade: Grade


class KeyResultFigures(Schema):
    """A key result's figures as of a day, exactly as `okrs score --json` has them."""

    key: str
    type: KeyResultType
    current: float | None
    progress: float
    score: float
    expected: float
    status: KeyResultStatus
    confidence: float | None
    forecast_value: float | None
    forecast_score: float | None
    coverage: float | None


class ObjectiveFigures(Schema):
    key: str
    team: str
    kind: ObjectiveKind
    score: float
    grade: Grade
    key_results: list[KeyResultFigures]


class CycleScoreOut(Schema):
    """The whole `okrs score --json` document of a cycle."""

    cycle: str
    as_of: dt.date
    teams: list[TeamScoreOut]
    objectives: list[ObjectiveFigures]


# -- objectives and key results -----------------------------------------------------------


class KeyResultOut(KeyResultFigures):
    id: int
    cycle: str
    objective: str
    title: str
    unit: str
    baseline: float | None
    target: float | None
    direction: Direction | None
    weight: float
    owner: str | None
    as_of: dt.date


class KeyResultDetail(KeyResultOut):
    findings: list[Finding]


class ObjectiveOut(Schema):
    id: int
    key: str
    cycle: str
    team: str
    title: str
    description: str
    kind: ObjectiveKind
    owner: str | None
    visibility: Visibility
    aligned_to: str | None
    contributors: list[str]
    score: float
    grade: Grade
    as_of: dt.date
    key_results: list[KeyResultOut]


class ObjectiveDetail(ObjectiveOut):
    findings: list[Finding]


class ObjectiveIn(Body):
    key: str | None = Field(None, description="Generated from the cycle and team when left out.")
    cycle: Required
    team: Required
    title: Required
    kind: ObjectiveKind = "committed"
    description: str = ""
    owner: str | None = None
    visibility: Visibility = "public"
    aligned_to: str | None = Field(None, description="Key of a parent objective or key result.")
    contributors: list[str] = []


def patched(current: F, changes: dict[str, Any]) -> F:
    """`current` (an `okrs.goals.services` fields object) with a PATCH body's changes."""
    cleared: dict[str, list[Any]] = {
        name: []
        for name, value in changes.items()
        if value is None and isinstance(getattr(current, name), list | tuple)
    }
    return replace(current, **{**changes, **cleared})


class ObjectivePatch(Body):
    team: RequiredText = None
    title: RequiredText = None
    kind: Annotated[ObjectiveKind | None, _one_of(ObjectiveKind)] = None
    description: Text = None
    owner: str | None = None
    visibility: Annotated[Visibility | None, _one_of(Visibility)] = None
    aligned_to: str | None = None
    contributors: list[str] | None = None


class KeyResultIn(Body):
    key: str | None = Field(None, description="Generated from the objective when left out.")
    objective: Required = Field(description="Key of the objective.")
    title: Required
    type: KeyResultType = "metric"
    unit: str = ""
    baseline: OptionalNumber = None
    target: OptionalNumber = None
    direction: Direction | None = None
    weight: Weight = 1.0
    owner: str | None = None


class KeyResultPatch(Body):
    title: RequiredText = None
    type: Annotated[KeyResultType | None, _one_of(KeyResultType)] = None
    unit: Text = None
    baseline: OptionalNumber = None
    target: OptionalNumber = None
    direction: Direction | None = None
    weight: GivenWeight = None
    owner: str | None = None


# -- check-ins ----------------------------------------------------------------------------


class CheckInOut(Schema):
    id: int
    key_result: str
    date: dt.date
    value: float
    confidence: float | None
    note: str
    blockers: str
    author: str | None
    created_at: dt.datetime


class CheckInQuery(PageQuery):
    key_result: str | None = Field(None, description="Key of the key result.")
    objective: str | None = Field(None, description="Key of the objective.")
    cycle: str | None = Field(None, description="Key of the cycle.")
    team: str | None = Field(None, description="Key of the objective's team.")
    author: str | None = Field(None, description="Author's email address.")


class CheckInIn(Body):
    value: Number
    confidence: Confidence = Field(None, description="0.0 to 1.0: belief the target is hit.")
    note: str = ""
    blockers: str = ""
    date: OptionalIsoDate = Field(
        None, description="Default today; a later one that day corrects it."
    )


class CheckInPatch(Body):
    value: GivenNumber = None
    confidence: Confidence = None
    note: str | None = None
    blockers: str | None = None


class BulkCheckInItem(CheckInIn):
    key_result: Required = Field(description="Key (or id) of the key result.")


class BulkCheckIns(Body):
    items: list[BulkCheckInItem] = Field(min_length=1, max_length=1000)


class BulkCheckInsOut(Schema):
    created: int = Field(description="New check-ins.")
    updated: int = Field(description="Check-ins that corrected one of the same day.")
    items: list[CheckInOut]


# -- initiatives --------------------------------------------------------------------------


class LinkOut(Schema):
    key_result: str
    impact: float | None


class LinkIn(Body):
    key_result: Required
    impact: OptionalNumber = Field(None, description="Estimated change, in the key result's unit.")


class InitiativeOut(Schema):
    id: int
    key: str
    cycle: str
    team: str | None
    title: str
    status: InitiativeStatus
    effort: float | None
    bucket: Bucket | None
    url: str
    external_key: str
    start: dt.date | None
    end: dt.date | None
    links: list[LinkOut]


class InitiativeQuery(PageQuery):
    cycle: str | None = None
    team: str | None = None
    status: InitiativeStatus | None = None
    key_result: str | None = Field(None, description="Key of a linked key result.")


class InitiativeIn(Body):
    key: str | None = None
    cycle: Required
    title: Required
    team: str | None = None
    status: InitiativeStatus = "planned"
    effort: Effort = Field(None, description="Person-weeks.")
    bucket: Bucket | None = None
    url: str = ""
    external_key: str = ""
    start: OptionalIsoDate = None
    end: OptionalIsoDate = None
    links: list[LinkIn] = []


class InitiativePatch(Body):
    title: RequiredText = None
    team: str | None = None
    status: Annotated[InitiativeStatus | None, _one_of(InitiativeStatus)] = None
    effort: Effort = None
    bucket: Bucket | None = None
    url: Text = None
    external_key: Text = None
    start: OptionalIsoDate = None
    end: OptionalIsoDate = None
    links: list[LinkIn] | None = None


# -- KPIs ---------------------------------------------------------------------------------


class KpiOut(Schema):
    id: int
    key: str
    team: str
    name: str
    unit: str
    healthy_min: float | None
    healthy_max: float | None
    description: str
    key_results: list[str]


class KpiQuery(PageQuery):
    team: str | None = Field(None, description="Key of the team.")


class KpiIn(Body):
    key: str | None = None
    team: Required
    name: Required
    unit: str = ""
    healthy_min: OptionalNumber = None
    healthy_max: OptionalNumber = None
    description: str = ""
    key_results: list[str] = Field([], description="Keys of the key results that move it.")


class KpiPatch(Body):
    team: RequiredText = None
    name: RequiredText = None
    unit: Text = None
    healthy_min: OptionalNumber = None
    healthy_max: OptionalNumber = None
    description: Text = None
    key_results: list[str] | None = None


class MeasurementOut(Schema):
    id: int
    kpi: str
    date: dt.date
    value: float


class MeasurementIn(Body):
    date: IsoDate
    value: Number


class MeasurementPatch(Body):
    date: GivenDate = None
    value: GivenNumber = None


# -- tokens, files ------------------------------------------------------------------------


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scope: Scope
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None


class NewTokenOut(TokenOut):
    token: str = Field(description="The token itself; shown this once, only its hash is kept.")


class TokenIn(Body):
    name: str = Field("", max_length=100, description="What the token is for.")
    scope: Scope = "read"
    expires_in_days: Annotated[
        int | None,
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "integer", "minimum": 1, "maximum": MAX_TOKEN_DAYS},
                    {"type": "null"},
                ]
            }
        ),
    ] = Field(None, description="Days until it stops working (1 to 3650); omit for no expiry.")
    expires_at: dt.datetime | None = Field(
        None, description="When it stops working, instead of `expires_in_days`."
    )


class ImportOut(Schema):
    changed: bool
    report: dict[str, dict[str, int]] = Field(
        description="Per kind (objective, key_result…): created, updated, unchanged."
    )

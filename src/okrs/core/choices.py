"""Every set of choices of the OKR domain, each written once with the words people read.

The models' `choices`, the API's enumerations, the web forms' options and the pages'
labels are derived from these classes, so a new kind shows everywhere and a label
cannot drift between a form and a page. A member is its stored value (`Role.ADMIN ==
"admin"`) and carries its `label` and, where a form explains the choice, a `hint`.
Plain Python: `core/` imports no Django, yet `choices` has the shape Django's model
fields take.
"""

from __future__ import annotations

from enum import EnumType, StrEnum
from typing import Self


class _ChoicesType(EnumType):
    @property
    def values(cls) -> tuple[str, ...]:
        """The stored values, in order."""
        return tuple(member.value for member in cls.members())

    @property
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs, for a model field."""
        return [(member.value, member.label) for member in cls.members()]

    def members(cls) -> list[Choices]:
        return list(cls.__members__.values())


class Choices(StrEnum, metaclass=_ChoicesType):
    """A set of stored values, each with its label and an optional hint."""

    _value_: str
    label: str
    hint: str

    def __new__(cls, value: str, label: str, hint: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.hint = hint
        return member

    @classmethod
    def label_of(cls, value: str | None) -> str:
        """The label of a stored value; an unknown value as it is stored."""
        member = cls._member(value)
        return member.label if member else value or ""

    @classmethod
    def hint_of(cls, value: str | None) -> str:
        member = cls._member(value)
        return member.hint if member else ""

    @classmethod
    def _member(cls, value: str | None) -> Choices | None:
        member = cls._value2member_map_.get(value or "")
        return member if isinstance(member, Choices) else None


class TeamKind(Choices):
    COMPANY = "company", "Company"
    LEADERSHIP = "leadership", "Leadership"
    CROSS_FUNCTIONAL = "cross_functional", "Cross-functional"
    COMPONENT = "component", "Component"
    PLATFORM = "platform", "Platform"
    OTHER = "other", "Other"


class ObjectiveKind(Choices):
    COMMITTED = "committed", "Committed", "expected to reach 1.0"
    ASPIRATIONAL = "aspirational", "Aspirational", "0.7 is success"


class Visibility(Choices):
    PUBLIC = "public", "Everyone"
    TEAM = "team", "Team only"


class KeyResultType(Choices):
    METRIC = "metric", "Metric", "moves from a baseline to a target"
    THRESHOLD = "threshold", "Threshold", "stays at or above/below a line"
    MILESTONE = "milestone", "Milestone", "done or not done"


class Direction(Choices):
    AT_LEAST = "at_least", "At or above the line"
    AT_MOST = "at_most", "At or below the line"


class CycleState(Choices):
    """In the order a cycle goes through them."""

    PLANNING = "planning", "Planning"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class InitiativeStatus(Choices):
    IDEA = "idea", "Idea"
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class Bucket(Choices):
    """Where an initiative's effort goes, with the share the 70/20/10 rule expects."""

    CORE = "core", "Core (70%)"
    ADJACENT = "adjacent", "Adjacent (20%)"
    EXPLORE = "explore", "Explore (10%)"


class KeyResultStatus(Choices):
    """A key result's status as of a day (`scoring.status`); the hint explains it."""

    NO_DATA = "no_data", "No check-in yet", "nobody has checked in yet"
    STALE = "stale", "Stale", "no check-in for more than 14 days: silence is never green"
    ON_TRACK = "on_track", "On track", "progress is at or near what the calendar expects"
    AT_RISK = "at_risk", "At risk", "progress trails the calendar by 10 to 25 points"
    OFF_TRACK = "off_track", "Off track", "progress trails the calendar by more than 25 points"


class Grade(Choices):
    RED = "red", "Red"
    YELLOW = "yellow", "Yellow"
    GREEN = "green", "Green"


class Role(Choices):
    ADMIN = "admin", "Admin", "changes everything, manages people and teams"
    MEMBER = "member", "Member", "edits the OKRs of their teams"
    VIEWER = "viewer", "Viewer", "reads"


class TokenScope(Choices):
    READ = "read", "Read"
    WRITE = "write", "Read and write"


class Severity(Choices):
    """How much a coach's finding matters, most first."""

    ERROR = "error", "Error"
    WARNING = "warning", "Warning"
    INFO = "info", "Info"


class TargetKind(Choices):
    """What a coach's finding is about."""

    TEAM = "team", "Team"
    OBJECTIVE = "objective", "Objective"
    KEY_RESULT = "key_result", "Key result"
    INITIATIVE = "initiative", "Initiative"

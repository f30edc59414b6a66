"""Plain snapshots of the OKR domain, shared by scoring, the coach and the YAML format.

The web app, the API and the CLI load these from the database (or from a file) and
hand them to the rules in `core/`; nothing here knows about storage. A kind, type or
status is one of the values of its set in `okrs.core.choices`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Cycle:
    """A time box; `start` and `end` are both inclusive."""

    name: str
    start: date
    end: date
    state: str = "planning"


@dataclass
class Team:
    key: str
    name: str
    kind: str = "other"
    parent: str | None = None


@dataclass
class CheckIn:
    date: date
    value: float
    confidence: float | None = None
    note: str = ""
    blockers: str = ""
    author: str | None = None


@dataclass
class KeyResult:
    key: str
    title: str
    type: str = "metric"
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    direction: str | None = None
    weight: float = 1.0
    owner: str | None = None
    check_ins: list[CheckIn] = field(default_factory=list)
    coach_ignore: list[str] = field(default_factory=list)


@dataclass
class Objective:
    key: str
    team: str
    title: str
    kind: str = "committed"
    owner: str | None = None
    description: str = ""
    visibility: str = "public"
    aligned_to: str | None = None
    contributors: list[str] = field(default_factory=list)
    key_results: list[KeyResult] = field(default_factory=list)
    coach_ignore: list[str] = field(default_factory=list)


@dataclass
class ImpactLink:
    key_result: str
    impact: float | None = None


@dataclass
class Initiative:
    key: str
    title: str
    team: str | None = None
    status: str = "planned"
    effort: float | None = None
    bucket: str | None = None
    url: str = ""
    external_key: str = ""
    start: date | None = None
    end: date | None = None
    links: list[ImpactLink] = field(default_factory=list)


@dataclass
class Plan:
    """Everything about one cycle: what an OKR file holds and what a page renders."""

    cycle: Cycle
    teams: list[Team] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)

    def key_results(self) -> list[KeyResult]:
        return [kr for objective in self.objectives for kr in objective.key_results]


@dataclass(frozen=True)
class PastObjective:
    """A scored objective of a closed cycle, for rules that look at history (OKR302)."""

    key: str
    team: str
    cycle: str
    kind: str
    score: float

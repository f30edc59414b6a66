"""A cycle as the actor sees it, scored as of a day: what objective and key result bodies show.

The figures are `okrs.goals.snapshots.load_scored` (core scoring on a cached snapshot),
serialised by `CycleScore.as_dict` — the very document `okrs score --json` prints — so
the API can never disagree with the CLI. Loading costs a fixed number of queries however
large the cycle; ids come from one more query per kind for the rows shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from okrs.api.errors import input_reference
from okrs.api.queries import get_ref
from okrs.core import coach, domain
from okrs.core.scoring import KeyResultScore, ObjectiveScore, key_result_dict, round_figure
from okrs.goals.models import Cycle, KeyResult, Objective
from okrs.goals.snapshots import NotFound, default_cycle, load_findings, load_scored
from okrs.people.models import User

Row = dict[str, Any]


@dataclass
class ScoredCycle:
    """The plan of one cycle with every objective's and key result's figures."""

    cycle: Cycle
    as_of: date
    plan: domain.Plan
    objective_figures: dict[str, ObjectiveScore]
    key_result_figures: dict[str, KeyResultScore]

    @classmethod
    def load(cls, cycle: Cycle, actor: User, as_of: date | None = None) -> ScoredCycle:
        """Load what the actor sees of a cycle and score it as of a day (default today).

        Figures are turned into response fields only for the rows a response shows.
        """
        as_of = as_of or timezone.localdate()
        plan, scores = load_scored(cycle, actor=actor, as_of=as_of)
        return cls(
            cycle=cycle,
            as_of=as_of,
            plan=plan,
            objective_figures={o.key: o for o in scores.objectives},
            key_result_figures={kr.key: kr for o in scores.objectives for kr in o.key_results},
        )

    @classmethod
    def for_list(cls, actor: User, cycle: str | None, as_of: date | None) -> ScoredCycle | None:
        """The cycle a list shows (the current one unless named), scored; None before any."""
        with input_reference("cycle"):
            chosen = get_ref(Cycle.objects.all(), cycle, "cycle") if cycle else default_cycle()
        return cls.load(chosen, actor, as_of) if chosen else None

    def objectives(
        self, *, team: str | None = None, owner: str | None = None
    ) -> list[domain.Objective]:
        """The visible objectives, narrowed to a team and an owner when given."""
        return [
            o
            for o in self.plan.objectives
            if team in (None, o.team) and (owner is None or _same_person(owner, o.owner))
        ]

    def key_results(
        self,
        *,
        team: str | None = None,
        owner: str | None = None,
        objective: str | None = None,
        status: str | None = None,
    ) -> list[tuple[domain.Objective, domain.KeyResult]]:
        """The visible key results with their objectives, narrowed by the filters given."""
        return [
            (o, kr)
            for o in self.objectives(team=team)
            if objective in (None, o.key)
            for kr in o.key_results
            if (owner is None or _same_person(owner, kr.owner))
            and status in (None, self.key_result_figures[kr.key].status)
        ]

    def objective_rows(self, objectives: list[domain.Objective]) -> list[Row]:
        """Response bodies for objectives, their key results nested."""
        ids = _ids(Objective, (o.key for o in objectives))
        kr_ids = _ids(KeyResult, (kr.key for o in objectives for kr in o.key_results))
        return [self._objective_row(o, ids[o.key], kr_ids) for o in objectives]

    def key_result_rows(self, pairs: list[tuple[domain.Objective, domain.KeyResult]]) -> list[Row]:
        """Response bodies for key results."""
        ids = _ids(KeyResult, (kr.key for _, kr in pairs))
        return [self._key_result_row(o, kr, ids[kr.key]) for o, kr in pairs]

    def objective_detail(self, key: str) -> Row:
        """One objective with the coach's findings about it."""
        objective = next((o for o in self.plan.objectives if o.key == key), None)
        if objective is None:
            raise NotFound(f"unknown objective '{key}'")
        return {
            **self.objective_rows([objective])[0],
            "findings": self.findings("objective", key),
        }

    def key_result_detail(self, key: str) -> Row:
        """One key result with the coach's findings about it."""
        pair = next(((o, kr) for o, kr in self.key_results() if kr.key == key), None)
        if pair is None:
            raise NotFound(f"unknown key result '{key}'")
        return {**self.key_result_rows([pair])[0], "findings": self.findings("key_result", key)}

    def findings(self, kind: str, key: str) -> list[Row]:
        """What the coach says about one objective or key result of the cycle.

        Only the rules about that kind of target run; the findings are cached with the cycle.
        """
        codes = [code for code, rule in coach.RULES.items() if rule.target_kind == kind]
        findings = load_findings(self.cycle, self.plan, as_of=self.as_of, select=codes)
        return [f.as_dict() for f in findings if f.target_key == key]

    def _objective_row(self, o: domain.Objective, pk: int, kr_ids: dict[str, int]) -> Row:
        figures = self.objective_figures[o.key]
        return {
            "id": pk,
            "key": o.key,
            "cycle": self.cycle.key,
            "team": o.team,
            "title": o.title,
            "description": o.description,
            "kind": o.kind,
            "owner": o.owner,
            "visibility": o.visibility,
            "aligned_to": o.aligned_to,
            "contributors": o.contributors,
            "score": round_figure(figures.score),
            "grade": figures.grade,
            "as_of": self.as_of,
            "key_results": [self._key_result_row(o, kr, kr_ids[kr.key]) for kr in o.key_results],
        }

    def _key_result_row(self, o: domain.Objective, kr: domain.KeyResult, pk: int) -> Row:
        return {
            **key_result_dict(self.key_result_figures[kr.key]),
            "id": pk,
            "cycle": self.cycle.key,
            "objective": o.key,
            "title": kr.title,
            "unit": kr.unit,
            "baseline": kr.baseline,
            "target": kr.target,
            "direction": kr.direction,
            "weight": kr.weight,
            "owner": kr.owner,
            "as_of": self.as_of,
        }


def _ids(model: type[Objective] | type[KeyResult], keys: Iterable[str]) -> dict[str, int]:
    wanted = list(keys)
    if not wanted:
        return {}
    return dict(model.objects.filter(key__in=wanted).values_list("key", "id"))


def _same_person(email: str, owner: str | None) -> bool:
    return owner is not None and owner.lower() == email.strip().lower()

"""A cycle as the actor sees it, scored as of a day: what objective and key result bodies show.

The figures are the stored ones, read by `okrs.goals.selectors.scored_objectives` for the
objectives a request asks for and serialised as `CycleScore.as_dict` spells them — the
very document `okrs score --json` prints — so the API can never disagree with the CLI.
Loading costs a fixed number of queries however large the cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from okrs.api.errors import input_reference
from okrs.api.queries import get_ref
from okrs.core import coach, domain
from okrs.core.errors import NotFound
from okrs.core.scoring import key_result_dict, round_figure
from okrs.goals.models import Cycle
from okrs.goals.selectors import Scored, findings_about, scored_objectives
from okrs.goals.snapshots import default_cycle
from okrs.people.models import User

Row = dict[str, Any]


@dataclass
class ScoredCycle:
    """Some objectives of one cycle that the actor sees, with their stored figures."""

    cycle: Cycle
    actor: User
    scored: Scored

    @classmethod
    def load(
        cls,
        cycle: Cycle,
        actor: User,
        as_of: date | None = None,
        where: Q | None = None,
        page: slice | None = None,
    ) -> ScoredCycle:
        """The objectives of a cycle that the actor sees and `where` selects (those of
        `page` only, in the cycle's order, when given), with their figures as of a day
        (default today).
        """
        as_of = as_of or timezone.localdate()
        limit = None if page is None else page.stop - page.start
        offset = 0 if page is None else page.start
        return cls(
            cycle,
            actor,
            scored_objectives(cycle, actor, as_of=as_of, where=where, limit=limit, offset=offset),
        )

    @classmethod
    def chosen_cycle(cls, cycle: str | None) -> Cycle | None:
        """The cycle a list shows: the one named, else the current one; None before any."""
        with input_reference("cycle"):
            return get_ref(Cycle.objects.all(), cycle, "cycle") if cycle else default_cycle()

    @classmethod
    def for_list(
        cls, actor: User, cycle: str | None, as_of: date | None, where: Q
    ) -> ScoredCycle | None:
        """The objectives a list shows of a cycle (the current one unless named); None
        before any cycle."""
        chosen = cls.chosen_cycle(cycle)
        return cls.load(chosen, actor, as_of, where) if chosen else None

    @property
    def objectives(self) -> list[domain.Objective]:
        return self.scored.objectives

    def key_results(
        self, *, owner: str | None = None, status: str | None = None
    ) -> list[tuple[domain.Objective, domain.KeyResult]]:
        """The key results of the objectives loaded, narrowed by owner and status."""
        figures = self.scored.key_result_figures()
        return [
            (o, kr)
            for o in self.objectives
            for kr in o.key_results
            if (owner is None or _same_person(owner, kr.owner))
            and status in (None, figures[kr.key].status)
        ]

    def objective_rows(self, objectives: list[domain.Objective]) -> list[Row]:
        """Response bodies for objectives, their key results nested."""
        return [self._objective_row(o) for o in objectives]

    def key_result_rows(self, pairs: list[tuple[domain.Objective, domain.KeyResult]]) -> list[Row]:
        """Response bodies for key results."""
        return [self._key_result_row(o, kr) for o, kr in pairs]

    def objective_detail(self, key: str) -> Row:
        """One objective with the coach's findings about it."""
        objective = next((o for o in self.objectives if o.key == key), None)
        if objective is None:
            raise NotFound(f"unknown objective '{key}'")
        return {
            **self._objective_row(objective),
            "findings": self.findings(objective, "objective", key),
        }

    def key_result_detail(self, key: str) -> Row:
        """One key result with the coach's findings about it."""
        pair = next(((o, kr) for o, kr in self.key_results() if kr.key == key), None)
        if pair is None:
            raise NotFound(f"unknown key result '{key}'")
        return {
            **self._key_result_row(*pair),
            "findings": self.findings(pair[0], "key_result", key),
        }

    def findings(self, objective: domain.Objective, kind: str, key: str) -> list[Row]:
        """What the coach says about one objective or key result (of `objective`)."""
        codes = [code for code, rule in coach.RULES.items() if rule.target_kind == kind]
        findings = findings_about(
            self.cycle,
            self.actor,
            as_of=self.scored.as_of,
            objectives=[self.scored.ids[objective.key]],
            teams=[],
            initiatives=[],
            select=codes,
        )
        return [f.as_dict() for f in findings if f.target_key == key]

    def _objective_row(self, o: domain.Objective) -> Row:
        figures = self.scored.figures[o.key]
        return {
            "id": self.scored.ids[o.key],
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
            "as_of": self.scored.as_of,
            "key_results": [self._key_result_row(o, kr) for kr in o.key_results],
        }

    def _key_result_row(self, o: domain.Objective, kr: domain.KeyResult) -> Row:
        figures = self.scored.figures[o.key].key_results
        return {
            **key_result_dict(next(f for f in figures if f.key == kr.key)),
            "id": self.scored.ids[kr.key],
            "cycle": self.cycle.key,
            "objective": o.key,
            "title": kr.title,
            "unit": kr.unit,
            "baseline": kr.baseline,
            "target": kr.target,
            "direction": kr.direction,
            "weight": kr.weight,
            "owner": kr.owner,
            "as_of": self.scored.as_of,
        }


def _same_person(email: str, owner: str | None) -> bool:
    return owner is not None and owner.lower() == email.strip().lower()

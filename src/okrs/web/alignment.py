"""The alignment tree of a cycle as one user sees it: what aligns to what, top down.

The alignment page and an objective's page read it through `CycleView.alignment`; it
arranges the view's rows and builds none of its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from okrs.core import domain

if TYPE_CHECKING:
    from okrs.web.pages import CycleView, KeyResultRow, ObjectiveRow


@dataclass
class TreeNode:
    """An objective in the alignment tree, open or closed.

    An open node lists its key results, each with the objectives aligned to it, and the
    objectives aligned to the objective itself: those are closed nodes, which only count
    what aligns beneath them (a page loads a closed node's branch when it is opened).
    """

    row: ObjectiveRow
    aligned: int
    key_results: list[tuple[KeyResultRow, list[TreeNode]]] = field(default_factory=list)
    children: list[TreeNode] = field(default_factory=list)
    expanded: bool = False


class AlignmentTree:
    """The objectives of a `CycleView` by what they align to."""

    def __init__(self, view: CycleView) -> None:
        self.view = view

    def children(self, key: str) -> list[ObjectiveRow]:
        """Objectives aligned to an objective or to one of its key results."""
        targets = {key} | {kr.key for kr in self.view.row(key).objective.key_results}
        return self.view.rows(o for o in self.view.plan.objectives if o.aligned_to in targets)

    def parent_of(self, row: ObjectiveRow) -> tuple[ObjectiveRow | None, KeyResultRow | None]:
        """The objective (and key result) this one aligns to, when the user can see it."""
        target = row.objective.aligned_to or ""
        if target in self.view.objectives:
            return self.view.row(target), None
        owner = self.view.objective_of_key_result.get(target)
        if owner is not None:
            return self.view.row(owner.key), self.view.key_result_row(owner, target)
        return None, None

    def roots(self) -> list[TreeNode]:
        """The top teams' objectives, open, with what aligns to them as closed nodes."""
        return [self.branch(o.key) for o in self.view.top_objectives]

    def branch(self, key: str) -> TreeNode:
        """An objective, open: its key results and what aligns beneath, as closed nodes.

        The top teams' objectives stand at the top of the tree, never inside a branch.
        """
        row = self.view.row(key)
        key_results = [
            (kr_row, [self._closed_node(o) for o in self._branches(kr_row.kr.key)])
            for kr_row in row.key_results
        ]
        children = [self._closed_node(o) for o in self._branches(key)]
        aligned = len(children) + sum(len(nodes) for _, nodes in key_results)
        return TreeNode(row, aligned, key_results, children, expanded=True)

    def path(self, key: str) -> list[ObjectiveRow]:
        """The objectives above one in the tree, top first, as far as the user sees them."""
        path: list[ObjectiveRow] = []
        seen = {key}
        parent, _ = self.parent_of(self.view.row(key))
        while parent is not None and parent.objective.key not in seen:
            path.insert(0, parent)
            seen.add(parent.objective.key)
            if parent.objective.team in self.view.organisation.top_keys:
                break
            parent, _ = self.parent_of(parent)
        return path

    def unaligned(self) -> list[domain.Objective]:
        """Objectives the tree does not reach: aligned to nothing the user sees."""
        reached: set[str] = set()
        todo = list(self.view.top_objectives)
        while todo:
            objective = todo.pop()
            if objective.key not in reached:
                reached.add(objective.key)
                todo += self._beneath(objective)
        return [o for o in self.view.plan.objectives if o.key not in reached]

    def _closed_node(self, objective: domain.Objective) -> TreeNode:
        return TreeNode(self.view.row(objective.key), len(self._beneath(objective)))

    def _beneath(self, objective: domain.Objective) -> list[domain.Objective]:
        """The branches of an objective: what aligns to it or to one of its key results."""
        found = list(self._branches(objective.key))
        for kr in objective.key_results:
            found += self._branches(kr.key)
        return found

    def _branches(self, target: str) -> list[domain.Objective]:
        """Objectives aligned to an objective or key result, the top teams' left out."""
        return self._aligned_to.get(target, [])

    @cached_property
    def _aligned_to(self) -> dict[str, list[domain.Objective]]:
        """Objectives by the key of what they align to, the top teams' left out."""
        found: dict[str, list[domain.Objective]] = defaultdict(list)
        for objective in self.view.plan.objectives:
            if objective.aligned_to and objective.team not in self.view.organisation.top_keys:
                found[objective.aligned_to].append(objective)
        return found

"""Importing a cycle's OKRs from a file or a plan: upsert by key, all or nothing, with every
clash and refused row named where the file defines it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from okrs.core import domain, okrfile, validation
from okrs.core.errors import Conflict, Forbidden, NotFound
from okrs.goals import bulk, figures
from okrs.goals.models import CheckIn, Cycle, Initiative, InitiativeLink, KeyResult, Objective
from okrs.goals.places import (
    alignment_loop_message,
    aligns_into,
    initiative_places,
    objective_places,
    team_place,
)
from okrs.people.models import Team, User, stored_keys
from okrs.people.permissions import (
    Place,
    can_edit_team,
    can_see,
    is_admin,
    objective_place,
    require_admin,
    require_check_in,
    require_edit,
    visible_objectives_q,
)

K = TypeVar("K", str, tuple[int, date], tuple[int, int])


M = TypeVar("M", bound=models.Model)


PLURALS = {
    "cycle": "cycles",
    "team": "teams",
    "user": "people",
    "objective": "objectives",
    "key_result": "key results",
    "check_in": "check-ins",
    "initiative": "initiatives",
    "link": "initiative links",
}


KINDS = tuple(PLURALS)


class Clash(NamedTuple):
    """A row of a file that clashes with what is stored; `field` when one is to blame."""

    kind: str
    key: str
    message: str
    field: str | None = None


class ImportConflict(Conflict):
    """The file is well-formed but clashes with what is stored; `clashes` says where."""

    def __init__(self, clashes: list[Clash]) -> None:
        self.clashes = clashes
        super().__init__("; ".join(clash.message for clash in clashes))


class ImportRefused(Forbidden):
    """The file creates or changes rows the actor may not: nothing was imported.

    `problems` names each refused row where the file defines it.
    """

    def __init__(self, problems: list[okrfile.Problem]) -> None:
        super().__init__(
            "nothing imported: this file creates or changes what you may not (see errors)"
        )
        self.problems: list[okrfile.Problem] = problems


@dataclass
class ImportReport:
    """How many rows of each kind an import created, changed or left as they were."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {
            kind: {
                "created": self.created[kind],
                "updated": self.updated[kind],
                "unchanged": self.unchanged[kind],
            }
            for kind in KINDS
            if self.created[kind] or self.updated[kind] or self.unchanged[kind]
        }

    def summary(self) -> str:
        parts = []
        for kind, counts in self.as_dict().items():
            parts.append(
                f"{PLURALS[kind]}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged"
            )
        return "\n".join(parts) or "nothing to import"


def import_okr_file(text: str, filename: str, *, actor: User | None = None) -> ImportReport:
    """Parse, check references against the database, and import all-or-nothing.

    Raises `okrfile.OkrFileError` listing every problem as FILE:LINE: field: message, and
    `ImportRefused` when the actor may not make some of the changes. References resolve
    among the rows the actor sees: a hidden objective or key result is unknown.
    """
    try:
        parsed = okrfile.parse_okr_file(text, filename)
    except okrfile.OkrFileError as unreadable:
        # Unknown teams and keys are reported with the values that are wrong, all at once.
        problems = unreadable.problems + _unresolved(unreadable.references, actor)
        raise okrfile.OkrFileError(sorted(problems, key=lambda p: p.line)) from None
    problems = _unresolved(parsed.references, actor)
    if problems:
        raise okrfile.OkrFileError(problems)
    try:
        return import_plan(parsed.plan, actor=actor, source=parsed)
    except ImportConflict as conflict:
        raise okrfile.OkrFileError(
            [parsed.problem_at(*clash) for clash in conflict.clashes]
        ) from None


def _unresolved(references: list[okrfile.Reference], actor: User | None) -> list[okrfile.Problem]:
    """Problems for the references to rows that do not exist or that the actor cannot see."""
    objectives = Objective.objects.filter(visible_objectives_q(actor))
    key_results = KeyResult.objects.filter(visible_objectives_q(actor, "objective__"))
    return okrfile.unresolved(
        references,
        known_teams=_existing("team", Team.objects, _referenced(references, "team")),
        known_targets=_existing("objective", objectives, _referenced(references, "alignment"))
        | _existing("key_result", key_results, _referenced(references, "alignment")),
        known_key_results=_existing(
            "key_result", key_results, _referenced(references, "key_result")
        ),
    )


def _referenced(references: list[okrfile.Reference], kind: str) -> set[str]:
    return {ref.key for ref in references if ref.kind == kind}


def _existing(kind: str, manager: Any, keys: set[str]) -> set[str]:
    return set(manager.filter(key__in=keys).values_list("key", flat=True)) if keys else set()


@transaction.atomic
def import_plan(
    plan: domain.Plan, *, actor: User | None = None, source: okrfile.ParsedFile | None = None
) -> ImportReport:
    """Upsert a whole plan by key; importing the same plan twice changes nothing.

    A person who is not an admin may create or change only what the one rule lets them
    (`people.permissions.require_edit`): anything else raises `ImportRefused`, naming every
    such row where `source` (the parsed file) defines it, and nothing is written.
    """
    return _PlanImporter(plan, actor, source or okrfile.ParsedFile("<plan>", plan)).run()


@dataclass(frozen=True)
class _StoredPlaces:
    """Where the rows a file names sit before the import changes anything, by (kind, key)."""

    places: dict[tuple[str, str], Place]
    owners: dict[str, set[int]]  # key result key -> its owner and its objective's

    @classmethod
    def load(cls, plan: domain.Plan) -> _StoredPlaces:
        krs = list(
            KeyResult.objects.filter(key__in=[kr.key for kr in plan.key_results()]).values_list(
                "key", "objective_id", "owner_id", "objective__owner_id"
            )
        )
        objective_ids = dict(
            Objective.objects.filter(key__in=[o.key for o in plan.objectives]).values_list(
                "key", "pk"
            )
        )
        initiative_ids = dict(
            Initiative.objects.filter(key__in=[i.key for i in plan.initiatives]).values_list(
                "key", "pk"
            )
        )
        objectives = objective_places({*objective_ids.values(), *(kr[1] for kr in krs)})
        initiatives = initiative_places(initiative_ids.values())
        return cls(
            places={
                **{("objective", key): objectives[pk] for key, pk in objective_ids.items()},
                **{("key_result", key): objectives[pk] for key, pk, _, _ in krs},
                **{("initiative", key): initiatives[pk] for key, pk in initiative_ids.items()},
            },
            owners={key: {*owners} - {None} for key, _, *owners in krs},
        )


class _PlanImporter:
    """One import: loads what exists in bulk, then creates and updates in bulk.

    For a person who is not an admin, each row created or changed is checked by the one
    rule against its place as stored (read before anything is written) and as the file
    puts it. Refusals are collected and raised together at the end, which rolls the
    transaction back. Rows the file repeats unchanged pass whoever owns them: a person's
    export imports back.
    """

    def __init__(self, plan: domain.Plan, actor: User | None, source: okrfile.ParsedFile) -> None:
        self.plan = plan
        self.actor = actor
        self.source = source
        self.report = ImportReport()
        self.clashes: list[Clash] = []
        self.refusals: dict[tuple[str, str], str] = {}
        self.stored = None if is_admin(actor) else _StoredPlaces.load(plan)
        self.wanted: dict[str, Place] = {}  # each objective's place as the file puts it
        # What stored rows were before the import, for the figures they leave.
        self.former_teams: set[tuple[int, int]] = set()
        self.former_parents: set[int] = set()
        self.initiative_ids: list[int] = []
        self.stored_key_results: set[str] = set()  # keys of those stored before the import

    def run(self) -> ImportReport:
        self._refuse_hidden()
        self._check_keys_available()
        cycle = self._cycle()
        users = self._users()
        teams = self._teams()
        objectives = self._objectives(cycle, teams, users)
        key_results = self._key_results(objectives, users)
        self._alignments(objectives, key_results)
        self._contributors(objectives, teams)
        self._check_ins(key_results, users)
        self._initiatives(cycle, teams, key_results)
        if self.refusals:
            raise ImportRefused(
                sorted(
                    (
                        self.source.problem_at(kind, key, message)
                        for (kind, key), message in self.refusals.items()
                    ),
                    key=lambda problem: problem.line,
                )
            )
        if self.clashes:
            raise ImportConflict(self.clashes)
        # Bulk writes send no signals: the stored figures of what the file names are
        # recomputed here, with the parents and teams its objectives left.
        if self.report.changed:
            teams_changed = self.report.created["team"] + self.report.updated["team"]
            figures.refresh(
                key_results=[kr.pk for kr in key_results.values()],
                objectives=[*(o.pk for o in objectives.values()), *self.former_parents],
                initiatives=self.initiative_ids,
                teams=self.former_teams,
                moved_teams=[t.pk for t in teams.values()] if teams_changed else (),
            )
        return self.report

    # -- the rights of a person who is not an admin -------------------------------

    def _refuse_hidden(self) -> None:
        """A stored row the actor does not see is not found for them, so its key is taken."""
        for (kind, key), place in self.stored.places.items() if self.stored else ():
            if not can_see(self.actor, place):
                self._refuse(kind, key, validation.unavailable_key(key))

    def _require(self, kind: str, key: str, wanted: Place | None) -> None:
        """Refuse creating or changing a row the actor may not edit as stored or as wanted."""
        if self.stored is None:
            return
        try:
            require_edit(
                self.actor,
                f"{kind.replace('_', ' ')} '{key}'",
                self.stored.places.get((kind, key)),
                wanted,
            )
        except NotFound:
            self._refuse(kind, key, validation.unavailable_key(key))
        except Forbidden as denied:
            self._refuse(kind, key, str(denied))

    def _require_admin(self, kind: str, key: str, what: str) -> None:
        try:
            require_admin(self.actor, what)
        except Forbidden as denied:
            self._refuse(kind, key, str(denied))

    def _require_check_in(self, kr_key: str, day: date, wanted: Place) -> None:
        """Refuse a check-in recorded or changed on a key result the actor may not check in on."""
        if self.stored is None:
            return
        assert self.actor is not None
        stored = self.stored.places.get(("key_result", kr_key))
        if stored is not None and not can_see(self.actor, stored):
            return  # the key result is not found for them (`_refuse_hidden`), nor its check-ins
        places = [wanted, *filter(None, [stored])]
        try:
            require_check_in(
                self.actor,
                kr_key,
                team_editor=all(can_edit_team(self.actor, p.team_id) for p in places),
                owner=self.actor.pk in self.stored.owners.get(kr_key, set()),
            )
        except Forbidden as denied:
            self._refuse("check_in", okrfile.check_in_key(kr_key, day), str(denied))

    def _refuse(self, kind: str, key: str, message: str) -> None:
        self.refusals.setdefault((kind, key), message)

    def _position(self, stored: Any, position: int) -> int:
        """A row's position is its place in the file, but for someone who is not an admin
        the file shows only part of the cycle: the rows stored already keep their place."""
        return position if self.stored is None or stored is None else int(stored.position)

    def _check_keys_available(self) -> None:
        """Refuse keys that differ from stored ones only in case: keys are unique ignoring
        case, and the message does not say what holds the key (it may be hidden)."""
        planned: dict[str, tuple[type[models.Model], list[str]]] = {
            "cycle": (Cycle, [self.plan.cycle.name]),
            "team": (Team, [t.key for t in self.plan.teams]),
            "objective": (Objective, [o.key for o in self.plan.objectives]),
            "key_result": (KeyResult, [kr.key for kr in self.plan.key_results()]),
            "initiative": (Initiative, [i.key for i in self.plan.initiatives]),
        }
        clashes: list[Clash] = []
        for kind, (model, keys) in planned.items():
            stored = stored_keys(model, keys)
            clashes += [
                Clash(kind, key, validation.unavailable_key(key))
                for key in keys
                if stored.get(key.lower(), key) != key
            ]
        if clashes:
            raise ImportConflict(clashes)

    # -- each kind ------------------------------------------------------------------

    def _cycle(self) -> Cycle:
        snapshot = self.plan.cycle
        cycle = Cycle.objects.filter(key=snapshot.name).first()
        if cycle is None:
            self._require_admin("cycle", snapshot.name, f"create cycle '{snapshot.name}'")
            self.report.created["cycle"] += 1
            return Cycle.objects.create(
                key=snapshot.name, start=snapshot.start, end=snapshot.end, state=snapshot.state
            )
        if (cycle.start, cycle.end) != (snapshot.start, snapshot.end):
            self.clashes.append(
                Clash(
                    "cycle",
                    snapshot.name,
                    f"cycle '{cycle.key}' is stored as {cycle.start} to {cycle.end}; "
                    f"the file says {snapshot.start} to {snapshot.end}",
                )
            )
        self.report.unchanged["cycle"] += 1
        return cycle

    def _users(self) -> dict[str, User]:
        emails = {o.owner for o in self.plan.objectives if o.owner}
        for kr in self.plan.key_results():
            emails |= {kr.owner} if kr.owner else set()
            emails |= {c.author for c in kr.check_ins if c.author}
        emails = {e.lower() for e in emails}
        users = {u.email: u for u in User.objects.filter(email__in=emails)}
        missing = sorted(emails - users.keys())
        if missing:
            for email in missing:
                self._require_admin("user", email, f"invite '{email}', who has not signed up")
            # People named in a file but not signed up yet are invited: no password.
            new = [User(email=email, password=make_password(None)) for email in missing]
            for user in User.objects.bulk_create(new):
                users[user.email] = user
            self.report.created["user"] += len(missing)
        return users

    def _teams(self) -> dict[str, Team]:
        referenced = {t.key for t in self.plan.teams} | {o.team for o in self.plan.objectives}
        referenced |= {t.parent for t in self.plan.teams if t.parent}
        referenced |= {c for o in self.plan.objectives for c in o.contributors}
        referenced |= {i.team for i in self.plan.initiatives if i.team}
        existing = {t.key: t for t in Team.objects.filter(key__in=referenced)}

        def team_changed(key: str) -> None:
            self._require_admin("team", key, f"create or change team '{key}'")

        rows = {t.key: _team_fields(t) for t in self.plan.teams}
        teams = {**existing, **_sync(Team, rows, existing, "team", self.report, team_changed)}
        parents = {t.key: teams.get(t.parent) if t.parent else None for t in self.plan.teams}
        changed = []
        for key, parent in parents.items():
            if teams[key].parent_id != (parent.pk if parent else None):
                team_changed(key)
                teams[key].parent = parent
                changed.append(teams[key])
        if changed:
            Team.objects.bulk_update(changed, ["parent"])
            self._count_as_updated("team", len([t for t in changed if t.key in existing]))
        return teams

    def _objectives(
        self, cycle: Cycle, teams: Mapping[str, Team], users: Mapping[str, User]
    ) -> dict[str, Objective]:
        existing = {
            o.key: o
            for o in Objective.objects.filter(key__in=[o.key for o in self.plan.objectives])
        }
        self.former_teams = {(o.cycle_id, o.team_id) for o in existing.values()}
        self.former_parents = {
            o.aligned_objective_id for o in existing.values() if o.aligned_objective_id
        }
        for key, objective in existing.items():
            if objective.cycle_id != cycle.pk:
                self.clashes.append(
                    Clash(
                        "objective",
                        key,
                        f"objective key '{key}' is used in another cycle; keys are unique across cycles",
                    )
                )
        self.wanted = {
            o.key: objective_place(
                teams[o.team].pk, o.team, o.visibility, [teams[c].pk for c in o.contributors]
            )
            for o in self.plan.objectives
        }
        rows = {
            o.key: {
                "cycle_id": cycle.pk,
                "team_id": teams[o.team].pk,
                "title": o.title,
                "description": o.description,
                "kind": o.kind,
                "owner_id": users[o.owner.lower()].pk if o.owner else None,
                "visibility": o.visibility,
                "position": self._position(existing.get(o.key), position),
                "coach_ignore": list(o.coach_ignore),
            }
            for position, o in enumerate(self.plan.objectives)
        }
        return _sync(Objective, rows, existing, "objective", self.report, self._objective_changed)

    def _objective_changed(self, key: str) -> None:
        self._require("objective", key, self.wanted[key])

    def _key_results(
        self, objectives: Mapping[str, Objective], users: Mapping[str, User]
    ) -> dict[str, KeyResult]:
        planned = {kr.key: (o, kr) for o in self.plan.objectives for kr in o.key_results}
        existing = {
            kr.key: kr
            for kr in KeyResult.objects.filter(key__in=planned).select_related("objective")
        }
        self.stored_key_results = set(existing)
        for key, kr in existing.items():
            if kr.objective.cycle_id != objectives[planned[key][0].key].cycle_id:
                self.clashes.append(
                    Clash(
                        "key_result",
                        key,
                        f"key result key '{key}' is used in another cycle; keys are unique across cycles",
                    )
                )
        rows = {
            kr.key: {
                "objective_id": objectives[o.key].pk,
                "title": kr.title,
                "type": kr.type,
                "unit": kr.unit,
                "baseline": kr.baseline,
                "target": kr.target,
                "direction": kr.direction or "",
                "weight": kr.weight,
                "owner_id": users[kr.owner.lower()].pk if kr.owner else None,
                "position": self._position(existing.get(kr.key), position),
                "coach_ignore": list(kr.coach_ignore),
            }
            for o in self.plan.objectives
            for position, kr in enumerate(o.key_results)
        }

        def changed(key: str) -> None:
            self._require("key_result", key, self.wanted[planned[key][0].key])

        return _sync(KeyResult, rows, existing, "key_result", self.report, changed)

    def _alignments(
        self, objectives: dict[str, Objective], key_results: dict[str, KeyResult]
    ) -> None:
        targets = {o.aligned_to for o in self.plan.objectives if o.aligned_to}
        stored_objectives = {
            o.key: o.pk for o in Objective.objects.filter(key__in=targets - objectives.keys())
        } | {key: o.pk for key, o in objectives.items()}
        stored_krs = {
            kr.key: kr.pk for kr in KeyResult.objects.filter(key__in=targets - key_results.keys())
        } | {key: kr.pk for key, kr in key_results.items()}
        hidden = self._aligned_out_of_sight(objectives.values())
        changed = []
        for snapshot in self.plan.objectives:
            objective = objectives[snapshot.key]
            target = snapshot.aligned_to
            if target is None and objective.pk in hidden:
                continue  # aligned to what the actor does not see: that stays as it is
            wanted = (
                stored_objectives.get(target) if target else None,
                stored_krs.get(target) if target and target not in stored_objectives else None,
            )
            if target == snapshot.key:
                self.clashes.append(
                    Clash("objective", snapshot.key, "an objective cannot align to itself")
                )
            if (objective.aligned_objective_id, objective.aligned_key_result_id) != wanted:
                self._objective_changed(snapshot.key)
                objective.aligned_objective_id, objective.aligned_key_result_id = wanted
                changed.append(objective)
        if changed:
            Objective.objects.bulk_update(changed, ["aligned_objective", "aligned_key_result"])
            self._count_as_updated("objective", len(changed))
        via_krs = dict(
            KeyResult.objects.filter(
                pk__in=[o.aligned_key_result_id for o in changed if o.aligned_key_result_id]
            ).values_list("pk", "objective_id")
        )
        for objective in changed:
            parent = objective.aligned_objective_id or via_krs.get(
                objective.aligned_key_result_id or 0
            )
            if parent and parent != objective.pk and aligns_into(parent, objective.pk):
                target = next(o.aligned_to for o in self.plan.objectives if o.key == objective.key)
                message = alignment_loop_message(target or "")
                self.clashes.append(Clash("objective", objective.key, message, "aligned_to"))

    def _aligned_out_of_sight(self, objectives: Iterable[Objective]) -> set[int]:
        """Ids of the objectives aligned to something the actor does not see (admins see all)."""
        if self.stored is None:
            return set()
        targets = {o.pk: o.aligned_objective_id for o in objectives if o.aligned_objective_id}
        via_krs = {o.pk: o.aligned_key_result_id for o in objectives if o.aligned_key_result_id}
        parents = dict(
            KeyResult.objects.filter(pk__in=via_krs.values()).values_list("pk", "objective_id")
        )
        targets |= {pk: parents[kr] for pk, kr in via_krs.items()}
        places = objective_places(set(targets.values()))
        return {pk for pk, target in targets.items() if not can_see(self.actor, places[target])}

    def _contributors(self, objectives: Mapping[str, Objective], teams: Mapping[str, Team]) -> None:
        through = Objective.contributors.through
        wanted = {
            (objectives[o.key].pk, teams[c].pk)
            for o in self.plan.objectives
            for c in o.contributors
        }
        ids = [o.pk for o in objectives.values()]
        stored = set(
            through.objects.filter(objective_id__in=ids).values_list("objective_id", "team_id")
        )
        if stored == wanted:
            return
        removed = stored - wanted
        touched = {o for o, _ in removed | (wanted - stored)}
        keys = {o.pk: key for key, o in objectives.items()}
        for objective_id in touched:
            self._objective_changed(keys[objective_id])
        for objective_id, team_id in removed:
            through.objects.filter(objective_id=objective_id, team_id=team_id).delete()
        through.objects.bulk_create(
            [through(objective_id=o, team_id=t) for o, t in sorted(wanted - stored)]
        )
        self._count_as_updated("objective", len(touched))

    def _check_ins(self, key_results: Mapping[str, KeyResult], users: Mapping[str, User]) -> None:
        # Key results created by this import have no check-ins yet.
        ids = [key_results[key].pk for key in self.stored_key_results]
        existing = {
            (c.key_result_id, c.date): c for c in CheckIn.objects.filter(key_result_id__in=ids)
        }
        planned = {kr.key: o for o in self.plan.objectives for kr in o.key_results}
        rows: dict[tuple[int, date], dict[str, Any]] = {}
        for kr in self.plan.key_results():
            for c in kr.check_ins:
                key = (key_results[kr.key].pk, c.date)
                fields: dict[str, Any] = {
                    "key_result_id": key_results[kr.key].pk,
                    "date": c.date,
                    "value": c.value,
                    "confidence": c.confidence,
                    "note": c.note,
                    "blockers": c.blockers,
                }
                named = users[c.author.lower()].pk if c.author else None
                fields["author_id"] = self._author(kr.key, c.date, named, existing.get(key), fields)
                rows[key] = fields
        krs = {kr.pk: key for key, kr in key_results.items()}

        def changed(key: tuple[int, date]) -> None:
            kr_key = krs[key[0]]
            self._require_check_in(kr_key, key[1], self.wanted[planned[kr_key].key])

        _sync(CheckIn, rows, existing, "check_in", self.report, changed, created=False)

    def _author(
        self,
        kr_key: str,
        day: date,
        named: int | None,
        stored: CheckIn | None,
        fields: Mapping[str, Any],
    ) -> int | None:
        """Who a check-in is by: as the file says for an admin importing history; else the
        person importing, for every check-in they record or change."""
        if self.stored is None:
            return named
        assert self.actor is not None
        if (
            stored is not None
            and not _differs(stored, fields)
            and named in (None, stored.author_id)
        ):
            return stored.author_id
        if named not in (None, self.actor.pk):
            self._refuse(
                "check_in",
                okrfile.check_in_key(kr_key, day),
                "you record check-ins as yourself: leave out 'author' "
                "(only admins import others' check-ins)",
            )
        return self.actor.pk

    def _initiatives(
        self, cycle: Cycle, teams: Mapping[str, Team], key_results: Mapping[str, KeyResult]
    ) -> None:
        keys = [i.key for i in self.plan.initiatives]
        existing = {i.key: i for i in Initiative.objects.filter(key__in=keys)}
        wanted = {
            i.key: team_place(teams[i.team] if i.team else None) for i in self.plan.initiatives
        }
        rows = {
            i.key: {
                "cycle_id": cycle.pk,
                "team_id": teams[i.team].pk if i.team else None,
                "title": i.title,
                "status": i.status,
                "effort": i.effort,
                "bucket": i.bucket or "",
                "url": i.url,
                "external_key": i.external_key,
                "start": i.start,
                "end": i.end,
                "position": self._position(existing.get(i.key), position),
            }
            for position, i in enumerate(self.plan.initiatives)
        }

        def changed(key: str) -> None:
            self._require("initiative", key, wanted[key])

        self.former_teams |= {(i.cycle_id, i.team_id) for i in existing.values() if i.team_id}
        initiatives = _sync(Initiative, rows, existing, "initiative", self.report, changed)
        self.initiative_ids = [i.pk for i in initiatives.values()]
        linked_krs = {link.key_result for i in self.plan.initiatives for link in i.links}
        kr_ids = {key: kr.pk for key, kr in key_results.items()} | {
            kr.key: kr.pk
            for kr in KeyResult.objects.filter(key__in=linked_krs - key_results.keys())
        }
        stored_links = InitiativeLink.objects.filter(
            initiative_id__in=[i.pk for i in initiatives.values()]
        )
        if self.stored is not None:  # links to what the actor does not see stay as they are
            stored_links = stored_links.filter(
                key_result__objective__in=Objective.objects.filter(
                    visible_objectives_q(self.actor)
                ).values("pk")
            )
        existing_links = {(link.initiative_id, link.key_result_id): link for link in stored_links}
        link_rows = {
            (initiatives[i.key].pk, kr_ids[link.key_result]): {
                "initiative_id": initiatives[i.key].pk,
                "key_result_id": kr_ids[link.key_result],
                "impact": link.impact,
                "position": self._position(
                    existing_links.get((initiatives[i.key].pk, kr_ids[link.key_result])), position
                ),
            }
            for i in self.plan.initiatives
            for position, link in enumerate(i.links)
        }
        by_id = {initiative.pk: key for key, initiative in initiatives.items()}

        def link_changed(key: tuple[int, int]) -> None:
            changed(by_id[key[0]])

        stale = [key for key in existing_links if key not in link_rows]
        if stale:
            for key in stale:
                link_changed(key)
            InitiativeLink.objects.filter(pk__in=[existing_links[k].pk for k in stale]).delete()
            self._count_as_updated("link", len(stale))
        _sync(InitiativeLink, link_rows, existing_links, "link", self.report, link_changed)

    def _count_as_updated(self, kind: str, count: int) -> None:
        moved = min(count, self.report.unchanged[kind])
        self.report.unchanged[kind] -= moved
        self.report.updated[kind] += moved


def _team_fields(team: domain.Team) -> dict[str, Any]:
    return {"name": team.name, "kind": team.kind}


def _differs(instance: models.Model, fields: Mapping[str, Any]) -> bool:
    return any(getattr(instance, name) != value for name, value in fields.items())


def _sync(
    model: type[M],
    rows: Mapping[K, Mapping[str, Any]],
    existing: Mapping[K, M],
    kind: str,
    report: ImportReport,
    on_change: Callable[[K], None],
    *,
    created: bool = True,
) -> dict[K, M]:
    """Create the missing rows and update the differing ones, each in one bulk statement.

    `on_change` hears of each row created or changed first, to check the actor's rights.
    Returns the rows by key; without `created`, only those that existed, and new rows
    are inserted without making model instances (cheaper for thousands of check-ins).
    """
    result: dict[K, M] = {}
    to_create: list[tuple[K, M]] = []
    to_insert: list[Mapping[str, Any]] = []
    to_update: list[M] = []
    changed_fields: set[str] = set()
    for key, fields in rows.items():
        instance = existing.get(key)
        if instance is None:
            on_change(key)
            extra: dict[str, Any] = {"key": key} if isinstance(key, str) else {}
            if created:
                to_create.append((key, model(**extra, **fields)))
            else:
                to_insert.append({**extra, **fields})
            continue
        result[key] = instance
        differing = [name for name, value in fields.items() if getattr(instance, name) != value]
        if differing:
            on_change(key)
            for name in differing:
                setattr(instance, name, fields[name])
            changed_fields.update(differing)
            to_update.append(instance)
        else:
            report.unchanged[kind] += 1
    made = model._default_manager.bulk_create(
        [instance for _, instance in to_create], batch_size=2000
    )
    result.update(zip([key for key, _ in to_create], made, strict=True))
    bulk.insert_rows(model, to_insert)
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(changed_fields), batch_size=2000)
    report.created[kind] += len(to_create) + len(to_insert)
    report.updated[kind] += len(to_update)
    return result

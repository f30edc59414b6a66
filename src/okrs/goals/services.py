"""Use cases that change or score goals: import, check-in, scoring. Each is transactional
and checks permissions itself, so the CLI, the API and the web app behave alike."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from okrs.core import domain, okrfile, validation
from okrs.core.scoring import CycleScore
from okrs.goals.models import CheckIn, Cycle, Initiative, InitiativeLink, KeyResult, Objective
from okrs.goals.signals import touch_cycles
from okrs.goals.snapshots import NotFound, get_cycle, load_scored
from okrs.people.models import Team, User, stored_keys
from okrs.people.permissions import (
    PermissionDenied,
    can_edit_team,
    is_admin,
    may_check_in,
    require_team_editor,
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


class ImportConflict(Exception):
    """The file is well-formed but clashes with what is stored; `problems` says where."""

    def __init__(self, problems: list[tuple[str, str, str]]) -> None:
        self.problems = problems  # (kind, key, message)
        super().__init__("; ".join(message for _, _, message in problems))


class CheckInError(ValueError):
    """A check-in that cannot be recorded; the message names the field."""


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

    Raises `okrfile.OkrFileError` listing every problem as FILE:LINE: field: message.
    """
    parsed = okrfile.parse_okr_file(text, filename)
    problems = okrfile.unresolved(
        parsed.references,
        known_teams=_existing("team", Team.objects, _referenced(parsed, "team")),
        known_targets=_existing("objective", Objective.objects, _referenced(parsed, "alignment"))
        | _existing("key_result", KeyResult.objects, _referenced(parsed, "alignment")),
        known_key_results=_existing(
            "key_result", KeyResult.objects, _referenced(parsed, "key_result")
        ),
    )
    if problems:
        raise okrfile.OkrFileError(problems)
    try:
        return import_plan(parsed.plan, actor=actor)
    except ImportConflict as conflict:
        raise okrfile.OkrFileError(
            [parsed.problem_at(kind, key, message) for kind, key, message in conflict.problems]
        ) from None


def _referenced(parsed: okrfile.ParsedFile, kind: str) -> set[str]:
    return {ref.key for ref in parsed.references if ref.kind == kind}


def _existing(kind: str, manager: Any, keys: set[str]) -> set[str]:
    return set(manager.filter(key__in=keys).values_list("key", flat=True)) if keys else set()


@transaction.atomic
def import_plan(plan: domain.Plan, *, actor: User | None = None) -> ImportReport:
    """Upsert a whole plan by key; importing the same plan twice changes nothing."""
    return _PlanImporter(plan, actor).run()


class _PlanImporter:
    """One import: loads what exists in bulk, then creates and updates in bulk."""

    def __init__(self, plan: domain.Plan, actor: User | None) -> None:
        self.plan = plan
        self.actor = actor
        self.report = ImportReport()
        self.conflicts: list[tuple[str, str, str]] = []

    def run(self) -> ImportReport:
        self._check_keys_available()
        cycle = self._cycle()
        users = self._users()
        teams = self._teams()
        self._check_permissions(teams)
        objectives = self._objectives(cycle, teams, users)
        key_results = self._key_results(objectives, users)
        self._alignments(objectives, key_results)
        self._contributors(objectives, teams)
        self._check_ins(key_results, users)
        self._initiatives(cycle, teams, key_results)
        if self.conflicts:
            raise ImportConflict(self.conflicts)
        # Bulk writes send no signals: renew the revisions of what changed here.
        if self.report.changed:
            touch_cycles(
                None
                if self.report.created["team"] + self.report.updated["team"]
                else Q(pk=cycle.pk)
            )
        return self.report

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
        clashes = []
        for kind, (model, keys) in planned.items():
            stored = stored_keys(model, keys)
            clashes += [
                (kind, key, validation.unavailable_key(key))
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
            self.report.created["cycle"] += 1
            return Cycle.objects.create(
                key=snapshot.name, start=snapshot.start, end=snapshot.end, state=snapshot.state
            )
        if (cycle.start, cycle.end) != (snapshot.start, snapshot.end):
            self.conflicts.append(
                (
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
        if not is_admin(self.actor) and any(
            t.key not in existing or _differs(existing[t.key], _team_fields(t))
            for t in self.plan.teams
        ):
            raise PermissionDenied("you may not create or change teams: admins only")
        rows = {t.key: _team_fields(t) for t in self.plan.teams}
        teams = {**existing, **_sync(Team, rows, existing, "team", self.report)}
        parents = {t.key: teams.get(t.parent) if t.parent else None for t in self.plan.teams}
        changed = []
        for key, parent in parents.items():
            if teams[key].parent_id != (parent.pk if parent else None):
                teams[key].parent = parent
                changed.append(teams[key])
        if changed:
            Team.objects.bulk_update(changed, ["parent"])
            self._count_as_updated("team", len([t for t in changed if t.key in existing]))
        return teams

    def _check_permissions(self, teams: Mapping[str, Team]) -> None:
        if is_admin(self.actor):
            return
        for objective in self.plan.objectives:
            require_team_editor(
                self.actor, teams[objective.team].pk, f"objective '{objective.key}'"
            )
        for initiative in self.plan.initiatives:
            if initiative.team:
                require_team_editor(
                    self.actor, teams[initiative.team].pk, f"initiative '{initiative.key}'"
                )

    def _objectives(
        self, cycle: Cycle, teams: Mapping[str, Team], users: Mapping[str, User]
    ) -> dict[str, Objective]:
        existing = {
            o.key: o
            for o in Objective.objects.filter(key__in=[o.key for o in self.plan.objectives])
        }
        for key, objective in existing.items():
            if objective.cycle_id != cycle.pk:
                self.conflicts.append(
                    (
                        "objective",
                        key,
                        f"objective key '{key}' is used in another cycle; keys are unique across cycles",
                    )
                )
        rows = {
            o.key: {
                "cycle_id": cycle.pk,
                "team_id": teams[o.team].pk,
                "title": o.title,
                "description": o.description,
                "kind": o.kind,
                "owner_id": users[o.owner.lower()].pk if o.owner else None,
                "visibility": o.visibility,
                "position": position,
                "coach_ignore": list(o.coach_ignore),
            }
            for position, o in enumerate(self.plan.objectives)
        }
        return _sync(Objective, rows, existing, "objective", self.report)

    def _key_results(
        self, objectives: Mapping[str, Objective], users: Mapping[str, User]
    ) -> dict[str, KeyResult]:
        planned = {kr.key: (o, kr) for o in self.plan.objectives for kr in o.key_results}
        existing = {
            kr.key: kr
            for kr in KeyResult.objects.filter(key__in=planned).select_related("objective")
        }
        for key, kr in existing.items():
            if kr.objective.cycle_id != objectives[planned[key][0].key].cycle_id:
                self.conflicts.append(
                    (
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
                "position": position,
                "coach_ignore": list(kr.coach_ignore),
            }
            for o in self.plan.objectives
            for position, kr in enumerate(o.key_results)
        }
        return _sync(KeyResult, rows, existing, "key_result", self.report)

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
        changed = []
        for snapshot in self.plan.objectives:
            objective = objectives[snapshot.key]
            target = snapshot.aligned_to
            wanted = (
                stored_objectives.get(target) if target else None,
                stored_krs.get(target) if target and target not in stored_objectives else None,
            )
            if target == snapshot.key:
                self.conflicts.append(
                    ("objective", snapshot.key, "an objective cannot align to itself")
                )
            if (objective.aligned_objective_id, objective.aligned_key_result_id) != wanted:
                objective.aligned_objective_id, objective.aligned_key_result_id = wanted
                changed.append(objective)
        if changed:
            Objective.objects.bulk_update(changed, ["aligned_objective", "aligned_key_result"])
            self._count_as_updated("objective", len(changed))

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
        for objective_id, team_id in removed:
            through.objects.filter(objective_id=objective_id, team_id=team_id).delete()
        through.objects.bulk_create(
            [through(objective_id=o, team_id=t) for o, t in sorted(wanted - stored)]
        )
        self._count_as_updated("objective", len({o for o, _ in removed | (wanted - stored)}))

    def _check_ins(self, key_results: Mapping[str, KeyResult], users: Mapping[str, User]) -> None:
        ids = [kr.pk for kr in key_results.values()]
        existing = {
            (c.key_result_id, c.date): c for c in CheckIn.objects.filter(key_result_id__in=ids)
        }
        rows = {
            (key_results[kr.key].pk, c.date): {
                "key_result_id": key_results[kr.key].pk,
                "date": c.date,
                "value": c.value,
                "confidence": c.confidence,
                "note": c.note,
                "blockers": c.blockers,
                "author_id": users[c.author.lower()].pk if c.author else None,
            }
            for kr in self.plan.key_results()
            for c in kr.check_ins
        }
        _sync(CheckIn, rows, existing, "check_in", self.report)

    def _initiatives(
        self, cycle: Cycle, teams: Mapping[str, Team], key_results: Mapping[str, KeyResult]
    ) -> None:
        keys = [i.key for i in self.plan.initiatives]
        existing = {i.key: i for i in Initiative.objects.filter(key__in=keys)}
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
                "position": position,
            }
            for position, i in enumerate(self.plan.initiatives)
        }
        initiatives = _sync(Initiative, rows, existing, "initiative", self.report)
        linked_krs = {link.key_result for i in self.plan.initiatives for link in i.links}
        kr_ids = {key: kr.pk for key, kr in key_results.items()} | {
            kr.key: kr.pk
            for kr in KeyResult.objects.filter(key__in=linked_krs - key_results.keys())
        }
        existing_links = {
            (link.initiative_id, link.key_result_id): link
            for link in InitiativeLink.objects.filter(
                initiative_id__in=[i.pk for i in initiatives.values()]
            )
        }
        link_rows = {
            (initiatives[i.key].pk, kr_ids[link.key_result]): {
                "initiative_id": initiatives[i.key].pk,
                "key_result_id": kr_ids[link.key_result],
                "impact": link.impact,
                "position": position,
            }
            for i in self.plan.initiatives
            for position, link in enumerate(i.links)
        }
        stale = [link.pk for key, link in existing_links.items() if key not in link_rows]
        if stale:
            InitiativeLink.objects.filter(pk__in=stale).delete()
            self._count_as_updated("link", len(stale))
        _sync(InitiativeLink, link_rows, existing_links, "link", self.report)

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
) -> dict[K, M]:
    """Create the missing rows and update the differing ones, each in one bulk statement."""
    result: dict[K, M] = {}
    to_create: list[tuple[K, M]] = []
    to_update: list[M] = []
    changed_fields: set[str] = set()
    for key, fields in rows.items():
        instance = existing.get(key)
        if instance is None:
            extra: dict[str, Any] = {"key": key} if isinstance(key, str) else {}
            to_create.append((key, model(**extra, **fields)))
            continue
        result[key] = instance
        differing = [name for name, value in fields.items() if getattr(instance, name) != value]
        if differing:
            for name in differing:
                setattr(instance, name, fields[name])
            changed_fields.update(differing)
            to_update.append(instance)
        else:
            report.unchanged[kind] += 1
    created = model._default_manager.bulk_create(
        [instance for _, instance in to_create], batch_size=2000
    )
    result.update(zip([key for key, _ in to_create], created, strict=True))
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(changed_fields), batch_size=2000)
    report.created[kind] += len(to_create)
    report.updated[kind] += len(to_update)
    return result


# -- check-ins --------------------------------------------------------------------------


def require_check_in_rights(actor: User | None, kr: KeyResult) -> None:
    """PermissionDenied unless the actor may check in on the key result (`may_check_in`)."""
    objective = kr.objective
    owner = actor is not None and actor.pk in {kr.owner_id, objective.owner_id} - {None}
    if not may_check_in(actor, team_editor=can_edit_team(actor, objective.team_id), owner=owner):
        raise PermissionDenied(
            f"you may not check in on key result '{kr.key}': only its team, its owner and "
            "the objective's owner can"
        )


@transaction.atomic
def record_check_in(
    key_result_key: str,
    value: Any,
    *,
    confidence: Any = None,
    note: str = "",
    blockers: str = "",
    day: date | None = None,
    actor: User | None = None,
) -> tuple[CheckIn, bool]:
    """Record a key result's value on a day (today by default); a second one that day corrects it.

    Returns the check-in and whether it was created (False: an earlier one that day was replaced).
    """
    try:
        kr = KeyResult.objects.select_related("objective__cycle").get(key=key_result_key)
    except KeyResult.DoesNotExist:
        raise NotFound(f"unknown key result '{key_result_key}'") from None
    objective = kr.objective
    if not is_admin(actor):
        visible = Objective.objects.filter(visible_objectives_q(actor), pk=objective.pk).exists()
        if not visible:
            raise NotFound(f"unknown key result '{key_result_key}'")
    require_check_in_rights(actor, kr)
    number, message = validation.parse_number(value)
    if message:
        raise CheckInError(f"value: {message}")
    assert number is not None
    if kr.type == "milestone" and number not in (0, 1):
        raise CheckInError("value: a milestone is 1 when done and 0 when not")
    level: float | None = None
    if confidence is not None:
        level, message = validation.parse_number(confidence)
        message = message or validation.check_confidence(level)
        if message:
            raise CheckInError(f"confidence: {message}")
    for name, text in (("note", note), ("blockers", blockers)):
        if message := validation.check_note(text, label=f"the {name}"):
            raise CheckInError(f"{name}: {message}")
    day = day or timezone.localdate()
    cycle = objective.cycle
    if message := validation.check_year(day):
        raise CheckInError(f"date: {message}")
    if not cycle.start <= day <= cycle.end:
        raise CheckInError(
            f"date: {day} is outside cycle {cycle.key} ({cycle.start} to {cycle.end})"
        )
    if day > timezone.localdate():
        raise CheckInError(f"date: {day} is in the future; check in what you know today")
    return CheckIn.objects.update_or_create(
        key_result=kr,
        date=day,
        defaults={
            "value": number,
            "confidence": level,
            "note": note,
            "blockers": blockers,
            "author": actor,
        },
    )


# -- reading -----------------------------------------------------------------------------


def score_cycle(
    cycle_key: str, *, as_of: date | None = None, actor: User | None = None
) -> CycleScore:
    """Every figure of a cycle as it stood at the end of `as_of` (default today)."""
    cycle = get_cycle(cycle_key)
    as_of = as_of or timezone.localdate()
    return load_scored(cycle, actor=actor, as_of=as_of)[1]


def past_objectives(
    team_keys: Iterable[str], before: date, cycles: int = 2
) -> list[domain.PastObjective]:
    """Scores of the teams' objectives in the last closed cycles before a date (for OKR302).

    Read from each closed cycle as a whole: a team's record does not depend on who asks.
    """
    closed = list(
        Cycle.objects.filter(state=Cycle.State.CLOSED, end__lt=before).order_by("-end")[:cycles]
    )
    result: list[domain.PastObjective] = []
    teams = set(team_keys)
    for cycle in closed:
        _, scores = load_scored(cycle, as_of=cycle.end)
        for objective in (o for o in scores.objectives if o.team in teams):
            result.append(
                domain.PastObjective(
                    key=objective.key,
                    team=objective.team,
                    cycle=cycle.key,
                    kind=objective.kind,
                    score=objective.score,
                )
            )
    return result

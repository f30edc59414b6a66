"""Use cases that create and change goals by hand: cycles, teams, objectives, key results,
initiatives, KPIs and their measurements, a cycle's state, copying an objective into the
next quarter, and deleting.

Each function is transactional, checks the actor's permission itself and validates its
input with `okrs.core.validation`, so the web forms, the API and the importer say the
same words for the same mistake. Bad input raises `Invalid` listing every (field,
message) problem; a key the actor may not see raises `NotFound`; a forbidden change
raises `Forbidden`; deleting a row that still holds others raises `Conflict`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models, transaction

from okrs.core import validation
from okrs.core.choices import (
    Bucket,
    CycleState,
    Direction,
    InitiativeStatus,
    KeyResultType,
    ObjectiveKind,
    TeamKind,
    Visibility,
)
from okrs.core.cycles import next_quarter, quarter_dates
from okrs.core.errors import Conflict, Forbidden, Invalid, NotFound
from okrs.goals import figures
from okrs.goals.models import (
    CheckIn,
    ClaritySurvey,
    Comment,
    Cycle,
    Initiative,
    InitiativeLink,
    KeyResult,
    Kpi,
    KpiMeasurement,
    Objective,
    ObjectiveReview,
)
from okrs.goals.places import (
    alignment_loop_message,
    aligns_into,
    initiative_places,
    objective_place_of,
    team_place,
)
from okrs.goals.selectors import visible_initiatives
from okrs.people.models import Team, User, key_problem
from okrs.people.permissions import (
    Place,
    objective_place,
    require_admin,
    require_answer_survey,
    require_check_in_rights,
    require_comment,
    require_delete_comment,
    require_edit,
    require_edit_comment,
    visible_objectives_q,
)

Problems = list[tuple[str, str]]
# A number as the API sends it or as typed in a form: the service reads it, so that a
# form shows every problem at once; None or empty text is no number.
Number = float | str | None


@dataclass
class ObjectiveFields:
    """What a person sets on an objective; `team`, `aligned_to` and `contributors` are keys."""

    team: str
    title: str
    kind: str = "committed"
    description: str = ""
    owner: str | None = None
    visibility: str = "public"
    aligned_to: str | None = None
    contributors: Sequence[str] = ()


@dataclass
class KeyResultFields:
    """What a person sets on a key result; `owner` is an email address."""

    title: str
    type: str = "metric"
    unit: str = ""
    baseline: Number = None
    target: Number = None
    direction: str | None = None
    weight: float | str = 1.0
    owner: str | None = None


@dataclass
class InitiativeFields:
    """What a person sets on an initiative; `links` are (key result key, impact) pairs."""

    title: str
    team: str | None = None
    status: str = "planned"
    effort: Number = None
    bucket: str | None = None
    url: str = ""
    external_key: str = ""
    start: date | None = None
    end: date | None = None
    links: Sequence[tuple[str, Number]] = field(default_factory=list)


# -- cycles -------------------------------------------------------------------------------


@transaction.atomic
def create_cycle(
    key: str, start: date | None = None, end: date | None = None, *, actor: User | None
) -> Cycle:
    """A new cycle in planning; a quarter name such as `2027-Q1` may leave out its dates."""
    require_admin(actor, "create cycles")
    problems = _problems(("key", validation.check_key(key, validation.CYCLE_NAME_MAX_LENGTH)))
    if not problems and key_problem(Cycle, key):
        problems.append(("key", f"a cycle '{key}' exists already: pick another name"))
    start, end = _cycle_dates(key, start, end, problems)
    _raise(problems)
    return Cycle.objects.create(key=key, start=start, end=end, state=CycleState.PLANNING)


@transaction.atomic
def update_cycle(key: str, start: date, end: date, *, actor: User | None) -> Cycle:
    """Move a cycle's dates; its check-ins stay where they are."""
    require_admin(actor, "change cycles")
    cycle = _get(Cycle.objects, key, "cycle")
    problems = _problems(
        ("start", validation.check_year(start)),
        ("end", validation.check_year(end) or validation.check_date_range(start, end)),
    )
    _raise(problems)
    cycle.start, cycle.end = start, end
    cycle.save(update_fields=["start", "end"])
    return cycle


@transaction.atomic
def set_cycle_state(key: str, state: str, *, actor: User | None) -> Cycle:
    """Move a cycle forward: planning → active → closed (never back)."""
    require_admin(actor, "change cycles")
    cycle = _get(Cycle.objects, key, "cycle")
    problems = _problems(("state", validation.check_choice(state, CycleState.values, "state")))
    if not problems and CycleState.values.index(state) <= CycleState.values.index(cycle.state):
        problems.append(
            ("state", f"cycle '{key}' is {cycle.state}: it can only move on to a later state")
        )
    _raise(problems)
    cycle.state = state
    cycle.save(update_fields=["state"])
    return cycle


@transaction.atomic
def delete_cycle(key: str, *, actor: User | None) -> None:
    """Delete an empty cycle: one without objectives and initiatives.

    A cycle made by mistake would otherwise stay, and may even be the one every
    dashboard opens on. One with content is refused: delete its content first.
    """
    require_admin(actor, "delete cycles")
    cycle = _get(Cycle.objects, key, "cycle")
    held = [
        f"{count} {what}"
        for count, what in (
            (cycle.objectives.count(), "objective(s)"),
            (cycle.initiatives.count(), "initiative(s)"),
        )
        if count
    ]
    if held:
        raise Conflict(
            f"cycle '{key}' holds {' and '.join(held)}: only an empty cycle is deleted",
            field="cycle",
        )
    cycle.delete()


def _cycle_dates(
    key: str, start: date | None, end: date | None, problems: Problems
) -> tuple[date, date]:
    if start is None or end is None:
        dates = quarter_dates(key)
        if dates is None:
            problems.append(
                ("start", "give start and end dates, or name the cycle as a quarter like 2027-Q1")
            )
            return date.min, date.min
        if message := validation.check_year(dates[0]):
            problems.append(("key", message))
            return dates
        start, end = start or dates[0], end or dates[1]
    problems.extend(
        _problems(
            ("start", validation.check_year(start)),
            ("end", validation.check_year(end) or validation.check_date_range(start, end)),
        )
    )
    return start, end


# -- teams --------------------------------------------------------------------------------


@transaction.atomic
def create_team(
    key: str, *, name: str, kind: str, parent: str | None = None, actor: User | None
) -> Team:
    """A new team, optionally under a parent team."""
    require_admin(actor, "create or change teams")
    problems = _problems(("key", validation.check_key(key, validation.TEAM_KEY_MAX_LENGTH)))
    if not problems and key_problem(Team, key):
        problems.append(("key", f"a team '{key}' exists already: pick another key"))
    team = Team(key=key)
    _apply_team(team, name, kind, parent, problems)
    return team


@transaction.atomic
def update_team(
    key: str, *, name: str, kind: str, parent: str | None = None, actor: User | None
) -> Team:
    """Rename a team, change its kind or move it under another parent."""
    require_admin(actor, "create or change teams")
    team = _get(Team.objects, key, "team")
    _apply_team(team, name, kind, parent, [])
    return team


def _apply_team(team: Team, name: str, kind: str, parent: str | None, problems: Problems) -> None:
    problems += _problems(
        ("name", validation.check_name(name)),
        ("kind", validation.check_choice(kind, TeamKind.values, "team kind")),
    )
    parent_team = _find(Team.objects, parent, "parent", "team", problems)
    if parent_team is not None and team.pk and _is_within(parent_team, team):
        problems.append(("parent", f"'{parent}' is inside '{team.key}': pick a team above it"))
    _raise(problems)
    team.name, team.kind, team.parent = name, kind, parent_team
    team.save()


def _is_within(candidate: Team, team: Team) -> bool:
    """Whether `candidate` is `team` or one of its descendants (walks up, one query a level)."""
    node: Team | None = candidate
    seen: set[int] = set()
    while node is not None and node.pk not in seen:
        if node.pk == team.pk:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


# -- objectives ---------------------------------------------------------------------------


@transaction.atomic
def create_objective(
    cycle: str,
    fields: ObjectiveFields,
    *,
    key: str | None = None,
    key_results: Sequence[KeyResultFields] = (),
    actor: User | None,
) -> Objective:
    """A new objective of a team in a cycle, with its first key results if given.

    The problems of a key result name it by position (`key_results[1].title`), found
    with those of the objective.
    """
    stored_cycle = _get(Cycle.objects, cycle, "cycle")
    objective = Objective(cycle=stored_cycle)
    problems = _key_problems(Objective, key)
    checked = [
        _check_key_result(kr_fields, problems, f"key_results[{position}].")
        for position, kr_fields in enumerate(key_results)
    ]
    contributors = _apply_objective(objective, fields, problems, actor, stored=None)
    objective.key = key or _free_key(Objective, f"{stored_cycle.key}-{fields.team}")
    objective.save()
    objective.contributors.set(contributors)
    for position, values in enumerate(checked):
        _set_key_result(KeyResult(objective=objective, position=position), values)
    return objective


@transaction.atomic
def update_objective(key: str, fields: ObjectiveFields, *, actor: User | None) -> Objective:
    """Change an objective; moving it to another team needs edit rights on both."""
    objective = _visible_objective(key, actor)
    stored = objective_place_of(objective)
    require_edit(actor, f"objective '{key}'", stored, None)  # before a word on the input
    contributors = _apply_objective(objective, fields, [], actor, stored=stored)
    objective.save()
    objective.contributors.set(contributors)
    return objective


@transaction.atomic
def copy_objective_to_next_cycle(key: str, *, actor: User | None) -> Objective:
    """Copy an objective and its key results (no check-ins) into the next quarter.

    The next quarter is created, in planning, when it does not exist yet and an admin
    copies (only admins create cycles). The copy aligns to nothing: its parent, if any,
    belongs to the old cycle.
    """
    source = _visible_objective(key, actor)
    require_edit(actor, f"a copy of objective '{key}'", None, objective_place_of(source))
    old_cycle = source.cycle
    name = next_quarter(old_cycle.key)
    if name is None or quarter_dates(name) is None:
        raise Invalid(
            f"cycle '{old_cycle.key}' is not a quarter: create the next cycle first", field="cycle"
        )
    new_cycle = _next_cycle(name, actor)
    contributors = list(source.contributors.all())
    key_results = list(source.key_results.all())
    copy = _clone(source, cycle=new_cycle, aligned_objective=None, aligned_key_result=None)
    copy.key = _free_key(Objective, _rekey(key, old_cycle.key, name), numbered=False)
    copy.save()
    copy.contributors.set(contributors)
    for kr in key_results:
        kr_copy = _clone(kr, objective=copy)
        kr_copy.key = _free_key(KeyResult, _rekey(kr.key, old_cycle.key, name), numbered=False)
        kr_copy.save()
    return copy


def _next_cycle(name: str, actor: User | None) -> Cycle:
    """The next quarter to copy into; an admin's copy creates it when missing."""
    found = Cycle.objects.filter(key=name).first()
    if found is not None:
        return found
    try:
        return create_cycle(name, actor=actor)
    except Forbidden:
        raise Invalid(
            f"cycle {name} does not exist yet: ask an admin to create {name}", field="cycle"
        ) from None


def _apply_objective(
    objective: Objective,
    fields: ObjectiveFields,
    problems: Problems,
    actor: User | None,
    *,
    stored: Place | None,
) -> list[Team]:
    """Validate the fields and references, check permissions, set them (unsaved).

    `stored` is the objective's place as stored (None for a new one). Returns the
    contributing teams, to be set once the objective is saved.
    """
    problems += _problems(
        ("title", validation.check_title(fields.title)),
        ("kind", validation.check_choice(fields.kind, ObjectiveKind.values, "objective kind")),
        ("visibility", validation.check_choice(fields.visibility, Visibility.values, "visibility")),
        ("description", validation.check_text(fields.description, label="the description")),
    )
    if not fields.team:
        problems.append(("team", "choose the team that owns the objective"))
    team = _find(Team.objects, fields.team, "team", "team", problems)
    owner = _owner(fields.owner, problems)
    contributors = list(Team.objects.filter(key__in=fields.contributors))
    missing = set(fields.contributors) - {t.key for t in contributors}
    if missing:
        problems.append(("contributors", f"unknown team {', '.join(sorted(missing))}"))
    aligned_objective, aligned_kr = _alignment(objective, fields.aligned_to, problems, actor)
    _raise(problems)
    assert team is not None
    wanted = objective_place(team.pk, team.key, fields.visibility, [t.pk for t in contributors])
    what = f"objective '{objective.key}'" if stored else "an objective"
    require_edit(actor, what, stored, wanted)
    objective.team, objective.owner = team, owner
    objective.title, objective.kind = fields.title, fields.kind
    objective.description, objective.visibility = fields.description, fields.visibility
    objective.aligned_objective, objective.aligned_key_result = aligned_objective, aligned_kr
    return contributors


def _alignment(
    objective: Objective, target: str | None, problems: Problems, actor: User | None
) -> tuple[Objective | None, KeyResult | None]:
    """The objective or key result (visible to the actor) that `target` names."""
    if not target:
        return None, None
    visible = Objective.objects.filter(visible_objectives_q(actor)).distinct()
    parent = visible.filter(key=target).first()
    if parent is not None:
        if objective.pk and parent.pk == objective.pk:
            problems.append(("aligned_to", "an objective cannot align to itself"))
        elif objective.pk and aligns_into(parent.pk, objective.pk):
            problems.append(("aligned_to", alignment_loop_message(target)))
        return parent, None
    kr = KeyResult.objects.filter(key=target, objective__in=visible).first()
    if kr is None:
        problems.append(("aligned_to", f"no objective or key result with key '{target}'"))
    elif objective.pk and kr.objective_id == objective.pk:
        problems.append(("aligned_to", "an objective cannot align to its own key result"))
    elif objective.pk and aligns_into(kr.objective_id, objective.pk):
        problems.append(("aligned_to", alignment_loop_message(target)))
    return None, kr


# -- key results --------------------------------------------------------------------------


@transaction.atomic
def create_key_result(
    objective: str, fields: KeyResultFields, *, key: str | None = None, actor: User | None
) -> KeyResult:
    """A new key result at the end of an objective's list."""
    parent = _visible_objective(objective, actor)
    require_edit(actor, "a key result", None, objective_place_of(parent))
    position = parent.key_results.count()
    kr = KeyResult(objective=parent, position=position, key=key or "")
    _save_key_result(kr, fields, _key_problems(KeyResult, key))
    return kr


@transaction.atomic
def update_key_result(key: str, fields: KeyResultFields, *, actor: User | None) -> KeyResult:
    """Change a key result's title, type, numbers, weight or owner; check-ins stay."""
    kr = _get(
        KeyResult.objects.filter(objective__in=_visible_objectives(actor)).select_related(
            "objective"
        ),
        key,
        "key result",
    )
    place = objective_place_of(kr.objective)
    require_edit(actor, f"key result '{key}'", place, place)
    _save_key_result(kr, fields, [])
    return kr


def _save_key_result(kr: KeyResult, fields: KeyResultFields, problems: Problems) -> None:
    values = _check_key_result(fields, problems)
    _raise(problems)
    _set_key_result(kr, values)


def _check_key_result(
    fields: KeyResultFields, problems: Problems, prefix: str = ""
) -> dict[str, Any]:
    """Add the problems of a key result's fields, named `prefix` + field; return the
    values to set, numbers read and the owner found."""
    found: Problems = []
    baseline, baseline_problem = _number(fields.baseline)
    target, target_problem = _number(fields.target)
    numbers = _problems(("baseline", baseline_problem), ("target", target_problem))
    found += _problems(
        ("title", validation.check_title(fields.title)),
        ("type", validation.check_choice(fields.type, KeyResultType.values, "key result type")),
        ("unit", validation.check_unit(fields.unit)),
        *numbers,
        ("weight", validation.check_weight(fields.weight)),
        (
            "direction",
            validation.check_choice(fields.direction, Direction.values, "direction")
            if fields.direction
            else None,
        ),
    )
    if not numbers:  # the rules across numbers need each one right
        found += validation.check_key_result_numbers(
            fields.type, baseline, target, fields.direction
        )
    owner = _owner(fields.owner, found)
    problems += [(prefix + name, message) for name, message in found]
    return {
        "title": fields.title,
        "type": fields.type,
        "unit": fields.unit,
        "baseline": baseline,
        "target": target,
        "direction": fields.direction or "",
        "weight": validation.parse_number(fields.weight)[0],
        "owner": owner,
    }


def _set_key_result(kr: KeyResult, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(kr, name, value)
    if not kr.key:
        kr.key = _free_key(KeyResult, f"{kr.objective.key}-kr")
    kr.save()


# -- initiatives --------------------------------------------------------------------------


@transaction.atomic
def create_initiative(
    cycle: str, fields: InitiativeFields, *, key: str | None = None, actor: User | None
) -> Initiative:
    """A new roadmap item of a team in a cycle, linked to key results with impact estimates."""
    stored_cycle = _get(Cycle.objects, cycle, "cycle")
    initiative = Initiative(cycle=stored_cycle, key=key or "")
    _save_initiative(initiative, fields, _key_problems(Initiative, key), actor, stored=None)
    return initiative


@transaction.atomic
def update_initiative(key: str, fields: InitiativeFields, *, actor: User | None) -> Initiative:
    """Change an initiative and replace its links; moving teams needs edit rights on both."""
    initiative = _get(visible_initiatives(actor).select_related("cycle"), key, "initiative")
    stored = initiative_places([initiative.pk])[initiative.pk]
    require_edit(actor, f"initiative '{key}'", stored, None)  # before a word on the input
    _save_initiative(initiative, fields, [], actor, stored=stored)
    return initiative


def _save_initiative(
    initiative: Initiative,
    fields: InitiativeFields,
    problems: Problems,
    actor: User | None,
    *,
    stored: Place | None,
) -> None:
    effort, effort_problem = _number(fields.effort)
    impacts = [_number(impact) for _, impact in fields.links]
    problems += _problems(
        ("title", validation.check_title(fields.title)),
        ("status", validation.check_choice(fields.status, InitiativeStatus.values, "status")),
        (
            "bucket",
            validation.check_choice(fields.bucket, Bucket.values, "bucket")
            if fields.bucket
            else None,
        ),
        (
            "effort",
            effort_problem or (validation.check_effort(effort) if effort is not None else None),
        ),
        ("url", validation.check_url(fields.url) if fields.url != "" else None),
        ("external_key", validation.check_external_key(fields.external_key)),
        ("start", validation.check_year(fields.start) if fields.start else None),
        ("end", validation.check_year(fields.end) if fields.end else None),
        (
            "end",
            validation.check_date_range(fields.start, fields.end)
            if fields.start and fields.end
            else None,
        ),
        *((f"links[{index}].impact", problem) for index, (_, problem) in enumerate(impacts)),
    )
    team = _find(Team.objects, fields.team, "team", "team", problems)
    numbered = [(kr_key, n) for (kr_key, _), (n, _) in zip(fields.links, impacts, strict=True)]
    links = _links(initiative.cycle, numbered, problems, actor)
    _raise(problems)
    what = f"initiative '{initiative.key}'" if stored else "an initiative"
    require_edit(actor, what, stored, team_place(team))
    initiative.team, initiative.title, initiative.status = team, fields.title, fields.status
    initiative.effort, initiative.bucket = effort, fields.bucket or ""
    initiative.url, initiative.external_key = fields.url, fields.external_key
    initiative.start, initiative.end = fields.start, fields.end
    if not initiative.key:
        prefix = f"{initiative.cycle.key}-{team.key if team else 'initiative'}-i"
        initiative.key = _free_key(Initiative, prefix, separator="")
    initiative.save()
    # Links to key results the actor cannot see belong to others: they stay.
    initiative.links.filter(key_result__objective__in=_visible_objectives(actor)).delete()
    InitiativeLink.objects.bulk_create(
        [
            InitiativeLink(initiative=initiative, key_result=kr, impact=impact, position=position)
            for position, (kr, impact) in enumerate(links)
        ]
    )
    figures.refresh(initiatives=[initiative.pk])  # bulk writes send no signals


def _links(
    cycle: Cycle,
    links: Sequence[tuple[str, float | None]],
    problems: Problems,
    actor: User | None,
) -> list[tuple[KeyResult, float | None]]:
    """The linked key results, visible to the actor and of the initiative's cycle."""
    keys = [kr_key for kr_key, _ in links]
    found = {
        kr.key: kr
        for kr in KeyResult.objects.filter(
            key__in=keys, objective__cycle=cycle, objective__in=_visible_objectives(actor)
        )
    }
    missing = [k for k in keys if k not in found]
    if missing:
        problems.append(
            ("links", f"no key result {', '.join(missing)} in cycle {cycle.key}: link another")
        )
    if len(set(keys)) != len(keys):
        problems.append(("links", "each key result can be linked once: merge the impacts"))
    return [(found[k], impact) for k, impact in links if k in found]


# -- helpers ------------------------------------------------------------------------------


def _problems(*checks: tuple[str, str | None]) -> Problems:
    return [(name, message) for name, message in checks if message]


def _raise(problems: Problems) -> None:
    if problems:
        raise Invalid.each(problems)


def _key_problems(model: type[models.Model], key: str | None) -> Problems:
    """Problems with a key chosen by hand (None: one will be generated)."""
    if key is None:
        return []
    problems = _problems(("key", validation.check_key(key)))
    return problems or _problems(("key", key_problem(model, key)))


def _free_key(
    model: type[models.Model], base: str, *, numbered: bool = True, separator: str = "-"
) -> str:
    """`base-1`, `base-2`… (or `base` itself when not `numbered`): the first key not taken.

    Taken ignoring case, as keys are unique.
    """
    base = base[: validation.KEY_MAX_LENGTH - 6]
    taken = {
        key.lower()
        for key in model._default_manager.filter(key__istartswith=base).values_list(
            "key", flat=True
        )
    }
    if not numbered and base.lower() not in taken:
        return base
    number = 1
    while f"{base}{separator}{number}".lower() in taken:
        number += 1
    return f"{base}{separator}{number}"


def _rekey(key: str, old_cycle: str, new_cycle: str) -> str:
    """A copy's key: the cycle name in it replaced, or the new cycle put in front."""
    return key.replace(old_cycle, new_cycle) if old_cycle in key else f"{new_cycle}-{key}"


def _clone(instance: models.Model, **changes: Any) -> Any:
    """An unsaved copy of a row with some fields changed."""
    values = {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if not f.primary_key
    }
    copy = type(instance)(**values)
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy


def _visible_objectives(actor: User | None) -> models.QuerySet[Objective]:
    return Objective.objects.filter(visible_objectives_q(actor)).distinct()


def _visible_objective(key: str, actor: User | None) -> Objective:
    objective = (
        _visible_objectives(actor).select_related("cycle").filter(key=key).first() if key else None
    )
    if objective is None:
        raise NotFound(f"unknown objective '{key}'")
    return objective


def _get(queryset: Any, key: str, what: str) -> Any:
    found = queryset.filter(key=key).first()
    if found is None:
        raise NotFound(f"unknown {what} '{key}'")
    return found


def _find(queryset: Any, key: str | None, field_name: str, what: str, problems: Problems) -> Any:
    """The row with `key`, None when no key is given; an unknown key is a problem."""
    if not key:
        return None
    found = queryset.filter(key=key).first()
    if found is None:
        problems.append((field_name, f"unknown {what} '{key}'"))
    return found


def _owner(email: str | None, problems: Problems) -> User | None:
    """The user an owner's email address names; None for no owner."""
    if not email:
        return None
    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None:
        problems.append(("owner", f"no user with the email address '{email}'"))
    return user


# -- KPIs and their measurements ----------------------------------------------------------


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


def _number(value: Number) -> tuple[float | None, str | None]:
    """(number, None), (None, None) for no number, or (None, message)."""
    if value is None or value == "":
        return None, None
    return validation.parse_number(value)


# -- deleting -----------------------------------------------------------------------------


@transaction.atomic
def delete_objective(key: str, *, actor: User | None) -> None:
    """Delete an objective with its key results, their check-ins and initiative links."""
    objective = _visible_objective(key, actor)
    _delete(objective, objective_place_of(objective), f"objective '{key}'", actor)


@transaction.atomic
def delete_key_result(key: str, *, actor: User | None) -> None:
    """Delete a key result with its check-ins and initiative links."""
    kr = _get(
        KeyResult.objects.filter(objective__in=_visible_objectives(actor)).select_related(
            "objective"
        ),
        key,
        "key result",
    )
    _delete(kr, objective_place_of(kr.objective), f"key result '{key}'", actor)


@transaction.atomic
def delete_initiative(key: str, *, actor: User | None) -> None:
    """Delete an initiative and its links."""
    initiative = _get(visible_initiatives(actor), key, "initiative")
    place = initiative_places([initiative.pk])[initiative.pk]
    _delete(initiative, place, f"initiative '{key}'", actor)


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


@transaction.atomic
def delete_check_in(pk: int, *, actor: User | None) -> None:
    """Delete a check-in; the key result's current value falls back to the one before."""
    check_in = (
        CheckIn.objects.select_related("key_result__objective")
        .filter(pk=pk, key_result__objective__in=_visible_objectives(actor))
        .first()
    )
    if check_in is None:
        raise NotFound(f"unknown check-in {pk}")
    require_check_in_rights(actor, check_in.key_result)
    check_in.delete()


def _delete(instance: models.Model, place: Place, what: str, actor: User | None) -> None:
    require_edit(actor, what, place, None)
    instance.delete()


# -- comments and retrospectives ----------------------------------------------------------

COMMENT_MAX_LENGTH = 2000
REVIEW_TEXT_MAX_LENGTH = 5000
CLARITY_SCALE = (1, 2, 3, 4, 5)


@transaction.atomic
def add_comment(objective_key: str, text: str, actor: User | None) -> Comment:
    """A plain-text comment on an objective, at most 2,000 characters and not empty.

    Anyone who sees the objective (its team, other teams when it is public, admins) may
    comment, except viewers; a hidden objective is not found.
    """
    objective = _visible_objective(objective_key, actor)
    require_comment(actor)
    body = text.strip() if isinstance(text, str) else text
    _raise(_problems(("text", _comment_problem(body))))
    return Comment.objects.create(objective=objective, author=actor, text=body)


@transaction.atomic
def update_comment(pk: int, text: str, actor: User | None) -> Comment:
    """Change the text of one's own comment, by the rules of a new one.

    A comment on an objective the actor does not see is not found; someone else's is
    refused, an admin's included.
    """
    comment = _visible_comment(pk, actor)
    require_edit_comment(actor, comment.author_id)
    body = text.strip() if isinstance(text, str) else text
    _raise(_problems(("text", _comment_problem(body))))
    comment.text = body
    comment.save(update_fields=["text"])
    return comment


@transaction.atomic
def delete_comment(pk: int, actor: User | None) -> Objective:
    """Delete a comment: one's own, or any for an admin. Returns the objective it was on.

    A comment on an objective the actor does not see is not found.
    """
    comment = _visible_comment(pk, actor)
    require_delete_comment(actor, comment.author_id)
    objective = comment.objective
    comment.delete()
    return objective


def _visible_comment(pk: int, actor: User | None) -> Comment:
    """A comment on an objective the actor sees; NotFound otherwise."""
    comment = (
        Comment.objects.select_related("objective")
        .filter(pk=pk, objective__in=_visible_objectives(actor))
        .first()
    )
    if comment is None:
        raise NotFound(f"unknown comment {pk}")
    return comment


def _comment_problem(text: object) -> str | None:
    if not isinstance(text, str):
        return validation.expected_text(text)
    if not text:
        return "the comment is empty: write something first"
    if "\x00" in text:
        return "the comment contains a NUL character: remove it"
    if len(text) > COMMENT_MAX_LENGTH:
        return (
            f"a comment is at most {COMMENT_MAX_LENGTH:,} characters, this one has "
            f"{len(text):,}: shorten it"
        )
    return None


@dataclass
class ReviewFields:
    """An objective's retrospective: a grade override (0–1) with its reason, and lessons."""

    grade_override: Number = None
    override_reason: str = ""
    what_worked: str = ""
    what_did_not: str = ""
    lessons: str = ""


@transaction.atomic
def save_objective_review(
    objective_key: str, fields: ReviewFields, *, actor: User | None
) -> ObjectiveReview:
    """Write or rewrite an objective's retrospective: its team's members and admins may.

    The final grade is the computed score unless overridden, and an override needs a
    reason. A cycle still in planning has nothing to review yet.
    """
    objective = _visible_objective(objective_key, actor)
    place = objective_place_of(objective)
    require_edit(actor, f"the review of objective '{objective_key}'", place, place)
    override, override_problem = _number(fields.grade_override)
    reason = fields.override_reason.strip()
    problems = _problems(
        ("cycle", _review_cycle_problem(objective.cycle)),
        ("grade_override", override_problem or _grade_problem(override)),
        (
            "override_reason",
            "an override needs a reason: say why the grade differs from the computed score"
            if override is not None and not reason
            else None,
        ),
    )
    for name in ("override_reason", "what_worked", "what_did_not", "lessons"):
        problems += _problems(
            (
                name,
                validation.check_text(
                    getattr(fields, name), REVIEW_TEXT_MAX_LENGTH, label="this text"
                ),
            )
        )
    _raise(problems)
    review, _ = ObjectiveReview.objects.update_or_create(
        objective=objective,
        defaults={
            "grade_override": override,
            "override_reason": reason,
            "what_worked": fields.what_worked.strip(),
            "what_did_not": fields.what_did_not.strip(),
            "lessons": fields.lessons.strip(),
        },
    )
    return review


@transaction.atomic
def answer_clarity_survey(
    cycle: str, team: str, clarity: object, comment: str = "", *, actor: User | None
) -> ClaritySurvey:
    """A team member's answer to "did our OKRs give us clarity?" (1–5) in a cycle.

    One answer per person, team and cycle: answering again replaces the answer. Only
    members of the team answer (not viewers); everyone who reads the review sees the
    average and the comments, without names.
    """
    stored_cycle = _get(Cycle.objects, cycle, "cycle")
    stored_team = _get(Team.objects, team, "team")
    require_answer_survey(actor, stored_team.pk, team)
    score, score_problem = _clarity(clarity)
    _raise(
        _problems(
            ("cycle", _review_cycle_problem(stored_cycle)),
            ("clarity", score_problem),
            (
                "comment",
                validation.check_text(comment, REVIEW_TEXT_MAX_LENGTH, label="the comment"),
            ),
        )
    )
    answer, _ = ClaritySurvey.objects.update_or_create(
        cycle=stored_cycle,
        team=stored_team,
        respondent=actor,
        defaults={"clarity": score, "comment": comment.strip()},
    )
    return answer


def _review_cycle_problem(cycle: Cycle) -> str | None:
    if cycle.state == CycleState.PLANNING:
        return f"cycle '{cycle.key}' is still in planning: review it once it has run"
    return None


def _grade_problem(grade: float | None) -> str | None:
    if grade is not None and not 0 <= grade <= 1:
        return (
            f"a grade is between 0 and 1 (0.7 is success for an aspirational objective), "
            f"not {validation.format_number(grade)}"
        )
    return None


def _clarity(value: object) -> tuple[int | None, str | None]:
    number, problem = validation.parse_number(value)
    if problem is None and number is not None and number in CLARITY_SCALE:
        return int(number), None
    return None, f"rate the clarity from 1 (none) to 5 (complete), not {validation.describe(value)}"

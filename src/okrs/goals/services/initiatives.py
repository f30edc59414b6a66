"""Initiatives and their links to key results: creating, changing, deleting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from okrs.core import validation
from okrs.core.choices import Bucket, InitiativeStatus
from okrs.goals import figures
from okrs.goals.models import Cycle, Initiative, InitiativeLink, KeyResult
from okrs.goals.places import initiative_places, team_place
from okrs.goals.selectors import visible_initiatives
from okrs.goals.services.common import (
    Number,
    Problems,
    _delete,
    _find,
    _free_key,
    _get,
    _key_problems,
    _number,
    _problems,
    _raise,
    _visible_objectives,
)
from okrs.people.models import Team, User
from okrs.people.permissions import Place, require_edit


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


@transaction.atomic
def delete_initiative(key: str, *, actor: User | None) -> None:
    """Delete an initiative and its links."""
    initiative = _get(visible_initiatives(actor), key, "initiative")
    place = initiative_places([initiative.pk])[initiative.pk]
    _delete(initiative, place, f"initiative '{key}'", actor)

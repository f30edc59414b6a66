"""Writing a plan as an OKR file, YAML or JSON, that `parse_okr_file` reads back into an equal
plan."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

import yaml
from yaml.resolver import Resolver

from okrs.core import finite
from okrs.core.cycles import quarter_dates
from okrs.core.domain import CheckIn, Cycle, Initiative, KeyResult, Objective, Plan, Team
from okrs.core.okrfile.load import DECIMAL_FLOAT, DECIMAL_INT, FLOAT_TAG, INT_TAG

DUMP_WIDTH = 1_000_000
JSON_UNSAFE_FOR_YAML = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029]"
)


def plan_document(plan: Plan) -> dict[str, object]:
    """The plan as the file format's structure (what dump_yaml and dump_json write).

    Fields at their default are left out; an initiative sits under its key result when it
    has exactly that one link and the objective's team, else in the top-level list.
    """
    inline, top_level = _split_initiatives(plan.objectives, plan.initiatives)
    return _compact(
        {
            "cycle": _cycle_document(plan.cycle),
            "teams": [_team_document(team) for team in plan.teams],
            "objectives": [_objective_document(o, inline) for o in plan.objectives],
            "initiatives": [_initiative_document(i) for i in top_level],
        }
    )


def dump_yaml(plan: Plan) -> str:
    """The plan as an OKR file; `parse_okr_file` reads it back into an equal plan."""
    return yaml.dump(
        plan_document(plan),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=DUMP_WIDTH,
    )


def dump_json(plan: Plan) -> str:
    """The plan as JSON in the OKR file's structure; `parse_okr_file` reads it back too.

    Characters that YAML reads as line breaks or refuses are written as \\u escapes, so the
    JSON stays readable as YAML.
    """
    text = finite.dumps(plan_document(plan), indent=2, ensure_ascii=False, default=_iso_date)
    return JSON_UNSAFE_FOR_YAML.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


class _Dumper(yaml.SafeDumper):
    """Safe dumping that indents lists under their key, as people write them, without aliases.

    Text that YAML 1.1 or `_DecimalResolver` would read as a number (`1e3`) is quoted.
    """

    yaml_implicit_resolvers = {
        first: list(resolvers) for first, resolvers in Resolver.yaml_implicit_resolvers.items()
    }

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: object) -> bool:
        return True


def _represent_text(dumper: _Dumper, text: str) -> yaml.ScalarNode:
    """Text of several lines as a `|` block, the way people write notes by hand."""
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None
    )


_Dumper.add_representer(str, _represent_text)
_Dumper.add_implicit_resolver(INT_TAG, DECIMAL_INT, list("-+0123456789"))
_Dumper.add_implicit_resolver(FLOAT_TAG, DECIMAL_FLOAT, list("-+0123456789."))


def _split_initiatives(
    objectives: Sequence[Objective], initiatives: Sequence[Initiative]
) -> tuple[dict[str, list[Initiative]], list[Initiative]]:
    """(initiatives written under each key result, by its key; the top-level rest)."""
    team_of_key_result = {kr.key: o.team for o in objectives for kr in o.key_results}
    inline: dict[str, list[Initiative]] = {}
    top_level: list[Initiative] = []
    for initiative in initiatives:
        links = initiative.links
        if (
            len(links) == 1
            and initiative.team is not None
            and team_of_key_result.get(links[0].key_result) == initiative.team
        ):
            inline.setdefault(links[0].key_result, []).append(initiative)
        else:
            top_level.append(initiative)
    return inline, top_level


def _canonical_order(
    objectives: Sequence[Objective], initiatives: Sequence[Initiative]
) -> list[Initiative]:
    """Initiatives in the order a written file lists them: under key results, then the rest."""
    inline, top_level = _split_initiatives(objectives, initiatives)
    under_key_results = [
        initiative
        for objective in objectives
        for kr in objective.key_results
        for initiative in inline.get(kr.key, [])
    ]
    return under_key_results + top_level


def _cycle_document(cycle: Cycle) -> object:
    if quarter_dates(cycle.name) == (cycle.start, cycle.end) and cycle.state == "planning":
        return cycle.name
    return _compact(
        {"name": cycle.name, "start": cycle.start, "end": cycle.end, "state": cycle.state},
        {"state": "planning"},
    )


def _team_document(team: Team) -> dict[str, object]:
    return _compact(
        {"key": team.key, "name": team.name, "kind": team.kind, "parent": team.parent},
        {"kind": "other"},
    )


def _objective_document(
    objective: Objective, inline: dict[str, list[Initiative]]
) -> dict[str, object]:
    return _compact(
        {
            "key": objective.key,
            "team": objective.team,
            "title": objective.title,
            "kind": objective.kind,
            "owner": objective.owner,
            "description": objective.description,
            "visibility": objective.visibility,
            "aligned_to": objective.aligned_to,
            "contributors": list(objective.contributors),
            "coach": _coach_document(objective.coach_ignore),
            "key_results": [_key_result_document(kr, inline) for kr in objective.key_results],
        },
        {"kind": "committed", "visibility": "public"},
    )


def _key_result_document(kr: KeyResult, inline: dict[str, list[Initiative]]) -> dict[str, object]:
    return _compact(
        {
            "key": kr.key,
            "title": kr.title,
            "type": kr.type,
            "unit": kr.unit,
            "baseline": _float(kr.baseline),
            "target": _float(kr.target),
            "direction": kr.direction,
            "weight": _float(kr.weight),
            "owner": kr.owner,
            "coach": _coach_document(kr.coach_ignore),
            "check_ins": [_check_in_document(check_in) for check_in in kr.check_ins],
            "initiatives": [_inline_initiative_document(i) for i in inline.get(kr.key, [])],
        },
        {"type": "metric", "weight": 1.0},
    )


def _check_in_document(check_in: CheckIn) -> dict[str, object]:
    return _compact(
        {
            "date": check_in.date,
            "value": _float(check_in.value),
            "confidence": _float(check_in.confidence),
            "note": check_in.note,
            "blockers": check_in.blockers,
            "author": check_in.author,
        }
    )


def _inline_initiative_document(initiative: Initiative) -> dict[str, object]:
    return _compact(
        {
            "key": initiative.key,
            "title": initiative.title,
            "impact": _float(initiative.links[0].impact),
            "effort": _float(initiative.effort),
            "bucket": initiative.bucket,
            "status": initiative.status,
            "url": initiative.url,
            "external_key": initiative.external_key,
            "start": initiative.start,
            "end": initiative.end,
        },
        {"status": "planned"},
    )


def _initiative_document(initiative: Initiative) -> dict[str, object]:
    return _compact(
        {
            "key": initiative.key,
            "title": initiative.title,
            "team": initiative.team,
            "status": initiative.status,
            "effort": _float(initiative.effort),
            "bucket": initiative.bucket,
            "url": initiative.url,
            "external_key": initiative.external_key,
            "start": initiative.start,
            "end": initiative.end,
            "links": [
                _compact({"key_result": link.key_result, "impact": _float(link.impact)})
                for link in initiative.links
            ],
        },
        {"status": "planned"},
    )


def _coach_document(ignore: Sequence[str]) -> dict[str, object] | None:
    return {"ignore": list(ignore)} if ignore else None


def _compact(
    fields: dict[str, object], defaults: dict[str, object] | None = None
) -> dict[str, object]:
    """The fields that say something: not empty, not None, not at their default."""
    defaults = defaults or {}
    return {
        name: value
        for name, value in fields.items()
        if value is not None
        and not (isinstance(value, str | list | dict) and not value)
        and not (name in defaults and value == defaults[name])
    }


def _float(value: float | None) -> float | None:
    """Numbers are written as floats, whatever the caller built the plan with."""
    return None if value is None else float(value)


def _iso_date(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")

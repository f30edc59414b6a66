"""Reading an OKR file: its fields, checked and gathered into a `Plan`, with every problem
found and the keys it expects the database to know."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

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
from okrs.core.cycles import quarter_dates
from okrs.core.domain import (
    CheckIn,
    Cycle,
    ImpactLink,
    Initiative,
    KeyResult,
    Objective,
    Plan,
    Team,
)
from okrs.core.okrfile.errors import OkrFileError, Problem, Reference
from okrs.core.okrfile.load import _load, _Mapping, _Sequence
from okrs.core.okrfile.write import _canonical_order
from okrs.core.validation import (
    CYCLE_NAME_MAX_LENGTH,
    KEY_MAX_LENGTH,
    TEAM_KEY_MAX_LENGTH,
    check_check_in_date,
    check_check_in_value,
    check_choice,
    check_confidence,
    check_date_range,
    check_effort,
    check_email,
    check_external_key,
    check_key,
    check_key_result_numbers,
    check_name,
    check_note,
    check_rule_code,
    check_text,
    check_title,
    check_unit,
    check_url,
    check_weight,
    check_year,
    describe,
    parse_date,
    parse_number,
)

TOP_FIELDS = ("cycle", "teams", "objectives", "initiatives")
CYCLE_FIELDS = ("name", "start", "end", "state")
TEAM_FIELDS = ("key", "name", "kind", "parent")
OBJECTIVE_FIELDS = (
    "key",
    "team",
    "title",
    "kind",
    "owner",
    "description",
    "visibility",
    "aligned_to",
    "contributors",
    "coach",
    "key_results",
)
KEY_RESULT_FIELDS = (
    "key",
    "title",
    "type",
    "unit",
    "baseline",
    "target",
    "direction",
    "weight",
    "owner",
    "coach",
    "check_ins",
    "initiatives",
)
CHECK_IN_FIELDS = ("date", "value", "confidence", "note", "blockers", "author")
INLINE_INITIATIVE_FIELDS = (
    "key",
    "title",
    "impact",
    "effort",
    "bucket",
    "status",
    "url",
    "external_key",
    "start",
    "end",
    "team",
)
INITIATIVE_FIELDS = (
    "key",
    "title",
    "team",
    "status",
    "effort",
    "bucket",
    "url",
    "external_key",
    "start",
    "end",
    "links",
)
LINK_FIELDS = ("key_result", "impact")
COACH_FIELDS = ("ignore",)
FIELD_HINTS = {
    "current": "there is no current field: the current value is always the latest check-in, "
    "so add a check-in instead",
}


@dataclass
class ParsedFile:
    """A valid OKR file: the plan it describes and the keys it expects to exist already.

    `definitions` maps (kind, key) to the line and field where the file defines it, with
    kind one of cycle, team, objective, key_result, initiative, check_in (keyed by
    `check_in_key`) and user (an email address, lowercased, where the file first names it).
    """

    filename: str
    plan: Plan
    references: list[Reference] = field(default_factory=list)
    definitions: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)

    def problem_at(self, kind: str, key: str, message: str, field: str | None = None) -> Problem:
        """A problem about something the file defines, placed where it is defined, or at
        one of its fields that refers to something else (such as `aligned_to`)."""
        line, at = self.definitions.get((kind, key), (1, "file"))
        if field is not None and "." in at:
            wanted = f"{at.rsplit('.', 1)[0]}.{field}"
            line, at = next(
                ((ref.line, ref.field) for ref in self.references if ref.field == wanted),
                (line, at),
            )
        return Problem(self.filename, line, at, message)


def check_in_key(key_result: str, day: date) -> str:
    """How `ParsedFile.definitions` names a check-in: its key result's key and its date."""
    return f"{key_result} {day.isoformat()}"


def parse_okr_file(text: str, filename: str = "<stdin>", *, for_lint: bool = False) -> ParsedFile:
    """Read an OKR file (YAML, or JSON, which is YAML too) into a Plan.

    Raises OkrFileError with every problem found, in line order, when anything is wrong.
    `for_lint` reads a draft for the coach: problems that a coach rule reports as a
    finding (a target equal to its baseline, a threshold without target) stay in the plan
    as written, for the coach to find; any other problem still raises, listing them all.
    """
    document = _load(text, filename)
    reader = _Reader(filename)
    plan = reader.read(document)
    blocking = [problem for problem in reader.problems if not (for_lint and problem.coached)]
    if blocking or plan is None:
        problems = sorted(reader.problems, key=lambda problem: problem.line)
        raise OkrFileError(problems, reader.references)
    return ParsedFile(filename, plan, reader.references, reader.definitions)


def unresolved(
    references: Iterable[Reference],
    known_teams: set[str],
    known_targets: set[str],
    known_key_results: set[str],
) -> list[Problem]:
    """Problems for the references that the database does not know either.

    `known_targets` holds the keys of the objectives and key results one may align to.
    """
    known = {"team": known_teams, "alignment": known_targets, "key_result": known_key_results}
    return [
        Problem(ref.filename, ref.line, ref.field, _unknown_reference(ref, known[ref.kind]))
        for ref in references
        if ref.key not in known[ref.kind]
    ]


@dataclass
class _Fields:
    """One mapping of the file, with its field path (`objectives[0]`) and what it is."""

    mapping: _Mapping
    path: str
    what: str

    def get(self, name: str) -> object:
        return self.mapping.get(name)

    def line(self, name: str) -> int:
        """The line of a field, or of the mapping when the field is absent."""
        return self.mapping.key_lines.get(name, self.mapping.line)

    def at(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name


Check = Callable[[object], str | None]


class _Reader:
    """Walks a loaded document, building the Plan and collecting every problem on the way.

    Where a value has a problem, a placeholder stands in for it so that reading goes on;
    no Plan leaves the reader then, except to be linted when every problem is one a coach
    rule reports (`Problem.coached`): such values are kept as written.
    """

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self.references: list[Reference] = []
        self.cycle: Cycle | None = None
        self._pending: list[Reference] = []
        self._key_lines: dict[str, dict[str, tuple[str, int]]] = {}
        self.definitions: dict[tuple[str, str], tuple[int, str]] = {}
        self._parent_fields: dict[str, tuple[int, str]] = {}
        self._inline_initiatives: list[Initiative] = []

    def read(self, document: object) -> Plan | None:
        if not isinstance(document, _Mapping):
            line = document.line if isinstance(document, _Sequence) else 1
            self._report(
                line,
                "file",
                "expected a mapping with cycle:, teams:, objectives: and initiatives: "
                f"at the top of the file, got {describe(document)}",
            )
            return None
        top = self._fields(document, "", TOP_FIELDS, "file")
        self.cycle = self._cycle(top)
        teams = [self._team(f) for f in self._list(top, "teams", "team", TEAM_FIELDS)]
        objectives = [
            self._objective(f) for f in self._list(top, "objectives", "objective", OBJECTIVE_FIELDS)
        ]
        initiatives = [
            self._initiative(f)
            for f in self._list(top, "initiatives", "initiative", INITIATIVE_FIELDS)
        ]
        self._check_team_loops(teams)
        self._resolve_references(teams, objectives)
        if self.cycle is None:
            return None
        all_initiatives = _canonical_order(objectives, self._inline_initiatives + initiatives)
        return Plan(self.cycle, teams, objectives, all_initiatives)

    # -- the entities, top-down

    def _cycle(self, top: _Fields) -> Cycle | None:
        value, line = top.get("cycle"), top.line("cycle")
        if value is None:
            self._report(
                line,
                "cycle",
                "missing required field 'cycle': name the quarter (cycle: 2026-Q4) "
                "or give {name, start, end}",
            )
            return None
        if isinstance(value, str):
            return self._quarter(value, line)
        if not isinstance(value, _Mapping):
            self._report(
                line,
                "cycle",
                f"expected a quarter like 2026-Q4 or {{name, start, end}}, got {describe(value)}",
            )
            return None
        return self._cycle_with_dates(self._fields(value, "cycle", CYCLE_FIELDS, "cycle"))

    def _quarter(self, name: str, line: int) -> Cycle | None:
        self.definitions[("cycle", name)] = (line, "cycle")
        dates = quarter_dates(name)
        if dates is None:
            self._report(
                line,
                "cycle",
                f"{name!r} is not a quarter like 2026-Q4: give its dates as "
                f"{{name: {name}, start: YYYY-MM-DD, end: YYYY-MM-DD}}",
            )
            return None
        if message := check_year(dates[0]):
            self._report(line, "cycle", message)
            return None
        return Cycle(name, *dates)

    def _cycle_with_dates(self, f: _Fields) -> Cycle | None:
        name = self._key(f, "name", required=True, max_length=CYCLE_NAME_MAX_LENGTH)
        if name:
            self.definitions[("cycle", name)] = (f.line("name"), f.at("name"))
        state = self._choice(f, "state", CycleState.values) or "planning"
        quarter = quarter_dates(name) if name else None
        start = self._date(f, "start", required=quarter is None)
        end = self._date(f, "end", required=quarter is None)
        if quarter is not None and (message := check_year(quarter[0])):
            self._report(f.line("name"), f.at("name"), message)
            return None
        if quarter is not None:
            start, end = start or quarter[0], end or quarter[1]
        if name is None or start is None or end is None:
            return None
        if message := check_date_range(start, end):
            self._report(f.line("end"), f.at("end"), message)
            return None
        return Cycle(name, start, end, state)

    def _team(self, f: _Fields) -> Team:
        key = self._unique_key(f, "team", TEAM_KEY_MAX_LENGTH)
        parent = self._team_key(f, "parent")
        if parent is not None:
            self._parent_fields[key] = (f.line("parent"), f.at("parent"))
        return Team(
            key=key,
            name=self._text(f, "name", check_name, required=True) or "",
            kind=self._choice(f, "kind", TeamKind.values) or "other",
            parent=parent,
        )

    def _objective(self, f: _Fields) -> Objective:
        objective = Objective(
            key=self._unique_key(f, "objective"),
            team=self._team_key(f, "team", required=True) or "",
            title=self._text(f, "title", check_title, required=True) or "",
            kind=self._choice(f, "kind", ObjectiveKind.values) or "committed",
            owner=self._email(f, "owner"),
            description=self._text(f, "description") or "",
            visibility=self._choice(f, "visibility", Visibility.values) or "public",
            aligned_to=self._key(f, "aligned_to"),
            contributors=self._contributors(f),
            coach_ignore=self._coach_ignore(f),
        )
        objective.key_results = [
            self._key_result(item, objective.team)
            for item in self._list(f, "key_results", "key result", KEY_RESULT_FIELDS)
        ]
        self._check_alignment(f, objective)
        return objective

    def _key_result(self, f: _Fields, objective_team: str) -> KeyResult:
        key = self._unique_key(f, "key result")
        title = self._text(f, "title", check_title, required=True) or ""
        problems_before = len(self.problems)  # the rules across numbers need each one right
        kr_type = self._choice(f, "type", KeyResultType.values) or "metric"
        baseline = self._number(f, "baseline")
        target = self._number(f, "target")
        direction = self._choice(f, "direction", Direction.values)
        if len(self.problems) == problems_before:
            for name, message in check_key_result_numbers(kr_type, baseline, target, direction):
                coached = _coached(name, kr_type, baseline, target)
                self._report(f.line(name), f.at(name), message, coached)
        weight = self._number(f, "weight", check_weight)
        kr = KeyResult(
            key=key,
            title=title,
            type=kr_type,
            unit=self._text(f, "unit", check_unit) or "",
            baseline=baseline,
            target=target,
            direction=direction,
            weight=1.0 if weight is None else weight,
            owner=self._email(f, "owner"),
            coach_ignore=self._coach_ignore(f),
        )
        kr.check_ins = self._check_ins(f, kr)
        self._inline_initiatives += [
            self._inline_initiative(item, key, objective_team)
            for item in self._list(f, "initiatives", "initiative", INLINE_INITIATIVE_FIELDS)
        ]
        return kr

    def _check_ins(self, f: _Fields, kr: KeyResult) -> list[CheckIn]:
        check_ins: list[CheckIn] = []
        dated: dict[date, int] = {}
        for item in self._list(f, "check_ins", "check-in", CHECK_IN_FIELDS):
            day = self._date(item, "date", required=True)
            value = self._number(item, "value", required=True)
            if day is not None:
                self._check_check_in_day(item, day, dated)
                self.definitions.setdefault(
                    ("check_in", check_in_key(kr.key, day)), (item.line("date"), item.at("date"))
                )
            if value is not None and (message := check_check_in_value(kr.type, value)):
                self._report(item.line("value"), item.at("value"), message)
            check_ins.append(
                CheckIn(
                    date=day or date.min,
                    value=0.0 if value is None else value,
                    confidence=self._number(item, "confidence", check_confidence),
                    note=self._text(item, "note", check_note) or "",
                    blockers=self._text(item, "blockers", _check_blockers) or "",
                    author=self._email(item, "author"),
                )
            )
        return check_ins

    def _check_check_in_day(self, item: _Fields, day: date, dated: dict[date, int]) -> None:
        line, path = item.line("date"), item.at("date")
        if self.cycle is not None and (message := check_check_in_date(day, self.cycle)):
            self._report(line, path, message)
        if day in dated:
            self._report(
                line,
                path,
                f"a check-in on {day.isoformat()} is already at line {dated[day]}: "
                "one check-in per key result a day, keep one",
            )
        dated.setdefault(day, line)

    def _inline_initiative(self, f: _Fields, key_result: str, objective_team: str) -> Initiative:
        initiative = self._initiative_common(f)
        initiative.team = self._team_key(f, "team") or objective_team or None
        initiative.links = [ImpactLink(key_result, self._number(f, "impact"))]
        return initiative

    def _initiative(self, f: _Fields) -> Initiative:
        initiative = self._initiative_common(f)
        initiative.team = self._team_key(f, "team")
        initiative.links = self._links(f)
        return initiative

    def _initiative_common(self, f: _Fields) -> Initiative:
        initiative = Initiative(
            key=self._unique_key(f, "initiative"),
            title=self._text(f, "title", check_title, required=True) or "",
            status=self._choice(f, "status", InitiativeStatus.values) or "planned",
            effort=self._number(f, "effort", check_effort),
            bucket=self._choice(f, "bucket", Bucket.values),
            url=self._text(f, "url", check_url) or "",
            external_key=self._text(f, "external_key", check_external_key) or "",
            start=self._date(f, "start"),
            end=self._date(f, "end"),
        )
        start, end = initiative.start, initiative.end
        if start and end and (message := check_date_range(start, end)):
            self._report(f.line("end"), f.at("end"), message)
        return initiative

    def _links(self, f: _Fields) -> list[ImpactLink]:
        links: list[ImpactLink] = []
        linked: dict[str, int] = {}
        for item in self._list(f, "links", "link", LINK_FIELDS):
            key_result = self._key(item, "key_result", required=True)
            impact = self._number(item, "impact")
            if key_result is None:
                continue
            line = item.line("key_result")
            if key_result in linked:
                self._report(
                    line,
                    item.at("key_result"),
                    f"key result {key_result!r} is already linked at line {linked[key_result]}: "
                    "one link per key result, with the whole impact",
                )
            linked.setdefault(key_result, line)
            self._refer("key_result", key_result, line, item.at("key_result"))
            links.append(ImpactLink(key_result, impact))
        return links

    def _contributors(self, f: _Fields) -> list[str]:
        contributors: list[str] = []
        for key, line, path in self._key_list(f, "contributors", "team key", _check_team_key):
            if key in contributors:
                self._report(line, path, f"team {key!r} is already listed: list each team once")
            contributors.append(key)
            self._refer("team", key, line, path)
        return contributors

    def _coach_ignore(self, f: _Fields) -> list[str]:
        value = f.get("coach")
        if value is None:
            return []
        coach = self._mapping(value, f.at("coach"), f.line("coach"), COACH_FIELDS, "coach setting")
        if coach is None:
            return []
        return [
            code for code, _, _ in self._key_list(coach, "ignore", "rule code", check_rule_code)
        ]

    # -- checks across entities

    def _check_alignment(self, f: _Fields, objective: Objective) -> None:
        target = objective.aligned_to
        if target is None:
            return
        if target in {objective.key, *(kr.key for kr in objective.key_results)}:
            self._report(
                f.line("aligned_to"),
                f.at("aligned_to"),
                f"an objective cannot align to itself or its own key results, got {target!r}: "
                "align it to a parent team's objective or key result",
            )
            return
        self._refer("alignment", target, f.line("aligned_to"), f.at("aligned_to"))

    def _check_team_loops(self, teams: Sequence[Team]) -> None:
        parent_of = {team.key: team.parent for team in teams if team.parent}
        reported: set[str] = set()
        for start in parent_of:
            chain = [start]
            parent = parent_of[start]
            while parent in parent_of and parent not in chain:
                chain.append(parent)
                parent = parent_of[parent]
            if parent != start or reported.intersection(chain):
                continue
            reported.update(chain)
            line, path = self._parent_fields[start]
            if len(chain) == 1:
                self._report(line, path, "a team cannot be its own parent")
            else:
                loop = " → ".join([*chain, start])
                self._report(
                    line, path, f"team parents form a loop: {loop}; give one of them another parent"
                )

    def _resolve_references(self, teams: Sequence[Team], objectives: Sequence[Objective]) -> None:
        key_results = {kr.key for objective in objectives for kr in objective.key_results}
        in_file = {
            "team": {team.key for team in teams},
            "alignment": {objective.key for objective in objectives} | key_results,
            "key_result": key_results,
        }
        outside = [ref for ref in self._pending if ref.key not in in_file[ref.kind]]
        self.references = sorted(outside, key=lambda ref: ref.line)

    # -- fields

    def _mapping(
        self, value: object, path: str, line: int, allowed: Sequence[str], what: str
    ) -> _Fields | None:
        """The fields of a value that should be a mapping; None (reported) when it is not."""
        if not isinstance(value, _Mapping):
            self._report(
                line, path, f"expected the {what}'s fields (name: value), got {describe(value)}"
            )
            return None
        return self._fields(value, path, allowed, what)

    def _fields(self, mapping: _Mapping, path: str, allowed: Sequence[str], what: str) -> _Fields:
        """A mapping's fields, after reporting the unknown and the repeated ones."""
        fields = _Fields(mapping, path, what)
        for name, line in mapping.key_lines.items():
            if name not in allowed:
                self._report(line, fields.at(str(name)), _unknown_field(name, allowed))
        for name, line, first_line in mapping.repeated_keys:
            self._report(
                line,
                fields.at(str(name)),
                f"field {describe(name)} is given twice (first at line {first_line}): keep one",
            )
        return fields

    def _list(self, f: _Fields, name: str, what: str, allowed: Sequence[str]) -> list[_Fields]:
        """The mappings of a list field; non-mapping items are reported and skipped."""
        found = (
            self._mapping(item, path, line, allowed, what)
            for path, line, item in self._items(f, name, what)
        )
        return [fields for fields in found if fields is not None]

    def _items(self, f: _Fields, name: str, what: str) -> list[tuple[str, int, object]]:
        """(path, line, item) for each item of a list field; [] when absent or not a list."""
        value = f.get(name)
        if value is None:
            return []
        if not isinstance(value, _Sequence):
            hint = f": start each {what} with '- '" if isinstance(value, _Mapping) else ""
            self._report(
                f.line(name), f.at(name), f"expected a list of {what}s, got {describe(value)}{hint}"
            )
            return []
        return [
            (f"{f.at(name)}[{index}]", line, item)
            for index, (item, line) in enumerate(zip(value, value.item_lines, strict=True))
        ]

    def _key_list(
        self, f: _Fields, name: str, what: str, check: Check
    ) -> list[tuple[str, int, str]]:
        """(text, line, path) for each valid item of a list of strings such as team keys."""
        valid: list[tuple[str, int, str]] = []
        for path, line, item in self._items(f, name, what):
            message = check(item)
            if message is not None:
                self._report(line, path, message)
            elif isinstance(item, str):
                valid.append((item, line, path))
        return valid

    def _checked(self, f: _Fields, name: str, check: Check, required: bool = False) -> object:
        """The field's value when present and valid, else None (after reporting why)."""
        value = f.get(name)
        if value is None:
            if required:
                self._report(
                    f.line(name),
                    f.at(name),
                    f"missing required field '{name}': every {f.what} needs one",
                )
            return None
        message = check(value)
        if message is not None:
            self._report(f.line(name), f.at(name), message)
            return None
        return value

    def _text(
        self, f: _Fields, name: str, check: Check = check_text, required: bool = False
    ) -> str | None:
        value = self._checked(f, name, check, required)
        return value if isinstance(value, str) else None

    def _email(self, f: _Fields, name: str) -> str | None:
        email = self._text(f, name, check_email)
        if email:
            self.definitions.setdefault(("user", email.lower()), (f.line(name), f.at(name)))
        return email

    def _key(
        self, f: _Fields, name: str, required: bool = False, max_length: int = KEY_MAX_LENGTH
    ) -> str | None:
        return self._text(f, name, lambda value: check_key(value, max_length), required)

    def _team_key(self, f: _Fields, name: str, required: bool = False) -> str | None:
        """A team's key, recorded as a reference to look up when the file does not define it."""
        key = self._key(f, name, required, TEAM_KEY_MAX_LENGTH)
        if key is not None:
            self._refer("team", key, f.line(name), f.at(name))
        return key

    def _unique_key(self, f: _Fields, label: str, max_length: int = KEY_MAX_LENGTH) -> str:
        """The `key` field, reported when another entity of the same kind already has it."""
        key = self._key(f, "key", required=True, max_length=max_length)
        if key is None:
            return ""
        first_uses = self._key_lines.setdefault(label, {})
        line = f.line("key")
        first = first_uses.get(key.lower())
        if first is not None and first[0] == key:
            self._report(
                line,
                f.at("key"),
                f"duplicate {label} key {key!r}: already used at line {first[1]}; "
                f"give each {label} its own key",
            )
        elif first is not None:
            self._report(
                line,
                f.at("key"),
                f"{label} key {key!r} is the same as {first[0]!r} at line {first[1]} "
                f"ignoring case: give each {label} its own key",
            )
        first_uses.setdefault(key.lower(), (key, line))
        self.definitions.setdefault((label.replace(" ", "_"), key), (line, f.at("key")))
        return key

    def _number(
        self, f: _Fields, name: str, check: Check | None = None, required: bool = False
    ) -> float | None:
        value = self._checked(f, name, check or _check_number, required)
        return None if value is None else parse_number(value)[0]

    def _date(self, f: _Fields, name: str, required: bool = False) -> date | None:
        value = self._checked(f, name, _check_date, required)
        return None if value is None else parse_date(value)[0]

    def _choice(self, f: _Fields, name: str, choices: Sequence[str]) -> str | None:
        value = self._checked(f, name, lambda value: check_choice(value, choices, name))
        return value if isinstance(value, str) else None

    def _refer(self, kind: str, key: str, line: int, path: str) -> None:
        self._pending.append(Reference(kind, key, self.filename, line, path))

    def _report(self, line: int, path: str, message: str, coached: str | None = None) -> None:
        self.problems.append(Problem(self.filename, line, path or "file", message, coached))


def _coached(name: str, kr_type: str, baseline: float | None, target: float | None) -> str | None:
    """The coach rule that finds this problem of a key result's numbers, if one does."""
    if name != "target":
        return None
    if kr_type == "metric" and baseline is not None and target == baseline:
        return "OKR204"  # target equals baseline
    if kr_type == "threshold" and target is None:
        return "OKR203"  # no target
    return None


def _check_number(value: object) -> str | None:
    return parse_number(value)[1]


def _check_date(value: object) -> str | None:
    return parse_date(value)[1]


def _check_blockers(value: object) -> str | None:
    return check_note(value, label="the blockers")


def _check_team_key(value: object) -> str | None:
    return check_key(value, TEAM_KEY_MAX_LENGTH)


def _unknown_field(name: object, allowed: Sequence[str]) -> str:
    if isinstance(name, str) and name in FIELD_HINTS:
        return FIELD_HINTS[name]
    close = difflib.get_close_matches(name, allowed, n=1) if isinstance(name, str) else []
    if close:
        return f"unknown field {describe(name)}: did you mean {close[0]!r}?"
    return f"unknown field {describe(name)}: allowed fields are {', '.join(allowed)}"


def _unknown_reference(ref: Reference, known: set[str]) -> str:
    close = difflib.get_close_matches(ref.key, known, n=1)
    suggestion = f" (did you mean {close[0]!r}?)" if close else ""
    fixes = {
        "team": f"unknown team {ref.key!r}{suggestion}: define it under teams: or create it first",
        "alignment": f"unknown objective or key result {ref.key!r}{suggestion} to align to: "
        "define it in this file or import it first",
        "key_result": f"unknown key result {ref.key!r}{suggestion}: "
        "define it in this file or import it first",
    }
    return fixes[ref.kind]

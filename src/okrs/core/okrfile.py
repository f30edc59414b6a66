"""OKRs as code: the YAML (or JSON) file format <-> plain `Plan` snapshots.

`parse_okr_file` reads a whole cycle and collects every problem with the file, line and
field it is about (`okrs.yaml:14: objectives[0].key_results[1].baseline: expected a
number, got 'sixty'`), so a user fixes a file in one pass. Keys the file uses without
defining them (a team, an alignment target, a linked key result) come back as
`Reference`s for the importer to look up in the database. `dump_yaml` and `dump_json`
write the same format back without loss; `dump_csv` and `dump_markdown` are reports of
the figures from `core.scoring`.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import Resolver

from okrs.core import finite
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
from okrs.core.errors import Invalid
from okrs.core.scoring import CycleScore, KeyResultScore, ObjectiveScore, key_result_dict
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
    format_number,
    parse_date,
    parse_number,
)

try:
    from yaml._yaml import CParser as _EventParser
except ImportError:  # PyYAML built without libyaml: its pure-Python reader, scanner and parser

    class _EventParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)


# A whole quarter of a 10,000-person company exports to about 15 MB: it must re-import.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ALIAS_EXPANSION = 100_000
MEGABYTE = 1024 * 1024
DUMP_WIDTH = 1_000_000

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
CSV_COLUMNS = (
    "cycle",
    "team",
    "objective",
    "objective_title",
    "objective_kind",
    "key_result",
    "title",
    "type",
    "unit",
    "baseline",
    "target",
    "current",
    "progress",
    "score",
    "expected",
    "status",
    "confidence",
    "forecast_value",
    "coverage",
    "owner",
)
FIGURE_COLUMNS = CSV_COLUMNS[CSV_COLUMNS.index("current") : CSV_COLUMNS.index("owner")]
SPREADSHEET_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<>|~&]")
UNUSED_YAML_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("binary", "omap", "pairs", "set")
)
JSON_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE
)
JSON_UNSAFE_FOR_YAML = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029]"
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an OKR file: where it is and what to do about it.

    `coached` names the coach rule that reports the same thing as a finding (OKR203,
    OKR204), when one does: the linter reads on past such a problem.
    """

    filename: str
    line: int
    field: str
    message: str
    coached: str | None = None

    def __str__(self) -> str:
        return f"{self.filename}:{self.line}: {self.field}: {self.message}"


@dataclass(frozen=True)
class Reference:
    """A key the file uses without defining it; the importer looks it up in the database.

    `kind` is "team" (an objective's or initiative's team, a parent, a contributor),
    "alignment" (an objective's `aligned_to`) or "key_result" (an initiative's link).
    """

    kind: str
    key: str
    filename: str
    line: int
    field: str


class OkrFileError(Invalid):
    """An OKR file that cannot be imported; `problems` lists everything wrong with it.

    `references` holds the keys the file expects to exist already, as far as it could be
    read: a caller checks them too, so that every problem is listed at once.
    """

    def __init__(self, problems: list[Problem], references: Sequence[Reference] = ()) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems: list[Problem] = problems
        self.references = list(references)


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


def dump_csv(plan: Plan, score: CycleScore) -> str:
    """One row per key result with its figures, for spreadsheets.

    `score` is `score_plan(plan, as_of)`. The owner is the key result's, else its
    objective's. Text that a spreadsheet would run as a formula is prefixed with `'`.
    """
    figures = _key_result_scores(score)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for objective in plan.objectives:
        for kr in objective.key_results:
            row = key_result_dict(figures[kr.key])
            writer.writerow(
                [
                    plan.cycle.name,
                    objective.team,
                    objective.key,
                    _spreadsheet_text(objective.title),
                    objective.kind,
                    kr.key,
                    _spreadsheet_text(kr.title),
                    kr.type,
                    _spreadsheet_text(kr.unit),
                    _csv_value(kr.baseline),
                    _csv_value(kr.target),
                    *(_csv_value(row[column]) for column in FIGURE_COLUMNS),
                    _spreadsheet_text(kr.owner or objective.owner or ""),
                ]
            )
    return buffer.getvalue()


def dump_markdown(plan: Plan, score: CycleScore) -> str:
    """A readable report of the cycle: per team, per objective, a table of key results.

    `score` is `score_plan(plan, as_of)`.
    """
    cycle = plan.cycle
    lines = [
        f"# {cycle.name}",
        "",
        f"{cycle.start.isoformat()} to {cycle.end.isoformat()}, {cycle.state}; "
        f"figures as of {score.as_of.isoformat()}.",
    ]
    if not plan.objectives:
        lines += ["", "_No objectives in this cycle._"]
    team_names = {team.key: team.name for team in plan.teams}
    team_scores = {team.key: team for team in score.teams}
    objective_scores = {objective.key: objective for objective in score.objectives}
    for team_key in dict.fromkeys(objective.team for objective in plan.objectives):
        team_score = team_scores[team_key]
        name = _markdown_text(team_names.get(team_key, team_key))
        lines += [
            "",
            f"## {name} (`{team_key}`): {_score_text(team_score.score, team_score.grade)}",
        ]
        for objective in plan.objectives:
            if objective.team == team_key:
                lines += _markdown_objective(objective, objective_scores[objective.key])
    return "\n".join(lines) + "\n"


# -- loading ------------------------------------------------------------------------------


class _Mapping(dict[object, object]):
    """A YAML mapping that remembers the line of itself and of each of its keys."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[object, int] = {}
        self.repeated_keys: list[tuple[object, int, int]] = []


class _Sequence(list[object]):
    """A YAML list that remembers the line of itself and of each item."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


INT_TAG, FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
DECIMAL_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
DECIMAL_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


class _DecimalResolver(Resolver):
    """YAML 1.1's implicit numbers narrowed to plain decimals, as `parse_number` reads text.

    YAML 1.1 also reads `1_000` as 1000, `1:30` as 90, `010` as 8 and `0x1F` as 31; here
    they stay text, which the number fields then refuse with a hint.
    """

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in (INT_TAG, FLOAT_TAG)]
        for first, resolvers in Resolver.yaml_implicit_resolvers.items()
    }


_DecimalResolver.add_implicit_resolver(INT_TAG, DECIMAL_INT, list("-+0123456789"))
_DecimalResolver.add_implicit_resolver(FLOAT_TAG, DECIMAL_FLOAT, list("-+0123456789."))


class _LineLoader(Composer, _EventParser, SafeConstructor, _DecimalResolver):
    """PyYAML's safe loading, with line numbers kept on mappings and lists.

    libyaml parses (fast); PyYAML's own composer builds the node tree because Python
    bounds its recursion, where libyaml's composer overflows the C stack on deep nesting.
    """

    def __init__(self, text: str) -> None:
        _EventParser.__init__(self, text)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _DecimalResolver.__init__(self)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Mapping:
    """A mapping with its lines; a key written twice in it is recorded to be reported.

    Keys merged in from elsewhere (`<<: *defaults`) may be overridden, as YAML allows.
    """
    written_here = {id(key_node) for key_node, _ in node.value}
    loader.flatten_mapping(node)
    mapping = _Mapping(_line(node))
    first_lines: dict[object, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise ConstructorError(
                "while reading a mapping",
                node.start_mark,
                "found a list or mapping as a key",
                key_node.start_mark,
            )
        line = _line(key_node)
        if id(key_node) in written_here:
            if key in first_lines:
                mapping.repeated_keys.append((key, line, first_lines[key]))
                continue
            first_lines[key] = line
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _Sequence:
    sequence = _Sequence(_line(node))
    for item_node in node.value:
        sequence.append(loader.construct_object(item_node, deep=True))
        sequence.item_lines.append(_line(item_node))
    return sequence


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> object:
    """A YAML date, or its text when it names no real day (2026-02-30), to report later."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.yaml_constructors = {
    **{
        tag: construct
        for tag, construct in SafeConstructor.yaml_constructors.items()
        if tag not in UNUSED_YAML_TAGS
    },
    "tag:yaml.org,2002:map": _construct_mapping,
    "tag:yaml.org,2002:seq": _construct_sequence,
    "tag:yaml.org,2002:timestamp": _construct_timestamp,
}


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1 if node.start_mark else 1


def _load(text: str, filename: str) -> object:
    """The document of a YAML text, or OkrFileError with the one problem that stops reading."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        raise _file_error(
            filename,
            1,
            f"the file is {size / MEGABYTE:.1f} MB, over the limit of "
            f"{MAX_FILE_BYTES // MEGABYTE} MB: split it, e.g. one file per team",
        )
    if text.lstrip().startswith("{"):
        text = _join_json_surrogate_pairs(text)
    try:
        document = _construct(text, filename)
    except yaml.YAMLError as error:
        raise _file_error(filename, *_yaml_error(error, text)) from None
    except RecursionError:
        raise _file_error(filename, 1, "the file nests too deeply to be an OKR file") from None
    except UnicodeError:
        raise _file_error(
            filename, 1, "the file is not valid UTF-8 text: save it as UTF-8"
        ) from None
    if document is None:
        raise _file_error(
            filename, 1, "the file is empty: start with cycle: 2026-Q4, then teams: and objectives:"
        )
    return document


def _join_json_surrogate_pairs(text: str) -> str:
    """JSON writes an emoji as two escapes (`\\ud83d\\ude00`), which YAML refuses: join them."""

    def join(match: re.Match[str]) -> str:
        high, low = int(match[2], 16), int(match[3], 16)
        return match[1] + chr(0x10000 + (high - 0xD800) * 0x400 + (low - 0xDC00))

    return JSON_SURROGATE_PAIR.sub(join, text)


def _construct(text: str, filename: str) -> object:
    """The Python value of the single YAML document in `text` (None for an empty one)."""
    document = _construct_plain(text)
    if document is not _UNUSUAL:
        return document
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _refuse_alias_bombs(node, filename)
        return loader.construct_document(node)
    finally:
        loader.dispose()


_UNUSUAL = object()
_PLAIN_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_PLAIN_DEPTH = 64


def _construct_plain(text: str) -> object:
    """The document of a plain YAML text built straight from the parser's events, else
    `_UNUSUAL`.

    Files as okrs writes them, and most written by hand, use no anchors, aliases, tags,
    merge keys or lists as keys: their values and lines are read in one pass, without
    the node tree, at a third of the cost. Anything else, and any error, gives
    `_UNUSUAL`: `_construct` then reads the text the full way, which makes the same
    values and reports problems as it always has.
    """
    loader = _LineLoader(text)
    try:
        return _PlainBuilder(loader).document()
    except Exception:  # read again the full way, which reports it
        return _UNUSUAL
    finally:
        loader.dispose()


class _PlainBuilder:
    """Builds `_Mapping`s, `_Sequence`s and scalars from events, as `_construct_mapping`,
    `_construct_sequence` and the scalar constructors do from nodes."""

    def __init__(self, loader: _LineLoader) -> None:
        self.loader = loader
        self.tags: dict[tuple[str, tuple[bool, bool]], str] = {}
        self.scalars: dict[tuple[str, str], object] = {}

    def document(self) -> object:
        get_event = self.loader.get_event
        get_event()  # the stream's start
        event = get_event()
        if isinstance(event, yaml.StreamEndEvent):
            return None
        if not isinstance(event, yaml.DocumentStartEvent):
            return _UNUSUAL
        root = self._node(get_event())
        if not isinstance(get_event(), yaml.DocumentEndEvent):
            return _UNUSUAL
        if not isinstance(get_event(), yaml.StreamEndEvent):
            return _UNUSUAL  # a second document: an error the full way reports
        return root

    def _node(self, event: yaml.Event | None) -> object:
        """The value starting with `event`: one scalar, or a whole collection."""
        get_event = self.loader.get_event
        # Open collections, innermost last: (mapping or sequence, key waiting for its
        # value and the key's line, first lines of the mapping's keys).
        stack: list[tuple[_Mapping | _Sequence, list[tuple[object, int]], dict[object, int]]]
        stack = []
        while True:
            value: object
            if isinstance(event, yaml.ScalarEvent):
                value = self._scalar(event)
                line = _event_line(event)
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if event.anchor is not None or event.tag not in (None, "!"):
                    return _UNUSUAL
                if len(stack) >= _PLAIN_DEPTH:
                    return _UNUSUAL
                line = _event_line(event)
                opened: _Mapping | _Sequence = (
                    _Mapping(line) if isinstance(event, yaml.MappingStartEvent) else _Sequence(line)
                )
                stack.append((opened, [], {}))
                event = get_event()
                continue
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                value = stack.pop()[0]
                line = value.line
            else:
                return _UNUSUAL  # an alias
            if value is _UNUSUAL or not stack:
                return value
            container, waiting, first_lines = stack[-1]
            if isinstance(container, _Sequence):
                container.append(value)
                container.item_lines.append(line)
            elif not waiting:
                if isinstance(value, _Mapping | _Sequence):
                    return _UNUSUAL  # a list or mapping as a key
                waiting.append((value, line))
            else:
                key, key_line = waiting.pop()
                if key in first_lines:
                    container.repeated_keys.append((key, key_line, first_lines[key]))
                else:
                    first_lines[key] = key_line
                    container[key] = value
                    container.key_lines[key] = key_line
            event = get_event()

    def _scalar(self, event: yaml.ScalarEvent) -> object:
        if event.anchor is not None or event.tag not in (None, "!"):
            return _UNUSUAL
        text, implicit = event.value, event.implicit
        tag = self.tags.get((text, implicit))
        if tag is None:
            tag = self.tags[text, implicit] = self.loader.resolve(yaml.ScalarNode, text, implicit)
        if tag not in _PLAIN_SCALAR_TAGS:
            return _UNUSUAL  # a merge key (<<) or a value key (=)
        value = self.scalars.get((tag, text), _UNUSUAL)
        if value is _UNUSUAL:
            node = yaml.ScalarNode(tag, text, style=event.style)
            node.start_mark, node.end_mark = event.start_mark, event.end_mark
            value = self.scalars[tag, text] = self.loader.yaml_constructors[tag](self.loader, node)
        return value


def _event_line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark else 1


def _file_error(filename: str, line: int, message: str) -> OkrFileError:
    return OkrFileError([Problem(filename, line, "file", message)])


def _yaml_error(error: yaml.YAMLError, text: str) -> tuple[int, str]:
    """(line, message) for a YAML syntax error."""
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        message = error.problem or "cannot read this"
        if error.context and error.context_mark is not None:
            message += f" ({error.context} at line {error.context_mark.line + 1})"
        return error.problem_mark.line + 1, f"invalid YAML: {message}"
    position = getattr(error, "position", 0)
    first_line = str(error).splitlines()[0]
    return text.count("\n", 0, position) + 1, f"invalid YAML: {first_line}"


def _refuse_alias_bombs(node: yaml.Node, filename: str) -> None:
    """Refuse documents whose aliases (`*name`) repeat values beyond any real file's needs.

    Aliases share one node, so a small file can stand for billions of values.
    """
    sizes: dict[int, int] = {}
    if _expanded_size(node, sizes) - len(sizes) > MAX_ALIAS_EXPANSION:
        raise _file_error(
            filename, 1, "aliases (*name) repeat too much of the file: write the values out"
        )


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """Nodes under `node` with every alias written out; each distinct node is sized once."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    sizes[id(node)] = 1  # a node inside itself counts once; constructing it fails anyway
    children: list[yaml.Node] = []
    if isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    elif isinstance(node, yaml.MappingNode):
        children = [child for pair in node.value for child in pair]
    size = 1 + sum(_expanded_size(child, sizes) for child in children)
    sizes[id(node)] = size
    return size


# -- reading ------------------------------------------------------------------------------


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


# -- writing ------------------------------------------------------------------------------


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


# -- reports ------------------------------------------------------------------------------


def _key_result_scores(score: CycleScore) -> dict[str, KeyResultScore]:
    return {kr.key: kr for objective in score.objectives for kr in objective.key_results}


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def _spreadsheet_text(text: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula."""
    return f"'{text}" if text.startswith(SPREADSHEET_FORMULA_START) else text


def _markdown_objective(objective: Objective, score: ObjectiveScore) -> list[str]:
    details = [f"`{objective.key}`", objective.kind]
    if objective.owner:
        details.append(f"owner {objective.owner}")
    lines = [
        "",
        f"### {_markdown_text(objective.title)}: {_score_text(score.score, score.grade)}",
        "",
        ", ".join(details),
        "",
    ]
    if not objective.key_results:
        return [*lines, "_No key results._"]
    lines += [
        "| key result | baseline → target | current | score | status |",
        "|---|---|---|---|---|",
    ]
    figures = {kr.key: kr for kr in score.key_results}
    for kr in objective.key_results:
        figure = figures[kr.key]
        lines.append(
            f"| {_markdown_text(kr.title)} (`{kr.key}`) | {_markdown_text(_goal_text(kr))} "
            f"| {_markdown_text(_current_text(kr, figure.current))} "
            f"| {_figure(figure.score)} | {figure.status} |"
        )
    return lines


def _goal_text(kr: KeyResult) -> str:
    unit = f" {kr.unit}" if kr.unit else ""
    if kr.type == "milestone":
        return "done"
    if kr.type == "threshold":
        side = "at most" if kr.direction == "at_most" else "at least"
        return f"{side} {_figure(kr.target)}{unit}"
    return f"{_figure(kr.baseline)} → {_figure(kr.target)}{unit}"


def _current_text(kr: KeyResult, current: float | None) -> str:
    if current is None:
        return "–"
    if kr.type == "milestone":
        return "done" if current >= 1 else "not done"
    return f"{_figure(current)}{f' {kr.unit}' if kr.unit else ''}"


def _score_text(value: float, grade: str) -> str:
    return f"{_figure(value)} ({grade})"


def _figure(value: float | None) -> str:
    return "–" if value is None else format_number(round(value, 2))


def _markdown_text(text: str) -> str:
    """Text shown as written inside a Markdown table cell or heading, never as markup.

    Line breaks become spaces (a unit may hold one); a `#` is escaped where it would start
    a heading.
    """
    escaped = MARKDOWN_SPECIAL.sub(r"\\\g<0>", " ".join(text.splitlines()))
    return f"\\{escaped}" if escaped.startswith("#") else escaped

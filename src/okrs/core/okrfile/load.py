"""YAML (and JSON) text to plain data that remembers the line of every mapping and item.

Safe loading only, with the limits that keep a hostile file from costing more than its size:
file size, alias expansion, and the YAML tags the format has no use for."""

from __future__ import annotations

import re
from collections.abc import Hashable

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import Resolver

from okrs.core.okrfile.errors import OkrFileError, Problem

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
UNUSED_YAML_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("binary", "omap", "pairs", "set")
)
JSON_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE
)


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

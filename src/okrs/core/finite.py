"""Numbers that stay finite on the way out, whatever is stored.

The input rules (`okrs.core.validation`) keep new numbers within ±1e15, but rows stored
before them may hold 1e308, an infinity or NaN (PostgreSQL stores both). Scoring, charts
and JSON output pass such numbers through here, so one old row can never turn a figure
into NaN, crash a chart or make a whole response invalid JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any

from okrs.core.validation import VALUE_LIMIT


def bounded(value: float, limit: float = VALUE_LIMIT) -> float:
    """`value` clamped to ±`limit`; NaN counts as 0, the one number it cannot be compared to."""
    if math.isnan(value):
        return 0.0
    return max(-limit, min(limit, value))


def dumps(data: Any, **options: Any) -> str:
    """`json.dumps` that never writes NaN or Infinity, which are not JSON.

    An infinity is written as ±1e15, the largest value okrs accepts (so a number stays a
    number), and NaN as null (it is no number at all). Finite numbers, 1e308 included,
    are written as they are. The data is only walked when it holds such a value.
    """
    try:
        return _dumps(data, **options)
    except ValueError:
        return _dumps(json_safe(data), **options)


def _dumps(data: Any, **options: Any) -> str:
    if options.get("indent") is None or options.keys() - INDENTED_OPTIONS:
        return json.dumps(data, allow_nan=False, **options)
    try:
        return _Indented(**options).encode(data)
    except _Unusual:
        return json.dumps(data, allow_nan=False, **options)


INDENTED_OPTIONS = frozenset({"indent", "ensure_ascii", "default"})
SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})


class _Unusual(Exception):
    """Data `_Indented` leaves to `json.dumps` (mappings with keys other than text)."""


class _Indented:
    """`json.dumps(data, indent=...)`, the same text, at a fraction of the cost.

    The standard library's C encoder cannot indent, so indented output runs its
    pure-Python encoder, value by value: 0.2 s for the 5 MB of a big cycle's scores.
    Here containers that hold containers are walked in Python; the others (a key
    result's figures) are written whole by the C encoder, their items separated by a
    comma, a line break and the indentation of their level.
    """

    def __init__(
        self,
        indent: int | str,
        ensure_ascii: bool = True,
        default: Callable[[Any], Any] | None = None,
    ) -> None:
        self.unit = " " * indent if isinstance(indent, int) else indent
        self.ensure_ascii = ensure_ascii
        self.default = default
        self.encoders: dict[int, json.JSONEncoder] = {}
        self.string = encode_basestring_ascii if ensure_ascii else encode_basestring

    def encode(self, data: Any) -> str:
        parts: list[str] = []
        self._encode(data, 0, parts)
        return "".join(parts)

    def _encode(self, value: Any, level: int, parts: list[str]) -> None:
        if isinstance(value, dict):
            items: Iterable[Any] = value.values()
        elif isinstance(value, list | tuple):
            items = value
        elif value is None or isinstance(value, str | int | float):
            parts.append(self._scalar(value))
            return
        elif self.default is not None:
            self._encode(self.default(value), level, parts)
            return
        else:
            parts.append(self._encoder(level).encode(value))  # raises TypeError
            return
        if not value:
            parts.append("{}" if isinstance(value, dict) else "[]")
            return
        inner = "\n" + self.unit * (level + 1)
        if SCALAR_TYPES.issuperset(map(type, items)):
            text = self._encoder(level).encode(value)
            parts.append(f"{text[0]}{inner}{text[1:-1]}\n{self.unit * level}{text[-1]}")
            return
        if isinstance(value, dict):
            if not all(isinstance(key, str) for key in value):
                raise _Unusual
            parts.append("{")
            for index, (key, item) in enumerate(value.items()):
                parts.append(f"{',' if index else ''}{inner}{self.string(key)}: ")
                self._encode(item, level + 1, parts)
            parts.append(f"\n{self.unit * level}}}")
        else:
            parts.append("[")
            for index, item in enumerate(value):
                parts.append(f",{inner}" if index else inner)
                self._encode(item, level + 1, parts)
            parts.append(f"\n{self.unit * level}]")

    def _scalar(self, value: str | float | None) -> str:
        """A value as `json.JSONEncoder` writes it (NaN and infinities refused)."""
        if isinstance(value, str):
            return self.string(value)
        if value is None:
            return "null"
        if value is True or value is False:
            return "true" if value else "false"
        if isinstance(value, int):
            return int.__repr__(value)
        if not math.isfinite(value):
            raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
        return float.__repr__(value)

    def _encoder(self, level: int) -> json.JSONEncoder:
        """A C encoder for the values of a container at `level`, items on their own lines."""
        encoder = self.encoders.get(level)
        if encoder is None:
            encoder = self.encoders[level] = json.JSONEncoder(
                ensure_ascii=self.ensure_ascii,
                allow_nan=False,
                default=self.default,
                separators=("," + "\n" + self.unit * (level + 1), ": "),
            )
        return encoder


def json_safe(data: Any) -> Any:
    """`data` with infinities clamped to ±1e15 and NaN replaced by None, at any depth."""
    if isinstance(data, float):
        return None if math.isnan(data) else bounded(data) if math.isinf(data) else data
    if isinstance(data, dict):
        return {key: json_safe(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [json_safe(item) for item in data]
    return data

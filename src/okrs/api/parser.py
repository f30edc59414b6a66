"""Request parsing that refuses what no field can store, before it reaches a service.

JSON's `NaN` and `Infinity` (and numbers too large for a float) are not numbers a key
result can have; a NUL character cannot be stored in a PostgreSQL text column, nor a
lone surrogate (`"\ud800"`) in any UTF-8 database. They are refused here for every body
and query string, so no endpoint has to remember to. A query parameter that takes one
value and is given several times is refused too, rather than read as its last value.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser

from okrs.core.errors import Invalid

NUL = "\x00"
SURROGATE = re.compile("[\ud800-\udfff]")


class StrictParser(Parser):
    """JSON bodies and query strings without NaN, infinities or NUL characters."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body, parse_constant=_refuse_constant, parse_float=_finite)
        where = find_unstorable(data)
        if where:
            # ninja answers any parse failure with a 400 that names this cause.
            raise ValueError(f"{where} contains a NUL character or a lone surrogate")
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for name, values in data.lists():
            if any(unstorable(value) for value in [name, *values]):
                raise Invalid("text cannot contain a NUL character", field=name.replace(NUL, ""))
            if len(values) > 1 and name not in list_fields:
                # Taking the last value would hide the others: say which to keep.
                raise Invalid(f"give {name} once, not {len(values)} times", field=name)
        return super().parse_querydict(data, list_fields, request)


def unstorable(text: str) -> bool:
    """Whether text holds a character no database column can store."""
    return NUL in text or (not text.isascii() and SURROGATE.search(text) is not None)


def find_unstorable(data: object, path: str = "") -> str | None:
    """Where (`items[2].note`) the first unstorable text is, else None."""
    if isinstance(data, str):
        return (path or "the body") if unstorable(data) else None
    children: Any = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in children:
        if isinstance(key, str) and unstorable(key):
            return path or "the body"
        child = f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}" if path else key
        found = find_unstorable(value, child)
        if found:
            return found
    return None


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number a field can hold")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is too large a number")
    return number

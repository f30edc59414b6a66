"""Numbers that stay finite on the way out, whatever is stored.

The input rules (`okrs.core.validation`) keep new numbers within ±1e15, but rows stored
before them may hold 1e308, an infinity or NaN (PostgreSQL stores both). Scoring, charts
and JSON output pass such numbers through here, so one old row can never turn a figure
into NaN, crash a chart or make a whole response invalid JSON.
"""

from __future__ import annotations

import json
import math
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
        return json.dumps(data, allow_nan=False, **options)
    except ValueError:
        return json.dumps(json_safe(data), allow_nan=False, **options)


def json_safe(data: Any) -> Any:
    """`data` with infinities clamped to ±1e15 and NaN replaced by None, at any depth."""
    if isinstance(data, float):
        return None if math.isnan(data) else bounded(data) if math.isinf(data) else data
    if isinstance(data, dict):
        return {key: json_safe(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [json_safe(item) for item in data]
    return data

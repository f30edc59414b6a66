"""The figures every benchmark reports, computed one way."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(ordered: Sequence[float], share: float) -> float:
    """Nearest-rank percentile of sorted values: the 95th of 20 is the 19th, not the 20th."""
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]

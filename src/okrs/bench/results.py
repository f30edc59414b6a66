"""The one shape of what a benchmark measured, and its figures computed one way.

A timing run, an API scenario, the reads of a load phase and each of its pages are all a
`Result`: the seconds each sample took, how many failed, and what else the benchmark
wants to say. The median is p50; p95 is the nearest rank. Reports in JSON carry
milliseconds rounded to a tenth.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, overload


@dataclass
class Result:
    """Seconds of each sample, the failures among them and details of the benchmark.

    `span` is how long the samples were being taken, for a rate (None: no rate, as for
    runs one after the other).
    """

    name: str
    seconds: list[float] = field(default_factory=list)
    errors: int = 0
    span: float | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of_requests(
        cls, name: str, answers: Sequence[tuple[str, float]], *, ok: str, span: float
    ) -> Result:
        """A result of (status, seconds) answers: statuses starting with `ok` succeeded
        ("2": any 2xx); the others, failures included, are errors. Details: the statuses."""
        statuses = Counter(status for status, _ in answers)
        return cls(
            name,
            [seconds for _, seconds in answers],
            errors=sum(n for status, n in statuses.items() if not status.startswith(ok)),
            span=span,
            detail={"statuses": dict(statuses)},
        )

    @property
    def p50(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def p95(self) -> float | None:
        return percentile(sorted(self.seconds), 0.95) if self.seconds else None

    @property
    def per_second(self) -> float | None:
        return len(self.seconds) / self.span if self.span else None

    def as_dict(self) -> dict[str, Any]:
        """The figures as JSON: counts, milliseconds and the rate rounded to a tenth."""
        return {
            "name": self.name,
            "samples": len(self.seconds),
            "errors": self.errors,
            "p50_ms": ms(self.p50),
            "p95_ms": ms(self.p95),
            "max_ms": ms(max(self.seconds, default=None)),
            "per_s": None if self.per_second is None else round(self.per_second, 1),
            **self.detail,
        }

    def text(self) -> str:
        """One line for people: the median and p95 over the runs, then the details."""
        extra = ", ".join(f"{name} {value}" for name, value in self.detail.items())
        p50, p95 = self.p50 or 0.0, self.p95 or 0.0
        return (
            f"{self.name}: median {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms "
            f"over {len(self.seconds)} runs  {extra}"
        )


def percentile(ordered: Sequence[float], share: float) -> float:
    """Nearest-rank percentile of sorted values: the 95th of 20 is the 19th, not the 20th."""
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@overload
def ms(seconds: float) -> float: ...
@overload
def ms(seconds: None) -> None: ...
def ms(seconds: float | None) -> float | None:
    """Seconds as milliseconds rounded to a tenth (None stays None: nothing measured)."""
    return None if seconds is None else round(seconds * 1000, 1)


def show_ms(value: float | str | None) -> str:
    """Milliseconds for people: whole, with thousands separated; a dash for none."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{value:,.0f} ms"

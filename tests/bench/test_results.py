"""The figures every benchmark reports: medians and 95th percentiles of its samples."""

from __future__ import annotations

from okrs.bench.api import LoadResult
from okrs.bench.timings import BenchResult

TWENTY = [n / 1000 for n in range(1, 21)]  # 1 ms … 20 ms


def test_p95_of_twenty_timings_is_the_nineteenth_not_the_slowest():
    assert BenchResult("pages", TWENTY).as_dict()["p95_s"] == 0.019


def test_p95_of_twenty_api_calls_is_the_nineteenth_not_the_slowest():
    assert LoadResult(seconds=1, latencies=TWENTY).as_dict()["p95_ms"] == 19.0

"""The figures every benchmark reports: medians and 95th percentiles of its samples."""

from __future__ import annotations

from okrs.bench.results import Result

TWENTY = [n / 1000 for n in range(1, 21)]  # 1 ms … 20 ms


def test_p95_of_twenty_samples_is_the_nineteenth_not_the_slowest():
    assert Result("pages", TWENTY).as_dict()["p95_ms"] == 19.0


def test_the_figures_are_milliseconds_and_a_rate_over_the_span():
    figures = Result("reads", TWENTY, span=4.0, detail={"pages": 2}).as_dict()

    assert figures == {
        "name": "reads",
        "samples": 20,
        "errors": 0,
        "p50_ms": 10.5,
        "p95_ms": 19.0,
        "max_ms": 20.0,
        "per_s": 5.0,
        "pages": 2,
    }


def test_a_result_without_samples_has_no_figures():
    figures = Result("writes").as_dict()

    assert (figures["samples"], figures["p50_ms"], figures["p95_ms"], figures["per_s"]) == (
        0,
        None,
        None,
        None,
    )


def test_answers_that_are_not_a_success_count_as_errors():
    answers = [("201", 0.01), ("201", 0.02), ("503", 0.5), ("TimeoutError", 30.0)]

    result = Result.of_requests("writes", answers, ok="2", span=1.0)

    assert result.errors == 2
    assert result.detail == {"statuses": {"201": 2, "503": 1, "TimeoutError": 1}}


def test_a_timing_reads_as_one_line_with_its_details():
    result = Result("import 1000 objectives", [1.2, 1.0, 1.1], detail={"file_bytes": 2048})

    assert result.text() == (
        "import 1000 objectives: median 1100 ms, p95 1200 ms over 3 runs  file_bytes 2048"
    )

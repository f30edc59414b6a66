"""`okrs bench`: timings on the database in use, and the load run against `okrs serve`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from okrs.cli import (
    CycleOption,
    JsonOption,
    app,
    describe_database,
    fail,
    print_json,
    setup_django,
    stored_cycle,
)
from okrs.server import DEFAULT_THREADS


@app.command("bench")
def bench_command(
    cycle: CycleOption = None,
    runs: Annotated[int, typer.Option("--runs", help="Repetitions per measurement.")] = 3,
    skip: Annotated[
        list[str] | None,
        typer.Option("--skip", help="Leave out: score, command, import, web or api."),
    ] = None,
    load: Annotated[
        bool,
        typer.Option(
            "--load",
            help="Instead: a load run against `okrs serve` (readers, then 1 writer, then many).",
        ),
    ] = False,
    seconds: Annotated[
        float, typer.Option("--seconds", min=0.5, help="--load: length of each phase.")
    ] = 30.0,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="--load: worker processes (default as okrs serve)."),
    ] = None,
    threads: Annotated[
        int, typer.Option("--threads", min=1, help="--load: threads of each worker process.")
    ] = DEFAULT_THREADS,
    writers: Annotated[
        int, typer.Option("--writers", min=1, max=64, help="--load: writers of the last phase.")
    ] = 20,
    as_json: JsonOption = False,
) -> None:
    """Time scoring, a 1,000-objective import, the main pages and the API on the database in use.

    With --load: start `okrs serve` as production runs it and drive four readers alone,
    then with one writer checking in at 2 a second, then with many writers at once; report
    latencies, errors, check-ins lost and memory per worker. The data is left as it was.
    """
    setup_django()
    if load:
        _load_run(
            cycle,
            seconds=seconds,
            workers=workers,
            threads=threads,
            writers=writers,
            as_json=as_json,
        )
        return
    from django.utils import timezone

    from okrs.bench import timings
    from okrs.bench.api import bench_api_live
    from okrs.bench.results import Result

    key = stored_cycle(cycle).key
    today = timezone.localdate()
    skipped = set(skip or [])
    results: list[Result] = []
    if "score" not in skipped:
        results.append(timings.bench_score(key, today, runs))
    if "command" not in skipped:
        results.append(timings.bench_score_command(key, today, runs))
    if "import" not in skipped:
        results.append(timings.bench_import(1000, runs))
    if "web" not in skipped:
        results += timings.bench_pages(
            [f"/?cycle={key}", f"/alignment/?cycle={key}"], runs=max(runs, 20)
        )
    data: dict[str, Any] = {
        "database": describe_database(),
        "results": [r.as_dict() for r in results],
    }
    if "api" not in skipped:
        data["api"] = bench_api_live(key)
    if as_json:
        print_json(data)
        return
    typer.echo(f"Database: {data['database']}")
    for result in results:
        typer.echo(result.text())
    if "api" in data:
        for name in ("list_key_results", "check_in"):
            figures = data["api"][name]
            typer.echo(
                f"API {name} ({data['api']['clients']} clients): {figures['per_s']} req/s, "
                f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, errors {figures['errors']}"
            )


def _load_run(
    cycle: str | None,
    *,
    seconds: float,
    workers: int | None,
    threads: int,
    writers: int,
    as_json: bool,
) -> None:
    from okrs.bench import BenchError, load

    def say(message: str) -> None:
        typer.echo(message, err=True)

    try:
        report = load.run_load(
            stored_cycle(cycle),
            seconds=seconds,
            workers=workers,
            threads=threads,
            writers=writers,
            progress=say,
        )
    except BenchError as error:
        fail(str(error))
    report = {"database": describe_database(), **report}
    if as_json:
        print_json(report)
    else:
        typer.echo(load.describe(report))

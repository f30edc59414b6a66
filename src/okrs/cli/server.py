"""`okrs serve`: the web app and the API in production."""

from __future__ import annotations

from typing import Annotated

import typer

from okrs.cli import app, describe_database, fail, setup_django
from okrs.server import DEFAULT_THREADS


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            envvar="WEB_CONCURRENCY",
            help="Worker processes (default: 2 × CPUs + 1, at most 8). gunicorn only.",
        ),
    ] = None,
    threads: Annotated[
        int, typer.Option("--threads", min=1, help="Threads of each worker process.")
    ] = DEFAULT_THREADS,
    server: Annotated[
        str | None,
        typer.Option(
            "--server",
            help="gunicorn (default where it runs: Linux, macOS) or waitress (one process; Windows).",
        ),
    ] = None,
    worker: Annotated[
        bool | None,
        typer.Option(
            "--worker/--no-worker",
            help="Run a background worker beside the server (default: on with SQLite).",
        ),
    ] = None,
) -> None:
    """Serve the web app and the API with a production server: several gunicorn worker
    processes (waitress where gunicorn cannot run). Applies migrations first."""
    from okrs import server as servers

    try:
        chosen = servers.pick_server(server)
    except ValueError as error:
        fail(f"--server: {error}")
    setup_django()
    from okrs.wsgi import application

    shown = f"[{host}]" if ":" in host else host
    if chosen == "gunicorn":
        count = workers or servers.default_workers()
        how = f"gunicorn, {count} worker processes × {threads} threads"
    else:
        how = f"waitress, 1 process × {threads} threads"
    from okrs.rhythm.worker import serve_with_worker

    if worker is None:
        worker = describe_database().startswith("SQLite")
    how += "; a background worker" if worker else ""
    typer.echo(f"okrs is running at http://{shown}:{port}/ ({how}; Ctrl+C to stop)")
    with serve_with_worker(worker):
        if chosen == "gunicorn":
            servers.run_gunicorn(application, host=host, port=port, workers=count, threads=threads)
        else:
            servers.run_waitress(application, host=host, port=port, threads=threads)
